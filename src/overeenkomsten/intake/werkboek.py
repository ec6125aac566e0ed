"""Reading .xlsx workbooks safely: the only module where openpyxl reads a workbook.

A workbook is a zip archive of XML files, so a hostile or broken file can do harm before a
single cell is read: a zip bomb unpacks to gigabytes, an encrypted workbook or an old .xls is
not a zip at all, and a sheet can claim a million rows. :func:`check_workbook` looks at the
bytes and the zip directory *before* openpyxl opens the file and refuses with a Dutch
:class:`~overeenkomsten.errors.InputError`. Reading then streams rows in openpyxl's
read-only mode with cached formula values (``data_only``): memory stays flat per row.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, cast
from xml.etree.ElementTree import iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from overeenkomsten._tekst import normalize_header
from overeenkomsten.errors import InputError, Location, os_reason
from overeenkomsten.grenzen import megabytes

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# A member this small cannot hurt whatever its ratio; a sheet of identical empty cells
# legitimately compresses very well.
RATIO_EXEMPT_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_ROWS = 100_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_SAVE_AS = "Open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)."


@dataclass(frozen=True)
class CellError:
    """A cell that holds an Excel error (``#N/A``, ``#DIV/0!``, ...) instead of a value."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class UncalculatedFormula(CellError):  # noqa: N818 - a cell value, not an exception
    """A formula whose result was never stored: a workbook written by a program and never
    saved by Excel or LibreOffice. ``code`` is the formula (``=UPPER(A2)``)."""


def check_workbook(path: Path) -> None:
    """Refuse a file that is not a safe, readable .xlsx, without unpacking anything."""
    size = _check_file(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(path)
    if not head.startswith(_ZIP_MAGIC):
        raise _not_a_zip_error(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            f"Het bestand '{path}' is beschadigd: het is geen leesbaar Excel-werkboek. " + _SAVE_AS,
            code="werkboek-beschadigd",
        ) from exc
    _check_members(path, size, members)
    _check_kind(path, {m.filename for m in members})


def _check_file(path: Path) -> int:
    if not path.exists():
        raise InputError(f"Het bestand '{path}' bestaat niet.", code="bestand-ontbreekt")
    if not path.is_file():
        raise InputError(f"'{path}' is een map, geen bestand.", code="bestand-is-map")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputError(
            f"Het bestand '{path}' kan niet worden gelezen ({os_reason(exc)[0]}).",
            code="bestand-onleesbaar",
        ) from exc
    if size == 0:
        raise InputError(f"Het bestand '{path}' is leeg (0 bytes).", code="bestand-leeg")
    if size > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            f"Het bestand '{path}' is te groot ({megabytes(size)}, hoogstens "
            f"{megabytes(MAX_UNCOMPRESSED_BYTES)}).",
            code="werkboek-te-groot",
        )
    return size


def _ole_error(path: Path) -> InputError:
    """An OLE compound file is either an encrypted .xlsx or an old binary .xls."""
    if _contains_any(path, _ENCRYPTED_STREAMS):
        return InputError(
            f"Het werkboek '{path}' is beveiligd met een wachtwoord (versleuteld) en kan "
            "daardoor niet worden gelezen. Open het in Excel, verwijder het wachtwoord "
            "(Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord) en sla het "
            "opnieuw op.",
            code="werkboek-versleuteld",
        )
    return InputError(
        f"Het bestand '{path}' is een oud Excel-bestand (.xls, Excel 97-2003). " + _SAVE_AS,
        code="werkboek-oud-xls",
    )


def _contains_any(path: Path, needles: tuple[bytes, ...]) -> bool:
    overlap = max(len(n) for n in needles)
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            window = tail + chunk
            if any(n in window for n in needles):
                return True
            tail = window[-overlap:]
    return False


def _not_a_zip_error(path: Path) -> InputError:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if sample.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        kind = "een HTML- of XML-bestand"
    elif b"\x00" not in sample and _is_text(sample):
        kind = "een tekstbestand (bijvoorbeeld CSV)"
    else:
        kind = "geen Excel-werkboek"
    return InputError(
        f"Het bestand '{path}' is {kind}, geen Excel-werkboek (.xlsx), ook al heet het zo. "
        + _SAVE_AS,
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


def _check_members(path: Path, size: int, members: list[zipfile.ZipInfo]) -> None:
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
        f"Het bestand '{path}' is {kind}, geen Excel-werkboek (.xlsx). " + _SAVE_AS,
        code="geen-xlsx",
    )


class SharedStrings(Sequence[str]):
    """A workbook's shared-strings table, compact: text in chunks plus offsets.

    Excel and LibreOffice store every text of a workbook once, in one table that openpyxl
    loads whole, even in read-only mode: as a list of ``str`` that costs about 60 bytes
    per text beyond its characters. This stores the characters only (and 4 bytes of
    offset), so that a workbook of 10,000 rows does not cost much more memory than one
    of 1,000 rows.
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


def _read_shared_strings(source: IO[bytes]) -> SharedStrings:
    """Parse ``sharedStrings.xml`` as openpyxl does (plain and rich text, no phonetic runs),
    dropping each parsed element at once so the XML tree never grows."""
    si, t, r = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))
    strings = SharedStrings()
    root = None
    for event, element in iterparse(source, events=("start", "end")):
        if root is None:
            root = element
        if event == "end" and element.tag == si:
            parts = [c.text or "" for c in element if c.tag == t]
            parts += [g.text or "" for c in element if c.tag == r for g in c if g.tag == t]
            strings.append(_unescape("".join(parts)))
            root.clear()
    return strings


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
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


class _LeanReader(ExcelReader):
    """openpyxl's reader with a compact shared-strings table (see :class:`SharedStrings`)."""

    def read_strings(self) -> None:
        part = cast(Any, self.package).find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _read_shared_strings(source)  # type: ignore[assignment]


def _load(path: Path) -> Workbook:
    reader = _LeanReader(path, read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


def _row_values(cells: list[dict[str, Any]], width: int | None) -> tuple[object, ...]:
    """The values of one parsed row, by column, ``width`` wide (or up to the last cell)."""
    if width is None:
        width = max((c["column"] for c in cells), default=0)
    values: list[object] = [None] * width
    for cell in cells:
        if cell["column"] <= width:
            values[cell["column"] - 1] = _cell_value(cell["value"], cell["data_type"])
    return tuple(values)


def _cell_value(value: object, data_type: str) -> object:
    """A cell's value as the intake wants it: dates as dates, whole floats as ints."""
    if value is None:
        return None
    if data_type == "e":
        return CellError(str(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


_CELL, _FORMULA, _VALUE = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("c", "f", "v"))


def _finish_cells(row: Any, cells: list[dict[str, Any]]) -> None:
    """What openpyxl's cell parser leaves undone (it parses a row's children in order, one
    cell each): a text stored in the cell itself (``inlineStr``) gets Excel's escapes
    decoded, as the shared strings do (:func:`_unescape`); a formula without a stored
    result, which reads as empty (``data_only``), is marked, so that the user hears why the
    value is missing."""
    for element, cell in zip(row, cells, strict=False):
        if element.tag != _CELL:
            continue
        if element.get("t") == "inlineStr" and isinstance(cell["value"], str):
            cell["value"] = _unescape(cell["value"])
        if cell["value"] is not None:
            continue
        formula, result = element.find(_FORMULA), element.find(_VALUE)
        # An empty <v> of a text formula (t="str") is a stored empty result, not a missing one.
        stored = result is not None and (bool(result.text) or element.get("t") == "str")
        if formula is not None and not stored:
            cell["value"] = UncalculatedFormula(f"={formula.text or ''}")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Werkboek:
    """An .xlsx opened for streaming reads; use as a context manager so the file is closed."""

    def __init__(self, path: Path) -> None:
        check_workbook(path)
        self.path = path
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._book = _load(path)
        except Exception as exc:  # openpyxl raises anything from KeyError to XML errors
            raise self._broken(exc) from exc

    def __enter__(self) -> Werkboek:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self._book.sheetnames)

    def find_sheet(self, name: str) -> str | None:
        """The sheet called ``name``, matched tolerantly (case, spaces, accents)."""
        wanted = normalize_header(name)
        for sheet in self._book.sheetnames:
            if normalize_header(sheet) == wanted:
                return str(sheet)
        return None

    def rows(
        self, sheet: str, *, min_row: int = 1, max_col: int | None = None
    ) -> Iterator[tuple[int, tuple[object, ...]]]:
        """``(Excel row number, values)`` for every stored row from ``min_row``, streamed.

        Rows the sheet does not store (blank rows) are not yielded. Values are plain
        Python values, :class:`CellError` for error cells. Rows past :data:`MAX_ROWS`
        raise :class:`InputError`, whatever the sheet's dimension said.

        Cells are parsed by openpyxl's own worksheet parser (shared strings, dates,
        cached formula values), but the XML is walked here so that each row is dropped
        once read: openpyxl's read-only iterator keeps every parsed row element and the
        attributes of every row in memory until the sheet is done.
        """
        # Private attributes, as openpyxl's own ReadOnlyWorksheet uses them (openpyxl 3.1).
        worksheet = cast(Any, self._sheet(sheet))
        book = cast(Any, self._book)
        row_tag, sheet_data_tag = (f"{{{SHEET_MAIN_NS}}}{t}" for t in ("row", "sheetData"))
        with book._archive.open(worksheet._worksheet_path) as source:
            parser = WorkSheetParser(
                source,
                worksheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            events = iterparse(source, events=("start", "end"))
            parent = None
            while True:
                try:
                    event, element = next(events)
                    if event == "start":
                        if element.tag == sheet_data_tag:
                            parent = element
                        continue
                    if element.tag != row_tag:
                        continue
                    # Per row, not per XML event: entering catch_warnings costs ~10 us.
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        number, cells = parser.parse_row(element)
                        _finish_cells(element, cells)
                except StopIteration:
                    return
                except Exception as exc:  # broken XML, or a cell openpyxl cannot read
                    raise self._broken(exc, sheet) from exc
                parser.row_dimensions.clear()
                element.clear()
                if parent is not None:
                    parent.remove(element)
                if number > MAX_ROWS + 1:
                    raise self._too_many_rows(sheet)
                if number >= min_row:
                    yield number, _row_values(cells, max_col)

    def header(self, sheet: str) -> list[object]:
        """Row 1 of ``sheet`` without trailing empty cells ([] when row 1 is empty)."""
        for number, values in self.rows(sheet):
            header = list(values) if number == 1 else []
            while header and is_empty(header[-1]):
                header.pop()
            return header
        return []

    def _sheet(self, sheet: str) -> ReadOnlyWorksheet:
        worksheet = self._book[sheet]
        assert isinstance(worksheet, ReadOnlyWorksheet)
        if worksheet.max_row is not None and worksheet.max_row > MAX_ROWS + 1:
            raise self._too_many_rows(sheet)
        return worksheet

    def _too_many_rows(self, sheet: str) -> InputError:
        return InputError(
            f"Het blad '{sheet}' van '{self.path}' heeft meer dan {MAX_ROWS:,} rijen; "
            "splits het bestand in kleinere bestanden.".replace(",", "."),
            code="werkboek-te-veel-rijen",
            locatie=Location(blad=sheet),
        )

    def _broken(self, exc: Exception, sheet: str | None = None) -> InputError:
        where = f" (blad '{sheet}')" if sheet else ""
        return InputError(
            f"Het werkboek '{self.path}'{where} is beschadigd en kan niet worden gelezen "
            f"({type(exc).__name__}). " + _SAVE_AS,
            code="werkboek-beschadigd",
            locatie=Location(blad=sheet),
        )


def read_table(path: Path, sheet: str | None = None) -> Iterator[dict[str, object]]:
    """The rows of a simple table (header in row 1) as ``{header: value}`` dicts.

    Reads the first sheet unless ``sheet`` names one. Empty rows are skipped; columns
    without a header are ignored. Used for the kwalificatie register and for lists such as
    SBB erkenningen.
    """
    with Werkboek(path) as book:
        name = book.sheetnames[0] if sheet is None else book.find_sheet(sheet)
        if name is None:
            raise InputError(
                f"Het werkboek '{path}' heeft geen blad '{sheet}' (wel: "
                f"{', '.join(book.sheetnames)}).",
                code="blad-ontbreekt",
            )
        headers = [None if is_empty(h) else str(h).strip() for h in book.header(name)]
        if not any(headers):
            return
        for _, values in book.rows(name, min_row=2, max_col=len(headers)):
            if all(is_empty(v) for v in values):
                continue
            yield {h: v for h, v in zip(headers, values, strict=False) if h is not None}
