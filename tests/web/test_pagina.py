"""The base page: Dutch, a Content-Security-Policy without inline scripts, security
headers, the menu by role, and password reset."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from tests.web._accounts import WACHTWOORD

pytestmark = pytest.mark.django_db


def test_login_page_is_dutch_with_a_strict_policy(client: Any) -> None:
    response = client.get("/inloggen/")
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<title>Inloggen · Overeenkomsten</title>" in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # No inline script or style: every <script> has a src, no style attributes.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag
    assert "<style" not in html
    assert " style=" not in html


def test_static_files_are_served(client: Any) -> None:
    for path in ("/statisch/web/stijl.css", "/statisch/web/htmx.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content)  # read to the end: closes the file


def test_the_menu_shows_only_installed_pages_for_the_role(
    organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    beheerder = gebruiker("beh", organisatie("Regio"), "beheerder")
    html = inloggen(beheerder).get("/", follow=True).content.decode()
    assert "Uitloggen" in html
    for link in re.findall(r'<nav aria-label="Hoofdmenu">(.*?)</nav>', html, re.S):
        for href in re.findall(r'href="([^"]+)"', link):
            assert inloggen(beheerder).get(href).status_code != 404, href


def test_unknown_page_is_a_dutch_404(organisatie: Any, gebruiker: Any, inloggen: Any) -> None:
    client = inloggen(gebruiker("x", organisatie("Regio"), "backoffice"))
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()


def test_password_reset_by_mail(client: Any, organisatie: Any, gebruiker: Any) -> None:
    gebruiker("jan", organisatie("Regio"), "backoffice", email="jan@example.org")
    response = client.post("/wachtwoord-vergeten/", {"email": "jan@example.org"}, follow=True)
    assert "Kijk in uw mail" in response.content.decode()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "nieuw wachtwoord" in body
    link = re.search(r"http://testserver(/wachtwoord-vergeten/\S+/)", body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "Nieuw wachtwoord" in form.content.decode()
    nieuw = "Een-heel-nieuw-wachtwoord-7"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": nieuw, "new_password2": nieuw}, follow=True
    )
    assert "Wachtwoord gewijzigd" in done.content.decode()
    assert client.post("/inloggen/", {"username": "jan", "password": nieuw}).status_code == 302
    assert client.post("/inloggen/", {"username": "jan", "password": WACHTWOORD}).status_code


def _settings_with(env: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: str(getattr(settings, k, None)) for k in ("
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_PROXY_SSL_HEADER', 'ALLOWED_HOSTS', 'EMAIL_BACKEND', 'EMAIL_HOST', "
        "'EMAIL_PORT', 'EMAIL_USE_TLS', 'DATABASES')}))"
    )
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OVEREENKOMSTEN_")},
        "OVEREENKOMSTEN_DATA": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "overeenkomsten.web.instellingen",
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_https_behind_a_proxy_switches_on_secure_cookies_and_hsts(tmp_path: Path) -> None:
    plain = _settings_with({}, tmp_path)
    assert plain["SESSION_COOKIE_SECURE"] == "False"
    assert "sqlite3" in plain["DATABASES"]
    assert "filebased" in plain["EMAIL_BACKEND"]
    secure = _settings_with(
        {"OVEREENKOMSTEN_HTTPS": "1", "OVEREENKOMSTEN_HOSTS": "overeenkomsten.example.nl"},
        tmp_path,
    )
    assert secure["SESSION_COOKIE_SECURE"] == "True"
    assert secure["CSRF_COOKIE_SECURE"] == "True"
    assert int(secure["SECURE_HSTS_SECONDS"]) >= 31536000
    assert "HTTP_X_FORWARDED_PROTO" in secure["SECURE_PROXY_SSL_HEADER"]
    assert secure["ALLOWED_HOSTS"] == "['overeenkomsten.example.nl']"
    assert (tmp_path / "geheim.key").stat().st_mode & 0o777 == 0o600


def test_smtp_and_postgres_come_from_the_environment(tmp_path: Path) -> None:
    found = _settings_with(
        {
            "OVEREENKOMSTEN_SMTP_HOST": "mail.example.nl",
            "OVEREENKOMSTEN_SMTP_PORT": "587",
            "OVEREENKOMSTEN_SMTP_TLS": "1",
            "OVEREENKOMSTEN_DATABASE_URL": "postgresql://u:pw@db.example.nl:5432/overeenkomsten",
        },
        tmp_path,
    )
    assert "smtp" in found["EMAIL_BACKEND"]
    assert found["EMAIL_HOST"] == "mail.example.nl"
    assert found["EMAIL_PORT"] == "587"
    assert found["EMAIL_USE_TLS"] == "True"
    assert "postgresql" in found["DATABASES"]
    assert "db.example.nl" in found["DATABASES"]


def test_a_user_changes_their_password(organisatie: Any, gebruiker: Any, inloggen: Any) -> None:
    user = gebruiker("wim", organisatie("Regio"), "backoffice")
    client = inloggen(user)
    nieuw = "Wims-nieuwe-wachtwoord-3"
    fout = client.post(
        "/wachtwoord-wijzigen/",
        {"old_password": "fout", "new_password1": nieuw, "new_password2": nieuw},
    )
    assert fout.status_code == 200
    response = client.post(
        "/wachtwoord-wijzigen/",
        {"old_password": WACHTWOORD, "new_password1": nieuw, "new_password2": nieuw},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(nieuw)
