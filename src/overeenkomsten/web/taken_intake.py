"""The tasks of the intake and batch pages (django-tasks): the same library functions as
``overeenkomsten valideer`` and ``overeenkomsten batch``, in a scratch folder.

``valideer_intake`` stores the findings (each located by sheet, row and column, a BSN
masked) and the foutenrapport; ``draai_batch`` makes the sets of the valid rows in the
organisation's stable set folder (:mod:`overeenkomsten.web.setopslag`), records the
trajectories and documents, and asks for each trajectory's status to be refreshed. A
library error becomes a Dutch message on the row (status ``mislukt``), never a traceback.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import task

from overeenkomsten import api
from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.errors import OvereenkomstenError, Problem
from overeenkomsten.web.models import Batch, Intake, Organisatie
from overeenkomsten.web.paginas._intakeformulier import werknaam
from overeenkomsten.web.setopslag import Werkkopie
from overeenkomsten.web.werk import bewaar, haal, vergrendeld, werkmap

log = logging.getLogger(__name__)

#: Problems kept on the row for the page (all of them are in the foutenrapport).
MAX_PROBLEMEN = 5000
#: Progress is written at most this often (seconds): a write per row would be a write
#: transaction per row on SQLite.
VOORTGANG_INTERVAL = 0.5
#: A batch takes at most this many LibreOffice workers; fewer for a small intake.
MAX_WERKERS = 4
RIJEN_PER_WERKER = 25
#: A running batch beats this often (seconds) ...
HARTSLAG_INTERVAL = 30
#: ... and one silent for this long is taken as dead (its worker was killed).
HARTSLAG_DOOD = 5 * 60
ONVERWACHT = "Er ging iets onverwachts mis; probeer het opnieuw of meld het aan de beheerder."
AFGEBROKEN = (
    "De verwerking van deze batch is afgebroken (de taakverwerker stopte); start de batch "
    "opnieuw vanaf de intakepagina. Wat al klaar was, wordt overgeslagen."
)


def _bericht(fout: Exception, map: Path, naam: str, invoer: Path | None) -> str:
    """The library's Dutch message, naming the user's file instead of the scratch copy."""
    tekst = str(fout)
    if invoer is not None:
        tekst = tekst.replace(str(invoer), naam)
    return scrub_bsn(tekst.replace(f"{map}{os.sep}", "").replace(str(map), ""))


def _probleem(p: Problem) -> dict[str, Any]:
    from overeenkomsten.intake.rapport import json_value

    waarde = json_value(p.waarde)
    return {
        "blad": p.blad,
        "rij": p.rij,
        "kolom": p.kolom or p.pad,
        "waarde": scrub_bsn(str(waarde)) if isinstance(waarde, str) else waarde,
        "ernst": p.ernst,
        "bericht": scrub_bsn(p.bericht),
        "code": p.code,
    }


def _invoer(intake: Intake, map: Path) -> Path:
    return haal(intake.bestand.name, map / "invoer" / werknaam(intake.naam))


@task()
def valideer_intake(intake_id: int) -> None:
    """Validate an uploaded intake file as ``valideer`` does and keep the result on the
    row: counts, every problem (up to :data:`MAX_PROBLEMEN`) and the foutenrapport."""
    Intake.objects.filter(pk=intake_id).update(status=Intake.Status.BEZIG)
    intake = Intake.objects.get(pk=intake_id)
    resultaat: dict[str, Any]
    with werkmap() as map:
        invoer = None
        try:
            invoer = _invoer(intake, map)
            rapportpad = map / "foutenrapport.xlsx"
            rapport = api.valideer_met_foutenrapport(invoer, rapportpad)
            problemen = rapport.problemen
            resultaat = {
                "aantal": rapport.aantal,
                "ongeldig": rapport.trajecten_met_fouten,
                "geldig": rapport.aantal - rapport.trajecten_met_fouten,
                "fouten": len(rapport.fouten),
                "waarschuwingen": len(rapport.waarschuwingen),
                "samenvatting": rapport.samenvatting(),
                "problemen": [_probleem(p) for p in problemen[:MAX_PROBLEMEN]],
                "weggelaten": max(0, len(problemen) - MAX_PROBLEMEN),
                "foutenrapport": None,
            }
            if rapportpad.is_file():
                resultaat["foutenrapport"] = bewaar(
                    rapportpad, f"intake/rapporten/foutenrapport-{intake_id}.xlsx"
                )
            status = Intake.Status.KLAAR
        except OvereenkomstenError as fout:
            resultaat = {"fout": _bericht(fout, map, intake.naam, invoer)}
            status = Intake.Status.MISLUKT
        except BaseException:
            Intake.objects.filter(pk=intake_id).update(
                status=Intake.Status.MISLUKT, resultaat={"fout": ONVERWACHT}
            )
            raise
    if status == Intake.Status.MISLUKT:
        # An unusable file is of no use later: like a refused upload, it is not kept.
        intake.bestand.delete(save=False)
        Intake.objects.filter(pk=intake_id).update(bestand="")
    Intake.objects.filter(pk=intake_id).update(status=status, resultaat=resultaat)


def _voortgang(batch_id: int) -> Callable[[int, int], None]:
    laatst = 0.0

    def meld(gedaan: int, totaal: int) -> None:
        nonlocal laatst
        nu = time.monotonic()
        if gedaan == totaal or nu - laatst >= VOORTGANG_INTERVAL:
            laatst = nu
            Batch.objects.filter(pk=batch_id).update(gedaan=gedaan, totaal=totaal)

    return meld


def _claim(batch_id: int) -> bool:
    """Mark the batch ``bezig`` unless another batch of its organisation is running: one
    batch per organisation at a time, so two never work on the same set folder (a row
    lock on the organisation, never a file lock). A batch whose worker stopped beating
    (killed, machine gone) for :data:`HARTSLAG_DOOD` seconds no longer counts: it is
    marked mislukt."""
    organisatie_id = Batch.objects.values_list("organisatie_id", flat=True).get(pk=batch_id)
    with vergrendeld(Organisatie, organisatie_id):
        grens = timezone.now() - timedelta(seconds=HARTSLAG_DOOD)
        bezig = False
        andere = Batch.objects.filter(organisatie_id=organisatie_id, status=Batch.Status.BEZIG)
        for ander in andere.exclude(pk=batch_id):
            if _laatste_hartslag(ander) < grens:
                Batch.objects.filter(pk=ander.pk).update(
                    status=Batch.Status.MISLUKT,
                    samenvatting={"fout": AFGEBROKEN},
                    klaar_op=timezone.now(),
                )
            else:
                bezig = True
        if not bezig:
            Batch.objects.filter(pk=batch_id).update(
                status=Batch.Status.BEZIG,
                samenvatting={"hartslag": timezone.now().isoformat()},
            )
    return not bezig


def _laatste_hartslag(batch: Batch) -> datetime:
    try:
        return datetime.fromisoformat(str((batch.samenvatting or {})["hartslag"]))
    except (KeyError, ValueError):
        return batch.aangemaakt


@contextmanager
def _hartslag(batch_id: int) -> Iterator[None]:
    """Beat every :data:`HARTSLAG_INTERVAL` seconds while the batch runs (a thread with
    its own database connection), so another worker can tell a running batch from one
    whose worker died."""
    stop = threading.Event()

    def klop() -> None:
        try:
            while not stop.wait(HARTSLAG_INTERVAL):
                try:
                    Batch.objects.filter(pk=batch_id, status=Batch.Status.BEZIG).update(
                        samenvatting={"hartslag": timezone.now().isoformat()}
                    )
                except DatabaseError:  # a busy database: the next beat tries again
                    log.info("batch %s: hartslag overgeslagen", batch_id)
        finally:
            connection.close()

    draad = threading.Thread(target=klop, name=f"batch-{batch_id}-hartslag", daemon=True)
    draad.start()
    try:
        yield
    finally:
        stop.set()
        draad.join()


def _later(batch_id: int) -> None:
    backend = draai_batch.get_backend()
    if backend.supports_defer:
        draai_batch.using(run_after=timezone.now() + timedelta(seconds=15)).enqueue(batch_id)


def _trajecten_van(invoer: Path) -> list[str]:
    """The traject_id of every row (valid or not): which stored sets the batch may touch."""
    from overeenkomsten.intake import open_intake
    from overeenkomsten.paden import safe_name

    return [safe_name(rij.traject_id) for rij in open_intake(invoer) if rij.traject_id]


def _ontvangen_erin(
    organisatie: Organisatie, kopie: Werkkopie, mapnamen: set[str], werk: Path
) -> None:
    """Put the signed PDFs received for these sets (the traject page's upload) in the
    fetched sets, as the PV task does: the engine must see a document signed, to write a
    changed one as a new version beside it instead of remaking the unsigned copy
    (domein.md section 7)."""
    from overeenkomsten.web.models import Traject
    from overeenkomsten.web.taken.afronding import ontvangen_erin

    werk.mkdir(parents=True, exist_ok=True)
    for mapnaam in sorted(mapnamen):
        traject = Traject.objects.filter(
            organisatie=organisatie, map_pad=f"{kopie.prefix}/{mapnaam}"
        ).first()
        if traject is not None and (kopie.uit / mapnaam).is_dir():
            ontvangen_erin(traject, kopie.uit / mapnaam, werk)


def ververs_statussen(traject_pks: list[int]) -> None:
    """Ask for each trajectory's status to be refreshed (stored on the row for the
    overzicht and traject pages)."""
    from overeenkomsten.web.taken import ververs_status

    for pk in traject_pks:
        ververs_status.enqueue(pk)


@task()
def draai_batch(batch_id: int) -> None:
    """Make the sets of the valid rows of the batch's intake, as ``batch`` does, in the
    organisation's stable set folder; progress (``gedaan``/``totaal``) on the row."""
    if not _claim(batch_id):
        _later(batch_id)
        return
    batch = Batch.objects.select_related("intake", "organisatie").get(pk=batch_id)
    naam = batch.intake.naam if batch.intake is not None else "intake"
    with _hartslag(batch_id), werkmap() as map:
        invoer = None
        try:
            if batch.intake is None or not batch.intake.bestand:
                raise OvereenkomstenError("Het intakebestand van deze batch bestaat niet meer.")
            invoer = _invoer(batch.intake, map)
            mapnamen = _trajecten_van(invoer)
            Batch.objects.filter(pk=batch_id).update(totaal=len(mapnamen))
            kopie = Werkkopie(batch.organisatie, map / "uit")
            kopie.haal(set(mapnamen))
            _ontvangen_erin(batch.organisatie, kopie, set(mapnamen), map / "ontvangen")
            werkers = max(
                1, min(MAX_WERKERS, os.cpu_count() or 1, len(mapnamen) // RIJEN_PER_WERKER)
            )
            resultaat = api.batch(
                invoer, kopie.uit, werkers=werkers, voortgang=_voortgang(batch_id)
            )
            samenvatting = _bewaar(batch_id, kopie, resultaat)
            status = Batch.Status.KLAAR
        except (OvereenkomstenError, OSError) as fout:
            log.warning("batch %s mislukt: %s", batch_id, type(fout).__name__)
            samenvatting = {"fout": _bericht(fout, map, naam, invoer)}
            status = Batch.Status.MISLUKT
        except BaseException:
            Batch.objects.filter(pk=batch_id).update(
                status=Batch.Status.MISLUKT,
                samenvatting={"fout": ONVERWACHT},
                klaar_op=timezone.now(),
            )
            raise
    Batch.objects.filter(pk=batch_id).update(
        status=status, samenvatting=samenvatting, klaar_op=timezone.now()
    )
    if status == Batch.Status.KLAAR:
        ververs_statussen([pk for pk in samenvatting["trajecten"].values() if pk])


def _bewaar(batch_id: int, kopie: Werkkopie, resultaat: Any) -> dict[str, Any]:
    """Store the changed sets and the batch's reports; the summary for the page."""
    kopie.bewaar_sleutel()
    rijen = [r.as_dict() for r in resultaat.rijen()]
    trajecten: dict[str, int | None] = {}
    gewijzigd_tijdens: list[str] = []
    for rij in rijen:
        if rij["status"] == "fout" or not rij["bestanden"]:
            continue
        mapnaam = PurePosixPath(rij["bestanden"][0]).parts[0]
        if mapnaam in trajecten:
            continue
        traject = kopie.bewaar_set(mapnaam)
        trajecten[mapnaam] = traject.pk if traject is not None else None
        if traject is None:
            gewijzigd_tijdens.append(str(rij["traject_id"]))
        rij["traject"] = trajecten[mapnaam]
    for rij in rijen:
        if rij.get("bestanden") and "traject" not in rij:
            rij["traject"] = trajecten.get(PurePosixPath(rij["bestanden"][0]).parts[0])
    bestanden = {}
    for pad in (
        kopie.uit / "samenvatting.csv",
        kopie.uit / "samenvatting.json",
        resultaat.foutenrapport,
    ):
        if pad is not None and Path(pad).is_file():
            bestanden[Path(pad).name] = bewaar(Path(pad), f"batches/{batch_id}/{Path(pad).name}")
    return {
        "totalen": resultaat.totalen,
        "rijen": rijen,
        "nieuwe_versies": list(resultaat.nieuwe_versies),
        "trajecten": trajecten,
        "gewijzigd_tijdens": gewijzigd_tijdens,
        "bestanden": bestanden,
    }
