"""The .xlsx reader: the workbook's XML parsed directly with lxml, streaming, from a snapshot.

Why not openpyxl's reader: it builds an object per cell (most of ``valideer``'s time went
there), it keeps every parsed row of a read-only sheet in memory, and streaming rows
lean needed its private internals. This reads what the intake needs, and only that: the
sheets' names and paths, the shared strings (compactly, :class:`SharedStrings`), which
cell styles are dates, whether the workbook asks to be recalculated on opening
(``fullCalcOnLoad``), hidden rows and merged ranges. openpyxl's public helpers decide
what a number format means (:func:`is_date_format`) and turn a serial into a date
(:func:`from_excel`), so dates read exactly as openpyxl reads them.

Before anything is parsed, :func:`check_workbook_bytes` looks at the bytes and the zip
directory: an encrypted workbook, an old .xls, a zip bomb or a renamed file is refused.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from lxml import etree  # type: ignore[import-untyped]
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from overeenkomsten.basis.werkboek import (
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_MEMBERS,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_EXEMPT_BYTES,
    SAVE_AS,
    Bereik,
    CellError,
    Langzaam,
    UncalculatedFormula,
    Werkboek,
    column_index,
    column_letters,
    is_empty,
    parse_range,
)
from overeenkomsten.errors import InputError

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Entities are never expanded, nothing is fetched: a workbook is untrusted input.
_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def check_workbook_bytes(path: Path, data: bytes) -> None:
    """Refuse bytes that are not a safe, readable .xlsx, without unpacking anything."""
    head = data[:8]
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(path, data)
    if not head.startswith(_ZIP_MAGIC):
        raise _not_a_zip_error(path, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            f"Het bestand '{path}' is beschadigd: het is geen leesbaar Excel-werkboek. " + SAVE_AS,
            code="werkboek-beschadigd",
        ) from exc
    check_members(path, members)
    _check_kind(path, {m.filename for m in members})


def _ole_error(path: Path, data: bytes) -> InputError:
    """An OLE compound file is either an encrypted .xlsx or an old binary .xls."""
    if any(needle in data for needle in _ENCRYPTED_STREAMS):
        return InputError(
            f"Het werkboek '{path}' is beveiligd met een wachtwoord (versleuteld) en kan "
            "daardoor niet worden gelezen. Open het in Excel, verwijder het wachtwoord "
            "(Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord) en sla het "
            "opnieuw op.",
            code="werkboek-versleuteld",
        )
    return InputError(
        f"Het bestand '{path}' is een oud Excel-bestand (.xls, Excel 97-2003). " + SAVE_AS,
        code="werkboek-oud-xls",
    )


def _not_a_zip_error(path: Path, data: bytes) -> InputError:
    sample = data[:4096]
    if sample.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        kind = "een HTML- of XML-bestand"
    elif b"\x00" not in sample and _is_text(sample):
        kind = "een tekstbestand (bijvoorbeeld CSV)"
    else:
        kind = "geen Excel-werkboek"
    return InputError(
        f"Het bestand '{path}' is {kind}, geen Excel-werkboek (.xlsx), ook al heet het zo. "
        + SAVE_AS,
        code="geen-xlsx",
    )


def _is_text(sample: bytes) -> bool:
    for encoding in ("utf-8", "cp1252"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(c.isprintable() or c in "\r\n\t" for c in text)
    return False


def check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip that unpacks to too much (declared sizes; nothing is unpacked)."""
    bomb = InputError(
        f"Het werkboek '{path}' pakt uit tot meer dan "
        f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB of is verdacht sterk samengeperst "
        "(mogelijk een zip-bom). Het wordt niet geopend.",
        code="werkboek-zip-bom",
    )
    if len(members) > MAX_MEMBERS:
        raise bomb
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise bomb
        if member.file_size > RATIO_EXEMPT_BYTES and (
            member.compress_size == 0
            or member.file_size / member.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise bomb


def _check_kind(path: Path, names: set[str]) -> None:
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        kind = "een binair Excel-werkboek (.xlsb)"
    elif "mimetype" in names or "content.xml" in names:
        kind = "een OpenDocument-bestand (.ods)"
    elif "word/document.xml" in names:
        kind = "een Word-document"
    else:
        kind = "een zip-bestand"
    raise InputError(
        f"Het bestand '{path}' is {kind}, geen Excel-werkboek (.xlsx). " + SAVE_AS,
        code="geen-xlsx",
    )


class SharedStrings(Sequence[str]):
    """A workbook's shared-strings table, compact: text in chunks plus offsets.

    Excel and LibreOffice store every text of a workbook once, in one table. As a list of
    ``str`` that costs about 60 bytes per text beyond its characters; this stores the
    characters only (and 4 bytes of offset), so that a workbook of 10,000 rows does not
    cost much more memory than one of 1,000 rows.
    """

    CHUNK = 4096

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._ends = array("I")
        self._pending: list[str] = []
        self._length = 0

    def append(self, text: str) -> None:
        self._pending.append(text)
        self._length += len(text)
        self._ends.append(self._length)
        if len(self._pending) == self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        self._chunks.append("".join(self._pending))
        self._pending = []
        self._length = 0

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        if self._pending:
            self._flush()
        chunk, position = divmod(index, self.CHUNK)
        start = self._ends[index - 1] if position else 0
        return self._chunks[chunk][start : self._ends[index]]


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _text_of(element: Any) -> str:
    """The text of a string item (``<si>`` or ``<is>``): plain or rich runs, no phonetic
    runs (``<rPh>``)."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(g.text or "" for g in child if _local(g.tag) == "t")
    return unescape("".join(parts))


def _read_shared_strings(source: IO[bytes]) -> SharedStrings:
    """Parse ``sharedStrings.xml``, dropping each parsed item at once."""
    strings = SharedStrings()
    for _, element in etree.iterparse(source, events=("end",), tag="{*}si", **_XML):
        strings.append(_text_of(element))
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return strings


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Decode Excel's ``_xHHHH_`` escapes (ECMA-376 ST_Xstring): Excel stores a character
    XML cannot hold that way (``_x0000_`` for a NUL byte) and a typed ``_x`` as ``_x005F_x``.
    Decoded, a control character reaches the validation, which refuses it, instead of
    reaching a contract as ``_x0000_``. Surrogate halves stay as they are written."""
    if "_x" not in text:
        return text

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)

    return _ESCAPED.sub(decode, text)


