"""Reading a user's table as rows of ``header -> value``: CSV here, .xlsx via the workbook reader.

Used for the lists users download themselves (SBB's codelijst, SBB's erkenningen).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

from overeenkomsten.basis.werkboek import read_table as read_workbook_table
from overeenkomsten.errors import InputError


def read_csv_table(path: Path, omschrijving: str) -> Iterator[dict[str, str]]:
    """Rows of a UTF-8 CSV file with ``,``, ``;`` or tab, its delimiter sniffed.

    ``omschrijving`` names the file in the Dutch error (``het kwalificatieregister``).
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
            yield from csv.DictReader(handle, dialect=dialect)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(
            f"{omschrijving[:1].upper()}{omschrijving[1:]} '{path}' is geen leesbaar "
            "CSV-bestand (UTF-8).",
            code="csv-onleesbaar",
        ) from exc


def read_table(path: Path, omschrijving: str) -> Iterator[Mapping[str, object]]:
    """Rows of a .csv or .xlsx table (the first sheet of a workbook)."""
    if path.suffix.lower() == ".csv":
        yield from read_csv_table(path, omschrijving)
        return
    yield from read_workbook_table(path)
