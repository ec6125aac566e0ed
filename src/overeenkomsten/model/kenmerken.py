"""The facts every document states, in a form a program can read back.

This is the contract between the renderer (which prints them) and the check (which reads
them back from the text of a .docx or PDF, and from its metadata):

* Page 1 of every document carries a ``Kenmerken`` block: one paragraph per fact, written
  exactly as ``f"{label}: {value}"`` with the labels of :data:`LABELS` in that order. A
  document may print a label more precisely (:func:`gedrukt_label`: the PLOK's end date is
  ``Einddatum plaatsing``); readers accept every form of :data:`LABEL_VORMEN` and report the
  fact under the canonical label, so documents made before v2 keep reading.
* Werkprocessen are written as :func:`werkproces_regel` (``B1-K1-W1 (crebo 25371)``) followed
  by the title, and read back with :data:`WERKPROCES_PATTERN`.
* Signature blocks start with the paragraph ``Handtekening {ROL_LABELS[rol]}`` followed by
  ``Naam: ...`` and (for someone signing for an organisation) ``Functie: ...`` and
  ``Namens: ...`` paragraphs, then empty ``Plaats:`` and ``Datum:`` lines for the signer.
  Readers also accept the headings of documents made before v2 (:func:`handtekening_koppen`).
* Metadata (docx custom properties, PDF document information) holds the same values under
  :func:`metadata_key` of each label, plus :data:`HASH_KEY`, a SHA-256 of the record without
  the BSN. The BSN is never in metadata.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Literal

from overeenkomsten._tekst import dutch_date
from overeenkomsten.model.namen import naam_in_zin
from overeenkomsten.model.traject import Traject, maakt_praktijkverklaring

DocumentType = Literal["OOK", "POK", "PLOK", "PV"]
DOCUMENT_TYPES: tuple[DocumentType, ...] = ("OOK", "POK", "PLOK", "PV")

TITELS: dict[DocumentType, str] = {
    "OOK": "Onderwijsovereenkomst",
    "POK": "Praktijkovereenkomst",
    "PLOK": "Plaatsingsovereenkomst praktijkleren in het mbo",
    "PV": "Praktijkverklaring",
}

LABELS: tuple[str, ...] = (
    "Traject",
    "Document",
    "Einddoel",
    "Crebonummer",
    "Opleiding",
    "Leerweg",
    "Startdatum",
    "Einddatum",
    "Kandidaat",
    "Geboortedatum",
    "Instelling (BRIN)",
    "Leerbedrijf (KvK)",
    "Leerbedrijf-ID",
    "Praktijkopleider",
)

Rol = Literal[
    "kandidaat",
    "instelling",
    "leerbedrijf",
    "rmt",
    "praktijkopleider",
    "examencommissie",
    "wettelijk-vertegenwoordiger",
]
ROLLEN: tuple[Rol, ...] = (
    "kandidaat",
    "instelling",
    "leerbedrijf",
    "rmt",
    "praktijkopleider",
    "examencommissie",
    "wettelijk-vertegenwoordiger",
)
ROL_LABELS: dict[Rol, str] = {
    "kandidaat": "kandidaat",
    "instelling": "namens de instelling",
    "leerbedrijf": "namens het leerbedrijf",
    "rmt": "namens de regio",
    "praktijkopleider": "praktijkopleider",
    "examencommissie": "namens de examencommissie",
    "wettelijk-vertegenwoordiger": "wettelijk vertegenwoordiger",
}
"""The party a signature block is for, as its heading prints it (v2). The regional party
(key ``rmt``) is "de regio": since 2025 it is no longer a regionaal mobiliteitsteam."""

OUDE_ROL_LABELS: dict[Rol, tuple[str, ...]] = {"rmt": ("namens het RMT",)}
"""Headings of documents made before v2, still recognised when reading and signing."""


def handtekening_koppen(rol: Rol) -> tuple[str, ...]:
    """Every heading that starts ``rol``'s signature block: the current one first."""
    labels = (ROL_LABELS[rol], *OUDE_ROL_LABELS.get(rol, ()))
    return tuple(f"Handtekening {label}" for label in labels)


_GEDRUKTE_LABELS: dict[tuple[DocumentType, str], str] = {
    ("PLOK", "Einddatum"): "Einddatum plaatsing",
    ("PV", "Einddatum"): "Werkelijke einddatum",
}

LABEL_VORMEN: dict[str, tuple[str, ...]] = {
    label: (label, *sorted({v for (_, k), v in _GEDRUKTE_LABELS.items() if k == label}))
    for label in LABELS
}
"""Canonical label -> every form a document may print it in (before v2: the label itself)."""


def gedrukt_label(label: str, document: DocumentType) -> str:
    """The label as ``document`` prints it: unambiguous within the set (v2)."""
    return _GEDRUKTE_LABELS.get((document, label), label)


