"""The answer an htmx poll gets once the work it waits for is done: reload the whole page
(htmx's ``HX-Refresh`` header), so the result shows without the user reloading."""

from __future__ import annotations

from django.http import HttpResponse


def pagina_verversen(antwoord: HttpResponse | None = None) -> HttpResponse:
    """``antwoord`` (default: an empty one) with the header that makes htmx reload the page."""
    antwoord = HttpResponse("") if antwoord is None else antwoord
    antwoord["HX-Refresh"] = "true"
    return antwoord
