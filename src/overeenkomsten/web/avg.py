"""AVG basics: removing what has outlived its retention period, and the export of all that
is held on one kandidaat.

A trajectory is kept for its organisation's ``bewaartermijn_jaren`` after its end
(``einddatum``, else the record's ``einddatum``); then its record, documents, dossiers and
set folder go. Intakes, batches and audit reports go that long after they were made. The
log keeps a line per removal, without personal data. Finished results of background tasks
(django-tasks-db's table: their arguments and outcomes) go after ``TAKEN_DAGEN`` days,
through django-tasks-db's own ``prune_db_task_results``; tasks that wait or run stay.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.web.models import (
    AuditRapport,
    Batch,
    Document,
    Dossier,
    Intake,
    Logregel,
    Organisatie,
    Overzichtexport,
    Traject,
)
from overeenkomsten.web.taken.traject import ontvangen_prefix
from overeenkomsten.web.werk import verwijder_map


def _jaren_later(dag: date, jaren: int) -> date:
    try:
        return dag.replace(year=dag.year + jaren)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year + jaren, day=28)


def einde(traject: Traject) -> date | None:
    """The trajectory's end: the field, else the record's ``einddatum``."""
    if traject.einddatum is not None:
        return traject.einddatum
    waarde = (traject.record or {}).get("einddatum")
    try:
        return date.fromisoformat(str(waarde)) if waarde else None
    except ValueError:
        return None


def verlopen_trajecten(vandaag: date) -> list[Traject]:
    """Trajectories whose end plus their organisation's retention lies before ``vandaag``."""
    verlopen = []
    for traject in Traject.objects.select_related("organisatie").iterator():
        eind = einde(traject)
        if eind is not None and _jaren_later(eind, traject.organisatie.bewaartermijn_jaren) < (
            vandaag
        ):
            verlopen.append(traject)
    return verlopen


def _verwijder_bestand(naam: str) -> int:
    if naam and default_storage.exists(naam):
        default_storage.delete(naam)
        return 1
    return 0


@dataclass
class Opruimrapport:
    """What :func:`ruim_op` removed (or, with ``droog``, would remove)."""

    trajecten: list[str] = field(default_factory=list)
    intakes: int = 0
    batches: int = 0
    auditrapporten: int = 0
    bestanden: int = 0
    taakresultaten: int = 0
    exports: int = 0


#: Days a finished task result is kept: pages show the outcome of recent runs (the PV,
#: the dossier), nothing reads older ones.
TAKEN_DAGEN = 30


def _ruim_traject_op(traject: Traject, eind: date) -> int:
    bestanden = 0
    for document in Document.objects.filter(traject=traject):
        bestanden += _verwijder_bestand(document.bestand.name)
    for dossier in Dossier.objects.filter(traject=traject):
        bestanden += _verwijder_bestand(dossier.bestand.name)
    bestanden += verwijder_map(traject.map_pad)
    bestanden += verwijder_map(ontvangen_prefix(traject).rstrip("/"))  # signed PDFs, scans
    omschrijving = (
        f"traject {traject.traject_id} verwijderd: einde {eind:%d-%m-%Y} plus bewaartermijn "
        f"van {traject.organisatie.bewaartermijn_jaren} jaar verstreken ({bestanden} bestanden)"
    )
    Logregel.objects.create(
        organisatie=traject.organisatie,
        actie=Logregel.Actie.VERWIJDERD,
        object_soort="traject",
        object_id=str(traject.pk),
        omschrijving=scrub_bsn(omschrijving),
        gebruikersnaam="opruimen",
    )
    traject.delete()
    return bestanden


def _oude(model: Any, organisatie: Organisatie, vandaag: date) -> QuerySet[Any]:
    grens = _jaren_later(vandaag, -organisatie.bewaartermijn_jaren)
    moment = timezone.make_aware(datetime.combine(grens, datetime.min.time()))
    return model.objects.filter(organisatie=organisatie, aangemaakt__lt=moment)  # type: ignore[no-any-return]


def _bijbestanden(item: Any) -> list[str]:
    """Files an intake or batch keeps beside its own field: the intake's foutenrapport, the
    batch's summaries and foutenrapport (web/taken_intake.py)."""
    if isinstance(item, Intake):
        naam = (item.resultaat or {}).get("foutenrapport")
        return [naam] if isinstance(naam, str) and naam else []
    if isinstance(item, Batch):
        bestanden = (item.samenvatting or {}).get("bestanden") or {}
        return [n for n in bestanden.values() if isinstance(n, str) and n]
    if isinstance(item, AuditRapport):  # the uploaded dossiers
        return [
            str(b.get("opslag"))
            for b in item.bestanden or []
            if isinstance(b, dict) and b.get("opslag")
        ]
    return []


