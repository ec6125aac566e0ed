"""Reading a spreadsheet (.xlsx, .ods, .csv) once and safely, as rows of plain values.

A workbook is read from ONE snapshot of its bytes, taken when it is opened: a user who
saves the file while a batch runs (reordered columns, another sheet) cannot mix two
versions into one record. The snapshot is checked before anything parses it (a zip bomb,
an encrypted workbook or an old .xls is refused with a Dutch
:class:`~overeenkomsten.errors.InputError`), and the rows are streamed: memory stays flat
in the number of rows.

Every format gives the same thing (:class:`Werkboek`): sheet names, and per sheet the
stored rows as :class:`Rij` (Excel row number, values, hidden or not). Merged cells are
read as the value of their top-left cell in every cell of the range, and each range is
named on the row of its top-left cell (:attr:`Rij.samengevoegd`) so that the intake can
warn about it. A formula whose stored result cannot be trusted is an
:class:`UncalculatedFormula` value, never a silent 0.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from overeenkomsten._getallen import getal
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
MAX_COLUMNS = 16_384  # Excel's own limit (XFD); a cell beyond it is a broken file
SAVE_AS = "Open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)."


class Langzaam(Exception):  # noqa: N818 - a signal between reader and format, never shown
    """A fast path met something it does not handle: the caller reads the slow way."""


@dataclass(frozen=True)
class CellError:
    """A cell that holds an Excel error (``#N/A``, ``#DIV/0!``, ...) instead of a value."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class UncalculatedFormula(CellError):  # noqa: N818 - a cell value, not an exception
    """A formula whose stored result cannot be trusted. ``code`` is the formula
    (``=UPPER(A2)``). Either no result is stored (a workbook written by a program and
    never saved by Excel or LibreOffice), or ``herberekenen``: the workbook asks to be
    recalculated on opening (``fullCalcOnLoad``, as xlsxwriter writes it), so the stored
    result is a placeholder (xlsxwriter stores 0)."""

    herberekenen: bool = False


@dataclass(frozen=True, slots=True)
class Bereik:
    """A range of merged cells, 1-based and inclusive, with its reference (``A2:A4``)."""

    ref: str
    rij1: int
    kolom1: int
    rij2: int
    kolom2: int


@dataclass(slots=True)
class Rij:
    """One stored row of a sheet."""

    nummer: int  # the row number the user sees (Excel row; CSV: line number)
    waarden: tuple[object, ...]
    verborgen: bool = False  # hidden, or filtered out by an autofilter
    samengevoegd: tuple[tuple[int, str], ...] = ()
    """(0-based column, range) of every merged range whose top-left cell is in this row."""

    @property
    def leeg(self) -> bool:
        return all(is_empty(v) for v in self.waarden)


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})")


def column_index(letters: str) -> int:
    """``A`` -> 1, ``AB`` -> 28."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


def column_letters(index: int) -> str:
    """1 -> ``A``, 28 -> ``AB``."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_range(ref: str) -> Bereik | None:
    """``A2:A4`` (or one cell) as a :class:`Bereik`; None when it is no cell reference."""
    parts = [_REF.fullmatch(p) for p in ref.upper().split(":")]
    if not parts or len(parts) > 2 or any(m is None for m in parts):
        return None
    first, last = parts[0], parts[-1]
    assert first is not None
    assert last is not None
    r1, r2 = sorted((int(first[2]), int(last[2])))
    c1, c2 = sorted((column_index(first[1]), column_index(last[1])))
    return Bereik(ref.upper().replace("$", ""), r1, c1, r2, c2)


def read_snapshot(path: Path, limit: int = MAX_UNCOMPRESSED_BYTES) -> bytes:
    """The bytes of ``path``, read once (the snapshot every later read works on)."""
    if not path.exists():
        raise InputError(f"Het bestand '{path}' bestaat niet.", code="bestand-ontbreekt")
    if not path.is_file():
        raise InputError(f"'{path}' is een map, geen bestand.", code="bestand-is-map")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            f"Het bestand '{path}' kan niet worden gelezen ({os_reason(exc)[0]}).",
            code="bestand-onleesbaar",
        ) from exc
    if not data:
        raise InputError(f"Het bestand '{path}' is leeg (0 bytes).", code="bestand-leeg")
    if len(data) > limit:
        raise InputError(
            f"Het bestand '{path}' is te groot (meer dan {megabytes(limit)}).",
            code="werkboek-te-groot",
        )
    return data


