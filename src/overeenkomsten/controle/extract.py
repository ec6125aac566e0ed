"""Reading one file into :class:`DocumentFeiten`: .docx with :mod:`.ooxml` (zipfile and
lxml, only the parts needed), PDF with pypdf.

Whatever the file is called, its type comes from what it says (the Kenmerken block, the
title, or the metadata). A file that cannot be read (empty, not a document, a PDF without
text) gets a :class:`Leesfout` instead of facts, so that the rest can still be checked.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from overeenkomsten.controle.artikelen import page_line
from overeenkomsten.controle.feiten import Bron, DocumentFeiten, Leesfout
from overeenkomsten.controle.ooxml import PackageError, read_word
from overeenkomsten.controle.tekst import normalize, read_text
from overeenkomsten.grenzen import (
    MAX_PDF_BYTES,
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_PAGES,
    megabytes,
    pdf_content_bytes,
    pdf_page_count,
)
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import (
    DOCUMENT_TYPES,
    HASH_KEY,
    HERKOMST_KEYS,
    LABELS,
    VERSION_KEY,
    DocumentType,
    metadata_key,
)

MAX_BYTES = MAX_PDF_BYTES  # also the limit for a .docx read by the check
_METADATA_LABELS = {metadata_key(label): label for label in LABELS}
_METADATA_LABELS[VERSION_KEY] = VERSION_KEY  # the document's version (domein.md section 7)


@dataclass(frozen=True)
class DocumentBron:
    """A document held in memory (for instance an original extracted from a dossier)."""

    naam: str
    data: bytes


def read_document(
    bron: Path | DocumentBron, *, vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN
) -> DocumentFeiten:
    """The facts of one file; never raises for a bad file (that becomes a Leesfout)."""
    if isinstance(bron, Path):
        naam, pad = bron.name, bron
        try:
            size = bron.stat().st_size
            data = b"" if size > MAX_BYTES else bron.read_bytes()
        except OSError:
            return DocumentFeiten(
                naam, pad=pad, leesfout=Leesfout("bestand-onleesbaar", "kan niet geopend worden")
            )
        if size > MAX_BYTES:
            return DocumentFeiten(
                naam,
                pad=pad,
                leesfout=Leesfout(
                    "bestand-te-groot", f"is groter dan {megabytes(MAX_BYTES)} en is niet gelezen"
                ),
            )
    else:
        naam, pad, data = bron.naam, None, bron.data
    feiten = _read_bytes(naam, data, vertrouwd)
    feiten.pad = pad
    return feiten


def visible_lines(data: bytes) -> tuple[str, ...] | None:
    """The text lines a reader sees in a .docx or PDF (its bytes); None when unreadable.

    The engine compares a fresh document with the newest version in a folder by this text
    (domein.md section 7: only a visible change makes a new version).
    """
    if data.startswith(b"%PDF-"):
        content = _pdf_content(data)
        return None if isinstance(content, Leesfout) else content[0]
    try:
        word = read_word(data)
    except PackageError:
        return None
    return None if word is None else tuple(word.lines)


def pdf_lines_and_metadata(data: bytes) -> tuple[tuple[str, ...], dict[str, str]] | None:
    """A PDF's text lines and this tool's metadata (Kenmerken labels, record hash, the
    embedded record and template); None when unreadable. The engine compares a PDF-only
    version with a fresh document through the record and template it names."""
    content = _pdf_content(data)
    if isinstance(content, Leesfout):
        return None
    return content[0], dict(content[1])


def _read_bytes(naam: str, data: bytes, vertrouwd: Vertrouwensbasis) -> DocumentFeiten:
    if not data:
        return DocumentFeiten(naam, leesfout=Leesfout("bestand-leeg", "is leeg (0 bytes)"))
    if data.startswith(b"%PDF-"):
        return _read_pdf(naam, data, vertrouwd)
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(naam, data)
    return _no_document(naam)


def _no_document(naam: str) -> DocumentFeiten:
    if naam.lower().endswith(".doc"):
        bericht = "is een oud Word-bestand (.doc); alleen .docx en PDF worden gelezen"
    else:
        bericht = "is geen Word-document (.docx) of PDF"
    return DocumentFeiten(naam, leesfout=Leesfout("geen-document", bericht))


def _finish(
    naam: str,
    bron: Bron,
    lines: list[str],
    metadata: dict[str, str],
    *,
    wrapped: bool,
    kop_en_voet: Sequence[str] = (),
) -> DocumentFeiten:
    tekst = read_text(lines, wrapped=wrapped)
    recordhash = metadata.pop(HASH_KEY, None)
    herkomst = {key: metadata.pop(key) for key in HERKOMST_KEYS if key in metadata}
    return DocumentFeiten(
        naam,
        bron=bron,
        type=_document_type(tekst.kenmerken.get("Document"), tekst.titel, metadata),
        tekst=tekst,
        metadata=metadata,
        recordhash=recordhash,
        herkomst=herkomst,
        kop_en_voet=frozenset(kop_en_voet),
    )


def _document_type(
    printed: str | None, titel: DocumentType | None, metadata: dict[str, str]
) -> DocumentType | None:
    for candidate in (printed, titel, metadata.get("Document")):
        if candidate is not None:
            upper = normalize(candidate).upper()
            for document in DOCUMENT_TYPES:
                if upper == document:
                    return document
    return None


# --- docx ---------------------------------------------------------------------------------


def _read_docx(naam: str, data: bytes) -> DocumentFeiten:
    """The facts of a .docx; a zip package without a Word body is no document."""
    try:
        content = read_word(data)
    except PackageError:
        return DocumentFeiten(
            naam,
            leesfout=Leesfout(
                "docx-onleesbaar",
                "is geen leesbaar Word-document (.docx): beschadigd of afgebroken",
            ),
        )
    if content is None:
        return _no_document(naam)
    metadata: dict[str, str] = {}
    for key, value in content.properties:
        if key == HASH_KEY:
            metadata[HASH_KEY] = value.strip()
        elif key in HERKOMST_KEYS:
            metadata[key] = value
        elif key in _METADATA_LABELS:
            metadata[_METADATA_LABELS[key]] = value
    feiten = _finish(
        naam,
        "docx",
        content.lines,
        metadata,
        wrapped=False,
        kop_en_voet=[page_line(normalize(x)) for x in content.lines[content.body :]],
    )
    if feiten.tekst is not None and not feiten.tekst.heeft_tekst:
        feiten.leesfout = Leesfout("docx-zonder-tekst", "bevat geen tekst")
    return feiten


# --- pdf ----------------------------------------------------------------------------------


def _read_pdf(naam: str, data: bytes, vertrouwd: Vertrouwensbasis) -> DocumentFeiten:
    content = _pdf_content(data)
    if isinstance(content, Leesfout):
        feiten = DocumentFeiten(naam, bron="pdf", leesfout=content)
        if content.code == "pdf-onleesbaar":
            # signed, then broken: the signature reader still finds what was signed (X7 v2)
            found, _reden = _inspect(data, vertrouwd)
            if found and any(h.afwijking is not None for h in found):
                feiten.handtekeningen = found
        return feiten
    lines, metadata = content
    feiten = _finish(naam, "pdf", list(lines), dict(metadata), wrapped=True)
    if feiten.tekst is not None and not feiten.tekst.heeft_tekst:
        feiten.leesfout = Leesfout(
            "pdf-zonder-tekst",
            "is een scan: inhoud niet digitaal leesbaar (de PDF bevat geen tekst), dus niet "
            "gecontroleerd; een .docx telt nooit in plaats van het ondertekende document",
        )
        return feiten
    feiten.handtekeningen, feiten.handtekeningen_reden = _inspect(data, vertrouwd)
    return feiten


PdfContent = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
_PDF_CACHE: OrderedDict[str, PdfContent | Leesfout] = OrderedDict()
_PDF_CACHE_SIZE = 64


def _pdf_content(data: bytes) -> PdfContent | Leesfout:
    """Text lines and our metadata of a PDF. Text extraction is most of the check's time,
    and the same bytes give the same text: remembered for the last few PDFs (by SHA-256),
    so that checking a folder again (controleer, then bundel) does not read it twice."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in _PDF_CACHE:
        _PDF_CACHE.move_to_end(digest)
        return _PDF_CACHE[digest]
    content = _extract_pdf(data)
    _PDF_CACHE[digest] = content
    if len(_PDF_CACHE) > _PDF_CACHE_SIZE:
        _PDF_CACHE.popitem(last=False)
    return content


