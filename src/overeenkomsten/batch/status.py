"""``status``: the back office's to-do list for a batch folder.

Per trajectory: which document is which file (found by content, as ``controleer`` finds
them: signed PDFs come back under other names), its version, which parties signed it,
which signatures are missing or late, the verdict of ``controleer``, the deadlines, and
whether a dossier exists. Read-only.

The facts come from the check itself (:func:`~overeenkomsten.controle.check_documents`
and its :mod:`~overeenkomsten.controle.documentstaat`), called exactly as ``controleer``
calls it: the two commands cannot disagree about present, signed, late or attested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.basis.jsonbestand import load_json
from overeenkomsten.basis.pdf import is_dossier_file
from overeenkomsten.batch.termijnen import Stand, Termijn, deadlines, next_due
from overeenkomsten.batch.vingerafdruk import STATE_DIR
from overeenkomsten.controle import Rapport, check_documents
from overeenkomsten.controle.documentstaat import DocumentStaat, Partij, Vervangen
from overeenkomsten.controle.erkenningen import Erkenning
from overeenkomsten.errors import InputError
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import (
    DocumentType,
    Rol,
    documents_for,
    documents_to_make,
    required_roles,
)
from overeenkomsten.paden import document_filename

RECORD = "traject.json"
#: Below this many trajectories one process is faster than starting workers.
_PARALLEL_FROM = 8


@dataclass
class DocumentStatus:
    """One document of a trajectory: the file that is the document, who signed it.

    ``bestand`` is the file that counts (the newest version; a PDF before its Word file),
    found by what it says; ``docx``/``pdf`` whether the document exists as Word file / PDF.
    ``ondertekend`` and ``ontbreekt`` are roles; ``partijen`` the detail per role (name,
    signer, day, late, attested); ``vervangen`` older versions.
    """

    document: DocumentType
    docx: bool
    pdf: bool
    bestand: str | None = None
    versie: int | None = None
    ondertekend: list[Rol] = field(default_factory=list)
    ontbreekt: list[Rol] = field(default_factory=list)
    te_laat: list[Rol] = field(default_factory=list)
    partijen: list[Partij] = field(default_factory=list)
    vervangen: list[Vervangen] = field(default_factory=list)
    problemen: list[str] = field(default_factory=list)

    @property
    def aanwezig(self) -> bool:
        return self.bestand is not None

    @property
    def volledig(self) -> bool:
        """Present, every required party signed, nothing broken, nothing late."""
        return self.aanwezig and not self.ontbreekt and not self.te_laat and not self.problemen

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "bestand": self.bestand,
            "versie": self.versie,
            "docx": self.docx,
            "pdf": self.pdf,
            "ondertekend": self.ondertekend,
            "ontbreekt": self.ontbreekt,
            "te_laat": self.te_laat,
            "partijen": [_partij(p) for p in self.partijen],
            "vervangen": [
                {"bestand": v.naam, "versie": v.versie, "ondertekend": v.ondertekend}
                for v in self.vervangen
            ],
            "problemen": self.problemen,
        }


def _partij(p: Partij) -> dict[str, Any]:
    return {
        "rol": p.rol,
        "stand": p.stand,
        "naam": p.naam,
        "ondertekenaar": p.ondertekenaar,
        "datum": p.dag.isoformat() if p.dag else None,
        "tijdbron": p.tijdbron,
        "vertrouwd": p.vertrouwd,
        "te_laat": p.te_laat,
    }


@dataclass
class TrajectStatus:
    traject_id: str
    map: str
    documenten: list[DocumentStatus]
    dossiers: list[str]
    problemen: list[str] = field(default_factory=list)
    oordeel: str | None = None
    termijnen: list[Termijn] = field(default_factory=list)
    aantallen: dict[str, int] = field(default_factory=dict)
    traject: Traject | None = field(default=None, repr=False)

    @property
    def compleet(self) -> bool:
        """Every document present and signed by every required party, none late."""
        return not self.problemen and all(d.volledig for d in self.documenten)

    @property
    def volgende(self) -> Termijn | None:
        """The next thing due (overdue first)."""
        return next_due(self.termijnen)

    def as_dict(self) -> dict[str, Any]:
        """The trajectory as JSON; a BSN in any text (a file name) is masked."""
        volgende = self.volgende
        data = {
            "traject_id": self.traject_id,
            "map": self.map,
            "compleet": self.compleet,
            "oordeel": self.oordeel,
            "aantallen": self.aantallen,
            "volgende": volgende.as_dict() if volgende else None,
            "termijnen": [t.as_dict() for t in self.termijnen],
            "documenten": [d.as_dict() for d in self.documenten],
            "dossiers": self.dossiers,
            "problemen": self.problemen,
        }
        scrubbed: dict[str, Any] = _scrubbed(data)
        return scrubbed


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_bsn(value)
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    return value


def batch_status(
    uit: Path,
    *,
    vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN,
    erkenningen: Sequence[Erkenning] | None = None,
    vandaag: dt.date | None = None,
    werkers: int | None = None,
) -> list[TrajectStatus]:
    """The status of every trajectory folder (one holding a traject.json) under ``uit``,
    or of ``uit`` itself when it holds the traject.json.

    ``vertrouwd``: trust roots and CRLs (loaded), and ``erkenningen``: the SBB erkenningen
    (None: not given, rule X6 is not checked), both as for ``controleer``; ``vandaag``:
    today's date for the deadlines (default: the system's). Raises :class:`InputError`
    when ``uit`` is no folder.
    """
    if not uit.is_dir():
        raise InputError(f"De map '{uit}' bestaat niet.", code="map-ontbreekt")
    today = vandaag or dt.date.today()
    if (uit / RECORD).is_file():  # MAP is itself one trajectory's folder
        return [folder_status(uit, vertrouwd, today, erkenningen)]
    folders = sorted(
        p
        for p in uit.iterdir()
        if p.is_dir()
        and not p.name.startswith(".")
        and p.name != STATE_DIR
        and (p / RECORD).is_file()
    )
    if len(folders) < _PARALLEL_FROM or werkers == 1:
        return [folder_status(f, vertrouwd, today, erkenningen) for f in folders]
    with ProcessPoolExecutor(max_workers=werkers) as pool:
        return list(
            pool.map(
                folder_status,
                folders,
                [vertrouwd] * len(folders),
                [today] * len(folders),
                [erkenningen] * len(folders),
                chunksize=4,
            )
        )


def folder_status(
    folder: Path,
    vertrouwd: Vertrouwensbasis,
    vandaag: dt.date,
    erkenningen: Sequence[Erkenning] | None = None,
) -> TrajectStatus:
    """The status of one trajectory folder."""
    traject = _record(folder)
    try:
        rapport = check_documents(folder, vertrouwd=vertrouwd, erkenningen=erkenningen)
    except InputError as exc:
        return TrajectStatus(
            traject.traject_id if traject else folder.name,
            folder.name,
            [],
            [],
            [exc.bericht],
        )
    # a dossier is never one of the documents: look only among the files the check skipped
    dossiers = sorted(
        naam
        for naam in rapport.overgeslagen
        if naam.lower().endswith(".pdf") and is_dossier_file(folder / naam)
    )
    problemen = [] if traject is not None else [f"{RECORD} is onleesbaar of ongeldig"]
    # files the check could not read (too large, damaged, a scan): they may be a document
    problemen += [b.bericht.rstrip(".") for b in rapport.bevindingen if b.regel == "BESTAND"]
    documenten = _documents(folder, traject, rapport)
    status = TrajectStatus(
        traject.traject_id if traject else folder.name,
        folder.name,
        documenten,
        dossiers,
        problemen,
        rapport.oordeel,
        traject=traject,
        aantallen={e: rapport.aantal(e) for e in ("fout", "waarschuwing", "niet-gecontroleerd")},
    )
    if traject is not None:
        standen = {
            d.document: Stand(d.aanwezig, tuple(d.ontbreekt), bool(d.te_laat)) for d in documenten
        }
        status.termijnen = deadlines(traject, standen, documents_for(traject), vandaag)
    return status


def _record(folder: Path) -> Traject | None:
    try:
        return Traject.model_validate(load_json(folder / RECORD))
    except (InputError, ValueError, ValidationError):
        return None


def _documents(folder: Path, traject: Traject | None, rapport: Rapport) -> list[DocumentStatus]:
    assert rapport.staat is not None
    staat = rapport.staat
    # The PV is made at the end (afronding), never before: until then it is not missing.
    expected: list[DocumentType] = list(documents_to_make(traject)) if traject else []
    for s in staat.documenten:
        if s.type not in expected:
            expected.append(s.type)
    order = ("OOK", "POK", "PLOK", "PV")
    result = []
    for document in sorted(expected, key=order.index):
        found = staat.soort(document)
        vervangen = [v for v in staat.vervangen if v.type == document]
        if not found:
            result.append(_missing(folder, traject, document, staat.scans, vervangen))
            continue
        status = _present(folder, found[0], vervangen)
        if staat.scans and not status.pdf:
            status.problemen.append(
                f"alleen het Word-bestand is gevonden; is de scan {', '.join(staat.scans)} "
                "dit document? Een scan is niet digitaal te controleren"
            )
        if len(found) > 1:
            status.problemen.append(f"meer dan één {document}: {', '.join(s.naam for s in found)}")
        result.append(status)
    return result


def _missing(
    folder: Path,
    traject: Traject | None,
    document: DocumentType,
    scans: list[str],
    vervangen: list[Vervangen],
) -> DocumentStatus:
    status = DocumentStatus(document, docx=False, pdf=False, vervangen=vervangen)
    if traject is not None:
        status.ontbreekt = list(required_roles(traject, document))
        status.docx = (folder / document_filename(traject.traject_id, document, "docx")).is_file()
    if scans:
        status.problemen.append(
            f"niet gevonden; misschien is het de scan {', '.join(scans)} (geen tekst: "
            "handtekening niet digitaal controleerbaar)"
        )
    return status


def _present(folder: Path, staat: DocumentStaat, vervangen: list[Vervangen]) -> DocumentStatus:
    doc = staat.document
    is_pdf = doc.bron == "pdf"
    stem = Path(doc.naam).stem
    status = DocumentStatus(
        staat.type,
        docx=not is_pdf or (folder / f"{stem}.docx").is_file(),
        pdf=is_pdf,
        bestand=doc.naam,
        versie=staat.versie,
        ondertekend=list(staat.ondertekend),
        ontbreekt=list(staat.ontbreekt),
        te_laat=[p.rol for p in staat.partijen if p.te_laat],
        partijen=list(staat.partijen),
        vervangen=vervangen,
    )
    if staat.te_laat and not status.te_laat:
        # a late signature that counts for no required party still makes the set late (X8)
        status.problemen.append(
            "ondertekend na de startdatum door "
            + ", ".join(t.handtekening.ondertekenaar for t in staat.te_laat)
        )
    for h in staat.gebroken:
        status.problemen.append(f"handtekening {h.rol or h.veld} is niet in orde")
    return status


def status_from_dict(
    data: dict[str, Any], traject: Traject | None, vandaag: dt.date | None = None
) -> TrajectStatus:
    """A :class:`TrajectStatus` back from its :meth:`TrajectStatus.as_dict`, as a program
    stored it (the web application keeps it per trajectory, so that no page reads PDFs).

    With ``traject`` and ``vandaag`` the deadlines are worked out again for that day from
    the stored document states, by the same :func:`deadlines` as :func:`folder_status`:
    what is due or overdue changes with the date, not only when a document changes.
    """
    documenten = [_document_from_dict(d) for d in data.get("documenten", [])]
    status = TrajectStatus(
        str(data.get("traject_id", "")),
        str(data.get("map", "")),
        documenten,
        list(data.get("dossiers", [])),
        list(data.get("problemen", [])),
        data.get("oordeel"),
        aantallen=dict(data.get("aantallen", {})),
        traject=traject,
    )
    if traject is not None and vandaag is not None:
        standen = {
            d.document: Stand(d.aanwezig, tuple(d.ontbreekt), bool(d.te_laat)) for d in documenten
        }
        status.termijnen = deadlines(traject, standen, documents_for(traject), vandaag)
    else:
        status.termijnen = [_termijn_from_dict(t) for t in data.get("termijnen", [])]
    return status


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _document_from_dict(data: dict[str, Any]) -> DocumentStatus:
    document = data["document"]
    return DocumentStatus(
        document,
        docx=bool(data.get("docx")),
        pdf=bool(data.get("pdf")),
        bestand=data.get("bestand"),
        versie=data.get("versie"),
        ondertekend=list(data.get("ondertekend", [])),
        ontbreekt=list(data.get("ontbreekt", [])),
        te_laat=list(data.get("te_laat", [])),
        partijen=[
            Partij(
                p["rol"],
                p["stand"],
                p.get("naam"),
                p.get("ondertekenaar"),
                _date(p.get("datum")),
                p.get("tijdbron"),
                bool(p.get("vertrouwd")),
                bool(p.get("te_laat")),
            )
            for p in data.get("partijen", [])
        ],
        vervangen=[
            Vervangen(
                v["bestand"], document, int(v["versie"]), bool(v["ondertekend"]), data["bestand"]
            )
            for v in data.get("vervangen", [])
        ],
        problemen=list(data.get("problemen", [])),
    )


def _termijn_from_dict(data: dict[str, Any]) -> Termijn:
    datum = _date(data["datum"])
    assert datum is not None
    return Termijn(
        data["wat"],
        datum,
        bool(data["klaar"]),
        bool(data["verlopen"]),
        data.get("document"),
        tuple(data.get("rollen", ())),
        bool(data.get("te_laat")),
    )
