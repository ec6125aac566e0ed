"""/trajecten/: every trajectory the user may see, with its stored status, the next
deadline and who still has to sign; filters, pages, and the Excel export of ``status
--xlsx``.

Only stored fields are read (see :mod:`overeenkomsten.web.trajectstatus`): one query for
the page's rows and one to count them, whatever the number of trajectories.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.db.models.fields.json import KT
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from overeenkomsten import api
from overeenkomsten.web import logboek, werk
from overeenkomsten.web.models import Traject
from overeenkomsten.web.toegang import Rol, rol_vereist, zichtbare_trajecten
from overeenkomsten.web.trajectstatus import FILTERS

PER_PAGINA = 50
SORTERINGEN = {
    "traject": ("traject_id",),
    "termijn": (F("volgende_termijn").asc(nulls_last=True), "traject_id"),
    "kandidaat": ("kandidaat_naam", "traject_id"),
}


def _gefilterd(request: HttpRequest) -> tuple[QuerySet[Traject], str, str]:
    trajecten = zichtbare_trajecten(request.user)
    gekozen = request.GET.get("filter", "")
    if gekozen in FILTERS:
        trajecten = trajecten.filter(FILTERS[gekozen][1](timezone.localdate()))
    else:
        gekozen = ""
    zoek = request.GET.get("zoek", "").strip()[:100]
    if zoek:
        trajecten = trajecten.filter(traject_id__icontains=zoek) | trajecten.filter(
            kandidaat_naam__icontains=zoek
        )
    return trajecten, gekozen, zoek


@rol_vereist(Rol.BACKOFFICE, Rol.INSTELLING, Rol.BEHEERDER)
@require_GET
def overzicht(request: HttpRequest) -> HttpResponseBase:
    trajecten, gekozen, zoek = _gefilterd(request)
    if request.GET.get("export") == "xlsx":
        return _export(request, trajecten, gekozen)
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
            "export": urlencode({**basis, "export": "xlsx"}),
            "sorteer": {naam: urlencode({**basis, "sorteer": naam}) for naam in SORTERINGEN},
        },
    )


def _export(request: HttpRequest, trajecten: QuerySet[Traject], gekozen: str) -> HttpResponse:
    """The workbook of ``status --xlsx`` over the stored statuses, deadlines as of today."""
    vandaag = timezone.localdate()
    statussen = [
        api.status_uit_opslag(status, record, vandaag)
        for status, record in trajecten.order_by("traject_id")
        .values_list("status", "record")
        .iterator(chunk_size=500)
        if status
    ]
    with werk.werkmap() as map:
        pad = map / "overzicht.xlsx"
        rijen = api.schrijf_statusoverzicht(pad, statussen)
        inhoud = pad.read_bytes()
    logboek.schrijf(
        request,
        "geexporteerd",
        object_soort="overzicht",
        omschrijving=f"overzicht als Excel ({FILTERS[gekozen][0] if gekozen else 'alle'}: "
        f"{len(statussen)} trajecten, {rijen} regels)",
    )
    antwoord = HttpResponse(
        inhoud,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    antwoord["Content-Disposition"] = f'attachment; filename="overzicht-{vandaag:%Y%m%d}.xlsx"'
    return antwoord


urlpatterns = [path("trajecten/", overzicht, name="overzicht")]