def _extract_pdf(data: bytes) -> PdfContent | Leesfout:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                return Leesfout("pdf-versleuteld", "is versleuteld met een wachtwoord")
            if pdf_page_count(reader) is None:
                return Leesfout(
                    "pdf-te-veel-paginas",
                    f"heeft meer dan {MAX_PDF_PAGES} pagina's; zo'n lang bestand is geen "
                    "overeenkomst en de tekst is niet gelezen",
                )
            content = 0
            for page in reader.pages:
                content += pdf_content_bytes(page)
                if content > MAX_PDF_CONTENT_BYTES:
                    return Leesfout(
                        "pdf-te-complex",
                        "bevat meer dan "
                        f"{megabytes(MAX_PDF_CONTENT_BYTES)} aan tekenopdrachten; zo'n "
                        "bestand is geen gewone overeenkomst en de tekst is niet gelezen",
                    )
            texts = page_texts(data, reader)
            lines = [line for text in texts for line in text.splitlines()]
            info: dict[str, Any] = dict(reader.metadata or {})
    except NotImplementedError:  # pypdf reads only password encryption, not /Adobe.PubSec
        return Leesfout(
            "pdf-versleuteld",
            "is versleuteld voor bepaalde ontvangers (met certificaten); de inhoud en de "
            "handtekeningen kunnen niet gecontroleerd worden",
        )
    except LimitReachedError:  # pypdf's own bound on what one stream may unpack to
        return Leesfout(
            "pdf-te-complex",
            "bevat een onderdeel dat tot meer dan 75 MB uitpakt (mogelijk een zip-bom); de "
            "tekst is niet gelezen",
        )
    except Exception:  # any damage in an untrusted file means: unreadable
        return Leesfout("pdf-onleesbaar", "is geen leesbare PDF: beschadigd of afgebroken")
    metadata = [
        (label, str(info[f"/{key}"]))
        for key, label in _METADATA_LABELS.items()
        if f"/{key}" in info
    ]
    if f"/{HASH_KEY}" in info:
        metadata.append((HASH_KEY, str(info[f"/{HASH_KEY}"]).strip()))
    metadata.extend((key, str(info[f"/{key}"])) for key in HERKOMST_KEYS if f"/{key}" in info)
    return tuple(lines), tuple(metadata)


