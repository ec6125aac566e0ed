"""Which documents were signed here: the firm fact behind "rewritten without its signatures".

A PDF saved again by another program, page by page, loses its signatures and can lose every
trace of them (fields, stamps, producer). From the file alone it then looks like a document
that was never signed (``niet-gecontroleerd``), and hiding evidence would downgrade
``fouten`` to ``onvolledig`` (domein.md X7 v2). So ``onderteken`` records, in the folder's
``.overeenkomsten/ondertekend.json``, which document it signed: the trajectory, the
document type and its version (as the document prints and carries them), and for whom. The
check holds every PDF without any signature against that record: a document of the same
trajectory, type and version that has no signature any more is a ``fout``, whatever the
file is called now. The record holds no BSN and no content, only those identifiers, the
roles, the file name and the SHA-256 of what was written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overeenkomsten.bestanden import write_atomic
from overeenkomsten.controle.basis import join
from overeenkomsten.controle.documentstaat import versie
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.tekst import normalize
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import Rol
from overeenkomsten.trajectmap.boekhouding import STATE_DIR, Boekhouding, state_dir

SPOOR = "ondertekend.json"

Identiteit = tuple[str, str, int]


@dataclass(frozen=True)
class Ondertekend:
    """One signature ``onderteken`` put on a document in this folder."""

    identiteit: Identiteit
    rol: str
    bestand: str


def identity(doc: DocumentFeiten) -> Identiteit | None:
    """(traject_id, document type, version) as the document states them; None when it does
    not say which trajectory or document it is."""
    traject = doc.kenmerken.get("Traject") or doc.metadata.get("Traject")
    if doc.type is None or not traject:
        return None
    return normalize(traject).upper(), doc.type, versie(doc)


def record_signing(doc: DocumentFeiten, rol: Rol, written: Path) -> None:
    """Add that ``written`` (read before signing as ``doc``) was signed for ``rol``.

    Raises :class:`OSError` when the record cannot be written (the caller says so; the
    signature itself is already in place)."""
    ident = identity(doc)
    if ident is None:
        return
    folder = written.parent
    path = state_dir(folder) / SPOOR
    entries = _load(path)
    entries.append(
        {
            "traject_id": ident[0],
            "document": ident[1],
            "versie": ident[2],
            "rol": rol,
            "bestand": written.name,
            "sha256": hashlib.sha256(written.read_bytes()).hexdigest(),
            "ondertekend_op": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
    )
    write_atomic(path, (json.dumps({"ondertekend": entries}, indent=1) + "\n").encode())


def signed_here(folder: Path) -> list[Ondertekend]:
    """The signatures recorded in ``folder`` (none when there is no readable record)."""
    path = folder / STATE_DIR / SPOOR
    if not path.is_file():
        return []
    found = []
    for entry in _load(path):
        try:
            ident = (str(entry["traject_id"]), str(entry["document"]), int(str(entry["versie"])))
            found.append(Ondertekend(ident, str(entry["rol"]), str(entry.get("bestand", ""))))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def stripped(docs: Sequence[DocumentFeiten]) -> None:
    """Give every readable PDF without any signature that this folder's record says was
    signed a broken signature (X7: a ``fout``) naming the recorded roles. In place."""
    records: dict[Path, list[Ondertekend]] = {}
    for doc in docs:
        if doc.pad is None or doc.bron != "pdf" or not doc.bruikbaar or doc.handtekeningen:
            continue
        folder = doc.pad.parent
        if folder not in records:
            records[folder] = signed_here(folder)
        ident = identity(doc)
        found = [o for o in records[folder] if ident is not None and o.identiteit == ident]
        # The engine's own, unchanged file (written after the signed one was removed): a
        # fresh document, not a rewrite of the signed one.
        if found and not Boekhouding(folder).is_ours(doc.pad):
            doc.handtekeningen = (_gone(found),)


def _gone(found: list[Ondertekend]) -> Handtekening:
    from overeenkomsten.handtekeningen.sporen import broken_record  # pyHanko: only when needed

    rollen = list(dict.fromkeys(o.rol for o in found))
    bestanden = sorted({o.bestand for o in found if o.bestand})
    toen = f" (toen als {', '.join(bestanden)})" if bestanden else ""
    return broken_record(
        "onbekend",
        "onbekend",
        "handtekeningen verwijderd",
        f"deze versie is met onderteken ondertekend voor {join(rollen)}{toen}, volgens "
        f"{STATE_DIR}/{SPOOR} in deze map, maar heeft nu geen digitale handtekening meer: "
        "het bestand is opnieuw opgeslagen zonder zijn handtekeningen. Vraag het "
        "ondertekende bestand terug.",
        afwijking="herschreven",
        vertrouwen="niet-vertrouwd",
    )


def _load(path: Path) -> list[dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries = data.get("ondertekend") if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
