"""Error pages in Dutch (403, 404, 500)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def geen_toegang(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(
        render_to_string("web/fout.html", {"titel": "Geen toegang", "code": 403}, request),
        status=403,
    )


def niet_gevonden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(
        render_to_string("web/fout.html", {"titel": "Niet gevonden", "code": 404}, request),
        status=404,
    )


def serverfout(request: HttpRequest) -> HttpResponse:
    # No request context: the error may come from a context processor or the database.
    return HttpResponse(
        render_to_string("web/fout.html", {"titel": "Er ging iets mis", "code": 500}),
        status=500,
    )
