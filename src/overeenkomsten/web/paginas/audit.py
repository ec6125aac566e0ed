"""/audit/: check dossiers (``controleer`` on a dossier PDF) and read the report, on a page
and as a PDF to file.

An auditor uploads one or more dossier PDFs, or opens a dossier shared with its
organisation; anyone else with a profile may check dossiers too (its own trajectories'
dossiers are listed). An upload is refused, with a Dutch message and nothing stored,
unless every file is a PDF within the size limit that is a dossier by its content (the
manifest inside, not the file name). The check runs as a task with the trust roots of
the user's organisation (:func:`overeenkomsten.web.taken.controleer_dossiers`).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path, PurePath
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.dossier.herkennen import is_dossier
from overeenkomsten.web import logboek, taken
from overeenkomsten.web.auditrapport import OORDEEL_TITEL
from overeenkomsten.web.models import AuditRapport, Dossier
from overeenkomsten.web.paginas._download import bewaard_bestand
from overeenkomsten.web.paginas.dossier import dossier_bestand
from overeenkomsten.web.toegang import profiel_van, zichtbare_auditrapporten, zichtbare_dossiers
from overeenkomsten.web.uploads import UploadsVeld

#: Dossiers checked in one report at most.
MAX_DOSSIERS = 20


def weergavenaam(bestand: UploadedFile) -> str:
    """The user's file name as shown and stored: no folders, no BSN."""
    naam = PurePath((bestand.name or "").replace("\\", "/")).name
    return scrub_bsn(naam)[:200] or "dossier.pdf"


def _is_dossier(bestand: UploadedFile) -> bool:
    tijdelijk = getattr(bestand, "temporary_file_path", None)
    if tijdelijk is not None:
        return is_dossier(Path(tijdelijk()))
    bestand.seek(0)
    try:
        return is_dossier(bestand.read())
    finally:
        bestand.seek(0)


class UploadForm(forms.Form):
    bestanden = UploadsVeld(
        soort="pdf",
        max_aantal=MAX_DOSSIERS,
        label="Dossiers (PDF)",
        help_text=f"Een of meer dossiers, gemaakt met 'bundel' (hoogstens {MAX_DOSSIERS}).",
        error_messages={"required": "Kies een of meer dossiers (PDF)."},
    )

    def clean_bestanden(self) -> list[UploadedFile]:
        bestanden: list[UploadedFile] = self.cleaned_data["bestanden"]
        fouten = [
            forms.ValidationError(
                f"'{weergavenaam(b)}' is een PDF, maar geen dossier: er zit geen manifest in. "
                "Een dossier wordt gemaakt met 'bundel' of op de dossierpagina van een "
                "traject. Er is niets opgeslagen.",
                code="geen-dossier",
            )
            for b in bestanden
            if not _is_dossier(b)
        ]
        if fouten:
            raise forms.ValidationError(fouten)
        return bestanden


def _bewaar(organisatie_pk: int, bestand: UploadedFile) -> dict[str, str]:
    """Store an uploaded dossier under a name of its own (never the user's, which may hold
    anything); the user's name is kept for the report."""
    digest = hashlib.sha256()
    for blok in bestand.chunks():
        digest.update(blok)
    bestand.seek(0)
    naam = default_storage.save(
        f"audit/{organisatie_pk}/{timezone.localdate():%Y/%m}/dossier-{uuid.uuid4().hex}.pdf",
        bestand,
    )
    return {"naam": weergavenaam(bestand), "opslag": naam, "sha256": digest.hexdigest()}


def _organisatie_pk(request: HttpRequest) -> int:
    profiel = profiel_van(request.user)
    if profiel is None:
        raise PermissionDenied
    return profiel.organisatie_id


def _start(
    request: HttpRequest, bestanden: list[dict[str, Any]], omschrijving: str
) -> HttpResponseBase:
    assert isinstance(request.user, User)  # login_required
    rapport = AuditRapport.objects.create(
        organisatie_id=_organisatie_pk(request), door=request.user, bestanden=bestanden
    )
    taken.controleer_dossiers.enqueue(rapport.pk)
    logboek.schrijf(request, "aangemaakt", object=rapport, omschrijving=omschrijving)
    return redirect("audit-rapport", pk=rapport.pk)


