"""/trajecten/<pk>/: one trajectory: its facts, documents (download, versions), the
signatures per party, and the verdict of the check with every finding explained.

Everything shown comes from the database: the record and the status the task
:func:`~overeenkomsten.web.taken.traject.ververs_status` stored; only the deadlines are
worked out again for today from that stored status (no PDF is read). Other pages add their
actions through ``web/traject/_acties.html``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from overeenkomsten import api
from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.errors import InputError, mask_bsn
from overeenkomsten.model.kenmerken import ROL_LABELS
from overeenkomsten.model.kenmerken import TITELS as _TITELS
from overeenkomsten.web import logboek
from overeenkomsten.web.advies import wat_de_regel_zegt, wat_te_doen, web_bericht
from overeenkomsten.web.models import Document, Traject
from overeenkomsten.web.paginas._download import bewaard_bestand
from overeenkomsten.web.paginas._htmx import pagina_verversen
from overeenkomsten.web.toegang import Rol, rol_vereist, zichtbare_trajecten

TITELS: dict[str, str] = {str(k): v for k, v in _TITELS.items()}
LEZERS = (Rol.BACKOFFICE, Rol.INSTELLING, Rol.BEHEERDER)

#: How a party's signature is shown: digitally verified, attested by hand, or missing.
STANDEN = {
    "ondertekend": ("geverifieerd", "digitaal ondertekend en gecontroleerd"),
    "handmatig vastgesteld": ("geattesteerd", "natte handtekening, handmatig vastgesteld"),
    "niet in orde": ("fout", "handtekening niet in orde"),
    "ontbreekt": ("ontbreekt", "ontbreekt"),
}


def traject_van(request: HttpRequest, pk: int) -> Traject:
    """The trajectory ``pk`` if the user may see it; 404 otherwise (also for one of another
    organisation)."""
    return get_object_or_404(zichtbare_trajecten(request.user).select_related("organisatie"), pk=pk)


def _feiten(traject: Traject, bsn_tonen: bool) -> list[tuple[str, str]]:
    record: dict[str, Any] = traject.record or {}
    kandidaat = record.get("kandidaat") or {}
    opleiding = record.get("opleiding") or {}
    bsn = kandidaat.get("bsn")
    rijen = [
        ("Traject-ID", traject.traject_id),
        ("Kandidaat", traject.kandidaat_naam),
        ("Geboortedatum", kandidaat.get("geboortedatum") or ""),
        ("BSN", (str(bsn) if bsn_tonen else mask_bsn(bsn)) if bsn else ""),
        ("Onderwijsnummer", kandidaat.get("onderwijsnummer") or ""),
        (
            "Opleiding",
            f"{opleiding.get('naam', '')} ({opleiding.get('crebo', '')}), niveau "
            f"{opleiding.get('niveau', '')}, {opleiding.get('leerweg', '')}"
            if opleiding
            else "",
        ),
        ("Einddoel", record.get("einddoel") or ""),
        ("Startdatum", record.get("startdatum") or ""),
        ("Einddatum", record.get("einddatum") or ""),
        ("Instelling", (record.get("instelling") or {}).get("naam", "")),
        ("Leerbedrijf", (record.get("leerbedrijf") or {}).get("naam", "")),
        ("Geregistreerd door", traject.organisatie.naam),
    ]
    return [(label, str(waarde)) for label, waarde in rijen if waarde]


def _handtekeningen(status: dict[str, Any]) -> list[dict[str, Any]]:
    documenten = []
    for doc in status.get("documenten", []):
        partijen = []
        for p in doc.get("partijen", []):
            klasse, tekst = STANDEN.get(p["stand"], ("fout", p["stand"]))
            if p["stand"] == "ondertekend" and not p.get("vertrouwd"):
                tekst = "digitaal ondertekend; vertrouwen niet vastgesteld"
            partijen.append({**p, "klasse": klasse, "tekst": tekst, "label": ROL_LABELS[p["rol"]]})
        getekend = {p["rol"] for p in partijen}
        for rol in doc.get("ontbreekt", []):
            if rol not in getekend:
                partijen.append(
                    {
                        "rol": rol,
                        "klasse": "ontbreekt",
                        "tekst": "ontbreekt",
                        "label": ROL_LABELS[rol],
                    }
                )
        documenten.append(
            {**doc, "titel": TITELS.get(doc["document"], doc["document"]), "partijen": partijen}
        )
    return documenten


def _bevindingen(status: dict[str, Any]) -> list[dict[str, Any]]:
    """Every finding of the stored check with its rule's explanation and what to do."""
    uitleg: dict[str, Any] = {}
    bevindingen = []
    for b in (status.get("controle") or {}).get("bevindingen", []):
        regel = b.get("regel", "")
        if regel not in uitleg:
            try:
                uitleg[regel] = api.uitleg(regel)[0]
            except InputError:
                uitleg[regel] = None
        bevindingen.append(
            {
                **b,
                "bericht": web_bericht(str(b.get("bericht", ""))),
                "uitleg": uitleg[regel],
                "wat": wat_de_regel_zegt(uitleg[regel]),
                "doen": wat_te_doen(uitleg[regel]),
            }
        )
    return bevindingen


