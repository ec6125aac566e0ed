"""What changed after a signature: every later revision of a PDF, judged strictly (X7).

A signed PDF grows by incremental updates (*revisies*). pyHanko's default judgement of
those is lenient: it accepts an update that only rewrites the document information (title,
author), form filling and annotations. Our rule (domein.md X7) is stricter: after a
signature only more signatures (a new signature field, its appearance, and the form updates
that needs), validation data (a document security store, DSS) and document timestamps may
be added. Anything else, even a change of the title alone, is a change of what was signed.

Both the inspection of ordinary signatures (:mod:`.inspectie`) and the dossier seal
(:mod:`.zegel`, which also forbids later signatures) judge with this one module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from lxml import etree  # type: ignore[import-untyped]
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader, RawPdfPath
from pyhanko.sign import fields
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

Soort = Literal["handtekening", "validatiegegevens", "wijziging"]

#: What may follow an ordinary signature, and what may follow the dossier seal.
NA_HANDTEKENING = "handtekeningen, validatiegegevens of een documenttijdstempel"
NA_ZEGEL = "validatiegegevens of een documenttijdstempel"

#: Writers update these /Info entries and XMP properties on every incremental update, a
#: signature or document timestamp included (pyHanko the dates and producer; the XMP
#: standard asks for a new InstanceID and a History entry on every save). Any other
#: change to them, such as the title, is a change of the document.
_WRITER_INFO_KEYS = frozenset({"/ModDate", "/Producer"})
_WRITER_XMP_KEYS = frozenset(
    {
        "{http://ns.adobe.com/xap/1.0/}ModifyDate",
        "{http://ns.adobe.com/xap/1.0/}MetadataDate",
        "{http://ns.adobe.com/pdf/1.3/}Producer",
        "{http://ns.adobe.com/xap/1.0/mm/}InstanceID",
        "{http://ns.adobe.com/xap/1.0/mm/}History",
    }
)
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_OTHER_PARTS = "er zijn ook andere onderdelen gewijzigd"


@dataclass(frozen=True)
class Revisie:
    """One incremental update of a PDF, judged against the revision before it.

    ``index`` is pyHanko's revision number (0 is the document as first written);
    ``nummer`` counts from 1, as people do. ``soort`` says what the update adds:
    signatures (the fields in ``velden``), only validation data (DSS or a document
    timestamp), or neither (``wijziging``: a change of the document itself).
    ``bezwaar`` says in Dutch what it changes beyond what it adds; None when it adds
    only what may follow a signature.
    """

    index: int
    soort: Soort
    velden: tuple[str, ...]
    bezwaar: str | None

    @property
    def nummer(self) -> int:
        return self.index + 1

    @property
    def toegevoegd(self) -> str:
        if self.soort == "handtekening":
            return f"een handtekening (veld {', '.join(self.velden)})"
        return "validatiegegevens"

    @property
    def kort(self) -> str:
        """A short phrase for a list of changes: ``revisie 5: ...``."""
        if self.soort == "wijziging":
            return f"revisie {self.nummer}: {self.bezwaar}"
        return f"revisie {self.nummer} voegt {self.toegevoegd} toe, maar {self.bezwaar}"

    def uitleg(self, onderwerp: str, na: str, mag: str) -> str:
        """One Dutch sentence: ``Revisie 3 wijzigt het dossier na het zegel (...)``."""
        if self.soort == "wijziging":
            return (
                f"Revisie {self.nummer} wijzigt {onderwerp} {na} ({self.bezwaar}); alleen "
                f"{mag} mogen nog worden toegevoegd."
            )
        return (
            f"Revisie {self.nummer} voegt {self.toegevoegd} toe maar wijzigt {na} ook andere "
            f"onderdelen van {onderwerp} ({self.bezwaar})."
        )


class RevisionReview:
    """The revisions of one PDF, each judged once, on demand.

    ``reader`` must be able to read every revision; the signature fields are listed from
    the PDF structure only, so a signature whose CMS data is damaged still counts as
    something the revision adds.
    """

    def __init__(self, reader: PdfFileReader) -> None:
        self._reader = reader
        self._signatures = list(signature_revisions(reader))
        self._judged: dict[int, Revisie] = {}

    @property
    def total(self) -> int:
        return int(self._reader.xrefs.total_revisions)

    def revision_of(self, veld: str) -> int | None:
        """The revision that filled the signature field ``veld``; None when not filled."""
        return next((rev for name, _soort, rev in self._signatures if name == veld), None)

    def after(self, revision: int) -> list[Revisie]:
        """Every revision after ``revision``, in order."""
        return [self.judge(index) for index in range(revision + 1, self.total)]

    def judge(self, index: int) -> Revisie:
        if index not in self._judged:
            self._judged[index] = self._judge(index)
        return self._judged[index]

    def _judge(self, index: int) -> Revisie:
        reader = self._reader
        added = [(veld, soort) for veld, soort, rev in self._signatures if rev == index]
        velden = tuple(veld for veld, soort in added if soort != "/DocTimeStamp")
        if not added and not _dss_changed(reader, index):
            return Revisie(index, "wijziging", (), describe(reader, index))
        soort: Soort = "handtekening" if velden else "validatiegegevens"
        regenerated = _regenerates_appearances(reader, index)
        if regenerated is not None:
            return Revisie(index, soort, velden, regenerated)
        try:
            STRICT_POLICY.apply(
                reader.get_historical_resolver(index - 1), reader.get_historical_resolver(index)
            )
        except _Objection as exc:
            return Revisie(index, soort, velden, str(exc))
        except (SuspiciousModification, PdfError, KeyError, TypeError, ValueError):
            return Revisie(index, soort, velden, _OTHER_PARTS)
        return Revisie(index, soort, velden, None)


def _regenerates_appearances(reader: PdfFileReader, revision: int) -> str | None:
    """A revision that asks viewers to rebuild the form's appearances (/NeedAppearances),
    or changes what they rebuild them with (/DR, /DA) while they must: a form field then
    shows its value, in other letters, instead of the appearance that was signed (a shadow
    attack prepared before signing). pyHanko lets a signature's revision do this."""
    try:
        old = _form(reader.get_historical_root(revision - 1))
        new = _form(reader.get_historical_root(revision))
    except (PdfError, KeyError, TypeError, AttributeError):
        return None
    if not new.get("/NeedAppearances"):
        return None
    if not old.get("/NeedAppearances") or any(old.get(k) != new.get(k) for k in ("/DR", "/DA")):
        return "de weergave van de formuliervelden moet opnieuw worden opgebouwd (NeedAppearances)"
    return None


