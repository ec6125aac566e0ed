"""The dossier PDF itself (pypdf): cover, readable copies, bookmarks, page labels, metadata.

Readable copies are *copies*: merging a signed PDF into another breaks its signature
(domein.md section 7), so the signatures are proven by the attached originals
(:mod:`.bijlagen`), not by these pages. A copied page therefore loses its signature
fields: the visible signature box stays, as a plain, read-only stamp, so that a reader does
not mistake the copy for a signed document.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from overeenkomsten.basis.pdf import PDF_LEESFOUTEN
from overeenkomsten.errors import BundleError
from overeenkomsten.grenzen import pdf_page_count

VOORBLAD_LABEL = "Voorblad"

#: Annotation flags (PDF 32000-1, 12.5.3): Hidden, NoView; Print, ReadOnly, Locked.
_HIDDEN = 2 | 32
_STAMP_FLAGS = 4 | 64 | 128
#: Annotations that play or open something (media, 3D, embedded files): not in a copy.
_ACTIVE_ANNOTATIONS = {"/Screen", "/Movie", "/Sound", "/RichMedia", "/3D", "/FileAttachment"}
#: Actions a copy may keep: following a link. JavaScript, launching programs, submitting
#: forms and the like are removed (PDF 32000-1, 12.6.4).
_SAFE_ACTIONS = {"/URI", "/GoTo"}


@dataclass(frozen=True)
class Kopie:
    """The readable copy of one original: its page-label prefix and bookmark title."""

    label: str
    titel: str
    data: bytes


@dataclass(frozen=True)
class Metagegevens:
    """Document information of the dossier (never a BSN)."""

    titel: str
    onderwerp: str
    trefwoorden: str
    maker: str


@dataclass
class Opbouw:
    """Where each part landed: page ranges (0-based, inclusive) per label."""

    paginas: dict[str, tuple[int, int]] = field(default_factory=dict)


def page_count(data: bytes) -> int:
    """The number of pages of a PDF, or 0 when pypdf cannot read its pages."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return 0
        return pdf_page_count(reader) or 0  # over the page limit: no copy (see _add_part)
    except PDF_LEESFOUTEN:
        return 0


def new_dossier(
    voorblad: bytes, kopieen: Sequence[Kopie], metagegevens: Metagegevens
) -> tuple[PdfWriter, Opbouw]:
    """A writer holding the cover and the copies, with outline, page labels and metadata.

    The caller adds the attachments (:func:`.bijlagen.attach`) and writes it.
    """
    writer = PdfWriter()
    opbouw = Opbouw()
    _add_part(writer, opbouw, VOORBLAD_LABEL, VOORBLAD_LABEL, voorblad, required=True)
    for kopie in kopieen:
        _add_part(writer, opbouw, kopie.label, kopie.titel, kopie.data, required=False)
    writer.add_metadata(
        {
            "/Title": metagegevens.titel,
            "/Subject": metagegevens.onderwerp,
            "/Keywords": metagegevens.trefwoorden,
            "/Creator": metagegevens.maker,
        }
    )
    writer.page_mode = "/UseOutlines"
    return writer, opbouw


