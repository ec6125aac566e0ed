"""Reading a Word package (.docx) with zipfile and lxml: only the parts the check needs.

python-docx's ``Document()`` parses every part of a package (styles, numbering, theme,
settings...): about 85% of the time the batch spent checking a fresh set went there,
while the check needs only the body, the headers and footers, and the custom properties.
This reader finds those parts as python-docx does (the package's relationships followed
from the root, depth first, in document order; the main part must have Word's content
type) and refuses the same damage (a missing part, a part without content type), so a
file gives the same lines and properties as before; it just does not parse the rest.

An OOXML *part* is one XML file inside the zip; a *relationship* links a part to another.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CUSTOM_PROPERTIES = "/docProps/custom.xml"
#: A small zip can unpack to gigabytes: the parts read together may not exceed this.
MAX_PART_BYTES = 100 * 1024 * 1024

# python-docx's own parser settings (no entities, ignorable blanks dropped); lxml never
# fetches from the network by default.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
_TABS = (f"{_W}tab", f"{_W}ptab")
_TEXT_TAGS = (f"{_W}t", *_TABS, f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen")
_REMOVED = (f"{_W}del", f"{_W}moveFrom")
_CONTAINERS = (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml")


class PackageError(Exception):
    """The package is damaged, or a part is too large to unpack."""


@dataclass(frozen=True)
class WordContent:
    """What the check reads from a .docx: the text lines (body first, then headers and
    footers) and the custom document properties (name, value) in stored order."""

    lines: list[str]
    properties: list[tuple[str, str]]
    body: int = -1  # the number of body lines; the rest are headers and footers


def read_word(data: bytes) -> WordContent | None:
    """The lines and custom properties of the .docx ``data``.

    Returns None for a zip package that holds no Word document at all (an .xlsx, a plain
    .zip); raises :class:`PackageError` for a damaged Word package.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return _Package(package).content()
    except PackageError:
        raise
    except Exception as exc:  # any damage in an untrusted file means: unreadable
        raise PackageError(type(exc).__name__) from exc


class _Package:
    def __init__(self, package: zipfile.ZipFile) -> None:
        self._zip = package
        self._names = set(package.namelist())
        self._unpacked = 0

    def content(self) -> WordContent | None:
        try:
            main = self._main_part()
            types = self._content_types()
        except Exception:  # noqa: BLE001 - judged below: damaged Word, or no Word at all
            main, types = None, {}
        if main is None or types.get(main) != WORD_MAIN:
            # An .xlsx or a plain zip is no document; a package with a Word body that
            # python-docx cannot open (a .docm, a template) is a damaged document.
            if "word/document.xml" in self._names:
                raise PackageError("no main part with Word's content type")
            return None
        parts = list(self._reachable())
        for part in parts:
            if part not in types:
                raise PackageError(f"part {part} has no content type")
        lines = list(block_lines(_body(self._xml(main))))
        body = len(lines)
        properties: list[tuple[str, str]] = []
        for part in parts:
            if part.startswith(("/word/header", "/word/footer")):
                lines.extend(block_lines(self._xml(part)))
            elif part == CUSTOM_PROPERTIES:
                properties = custom_properties(self._xml(part))
        return WordContent(lines, properties, body)

    def _read(self, partname: str) -> bytes:
        info = self._zip.getinfo(partname[1:])
        self._unpacked += info.file_size  # as declared; zipfile never unpacks more
        if self._unpacked > MAX_PART_BYTES:
            raise PackageError(f"unpacking {partname} exceeds the limit")
        return self._zip.read(info)

    def _xml(self, partname: str) -> Any:
        return etree.fromstring(self._read(partname), _PARSER)

    def _relationships(self, source: str) -> Iterator[tuple[str, str]]:
        """(type, target part) of each internal relationship of ``source``, in order."""
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels[1:] not in self._names:
            return
        for rel in self._xml(rels).iterchildren(f"{_RELS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target") or ""))
            yield rel.get("Type") or "", target

    def _main_part(self) -> str | None:
        found = [target for kind, target in self._relationships("/") if kind == _OFFICE_DOCUMENT]
        if len(found) > 1:
            raise PackageError("more than one main document")
        return found[0] if found else None

    def _reachable(self) -> Iterator[str]:
        """Every part reachable from the package root: depth first, each once."""
        seen: set[str] = set()
        stack = [self._relationships("/")]
        while stack:
            target = next((t for _kind, t in stack[-1] if t not in seen), None)
            if target is None:
                stack.pop()
                continue
            seen.add(target)
            if target[1:] not in self._names:
                raise PackageError(f"part {target} is missing")
            yield target
            stack.append(self._relationships(target))

    def _content_types(self) -> dict[str, str]:
        """Partname -> content type for the parts present (overrides, then defaults)."""
        root = self._xml("/[Content_Types].xml")
        defaults = {
            (d.get("Extension") or "").lower(): d.get("ContentType") or ""
            for d in root.iterchildren(f"{_TYPES}Default")
        }
        overrides = {
            (o.get("PartName") or "").lower(): o.get("ContentType") or ""
            for o in root.iterchildren(f"{_TYPES}Override")
        }
        found: dict[str, str] = {}
        for name in self._names:
            partname = f"/{name}"
            extension = posixpath.splitext(name)[1][1:].lower()
            kind = overrides.get(partname.lower()) or defaults.get(extension)
            if kind:
                found[partname] = kind
        return found


def _body(document: Any) -> Any:
    if document.tag != f"{_W}document":
        raise PackageError("the main part is no Word document")
    body = document.find(f"{_W}body")
    if body is None:
        raise PackageError("the Word document has no body")
    return body


def block_lines(element: Any) -> Iterator[str]:
    """The text of paragraphs and table cells in reading order (cell by cell)."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield from paragraph_text(child).split("\n")
        elif tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                for cell in row.iterchildren(f"{_W}tc"):
                    yield from block_lines(cell)
        elif tag in _CONTAINERS:
            yield from block_lines(child)


def paragraph_text(paragraph: Any) -> str:
    """Visible text of a paragraph as if all tracked changes were accepted.

    Insertions (``w:ins``, ``w:moveTo``) count; deletions do not (``w:del``: Word keeps
    their text in ``w:delText``, which is never read; ``w:moveFrom``: the old place of
    moved text). A tab (``w:tab``, ``w:ptab`` in a run) is a space, a break a new line.
    """
    removed = any(paragraph.find(f".//{tag}") is not None for tag in _REMOVED)
    parts: list[str] = []
    for node in paragraph.iter(*_TEXT_TAGS):
        if removed and next(node.iterancestors(*_REMOVED), None) is not None:
            continue
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in _TABS:
            if node.getparent().tag == f"{_W}r":  # not a tab stop of the paragraph style
                parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def custom_properties(root: Any) -> list[tuple[str, str]]:
    """(name, text value) of each custom document property."""
    return [
        (prop.get("name") or "", "".join(prop.itertext()))
        for prop in root.iterchildren(f"{_CUSTOM}property")
    ]
