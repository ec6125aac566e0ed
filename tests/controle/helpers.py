"""Shared helpers of the controle tests: records, in-memory documents, what fired."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from typing import Any

from overeenkomsten.controle import Bevinding, DocumentBron, Rapport, check_documents
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import DocumentType, documents_to_make, metadata_key
from overeenkomsten.model.validatie import validate_record
from tests.conftest import data_path
from tests.controle.bouw import contract_lines, properties, write_docx
from tests.plugins.documenten import afgerond

LineEdit = Callable[[list[str]], list[str]]


def record(**changes: Any) -> dict[str, Any]:
    """The example record with top-level or dotted-path changes (``opleiding.crebo``)."""
    data: dict[str, Any] = json.loads(data_path("traject.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    for path, value in changes.items():
        target = data
        *parents, key = path.split("__")
        for part in parents:
            target = target[part]
        target[key] = value
    return data


def traject(**changes: Any) -> Traject:
    found, problems = validate_record(record(**changes))
    assert found is not None, problems
    return found


def bron(
    t: Traject,
    document: DocumentType,
    kenmerken: dict[str, str] | None = None,
    *,
    metadata: str = "volgt",
    edit: LineEdit | None = None,
    naam: str | None = None,
) -> DocumentBron:
    """One document in memory. ``kenmerken`` retypes Kenmerken lines; ``metadata`` is
    ``volgt`` (properties follow the edit), ``origineel`` (properties keep the old values)
    or ``geen``."""
    lines = contract_lines(t, document)
    props = properties(t, document)
    for label, value in (kenmerken or {}).items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{label}:"))
        lines[index] = f"{label}: {value}"
        if metadata == "volgt":
            props[metadata_key(label)] = value
    if edit is not None:
        lines = edit(lines)
    buffer = io.BytesIO()
    write_docx(buffer, lines, None if metadata == "geen" else props)
    return DocumentBron(naam or f"{t.traject_id}_{document}.docx", buffer.getvalue())


def afgerond_traject(**changes: Any) -> Traject:
    """:func:`traject` once it ended (tests.plugins.documenten.AFRONDING, every werkproces
    learned): its set has a praktijkverklaring (PV)."""
    return traject(afronding=afgerond(record(**changes))["afronding"], **changes)


def bronnen(t: Traject, **changed: DocumentBron | None) -> list[DocumentBron]:
    """The set of ``t`` as it is made (a PV only once ``t`` has ended), with some documents
    replaced (or left out with None)."""
    found: list[DocumentBron] = []
    for document in documents_to_make(t):
        if document in changed:
            replacement = changed[document]
            if replacement is not None:
                found.append(replacement)
        else:
            found.append(bron(t, document))
    return found


def fired(rapport: Rapport, ernst: str = "fout") -> set[str]:
    return {b.regel for b in rapport.bevindingen if b.ernst == ernst}


def only(rapport: Rapport, regel: str, ernst: str = "fout") -> Bevinding:
    """The one finding of ``regel`` with ``ernst``; no other rule may have that ernst."""
    assert fired(rapport, ernst) == {regel}, [b.bericht for b in rapport.bevindingen]
    found = [b for b in rapport.bevindingen if b.regel == regel and b.ernst == ernst]
    assert len(found) == 1, found
    return found[0]


def check(*sources: DocumentBron, **kwargs: Any) -> Rapport:
    return check_documents(list(sources), **kwargs)


# The trajectories of the generated sets (see conftest.sets): one maak_sets call. The sets
# with a praktijkverklaring are of finished trajectories (a PV is made at the end, X11).
BASIS = "RMT-TW-2026-0042"
RECORDS: dict[str, dict[str, Any]] = {
    "basis": afgerond(record()),
    "lang": record(
        traject_id="RMT-TW-2026-0043", einddatum="2027-07-30", plaatsing_einddatum="2027-06-13"
    ),
    "diploma": record(traject_id="RMT-TW-2026-0050", einddoel="diploma", werkprocessen=[]),
    "ander": afgerond(record(traject_id="RMT-TW-2026-0099")),
    "oud": afgerond(
        record(
            traject_id="RMT-TW-2023-0007",
            startdatum="2023-07-03",
            einddatum="2024-03-29",
            ondertekening__datum="2023-06-26",
        ),
        werkelijke_einddatum="2024-03-29",
        reden="behaald",
        toelichting=None,
        datum_afgifte="2024-04-05",
    ),
}