def ruim_taken_op(dagen: int = TAKEN_DAGEN, *, droog: bool = False) -> int:
    """Remove the results of background tasks that finished (successfully or not) more
    than ``dagen`` days ago, with django-tasks-db's own command; returns how many (that
    would) go. Tasks that wait or run are never touched."""
    from django_tasks_db.models import DBTaskResult

    grens = timezone.now() - timedelta(days=dagen)
    aantal: int = (
        DBTaskResult.objects.finished()
        .filter(backend_name="default", finished_at__lte=grens)
        .count()
    )
    if aantal and not droog:
        call_command(
            "prune_db_task_results",
            "--backend=default",
            "--queue-name=*",
            f"--min-age-days={dagen}",
            verbosity=0,
            stdout=io.StringIO(),
        )
    return aantal


def ruim_op(
    vandaag: date | None = None, *, droog: bool = False, taken_dagen: int = TAKEN_DAGEN
) -> Opruimrapport:
    """Remove everything past its retention period, and finished task results older than
    ``taken_dagen`` days; ``droog``: only report it."""
    vandaag = vandaag or timezone.localdate()
    rapport = Opruimrapport(taakresultaten=ruim_taken_op(taken_dagen, droog=droog))
    for traject in verlopen_trajecten(vandaag):
        rapport.trajecten.append(traject.traject_id)
        if not droog:
            with transaction.atomic():
                eind = einde(traject)
                assert eind is not None
                rapport.bestanden += _ruim_traject_op(traject, eind)
    for organisatie in Organisatie.objects.all():
        for model, veld, soort in (
            (Intake, "bestand", "intakes"),
            (Batch, "zip", "batches"),
            (AuditRapport, "pdf", "auditrapporten"),
        ):
            oud = list(_oude(model, organisatie, vandaag))
            setattr(rapport, soort, getattr(rapport, soort) + len(oud))
            if droog or not oud:
                continue
            for item in oud:
                rapport.bestanden += _verwijder_bestand(getattr(item, veld).name)
                for naam in _bijbestanden(item):
                    rapport.bestanden += _verwijder_bestand(naam)
                item.delete()
            Logregel.objects.create(
                organisatie=organisatie,
                actie=Logregel.Actie.VERWIJDERD,
                object_soort=model._meta.model_name or "",
                omschrijving=f"{len(oud)} {soort} ouder dan de bewaartermijn verwijderd",
                gebruikersnaam="opruimen",
            )
    rapport.exports, verwijderd = ruim_exports_op(droog=droog)
    rapport.bestanden += verwijderd
    return rapport


def ruim_exports_op(*, droog: bool = False) -> tuple[int, int]:
    """Remove the overzicht's Excel exports made longer ago than they are kept
    (:data:`~overeenkomsten.web.taken.export.BEWAREN`, one day), with their files; returns
    (exports, files) removed (or, with ``droog``, that would be)."""
    from overeenkomsten.web.taken.export import BEWAREN

    oud = list(Overzichtexport.objects.filter(aangemaakt__lt=timezone.now() - BEWAREN))
    if droog or not oud:
        return len(oud), 0
    bestanden = sum(_verwijder_bestand(export.bestand.name) for export in oud)
    per_organisatie: dict[int, int] = {}
    for export in oud:
        per_organisatie[export.organisatie_id] = per_organisatie.get(export.organisatie_id, 0) + 1
    Overzichtexport.objects.filter(pk__in=[export.pk for export in oud]).delete()
    for organisatie_id, aantal in per_organisatie.items():
        Logregel.objects.create(
            organisatie_id=organisatie_id,
            actie=Logregel.Actie.VERWIJDERD,
            object_soort="overzichtexport",
            omschrijving=f"{aantal} export(s) van het overzicht ouder dan een dag verwijderd",
            gebruikersnaam="opruimen",
        )
    return len(oud), bestanden


