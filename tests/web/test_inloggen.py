"""Signing in: password, then TOTP (set up on first sign-in), recovery codes, lockout,
CSRF, and the log of it all."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from overeenkomsten.web.models import Logregel
from tests.web._accounts import WACHTWOORD, totp_code

pytestmark = pytest.mark.django_db


def _login(client: Client, naam: str, wachtwoord: str = WACHTWOORD) -> Any:
    return client.post("/inloggen/", {"username": naam, "password": wachtwoord})


@pytest.mark.parametrize("rol", ["backoffice", "instelling", "beheerder", "auditor"])
def test_every_role_sets_up_totp_before_it_sees_anything(
    client: Client, organisatie: Any, gebruiker: Any, rol: str
) -> None:
    org = organisatie("ROC Test", soort="instelling", brin="25PZ")
    gebruiker("anna", org, rol, totp=False)

    response = _login(client, "anna")
    assert response.status_code == 302
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/tweestaps/")
    html = page.content.decode()
    assert "Tweestapsverificatie instellen" in html
    assert "<svg" in html  # the QR code, inline (no external image, no script)
    secret = re.search(r'<code class="geheim">([A-Z2-7 ]+)</code>', html)
    assert secret is not None

    # Nothing else is reachable until the code is confirmed.
    assert client.get("/").status_code == 302

    wrong = client.post("/tweestaps/", {"code": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    device = TOTPDevice.objects.get(user__username="anna")
    assert not device.confirmed
    # Right after a wrong code, the next try must wait (django-otp's throttling).
    waiting = client.post("/tweestaps/", {"code": totp_code(device)})
    assert "Te veel foute codes" in waiting.content.decode()
    device.throttle_reset()

    done = client.post("/tweestaps/", {"code": totp_code(device)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    start = client.get("/")
    assert start.status_code == 200 or not start.url.startswith("/tweestaps/")


def test_a_confirmed_account_needs_its_code_at_every_sign_in(
    client: Client, organisatie: Any, gebruiker: Any
) -> None:
    user = gebruiker("bob", organisatie("Regio"), "backoffice")
    _login(client, "bob")
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/tweestaps/?volgende=%2F"
    page = client.get(response.url).content.decode()
    assert "Typ de code van zes cijfers" in page
    assert "geheim" not in page  # the secret is shown only while setting up

    ok = client.post("/tweestaps/", {"code": totp_code(user.totp), "volgende": "/"})
    assert ok.status_code == 302
    assert ok.url == "/"
    assert client.get("/", follow=True).status_code == 200  # "/" leads to the overzicht


def test_a_recovery_code_works_once(client: Client, organisatie: Any, gebruiker: Any) -> None:
    user = gebruiker("carla", organisatie("Regio"), "backoffice")
    device = user.staticdevice_set.create(name="herstelcodes", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")

    _login(client, "carla")
    response = client.post("/tweestaps/", {"code": "ABCD 2345"}, follow=True)
    assert "nog 0 over" in response.content.decode()
    assert client.get("/", follow=True).status_code == 200  # "/" leads to the overzicht

    client.post("/uitloggen/")
    _login(client, "carla")
    again = client.post("/tweestaps/", {"code": "abcd2345"})
    assert "Deze code klopt niet" in again.content.decode()


def test_next_page_after_the_second_step_stays_on_this_site(
    client: Client, organisatie: Any, gebruiker: Any
) -> None:
    user = gebruiker("dirk", organisatie("Regio"), "backoffice")
    _login(client, "dirk")
    response = client.post(
        "/tweestaps/", {"code": totp_code(user.totp), "volgende": "https://evil.example/"}
    )
    assert response.url == "/"


def test_lockout_after_five_wrong_passwords(
    client: Client, organisatie: Any, gebruiker: Any
) -> None:
    gebruiker("eva", organisatie("Regio"), "backoffice")
    for _ in range(5):
        response = _login(client, "eva", "fout-wachtwoord")
        assert response.status_code in {200, 429}
    locked = _login(client, "eva")  # even the right password
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    failed = Logregel.objects.filter(actie="mislukt-inloggen", gebruikersnaam="eva")
    assert failed.count() >= 5

    # Another account is not locked by it.
    gebruiker("frank", organisatie("Regio 2"), "backoffice")
    assert _login(Client(), "frank").status_code == 302


def test_sign_in_and_out_are_logged(client: Client, organisatie: Any, gebruiker: Any) -> None:
    user = gebruiker("gijs", organisatie("Regio"), "backoffice")
    _login(client, "gijs")
    client.post("/uitloggen/")
    acties = list(Logregel.objects.filter(user=user).values_list("actie", flat=True))
    assert "ingelogd" in acties
    assert "uitgelogd" in acties
    line = Logregel.objects.filter(user=user, actie="ingelogd").get()
    assert line.ip == "127.0.0.1"
    assert line.organisatie is not None


def test_a_post_without_csrf_token_is_refused(organisatie: Any, gebruiker: Any) -> None:
    gebruiker("hans", organisatie("Regio"), "backoffice")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "hans", "password": WACHTWOORD})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post(
    client: Client, organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    inloggen(gebruiker("ida", organisatie("Regio"), "backoffice"))
    assert client.get("/uitloggen/").status_code == 405
    assert client.get("/", follow=True).status_code == 200  # "/" leads to the overzicht


def test_a_user_without_profile_sees_nothing(client: Client, db: None) -> None:
    User.objects.create_user("zonder", password=WACHTWOORD)
    _login(client, "zonder")
    assert client.get("/").status_code == 302  # to the second step, like everyone


def test_new_recovery_codes_replace_the_old(
    organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    user = gebruiker("kees", organisatie("Regio"), "backoffice")
    oud = user.staticdevice_set.create(name="herstelcodes", confirmed=True)
    StaticToken.objects.create(device=oud, token="oude1234")
    client = inloggen(user)
    assert "Nieuwe herstelcodes maken" in client.get("/tweestaps/herstelcodes/").content.decode()
    page = client.post("/tweestaps/herstelcodes/").content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(codes) == 10
    bewaard = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert bewaard == set(codes)
    assert Logregel.objects.filter(user=user, omschrijving="nieuwe herstelcodes").exists()
