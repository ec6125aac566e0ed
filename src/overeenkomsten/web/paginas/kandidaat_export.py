"""/kandidaat-export/: everything held on one kandidaat as a zip (AVG right of access).

For beheerders (past two-factor login, as everyone); the kandidaat is looked up by BSN or
traject-ID in a POST form, so the BSN is never in a URL; every export is logged.
"""

from __future__ import annotations

import tempfile

from django import forms
from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from overeenkomsten.web import logboek
from overeenkomsten.web.avg import kandidaat_trajecten, schrijf_export
from overeenkomsten.web.toegang import Rol, rol_vereist, zichtbare_trajecten


class ZoekForm(forms.Form):
    zoek = forms.CharField(
        label="BSN of traject-ID",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


@rol_vereist(Rol.BEHEERDER)
@require_http_methods(["GET", "POST"])
def kandidaat_export(request: HttpRequest) -> HttpResponseBase:
    form = ZoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        trajecten = list(
            kandidaat_trajecten(zichtbare_trajecten(request.user), form.cleaned_data["zoek"])
        )
        if trajecten:
            uit = tempfile.TemporaryFile(  # noqa: SIM115  (FileResponse closes it)
                dir=settings.WERK, prefix="export-", suffix=".zip"
            )
            schrijf_export(trajecten, uit)
            uit.seek(0)
            ids = ", ".join(t.traject_id for t in trajecten)
            for traject in trajecten:
                logboek.schrijf(
                    request,
                    "geexporteerd",
                    object=traject,
                    omschrijving=f"export van alle gegevens van de kandidaat (trajecten: {ids})",
                )
            return FileResponse(
                uit,
                as_attachment=True,
                filename=f"kandidaat-export-{timezone.localdate():%Y%m%d}.zip",
                content_type="application/zip",
            )
        form.add_error(
            "zoek",
            "Er is geen traject van uw organisatie met dit BSN of traject-ID gevonden.",
        )
    return render(
        request,
        "web/kandidaat_export/zoek.html",
        {"titel": "Export van één kandidaat", "form": form},
    )


urlpatterns = [path("kandidaat-export/", kandidaat_export, name="kandidaat-export")]
