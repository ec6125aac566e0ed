"""The .csv intake (domein.md section 11): the Trajecten sheet as a text file.

Delimiter ``;``, ``,`` or tab, chosen by counting them in the header line (outside
quotes); encoding UTF-8 with or without BOM, else cp1252 (what Excel on Windows writes as
"CSV"). Werkprocessen come from a sibling file ``<naam>.werkprocessen.csv`` (the columns of
sheet Werkprocessen) or from a column ``werkprocessen`` in the file itself (codes
separated by ``|``; read by :mod:`overeenkomsten.intake.excel`); an ``Afronding`` sheet
from ``<naam>.afronding.csv``. Row numbers are the file's line numbers, so that an error
points at the line a text editor shows. Every value is text; the record's field types read
amounts and dates from text (:mod:`overeenkomsten.model.velden`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from overeenkomsten.basis.werkboek import Bereik, Werkboek, read_snapshot
from overeenkomsten.errors import InputError

_SIBLINGS = {"Werkprocessen": "werkprocessen", "Afronding": "afronding"}
_DELIMITERS = (";", ",", "\t")
_SEP_HINT = re.compile(r"sep=([;,\t|])\r?\n")


def decode(path: Path, data: bytes) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), else cp1252."""
    if b"\x00" in data[:4096]:
        raise InputError(
            f"Het bestand '{path}' is geen tekstbestand (CSV); sla het op als CSV (UTF-8) "
            "of als Excel-werkmap (.xlsx).",
            code="csv-onleesbaar",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"Het bestand '{path}' is geen leesbare tekst (UTF-8 of Windows-1252, byte "
            f"{exc.start + 1}); sla het op als 'CSV UTF-8'.",
            code="csv-onleesbaar",
        ) from exc


def sniff_delimiter(text: str) -> str:
    """The delimiter that occurs most in the header line, outside quotes (``;`` on a tie)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


class CsvWerkboek(Werkboek):
    """A CSV intake (and its sibling files) as a workbook with sheets."""

    header_anywhere = True

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self._texts: dict[str, tuple[Path, str]] = {"Trajecten": (path, decode(path, data))}
        for sheet, tag in _SIBLINGS.items():
            sibling = path.with_name(f"{path.stem}.{tag}{path.suffix}")
            if sibling.is_file():
                self._texts[sheet] = (sibling, decode(sibling, read_snapshot(sibling)))

    @property
    def sheetnames(self) -> list[str]:
        return list(self._texts)

    def bestand(self, sheet: str) -> Path:
        """The file a sheet comes from (a sibling file for Werkprocessen and Afronding)."""
        return self._texts[sheet][0]

    def _raw_rows(
        self, sheet: str, kolommen: frozenset[int] | None = None, breedte: int | None = None
    ) -> Iterator[tuple[int, list[object], bool, list[Bereik]]]:
        path, text = self._texts[sheet]
        start = 1
        hint = _SEP_HINT.match(text)
        if hint:  # Excel's "sep=;" line: it names the delimiter, and is no row
            delimiter = hint[1]
            text = text[hint.end() :]
            start = 2
        else:
            delimiter = sniff_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        first = start - 1
        try:
            for fields in reader:
                values: list[object] = [f if f.strip() else None for f in fields]
                yield start, values, False, []
                start = first + reader.line_num + 1
        except csv.Error as exc:
            raise InputError(
                f"Het CSV-bestand '{path}' is onleesbaar rond regel {first + reader.line_num} "
                "(de aanhalingstekens of scheidingstekens kloppen niet).",
                code="csv-onleesbaar",
            ) from exc