_CELL_BYTES = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_R = re.compile(rb"\br=\"([A-Z]{1,3})?(\d+)\"")
_ATTR_T = re.compile(rb"\bt=\"(\w+)\"")
_ATTR_S = re.compile(rb"\bs=\"(\d+)\"")
_V_BYTES = re.compile(rb"<v>([^<]*)</v>|<v/>")
_IS_BYTES = re.compile(rb"<is><t(?:\s[^>]*)?>([^<]*)</t></is>|<is><t(?:\s[^>]*)?/></is>")
#: What the byte scan cannot read: comments, CDATA, declarations (all start with ``<!``),
#: formulas (``<f>``), phonetic runs and rich text. Searched as one ``!`` (a single byte,
#: found at memchr speed) and one pattern: ten separate searches for markers that start
#: with the frequent ``<`` took 1 s for a sheet of 20,000 rows.
_UNSAFE_DECLARATIONS = (b"<!--", b"<![CDATA[", b"<!DOCTYPE", b"<!ENTITY")
_UNSAFE_ELEMENT = re.compile(rb"<(?:f[ >/]|rPh|r>)")


def _unsafe(data: bytes) -> bool:
    if b"!" in data and any(marker in data for marker in _UNSAFE_DECLARATIONS):
        return True
    return _UNSAFE_ELEMENT.search(data) is not None


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"[A-Z]*\d*:?[A-Z]*(\d{1,9})\"")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\sref=\"([^\"]{1,40})\"")


