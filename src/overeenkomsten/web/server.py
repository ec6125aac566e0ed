"""``overeenkomsten web``: one process that serves the site (waitress) and keeps a task
worker (django-tasks-db's ``db_worker``) running beside it as a child process.

Order: environment, data folder, migrations, the first beheerder, the worker, the
server; the line ``Overeenkomsten draait op http://HOST:POORT/`` is printed once the
server accepts connections. SIGTERM or SIGINT stops the server and the worker, exit 0.
"""

from __future__ import annotations

import getpass
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import django
import waitress

from overeenkomsten.errors import ConfigurationError
from overeenkomsten.web.datamap import prepare, secret_key

SETTINGS = "overeenkomsten.web.instellingen"
_ADRES = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:\[\]]+)):(?P<poort>\d{1,5})$")
_ALLE = {"0.0.0.0", "::"}


def parse_adres(text: str) -> tuple[str, int]:
    """``HOST:POORT`` (``[::1]:8000`` for IPv6) as host and port; a Dutch error otherwise."""
    match = _ADRES.match(text.strip())
    if match is None or not 0 <= int(match["poort"]) <= 65535:
        raise ConfigurationError(
            f"--adres '{text}' is geen geldig adres: schrijf HOST:POORT, bijvoorbeeld "
            "127.0.0.1:8000 (alleen deze computer) of 0.0.0.0:8000 (achter een proxy).",
            code="adres-ongeldig",
        )
    return match["v6"] or match["host"], int(match["poort"])


def configure(data: Path, host: str = "127.0.0.1") -> Path:
    """Point Django at the data folder (made when missing, with its secret key) and the
    settings module; the allowed hosts default to the host served plus localhost."""
    data = prepare(data)
    secret_key(data)
    os.environ["OVEREENKOMSTEN_DATA"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    if not os.environ.get("OVEREENKOMSTEN_HOSTS"):
        hosts = ["localhost", "127.0.0.1", "[::1]"]
        if host in _ALLE:
            hosts.append(socket.gethostname())  # no DNS lookup: it may hang offline
        elif host not in hosts:
            hosts.append(f"[{host}]" if ":" in host else host)
        os.environ["OVEREENKOMSTEN_HOSTS"] = ",".join(dict.fromkeys(hosts))
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as fout:
        # Our settings' messages are Dutch (a missing driver's is not, but names it).
        raise ConfigurationError(
            f"De webapplicatie kan niet starten: {fout}", code="web-instellingen"
        ) from fout
    return data


def beheer(data: Path, arguments: Sequence[str]) -> int:
    """Run one Django management command with the installation's settings, on a migrated
    database. ``createsuperuser`` is ours: Dutch, and the account gets its profile."""
    configure(data)
    migrate()
    if arguments and arguments[0] == "createsuperuser":
        return nieuwe_beheerder(list(arguments[1:]))
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["overeenkomsten web-beheer", *arguments])
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def migrate() -> None:
    """Bring the database up to date; a Dutch error when it cannot be reached."""
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as fout:
        waar = (
            "de database uit OVEREENKOMSTEN_DATABASE_URL"
            if os.environ.get("OVEREENKOMSTEN_DATABASE_URL")
            else "de database in de datamap"
        )
        raise ConfigurationError(
            f"Kan {waar} niet gebruiken ({str(fout).strip().splitlines()[0]}). Controleer "
            "het adres, de gebruiker en het wachtwoord, en of de databaseserver draait.",
            code="database-onbereikbaar",
        ) from fout


def eerste_beheerder(data: Path) -> str:
    """Make the installation's first beheerder when there is no superuser yet.

    From Django's own ``DJANGO_SUPERUSER_USERNAME``/``_PASSWORD``/``_EMAIL``, or asked on
    a terminal; otherwise nothing is made and the returned text says how to make one.
    """
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if user_model.objects.filter(is_superuser=True).exists():
        return ""
    naam = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
    wachtwoord = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
    mail = os.environ.get("DJANGO_SUPERUSER_EMAIL", "").strip()
    if naam and wachtwoord:
        _maak_beheerder(naam, mail, wachtwoord)
        return f"De eerste beheerder '{naam}' is aangemaakt."
    if sys.stdin is not None and sys.stdin.isatty():
        return _vraag_beheerder()
    return (
        "Er is nog geen beheerder. Maak de eerste met:\n"
        f"  overeenkomsten web-beheer --data {data} createsuperuser\n"
        "of start opnieuw met DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_PASSWORD en "
        "DJANGO_SUPERUSER_EMAIL in de omgeving."
    )


