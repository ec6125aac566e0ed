"""The dossier seal: one PAdES signature by the bundling organisation over the whole dossier.

The seal is a *certification* signature (DocMDP "no changes") in the field ``zegel``. Its
promise is stricter than pyHanko's default judgement of later revisions: pyHanko accepts an
incremental update that only rewrites the document information (title, author) as harmless,
but a sealed dossier must show *any* change. After the seal only validation data may be
added: a document security store (DSS) with certificates and revocation data, or a document
timestamp. Every other revision, even one that touches only metadata, is reported.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader, RawPdfPath
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DSSCompareRule,
    FormUpdatingRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    SuspiciousModification,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.commons import safe_whitelist
from pyhanko.sign.diff_analysis.rules_api import Context, ReferenceUpdate, WhitelistRule

from overeenkomsten.errors import BundleError, InputError
from overeenkomsten.handtekeningen.inspectie import inspect_signatures
from overeenkomsten.handtekeningen.sleutels import load_signer
from overeenkomsten.handtekeningen.types import Handtekening

ZEGEL_VELD = "zegel"
ZEGEL_REDEN = "Zegel over het dossier: elke latere wijziging wordt zichtbaar"

#: pyHanko writes these /Info entries and XMP properties on every incremental update, a
#: document timestamp included; any other change to them is a change of the dossier.
_WRITER_INFO_KEYS = frozenset({"/ModDate", "/Producer"})
_WRITER_XMP_KEYS = frozenset(
    {
        "{http://ns.adobe.com/xap/1.0/}ModifyDate",
        "{http://ns.adobe.com/xap/1.0/}MetadataDate",
        "{http://ns.adobe.com/pdf/1.3/}Producer",
    }
)
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def seal_pdf(pdf: bytes, p12: Path, wachtwoord: bytes | None) -> bytes:
    """``pdf`` with the seal added as an incremental update (invisible field ``zegel``)."""
    signer = load_signer(p12, wachtwoord)
    metadata = signers.PdfSignatureMetadata(
        field_name=ZEGEL_VELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=ZEGEL_REDEN,
    )
    output = io.BytesIO()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        signers.sign_pdf(writer, metadata, signer=signer, output=output)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise BundleError(
            f"Het dossier kan niet worden verzegeld ({exc}).", code="zegel-mislukt"
        ) from exc
    return output.getvalue()


@dataclass(frozen=True)
class Zegelcontrole:
    """What the check of a sealed dossier found.

    ``handtekening`` is the seal as :func:`inspect_signatures` reports it (intact, valid,
    trusted). ``wijzigingen`` holds one Dutch sentence per revision after the seal that is
    not validation data; ``validatiegegevens`` counts the revisions that are.
    """

    handtekening: Handtekening
    wijzigingen: tuple[str, ...]
    validatiegegevens: int

    @property
    def in_orde(self) -> bool:
        """Intact, valid, and nothing but validation data added afterwards (trust aside)."""
        return self.handtekening.intact and self.handtekening.geldig and not self.wijzigingen


def check_seal(pdf: bytes, vertrouwd: Sequence[Path] = ()) -> Zegelcontrole | None:
    """The seal of ``pdf`` and the changes made after it; None when there is no seal."""
    handtekening = next(
        (h for h in inspect_signatures(pdf, vertrouwd) if h.veld == ZEGEL_VELD), None
    )
    if handtekening is None:
        return None
    wijzigingen, toegestaan = review_after_seal(pdf)
    return Zegelcontrole(handtekening, tuple(wijzigingen), toegestaan)


def review_after_seal(pdf: bytes) -> tuple[list[str], int]:
    """Explain every revision after the seal that is not validation data.

    Returns the Dutch explanations and the number of revisions that only add validation
    data. A PDF without a filled ``zegel`` field gives ``([], 0)``.
    """
    reader = _reader(pdf)
    signatures = list(_signature_revisions(reader))
    seal_revision = next((rev for veld, _t, rev in signatures if veld == ZEGEL_VELD), None)
    if seal_revision is None:
        return [], 0
    base = reader.get_historical_resolver(seal_revision)
    problems: list[str] = []
    allowed = 0
    for revision in range(seal_revision + 1, reader.xrefs.total_revisions):
        added = [(veld, soort) for veld, soort, rev in signatures if rev == revision]
        nummer = revision + 1  # people count revisions from 1
        others = [veld for veld, soort in added if soort != "/DocTimeStamp"]
        if others:
            problems.append(
                f"Revisie {nummer} voegt na het zegel een handtekening toe "
                f"(veld {', '.join(others)}): het dossier is na het verzegelen gewijzigd."
            )
            continue
        new = reader.get_historical_resolver(revision)
        if not added and not _dss_changed(reader, revision):
            problems.append(
                f"Revisie {nummer} wijzigt het dossier na het zegel "
                f"({_describe(reader, revision)}); alleen validatiegegevens of een "
                "documenttijdstempel mogen nog worden toegevoegd."
            )
            continue
        try:
            _SEAL_POLICY.apply(base, new)
        except (SuspiciousModification, PdfError, KeyError, TypeError, ValueError) as exc:
            problems.append(
                f"Revisie {nummer} voegt validatiegegevens toe maar wijzigt na het zegel ook "
                f"andere onderdelen van het dossier ({_short(exc)})."
            )
            continue
        allowed += 1
    return problems, allowed


def count_revisions(pdf: bytes) -> int:
    """How many revisions ``pdf`` has: 1 when nothing was appended after it was written."""
    return int(_reader(pdf).xrefs.total_revisions)


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InputError(
            f"Het dossier is geen leesbare PDF ({exc}).", code="pdf-onleesbaar"
        ) from exc


def _signature_revisions(reader: PdfFileReader) -> Iterator[tuple[str, str, int]]:
    """(field name, signature type, revision that added it) of every filled field.

    Read from the PDF structure only, so that a signature whose CMS data is damaged still
    counts as a change.
    """
    try:
        found = list(fields.enumerate_sig_fields(reader, filled_status=True))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"De formuliervelden van het dossier zijn onleesbaar ({exc}).",
            code="pdf-onleesbaar",
        ) from exc
    for veld, _value, field_ref in found:
        try:
            value_ref = field_ref.get_object().raw_get("/V")
            soort = str(value_ref.get_object().get("/Type", "/Sig"))
            revision = reader.xrefs.get_last_change(value_ref.reference)
        except (PdfError, ValueError, KeyError, TypeError, AttributeError):
            continue
        yield str(veld), soort, revision


def _dss_changed(reader: PdfFileReader, revision: int) -> bool:
    """True when ``revision`` creates or updates the document security store."""
    new_root = reader.get_historical_root(revision)
    if "/DSS" not in new_root:
        return False
    dss = new_root.raw_get("/DSS")
    old_root = reader.get_historical_root(revision - 1)
    if "/DSS" not in old_root or old_root.raw_get("/DSS") != dss:
        return True
    if isinstance(dss, generic.IndirectObject):
        resolver = reader.get_historical_resolver(revision)
        explicit = resolver.explicit_refs_in_revision()  # type: ignore[no-untyped-call]
        return dss.reference in explicit
    return False


def _describe(reader: PdfFileReader, revision: int) -> str:
    """What a revision changes, in the user's terms: properties, pages, or other content."""
    new = reader.get_historical_resolver(revision)
    old = reader.get_historical_resolver(revision - 1)
    if _page_count(new) != _page_count(old):
        return f"het aantal pagina's gaat van {_page_count(old)} naar {_page_count(new)}"
    if _info(new) != _info(old):
        return "alleen de documenteigenschappen, zoals de titel, zijn gewijzigd"
    return "de inhoud is gewijzigd"


