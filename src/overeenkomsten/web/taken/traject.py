"""The status of one trajectory (``ververs_status``): the library's ``status`` and
``controleer`` over its documents, stored on the Traject.

Enqueued whenever a document of the trajectory changes (:func:`vraag_status`); pages only
read what it stored. The documents are taken from storage into a scratch folder: the set
the batch made (``Traject.map_pad``), the files received later (:func:`ontvangen_prefix`:
signed PDFs, scans and their attestations), and any other Document row's file. A received
PDF replaces an earlier file of the same document (same kind, trajectory and version: the
unsigned copy it was signed from) in that folder, never in storage: nothing stored is
overwritten or removed. Each Document row's ``ondertekend`` is set from the stored status
(whether any party signed the file it names), so lists of documents are true.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from overeenkomsten import api
from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.controle.documentstaat import versie
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import werk
from overeenkomsten.web.models import Document, Traject
from overeenkomsten.web.trajectstatus import velden

RECORD = "traject.json"


def ontvangen_prefix(traject: Traject) -> str:
    """Where files received for ``traject`` are stored (no name or BSN in the path; the
    moment it was made keeps it apart from any earlier row that had its primary key)."""
    return (
        f"trajecten/{traject.organisatie_id}/{traject.pk}-{traject.aangemaakt:%Y%m%d%H%M%S%f}"
        "/ontvangen/"
    )


def vraag_status(traject: Traject) -> None:
    """Enqueue :func:`ververs_status` for ``traject`` once the current transaction commits
    (a worker must see the new Document rows)."""
    pk = traject.pk
    transaction.on_commit(lambda: ververs_status.enqueue(pk))


def vraag_statussen_van(organisatie_id: int) -> None:
    """Enqueue :func:`ververs_organisatie` once the current transaction commits: the
    organisation's check settings (trust roots, revocation lists, erkenningen) changed."""
    transaction.on_commit(lambda: ververs_organisatie.enqueue(organisatie_id))


@task()
def ververs_organisatie(organisatie_id: int) -> int:
    """Enqueue :func:`ververs_status` for every trajectory the organisation registered
    (their status is judged with its settings); returns how many. A trajectory whose
    status task still waits is skipped: that task reads the settings when it runs, so
    several changes in a row do not compute each status several times."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    wachtend = {
        args[0]
        for args in DBTaskResult.objects.filter(
            task_path=ververs_status.module_path, status=TaskResultStatus.READY
        ).values_list("args_kwargs__args", flat=True)
        if isinstance(args, list) and args
    }
    pks = [
        pk
        for pk in Traject.objects.filter(organisatie_id=organisatie_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        if pk not in wachtend
    ]
    for pk in pks:
        ververs_status.enqueue(pk)
    return len(pks)


def _onder(naam: str, prefix: str) -> bool:
    return bool(prefix) and PurePosixPath(naam).is_relative_to(PurePosixPath(prefix))


def stel_samen(traject: Traject, map: Path, rijen: dict[str, Document] | None = None) -> Path:
    """The trajectory's documents and record in the local folder ``map`` (see the module
    docstring); returns ``map``. ``rijen`` (when given) receives the Document row of each
    local file name."""
    map.mkdir(parents=True, exist_ok=True)
    if traject.map_pad:
        werk.haal_map(traject.map_pad, map)
    ontvangen = ontvangen_prefix(traject)
    rang: dict[str, int] = {}  # local name -> the Document row's pk (later rows are newer)
    scans: dict[str, str] = {}  # local name of a received scan -> the document it is
    for document in Document.objects.filter(traject=traject).order_by("pk"):
        naam = document.bestand.name
        if not naam:
            continue
        if _onder(naam, traject.map_pad):
            lokaal = PurePosixPath(naam).relative_to(traject.map_pad).as_posix()
        elif _onder(naam, ontvangen):
            lokaal = PurePosixPath(naam).relative_to(ontvangen).as_posix()
            if SCAN_TEKEN in lokaal:
                scans[lokaal] = document.soort
        else:  # a file stored elsewhere: beside the others, under a name of its own
            lokaal = PurePosixPath(naam).name
            if (map / lokaal).exists():
                lokaal = f"{document.pk}-{lokaal}"
            werk.haal(naam, map / lokaal)
        rang[lokaal] = document.pk
        if rijen is not None:
            rijen[lokaal] = document
    werk.haal_map(ontvangen, map)  # received files with their attestations
    if traject.record or not (map / RECORD).is_file():
        # the record of the database is the newest; without any, status says it is missing
        (map / RECORD).write_text(json.dumps(traject.record, ensure_ascii=False), "utf-8")
    if any(_onder(d, ontvangen) for d in _namen(traject)):
        _laat_vervangen_weg(map, rang, scans)
    return map


def _namen(traject: Traject) -> list[str]:
    return list(Document.objects.filter(traject=traject).values_list("bestand", flat=True))


Sleutel = tuple[Hashable, ...] | None  # kind, trajectory and version of a readable PDF

#: Part of the stored name of a received scan (``POK-scan-<sha>.pdf``).
SCAN_TEKEN = "-scan-"


def _laat_vervangen_weg(map: Path, rang: dict[str, int], scans: dict[str, str]) -> None:
    """Leave out what a received file replaces, so the check sees one file per document.

    The newest received file of a document type (by its Document row) wins: a signed PDF
    over the files of the same document and version it was signed from (the unsigned
    copy), an attested scan over every readable file of that type before it. Files that
    are newer than it (a new version the batch made later) stay: the library's versions
    decide between them.
    """
    leesbaar: list[tuple[Path, str, Sleutel]] = []
    for pad in sorted(map.glob("*.pdf")):
        if pad.name.endswith(".attestatie.pdf") or pad.name in scans:
            continue
        feiten = api.lees_document(pad)
        if feiten.bruikbaar and feiten.type is not None:
            gelezen: Sleutel = (feiten.type, feiten.waarde("Traject").sleutel, versie(feiten))
            leesbaar.append((pad, feiten.type, gelezen))
    for soort in {s for _, s, _ in leesbaar} | set(scans.values()):
        kandidaten: list[tuple[int, Path, Sleutel]] = [
            (rang.get(p.name, 0), p, k) for p, s, k in leesbaar if s == soort
        ]
        kandidaten += [(rang.get(n, 0), map / n, None) for n, s in scans.items() if s == soort]
        nieuwste, _, sleutel = max(kandidaten, key=lambda k: k[0])
        if nieuwste == 0:
            continue  # nothing received for this type: the set as the batch made it
        for nummer, pad, andere in kandidaten:
            ouder = nummer < nieuwste
            zelfde = sleutel is None or andere is None or andere == sleutel
            if ouder and zelfde and pad.exists():
                pad.unlink()


def _zonder_bsn(waarde: Any) -> Any:
    if isinstance(waarde, str):
        return scrub_bsn(waarde)
    if isinstance(waarde, dict):
        return {k: _zonder_bsn(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_zonder_bsn(v) for v in waarde]
    return waarde


def bereken(traject: Traject) -> dict[str, Any]:
    """The library's status and check of ``traject`` now, as the fields to store."""
    return _bereken(traject)[0]


