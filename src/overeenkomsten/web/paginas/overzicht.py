"""/trajecten/: every trajectory the user may see, with its stored status, the next
deadline and who still has to sign; filters, pages, and the Excel export of ``status
--xlsx`` (``/trajecten/export/``: a task, :mod:`overeenkomsten.web.taken.export`; its page
polls the progress and then offers the workbook to the user who asked for it).

Only stored fields are read (see :mod:`overeenkomsten.web.trajectstatus`): one query for
the page's rows and one to count them, whatever the number of trajectories.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.fields.json import KT
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from overeenkomsten.web import logboek
from overeenkomsten.web.models import Overzichtexport, Traject
from overeenkomsten.web.paginas._download import XLSX, bewaard_bestand
from overeenkomsten.web.paginas._htmx import pagina_verversen
from overeenkomsten.web.taken.export import BEWAREN, maak_overzichtexport, omschrijving
from overeenkomsten.web.toegang import (
    Rol,
    profiel_van,
    rol_vereist,
    zichtbare_exports,
    zichtbare_trajecten,
)
from overeenkomsten.web.trajectstatus import FILTERS, gefilterd

lezers = rol_vereist(Rol.BACKOFFICE, Rol.INSTELLING, Rol.BEHEERDER)
BEZIG = (Overzichtexport.Status.WACHT, Overzichtexport.Status.BEZIG)
PER_PAGINA = 50
SORTERINGEN = {
    "traject": ("traject_id",),
    "termijn": (F("volgende_termijn").asc(nulls_last=True), "traject_id"),
    "kandidaat": ("kandidaat_naam", "traject_id"),
}


def _gefilterd(request: HttpRequest) -> tuple[QuerySet[Traject], str, str]:
    gekozen = request.GET.get("filter", "")
    gekozen = gekozen if gekozen in FILTERS else ""
    zoek = request.GET.get("zoek", "").strip()[:100]
    trajecten = gefilterd(zichtbare_trajecten(request.user), gekozen, zoek, timezone.localdate())
    return trajecten, gekozen, zoek


@lezers
@require_GET
def overzicht(request: HttpRequest) -> HttpResponseBase:
    trajecten, gekozen, zoek = _gefilterd(request)
    sorteer = request.GET.get("sorteer", "")
    volgorde = SORTERINGEN.get(sorteer, SORTERINGEN["traject"])
    rijen = trajecten.order_by(*volgorde).values(
        "pk",
        "traject_id",
        "kandidaat_naam",
        "verdict",
        "volgende_termijn",
        "nog_te_tekenen",
        "te_laat_vanaf",
        "pv_vanaf",
        crebo=KT("record__opleiding__crebo"),
        opleiding=KT("record__opleiding__naam"),
        volgende_wat=KT("status__volgende__wat"),
    )
    pagina = Paginator(rijen, PER_PAGINA).get_page(request.GET.get("pagina"))
    logboek.schrijf(
        request,
        "bekeken",
        object_soort="overzicht",
        omschrijving=f"overzicht van de trajecten ({FILTERS[gekozen][0] if gekozen else 'alle'},"
        f" pagina {pagina.number})",
    )
    basis = {k: v for k, v in (("filter", gekozen), ("zoek", zoek), ("sorteer", sorteer)) if v}
    return render(
        request,
        "web/overzicht/lijst.html",
        {
            "titel": "Overzicht",
            "pagina": pagina,
            "vandaag": timezone.localdate(),
            "filters": [
                (naam, label, urlencode({**basis, "filter": naam}))
                for naam, (label, _) in FILTERS.items()
            ],
            "alle": urlencode({k: v for k, v in basis.items() if k != "filter"}),
            "gekozen": gekozen,
            "zoek": zoek,
            "query": urlencode(basis),
            "export": {"filter": gekozen, "zoek": zoek},
            "sorteer": {naam: urlencode({**basis, "sorteer": naam}) for naam in SORTERINGEN},
        },
    )


@lezers
@require_POST
def export_starten(request: HttpRequest) -> HttpResponse:
    """Start the Excel export of the overzicht for the filter and search of the page (a
    task: a large workbook takes longer than a request may); its page shows the progress
    and then the download."""
    profiel = profiel_van(request.user)
    if profiel is None:
        raise Http404
    gekozen = request.POST.get("filter", "")
    velden = {
        "filter": gekozen if gekozen in FILTERS else "",
        "zoek": request.POST.get("zoek", "").strip()[:100],
    }
    lopend = zichtbare_exports(request.user).filter(status__in=BEZIG, **velden).first()
    if lopend is not None:  # asked twice (a double click): the one that runs
        return HttpResponseRedirect(reverse("overzicht-export", args=[lopend.pk]))
    export = Overzichtexport.objects.create(
        organisatie=profiel.organisatie, door=profiel.user, **velden
    )
    logboek.schrijf(
        request,
        "aangemaakt",
        object=export,
        omschrijving=f"export van het overzicht als Excel gevraagd ({omschrijving(export)})",
    )
    pk = export.pk
    transaction.on_commit(lambda: maak_overzichtexport.enqueue(pk))
    return HttpResponseRedirect(reverse("overzicht-export", args=[pk]))


def _bewaren() -> str:
    uren = int(BEWAREN.total_seconds() // 3600)
    return "één dag" if uren == 24 else f"{uren} uur"


def _beschikbaar(export: Overzichtexport) -> bool:
    return bool(export.bestand) and default_storage.exists(export.bestand.name)


@lezers
@require_GET
def export_pagina(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(zichtbare_exports(request.user), pk=pk)
    klaar = export.status == Overzichtexport.Status.KLAAR
    return render(
        request,
        "web/overzicht/export.html",
        {
            "titel": "Overzicht als Excel",
            "export": export,
            "wat": omschrijving(export),
            "bezig": export.status in BEZIG,
            "verlopen": klaar and not _beschikbaar(export),
            "bewaren": _bewaren(),
        },
    )


@lezers
@require_GET
def export_voortgang(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx poll: the progress while the task runs, a whole-page refresh once done."""
    export = get_object_or_404(zichtbare_exports(request.user), pk=pk)
    if export.status not in BEZIG:
        return pagina_verversen()
    return render(request, "web/overzicht/_export_voortgang.html", {"export": export})


@lezers
@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = get_object_or_404(zichtbare_exports(request.user), pk=pk)
    if export.status != Overzichtexport.Status.KLAAR or not _beschikbaar(export):
        raise Http404
    datum = timezone.localtime(export.klaar_op or export.aangemaakt)
    return bewaard_bestand(
        request,
        export.bestand.name,
        f"overzicht-{datum:%Y%m%d}.xlsx",
        object=export,
        object_soort="overzicht",
        omschrijving=f"overzicht als Excel ({omschrijving(export)})",
        content_type=XLSX,
    )


urlpatterns = [
    path("trajecten/", overzicht, name="overzicht"),
    path("trajecten/export/", export_starten, name="overzicht-export-starten"),
    path("trajecten/export/<int:pk>/", export_pagina, name="overzicht-export"),
    path(
        "trajecten/export/<int:pk>/voortgang/",
        export_voortgang,
        name="overzicht-export-voortgang",
    ),
    path("trajecten/export/<int:pk>/download/", export_download, name="overzicht-export-download"),
]
