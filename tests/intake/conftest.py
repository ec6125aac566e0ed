"""Helpers for the intake tests: real workbooks written with openpyxl (and LibreOffice)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from overeenkomsten.intake.kolommen import KOPPEN, KOPPEN_WERKPROCESSEN, flatten

Row = dict[str, Any] | None  # header -> value; None writes an empty row


def write_workbook(
    path: Path,
    trajecten: Sequence[Row],
    werkprocessen: Sequence[Row] | None = None,
    *,
    blad: str = "Trajecten",
    headers: Sequence[str] | None = None,
    wp_headers: Sequence[str] | None = None,
) -> Path:
    """An intake workbook as a user's spreadsheet program would hold it (no template)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = blad
    _fill(sheet, trajecten, headers)
    if werkprocessen is not None:
        _fill(book.create_sheet("Werkprocessen"), werkprocessen, wp_headers)
    book.save(path)
    return path


def _fill(sheet: Any, rows: Sequence[Row], headers: Sequence[str] | None) -> None:
    if headers is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row or {}))
        headers = list(seen)
    sheet.append(list(headers))
    for number, row in enumerate(rows, start=2):
        for index, header in enumerate(headers, start=1):
            value = (row or {}).get(header)
            if value is not None:
                sheet.cell(row=number, column=index, value=value)


def dutch_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as one row with the Dutch headers (werkprocessen left out)."""
    return {KOPPEN[pad]: value for pad, value in flatten(record).items()}


def werkproces_rows(record: dict[str, Any]) -> list[Row]:
    return [
        {
            KOPPEN_WERKPROCESSEN["traject_id"]: record["traject_id"],
            **{KOPPEN_WERKPROCESSEN[k]: v for k, v in w.items()},
        }
        for w in record["werkprocessen"]
    ]


@pytest.fixture
def row(record: dict[str, Any]) -> dict[str, Any]:
    return dutch_row(record)


@pytest.fixture
def werkprocessen(record: dict[str, Any]) -> list[Row]:
    return werkproces_rows(record)


def convert_with_libreoffice(
    soffice: str,
    files: Sequence[Path],
    outdir: Path,
    *,
    csv: bool = False,
    target: str = "xlsx:Calc MS Excel 2007 XML",
) -> None:
    """Convert ``files`` in one LibreOffice start, with a private profile.

    With ``csv`` the files are read as UTF-8 CSV with commas (the filter applies to all).
    """
    profile = outdir / "lo-profiel"
    env = {**os.environ, "HOME": str(outdir)}
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            *(["--infilter=CSV:44,34,76,1"] if csv else []),
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    suffix = target.split(":")[0]
    missing = [f for f in files if not (outdir / f"{f.stem}.{suffix}").is_file()]
    if missing:
        if "source file could not be loaded" in result.stderr and not os.environ.get("CI"):
            pytest.skip("LibreOffice Calc is niet geinstalleerd (alleen Writer)")
        pytest.fail(f"LibreOffice maakte geen {suffix} van {missing}: {result.stderr}")
