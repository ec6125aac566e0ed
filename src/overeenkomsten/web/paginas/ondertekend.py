"""/trajecten/<pk>/ondertekend/: returned signed PDFs and wet-ink scans with attestation.

A signed PDF is recognised by what it says (``api.lees_document``: the Kenmerken block,
title or metadata, as ``controleer`` reads it), never by its file name, and must be a
document of this trajectory; its version is the one it says (the library's ``_v<n>``). A
scan has no text: whoever checked the paper says which document it is and which parties
signed, and signs that statement with their own key (``api.attesteer``; the key is used in
a scratch folder and never stored); it counts as the newest version made. Either is stored
as a received Document (``bron`` ontvangen) beside what was there (nothing is overwritten,
and a later batch never takes its row), under a name without personal data, and the
trajectory's status is computed again. When any file is refused, nothing is stored and the
page says why, in Dutch.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from overeenkomsten import api
from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.controle.documentstaat import SCAN, versie
from overeenkomsten.controle.feiten import DocumentFeiten, parse_value
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES, ROL_LABELS, ROLLEN
from overeenkomsten.web import logboek, werk
from overeenkomsten.web.models import Document, Traject
from overeenkomsten.web.paginas.traject import LEZERS, TITELS, traject_van
from overeenkomsten.web.taken.traject import SCAN_TEKEN, ontvangen_prefix, vraag_status
from overeenkomsten.web.toegang import rol_vereist
from overeenkomsten.web.uploads import UploadsVeld, UploadVeld, megabytes

MAX_SLEUTEL = 64 * 1024  # a PKCS#12 file with one key and its chain is a few kB
NIETS = "Er is niets opgeslagen."


class PdfForm(forms.Form):
    soort = forms.CharField(widget=forms.HiddenInput, initial="pdf")
    bestanden = UploadsVeld(
        soort="pdf",
        max_aantal=10,
        label="Ondertekende PDF's",
        help_text="Welk document het is, lezen we uit de PDF zelf; de bestandsnaam doet er "
        "niet toe.",
    )


def _sleutel(bestand: UploadedFile) -> None:
    naam = PurePath(bestand.name or "sleutel").name
    if PurePath(naam).suffix.lower() not in (".p12", ".pfx"):
        raise forms.ValidationError(f"'{naam}' is geen sleutelbestand: kies een .p12 of .pfx.")
    if (bestand.size or 0) > MAX_SLEUTEL:
        raise forms.ValidationError(
            f"'{naam}' is groter dan {megabytes(MAX_SLEUTEL)}; een sleutelbestand is kleiner. "
            + NIETS
        )
    bestand.seek(0)
    begin = bestand.read(1)
    bestand.seek(0)
    if begin != b"\x30":  # PKCS#12 is DER: a SEQUENCE
        raise forms.ValidationError(f"'{naam}' is geen PKCS#12-sleutelbestand. {NIETS}")


class ScanForm(forms.Form):
    soort = forms.CharField(widget=forms.HiddenInput, initial="scan")
    scan = UploadVeld(soort="pdf", label="Scan (PDF)")
    document = forms.ChoiceField(
        label="Welk document is het?",
        choices=[(d, f"{TITELS[d]} ({d})") for d in DOCUMENT_TYPES],
    )
    partijen = forms.MultipleChoiceField(
        label="Wiens handtekening staat op het papier?",
        choices=[(r, ROL_LABELS[r]) for r in ROLLEN],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies minstens één partij."},
    )
    getekend_op = forms.DateField(
        label="Datum op het papier",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )
    sleutel = forms.FileField(
        label="Uw eigen sleutel (PKCS#12: .p12 of .pfx)",
        help_text="Daarmee ondertekent u de attestatie. De sleutel wordt niet bewaard.",
        validators=[_sleutel],
    )
    wachtwoord = forms.CharField(
        label="Wachtwoord van de sleutel", required=False, widget=forms.PasswordInput
    )
    gezien = forms.BooleanField(
        label="Ik heb de handtekeningen op het papier zelf gecontroleerd.",
        error_messages={"required": "Bevestig dat u het papier zelf hebt gecontroleerd."},
    )


def _naam(bestand: UploadedFile) -> str:
    """The user's file name, for messages only (never stored, never logged with a BSN)."""
    return scrub_bsn(PurePath(bestand.name or "bestand").name)


