"""``status``: the back office's to-do list for a batch folder.

Per trajectory: which documents exist (Word, PDF), which parties signed which PDF, which
signatures are still missing, and whether a dossier exists. Read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from overeenkomsten.batch.vingerafdruk import STATE_DIR
from overeenkomsten.dossier.herkennen import is_dossier_file
from overeenkomsten.errors import InputError, OvereenkomstenError
from overeenkomsten.handtekeningen import inspect_signatures
from overeenkomsten.intake.json_invoer import load_json
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import DocumentType, Rol, documents_for, required_roles
from overeenkomsten.paden import document_filename

RECORD = "traject.json"


@dataclass
class DocumentStatus:
    """One document of a trajectory: which files exist and who signed the PDF."""

    document: DocumentType
    docx: bool
    pdf: bool
    ondertekend: list[Rol] = field(default_factory=list)
    ontbreekt: list[Rol] = field(default_factory=list)
    problemen: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "docx": self.docx,
            "pdf": self.pdf,
            "ondertekend": self.ondertekend,
            "ontbreekt": self.ontbreekt,
            "problemen": self.problemen,
        }


@dataclass
class TrajectStatus:
    traject_id: str
    map: str
    documenten: list[DocumentStatus]
    dossiers: list[str]
    problemen: list[str] = field(default_factory=list)

    @property
    def compleet(self) -> bool:
        """Every document exists as PDF and every required party signed it."""
        return not self.problemen and all(
            d.pdf and not d.ontbreekt and not d.problemen for d in self.documenten
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "traject_id": self.traject_id,
            "map": self.map,
            "compleet": self.compleet,
            "documenten": [d.as_dict() for d in self.documenten],
            "dossiers": self.dossiers,
            "problemen": self.problemen,
        }


def batch_status(uit: Path) -> list[TrajectStatus]:
    """The status of every trajectory folder (one holding a traject.json) under ``uit``."""
    if not uit.is_dir():
        raise InputError(f"De map '{uit}' bestaat niet.", code="map-ontbreekt")
    folders = sorted(
        p
        for p in uit.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != STATE_DIR
    )
    return [_status(folder) for folder in folders if (folder / RECORD).is_file()]


def _status(folder: Path) -> TrajectStatus:
    try:
        traject = Traject.model_validate(load_json(folder / RECORD))
    except (InputError, ValueError, ValidationError):
        return TrajectStatus(
            folder.name, folder.name, [], [], [f"{RECORD} is onleesbaar of ongeldig"]
        )
    dossiers = sorted(p.name for p in folder.glob("*.pdf") if is_dossier_file(p))
    return TrajectStatus(
        traject.traject_id,
        folder.name,
        [_document(folder, traject, doc) for doc in documents_for(traject)],
        dossiers,
    )


def _document(folder: Path, traject: Traject, document: DocumentType) -> DocumentStatus:
    docx = folder / document_filename(traject.traject_id, document, "docx")
    pdf = folder / document_filename(traject.traject_id, document, "pdf")
    status = DocumentStatus(document, docx.is_file(), pdf.is_file())
    required = required_roles(traject, document)
    if not status.pdf:
        status.ontbreekt = list(required)
        return status
    try:
        found = inspect_signatures(pdf)
    except OvereenkomstenError as exc:
        status.problemen.append(exc.bericht)
        status.ontbreekt = list(required)
        return status
    for handtekening in found:
        if handtekening.rol is None:
            continue
        if handtekening.in_orde:
            status.ondertekend.append(handtekening.rol)
        else:
            status.problemen.append(f"handtekening {handtekening.rol} is niet in orde")
    status.ontbreekt = [rol for rol in required if rol not in status.ondertekend]
    return status
