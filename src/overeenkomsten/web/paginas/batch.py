"""/batch/<id>/: the progress of a batch (htmx polls ``voortgang/``, no reload), then the
summary (the columns of the command line's samenvatting) and the sets as zip files, all
at once or per trajectory, streamed from storage."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.web import logboek
from overeenkomsten.web.models import Batch, Traject
from overeenkomsten.web.paginas._htmx import pagina_verversen
from overeenkomsten.web.setopslag import STAAT, opgeslagen_bestanden
from overeenkomsten.web.toegang import (
    Rol,
    rol_vereist,
    zichtbare_batches,
    zichtbare_trajecten,
)

backoffice = rol_vereist(Rol.BACKOFFICE, Rol.BEHEERDER)
BEZIG = (Batch.Status.WACHT, Batch.Status.BEZIG)
MAX_RIJEN = 1000  # rows shown on the page; all are in samenvatting.csv


def _traject_url(pk: int | None) -> str | None:
    if pk is None:
        return None
    try:
        return reverse("traject", args=[pk])
    except NoReverseMatch:
        return None


@backoffice
@require_GET
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    gevonden = get_object_or_404(zichtbare_batches(request.user), pk=pk)
    logboek.schrijf(request, "bekeken", object=gevonden)
    samenvatting: dict[str, Any] = gevonden.samenvatting or {}
    rijen = samenvatting.get("rijen", [])[:MAX_RIJEN]
    for rij in rijen:
        rij["traject_url"] = _traject_url(rij.get("traject"))
    return render(
        request,
        "web/batch/batch.html",
        {
            "titel": f"Batch {gevonden.pk}",
            "batch": gevonden,
            "bezig": gevonden.status in BEZIG,
            "samenvatting": samenvatting,
            "rijen": rijen,
            "meer": max(0, len(samenvatting.get("rijen", [])) - MAX_RIJEN),
        },
    )


@backoffice
@require_GET
def voortgang(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx poll: the progress bar while it runs, a whole-page refresh once done."""
    gevonden = get_object_or_404(zichtbare_batches(request.user), pk=pk)
    if gevonden.status not in BEZIG:
        return pagina_verversen()
    return render(request, "web/batch/_voortgang.html", {"batch": gevonden})


class _Stroom:
    """A write-only file for :class:`zipfile.ZipFile` whose bytes are taken as they come."""

    def __init__(self) -> None:
        self._stukken: list[bytes] = []
        self._positie = 0

    def write(self, data: bytes) -> int:
        self._stukken.append(bytes(data))
        self._positie += len(data)
        return len(data)

    def tell(self) -> int:
        return self._positie

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def neem(self) -> bytes:
        data = b"".join(self._stukken)
        self._stukken.clear()
        return data


def zip_stroom(bestanden: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    """A zip of stored files (storage name, name in the zip), made while it is sent: never
    the whole archive in memory or on disk."""
    stroom = _Stroom()
    with zipfile.ZipFile(stroom, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, in_zip in bestanden:
            info = zipfile.ZipInfo(in_zip, timezone.localtime().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with default_storage.open(naam, "rb") as bron, archief.open(info, "w") as doel:
                for blok in iter(lambda: bron.read(1 << 16), b""):
                    doel.write(blok)
                    if stroom.tell() > 1 << 20:
                        yield stroom.neem()
            yield stroom.neem()
    yield stroom.neem()


def _set_bestanden(traject: Traject) -> Iterator[tuple[str, str]]:
    """The stored files of a trajectory's set as (storage name, name in the zip), without
    the library's ledger."""
    if not traject.map_pad:
        return
    mapnaam = traject.map_pad.rsplit("/", 1)[-1]
    for naam in opgeslagen_bestanden(traject.map_pad):
        relatief = naam[len(traject.map_pad) + 1 :]
        if relatief.split("/", 1)[0] != STAAT:
            yield naam, f"{mapnaam}/{relatief}"


def _zip_antwoord(bestanden: Iterable[tuple[str, str]], bestandsnaam: str) -> StreamingHttpResponse:
    antwoord = StreamingHttpResponse(zip_stroom(bestanden), content_type="application/zip")
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return antwoord


def _trajecten(request: HttpRequest, gevonden: Batch) -> list[Traject]:
    pks = [pk for pk in (gevonden.samenvatting or {}).get("trajecten", {}).values() if pk]
    return list(zichtbare_trajecten(request.user).filter(pk__in=pks).order_by("traject_id"))


@backoffice
@require_GET
def sets_zip(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    gevonden = get_object_or_404(zichtbare_batches(request.user), pk=pk)
    if gevonden.status != Batch.Status.KLAAR:
        raise Http404
    trajecten = _trajecten(request, gevonden)
    logboek.schrijf(
        request,
        "gedownload",
        object=gevonden,
        omschrijving=f"alle sets als zip ({len(trajecten)} trajecten)",
    )

    def bestanden() -> Iterator[tuple[str, str]]:
        for traject in trajecten:
            yield from _set_bestanden(traject)
        for naam in (gevonden.samenvatting or {}).get("bestanden", {}).values():
            if default_storage.exists(naam):
                yield naam, naam.rsplit("/", 1)[-1]

    return _zip_antwoord(bestanden(), f"batch-{gevonden.pk}.zip")


@backoffice
@require_GET
def traject_zip(request: HttpRequest, pk: int, traject_pk: int) -> StreamingHttpResponse:
    gevonden = get_object_or_404(zichtbare_batches(request.user), pk=pk)
    traject = next((t for t in _trajecten(request, gevonden) if t.pk == traject_pk), None)
    if traject is None:
        raise Http404
    logboek.schrijf(request, "gedownload", object=traject, omschrijving=f"set uit batch {pk}")
    mapnaam = scrub_bsn(traject.map_pad.rsplit("/", 1)[-1]) or f"set-{traject.pk}"
    return _zip_antwoord(_set_bestanden(traject), f"{mapnaam}.zip")


urlpatterns = [
    path("batch/<int:pk>/", batch, name="batch"),
    path("batch/<int:pk>/voortgang/", voortgang, name="batch-voortgang"),
    path("batch/<int:pk>/sets.zip", sets_zip, name="batch-zip"),
    path("batch/<int:pk>/traject/<int:traject_pk>.zip", traject_zip, name="batch-traject-zip"),
]