def nieuwe_beheerder(arguments: list[str]) -> int:
    """``web-beheer createsuperuser [--username NAAM] [--email ADRES]``: a beheerder of the
    installation, from the DJANGO_SUPERUSER_* variables or asked on a terminal."""
    import argparse

    parser = argparse.ArgumentParser(prog="overeenkomsten web-beheer createsuperuser")
    parser.add_argument("--username", "--gebruikersnaam", dest="naam", default="")
    parser.add_argument("--email", dest="mail", default="")
    parser.add_argument("--noinput", "--no-input", action="store_true")
    opties, onbekend = parser.parse_known_args(arguments)
    if onbekend:
        print(f"Onbekende optie(s): {' '.join(onbekend)}.", file=sys.stderr)
        return 2
    naam = opties.naam or os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
    mail = opties.mail or os.environ.get("DJANGO_SUPERUSER_EMAIL", "").strip()
    wachtwoord = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
    try:
        if naam and wachtwoord:
            _maak_beheerder(naam, mail, wachtwoord)
            print(f"De beheerder '{naam}' is aangemaakt.", file=sys.stderr)
        elif not opties.noinput and sys.stdin is not None and sys.stdin.isatty():
            print(_vraag_beheerder(), file=sys.stderr)
        else:
            print(
                "Fout: er is geen terminal om naar de gegevens te vragen. Zet "
                "DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_PASSWORD en "
                "DJANGO_SUPERUSER_EMAIL in de omgeving, of draai de opdracht in een terminal.",
                file=sys.stderr,
            )
            return 2
    except NameTakenError as fout:
        print(f"Fout: {fout}", file=sys.stderr)
        return 2
    return 0


class NameTakenError(Exception):
    """The username is taken."""


def _maak_beheerder(naam: str, mail: str, wachtwoord: str) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from overeenkomsten.web.toegang import profiel_van

    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=naam).exists():
        raise NameTakenError(f"de gebruikersnaam '{naam}' bestaat al; kies een andere.")
    with transaction.atomic():
        user = user_model.objects.create_superuser(naam, mail, wachtwoord)
        profiel_van(user)


def _vraag_beheerder() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    translation.activate("nl")
    print("Maak een beheerder van de installatie aan.", file=sys.stderr)
    naam = ""
    while not naam:
        naam = input("Gebruikersnaam: ").strip()
        if get_user_model().objects.filter(username__iexact=naam).exists():
            print(f"De gebruikersnaam '{naam}' bestaat al; kies een andere.", file=sys.stderr)
            naam = ""
    mail = input("E-mailadres (voor een vergeten wachtwoord): ").strip()
    while True:
        wachtwoord = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Wachtwoord (nogmaals): ") != wachtwoord:
            print("De wachtwoorden zijn niet gelijk. Probeer het opnieuw.", file=sys.stderr)
            continue
        try:
            validate_password(wachtwoord)
        except ValidationError as exc:
            for bericht in exc.messages:
                print(bericht, file=sys.stderr)
            continue
        break
    _maak_beheerder(naam, mail, wachtwoord)
    return f"De eerste beheerder '{naam}' is aangemaakt."


class Werker:
    """The task worker as a child process, restarted when it stops unexpectedly."""

    def __init__(self) -> None:
        self.proces: subprocess.Popen[bytes] | None = None
        self._stoppen = threading.Event()
        self._bewaker = threading.Thread(target=self._bewaak, name="werker", daemon=True)

    def _start(self) -> None:
        self.proces = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", "django", "db_worker", "--queue-name", "*", "-v", "0"],
            env=dict(os.environ),
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the server, which stops the worker
        )

    def start(self) -> None:
        self._start()
        self._bewaker.start()

    def _bewaak(self) -> None:
        wacht = 1.0
        while not self._stoppen.wait(2.0):
            if self.proces is not None and self.proces.poll() is not None:
                print(
                    f"De taakverwerker stopte onverwacht (code {self.proces.returncode}); "
                    "hij wordt opnieuw gestart.",
                    file=sys.stderr,
                )
                if self._stoppen.wait(wacht):
                    return
                wacht = min(wacht * 2, 60.0)
                self._start()

    def stopping(self) -> None:
        """No more restarts: the server is stopping."""
        self._stoppen.set()

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping()
        if self.proces is None or self.proces.poll() is not None:
            return
        self.proces.terminate()  # db_worker finishes its current task, then exits
        try:
            self.proces.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait()


def serve(data: Path, host: str, port: int, *, threads: int = 8) -> int:
    """Prepare the installation and serve it until SIGTERM/SIGINT."""
    data = configure(data, host)
    migrate()
    melding = eerste_beheerder(data)
    if melding:
        print(melding, file=sys.stderr, flush=True)
    if host not in {"127.0.0.1", "localhost", "::1"} and not os.environ.get("OVEREENKOMSTEN_HTTPS"):
        print(
            f"Let op: de server luistert op {host} zonder TLS. Zet hem achter een proxy met "
            "https en OVEREENKOMSTEN_HTTPS=1 (zie docs/web.md), zodat wachtwoorden en "
            "persoonsgegevens niet onversleuteld over het netwerk gaan.",
            file=sys.stderr,
            flush=True,
        )

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    try:
        server: Any = waitress.create_server(
            application, host=host, port=port, threads=threads, ident="overeenkomsten"
        )
    except OSError as exc:
        raise ConfigurationError(
            f"Kan niet luisteren op {host}:{port}: {exc.strerror or exc}. Is het adres al in "
            "gebruik (draait de server al)? Kies een andere poort met --adres.",
            code="adres-bezet",
        ) from exc
    werker = Werker()

    def stop_signaal(signum: int, frame: FrameType | None) -> None:
        werker.stopping()
        raise SystemExit(0)  # waitress's loop ends on SystemExit and drains its threads

    signal.signal(signal.SIGTERM, stop_signaal)
    signal.signal(signal.SIGINT, stop_signaal)
    try:
        werker.start()
        shown = f"[{host}]" if ":" in host else host
        print(f"Overeenkomsten draait op http://{shown}:{server.effective_port}/", flush=True)
        server.run()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        werker.stop()
        server.close()
    return 0