def _page_count(resolver: HistoricalResolver) -> int:
    try:
        return int(resolver.root["/Pages"]["/Count"])
    except (KeyError, TypeError, ValueError):
        return 0


def _info(resolver: HistoricalResolver) -> dict[str, str]:
    """/Info as it was in one revision, without the entries every writer updates."""
    try:
        info = resolver.get_object(resolver.trailer_view.raw_get("/Info").reference)
    except (KeyError, AttributeError, PdfError):
        return {}
    if not isinstance(info, generic.DictionaryObject):
        return {}
    return {str(k): str(v) for k, v in info.items() if k not in _WRITER_INFO_KEYS}


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


class _WriterInfoRule(WhitelistRule):
    """Allow /Info to change only in the entries every PDF writer updates."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[Any]:
        new_ref = new.trailer_view.get_value_as_reference("/Info", optional=True)
        if new_ref is None:
            return
        old_ref = old.trailer_view.get_value_as_reference("/Info", optional=True)
        if _info(old) != _info(new):
            raise SuspiciousModification("de documenteigenschappen (/Info) zijn gewijzigd")
        context = Context.from_absolute(old, RawPdfPath("/Info"))
        for ref in safe_whitelist(old, old_ref, new_ref):
            yield ReferenceUpdate(ref, context_checked=context)


class _WriterXmpRule(MetadataUpdateRule):
    """Allow the XMP metadata to change only in the properties every writer updates."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[Any]:
        updates = list(super().apply(old, new))
        if updates and _xmp(old) != _xmp(new):
            raise SuspiciousModification("de XMP-metadata (titel, auteur, ...) is gewijzigd")
        yield from updates


def _xmp(resolver: HistoricalResolver) -> list[tuple[str, str]]:
    """The XMP properties of one revision, without those every writer updates."""
    try:
        ref = resolver.root.get_value_as_reference("/Metadata")
        data = resolver.get_object(ref).data
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    except (KeyError, AttributeError, PdfError, etree.XMLSyntaxError, ValueError):
        return []
    found: list[tuple[str, str]] = []
    for description in root.iter(f"{_RDF}Description"):
        for name, value in description.attrib.items():
            if name != f"{_RDF}about" and name not in _WRITER_XMP_KEYS:
                found.append((str(name), str(value)))
        for child in description:
            if child.tag not in _WRITER_XMP_KEYS:
                text = " ".join(t.strip() for t in child.itertext() if t.strip())
                found.append((str(child.tag), text))
    return sorted(found)


#: pyHanko's default policy, but metadata (/Info, XMP) may only change where every writer
#: changes it, and no ordinary form filling: after a seal, only validation data and
#: timestamps may follow.
_SEAL_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),  # type: ignore[no-untyped-call]
        _WriterInfoRule().as_qualified(ModificationLevel.LTA_UPDATES),
        _WriterXmpRule().as_qualified(  # type: ignore[no-untyped-call]
            ModificationLevel.LTA_UPDATES
        ),
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(
        field_rules=[
            SigFieldCreationRule(),  # type: ignore[no-untyped-call]
            SigFieldModificationRule(),
        ]
    ),
)
