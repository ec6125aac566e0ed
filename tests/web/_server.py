"""The real web server under test: ``overeenkomsten web`` in a subprocess.

Exactly what a user starts: the ``web`` command migrates, creates the first beheerder from
Django's ``DJANGO_SUPERUSER_*`` variables, starts the task worker and waitress, and prints
``Overeenkomsten draait op http://HOST:POORT/`` once it accepts connections. The harness
waits for that line, points the server at the test SMTP server, and in the PostgreSQL run
gives it a fresh database of its own. SIGTERM must stop it with exit code 0.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.web._harnas import ENV_POSTGRES, database, vrije_poort
from tests.web._postgres import nieuwe_database
from tests.web._smtp import SmtpServer, smtp_omgeving
from tests.web._totp import Authenticator

DRAAIT_OP = re.compile(r"^Overeenkomsten draait op (http://\S+/)\s*$")
# Seconds to wait for the line above (migrations on a fresh PostgreSQL database included).
STARTTIJD = 120.0
STOPTIJD = 30.0
# The test process's own settings never reach the server: it gets exactly what a test gives.
NIET_DOORGEVEN = ("OVEREENKOMSTEN_", "DJANGO_")


@dataclass(frozen=True)
class Account:
    gebruikersnaam: str
    wachtwoord: str
    email: str


@dataclass
class WebServer:
    """A running ``overeenkomsten web``: its address, data folder and first beheerder."""

    url: str
    data: Path
    beheerder: Account
    database: str
    proces: subprocess.Popen[str]
    uitvoer: list[str] = field(default_factory=list)
    # Per username: the phone app of an account whose two-step login is set up.
    authenticators: dict[str, Authenticator] = field(default_factory=dict)
    # The environment the server runs with (its database, its mail server).
    omgeving: dict[str, str] = field(default_factory=dict)

    def adres(self, pad: str = "/") -> str:
        """The full URL of ``pad`` (``"/inloggen/"``) on this server."""
        return self.url.rstrip("/") + "/" + pad.lstrip("/")

    def log(self) -> str:
        return "".join(self.uitvoer[-200:])

    def beheer(self, *opdracht: str) -> str:
        """Run ``overeenkomsten web-beheer`` on this installation; its output.

        Fails the test when the command exits with another code than 0."""
        proces = subprocess.run(
            [sys.executable, "-m", "overeenkomsten", "web-beheer", "--data", str(self.data)]
            + list(opdracht),
            env=self.omgeving,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if proces.returncode != 0:
            pytest.fail(
                f"web-beheer {' '.join(opdracht)}: exitcode {proces.returncode}\n"
                + proces.stdout
                + proces.stderr
            )
        return proces.stdout

    def maak_account(
        self,
        naam: str,
        organisatie: str,
        *,
        soort: str = "regio",
        rol: str = "backoffice",
        brin: str = "",
    ) -> Account:
        """An account with ``rol`` in ``organisatie`` (made when new), two-step login set up
        (its phone app in ``authenticators``): for tests about what comes after signing in."""
        sleutel = secrets.token_bytes(20)
        account = Account(naam, f"Proef-{secrets.token_urlsafe(12)}-2026", f"{naam}@test.invalid")
        code = (
            "from django.contrib.auth.models import User\n"
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            "from overeenkomsten.web.models import Organisatie, Profiel\n"
            f"o, _ = Organisatie.objects.get_or_create(naam={organisatie!r}, "
            f"defaults={{'soort': {soort!r}, 'brin': {brin!r}}})\n"
            f"u = User.objects.create_user({naam!r}, email={account.email!r}, "
            f"password={account.wachtwoord!r})\n"
            f"Profiel.objects.create(user=u, organisatie=o, rol={rol!r})\n"
            "TOTPDevice.objects.create(user=u, name='app', confirmed=True, "
            f"key={sleutel.hex()!r})\n"
        )
        self.beheer("shell", "--no-imports", "-c", code)
        self.authenticators[naam] = Authenticator(base64.b32encode(sleutel).decode())
        return account


def _lees(proces: subprocess.Popen[str], regels: list[str], gestart: threading.Event) -> None:
    assert proces.stdout is not None
    for regel in proces.stdout:
        regels.append(regel)
        if DRAAIT_OP.match(regel):
            gestart.set()
    gestart.set()  # the server exited: stop waiting


def _omgeving(beheerder: Account, extra: dict[str, str]) -> dict[str, str]:
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith(NIET_DOORGEVEN)}
    omgeving.update(
        DJANGO_SUPERUSER_USERNAME=beheerder.gebruikersnaam,
        DJANGO_SUPERUSER_PASSWORD=beheerder.wachtwoord,
        DJANGO_SUPERUSER_EMAIL=beheerder.email,
        PYTHONUNBUFFERED="1",
    )
    omgeving.update(extra)
    return omgeving


def _stop(proces: subprocess.Popen[str]) -> int | None:
    """SIGTERM, then (after STOPTIJD) kill the whole process group; the exit code on SIGTERM."""
    if proces.poll() is None:
        proces.send_signal(signal.SIGTERM)
        try:
            return proces.wait(STOPTIJD)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proces.pid, signal.SIGKILL)
            proces.wait()
            return None
    return proces.returncode


def _sluit(proces: subprocess.Popen[str], lezer: threading.Thread) -> None:
    _stop(proces)
    lezer.join(5)
    if proces.stdout is not None:
        proces.stdout.close()


@contextlib.contextmanager
def start_webserver(
    data: Path, smtp: SmtpServer, *, omgeving: dict[str, str] | None = None
) -> Iterator[WebServer]:
    """Start ``overeenkomsten web`` on a free port with the (empty) data folder ``data``.

    On the PostgreSQL run the server gets a new database of its own (dropped afterwards).
    Fails with the server's output when it does not start, or does not stop with exit 0.
    """
    # A mail address of its own per server: the SMTP server is shared by the session.
    beheerder = Account(
        "beheerder",
        f"Proef-{secrets.token_urlsafe(12)}-2026",
        f"beheer-{secrets.token_hex(4)}@test.invalid",
    )
    extra = {**smtp_omgeving(smtp), **(omgeving or {})}
    with contextlib.ExitStack() as stapel:
        if database() == "postgres":
            extra["OVEREENKOMSTEN_DATABASE_URL"] = stapel.enter_context(
                nieuwe_database(os.environ[ENV_POSTGRES])
            )
        adres = f"127.0.0.1:{vrije_poort()}"
        omgeving = _omgeving(beheerder, extra)
        proces = subprocess.Popen(
            [sys.executable, "-m", "overeenkomsten", "web", "--data", str(data), "--adres", adres],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=omgeving,
            start_new_session=True,
        )
        regels: list[str] = []
        gestart = threading.Event()
        lezer = threading.Thread(target=_lees, args=(proces, regels, gestart), daemon=True)
        lezer.start()
        stapel.callback(_sluit, proces, lezer)
        if not gestart.wait(STARTTIJD) or proces.poll() is not None:
            _stop(proces)
            pytest.fail(
                f"overeenkomsten web startte niet binnen {STARTTIJD:.0f} s "
                f"(exitcode {proces.returncode}); uitvoer:\n" + "".join(regels[-200:])
            )
        url = next(m.group(1) for r in regels if (m := DRAAIT_OP.match(r)))
        server = WebServer(url, data, beheerder, database(), proces, regels, omgeving=omgeving)
        try:
            yield server
        finally:
            code = _stop(proces)
            if code != 0:
                pytest.fail(
                    f"overeenkomsten web stopte niet netjes op SIGTERM (exitcode {code}); "
                    f"uitvoer:\n{server.log()}"
                )


@pytest.fixture(scope="session")
def webserver(
    smtp_server: SmtpServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebServer]:
    """One server for the whole session, shared by the browser tests.

    Tests that need an empty installation start their own with :func:`start_webserver`.
    """
    with start_webserver(tmp_path_factory.mktemp("webdata"), smtp_server) as server:
        yield server
