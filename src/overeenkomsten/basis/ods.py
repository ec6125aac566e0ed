"""The .ods reader (OpenDocument spreadsheet, LibreOffice's own format), streaming.

All sheets live in one ``content.xml``; it is parsed with lxml's ``iterparse`` and each row
dropped once read, so memory stays flat. What the intake needs from ODS: cell values by
type (``office:value-type``: float, currency, percentage, date, time, boolean, string),
the stored result of a formula (LibreOffice always stores it; a formula without one is an
:class:`UncalculatedFormula`), error cells, repeated rows and cells
(``number-rows-repeated``: a sheet "ends" with a million repeated empty rows, which are
never expanded), merged ranges (``number-columns-spanned`` / ``number-rows-spanned`` on
the top-left cell) and hidden or filtered rows (``table:visibility``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape as xml_unescape

from lxml import etree  # type: ignore[import-untyped]

from overeenkomsten.basis.werkboek import (
    MAX_COLUMNS,
    MAX_ROWS,
    SAVE_AS,
    Bereik,
    CellError,
    UncalculatedFormula,
    Werkboek,
    column_letters,
)
from overeenkomsten.basis.xlsx import check_members
from overeenkomsten.errors import InputError

_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_T = f"{{{_TABLE}}}"
_O = f"{{{_OFFICE}}}"
_X = f"{{{_TEXT}}}"
_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_SHEET_NAME = re.compile(rb"<table:table\s[^>]*?table:name=\"([^\"]*)\"")
_DURATION = re.compile(r"-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?")


def is_ods(data: bytes) -> bool:
    """Whether ``data`` is an OpenDocument spreadsheet (its ``mimetype`` member says so)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    if _MIMETYPE in data[:200]:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == _MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False


class OdsWerkboek(Werkboek):
    """An .ods snapshot."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            check_members(path, self._zip.infolist())
            self._names = self._sheet_names()
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                f"Het werkboek '{path}' (OpenDocument, .ods) is beschadigd of versleuteld en "
                f"kan niet worden gelezen ({type(exc).__name__}). " + SAVE_AS,
                code="werkboek-beschadigd",
            ) from exc

    def close(self) -> None:
        self._zip.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self._names)

    def _sheet_names(self) -> list[str]:
        names: list[str] = []
        tail = b""
        with self._zip.open("content.xml") as source:
            while chunk := source.read(1024 * 1024):
                window = tail + chunk
                # A tag cut at the chunk boundary is found again in the next window.
                cut = window.rfind(b"<")
                for match in _SHEET_NAME.finditer(window, 0, cut if cut > 0 else len(window)):
                    names.append(xml_unescape(match[1].decode("utf-8"), {"&quot;": '"'}))
                tail = window[cut:] if cut > 0 else b""
        if not names:
            raise ValueError("geen bladen")
        return names

    def _raw_rows(
        self, sheet: str, kolommen: frozenset[int] | None = None, breedte: int | None = None
    ) -> Iterator[tuple[int, list[object], bool, list[Bereik]]]:
        try:
            yield from self._stream(sheet)
        except InputError:
            raise
        except Exception as exc:
            raise self.broken(exc, sheet) from exc

    def _stream(self, sheet: str) -> Iterator[tuple[int, list[object], bool, list[Bereik]]]:
        with self._zip.open("content.xml") as source:
            events = etree.iterparse(
                source, events=("start", "end"), tag=(f"{_T}table", f"{_T}table-row"), **_XML
            )
            inside = False
            number = 0
            for event, element in events:
                if element.tag == f"{_T}table":
                    if event == "start":
                        inside = element.get(f"{_T}name") == sheet
                    elif inside:
                        return
                    continue
                if event != "end":
                    continue
                if inside:
                    repeat = int(element.get(f"{_T}number-rows-repeated", "1"))
                    hidden = element.get(f"{_T}visibility", "visible") != "visible"
                    values, merges = self._cells(element, number + 1)
                    if any(v is not None for v in values):
                        for offset in range(min(repeat, MAX_ROWS + 2)):
                            copy = merges if offset == 0 else []
                            yield number + 1 + offset, list(values), hidden, copy
                    number += repeat
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]

    def _cells(self, row: Any, number: int) -> tuple[list[object], list[Bereik]]:
        values: list[object] = []
        merges: list[Bereik] = []
        column = 0
        for cell in row:
            repeat = int(cell.get(f"{_T}number-columns-repeated", "1"))
            value = None if cell.tag != f"{_T}table-cell" else _value(cell)
            if value is not None:
                if column + repeat > MAX_COLUMNS:
                    raise ValueError("te veel kolommen")
                values.extend([None] * (column - len(values)))
                values.extend([value] * repeat)
                span_c = int(cell.get(f"{_T}number-columns-spanned", "1"))
                span_r = int(cell.get(f"{_T}number-rows-spanned", "1"))
                if span_c > 1 or span_r > 1:
                    c1, c2 = column + 1, column + span_c
                    r2 = number + span_r - 1
                    ref = f"{column_letters(c1)}{number}:{column_letters(c2)}{r2}"
                    merges.append(Bereik(ref, number, c1, r2, c2))
            column += repeat
        return values, merges


def _value(cell: Any) -> object:
    kind = cell.get(f"{_O}value-type")
    formula = cell.get(f"{_T}formula")
    if kind is None:
        return UncalculatedFormula("=" + formula.split("=", 1)[-1]) if formula else None
    if cell.get(f"{{{_CALCEXT}}}value-type") == "error":
        return CellError(_text(cell) or "#FOUT")
    if kind in ("float", "percentage", "currency"):
        return _number(cell.get(f"{_O}value", ""))
    if kind == "date":
        raw = cell.get(f"{_O}date-value", "")
        value = dt.datetime.fromisoformat(raw)
        return value.date() if value.time() == dt.time(0, 0) else value
    if kind == "time":
        return _duration(cell.get(f"{_O}time-value", ""))
    if kind == "boolean":
        return cell.get(f"{_O}boolean-value") == "true"
    text = cell.get(f"{_O}string-value")
    return text if text is not None else _text(cell)


def _number(raw: str) -> int | float:
    try:
        exact = Decimal(raw)
    except InvalidOperation:
        raise ValueError(raw) from None
    if exact == exact.to_integral_value() and abs(exact) < Decimal("1e15"):
        return int(exact)
    return float(exact)


def _duration(raw: str) -> object:
    match = _DURATION.fullmatch(raw)
    if match is None:
        raise ValueError(raw)
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    delta = dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    if dt.timedelta(0) <= delta < dt.timedelta(days=1):
        return (dt.datetime.min + delta).time()
    return delta


def _text(cell: Any) -> str:
    """The visible text of a cell: its paragraphs, with ``text:s`` spaces and tabs."""
    paragraphs = [_inline(p) for p in cell if p.tag == f"{_X}p"]
    return "\n".join(paragraphs)


def _inline(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_X}s":
            parts.append(" " * int(child.get(f"{_X}c", "1")))
        elif child.tag == f"{_X}tab":
            parts.append("\t")
        elif child.tag == f"{_X}line-break":
            parts.append("\n")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