def _schrijf(bestand: UploadedFile, pad: Path) -> Path:
    with pad.open("wb") as uit:
        for stuk in bestand.chunks():
            uit.write(stuk)
    return pad


def _sha256(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def _waarom_niet(naam: str, feiten: DocumentFeiten, traject: Traject) -> str | None:
    """Why a PDF cannot be this trajectory's signed document; None when it can."""
    if feiten.leesfout is not None and feiten.leesfout.code == SCAN:
        return (
            f"'{naam}' is een scan zonder tekst: daaruit is niet te lezen welk document het "
            "is. Voeg een scan toe met een attestatie (hieronder)."
        )
    if not feiten.bruikbaar:
        reden = feiten.leesfout.bericht if feiten.leesfout is not None else "niet herkend"
        return f"'{naam}' is geen overeenkomst van dit programma (OOK, POK, PLOK of PV): {reden}."
    gelezen = feiten.waarde("Traject")
    if gelezen.sleutel != parse_value("Traject", traject.traject_id).sleutel:
        return (
            f"'{naam}' is een {feiten.type} van traject {gelezen.tekst or '(onbekend)'}, "
            f"niet van traject {traject.traject_id}."
        )
    return None


def _al_bewaard(traject: Traject, sha: str) -> Document | None:
    return Document.objects.filter(traject=traject, sha256=sha).first()


def _nieuwste_versie(traject: Traject, soort: str) -> int:
    """The newest version of ``soort`` the engine made (a scan says no version: the paper
    is taken to be the newest one printed)."""
    gemaakt = Document.objects.filter(traject=traject, soort=soort, bron=Document.Bron.GEMAAKT)
    return max(gemaakt.values_list("versie", flat=True), default=1)


def _bewaar(
    traject: Traject,
    pad: Path,
    soort: str,
    nummer: int,
    sha: str,
    naam: str,
    ondertekend: bool,
) -> Document:
    """A received Document of version ``nummer`` (the library's version of the document),
    stored under the trajectory's row lock."""
    with werk.vergrendeld(Traject, traject.pk) as vast:
        opgeslagen = werk.bewaar(pad, f"{ontvangen_prefix(vast)}{naam}")
        return Document.objects.create(
            traject=vast,
            soort=soort,
            versie=nummer,
            bron=Document.Bron.ONTVANGEN,
            bestand=opgeslagen,
            sha256=sha,
            ondertekend=ondertekend,
        )


def _pdfs(request: HttpRequest, traject: Traject, form: PdfForm) -> bool:
    bestanden: list[UploadedFile] = form.cleaned_data["bestanden"]
    fouten: list[str] = []
    with werk.werkmap() as map:
        gelezen = []
        for nummer, bestand in enumerate(bestanden):
            naam = _naam(bestand)
            pad = _schrijf(bestand, map / f"{nummer}.pdf")
            sha = _sha256(pad)
            feiten = api.lees_document(pad)
            waarom = _waarom_niet(naam, feiten, traject)
            if waarom is None and (bestaand := _al_bewaard(traject, sha)) is not None:
                waarom = f"'{naam}' is al opgeslagen ({bestaand.soort} versie {bestaand.versie})."
            if waarom is not None:
                fouten.append(waarom)
            else:
                gelezen.append((pad, feiten, sha))
        if fouten:
            form.add_error("bestanden", [*fouten, NIETS])
            return False
        for pad, feiten, sha in gelezen:
            assert feiten.type is not None
            document = _bewaar(
                traject,
                pad,
                feiten.type,
                versie(feiten),
                sha,
                f"{feiten.type}-{sha[:16]}.pdf",
                bool(feiten.handtekeningen),
            )
            logboek.schrijf(
                request,
                "aangemaakt",
                object=document,
                omschrijving=f"ondertekende {document.soort} versie {document.versie} "
                f"ontvangen (traject {traject.pk})",
            )
            messages.success(
                request,
                f"Ondertekende {TITELS[feiten.type].lower()} (versie {document.versie}) "
                "toegevoegd.",
            )
    vraag_status(traject)
    return True


def _scan(request: HttpRequest, traject: Traject, form: ScanForm) -> bool:
    gegevens: dict[str, Any] = form.cleaned_data
    bestand: UploadedFile = gegevens["scan"]
    naam = _naam(bestand)
    soort: str = gegevens["document"]
    with werk.werkmap() as map:
        scan = _schrijf(bestand, map / "scan.pdf")
        sha = _sha256(scan)
        feiten = api.lees_document(scan)
        if feiten.bruikbaar:
            form.add_error(
                "scan",
                f"'{naam}' is geen scan maar een leesbare {feiten.type}: voeg die toe als "
                f"ondertekende PDF (hierboven). {NIETS}",
            )
            return False
        if (bestaand := _al_bewaard(traject, sha)) is not None:
            form.add_error(
                "scan", f"'{naam}' is al opgeslagen ({bestaand.soort} versie {bestaand.versie})."
            )
            return False
        sleutel = _schrijf(gegevens["sleutel"], map / "sleutel.p12")
        wachtwoord: str = gegevens["wachtwoord"]
        try:
            attestatie = api.attesteer(
                scan,
                gegevens["partijen"],
                gegevens["getekend_op"].isoformat(),
                sleutel,
                wachtwoord.encode() if wachtwoord else None,
                document=soort,
                uit=map / "scan.attestatie.pdf",
            )
        except OvereenkomstenError as fout:
            tekst = str(fout).replace(str(scan), f"'{naam}'").replace(str(map), "")
            form.add_error(None, f"{tekst} {NIETS}")
            return False
        sleutel.unlink()
        stam = f"{soort}{SCAN_TEKEN}{sha[:16]}"
        nummer = _nieuwste_versie(traject, soort)
        document = _bewaar(traject, scan, soort, nummer, sha, f"{stam}.pdf", True)
        werk.bewaar(attestatie.pad, f"{ontvangen_prefix(traject)}{stam}.attestatie.pdf")
    partijen = ", ".join(ROL_LABELS[r] for r in gegevens["partijen"])
    logboek.schrijf(
        request,
        "aangemaakt",
        object=document,
        omschrijving=f"scan van de {soort} versie {document.versie} met attestatie "
        f"ontvangen (traject {traject.pk}; partijen: {partijen}; getekend op "
        f"{gegevens['getekend_op']:%d-%m-%Y})",
    )
    messages.success(
        request,
        f"Scan van de {TITELS[soort].lower()} (versie {document.versie}) met attestatie "
        "toegevoegd.",
    )
    vraag_status(traject)
    return True


@rol_vereist(*LEZERS)
@require_http_methods(["GET", "POST"])
def ondertekend(request: HttpRequest, pk: int) -> HttpResponse:
    traject = traject_van(request, pk)
    soort = request.POST.get("soort") if request.method == "POST" else None
    pdf_form = PdfForm(request.POST or None, request.FILES or None) if soort == "pdf" else None
    scan_form = ScanForm(request.POST or None, request.FILES or None) if soort == "scan" else None
    if pdf_form is not None and pdf_form.is_valid() and _pdfs(request, traject, pdf_form):
        return HttpResponseRedirect(reverse("traject", args=[traject.pk]))
    if scan_form is not None and scan_form.is_valid() and _scan(request, traject, scan_form):
        return HttpResponseRedirect(reverse("traject", args=[traject.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "web/traject/ondertekend.html",
        {
            "titel": f"Ondertekend terug · {traject.traject_id}",
            "traject": traject,
            "pdf_form": pdf_form or PdfForm(),
            "scan_form": scan_form or ScanForm(initial={"getekend_op": timezone.localdate()}),
        },
        status=status,
    )


urlpatterns = [path("trajecten/<int:pk>/ondertekend/", ondertekend, name="traject-ondertekend")]
