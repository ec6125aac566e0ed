"""Load benchmark (issue 13): 20 people browsing while one batch runs, against 127.0.0.1.

Starts the real ``overeenkomsten web`` (waitress and its task worker) on a fresh SQLite
installation, seeds ``--trajecten`` trajectories and ``--gebruikers`` back-office accounts
through the ORM, signs every account in over HTTP (password, then the TOTP code), starts one
batch of ``--rijen`` rows (an intake uploaded and validated, then the batch task, as the
intake page does), and lets the accounts browse (start page, overzicht, traject pages, the
batch page and its progress) with a short think time until the batch is done (at most
``--max`` seconds, at least ``--min``). Bounded: one process, ``--gebruikers`` threads.
Prints the request count, errors, and the median/p95/max per page and overall.
Target: no error, p95 under 1 s.
Run: ``.venv/bin/python benchmarks/web_last.py [--gebruikers 20] [--rijen 20]``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import (  # noqa: E402
    HttpSessie,
    _basisrecord,
    django_voor,
    maak_gebruiker,
    maak_organisatie,
    pagina_ontbreekt,
    percentiel,
    samenvatting_ms,
    zaai_trajecten,
)

DOEL_P95_S = 1.0


def _server(data: Path) -> Any:
    """The real web server (the test harness's), with a local SMTP server beside it."""
    from aiosmtpd.controller import Controller
    from tests.web._server import start_webserver
    from tests.web._smtp import SmtpServer

    smtp = SmtpServer(_vrije_poort())
    controller = Controller(smtp, hostname="127.0.0.1", port=smtp.poort)
    controller.start()
    return controller, start_webserver(data, smtp)


def _vrije_poort() -> int:
    from tests.web._harnas import vrije_poort

    return vrije_poort()


def start_batch(sessie: HttpSessie, rijen: int, map_: Path) -> int:
    """As a person does on the intake page: upload a workbook of ``rijen`` valid rows, wait
    for its findings, press "Batch starten"; the batch's pk."""
    from tests.batch.helpers import records, write_intake

    werkboek = write_intake(map_ / "intake.xlsx", records(_basisrecord(), rijen, prefix="RMT-L"))
    status, url, _ = sessie.post_bestand("/intake/", "bestand", werkboek)
    gevonden = re.search(r"/intake/(\d+)/$", url)
    if status == 404:
        pagina_ontbreekt("/intake/", "404")
    if gevonden is None:
        raise SystemExit(f"uploaden van de intake mislukte (HTTP {status}, {url})")
    pad = f"/intake/{gevonden.group(1)}/"
    einde = time.monotonic() + 300
    while 'id="aantal"' not in sessie.haal(pad)[2]:
        if time.monotonic() > einde:
            raise SystemExit("de intake werd niet binnen 300 s gecontroleerd")
        time.sleep(0.5)
    status, url, _ = sessie.post_formulier(pad, {}, actie=f"{pad}batch/")
    gevonden = re.search(r"/batch/(\d+)/$", url)
    if gevonden is None:
        raise SystemExit(f"de batch startte niet (HTTP {status}, {url})")
    sessie.tijden.clear()
    sessie.fouten.clear()
    return int(gevonden.group(1))


def _batch_klaar(batch_pk: int) -> bool:
    from overeenkomsten.web.models import Batch

    return Batch.objects.get(pk=batch_pk).status in {"klaar", "mislukt"}


def _bestaande(sessie: HttpSessie, paden: list[str]) -> list[str]:
    """The pages that exist; a missing overzicht stops the benchmark (it is the point)."""
    bestaand, ontbrekend = [], set()
    for pad in paden:
        status, _, _ = sessie.haal(pad)
        if status == 404:
            ontbrekend.add(re.sub(r"/\d+/", "/<pk>/", pad))
        else:
            bestaand.append(pad)
    if "/trajecten/" in ontbrekend:
        pagina_ontbreekt("/trajecten/ (overzicht)", "404")
    for pad in sorted(ontbrekend):
        print(f"(pagina {pad} bestaat nog niet: niet meegenomen)")
    sessie.tijden.clear()
    sessie.fouten.clear()
    return bestaand


def _blader(
    sessie: HttpSessie,
    paden: list[list[str]],
    stop: threading.Event,
    per_pad: dict[str, list[float]],
) -> None:
    """Click around: each kind of page equally often (a random traject for the traject
    page), until ``stop``."""
    kans = random.Random(id(sessie))
    while not stop.is_set():
        pad = kans.choice(kans.choice([soort for soort in paden if soort]))
        aantal = len(sessie.tijden)
        sessie.haal(pad)
        per_pad[re.sub(r"/\d+/", "/<pk>/", pad)].append(sessie.tijden[aantal])
        stop.wait(kans.uniform(0.2, 1.0))  # a person reads before the next click


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gebruikers", type=int, default=20)
    parser.add_argument("--trajecten", type=int, default=500)
    parser.add_argument("--rijen", type=int, default=20)
    parser.add_argument("--min", type=float, default=20.0)
    parser.add_argument("--max", type=float, default=180.0)
    parser.add_argument("--zonder-batch", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        map_ = Path(tmp)
        controller, server_cm = _server(map_ / "data")
        with server_cm as server:
            django_voor(map_ / "data")
            organisatie = maak_organisatie("RMT Last")
            gebruikers = [
                maak_gebruiker(f"gebruiker{n:02d}", organisatie) for n in range(args.gebruikers)
            ]
            pks = zaai_trajecten(organisatie, args.trajecten)
            sessies = []
            for gebruiker in gebruikers:
                sessie = HttpSessie(server.url)
                sessie.log_in(gebruiker)
                sessies.append(sessie)
            print(f"{server.url}: {len(sessies)} gebruikers ingelogd, {len(pks)} trajecten")

            batch_pk = None
            if not args.zonder_batch:
                batch_pk = start_batch(sessies[0], args.rijen, map_)
            trajecten = [f"/trajecten/{pk}/" for pk in random.sample(pks, min(50, len(pks)))]
            soorten = ["/", "/trajecten/", "/trajecten/?filter=wacht-op-ondertekening"]
            if batch_pk is not None:
                soorten += [f"/batch/{batch_pk}/", f"/batch/{batch_pk}/voortgang/"]
            soorten = _bestaande(sessies[0], soorten)
            paden = [[p] for p in soorten] + [_bestaande(sessies[0], trajecten)]

            per_pad: dict[str, list[float]] = defaultdict(list)
            stop = threading.Event()
            draden = [
                threading.Thread(target=_blader, args=(s, paden, stop, per_pad), daemon=True)
                for s in sessies
            ]
            begin = time.monotonic()
            for draad in draden:
                draad.start()
            while True:
                verstreken = time.monotonic() - begin
                klaar = batch_pk is None or _batch_klaar(batch_pk)
                if verstreken >= args.max or (klaar and verstreken >= args.min):
                    break
                time.sleep(1)
            stop.set()
            for draad in draden:
                draad.join(70)
            duur = time.monotonic() - begin
            if batch_pk is not None:
                status = "klaar" if _batch_klaar(batch_pk) else "nog bezig"
                print(f"batch van {args.rijen} rijen: {status} na {duur:.0f} s")

        controller.stop()
        tijden = [t for s in sessies for t in s.tijden]
        fouten = [f for s in sessies for f in s.fouten]
        print(f"{len(tijden)} verzoeken in {duur:.0f} s ({len(tijden) / duur:.1f} per seconde)")
        for pad, waarden in sorted(per_pad.items()):
            print(f"  {pad}: {samenvatting_ms(waarden)}")
        print(f"alles: {samenvatting_ms(tijden)}; fouten: {len(fouten)} {fouten[:5]}")
        p95 = percentiel(tijden, 95)
        gehaald = p95 < DOEL_P95_S and not fouten
        print(
            f"doel: p95 onder {DOEL_P95_S:.0f} s en geen fouten: "
            f"{'gehaald' if gehaald else 'NIET gehaald'} (p95 {p95 * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