class Werkboek(ABC):
    """A spreadsheet opened for streaming reads of its snapshot.

    Use as a context manager so that the snapshot is released.
    """

    path: Path
    herberekenen: bool = False  # the file asks to be recalculated on opening

    def __enter__(self) -> Werkboek:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - most formats hold nothing to release
        """Release the snapshot."""

    @property
    @abstractmethod
    def sheetnames(self) -> list[str]: ...

    @abstractmethod
    def _raw_rows(
        self, sheet: str, kolommen: frozenset[int] | None = None, breedte: int | None = None
    ) -> Iterator[tuple[int, list[object], bool, list[Bereik]]]:
        """(row number, values from column 1, hidden, merged ranges starting in this row)
        for every stored row, in order. With ``kolommen`` (1-based), a format may leave
        the other cells None (a cheap pass that needs one column); with ``breedte`` it may
        leave out the cells to the right of that column."""

    def find_sheet(self, name: str) -> str | None:
        """The sheet called ``name``, matched tolerantly (case, spaces, accents)."""
        wanted = normalize_header(name)
        for sheet in self.sheetnames:
            if normalize_header(sheet) == wanted:
                return sheet
        return None

    def rows(
        self,
        sheet: str,
        *,
        min_row: int = 1,
        max_col: int | None = None,
        kolommen: frozenset[int] | None = None,
    ) -> Iterator[Rij]:
        """Every stored row from ``min_row``, streamed, ``max_col`` wide (or up to its last
        cell). Merged ranges are filled with their top-left value. Rows past
        :data:`MAX_ROWS` raise :class:`InputError`. With ``kolommen`` (1-based) only those
        cells need be read (the others may be None) when one of them has a value."""
        active: list[tuple[Bereik, object]] = []
        for number, values, hidden, merges in self._raw_rows(sheet, kolommen, max_col):
            if number > MAX_ROWS + 1:
                raise self.too_many_rows(sheet)
            for bereik in merges:
                top_left = values[bereik.kolom1 - 1] if bereik.kolom1 <= len(values) else None
                if top_left is not None:
                    active.append((bereik, top_left))
            if active:
                active = [(b, v) for b, v in active if b.rij2 >= number]
                _fill(values, active, number)
            if number < min_row:
                continue
            width = len(values) if max_col is None else max_col
            if len(values) < width:
                values.extend([None] * (width - len(values)))
            yield Rij(
                number,
                tuple(values[:width]),
                hidden,
                tuple((b.kolom1 - 1, b.ref) for b in merges if b.kolom1 <= width),
            )

    header_anywhere = False  # CSV: the header is the first line that is not "sep=;"

    def scan_column(
        self, sheet: str, kolom: int, *, min_row: int = 2
    ) -> Iterator[tuple[int, object, bool, bool]]:
        """(row number, value in column ``kolom`` (1-based), hidden, empty row) for every
        stored row from ``min_row``: the cheap first pass over a sheet. A format may do this
        faster than :meth:`rows`; it may raise :class:`Langzaam` at any point, after which
        the caller starts again with :meth:`rows`."""
        for rij in self.rows(sheet, min_row=min_row, kolommen=frozenset({kolom})):
            value = rij.waarden[kolom - 1] if kolom <= len(rij.waarden) else None
            yield rij.nummer, value, rij.verborgen, rij.leeg

    def header(self, sheet: str) -> list[object]:
        """Row 1 of ``sheet`` without trailing empty cells ([] when row 1 is empty)."""
        return self.header_row(sheet)[1]

    def header_row(self, sheet: str) -> tuple[int, list[object]]:
        """(row number, header) of ``sheet``: row 1, without trailing empty cells."""
        for rij in self.rows(sheet):
            header = list(rij.waarden) if rij.nummer == 1 or self.header_anywhere else []
            while header and is_empty(header[-1]):
                header.pop()
            return rij.nummer, header
        return 1, []

    def too_many_rows(self, sheet: str) -> InputError:
        return InputError(
            f"Het blad '{sheet}' van '{self.path}' heeft meer dan {getal(MAX_ROWS)} rijen; "
            "splits het bestand in kleinere bestanden.",
            code="werkboek-te-veel-rijen",
            locatie=Location(blad=sheet),
        )

    def broken(self, exc: Exception, sheet: str | None = None) -> InputError:
        where = f" (blad '{sheet}')" if sheet else ""
        return InputError(
            f"Het werkboek '{self.path}'{where} is beschadigd en kan niet worden gelezen "
            f"({type(exc).__name__}). " + SAVE_AS,
            code="werkboek-beschadigd",
            locatie=Location(blad=sheet),
        )


def _fill(values: list[object], active: list[tuple[Bereik, object]], number: int) -> None:
    for bereik, value in active:
        if bereik.rij1 > number:
            continue
        if len(values) < bereik.kolom2:
            values.extend([None] * (bereik.kolom2 - len(values)))
        for index in range(bereik.kolom1 - 1, bereik.kolom2):
            if (number, index + 1) != (bereik.rij1, bereik.kolom1) and is_empty(values[index]):
                values[index] = value


def open_werkboek(path: Path) -> Werkboek:
    """Open ``path`` as .xlsx, .ods or .csv, by its content (and, for text, its name)."""
    from overeenkomsten.basis.ods import OdsWerkboek, is_ods
    from overeenkomsten.basis.xlsx import XlsxWerkboek, check_workbook_bytes

    data = read_snapshot(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        from overeenkomsten.basis.csv_werkboek import CsvWerkboek

        return CsvWerkboek(path, data)
    if is_ods(data):
        return OdsWerkboek(path, data)
    check_workbook_bytes(path, data)
    return XlsxWerkboek(path, data)


def check_workbook(path: Path) -> None:
    """Refuse a file that is not a safe, readable .xlsx, without unpacking anything."""
    from overeenkomsten.basis.xlsx import check_workbook_bytes

    check_workbook_bytes(path, read_snapshot(path))


def read_table(path: Path, sheet: str | None = None) -> Iterator[dict[str, object]]:
    """The rows of a simple table (header in row 1) as ``{header: value}`` dicts.

    Reads the first sheet unless ``sheet`` names one. Empty rows are skipped; columns
    without a header are ignored. Used for the kwalificatie register and for lists such as
    SBB erkenningen.
    """
    with open_werkboek(path) as book:
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
        for rij in book.rows(name, min_row=2, max_col=len(headers)):
            if rij.leeg:
                continue
            yield {h: v for h, v in zip(headers, rij.waarden, strict=False) if h is not None}


def date_of(value: object) -> object:
    """A datetime at midnight as a date (how a date cell reads); anything else as is."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value