WERKPROCES_PATTERN = re.compile(r"\b([BP]\d+-K\d+-W\d+) \(crebo (\d{5})\)")
HASH_KEY = "Recordhash"
#: Where a generated document comes from (metadata, X15): the BSN-free record it was made
#: from (JSON), its template's file name and SHA-256, and the tool and version that made it.
RECORD_KEY = "Record"
SJABLOON_KEY = "Sjabloon"
SJABLOON_HASH_KEY = "Sjabloon_SHA256"
PROGRAMMA_KEY = "Programma"
HERKOMST_KEYS = (RECORD_KEY, SJABLOON_KEY, SJABLOON_HASH_KEY, PROGRAMMA_KEY)
#: The document's version in its metadata: 1, or n of ``<id>_<DOC>_v<n>`` (domein.md §7).
VERSION_KEY = "Versie"


def werkproces_regel(code: str, crebo: str) -> str:
    return f"{code} (crebo {crebo})"


def metadata_key(label: str) -> str:
    """``"Instelling (BRIN)"`` -> ``"Instelling_BRIN"``: a key safe in docx and PDF."""
    return re.sub(r"[^0-9A-Za-z]+", "_", label).strip("_")


def einddatum_of(traject: Traject, document: DocumentType) -> str:
    """The end date a document states: the PLOK ends with the placement; the PV states the
    period that actually took place (``afronding.werkelijke_einddatum``)."""
    if document == "PLOK":
        return dutch_date(traject.plaatsing_eind)
    if document == "PV":
        return dutch_date(traject.periode_eind)
    return dutch_date(traject.einddatum)


def kenmerken(traject: Traject, document: DocumentType) -> dict[str, str]:
    """The Kenmerken facts of one document, label -> printed value, in :data:`LABELS` order."""
    leerbedrijf = traject.leerbedrijf
    return {
        "Traject": traject.traject_id,
        "Document": document,
        "Einddoel": traject.einddoel,
        "Crebonummer": traject.opleiding.crebo,
        "Opleiding": traject.opleiding.naam,
        "Leerweg": traject.opleiding.leerweg,
        "Startdatum": dutch_date(traject.startdatum),
        "Einddatum": einddatum_of(traject, document),
        "Kandidaat": traject.kandidaat.volledige_naam,
        "Geboortedatum": dutch_date(traject.kandidaat.geboortedatum),
        "Instelling (BRIN)": f"{traject.instelling.naam} ({traject.instelling.brin})",
        "Leerbedrijf (KvK)": f"{leerbedrijf.naam} ({leerbedrijf.kvk})",
        "Leerbedrijf-ID": leerbedrijf.leerbedrijf_id,
        "Praktijkopleider": naam_in_zin(traject.praktijkopleider.naam),
    }


def kenmerken_regels(traject: Traject, document: DocumentType) -> list[tuple[str, str]]:
    """The Kenmerken block as ``document`` prints it: (printed label, value) in order."""
    return [
        (gedrukt_label(label, document), waarde)
        for label, waarde in kenmerken(traject, document).items()
    ]


def required_roles(traject: Traject, document: DocumentType) -> tuple[Rol, ...]:
    """Who signs each document (domein.md section 1 and X7), in signature-block order.

    A kandidaat under 18 on the signing date has the wettelijk vertegenwoordiger co-sign
    all three contracts (OOK, POK and PLOK), never the PV.
    """
    minor: tuple[Rol, ...] = ("wettelijk-vertegenwoordiger",) if traject.minderjarig else ()
    if document == "OOK":
        return ("instelling", "kandidaat", *minor)
    if document == "POK":
        return ("instelling", "leerbedrijf", "kandidaat", *minor)
    if document == "PLOK":
        return ("rmt", "leerbedrijf", "kandidaat", *minor)
    return ("praktijkopleider", "examencommissie")


def documents_for(traject: Traject) -> tuple[DocumentType, ...]:
    """The document types a trajectory can have: the PV type only for einddoel
    praktijkverklaring. Whether the PV is made *now* is :func:`documents_to_make`."""
    if traject.einddoel == "praktijkverklaring":
        return DOCUMENT_TYPES
    return ("OOK", "POK", "PLOK")


def documents_to_make(traject: Traject) -> tuple[DocumentType, ...]:
    """The documents to generate for a record as it is now (domein.md §2, v2).

    OOK, POK and PLOK always. The praktijkverklaring (PV) is made at the end of the
    trajectory, never before: only for einddoel praktijkverklaring *and* an ``afronding``
    that lists at least one learned werkproces (``behaalde_werkprocessen``). A set made at
    the start therefore has three documents; adding ``afronding`` later adds the PV.
    """
    behaald = traject.afronding.behaalde_werkprocessen if traject.afronding else []
    if maakt_praktijkverklaring(traject.einddoel, behaald):
        return DOCUMENT_TYPES
    return ("OOK", "POK", "PLOK")


def record_hash(traject: Traject) -> str:
    """SHA-256 of the record without the BSN: safe to put in metadata (domein.md section 9)."""
    data = traject.model_dump(mode="json")
    data["kandidaat"].pop("bsn", None)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
