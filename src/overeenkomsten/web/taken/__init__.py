"""Background work, run by the task worker (django-tasks with its database backend; the
``web`` command starts ``db_worker`` beside the server, more can run on other machines).

Each task takes primary keys, fetches its files from storage into a scratch folder
(:mod:`overeenkomsten.web.werk`), calls :mod:`overeenkomsten.api` (the same functions as
the command line), and stores what it made and its result on the row. A library error
becomes a Dutch message on the row (status ``mislukt``), never a traceback for the user.
Pages enqueue them with ``taak.enqueue(pk)``. The trajectory's status task lives in
:mod:`.traject` (re-exported here): one module per area as the tasks grow.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from overeenkomsten import api
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import auditrapport
from overeenkomsten.web.models import (
    AuditRapport,
    Batch,
    Document,
    Dossier,
    Intake,
    Organisatie,
    Traject,
)
from overeenkomsten.web.taken.traject import ververs_status  # re-exported
from overeenkomsten.web.werk import (
    bewaar,
    bewaar_map,
    haal,
    haal_map,
    sha256,
    sha256_pad,
    vergrendeld,
    vertrouwde_paden,
    werkmap,
)

__all__ = [
    "controleer_dossiers",
    "draai_batch",
    "maak_dossier",
    "valideer_intake",
    "ververs_status",
]

_DOCUMENT = re.compile(r"_(OOK|POK|PLOK|PV)(?:_v(\d+))?\.(docx|pdf)$", re.IGNORECASE)
BOEKHOUDING = ".overeenkomsten"  # the engine's ledger inside a set folder: kept with it


def _invoer(intake: Intake, map: Path) -> Path:
    """The intake file in ``map``, under a plain name with its own extension."""
    suffix = PurePosixPath(intake.naam).suffix.lower() or ".xlsx"
    return haal(intake.bestand.name, map / f"intake{suffix}")


def _bericht(fout: OvereenkomstenError, invoer: Path, naam: str) -> str:
    """The library's Dutch message, naming the user's file instead of the scratch copy."""
    tekst = str(fout)
    for vorm in (str(invoer), invoer.as_posix()):
        tekst = tekst.replace(vorm, PurePosixPath(naam).name)
    return tekst.replace(str(invoer.parent), "")


@task()
def valideer_intake(intake_id: int) -> None:
    """Validate an uploaded intake file, as ``valideer`` does; the result on the row:
    ``{"samenvatting", "aantal", "geldig", "fouten": [...], "waarschuwingen": [...]}``."""
    Intake.objects.filter(pk=intake_id).update(status=Intake.Status.BEZIG)
    intake = Intake.objects.get(pk=intake_id)
    invoer = Path("intake")
    try:
        with werkmap() as map:
            invoer = _invoer(intake, map)
            rapport = api.valideer(invoer)
            resultaat: dict[str, Any] = {
                "samenvatting": rapport.samenvatting(),
                "aantal": rapport.aantal,
                "geldig": rapport.geldig,
                "trajecten_met_fouten": rapport.trajecten_met_fouten,
                **rapport.as_json(),
            }
        status = Intake.Status.KLAAR
    except OvereenkomstenError as fout:
        resultaat, status = {"fout": _bericht(fout, invoer, intake.naam)}, Intake.Status.MISLUKT
    Intake.objects.filter(pk=intake_id).update(status=status, resultaat=resultaat)


def set_prefix(organisatie: Organisatie, map_naam: str) -> str:
    """Where a trajectory's set lives in storage."""
    return f"sets/{organisatie.pk}/{map_naam}"


def _kandidaat(record: dict[str, Any]) -> str:
    kandidaat = record.get("kandidaat") or {}
    delen = (kandidaat.get(k) for k in ("voornamen", "tussenvoegsel", "achternaam"))
    return " ".join(str(d) for d in delen if d)[:300]


def _datum(waarde: Any) -> date | None:
    try:
        return date.fromisoformat(str(waarde)) if waarde else None
    except ValueError:
        return None


def _documenten(traject: Traject, namen: list[str]) -> None:
    """A Document row per stored document file not yet known (by name)."""
    bekend = set(traject.documenten.values_list("bestand", flat=True))
    for naam in namen:
        match = _DOCUMENT.search(naam)
        if match is None or naam in bekend:
            continue
        Document.objects.create(
            traject=traject,
            soort=match[1].upper(),
            versie=int(match[2] or 1),
            bestand=naam,
            sha256=sha256(naam),
        )