def kandidaat_trajecten(zichtbaar: QuerySet[Traject], zoek: str) -> QuerySet[Traject]:
    """The visible trajectories of one kandidaat, found by BSN or by traject-ID."""
    zoek = zoek.strip()
    cijfers = zoek.replace(" ", "").replace(".", "")
    if cijfers.isdigit():
        zoek = cijfers
    return zichtbaar.filter(Q(record__kandidaat__bsn=zoek) | Q(traject_id=zoek))


def _zip_bestand(archief: zipfile.ZipFile, naam: str, doel: str) -> None:
    if naam and default_storage.exists(naam):
        with default_storage.open(naam, "rb") as bron, archief.open(doel, "w") as uit:
            while blok := bron.read(1 << 20):
                uit.write(blok)


def _map_bestanden(prefix: str) -> list[str]:
    if not prefix or not default_storage.exists(prefix):
        return []
    mappen, bestanden = default_storage.listdir(prefix)
    gevonden = [str(PurePosixPath(prefix) / b) for b in bestanden]
    for m in mappen:
        gevonden += _map_bestanden(str(PurePosixPath(prefix) / m))
    return gevonden


def schrijf_export(trajecten: list[Traject], uit: IO[bytes]) -> None:
    """A zip of everything held on the kandidaat of ``trajecten``: records, stored status,
    documents, dossiers, set folders, and the log lines about them."""
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr(
            "LEESMIJ.txt",
            "Export van alle gegevens die deze installatie over één kandidaat bewaart\n"
            f"(gemaakt op {timezone.localtime():%d-%m-%Y %H:%M}).\n\n"
            "trajecten/<traject-ID>/record.json: het trajectrecord\n"
            "trajecten/<traject-ID>/status.json: de laatst berekende status\n"
            "trajecten/<traject-ID>/documenten/, dossiers/, map/: de bestanden\n"
            "logboek.csv: wie deze gegevens bekeek, downloadde of wijzigde\n",
        )
        pks: dict[str, set[str]] = {"traject": set(), "document": set(), "dossier": set()}
        for traject in trajecten:
            basis = f"trajecten/{_veilig(traject.traject_id)}-{traject.pk}"
            pks["traject"].add(str(traject.pk))
            archief.writestr(
                f"{basis}/record.json", json.dumps(traject.record, ensure_ascii=False, indent=2)
            )
            archief.writestr(
                f"{basis}/status.json", json.dumps(traject.status, ensure_ascii=False, indent=2)
            )
            for document in traject.documenten.all():
                pks["document"].add(str(document.pk))
                naam = PurePosixPath(document.bestand.name).name
                _zip_bestand(
                    archief,
                    document.bestand.name,
                    f"{basis}/documenten/{document.soort}-v{document.versie}-{naam}",
                )
            for dossier in traject.dossiers.all():
                pks["dossier"].add(str(dossier.pk))
                naam = PurePosixPath(dossier.bestand.name).name
                _zip_bestand(archief, dossier.bestand.name, f"{basis}/dossiers/{naam}")
            for naam in _map_bestanden(traject.map_pad):
                relatief = PurePosixPath(naam).relative_to(traject.map_pad)
                _zip_bestand(archief, naam, f"{basis}/map/{relatief}")
            ontvangen = ontvangen_prefix(traject).rstrip("/")
            al = {d.bestand.name for d in traject.documenten.all()}
            for naam in _map_bestanden(ontvangen):
                if naam not in al:  # attestations and other received files without a row
                    relatief = PurePosixPath(naam).relative_to(ontvangen)
                    _zip_bestand(archief, naam, f"{basis}/ontvangen/{relatief}")
        archief.writestr("logboek.csv", _logboek_csv(pks))


def _veilig(tekst: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in tekst)[:80]


def _logboek_csv(pks: dict[str, set[str]]) -> str:
    filter_ = Q(pk__in=[])
    for soort, ids in pks.items():
        if ids:
            filter_ |= Q(object_soort=soort, object_id__in=ids)
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    schrijver.writerow(["wanneer", "gebruiker", "organisatie", "actie", "object", "omschrijving"])
    for regel in Logregel.objects.filter(filter_).select_related("organisatie").order_by("pk"):
        schrijver.writerow(
            [
                timezone.localtime(regel.wanneer).isoformat(timespec="seconds"),
                regel.gebruikersnaam,
                regel.organisatie.naam if regel.organisatie else "",
                regel.actie,
                f"{regel.object_soort} {regel.object_id}",
                regel.omschrijving,
            ]
        )
    return buffer.getvalue()
