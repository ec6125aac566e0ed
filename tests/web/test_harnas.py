"""The harness itself: each real component answers as the web tests rely on."""

from __future__ import annotations

import re
import smtplib
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from tests.web._inloggen import log_in
from tests.web._postgres import nieuwe_database
from tests.web._server import WebServer
from tests.web._smtp import SmtpServer
from tests.web._totp import Authenticator, sleutel_uit, totp_code

# RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" in base32.
RFC_GEHEIM = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("tijdstip", "code"),
    [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_totp_codes_match_rfc_6238(tijdstip: int, code: str) -> None:
    assert totp_code(RFC_GEHEIM, tijdstip) == code


def test_totp_secret_forms_an_app_accepts() -> None:
    uri = f"otpauth://totp/Overeenkomsten:beheerder?secret={RFC_GEHEIM}&issuer=Overeenkomsten"
    gegroepeerd = " ".join(RFC_GEHEIM[i : i + 4].lower() for i in range(0, 32, 4))
    assert sleutel_uit(uri) == sleutel_uit(gegroepeerd) == b"12345678901234567890"


def test_authenticator_never_repeats_a_code_within_a_step(monkeypatch: pytest.MonkeyPatch) -> None:
    klok = iter([90.0, 95.0])
    monkeypatch.setattr("tests.web._totp.time.time", lambda: next(klok, 125.0))
    monkeypatch.setattr("tests.web._totp.time.sleep", lambda _s: None)
    app = Authenticator(RFC_GEHEIM)
    assert app.code() == totp_code(RFC_GEHEIM, 91)
    assert app.code() == totp_code(RFC_GEHEIM, 121)  # waited for the next 30-second step


def test_smtp_server_receives_a_real_mail(smtp_server: SmtpServer) -> None:
    bericht = EmailMessage()
    bericht["From"] = "afzender@test.invalid"
    bericht["To"] = "harnas@test.invalid"
    bericht["Subject"] = "Wachtwoord opnieuw instellen"
    bericht.set_content("Klik op de link: http://127.0.0.1/reset/")
    with smtplib.SMTP("127.0.0.1", smtp_server.poort, timeout=10) as smtp:
        smtp.send_message(bericht)
    ontvangen = smtp_server.wacht_op_bericht("harnas@test.invalid", timeout=10)
    assert ontvangen["Subject"] == "Wachtwoord opnieuw instellen"
    assert "http://127.0.0.1/reset/" in ontvangen.get_content()


@pytest.fixture
def kleine_site() -> Iterator[str]:
    """A page with a form and a script-free counter, served over HTTP on 127.0.0.1."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's name)
            naam = self.path.partition("?naam=")[2] or "onbekend"
            tekst = (
                f"<!doctype html><title>Proef</title><h1>Hallo {naam}</h1>"
                "<form><input name=naam><button>Verstuur</button></form>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(tekst)))
            self.end_headers()
            self.wfile.write(tekst)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.mark.browser
def test_chromium_fills_in_a_form_on_localhost(pagina: Page, kleine_site: str) -> None:
    pagina.goto(kleine_site)
    pagina.fill("input[name=naam]", "Fatima")
    pagina.click("text=Verstuur")
    pagina.wait_for_url("**?naam=Fatima")
    assert pagina.inner_text("h1") == "Hallo Fatima"


@pytest.mark.browser
def test_an_account_made_by_the_harness_signs_in_with_its_code(
    pagina: Page, webserver: WebServer
) -> None:
    account = webserver.maak_account("harnas-backoffice", "RMT Harnas", rol="backoffice")
    log_in(pagina, webserver, account)
    expect(pagina).not_to_have_url(re.compile(r"/(inloggen|tweestaps)/"))
    expect(pagina.get_by_text("harnas-backoffice").first).to_be_visible()


@pytest.mark.postgres
def test_postgres_is_real_and_gives_each_server_its_own_database(postgres_url: str) -> None:
    import psycopg

    with nieuwe_database(postgres_url) as url:
        with psycopg.connect(url) as verbinding:
            versie = verbinding.execute("SHOW server_version").fetchone()
            naam = verbinding.execute("SELECT current_database()").fetchone()
        assert versie is not None
        assert int(versie[0].split(".")[0]) >= 13
        assert naam is not None
        assert url.endswith("/" + naam[0])
    with psycopg.connect(postgres_url) as verbinding:
        over = verbinding.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", (naam[0],)
        ).fetchone()
    assert over == (0,)
