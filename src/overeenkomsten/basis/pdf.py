"""Is this PDF a dossier? Yes when it carries our ``manifest.json`` as embedded file.

Only the names in the embedded-files tree are read, so recognising is cheap even for a
dossier with large originals; a file pypdf cannot read is simply not a dossier here (the
caller reports why it cannot be read). The walks over the name tree and over every file
specification a document reaches live here too: the dossier reads its attachments with
them, and must see an attachment wherever a PDF viewer would offer it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from overeenkomsten.grenzen import MAX_PDF_BYTES

#: What pypdf may raise on a damaged or hostile PDF, besides its own errors: a file
#: encrypted for recipients' certificates (NotImplementedError), nesting deeper than
#: Python's stack (RecursionError), a structure its code does not expect (AssertionError,
#: IndexError, ...). A reader of untrusted PDFs catches all of these, never a bare crash.
PDF_LEESFOUTEN: tuple[type[BaseException], ...] = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    OSError,
    AttributeError,
    NotImplementedError,
    RecursionError,
    AssertionError,
    IndexError,
    ArithmeticError,
)

MANIFEST_NAAM = "manifest.json"
"""The name of a dossier's manifest among its embedded files."""


def is_dossier(pdf: Path | bytes) -> bool:
    """True when ``pdf`` has an embedded file named ``manifest.json``."""
    try:
        if isinstance(pdf, Path) and pdf.stat().st_size > MAX_PDF_BYTES:
            return False  # not read at all; whoever reads it reports that it is too large
        data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
        if not data.startswith(b"%PDF"):
            return False
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return False
        return any(naam == MANIFEST_NAAM for naam, _spec in embedded_file_specs(reader))
    except PDF_LEESFOUTEN:
        return False


def is_dossier_file(pad: Path) -> bool:
    """True for an existing ``.pdf`` file that is a dossier."""
    try:
        return pad.is_file() and pad.suffix.lower() == ".pdf" and is_dossier(pad)
    except OSError:
        return False


#: A name tree deeper than this, or a walk over more objects than this, is not followed
#: further (a hostile file may nest or loop without end).
_MAX_DEPTH = 32
_MAX_NODES = 200_000


def embedded_file_specs(reader: PdfReader) -> Iterator[tuple[str, DictionaryObject]]:
    """Each entry of the catalog's embedded-files name tree: its key and its file spec.

    Follows ``/Kids`` to any depth (pypdf's own list reads one level only), each node once.
    """
    try:
        root: Any = reader.trailer["/Root"].get_object()
        names = root.get("/Names")
        tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    except PDF_LEESFOUTEN:
        return
    stack: list[tuple[Any, int]] = [(tree, 0)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        node = node.get_object() if node is not None else None
        if not isinstance(node, DictionaryObject) or id(node) in seen or depth > _MAX_DEPTH:
            continue
        seen.add(id(node))
        pairs = node.get("/Names")
        pairs = pairs.get_object() if pairs is not None else None
        if isinstance(pairs, ArrayObject):
            for index in range(0, len(pairs) - 1, 2):
                spec = pairs[index + 1].get_object()
                if isinstance(spec, DictionaryObject):
                    yield str(pairs[index].get_object()), spec
        kids = node.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if isinstance(kids, ArrayObject):
            stack.extend((kid, depth + 1) for kid in reversed(kids))


def all_file_specs(reader: PdfReader) -> list[DictionaryObject]:
    """Every file specification with an embedded file (``/EF``) that the document reaches
    from its catalog: in the name tree, but also in ``/AF`` arrays, file-attachment
    annotations on pages, or anywhere else a viewer might find and offer it."""
    found: list[DictionaryObject] = []
    seen: set[int] = set()
    try:
        stack: list[Any] = [reader.trailer["/Root"]]
    except (KeyError, PyPdfError):
        return found
    while stack and len(seen) < _MAX_NODES:
        item = stack.pop()
        try:
            obj = item.get_object() if isinstance(item, IndirectObject) else item
        except PDF_LEESFOUTEN:
            continue
        if not isinstance(obj, DictionaryObject | ArrayObject) or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, ArrayObject):
            stack.extend(obj)
            continue
        if "/EF" in obj:
            found.append(obj)
        for key, value in obj.items():
            if key != "/Parent":
                stack.append(value)
    return found
