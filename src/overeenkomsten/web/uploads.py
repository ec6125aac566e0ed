"""Upload limits: size, kind by name AND by content, Dutch messages, nothing stored when
a file is refused.

A page's form uses :class:`UploadVeld` (one file) or :class:`UploadsVeld` (several), e.g.
``bestand = UploadVeld(soort="werkmap")``. The whole request is capped earlier by
:class:`VerzoekGrensMiddleware` (a 413 page before Django reads the body).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from overeenkomsten.bestandssoort import not_a_pdf

MB = 1024 * 1024
#: No request may be larger than this (several PDFs at once included).
MAX_VERZOEK = 250 * MB
_ZIP = b"PK\x03\x04"


def _is_zip(kop: bytes) -> bool:
    return kop.startswith(_ZIP)


def _is_tekst(kop: bytes) -> bool:
    if b"\x00" in kop:
        return False
    for codering in ("utf-8-sig", "cp1252"):
        try:
            kop.decode(codering)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _is_json(kop: bytes) -> bool:
    return _is_tekst(kop) and kop.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _is_pdf(kop: bytes) -> bool:
    return not_a_pdf(kop, "x.pdf") is None


def _is_jpeg(kop: bytes) -> bool:
    return kop.startswith(b"\xff\xd8\xff")


def _is_png(kop: bytes) -> bool:
    return kop.startswith(b"\x89PNG\r\n\x1a\n")


@dataclass(frozen=True)
class Soort:
    """A kind of upload: the extensions allowed, how each one's content must start, the
    largest size, and how to name it to a user."""

    naam: str
    inhoud: dict[str, Callable[[bytes], bool]]
    max_bytes: int


SOORTEN = {
    "werkmap": Soort(
        "een intakebestand (.xlsx, .ods, .csv of .json)",
        {".xlsx": _is_zip, ".ods": _is_zip, ".csv": _is_tekst, ".json": _is_json},
        20 * MB,
    ),
    "pdf": Soort("een PDF", {".pdf": _is_pdf}, 100 * MB),
    "scan": Soort(
        "een scan (.pdf, .jpg of .png)",
        {".pdf": _is_pdf, ".jpg": _is_jpeg, ".jpeg": _is_jpeg, ".png": _is_png},
        50 * MB,
    ),
}


def megabytes(aantal: int) -> str:
    return f"{aantal / MB:.0f} MB" if aantal >= MB else f"{aantal // 1024} kB"


def controleer(bestand: UploadedFile, soort: str) -> None:
    """Raise a Dutch :class:`forms.ValidationError` unless ``bestand`` is a ``soort``."""
    regel = SOORTEN[soort]
    naam = PurePath(bestand.name or "bestand").name
    extensie = PurePath(naam).suffix.lower()
    if extensie not in regel.inhoud:
        raise forms.ValidationError(
            f"'{naam}' is geen {regel.naam.removeprefix('een ')}: kies {regel.naam}.",
            code="soort",
        )
    if bestand.size is not None and bestand.size > regel.max_bytes:
        raise forms.ValidationError(
            f"'{naam}' is {megabytes(bestand.size)}; het maximum is "
            f"{megabytes(regel.max_bytes)}. Er is niets opgeslagen.",
            code="te-groot",
        )
    if not bestand.size:
        raise forms.ValidationError(f"'{naam}' is leeg. Er is niets opgeslagen.", code="leeg")
    bestand.seek(0)
    kop = bestand.read(2048)
    bestand.seek(0)
    if not regel.inhoud[extensie](kop):
        uitleg = not_a_pdf(kop, naam) if extensie == ".pdf" else None
        raise forms.ValidationError(
            f"{uitleg} Er is niets opgeslagen."
            if uitleg
            else f"'{naam}' heeft de naam van een {extensie}-bestand, maar de inhoud is dat "
            f"niet. Kies {regel.naam}. Er is niets opgeslagen.",
            code="inhoud",
        )


class UploadVeld(forms.FileField):
    """One uploaded file of a kind of :data:`SOORTEN`."""

    def __init__(self, *, soort: str, **kwargs: Any) -> None:
        self.soort = soort
        kwargs.setdefault("error_messages", {"required": "Kies een bestand."})
        super().__init__(**kwargs)
        extensies = ",".join(SOORTEN[soort].inhoud)
        self.widget.attrs.setdefault("accept", extensies)

    def clean(self, data: Any, initial: Any = None) -> Any:
        bestand = super().clean(data, initial)
        if bestand:
            controleer(bestand, self.soort)
        return bestand


class _MeerdereBestanden(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsVeld(UploadVeld):
    """Several files of one kind at once (``<input type=file multiple>``)."""

    def __init__(self, *, soort: str, max_aantal: int = 50, **kwargs: Any) -> None:
        self.max_aantal = max_aantal
        kwargs.setdefault("widget", _MeerdereBestanden())
        super().__init__(soort=soort, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        bestanden: Sequence[Any] = data if isinstance(data, list | tuple) else [data]
        bestanden = [b for b in bestanden if b]
        if not bestanden and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(bestanden) > self.max_aantal:
            raise forms.ValidationError(
                f"Kies hoogstens {self.max_aantal} bestanden tegelijk.", code="te-veel"
            )
        fouten = []
        for bestand in bestanden:
            try:
                controleer(bestand, self.soort)
            except forms.ValidationError as fout:
                fouten.append(fout)
        if fouten:
            raise forms.ValidationError(fouten)
        return bestanden


class VerzoekGrensMiddleware:
    """Refuse a request body larger than :data:`MAX_VERZOEK` before it is read (413)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > MAX_VERZOEK:
            inhoud = render_to_string(
                "web/fout.html",
                {"titel": "Te groot", "code": 413, "maximum": megabytes(MAX_VERZOEK)},
            )
            return HttpResponse(inhoud, status=413)
        return self.get_response(request)
