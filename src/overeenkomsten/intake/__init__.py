"""Intake: from an Excel workbook or a JSON file to validated trajectories.

``open_intake`` streams one :class:`IntakeRij` per record (constant memory per row, for a
batch of thousands); ``read_intake`` collects them. Every problem is located in the user's
terms: sheet, Excel row and column header, or JSON path.
"""

from __future__ import annotations

from pathlib import Path

from overeenkomsten.errors import InputError, Problem, os_reason
from overeenkomsten.intake.stroom import Intake, IntakeRij, IntakeStream
from overeenkomsten.register import KwalificatieRegister

__all__ = ["Intake", "IntakeRij", "IntakeStream", "open_intake", "read_intake"]

_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"}


def open_intake(path: Path, register: KwalificatieRegister | None = None) -> IntakeStream:
    """Open an intake file (.xlsx or .json) as a stream of records.

    File-level problems (missing or unknown columns, duplicate traject_ids, orphan
    werkproces rows) are in ``.bestandsproblemen`` at once; iterating yields the records.
    Raises :class:`InputError` when the file cannot be read at all.
    """
    from overeenkomsten.intake.excel import ExcelReader
    from overeenkomsten.intake.json_invoer import open_json

    if _is_json(path):
        return open_json(path, register)
    return ExcelReader(path, register).open()


def read_intake(
    path: Path, register: KwalificatieRegister | None = None
) -> tuple[list[IntakeRij], list[Problem]]:
    """All records of an intake file and its file-level problems (small files, tests)."""
    stream = open_intake(path, register)
    return list(stream), stream.bestandsproblemen


def _is_json(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix in _EXCEL_SUFFIXES or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise InputError(
            f"Het bestand '{path}' kan niet worden gelezen ({os_reason(exc)[0]}).",
            code="bestand-onleesbaar",
        ) from exc
    return start[:1] in (b"{", b"[")
