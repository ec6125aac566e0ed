"""/intake/: upload an intake file, see its findings per sheet, row and column (the same
validation as ``valideer``), download the foutenrapport and start the batch.

For the back office and beheerders of an organisation; an intake of another organisation
is a 404. The file name is shown in the page, never in a URL or a title.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overeenkomsten.web import logboek
from overeenkomsten.web.models import Batch, Intake
from overeenkomsten.web.paginas._download import XLSX, bewaard_bestand
from overeenkomsten.web.paginas._htmx import pagina_verversen
from overeenkomsten.web.paginas._intakeformulier import IntakeForm, weergavenaam
from overeenkomsten.web.toegang import Rol, profiel_van, rol_vereist, zichtbare_intakes

backoffice = rol_vereist(Rol.BACKOFFICE, Rol.BEHEERDER)
BEZIG = (Intake.Status.WACHT, Intake.Status.BEZIG)


@backoffice
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from overeenkomsten.web.taken_intake import valideer_intake

        profiel = profiel_van(request.user)
        assert profiel is not None
        bestand = form.cleaned_data["bestand"]
        naam = weergavenaam(bestand.name or "intake")
        bestand.name = "intake" + naam[naam.rfind(".") :].lower()  # no user text in storage
        intake = Intake.objects.create(
            organisatie=profiel.organisatie, door=profiel.user, naam=naam, bestand=bestand
        )
        logboek.schrijf(request, "aangemaakt", object=intake, omschrijving="intake geüpload")
        valideer_intake.enqueue(intake.pk)
        return HttpResponseRedirect(reverse("intake", args=[intake.pk]))
    intakes = zichtbare_intakes(request.user).select_related("door")[:20]
    return render(
        request, "web/intake/upload.html", {"titel": "Intake", "form": form, "intakes": intakes}
    )


def _bladen(problemen: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The problems per sheet (file-level problems first, then per sheet in file order)."""

    def blad(p: dict[str, Any]) -> str:
        if p.get("blad"):
            return str(p["blad"])
        return (
            "Het bestand als geheel"
            if p.get("rij") is None and not p.get("kolom")
            else "Records in het JSON-bestand"
        )

    volgorde: dict[str, int] = {}
    for p in problemen:
        volgorde.setdefault(blad(p), len(volgorde))
    gesorteerd = sorted(problemen, key=lambda p: volgorde[blad(p)])
    return [(naam, list(groep)) for naam, groep in groupby(gesorteerd, key=blad)]


@backoffice
@require_GET
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    gevonden = get_object_or_404(zichtbare_intakes(request.user), pk=pk)
    logboek.schrijf(request, "bekeken", object=gevonden)
    resultaat = gevonden.resultaat or {}
    return render(
        request,
        "web/intake/intake.html",
        {
            "titel": f"Intake {gevonden.pk}",
            "intake": gevonden,
            "bezig": gevonden.status in BEZIG,
            "resultaat": resultaat,
            "bladen": _bladen(resultaat.get("problemen", [])),
            "batches": Batch.objects.filter(intake=gevonden).order_by("-aangemaakt"),
        },
    )


@backoffice
@require_GET
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx poll of a running validation: a whole-page refresh once it is done."""
    gevonden = get_object_or_404(zichtbare_intakes(request.user), pk=pk)
    if gevonden.status not in BEZIG:
        return pagina_verversen()
    return render(request, "web/intake/_status.html", {"intake": gevonden})


@backoffice
@require_GET
def foutenrapport(request: HttpRequest, pk: int) -> FileResponse:
    gevonden = get_object_or_404(zichtbare_intakes(request.user), pk=pk)
    stam = gevonden.naam.rsplit(".", 1)[0]
    return bewaard_bestand(
        request,
        (gevonden.resultaat or {}).get("foutenrapport"),
        f"foutenrapport-{stam}.xlsx",
        object=gevonden,
        omschrijving="foutenrapport",
        content_type=XLSX,
    )


@backoffice
@require_POST
def start_batch(request: HttpRequest, pk: int) -> HttpResponse:
    from overeenkomsten.web.taken_intake import draai_batch

    gevonden = get_object_or_404(zichtbare_intakes(request.user), pk=pk)
    resultaat = gevonden.resultaat or {}
    if gevonden.status != Intake.Status.KLAAR or not resultaat.get("geldig"):
        messages.error(request, "Er zijn geen geldige rijen om een batch voor te starten.")
        return HttpResponseRedirect(reverse("intake", args=[pk]))
    profiel = profiel_van(request.user)
    assert profiel is not None
    batch = Batch.objects.create(
        organisatie=gevonden.organisatie,
        intake=gevonden,
        door=profiel.user,
        totaal=resultaat.get("aantal", 0),
    )
    logboek.schrijf(request, "aangemaakt", object=batch, omschrijving=f"batch van intake {pk}")
    draai_batch.enqueue(batch.pk)
    return HttpResponseRedirect(reverse("batch", args=[batch.pk]))


urlpatterns = [
    path("intake/", upload, name="intake-upload"),
    path("intake/<int:pk>/", intake, name="intake"),
    path("intake/<int:pk>/status/", status, name="intake-status"),
    path("intake/<int:pk>/foutenrapport/", foutenrapport, name="intake-foutenrapport"),
    path("intake/<int:pk>/batch/", start_batch, name="intake-batch"),
]