def _getekend(data: dict[str, Any], rijen: dict[str, Document]) -> dict[tuple[int, str], bool]:
    """Whether each Document row's file is signed (by any party), as the status says:
    (pk, sha256) -> signed, for the files the status names (the document that counts and
    the older versions it replaces)."""
    namen: dict[str, bool] = {}
    for doc in data.get("documenten", []):
        if doc.get("bestand"):
            namen[PurePosixPath(doc["bestand"]).name] = bool(doc.get("ondertekend"))
        for oud in doc.get("vervangen", []):
            if oud.get("bestand"):
                namen[PurePosixPath(oud["bestand"]).name] = bool(oud.get("ondertekend"))
    return {
        (rij.pk, rij.sha256): namen[PurePosixPath(lokaal).name]
        for lokaal, rij in rijen.items()
        if PurePosixPath(lokaal).name in namen
    }


def _bereken(traject: Traject) -> tuple[dict[str, Any], dict[tuple[int, str], bool]]:
    vandaag = timezone.localdate()
    rijen: dict[str, Document] = {}
    with werk.werkmap() as scratch:
        map = stel_samen(traject, scratch / "traject", rijen)
        instellingen = werk.instellingen(traject.organisatie, scratch / "erkenningen")
        status = api.status(map, vandaag=vandaag, werkers=1, instellingen=instellingen)[0]
        rapport = api.controleer(map, instellingen=instellingen)
    data = status.as_dict()
    data["map"] = ""  # the scratch folder's name means nothing once it is gone
    data["controle"] = _zonder_bsn(rapport.as_dict())
    data["berekend_op"] = timezone.now().isoformat()
    return {"status": data, **velden(status)}, _getekend(data, rijen)


@task()
def ververs_status(traject_id: int) -> str:
    """Compute and store the status of the Traject with primary key ``traject_id``."""
    try:
        traject = Traject.objects.select_related("organisatie").get(pk=traject_id)
    except Traject.DoesNotExist:
        return "verwijderd"
    getekend: dict[tuple[int, str], bool] = {}
    try:
        uitkomst, getekend = _bereken(traject)
    except OvereenkomstenError as fout:  # e.g. an unusable trust root: say so on the page
        uitkomst = {"status": {"fout": str(fout)}, "verdict": ""}
    with werk.vergrendeld(Traject, traject_id) as vast:
        for veld, waarde in uitkomst.items():
            setattr(vast, veld, waarde)
        vast.save(update_fields=[*uitkomst, "bijgewerkt"])
        for (pk, sha), ondertekend in getekend.items():  # only a row whose file is unchanged
            Document.objects.filter(traject=vast, pk=pk, sha256=sha).exclude(
                ondertekend=ondertekend
            ).update(ondertekend=ondertekend)
    return str(uitkomst["verdict"])
