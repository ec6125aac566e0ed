"""/trajecten/<pk>/dossier/: make the dossier of a trajectory (``bundel``, a task) and share
it with auditor organisations, who then find it on /audit/.

Only who sees the trajectory (:func:`~overeenkomsten.web.toegang.zichtbare_trajecten`)
reaches these URLs; an auditor gets 404 here and downloads a shared dossier from /audit/.
Making, sharing, stopping to share and downloading are logged.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from overeenkomsten.web import logboek, taken
from overeenkomsten.web.auditrapport import OORDEEL_TITEL, met_uitleg
from overeenkomsten.web.models import Dossier, Organisatie, Traject
from overeenkomsten.web.paginas._download import bewaard_bestand
from overeenkomsten.web.paginas._htmx import pagina_verversen
from overeenkomsten.web.taken.afronding import laatste
from overeenkomsten.web.toegang import zichtbare_dossiers, zichtbare_trajecten

BEZIG = ("READY", "RUNNING")


def auditors() -> Any:
    return Organisatie.objects.filter(soort=Organisatie.Soort.AUDITOR).order_by("naam")


class DelenForm(forms.Form):
    organisaties = forms.ModelMultipleChoiceField(
        label="Delen met",
        queryset=Organisatie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies een auditororganisatie uit de lijst."},
        help_text="Een auditor ziet alleen de dossiers die met zijn organisatie zijn gedeeld.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = self.fields["organisaties"]
        assert isinstance(veld, forms.ModelMultipleChoiceField)
        veld.queryset = auditors()


def _traject(request: HttpRequest, pk: int) -> Traject:
    return get_object_or_404(zichtbare_trajecten(request.user), pk=pk)


def _dossier(request: HttpRequest, traject: Traject, dossier_pk: int) -> Dossier:
    return get_object_or_404(
        zichtbare_dossiers(request.user).filter(traject=traject), pk=dossier_pk
    )


def _context(request: HttpRequest, traject: Traject) -> dict[str, Any]:
    taak = laatste(taken.maak_dossier, traject.pk)
    uitkomst = dict(taak.return_value or {}) if taak is not None else {}
    rapport = uitkomst.get("rapport") or {}
    dossiers = list(
        zichtbare_dossiers(request.user).filter(traject=traject).prefetch_related("gedeeld_met")
    )
    return {
        "titel": f"Dossier {traject.traject_id}",
        "traject": traject,
        "dossiers": [
            (
                d,
                DelenForm(initial={"organisaties": list(d.gedeeld_met.all())}, prefix=f"d{d.pk}"),
            )
            for d in dossiers
        ],
        "er_zijn_auditors": auditors().exists(),
        "bezig": taak is not None and taak.status in BEZIG,
        "mislukt": taak is not None and taak.status == "FAILED",
        "geweigerd": uitkomst.get("geweigerd"),
        "fout": uitkomst.get("fout"),
        "oordeel": OORDEEL_TITEL.get(str(rapport.get("oordeel")), ""),
        "bevindingen": met_uitleg(rapport.get("bevindingen", [])),
    }


@login_required
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    return render(request, "web/dossier/pagina.html", _context(request, traject))


@login_required
@require_GET
def dossier_taak(request: HttpRequest, pk: int) -> HttpResponse:
    """The state of the dossier task (polled by htmx while it runs); once it is done, the
    page reloads (htmx ``HX-Refresh``) so the new dossier and its sharing form show."""
    traject = _traject(request, pk)
    context = _context(request, traject)
    antwoord = render(request, "web/dossier/_taak.html", context)
    return antwoord if context["bezig"] else pagina_verversen(antwoord)


@login_required
@require_POST
def maken(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    taak = laatste(taken.maak_dossier, traject.pk)
    if taak is not None and taak.status in BEZIG:
        messages.info(request, "Het dossier wordt al gemaakt.")
    else:
        taken.maak_dossier.enqueue(traject.pk)
        logboek.schrijf(
            request,
            "aangemaakt",
            object=traject,
            omschrijving=f"dossier aangevraagd (traject {traject.traject_id})",
        )
        messages.success(request, "Het dossier wordt gemaakt.")
    return redirect("dossier", pk=traject.pk)


@login_required
@require_POST
def delen(request: HttpRequest, pk: int, dossier_pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    gekozen = _dossier(request, traject, dossier_pk)
    form = DelenForm(request.POST, prefix=f"d{gekozen.pk}")
    if not form.is_valid():
        for fout in form.errors.get("organisaties", []):
            messages.error(request, str(fout))
        return redirect("dossier", pk=traject.pk)
    nieuw = set(form.cleaned_data["organisaties"])
    with transaction.atomic():
        oud = set(gekozen.gedeeld_met.all())
        gekozen.gedeeld_met.set(nieuw)
        for organisatie in sorted(nieuw - oud, key=lambda o: o.naam):
            logboek.schrijf(
                request,
                "gedeeld",
                object=gekozen,
                omschrijving=f"dossier van traject {traject.traject_id} gedeeld met "
                f"{organisatie.naam}",
            )
        for organisatie in sorted(oud - nieuw, key=lambda o: o.naam):
            logboek.schrijf(
                request,
                "gedeeld",
                object=gekozen,
                omschrijving=f"dossier van traject {traject.traject_id} niet meer gedeeld "
                f"met {organisatie.naam}",
            )
    namen = ", ".join(sorted(o.naam for o in nieuw))
    messages.success(
        request,
        f"Het dossier is gedeeld met {namen}." if nieuw else "Het dossier is met niemand gedeeld.",
    )
    return redirect("dossier", pk=traject.pk)


def dossier_bestand(request: HttpRequest, gekozen: Dossier) -> HttpResponseBase:
    """The dossier PDF as a download, logged (also used by /audit/)."""
    return bewaard_bestand(
        request,
        gekozen.bestand.name,
        f"{gekozen.traject.traject_id}_dossier_{gekozen.aangemaakt:%Y%m%d}.pdf",
        object=gekozen,
        omschrijving=f"dossier van traject {gekozen.traject.traject_id}",
        content_type="application/pdf",
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int, dossier_pk: int) -> HttpResponseBase:
    traject = _traject(request, pk)
    return dossier_bestand(request, _dossier(request, traject, dossier_pk))


urlpatterns = [
    path("trajecten/<int:pk>/dossier/", dossier, name="dossier"),
    path("trajecten/<int:pk>/dossier/taak/", dossier_taak, name="dossier-taak"),
    path("trajecten/<int:pk>/dossier/maken/", maken, name="dossier-maken"),
    path("trajecten/<int:pk>/dossier/<int:dossier_pk>/delen/", delen, name="dossier-delen"),
    path(
        "trajecten/<int:pk>/dossier/<int:dossier_pk>/download/",
        download,
        name="dossier-download",
    ),
]