class XlsxWerkboek(Werkboek):
    """An .xlsx snapshot: workbook parts read at once, sheets streamed on demand."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self._merged: dict[str, list[Bereik]] = {}
        self._style_kinds: dict[str, object] = {}
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._sheets = self._read_workbook()
            self._styles = self._read_styles()
            self._strings: Sequence[str] = self._read_strings()
        except InputError:
            raise
        except Exception as exc:  # broken XML or zip: anything from KeyError to XMLSyntaxError
            raise self.broken(exc) from exc

    def close(self) -> None:
        self._zip.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    # --- workbook parts ------------------------------------------------------------------

    def _xml(self, name: str) -> Any:
        with self._zip.open(name) as source:
            return etree.parse(source, etree.XMLParser(**_XML)).getroot()

    def _read_workbook(self) -> dict[str, str]:
        root = self._xml("xl/workbook.xml")
        targets = self._relationships("xl/_rels/workbook.xml.rels")
        sheets: dict[str, str] = {}
        self._epoch = CALENDAR_WINDOWS_1900
        for element in root.iter():
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904") in ("1", "true"):
                self._epoch = CALENDAR_MAC_1904
            elif name == "calcPr" and element.get("fullCalcOnLoad") in ("1", "true"):
                self.herberekenen = True
            elif name == "sheet":
                rel = element.get(f"{{{_REL_NS}}}id")
                target = targets.get(rel or "")
                if target is not None:
                    sheets[str(element.get("name", ""))] = target
        return sheets

    def _relationships(self, name: str) -> dict[str, str]:
        root = self._xml(name)
        base = posixpath.dirname(posixpath.dirname(name))
        out: dict[str, str] = {}
        for element in root:
            target = str(element.get("Target", ""))
            path = target[1:] if target.startswith("/") else posixpath.join(base, target)
            out[str(element.get("Id", ""))] = posixpath.normpath(path)
        return out

    def _read_styles(self) -> list[str | None]:
        """Per cell style (``s``): ``date``, ``timedelta`` or None (a plain number)."""
        if "xl/styles.xml" not in self._zip.namelist():
            return []
        root = self._xml("xl/styles.xml")
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        kinds: list[str | None] = []
        for element in root:
            name = _local(element.tag)
            if name == "numFmts":
                for fmt in element:
                    formats[int(fmt.get("numFmtId", "0"))] = str(fmt.get("formatCode", ""))
            elif name == "cellXfs":
                for xf in element:
                    code = formats.get(int(xf.get("numFmtId", "0")), "General")
                    if is_timedelta_format(code):
                        kinds.append("timedelta")
                    elif is_date_format(code):
                        kinds.append("date")
                    else:
                        kinds.append(None)
        return kinds

    def _read_strings(self) -> Sequence[str]:
        names = self._zip.namelist()
        name = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
        if name is None:
            return []
        with self._zip.open(name) as source:
            return _read_shared_strings(source)

    # --- rows --------------------------------------------------------------------------

    def merged(self, sheet: str) -> list[Bereik]:
        """The merged ranges of ``sheet``. They are stored after the cells, so the sheet's
        bytes are scanned for them first (cheap: no XML is built)."""
        if sheet in self._merged:
            return self._merged[sheet]
        found: dict[str, Bereik] = {}
        tail = b""
        with self._zip.open(self._sheets[sheet]) as source:
            while chunk := source.read(1024 * 1024):
                window = tail + chunk
                if b"mergeCell" not in window:  # a fast byte search: most chunks have none
                    tail = window[-200:]
                    continue
                for match in _MERGE.finditer(window):
                    bereik = parse_range(match[1].decode("ascii", "replace"))
                    if bereik is not None:
                        found.setdefault(bereik.ref, bereik)
                tail = window[-200:]
        self._merged[sheet] = list(found.values())
        return self._merged[sheet]

    def scan_column(
        self, sheet: str, kolom: int, *, min_row: int = 2
    ) -> Iterator[tuple[int, object, bool, bool]]:
        """The first pass without building XML: the sheet's bytes are scanned for rows and
        the one cell needed. Anything unusual (a formula, rich text, comments, CDATA, a
        namespace prefix, merged cells over the column) raises :class:`Langzaam`; the
        caller then reads the sheet the normal way."""
        if any(b.kolom1 <= kolom <= b.kolom2 for b in self.merged(sheet)):
            raise Langzaam
        letters = column_letters(kolom).encode()
        try:
            with self._zip.open(self._sheets[sheet]) as source:
                head = source.read(4096)
                dimension = _DIMENSION.search(head)
                if dimension and int(dimension[1]) > MAX_ROWS + 1:
                    raise self.too_many_rows(sheet)
                if not head.lstrip().startswith(b"<?xml") and not head.startswith(b"<worksheet"):
                    raise Langzaam
                if (
                    b"<!" in head
                    or b"<worksheet" not in head
                    or (
                        b'encoding="' in head[:100]
                        and b'encoding="UTF-8"' not in head[:100].upper()
                    )
                ):
                    raise Langzaam  # fmt: skip
                buffer = head
                while True:
                    chunk = source.read(1024 * 1024)
                    end = len(buffer) if not chunk else buffer.rfind(b"</row>") + len(b"</row>")
                    if chunk and end < len(b"</row>"):
                        buffer += chunk
                        continue
                    yield from self._scan(buffer[:end], letters, min_row, sheet)
                    if not chunk:
                        return
                    buffer = buffer[end:] + chunk
        except (InputError, Langzaam):
            raise
        except Exception as exc:
            raise Langzaam from exc

    def _scan(
        self, data: bytes, letters: bytes, min_row: int, sheet: str
    ) -> Iterator[tuple[int, object, bool, bool]]:
        if _unsafe(data):
            raise Langzaam
        position = 0
        while (start := data.find(b"<row", position)) >= 0:
            close = data.find(b">", start)
            attrs = data[start + 4 : close]
            if attrs[:1] not in (b" ", b"/", b"\t", b"\n", b"\r"):
                position = close  # another element (<rowBreaks>)
                continue
            if attrs.endswith(b"/"):
                content = b""
                position = close + 1
            else:
                end = data.find(b"</row>", close)
                if end < 0:
                    raise Langzaam
                content = data[close + 1 : end]
                position = end + 6
            number_match = _ATTR_R.search(attrs)
            if number_match is None:
                raise Langzaam
            number = int(number_match[2])
            if number > MAX_ROWS + 1:
                raise self.too_many_rows(sheet)
            if number >= min_row:
                hidden = b'hidden="1"' in attrs or b'hidden="true"' in attrs
                value, empty = self._scan_row(content, letters, number)
                yield number, value, hidden, empty

    def _scan_row(self, content: bytes, letters: bytes, number: int) -> tuple[object, bool]:
        """(value of the cell in column ``letters``, whether the row is empty)."""
        ref = b'<c r="' + letters + str(number).encode() + b'"'
        start = content.find(ref)
        value: object = None
        if start >= 0:
            close = content.find(b">", start)
            if content[close - 1 : close] != b"/":
                end = content.find(b"</c>", close)
                value = self._scan_value(content[start + 2 : close], content[close + 1 : end])
                if not is_empty(value):
                    return value, False
        # Rare: no value in the column; is anything else in the row?
        for cell in _CELL_BYTES.finditer(content):
            if not is_empty(self._scan_value(cell[1], cell[2] or b"")):
                return value, False
        return value, True

    def _scan_value(self, attrs: bytes, content: bytes) -> object:
        kind_match = _ATTR_T.search(attrs)
        kind = kind_match[1].decode() if kind_match else None
        if kind == "inlineStr":
            match = _IS_BYTES.fullmatch(content)
            if match is None:
                raise Langzaam
            return _xml_text(match[1] or b"")
        if not content:
            return None
        match = _V_BYTES.fullmatch(content)
        if match is None:
            raise Langzaam
        raw = _xml_text(match[1] or b"")
        if kind == "s":
            return self._strings[int(raw)]
        if kind is None or kind == "n":
            style = _ATTR_S.search(attrs)
            return self._number(raw, style[1].decode() if style else None) if raw else None
        return _typed(kind, raw)

    def _raw_rows(
        self, sheet: str, kolommen: frozenset[int] | None = None, breedte: int | None = None
    ) -> Iterator[tuple[int, list[object], bool, list[Bereik]]]:
        try:
            starts: dict[int, list[Bereik]] = {}
            wanted = set(kolommen) if kolommen is not None else None
            for bereik in self.merged(sheet):
                starts.setdefault(bereik.rij1, []).append(bereik)
                if wanted is not None and any(
                    bereik.kolom1 <= c <= bereik.kolom2 for c in list(wanted)
                ):
                    wanted.add(bereik.kolom1)  # the value that fills a wanted cell
            with self._zip.open(self._sheets[sheet]) as source:
                # A sheet that claims more rows than allowed is refused before any is read.
                dimension = _DIMENSION.search(source.read(4096))
                if dimension and int(dimension[1]) > MAX_ROWS + 1:
                    raise self.too_many_rows(sheet)
            with self._zip.open(self._sheets[sheet]) as source:
                number = 0
                events = etree.iterparse(source, events=("end",), tag="{*}row", **_XML)
                tags: tuple[str, str, str, str] | None = None
                for _, row in events:
                    if tags is None:
                        ns = row.tag[: -len("row")]
                        tags = (f"{ns}v", f"{ns}f", f"{ns}is", f"{ns}t")
                    ref = row.get("r")
                    number = int(ref) if ref else number + 1
                    values = self._cells(row, tags, wanted, breedte)
                    hidden = row.get("hidden") in ("1", "true")
                    row.clear()
                    while row.getprevious() is not None:
                        del row.getparent()[0]
                    yield number, values, hidden, starts.get(number, [])
        except InputError:
            raise
        except Exception as exc:  # broken XML, a cell that cannot be read
            raise self.broken(exc, sheet) from exc

    def _cells(  # noqa: C901 - the hot loop of every read, kept in one frame for speed
        self,
        row: Any,
        tags: tuple[str, str, str, str],
        wanted: set[int] | None,
        width: int | None = None,
    ) -> list[object]:
        found: dict[int, object] = {}
        column = 0
        columns = _COLUMNS
        value_tag, formula_tag, inline_tag, text_tag = tags
        last = max(wanted) if wanted else width or MAX_COLUMNS
        for cell in row:
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column = columns.get(letters) or _column(letters)
            else:
                column += 1
            if column > last:
                break  # cells are stored in column order (ECMA-376 18.3.1.4)
            if wanted is not None and column not in wanted:
                continue
            kind = cell.get("t")
            raw: str | None = None
            formula = inline = None
            children = len(cell)
            if children == 0:
                continue  # an empty (styled) cell
            for child in cell if children > 1 else (cell[0],):
                tag = child.tag
                if tag == value_tag:
                    raw = child.text
                elif tag == formula_tag:
                    formula = child
                elif tag == inline_tag:
                    inline = child
            if formula is not None:
                value = self._formula(formula, raw, kind)
                if value is not None:
                    found[column] = value
                    continue
            if kind is None or kind == "n":
                if raw is None or raw == "":
                    continue
                value = self._number(raw, cell.get("s"))
            elif kind == "s":
                if raw is None:
                    continue
                value = self._strings[int(raw)]
            elif kind == "inlineStr":
                if inline is None:
                    continue
                first = inline[0] if len(inline) == 1 else None
                if first is not None and first.tag == text_tag:
                    text = first.text or ""
                    value = unescape(text) if "_x" in text else text
                else:
                    value = _text_of(inline)
            else:
                value = _typed(kind, raw)
            found[column] = value
        if wanted is not None and not found and len(row):
            return self._cells(row, tags, None, width)  # rare: read it all to see if empty
        values: list[object] = [None] * (width or max(found, default=0))
        for column, value in found.items():
            values[column - 1] = value
        return values

    def _formula(self, formula: Any, raw: str | None, kind: str | None) -> object:
        """An :class:`UncalculatedFormula` when the stored result cannot be trusted."""
        text = "=" + (formula.text or "")
        if self.herberekenen:
            return UncalculatedFormula(text, herberekenen=True)
        if raw is None or (raw == "" and kind != "str"):
            return UncalculatedFormula(text)
        return None

    def _number(self, raw: str, style: str | None) -> object:
        number: int | float
        if raw.isdigit():
            number = int(raw)
        else:
            number = float(raw)
            if number.is_integer() and abs(number) < 1e15:
                number = int(number)
        if style is None:
            return number
        kind = self._style_kinds.get(style, _UNKNOWN)
        if kind is _UNKNOWN:
            index = int(style)
            kind = self._styles[index] if 0 <= index < len(self._styles) else None
            self._style_kinds[style] = kind
        if kind is None:
            return number
        converted = from_excel(number, self._epoch, timedelta=kind == "timedelta")
        if isinstance(converted, dt.datetime) and converted.time() == dt.time(0, 0):
            return converted.date()
        return converted


_COLUMNS: dict[str, int] = {}
_UNKNOWN = object()


def _column(letters: str) -> int:
    index = column_index(letters)
    if not letters.isalpha() or not 1 <= index <= MAX_COLUMNS:
        raise ValueError(f"kolom {letters!r}")
    _COLUMNS[letters] = index
    return index


def _xml_text(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if "&" in text:
        text = html.unescape(text)
    return unescape(text) if "_x" in text else text


def _typed(kind: str, raw: str | None) -> object:
    """A cell of type ``str`` (a formula's text), ``b``, ``e`` or ``d`` (ISO date)."""
    if kind == "str":
        return unescape(raw or "")
    if kind == "b":
        return raw in ("1", "true")
    if kind == "e":
        return CellError(raw or "#N/A")
    if kind == "d":
        return None if not raw else _iso_date(raw)
    return raw


def _iso_date(raw: str) -> object:
    value = dt.datetime.fromisoformat(raw.rstrip("Z"))
    return value.date() if value.time() == dt.time(0, 0) else value