def bewaar_set(organisatie: Organisatie, set_map: Path) -> Traject:
    """Store a trajectory's set folder (made or updated by the library) and record it.

    The stored set is replaced file by file (the library never overwrites what was signed:
    it writes new versions beside it, and those are new names). Called under the
    trajectory's row lock when it exists.
    """
    record = json.loads((set_map / "traject.json").read_text(encoding="utf-8"))
    prefix = set_prefix(organisatie, set_map.name)
    namen = bewaar_map(set_map, prefix, vervang=True)
    velden = {
        "brin": str((record.get("instelling") or {}).get("brin") or "")[:8],
        "kandidaat_naam": _kandidaat(record),
        "record": record,
        "map_pad": prefix,
        "einddatum": _datum(record.get("einddatum")),
    }
    traject, _ = Traject.objects.update_or_create(
        organisatie=organisatie, traject_id=str(record.get("traject_id")), defaults=velden
    )
    _documenten(traject, namen)
    return traject


def _sets(uit: Path, rijen: list[Any]) -> Iterator[tuple[str, Path]]:
    for rij in rijen:
        if rij.status == "fout" or not rij.bestanden or not rij.traject_id:
            continue
        yield rij.traject_id, uit / PurePosixPath(rij.bestanden[0]).parts[0]


def _zip(zip_pad: Path, mappen: list[Path], extra: list[Path]) -> None:
    with zipfile.ZipFile(zip_pad, "w", zipfile.ZIP_DEFLATED) as archief:
        for map in mappen:
            for pad in sorted(map.rglob("*")):
                if pad.is_file() and BOEKHOUDING not in pad.relative_to(map).parts:
                    archief.write(pad, f"{map.name}/{pad.relative_to(map).as_posix()}")
        for pad in extra:
            if pad.is_file():
                archief.write(pad, pad.name)


@task()
def draai_batch(batch_id: int, pdf: bool = True) -> None:
    """Make the sets of every valid row of the batch's intake, as ``batch`` does, and
    store them; a trajectory that already has a set is updated by the engine (nothing
    signed is overwritten). Progress on the row (``gedaan``/``totaal``)."""
    Batch.objects.filter(pk=batch_id).update(status=Batch.Status.BEZIG)
    batch = Batch.objects.select_related("intake", "organisatie").get(pk=batch_id)
    organisatie = batch.organisatie

    def voortgang(gedaan: int, totaal: int) -> None:
        Batch.objects.filter(pk=batch_id).update(gedaan=gedaan, totaal=totaal)

    invoer = Path("intake")
    try:
        if batch.intake is None:
            raise OvereenkomstenError("Het intakebestand van deze batch bestaat niet meer.")
        with werkmap() as map:
            invoer = _invoer(batch.intake, map)
            uit = map / "uit"
            resultaat = api.batch(invoer, uit, pdf=pdf, werkers=1, voortgang=voortgang)
            rijen = resultaat.rijen()
            mappen, trajecten = [], []
            for traject_id, set_map in _sets(uit, rijen):
                bestaand = Traject.objects.filter(
                    organisatie=organisatie, traject_id=traject_id
                ).first()
                if bestaand is None:
                    try:
                        with transaction.atomic():
                            trajecten.append(bewaar_set(organisatie, set_map))
                        mappen.append(set_map)
                        continue
                    except IntegrityError:
                        bestaand = Traject.objects.get(
                            organisatie=organisatie, traject_id=traject_id
                        )
                bijgewerkt = _werk_bij(bestaand, set_map, map / "bij" / str(bestaand.pk), pdf)
                trajecten.append(bijgewerkt[0])
                mappen.append(bijgewerkt[1])
            zip_pad = map / "sets.zip"
            extra = [uit / "samenvatting.csv", uit / "samenvatting.json"]
            if resultaat.foutenrapport is not None:
                extra.append(resultaat.foutenrapport)
            _zip(zip_pad, mappen, extra)
            with zip_pad.open("rb") as bron:
                batch.zip.save(f"batch-{batch_id}.zip", File(bron), save=False)
            samenvatting = {
                "totalen": resultaat.totalen,
                "rijen": [r.as_dict() for r in rijen],
                "nieuwe_versies": resultaat.nieuwe_versies,
                "trajecten": [t.pk for t in trajecten],
            }
        Batch.objects.filter(pk=batch_id).update(
            status=Batch.Status.KLAAR,
            zip=batch.zip.name,
            samenvatting=samenvatting,
            klaar_op=timezone.now(),
        )
        for traject in trajecten:
            ververs_status.enqueue(traject.pk)
    except OvereenkomstenError as fout:
        naam = batch.intake.naam if batch.intake is not None else "intake"
        Batch.objects.filter(pk=batch_id).update(
            status=Batch.Status.MISLUKT,
            samenvatting={"fout": _bericht(fout, invoer, naam)},
            klaar_op=timezone.now(),
        )


