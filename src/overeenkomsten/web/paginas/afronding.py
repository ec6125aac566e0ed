"""/trajecten/<pk>/afronding/: fill the record's ``afronding`` (domein.md section 10) and
have the praktijkverklaring made.

The form only collects text: the record with the new ``afronding`` is validated by the
library's own model (:func:`~overeenkomsten.model.validatie.validate_record`, the same
rules as ``valideer``), and each Dutch message is put at its field. Only a valid record is
stored; then the task :func:`~overeenkomsten.web.taken_audit.maak_pv` runs the engine.
"""

from __future__ import annotations

import copy
from typing import Any, get_args

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from overeenkomsten.model.traject import Afronding, maakt_praktijkverklaring
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.web import logboek, taken
from overeenkomsten.web.models import Traject
from overeenkomsten.web.taken.afronding import laatste, maak_pv
from overeenkomsten.web.toegang import zichtbare_trajecten


def _redenen() -> list[str]:
    """The choices of ``afronding.reden`` (behaald, voortijdig, overgestapt, anders), read
    from the library's model: the Literal inside ``Annotated[...] | None``."""
    annotatie = Afronding.model_fields["reden"].annotation
    for deel in get_args(annotatie):  # Reden | None
        for binnen in get_args(deel):  # Annotated[Literal[...], ...]
            waarden = get_args(binnen)
            if waarden and all(isinstance(w, str) for w in waarden):
                return list(waarden)
    return []


class _VrijeKeuzes(forms.MultipleChoiceField):
    """Checkboxes whose values the library judges (an unknown code gets its message)."""

    def valid_value(self, value: str) -> bool:
        return True


class AfrondingForm(forms.Form):
    werkelijke_einddatum = forms.CharField(
        label="Werkelijke einddatum",
        required=False,
        max_length=20,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="De dag waarop het traject werkelijk is geëindigd.",
    )
    reden = forms.CharField(
        label="Reden van het einde",
        required=False,
        max_length=20,
        help_text="Verplicht als het traject eerder eindigde dan gepland.",
    )
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    behaalde_werkprocessen = _VrijeKeuzes(
        label="Behaalde werkprocessen",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Volgens het oordeel van de praktijkopleider; alleen deze komen op de "
        "praktijkverklaring.",
    )
    datum_afgifte = forms.CharField(
        label="Datum van afgifte van de praktijkverklaring",
        required=False,
        max_length=20,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, werkprocessen: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reden"].widget = forms.Select(
            choices=[("", "(niet eerder geëindigd)")] + [(r, r) for r in _redenen()]
        )
        keuzes = self.fields["behaalde_werkprocessen"]
        assert isinstance(keuzes, forms.MultipleChoiceField)
        keuzes.choices = [
            (w.get("code"), f"{w.get('code')} {w.get('titel') or ''}".strip())
            for w in werkprocessen
        ]

    def afronding(self) -> dict[str, Any]:
        """The form as the record's ``afronding`` object (empty text is null)."""
        data = self.cleaned_data
        return {
            "werkelijke_einddatum": data["werkelijke_einddatum"].strip() or None,
            "reden": data["reden"].strip() or None,
            "toelichting": data["toelichting"].strip() or None,
            "behaalde_werkprocessen": [c for c in data["behaalde_werkprocessen"] if c],
            "datum_afgifte": data["datum_afgifte"].strip() or None,
        }


def _veld(pad: str | None) -> str | None:
    """``afronding.behaalde_werkprocessen[1]`` -> ``behaalde_werkprocessen``."""
    if not pad or not pad.startswith("afronding."):
        return None
    naam = pad.removeprefix("afronding.").split("[")[0].split(".")[0]
    return naam if naam in AfrondingForm.base_fields else None


def _valideer(form: AfrondingForm, traject: Traject) -> tuple[dict[str, Any] | None, list[str]]:
    """The record with the form's ``afronding``, validated by the library; its errors go
    onto the form. Returns the record to store (None when invalid) and the warnings."""
    data = copy.deepcopy(traject.record)
    data["afronding"] = form.afronding()
    model, problemen = validate_record(data)
    for probleem in problemen:
        if probleem.ernst != "fout":
            continue
        veld = _veld(probleem.pad)
        if veld is None:
            form.add_error(None, f"{probleem.pad}: {probleem.bericht}")
        elif probleem.bericht not in form.errors.get(veld, []):
            form.add_error(veld, probleem.bericht)
    waarschuwingen = [p.bericht for p in problemen if p.ernst != "fout"]
    if model is None or model.afronding is None:
        return None, waarschuwingen
    data["afronding"] = model.afronding.model_dump(mode="json")
    return data, waarschuwingen


def _initial(traject: Traject) -> dict[str, Any]:
    afronding = traject.record.get("afronding") or {}
    return {
        veld: (afronding.get(veld) or ([] if veld == "behaalde_werkprocessen" else ""))
        for veld in AfrondingForm.base_fields
    }


@login_required
@require_http_methods(["GET", "POST"])
def afronding(request: HttpRequest, pk: int) -> HttpResponse:
    traject = get_object_or_404(zichtbare_trajecten(request.user), pk=pk)
    form = AfrondingForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(traject),
        werkprocessen=list(traject.record.get("werkprocessen") or []),
    )
    if request.method == "POST" and form.is_valid():
        record, waarschuwingen = _valideer(form, traject)
        if record is not None:
            traject.record = record
            traject.save(update_fields=["record", "bijgewerkt"])
            logboek.schrijf(
                request,
                "gewijzigd",
                object=traject,
                omschrijving=f"afronding ingevuld (traject {traject.traject_id})",
            )
            for waarschuwing in waarschuwingen:
                messages.warning(request, waarschuwing)
            a = record["afronding"]
            if maakt_praktijkverklaring(record.get("einddoel"), a["behaalde_werkprocessen"]):
                maak_pv.enqueue(traject.pk, request.user.pk)
                messages.success(
                    request, "De afronding is opgeslagen; de praktijkverklaring wordt gemaakt."
                )
            else:
                taken.ververs_status.enqueue(traject.pk)
                messages.success(
                    request,
                    "De afronding is opgeslagen. Er wordt geen praktijkverklaring gemaakt "
                    "(alleen bij einddoel praktijkverklaring met behaalde werkprocessen).",
                )
            return redirect("afronding", pk=traject.pk)
    return render(request, "web/afronding/pagina.html", _context(traject, form))


def _context(traject: Traject, form: AfrondingForm | None = None) -> dict[str, Any]:
    taak = laatste(maak_pv, traject.pk)
    return {
        "titel": f"Afronding {traject.traject_id}",
        "traject": traject,
        "form": form,
        "taak": taak,
        "bezig": taak is not None and taak.status in ("READY", "RUNNING"),
        "uitkomst": taak.return_value if taak is not None else None,
        "mislukt": taak is not None and taak.status == "FAILED",
        "praktijkverklaringen": traject.documenten.filter(soort="PV").order_by("-versie", "-pk"),
    }


@login_required
def afronding_taak(request: HttpRequest, pk: int) -> HttpResponse:
    """The state of the PV task (polled by htmx while it runs)."""
    traject = get_object_or_404(zichtbare_trajecten(request.user), pk=pk)
    return render(request, "web/afronding/_taak.html", _context(traject))


urlpatterns = [
    path("trajecten/<int:pk>/afronding/", afronding, name="afronding"),
    path("trajecten/<int:pk>/afronding/taak/", afronding_taak, name="afronding-taak"),
]
