"""Rules for every page, present and future: found by walking the URL patterns, so a page
added later is held to them without a test of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

#: Pages an anonymous visitor may see.
OPENBAAR = {
    "/inloggen/",
    "/wachtwoord-vergeten/",
    "/wachtwoord-vergeten/verzonden/",
    "/wachtwoord-vergeten/x/x/",
    "/wachtwoord-vergeten/klaar/",
    "/uitloggen/",
}


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _voorbeeld(route: str) -> str:
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:\w+:)?\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))


def test_no_route_carries_a_bsn() -> None:
    for route in ROUTES:
        assert "bsn" not in route.lower(), route


@pytest.mark.parametrize("route", ROUTES)
def test_every_page_needs_a_signed_in_account(client: Any, route: str) -> None:
    url = _voorbeeld(route)
    if url in OPENBAAR:
        return
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in {302, 403, 404, 405}, (url, response.status_code)
        if response.status_code == 302:
            assert response.url.startswith("/inloggen/"), (url, response.url)


@pytest.mark.parametrize("route", ROUTES)
def test_every_page_needs_the_second_step(
    client: Any, organisatie: Any, gebruiker: Any, route: str
) -> None:
    url = _voorbeeld(route)
    if url in OPENBAAR or url.startswith("/tweestaps/"):
        return
    user = gebruiker("zonder-tweede-stap", organisatie("Regio"), "beheerder")
    client.force_login(user)  # password only
    response = client.get(url)
    assert response.status_code in {302, 405}, (url, response.status_code)
    if response.status_code == 302:
        assert response.url.startswith("/tweestaps/"), (url, response.url)
