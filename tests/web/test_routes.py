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


PK = 424242  # every object of the world below has this key, so every route finds one
BSN = "111222333"


@pytest.fixture
def wereld(organisatie: Any, gebruiker: Any, record_data: dict[str, Any]) -> Any:
    """One of everything, all with primary key :data:`PK`; the record holds a BSN."""
    from django.core.files.base import ContentFile

    from overeenkomsten.web.models import (
        AuditRapport,
        Batch,
        Document,
        Dossier,
        Intake,
        Profiel,
        Traject,
        Vertrouwd,
    )

    regio = organisatie("Regio")
    beheerder = gebruiker("wereld-beheerder", regio, "beheerder")
    Profiel.objects.filter(user=beheerder).update(id=PK)
    beheerder.refresh_from_db()
    record = {**record_data, "kandidaat": {**record_data["kandidaat"], "bsn": BSN}}
    traject = Traject.objects.create(
        pk=PK,
        organisatie=regio,
        traject_id=record["traject_id"],
        brin=record["instelling"]["brin"],
        kandidaat_naam="Fatma Yılmaz",
        record=record,
        map_pad="sets/wereld",
    )
    document = Document(pk=PK, traject=traject, soort="POK", sha256="0" * 64)
    document.bestand.save("POK.pdf", ContentFile(b"%PDF-1.7"), save=True)
    dossier = Dossier(pk=PK, traject=traject, sha256="1" * 64)
    dossier.bestand.save("dossier.pdf", ContentFile(b"%PDF-1.7"), save=True)
    intake = Intake(pk=PK, organisatie=regio, naam="intake.xlsx", status="klaar")
    intake.bestand.save("intake.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    Batch.objects.create(pk=PK, organisatie=regio, intake=intake, status="klaar")
    AuditRapport.objects.create(pk=PK, organisatie=regio, status="klaar")
    Vertrouwd.objects.create(pk=PK, organisatie=regio, naam="CA", pem="")
    return beheerder


@pytest.mark.parametrize("route", ROUTES)
def test_no_page_puts_a_bsn_in_its_title_or_address(wereld: Any, inloggen: Any, route: str) -> None:
    client = inloggen(wereld)
    url = _voorbeeld(route).replace("/1/", f"/{PK}/")
    response = client.get(url, follow=True)
    for adres, _ in response.redirect_chain:
        assert BSN not in adres
    if response.streaming:  # a download: read it to the end, which closes the file
        b"".join(response.streaming_content)
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    titel = re.search(r"<title>(.*?)</title>", html, re.S)
    assert titel is None or BSN not in titel.group(1), url
    if not url.startswith(f"/trajecten/{PK}/"):  # shown only on the traject page itself
        assert BSN not in html, url
