"""Overzicht benchmark (issue 13): the trajectories page with 5,000 trajectories on SQLite.

Seeds a fresh installation through the ORM (``--trajecten`` trajectories of one back
office, their ``status`` documents made by the library), signs in a back-office user with
two-step login, and measures the server time of ``/trajecten/``: the time Django takes to
answer, in this process (no network, no browser), after two warm-up requests. Also each
filter link the page offers, and the number of SQL queries of one request (a number that
grows with the rows would be an N+1). Target: under 300 ms. Also, once, the Excel export:
the request that starts it and the duration of the task that makes the workbook.
Run: ``.venv/bin/python benchmarks/web_overzicht.py [--trajecten 5000] [--keer 15]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import (  # noqa: E402
    django_voor,
    maak_gebruiker,
    maak_organisatie,
    pagina_ontbreekt,
    samenvatting_ms,
    zaai_trajecten,
)

DOEL_MS = 300
PAD = "/trajecten/"


def _client(gebruiker_pk: int) -> Any:
    """A Django test client signed in with a verified second step."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(SERVER_NAME="127.0.0.1")
    user = User.objects.get(pk=gebruiker_pk)
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    sessie.save()
    return client


def _meet(client: Any, url: str, keer: int) -> tuple[list[float], Any, int]:
    from django.db import connection

    for _ in range(2):
        client.get(url)
    queries: list[str] = []

    def tel(execute: Any, sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(tel):
        antwoord = client.get(url)
    tijden = []
    for _ in range(keer):
        begin = time.perf_counter()
        antwoord = client.get(url)
        tijden.append(time.perf_counter() - begin)
    return tijden, antwoord, len(queries)


def _meet_export(client: Any) -> None:
    """The Excel export: the request that starts it, and the task that makes the workbook
    (run here, once, as the worker runs it)."""
    from overeenkomsten.web.models import Overzichtexport
    from overeenkomsten.web.taken.export import maak_overzichtexport

    begin = time.perf_counter()
    antwoord = client.post(PAD + "export/")
    start = time.perf_counter() - begin
    print(f"{PAD}export/ (starten): {start * 1000:.0f} ms, HTTP {antwoord.status_code}")
    export = Overzichtexport.objects.latest("pk")
    begin = time.perf_counter()
    maak_overzichtexport.call(export.pk)
    duur = time.perf_counter() - begin
    export.refresh_from_db()
    print(
        f"taak maak_overzichtexport: {duur:.1f} s voor {export.trajecten} trajecten "
        f"({export.regels} regels, {export.status})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trajecten", type=int, default=5000)
    parser.add_argument("--keer", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        django_voor(Path(tmp))
        organisatie = maak_organisatie("RMT Benchmark", brin="")
        gebruiker = maak_gebruiker("backoffice", organisatie)
        begin = time.perf_counter()
        zaai_trajecten(organisatie, args.trajecten)
        print(f"{args.trajecten} trajecten gezaaid in {time.perf_counter() - begin:.1f} s")
        client = _client(gebruiker.pk)

        eerste = client.get(PAD)
        if eerste.status_code == 404:
            pagina_ontbreekt(PAD, "404")
        if eerste.status_code != 200:
            raise SystemExit(f"{PAD} gaf HTTP {eerste.status_code}")
        tekst = eerste.content.decode()
        links = sorted(set(re.findall(r'href="(\?[^"#]+)"', tekst)))
        filters = [link.replace("&amp;", "&") for link in links if "export" not in link]

        resultaten: dict[str, float] = {}
        for url in [PAD, *(PAD + f for f in filters)]:
            tijden, antwoord, queries = _meet(client, url, args.keer)
            rijen = len(set(re.findall(r"RMT-W-\d{4}", antwoord.content.decode())))
            print(
                f"{url}: {samenvatting_ms(tijden)}; {queries} SQL-queries; "
                f"{rijen} trajecten op de pagina; HTTP {antwoord.status_code}"
            )
            resultaten[url] = sorted(tijden)[len(tijden) // 2] * 1000

        _meet_export(client)

        slechtste = max(resultaten.values())
        oordeel = "gehaald" if slechtste < DOEL_MS else "NIET gehaald"
        print(f"doel: mediaan onder {DOEL_MS} ms per pagina: {oordeel} ({slechtste:.0f} ms)")


if __name__ == "__main__":
    main()
