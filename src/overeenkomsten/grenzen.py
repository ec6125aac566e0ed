"""Size limits for untrusted files, checked before (or while) they are parsed.

Workbooks, Word templates and PDFs come from many hands. A zip package (.xlsx, .docx) can
unpack to gigabytes from a few hundred kilobytes; a PDF of a megabyte can hold 10,000 pages
or a page whose drawing instructions take minutes to read. These limits keep every command
within bounded time and memory; ``docs/robuustheid.md`` states them for users. The
workbook limits live in :mod:`overeenkomsten.basis.werkboek` (same values).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import Any

from overeenkomsten._getallen import getal

MB = 1024 * 1024

#: A zip package (template .docx) may unpack to at most this much in total ...
MAX_ZIP_UNPACKED = 200 * MB
#: ... and no part larger than :data:`RATIO_EXEMPT_BYTES` may be compressed more strongly.
MAX_ZIP_RATIO = 100
#: A part this small cannot hurt whatever its ratio (a repetitive style sheet compresses well).
RATIO_EXEMPT_BYTES = 1 * MB
MAX_ZIP_MEMBERS = 10_000

#: A PDF larger than this is not read (controleer, handtekeningen, bundel).
MAX_PDF_BYTES = 100 * MB
#: A document of one trajectory has a few pages; a longer PDF is no agreement and its text
#: is not read (text extraction costs about 50 ms per page).
MAX_PDF_PAGES = 100
#: Decoded drawing instructions (page content and forms) read for the text of one PDF:
#: a generated page holds about 15 KB; reading costs about 2.5 s per MB.
MAX_PDF_CONTENT_BYTES = 4 * MB


def megabytes(size: int) -> str:
    """``size`` in whole megabytes, rounded up: a file just over a limit never shows as the
    limit itself."""
    return f"{-(-size // MB)} MB"


def zip_bomb_reason(members: Iterable[zipfile.ZipInfo]) -> str | None:
    """Why a zip package must not be unpacked (Dutch, for a message), or None.

    Uses only the sizes the zip directory declares: nothing is unpacked. Python's zipfile
    never unpacks more than a member declares (it stops and reports a damaged file), so the
    declared sizes are a safe bound.
    """
    total = 0
    for count, member in enumerate(members, start=1):
        if count > MAX_ZIP_MEMBERS:
            return f"het bevat meer dan {getal(MAX_ZIP_MEMBERS)} onderdelen"
        total += member.file_size
        if total > MAX_ZIP_UNPACKED:
            return f"het pakt uit tot meer dan {megabytes(MAX_ZIP_UNPACKED)}"
        if member.file_size > RATIO_EXEMPT_BYTES and (
            member.compress_size == 0 or member.file_size / member.compress_size > MAX_ZIP_RATIO
        ):
            return f"het onderdeel {member.filename} is meer dan {MAX_ZIP_RATIO} keer samengeperst"
    return None


def pdf_page_count(reader: Any, limit: int = MAX_PDF_PAGES) -> int | None:
    """The number of pages of a pypdf ``reader``, or None when it has more than ``limit``.

    The page tree is walked here, without recursion and each node once, and the walk stops
    past ``limit`` pages: pypdf's own count first collects every page, however many, and
    follows a tree that loops back into itself until the stack runs out.
    """
    from pypdf.generic import ArrayObject, DictionaryObject

    root = reader.trailer["/Root"].get_object()["/Pages"]
    pages = 0
    visited = 0
    seen: set[int] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop().get_object()  # resolved only when its turn comes
        if not isinstance(node, DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        visited += 1
        if visited > 10 * limit + 10:  # intermediate nodes, or an endless chain of them
            return None
        kids = node.get("/Kids")
        if kids is None:
            pages += 1
            if pages > limit:
                return None
            continue
        kids = kids.get_object()
        if isinstance(kids, ArrayObject):
            stack.extend(reversed(kids))
    return pages


def pdf_content_bytes(page: Any) -> int:
    """The decoded size of a page's drawing instructions, forms (XObjects) included.

    Images are not decoded: only what text extraction will read. Each stream is decoded
    once (pypdf keeps the result for the extraction that follows) and at most as far as
    pypdf's own per-stream limit allows.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    total = 0
    seen: set[int] = set()
    todo: list[tuple[Any, Any]] = [(page.get("/Contents"), page.get("/Resources"))]
    while todo:
        contents, resources = todo.pop()
        streams = contents.get_object() if contents is not None else None
        for stream in streams if isinstance(streams, ArrayObject) else [streams]:
            stream = stream.get_object() if stream is not None else None
            if isinstance(stream, StreamObject) and id(stream) not in seen:
                seen.add(id(stream))
                total += len(stream.get_data())
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject):
            continue
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not isinstance(xobjects, DictionaryObject):
            continue
        for ref in xobjects.values():
            form = ref.get_object()
            if (
                isinstance(form, StreamObject)
                and form.get("/Subtype") == "/Form"
                and id(form) not in seen
            ):
                todo.append((form, form.get("/Resources")))
    return total