def _add_part(
    writer: PdfWriter, opbouw: Opbouw, label: str, titel: str, data: bytes, *, required: bool
) -> None:
    """Copy the pages of ``data``; an unreadable original gets no copy (it is still attached)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        too_long = not reader.is_encrypted and pdf_page_count(reader) is None
        pages = [] if reader.is_encrypted or too_long else list(reader.pages)
    except PDF_LEESFOUTEN as exc:
        if required:
            raise BundleError(
                "Het voorblad kan niet worden gelezen: de gemaakte PDF is onleesbaar.",
                code="voorblad-onleesbaar",
            ) from exc
        return
    if not pages:
        return
    first = len(writer.pages)
    for page in pages:
        stamps = _detach_widgets(page)
        _remove_active_content(page)
        added = writer.add_page(page)
        for rect, appearance in stamps:
            _add_stamp(writer, added, rect, appearance)
    last = len(writer.pages) - 1
    writer.set_page_label(first, last, style=PageLabelStyle.DECIMAL, prefix=f"{label}-", start=1)
    writer.add_outline_item(title=titel, page_number=first)
    opbouw.paginas[label] = (first, last)


def _detach_widgets(page: Any) -> list[tuple[ArrayObject, StreamObject]]:
    """Remove form widgets (signature fields) from ``page``; return the visible appearances.

    The page belongs to a reader over our own copy of the bytes, so changing it leaves the
    original untouched.
    """
    annots = page.get("/Annots")
    if annots is None:
        return []
    kept: list[PdfObject] = []
    stamps: list[tuple[ArrayObject, StreamObject]] = []
    for ref in cast(ArrayObject, annots.get_object()):
        annot = ref.get_object()
        if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") != "/Widget":
            kept.append(ref)
            continue
        appearance = _normal_appearance(annot)
        rect = annot.get("/Rect")
        flags = int(cast(Any, annot.get("/F", 0)))
        if appearance is not None and rect is not None and not flags & _HIDDEN:
            stamps.append((cast(ArrayObject, rect.get_object()), appearance))
    if kept:
        page[NameObject("/Annots")] = ArrayObject(kept)
    else:
        del page["/Annots"]
    return stamps


def _remove_active_content(page: Any) -> None:
    """No copy runs anything when the dossier is opened: page actions (``/AA``), actions
    other than links, and media annotations are removed. An original with JavaScript stays
    as it is, attached (its signature covers it); this tool never runs JavaScript itself."""
    if "/AA" in page:
        del page["/AA"]
    annots = page.get("/Annots")
    if annots is None:
        return
    kept: list[PdfObject] = []
    for ref in cast(ArrayObject, annots.get_object()):
        annot = ref.get_object()
        if not isinstance(annot, DictionaryObject):
            continue
        if annot.get("/Subtype") in _ACTIVE_ANNOTATIONS:
            continue
        if "/AA" in annot:
            del annot["/AA"]
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        if isinstance(action, DictionaryObject):
            if action.get("/S") in _SAFE_ACTIONS:
                if "/Next" in action:
                    del action["/Next"]  # a chain may continue with JavaScript
            else:
                del annot["/A"]
        elif action is not None:
            del annot["/A"]
        kept.append(ref)
    if kept:
        page[NameObject("/Annots")] = ArrayObject(kept)
    else:
        del page["/Annots"]


def _normal_appearance(annot: DictionaryObject) -> StreamObject | None:
    try:
        normal = cast(DictionaryObject, annot["/AP"].get_object())["/N"].get_object()
    except (KeyError, TypeError, AttributeError):
        return None
    return normal if isinstance(normal, StreamObject) else None


def _add_stamp(writer: PdfWriter, page: Any, rect: ArrayObject, appearance: StreamObject) -> None:
    """Draw a signature's appearance as a read-only stamp: visible, but no signature field."""
    try:
        box = [float(v) for v in rect]
    except (TypeError, ValueError):
        return
    if abs(box[2] - box[0]) < 1 or abs(box[3] - box[1]) < 1:
        return
    clone = appearance.clone(writer)
    reference = clone.indirect_reference
    writer.add_annotation(
        page,
        {
            "/Type": NameObject("/Annot"),
            "/Subtype": NameObject("/Stamp"),
            "/Rect": ArrayObject(FloatObject(v) for v in box),
            "/F": NumberObject(_STAMP_FLAGS),
            "/Contents": TextStringObject(
                "Afbeelding van een digitale handtekening. Deze kopie is niet ondertekend; "
                "de handtekening zit in het origineel, als bijlage in dit dossier."
            ),
            "/AP": DictionaryObject(
                {NameObject("/N"): reference if isinstance(reference, IndirectObject) else clone}
            ),
        },
    )