def _werk_bij(traject: Traject, nieuw: Path, map: Path, pdf: bool) -> tuple[Traject, Path]:
    """Update an existing trajectory's stored set from the freshly made record: the
    engine (``genereer``) works in a copy of the stored set."""
    with vergrendeld(Traject, traject.pk) as vast:
        (map / nieuw.name).mkdir(parents=True, exist_ok=True)
        if vast.map_pad:
            haal_map(vast.map_pad, map / nieuw.name)
        api.genereer(nieuw / "traject.json", map, pdf=pdf)
        return bewaar_set(vast.organisatie, map / nieuw.name), map / nieuw.name


@task()
def maak_dossier(traject_id: int, ook_bij_fouten: bool = False) -> dict[str, Any]:
    """Bundle a trajectory's stored set into a dossier PDF, as ``bundel`` does, and store
    it (a Dossier row). Returns ``{"dossier": pk}``, or ``{"geweigerd": reden, "rapport":
    ...}`` when the check found a ``fout``, or ``{"fout": bericht}``; the task's result."""
    traject = Traject.objects.select_related("organisatie").get(pk=traject_id)
    map = Path("werk")
    naam = PurePosixPath(traject.map_pad).name or "traject"
    try:
        with werkmap() as map:
            set_map = haal_map(traject.map_pad, map / "set" / naam)
            vertrouwd = vertrouwde_paden(traject.organisatie, map / "vertrouwd")
            uit = map / f"{naam}_dossier.pdf"
            resultaat = api.bundel(set_map, uit, vertrouwd=vertrouwd, ook_bij_fouten=ook_bij_fouten)
            if resultaat.uit is None:
                return {"geweigerd": resultaat.reden, "rapport": resultaat.rapport.as_dict()}
            dossier = Dossier(traject=traject, sha256=sha256_pad(resultaat.uit))
            with resultaat.uit.open("rb") as bron:
                dossier.bestand.save(uit.name, File(bron), save=True)
    except OvereenkomstenError as fout:
        tekst = str(fout).replace(str(map / "set" / naam), f"van traject {traject.traject_id}")
        return {"fout": tekst.replace(str(map), "")}
    ververs_status.enqueue(traject.pk)
    return {"dossier": dossier.pk}


@task()
def controleer_dossiers(rapport_id: int) -> None:
    """Check each uploaded dossier PDF of an audit report, as ``controleer`` does, against
    the trust roots of the auditor's organisation. ``bestanden`` on the row lists
    ``{"naam": the user's file name, "opslag": the stored name}``. The result per file is
    :func:`~overeenkomsten.web.auditrapport.gegevens` (verdict, findings explained,
    signatures) or, when it could not be read, the same shape with ``"fout"``; the report
    is also stored as a PDF (``pdf``)."""
    rapport = AuditRapport.objects.select_related("organisatie").get(pk=rapport_id)
    AuditRapport.objects.filter(pk=rapport_id).update(status="bezig")
    uitkomsten: list[dict[str, Any]] = []
    try:
        with werkmap() as map:
            vertrouwd = vertrouwde_paden(rapport.organisatie, map / "vertrouwd")
            for nummer, bestand in enumerate(rapport.bestanden):
                opgeslagen = str(bestand["opslag"] if isinstance(bestand, dict) else bestand)
                naam = PurePosixPath(
                    str(bestand.get("naam") or opgeslagen)
                    if isinstance(bestand, dict)
                    else opgeslagen
                ).name
                lokaal = "".join(c if c.isalnum() or c in " ._-" else "_" for c in naam)
                pad = haal(opgeslagen, map / f"{nummer}" / (lokaal.strip(" .") or "dossier.pdf"))
                try:
                    uitkomst = auditrapport.gegevens(naam, api.controleer_dossier(pad, vertrouwd))
                except OvereenkomstenError as fout:
                    bericht = _bericht(fout, pad, naam)
                    uitkomst = {**auditrapport.niet_gecontroleerd(naam, bericht), "fout": bericht}
                uitkomsten.append(uitkomst)
            inhoud = {"dossiers": uitkomsten, "oordeel": auditrapport.eindoordeel(uitkomsten)}
            moment = timezone.localtime()
            pdf = auditrapport.maak_pdf(
                inhoud, map, organisatie=rapport.organisatie.naam, moment=moment
            )
            pdf_naam = bewaar(
                pdf,
                f"audit/{rapport.organisatie_id}/auditrapport-{rapport_id}-{moment:%Y%m%d%H%M%S}.pdf",
            )
    except BaseException:
        AuditRapport.objects.filter(pk=rapport_id).update(status="mislukt")
        raise
    AuditRapport.objects.filter(pk=rapport_id).update(status="klaar", rapport=inhoud, pdf=pdf_naam)
