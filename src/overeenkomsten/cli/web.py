"""``web`` and ``web-beheer``: the web application (docs/web.md), from the extra
``pip install '.[web]'``; imported only when one of these commands runs."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import click

from overeenkomsten.cli.app import ExitStatus, main, stderr

_EXTRA = {
    "django",
    "waitress",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "axes",
    "csp",
    "dj_database_url",
    "whitenoise",
    "segno",
}


def _server() -> ModuleType | None:
    try:
        from overeenkomsten.web import server
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in _EXTRA:
            raise
        stderr().print(
            "Fout: de webapplicatie is niet geinstalleerd. Installeer met "
            "pip install '.[web]' (of pip install 'overeenkomsten[web]') en probeer het "
            "opnieuw.",
            markup=False,
        )
        return None
    return server


_DATA = click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="MAP",
    default=Path("overeenkomsten-data"),
    show_default=True,
    help="Map met de database, de bestanden en de geheime sleutel.",
)


@main.command("web")
@_DATA
@click.option(
    "--adres",
    default="127.0.0.1:8000",
    metavar="HOST:POORT",
    show_default=True,
    help="HOST:POORT waarop de server luistert (0.0.0.0:8000 achter een TLS-proxy).",
)
def web(data: Path, adres: str) -> ExitStatus:
    """Start de webapplicatie (server en taakverwerker) met alles in de datamap."""
    server = _server()
    if server is None:
        return ExitStatus.ONBRUIKBAAR
    host, port = server.parse_adres(adres)
    return ExitStatus(server.serve(data, host, port))


@main.command("web-beheer", context_settings={"ignore_unknown_options": True})
@_DATA
@click.argument("opdracht", nargs=-1, type=click.UNPROCESSED)
def web_beheer(data: Path, opdracht: tuple[str, ...]) -> ExitStatus:
    """Voer een beheeropdracht van de webapplicatie uit (createsuperuser, opruimen, ...).

    Alle opdrachten: web-beheer help; uitleg bij een opdracht: web-beheer help OPDRACHT.
    """
    server = _server()
    if server is None:
        return ExitStatus.ONBRUIKBAAR
    code = server.beheer(data, list(opdracht) or ["help"])
    return ExitStatus.OK if code == 0 else ExitStatus.ONBRUIKBAAR
