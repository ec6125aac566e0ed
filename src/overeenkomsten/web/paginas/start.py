"""/: the start page; the overzicht when that page is installed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse

from overeenkomsten.web.toegang import Rol, rol_van


@login_required
def start(request: HttpRequest) -> HttpResponse:
    if rol_van(request.user) in {Rol.BACKOFFICE, Rol.INSTELLING, Rol.BEHEERDER}:
        try:
            return HttpResponseRedirect(reverse("overzicht"))
        except NoReverseMatch:
            pass
    return render(request, "web/start.html", {"titel": "Start"})


urlpatterns = [path("", start, name="start")]