@login_required
@require_http_methods(["GET", "POST"])
def audit(request: HttpRequest) -> HttpResponseBase:
    organisatie_pk = _organisatie_pk(request)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        bestanden = [_bewaar(organisatie_pk, b) for b in form.cleaned_data["bestanden"]]
        return _start(
            request,
            bestanden,
            f"controle van {len(bestanden)} geüploade dossier(s): "
            + ", ".join(b["naam"] for b in bestanden),
        )
    return render(
        request,
        "web/audit/index.html",
        {
            "titel": "Audit",
            "form": form,
            "dossiers": zichtbare_dossiers(request.user).select_related(
                "traject", "traject__organisatie"
            )[:200],
            "rapporten": zichtbare_auditrapporten(request.user).select_related("door")[:50],
            "oordelen": OORDEEL_TITEL,
        },
    )


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(zichtbare_dossiers(request.user).select_related("traject"), pk=pk)


@login_required
@require_POST
def controleer_dossier(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Check a shared (or own) dossier as it is stored."""
    gekozen = _dossier(request, pk)
    traject_id = gekozen.traject.traject_id
    # The report keeps its own copy of what it checked: its retention (avg.ruim_op removes
    # a report's files) must never remove the dossier of the organisation that shared it.
    with gekozen.bestand.open("rb") as bron:
        kopie = default_storage.save(
            f"audit/{_organisatie_pk(request)}/{timezone.localdate():%Y/%m}/"
            f"dossier-{uuid.uuid4().hex}.pdf",
            bron,
        )
    return _start(
        request,
        [
            {
                "naam": f"{traject_id}_dossier_{gekozen.aangemaakt:%Y%m%d}.pdf",
                "opslag": kopie,
                "sha256": gekozen.sha256,
                "dossier": str(gekozen.pk),
            }
        ],
        f"controle van het dossier van traject {traject_id}",
    )


@login_required
@require_GET
def download_dossier(request: HttpRequest, pk: int) -> HttpResponseBase:
    return dossier_bestand(request, _dossier(request, pk))


def _rapport(request: HttpRequest, pk: int) -> AuditRapport:
    return get_object_or_404(zichtbare_auditrapporten(request.user), pk=pk)


def _rapport_context(rapport: AuditRapport) -> dict[str, Any]:
    inhoud = rapport.rapport or {}
    return {
        "titel": f"Auditrapport {rapport.pk}",
        "rapport": rapport,
        "bezig": rapport.status in ("wacht", "bezig"),
        "oordeel": OORDEEL_TITEL.get(str(inhoud.get("oordeel")), ""),
        "dossiers": inhoud.get("dossiers", []),
    }


@login_required
@require_GET
def rapport_pagina(request: HttpRequest, pk: int) -> HttpResponse:
    rapport = _rapport(request, pk)
    logboek.schrijf(request, "bekeken", object=rapport, omschrijving="auditrapport bekeken")
    return render(request, "web/audit/rapport.html", _rapport_context(rapport))


@login_required
@require_GET
def rapport_stand(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's state (polled by htmx while the check runs)."""
    return render(request, "web/audit/_rapport.html", _rapport_context(_rapport(request, pk)))


@login_required
@require_GET
def rapport_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    rapport = _rapport(request, pk)
    return bewaard_bestand(
        request,
        rapport.pdf.name,
        f"auditrapport-{rapport.pk}-{rapport.aangemaakt:%Y%m%d}.pdf",
        object=rapport,
        omschrijving="auditrapport (PDF)",
        content_type="application/pdf",
    )


urlpatterns = [
    path("audit/", audit, name="audit"),
    path("audit/<int:pk>/", rapport_pagina, name="audit-rapport"),
    path("audit/<int:pk>/stand/", rapport_stand, name="audit-stand"),
    path("audit/<int:pk>/pdf/", rapport_pdf, name="audit-pdf"),
    path(
        "audit/dossiers/<int:pk>/controleren/",
        controleer_dossier,
        name="audit-dossier-controleren",
    ),
    path("audit/dossiers/<int:pk>/download/", download_dossier, name="audit-dossier-download"),
]
