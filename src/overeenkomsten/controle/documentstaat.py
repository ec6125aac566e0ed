"""The state of each document of one trajectory (*documentstaat*): the one definition of
present, newest version, signed, by whom, late and attested, shared by ``controleer`` (rules
X0, X7 and X8) and ``status`` (domein.md section 5, the paragraph after X17, and section 7).

Documents are known by what they say (their Kenmerken block, title or metadata, read by
:mod:`.extract`), never by their file name: signed PDFs come back from e-mail and signing
services under other names. Of each document type of a trajectory the newest version is the
document; older versions are *vervangen* (listed, no finding, not bundled). Which signature
counts for which party, and who must sign, is the signature rules' judgement
(:mod:`.ondertekening`); this module applies it once, so that every command sees the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.handtekeningen.types import Attestatie, Handtekening
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES, DocumentType, Rol

if TYPE_CHECKING:
    from overeenkomsten.controle.basis import Context

NL = ZoneInfo("Europe/Amsterdam")

#: The documents that must be signed before the start (X8).
VOORAF: tuple[DocumentType, ...] = ("OOK", "POK")

Stand = Literal["ondertekend", "handmatig vastgesteld", "niet in orde", "ontbreekt"]
TijdBron = Literal["tijdstempel", "ondertekenaar", "attestatie", "onbekend"]

_VERSIE_IN_NAAM = re.compile(r"_v(\d{1,4})$", re.IGNORECASE)
VERSIE_LABEL = "Versie"  # as documenten.metadata.VERSION_KEY (metadata) and a printed line


@dataclass(frozen=True)
class Tijd:
    """When one signature was set, as a day in the Netherlands, and whether that is late."""

    handtekening: Handtekening
    dag: dt.date | None
    bron: TijdBron
    te_laat: bool


@dataclass(frozen=True)
class Partij:
    """One party that must sign one document, and what the document shows of it.

    ``stand``: ``ondertekend`` (a digital signature that counts for the party, in order and,
    when trust roots were given, trusted), ``handmatig vastgesteld`` (a wet-ink signature
    attested by hand, domein.md section 7), ``niet in orde`` (only signatures that are
    broken, changed after signing or not trusted), ``ontbreekt``. ``naam`` is the person
    printed in the party's signature block; ``ondertekenaar`` who signed (the certificate's
    name); ``dag`` the signing day; ``te_laat``: signed after the startdatum (X8).
    """

    rol: Rol
    stand: Stand
    naam: str | None = None
    ondertekenaar: str | None = None
    dag: dt.date | None = None
    tijdbron: TijdBron | None = None
    vertrouwd: bool = False
    te_laat: bool = False

    @property
    def getekend(self) -> bool:
        return self.stand in ("ondertekend", "handmatig vastgesteld")


@dataclass(frozen=True)
class Vervangen:
    """An older version of a document: listed, not checked, not bundled (section 7)."""

    naam: str
    type: DocumentType
    versie: int
    ondertekend: bool
    door: str


@dataclass(frozen=True)
class DocumentStaat:
    """One document (its newest version) and the state of its signatures.

    ``digitaal``: the document is a PDF whose signatures could be inspected and it has at
    least one; otherwise ``reden`` says why its signatures cannot be checked digitally (a
    Word file, an unsigned PDF, signatures that could not be read). ``gebroken`` are the
    signatures that are not in order; ``tijden`` every signature's day (X8 reads them).
    """

    document: DocumentFeiten
    type: DocumentType
    versie: int
    partijen: tuple[Partij, ...]
    digitaal: bool
    reden: str | None
    startdatum: dt.date | None
    tijden: tuple[Tijd, ...] = ()
    gebroken: tuple[Handtekening, ...] = ()
    attestatie: Attestatie | None = None

    @property
    def naam(self) -> str:
        return self.document.naam

    @property
    def ontbreekt(self) -> tuple[Rol, ...]:
        """The parties whose signature is missing or not in order."""
        return tuple(p.rol for p in self.partijen if not p.getekend)

    @property
    def ondertekend(self) -> tuple[Rol, ...]:
        return tuple(p.rol for p in self.partijen if p.getekend)

    @property
    def te_laat(self) -> tuple[Tijd, ...]:
        return tuple(t for t in self.tijden if t.te_laat)

    @property
    def volledig(self) -> bool:
        """Every required party signed, nothing broken, nothing late."""
        late = self.te_laat or any(p.te_laat for p in self.partijen)
        return not self.ontbreekt and not self.gebroken and not late


@dataclass
class Trajectstaat:
    """The documents of one trajectory folder or dossier, as every command sees them.

    ``documenten``: one :class:`DocumentStaat` per document that counts (newest versions),
    in the order of the check; ``vervangen`` the older versions; ``scans`` the PDFs without
    text (whose document cannot be told from their content).
    """

    documenten: list[DocumentStaat]
    vervangen: list[Vervangen] = field(default_factory=list)
    scans: list[str] = field(default_factory=list)

    def van(self, doc: DocumentFeiten) -> DocumentStaat:
        return next(s for s in self.documenten if s.document is doc)

    def soort(self, document: DocumentType) -> list[DocumentStaat]:
        return [s for s in self.documenten if s.type == document]

    def aanwezig(self, document: DocumentType) -> bool:
        return any(s.type == document for s in self.documenten)


# --- versions -----------------------------------------------------------------------------


def versie(doc: DocumentFeiten) -> int:
    """A document's version: as it prints or carries it (``Versie``), else from a file name
    ending in ``_v<n>``, else 1. What the document says counts over its file name."""
    for text in (doc.kenmerken.get(VERSIE_LABEL), doc.metadata.get(VERSIE_LABEL)):
        if text is not None and (digits := re.sub(r"\D", "", text)):
            return int(digits[:4])
    match = _VERSIE_IN_NAAM.search(PurePath(doc.naam).stem)
    return int(match.group(1)) if match else 1


def newest_versions(
    docs: Sequence[DocumentFeiten],
) -> tuple[list[DocumentFeiten], list[Vervangen]]:
    """Split readable documents into the ones that count and the older versions they
    replace. Versions are compared per document type and trajectory: a stray document of
    another trajectory is never "replaced" (X0 reports it)."""
    groups: dict[tuple[DocumentType | None, Hashable], list[DocumentFeiten]] = {}
    for doc in docs:
        if doc.bruikbaar:
            groups.setdefault((doc.type, doc.waarde("Traject").sleutel), []).append(doc)
    older: dict[int, Vervangen] = {}
    for (kind, _), group in groups.items():
        newest = max(versie(d) for d in group)
        top = next(d for d in group if versie(d) == newest)
        for doc in group:
            if kind is not None and versie(doc) < newest:
                older[id(doc)] = Vervangen(
                    doc.naam, kind, versie(doc), bool(_signatures(doc)), top.naam
                )
    return [d for d in docs if id(d) not in older], [older[id(d)] for d in docs if id(d) in older]


# --- signatures ---------------------------------------------------------------------------


def _signatures(doc: DocumentFeiten) -> list[Handtekening]:
    from overeenkomsten.controle.ondertekening import signatures

    return signatures(doc) or []


def day_of(moment: dt.datetime) -> dt.date:
    """The day a signature was set, in the Netherlands."""
    return moment.astimezone(NL).date()


def _tijd(h: Handtekening, start: dt.date | None, document: DocumentType) -> Tijd:
    dag = day_of(h.tijdstip) if h.tijdstip is not None else None
    bron: TijdBron = h.tijdstip_bron if dag is not None else "onbekend"
    late = document in VOORAF and dag is not None and start is not None and dag > start
    return Tijd(h, dag, bron, late)


def document_state(ctx: Context, doc: DocumentFeiten) -> DocumentStaat:
    """The state of one readable document of ``ctx``."""
    from overeenkomsten.controle.ondertekening import (
        GEEN_DIGITALE_HANDTEKENING,
        counts_for,
        required,
        signatures,
    )

    assert doc.type is not None
    start_value = doc.waarde("Startdatum").sleutel
    start = start_value if isinstance(start_value, dt.date) else None
    found = signatures(doc)
    tijden = tuple(_tijd(h, start, doc.type) for h in found or () if h.soort == "handtekening")
    partijen: list[Partij] = []
    for rol in required(ctx, doc):
        block = doc.ondertekenaar(rol)
        naam = block.naam if block is not None else None
        mine = [t for t in tijden if counts_for(t.handtekening, rol, doc, ctx)]
        # trust checked and failed (X7 v2) is not signed; trust not checked still is
        good = [t for t in mine if t.handtekening.in_orde and not t.handtekening.vertrouwen_fout]
        if not mine:
            partijen.append(Partij(rol, "ontbreekt", naam))
            continue
        chosen = (good or mine)[0]
        h = chosen.handtekening
        partijen.append(
            Partij(
                rol,
                "ondertekend" if good else "niet in orde",
                naam,
                h.ondertekenaar,
                chosen.dag,
                chosen.bron,
                h.vertrouwd,
                any(t.te_laat for t in mine),
            )
        )
    if found is not None:
        reden = None
    elif doc.bron != "pdf":
        reden = f"Word-bestand: {GEEN_DIGITALE_HANDTEKENING}"
    elif doc.handtekeningen is None:
        reden = doc.handtekeningen_reden or GEEN_DIGITALE_HANDTEKENING
    else:
        reden = GEEN_DIGITALE_HANDTEKENING
    gebroken = tuple(h for h in doc.handtekeningen or () if not h.in_orde)
    return DocumentStaat(
        doc,
        doc.type,
        versie(doc),
        tuple(partijen),
        found is not None,
        reden,
        start,
        tijden,
        gebroken if found is not None else (),
    )


def trajectory_state(ctx: Context) -> Trajectstaat:
    """The state of every document of ``ctx`` (see :attr:`Context.staat`): the documents
    read, and the scans that a manual attestation names as a document."""
    scans = [d for d in ctx.onleesbaar if d.leesfout is not None and d.leesfout.code == SCAN]
    return Trajectstaat(
        [document_state(ctx, doc) for doc in ctx.documenten] + _attested(ctx, scans),
        list(ctx.vervangen),
        [d.naam for d in scans],
    )


# --- scans attested by hand (domein.md section 7) ------------------------------------------

SCAN = "pdf-zonder-tekst"


def _attested(ctx: Context, scans: list[DocumentFeiten]) -> list[DocumentStaat]:
    """A scan covered by an attestation (``<scan>.attestatie.pdf``, found by the scan's
    SHA-256, whatever either file is called) counts as the document the attestation names,
    signed "handmatig vastgesteld" by the parties it lists, on the date on the paper."""
    on_disk = [d for d in scans if d.pad is not None]
    if not on_disk:
        return []
    from overeenkomsten.handtekeningen.attestatie import attestation_for, attestations_in

    folders = {d.pad.parent for d in on_disk if d.pad is not None}
    found = [a for folder in sorted(folders) for a in attestations_in(folder, ctx.vertrouwd)]
    result = []
    for scan in on_disk:
        assert scan.pad is not None
        attestatie = attestation_for(scan.pad, found) if found else None
        if attestatie is not None and attestatie.document in DOCUMENT_TYPES:
            result.append(_attested_state(ctx, scan, attestatie))
    return result


def _attested_state(ctx: Context, scan: DocumentFeiten, a: Attestatie) -> DocumentStaat:
    from overeenkomsten.controle.ondertekening import required
    from overeenkomsten.handtekeningen.toewijzing import record_names

    document = next(t for t in DOCUMENT_TYPES if t == a.document)
    start = ctx.startdatum  # a scan has no readable text: the other documents' start
    typed = dataclasses.replace(scan, type=document)
    partijen = []
    for rol in required(ctx, typed):
        naam = next(iter(record_names(ctx.traject, rol)), None) if ctx.traject else None
        if rol not in a.partijen:
            partijen.append(Partij(rol, "ontbreekt", naam))
            continue
        late = document in VOORAF and start is not None and a.getekend_op > start
        partijen.append(
            Partij(
                rol,
                "handmatig vastgesteld" if a.geldig else "niet in orde",
                naam,
                None,
                a.getekend_op,
                "attestatie",
                a.vertrouwd,
                late,
            )
        )
    reden = (
        f"scan: handmatig vastgesteld door {a.gecontroleerd_door} (attestatie {a.pad.name})"
        if a.geldig
        else f"scan: de attestatie {a.pad.name} geldt niet: {a.toelichting}"
    )
    return DocumentStaat(
        scan, document, versie(typed), tuple(partijen), False, reden, start, attestatie=a
    )
