"""Intake: from a spreadsheet (.xlsx, .ods, .csv) or a JSON file to validated trajectories.

THE ONE VALIDATION (shared by ``valideer``, ``genereer`` and ``batch``)::

    open_intake(path, register=None) -> IntakeStream

* Reads the file ONCE (a snapshot of its bytes taken on opening; a save while a run goes
  on cannot mix two versions). Raises :class:`~overeenkomsten.errors.InputError` (exit 2)
  when the file cannot be used at all.
* ``stream.bestandsproblemen``: problems that belong to no trajectory (missing or unknown
  columns, rows of a joined sheet whose traject_id is in no row of Trajecten, hidden
  rows), complete before the first record is read. A ``fout`` among them makes the file
  invalid (``valideer`` exits 1); it never makes a trajectory valid or invalid.
* ``stream.aantal``: the number of trajectories; ``stream.kolommen``: Trajecten's headers.
* Iterating yields, per trajectory and streaming (memory flat in the row count), one
  :class:`IntakeRij`: ``rij`` (row number: the Excel/ODS row, the CSV line; None for
  JSON), ``index`` (JSON list position), ``traject_id``, ``traject`` (the validated
  :class:`~overeenkomsten.model.Traject`, or None when it has any ``fout``), and
  ``problemen``: ALL its errors and warnings, from every sheet joined by traject_id
  (Trajecten, Werkprocessen, Afronding), each located with ``bestand``, ``blad``, ``rij``,
  ``kolom`` (the header as typed) or ``pad`` (JSON), ``waarde`` (a BSN always masked),
  ``code`` and a Dutch ``bericht``. A trajectory with a problem on any of its sheets is
  invalid: make nothing for ``traject is None``.
* ``ruwe_waarden``: the Trajecten cells by header as typed (BSN masked), for a
  foutenrapport.

``read_intake`` collects a whole file (small files, tests).
"""

from __future__ import annotations

from pathlib import Path

from overeenkomsten.errors import InputError, Problem, os_reason
from overeenkomsten.intake.stroom import Intake, IntakeRij, IntakeStream
from overeenkomsten.register import KwalificatieRegister

__all__ = ["Intake", "IntakeRij", "IntakeStream", "open_intake", "read_intake"]

_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"}


def open_intake(path: Path, register: KwalificatieRegister | None = None) -> IntakeStream:
    """Open an intake file (.xlsx, .ods, .csv or .json) as a stream of records: the one
    validation every command uses (the contract is in this module's docstring)."""
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