# PDFium marks a hyphen at the end of a printed line with U+FFFE (or U+0002) and joins the
# word: it stood there as a hyphen ("bpv-begeleider").
_LINE_HYPHEN = str.maketrans({"\ufffe": "-", "\x02": "-"})


def page_texts(data: bytes, reader: Any = None) -> list[str]:
    """The text of each page: PDFium's text layer (pypdfium2), 20 times faster than
    pypdf's extraction; pypdf when PDFium cannot open the file. ``data`` has passed the
    limits of :mod:`overeenkomsten.grenzen` (size, pages, content)."""
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - PDFium refuses what pypdf may still read
        from pypdf import PdfReader

        pages = (reader or PdfReader(io.BytesIO(data))).pages
        return [page.extract_text() for page in pages]
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(str(textpage.get_text_range()).translate(_LINE_HYPHEN))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def _inspect(
    data: bytes, vertrouwd: Vertrouwensbasis
) -> tuple[tuple[Handtekening, ...] | None, str | None]:
    """The PDF's signatures, or None and the reason they could not be inspected."""
    module = importlib.import_module("overeenkomsten.handtekeningen")
    inspect = getattr(module, "inspect_signatures", None)
    if inspect is None:
        return None, "de controle van digitale handtekeningen is (nog) niet beschikbaar"
    inspect_signatures = cast(Callable[..., Sequence[Handtekening]], inspect)
    try:
        return tuple(inspect_signatures(data, vertrouwd)), None
    except Exception as exc:  # a broken signature dictionary is a finding, not a crash
        bericht = getattr(exc, "bericht", None) or type(exc).__name__
        return None, f"de handtekeningen konden niet gelezen worden ({bericht})"
