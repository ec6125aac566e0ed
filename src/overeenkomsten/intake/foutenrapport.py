"""The batch's error report: the invalid rows as the user typed them, wrong cells marked.

Each wrong cell gets a red fill and a comment with the Dutch message; a second sheet lists
every problem. Values are always written as text, never as formulas (a name such as
``=HYPERLINK(...)`` stays text), and BSN cells are masked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from overeenkomsten.bestanden import atomic_path
from overeenkomsten.errors import Problem, mask_bsn

_WRONG = PatternFill("solid", fgColor="FFC7CE")
_HEADER = Font(bold=True)


@dataclass
class ReportRow:
    """One invalid input row: its Excel row number, cells by header, and its problems."""

    rij: int | None
    waarden: dict[str, object]
    problemen: list[Problem] = field(default_factory=list)


def _set(cell: Cell | MergedCell, value: object) -> None:
    """Numbers stay numbers; everything else is plain text, never a formula. Control
    characters (which a workbook cannot hold) are shown as ``<U+0000>``."""
    assert isinstance(cell, Cell)
    if value is None or isinstance(value, int | float):
        cell.value = value
        return
    cell.value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(value))
    cell.data_type = "s"  # whatever the text starts with ("=HYPERLINK(...)")
    cell.quotePrefix = True


def _list(overview: Worksheet, line: int, problem: Problem, blad: str) -> None:
    values = [problem.blad or blad, problem.rij, problem.kolom or problem.pad]
    values += [problem.waarde, problem.bericht, problem.code]
    for index, value in enumerate(values, start=1):
        _set(overview.cell(line, index), value)


def _autosize(ws: Worksheet) -> None:
    ws.freeze_panes = "A2"
    for index, column_cells in enumerate(ws.iter_cols(max_row=min(50, ws.max_row)), start=1):
        longest = max((len(str(c.value or "")) for c in column_cells), default=0)
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))


def write_intake_error_report(
    path: Path,
    kolommen: Sequence[str],
    rows: Iterable[ReportRow],
    overige: Sequence[Problem] = (),
) -> int:
    """The foutenrapport of an intake's Trajecten sheet, as ``batch`` writes it: the BSN
    column (found by its header, as the intake reads it) is masked."""
    from overeenkomsten.intake.kolommen import TRAJECT_KOLOMMEN, match_headers

    bsn = {match_headers(kolommen, TRAJECT_KOLOMMEN).getypt.get("kandidaat.bsn")}
    return write_error_report(
        path, kolommen, rows, is_bsn_column=lambda h: h in bsn, overige=overige
    )


def write_error_report(
    path: Path,
    kolommen: Sequence[str],
    rows: Iterable[ReportRow],
    *,
    is_bsn_column: Callable[[str], bool],
    overige: Sequence[Problem] = (),
    blad: str = "Trajecten",
) -> int:
    """Write the report to ``path`` atomically; returns the number of problems listed.

    ``overige`` are problems of the file as a whole (a missing column, a werkproces row
    without trajectory): they are listed on the overview sheet only.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{blad} met fouten"[:31]
    overview = workbook.create_sheet("Fouten")
    headers = ["Rij in invoer", *kolommen]
    for index, header in enumerate(headers, start=1):
        _set(sheet.cell(1, index), header)
        sheet.cell(1, index).font = _HEADER
    overview_headers = ["Blad", "Rij", "Kolom", "Waarde", "Melding", "Code"]
    for index, header in enumerate(overview_headers, start=1):
        _set(overview.cell(1, index), header)
        overview.cell(1, index).font = _HEADER
    column_of = {header: index for index, header in enumerate(headers, start=1)}
    out_row = 1
    listed = 0
    for row in rows:
        out_row += 1
        _set(sheet.cell(out_row, 1), row.rij)
        for header in kolommen:
            value = row.waarden.get(header)
            if is_bsn_column(header) and value not in (None, ""):
                value = mask_bsn(value)
            _set(sheet.cell(out_row, column_of[header]), value)
        notes: dict[int, list[str]] = {}
        for problem in row.problemen:
            listed += 1
            _list(overview, listed + 1, problem, blad)
            own_sheet = problem.blad in (None, blad)
            column = column_of.get(problem.kolom or "") if own_sheet else None
            notes.setdefault(column or 1, []).append(
                problem.bericht if column else f"{problem.kolom or problem.pad}: {problem.bericht}"
            )
        for column, messages in notes.items():
            cell = sheet.cell(out_row, column)
            cell.fill = _WRONG
            cell.comment = Comment("\n".join(messages), "overeenkomsten", width=320, height=120)
    for problem in overige:
        listed += 1
        _list(overview, listed + 1, problem, blad)
    for ws in (sheet, overview):
        _autosize(ws)
    for cell in overview["E"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return listed