def _form(root: Any) -> dict[str, Any]:
    """/NeedAppearances (as a bool), /DR and /DA of a revision's form, resolved."""
    try:
        form = root["/AcroForm"]
    except KeyError:
        return {}
    need = form.get("/NeedAppearances")
    return {
        "/NeedAppearances": isinstance(need, generic.BooleanObject) and bool(need.value),
        "/DR": repr(form.get("/DR")),
        "/DA": repr(form.get("/DA")),
    }


def signature_revisions(reader: PdfFileReader) -> Iterator[tuple[str, str, int]]:
    """(field name, signature type, revision that filled it) of every filled field."""
    for veld, _value, field_ref in fields.enumerate_sig_fields(reader, filled_status=True):
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


def describe(reader: PdfFileReader, revision: int) -> str:
    """What a revision changes, in the user's terms: pages, properties, notes, content."""
    new = reader.get_historical_resolver(revision)
    old = reader.get_historical_resolver(revision - 1)
    if _page_count(new) != _page_count(old):
        return f"het aantal pagina's gaat van {_page_count(old)} naar {_page_count(new)}"
    if _annotation_count(new) != _annotation_count(old):
        return "er zijn aantekeningen of formuliervelden toegevoegd of verwijderd"
    if _info(new) != _info(old) or _xmp(new) != _xmp(old):
        return "alleen de documenteigenschappen, zoals de titel, zijn gewijzigd"
    return "de inhoud is gewijzigd"


def _pages(resolver: HistoricalResolver) -> Iterator[Any]:
    try:
        yield from resolver.root["/Pages"]["/Kids"]
    except (KeyError, TypeError, PdfError):
        return


def _page_count(resolver: HistoricalResolver) -> int:
    try:
        return int(resolver.root["/Pages"]["/Count"])
    except (KeyError, TypeError, ValueError):
        return 0


def _annotation_count(resolver: HistoricalResolver) -> int:
    """Annotations on the top-level pages (enough to notice one added or removed)."""
    count = 0
    for page in _pages(resolver):
        try:
            count += len(page.get_object().get("/Annots", []))
        except (KeyError, TypeError, PdfError, AttributeError):
            continue
    return count


def _info(resolver: HistoricalResolver) -> dict[str, str]:
    """/Info as it was in one revision, without the entries every writer updates."""
    try:
        info = resolver.get_object(resolver.trailer_view.raw_get("/Info").reference)
    except (KeyError, AttributeError, PdfError):
        return {}
    if not isinstance(info, generic.DictionaryObject):
        return {}
    return {str(k): str(v) for k, v in info.items() if k not in _WRITER_INFO_KEYS}


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


class _Objection(SuspiciousModification):
    """A change our own rules refuse; the message is Dutch and shown to the user."""


class _WriterInfoRule(WhitelistRule):
    """Allow /Info to change only in the entries every PDF writer updates."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[Any]:
        new_ref = new.trailer_view.get_value_as_reference("/Info", optional=True)
        if new_ref is None:
            return
        old_ref = old.trailer_view.get_value_as_reference("/Info", optional=True)
        if _info(old) != _info(new):
            raise _Objection("de documenteigenschappen (/Info) zijn gewijzigd")
        context = Context.from_absolute(old, RawPdfPath("/Info"))
        for ref in safe_whitelist(old, old_ref, new_ref):
            yield ReferenceUpdate(ref, context_checked=context)


class _WriterXmpRule(MetadataUpdateRule):
    """Allow the XMP metadata to change only in the properties every writer updates."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[Any]:
        updates = list(super().apply(old, new))
        if updates and _xmp(old) != _xmp(new):
            raise _Objection("de XMP-metadata (titel, auteur, ...) is gewijzigd")
        yield from updates


#: pyHanko's default policy, but metadata (/Info, XMP) may only change where every writer
#: changes it, and no form field other than a signature field may be filled or changed.
STRICT_POLICY = StandardDiffPolicy(
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
