"""The intake upload: size, kind by name AND by content (the library's own safe readers),
a Dutch message, and nothing stored when a file is refused.

The content check opens the file as ``valideer`` would (``open_werkboek`` refuses a zip
bomb, an encrypted or old .xls workbook and a text file named .xlsx; ``load_json`` checks
the encoding, nesting and syntax of a JSON file), on a copy in a scratch folder that is
removed at once. Only a file that passes is stored and validated by the task.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.errors import InputError
from overeenkomsten.grenzen import megabytes
from overeenkomsten.paden import safe_name
from overeenkomsten.web.werk import werkmap

#: An intake of 10,000 rows is about 2 MB as .xlsx and 6 MB as .csv.
MAX_INTAKE_BYTES = 20 * 1024 * 1024
SOORTEN = (".xlsx", ".ods", ".csv", ".json")
_BINAIR = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"MZ")
NIETS = "Er is niets opgeslagen."


def werknaam(naam: str) -> str:
    """The name the file gets in a scratch folder: the user's name, made safe (and without
    a BSN), with its extension, so that the library's messages name the user's file."""
    pure = PurePath(naam)
    stam = safe_name(scrub_bsn(pure.stem)) or "intake"
    return f"{stam}{pure.suffix.lower()}"


def weergavenaam(naam: str) -> str:
    """The user's file name as shown and stored (no folders, no BSN)."""
    return scrub_bsn(PurePath(naam.replace("\\", "/")).name)[:255] or "intake"


def _onbruikbaar(fout: InputError, pad: Path, naam: str) -> str:
    tekst = str(fout).replace(str(pad), naam).replace(str(pad.parent), "")
    return f"{tekst} {NIETS}"


def controleer(bestand: UploadedFile) -> str:
    """The extension of an acceptable intake file, or a Dutch :class:`ValidationError`."""
    from overeenkomsten.basis.jsonbestand import load_json
    from overeenkomsten.basis.werkboek import open_werkboek

    naam = weergavenaam(bestand.name or "")
    extensie = PurePath(naam).suffix.lower()
    if extensie not in SOORTEN:
        raise forms.ValidationError(
            f"'{naam}' is geen intakebestand: kies een .xlsx-, .ods-, .csv- of .json-bestand. "
            + NIETS,
            code="soort",
        )
    grootte = bestand.size or 0
    if grootte > MAX_INTAKE_BYTES:
        raise forms.ValidationError(
            f"'{naam}' is te groot ({megabytes(grootte)}); een intakebestand mag hoogstens "
            f"{megabytes(MAX_INTAKE_BYTES)} zijn. Splits het in kleinere bestanden. " + NIETS,
            code="te-groot",
        )
    if grootte == 0:
        raise forms.ValidationError(f"'{naam}' is leeg (0 bytes). " + NIETS, code="leeg")
    bestand.seek(0)
    kop = bestand.read(8)
    if extensie in (".csv", ".json") and kop.startswith(_BINAIR):
        raise forms.ValidationError(
            f"'{naam}' heet een {extensie}-bestand, maar is geen tekstbestand (het is "
            "bijvoorbeeld een werkboek, PDF of afbeelding). Kies het intakebestand zelf. " + NIETS,
            code="inhoud",
        )
    with werkmap() as map:
        pad = map / werknaam(naam)
        bestand.seek(0)
        with pad.open("wb") as uit:
            for stuk in bestand.chunks():
                uit.write(stuk)
        try:
            if extensie == ".json":
                load_json(pad)
            else:
                with open_werkboek(pad) as boek:
                    if not boek.sheetnames:
                        raise forms.ValidationError(
                            f"'{naam}' heeft geen bladen. " + NIETS, code="inhoud"
                        )
        except InputError as fout:
            raise forms.ValidationError(_onbruikbaar(fout, pad, naam), code="inhoud") from fout
    bestand.seek(0)
    return extensie


class IntakeForm(forms.Form):
    bestand = forms.FileField(
        label="Intakebestand",
        help_text="Een werkboek (.xlsx of .ods), een .csv-bestand of een .json-bestand, "
        f"hoogstens {megabytes(MAX_INTAKE_BYTES)}.",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het gekozen bestand is leeg (0 bytes). " + NIETS,
            "invalid": "Er is geen bestand ontvangen; kies het opnieuw. " + NIETS,
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SOORTEN)}),
    )

    def clean_bestand(self) -> Any:
        bestand = self.cleaned_data["bestand"]
        controleer(bestand)
        return bestand