@rol_vereist(*LEZERS)
@require_GET
def traject(request: HttpRequest, pk: int) -> HttpResponse:
    traject = traject_van(request, pk)
    status = traject.status or {}
    vandaag = timezone.localdate()
    termijnen = []
    if status:
        herberekend = api.status_uit_opslag(status, traject.record, vandaag)
        termijnen = [(t, t.tekst(vandaag)) for t in herberekend.termijnen]
    versies: dict[str, list[Document]] = defaultdict(list)
    for document in traject.documenten.order_by("soort", "-versie", "-pk"):
        versies[document.soort].append(document)
    logboek.schrijf(request, "bekeken", object=traject, omschrijving="trajectpagina")
    return render(
        request,
        "web/traject/pagina.html",
        {
            "titel": f"Traject {traject.traject_id}",
            "traject": traject,
            "bijwerken": wordt_bijgewerkt(traject),
            "feiten": _feiten(traject, bool(getattr(request.user, "is_verified", bool)())),
            "status": status,
            "handtekeningen": _handtekeningen(status),
            "bevindingen": _bevindingen(status),
            "controle": status.get("controle") or {},
            "termijnen": termijnen,
            "versies": [
                (soort, TITELS.get(soort, soort), rijen) for soort, rijen in versies.items()
            ],
        },
    )


def wordt_bijgewerkt(traject: Traject) -> bool:
    """Whether a status task for ``traject`` waits or runs (its result is not stored yet)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from overeenkomsten.web.taken.traject import ververs_status

    return DBTaskResult.objects.filter(
        task_path=ververs_status.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        args_kwargs__args=[traject.pk],
    ).exists()


@rol_vereist(*LEZERS)
@require_GET
def bijwerken(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the notice while the status is computed; once stored, the page reloads."""
    traject = traject_van(request, pk)
    if wordt_bijgewerkt(traject):
        return render(request, "web/traject/_bijwerken.html", {"traject": traject})
    return pagina_verversen()


@rol_vereist(*LEZERS)
@require_GET
def download(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    traject = traject_van(request, pk)
    document = get_object_or_404(Document, traject=traject, pk=doc_pk)
    naam = document.bestand.name
    bestandsnaam = scrub_bsn(
        f"{traject.traject_id}_{document.soort}_v{document.versie}"
        f"{'_ontvangen' if document.bron == Document.Bron.ONTVANGEN else ''}"
        f"{PurePosixPath(naam or '').suffix.lower()}"
    )
    return bewaard_bestand(
        request,
        naam,
        bestandsnaam,
        object=document,
        omschrijving=f"{document.soort} versie {document.versie} van traject {traject.pk}",
    )


urlpatterns = [
    path("trajecten/<int:pk>/", traject, name="traject"),
    path("trajecten/<int:pk>/document/<int:doc_pk>/", download, name="traject-document"),
    path("trajecten/<int:pk>/bijwerken/", bijwerken, name="traject-bijwerken"),
]
