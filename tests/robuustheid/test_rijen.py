"""Hostile rows in a batch: each costs only its own row, and nothing in them is executed.

The workbook is saved as Excel saves (texts in the shared-strings table); control
characters are written the way Excel writes them (``_x0000_``).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from overeenkomsten.intake.kolommen import KOPPEN
from overeenkomsten.paden import safe_name
from tests.batch.helpers import records, write_intake
from tests.robuustheid import vijandig
from tests.robuustheid.cli import CliRun, assert_clean, run_cli
from tests.robuustheid.vijandig import Tekst

LINK = '=HYPERLINK("http://evil.example/x","klik")'
FORMULE_ID = '=HYPERLINK("http://evil.example/y","klik")'
LANG = 50_000
#: Excel row -> (what is hostile, expected status)
RIJEN = {
    6: ("right-to-left override en een formule als tekst", "fout"),
    7: ("NUL-teken", "fout"),
    8: (f"{LANG} tekens", "fout"),
    9: ("escape-teken voor de terminal", "fout"),
    10: ("traject-ID is een formule zonder uitkomst", "fout"),
    11: ("traject-ID dat met = begint, als tekst", "gemaakt"),
    12: ("achternaam die een formule lijkt, als tekst", "gemaakt"),
}


RAUW = {
    "PLEK-NUL": b"Jan_x0000_sen",
    "PLEK-LANG": b"B" * LANG,
    "PLEK-ESC": b"_x001B_[2J_x001B_[31mEnschede",
}


@pytest.fixture(scope="module")
def batch(
    tmp_path_factory: pytest.TempPathFactory,
    intake_records: list[dict[str, Any]],
    record_data: dict[str, Any],
) -> tuple[Path, CliRun, Path]:
    folder = tmp_path_factory.mktemp("rijen")
    hostile = records(record_data, len(RIJEN), prefix="RMT-V")
    base = write_intake(folder / "basis.xlsx", [*intake_records, *hostile])
    path = vijandig.set_cells(
        base,
        folder / "intake.xlsx",
        {
            (6, "kandidaat.voornamen"): "\u202eamtaF",
            (6, "kandidaat.achternaam"): Tekst(LINK),
            (7, "kandidaat.achternaam"): "PLEK-NUL",
            (8, "kandidaat.achternaam"): "PLEK-LANG",
            (9, "kandidaat.woonplaats"): "PLEK-ESC",
            (10, "traject_id"): FORMULE_ID,
            (11, "traject_id"): Tekst("=1+2"),
            (12, "kandidaat.achternaam"): Tekst("=1+2"),
        },
    )
    excel = vijandig.to_shared_strings(path, folder / "excel.xlsx")
    vijandig.raw_text(excel, "xl/sharedStrings.xml", RAUW)
    vijandig.raw_text(path, "xl/worksheets/sheet1.xml", RAUW)  # texts in their cells
    uit = folder / "uit"
    run = run_cli("batch", excel, "--uit", uit, "--geen-pdf", "--werkers", "1")
    return uit, run, path


def test_only_the_hostile_rows_are_lost(batch: tuple[Path, CliRun, Path]) -> None:
    uit, run, _ = batch
    assert_clean(run, 1, "11 rijen: 6 gemaakt, 0 ongewijzigd, 5 met fouten.")
    summary = json.loads((uit / "samenvatting.json").read_text("utf-8"))
    status = {row["rij"]: row["status"] for row in summary["rijen"]}
    assert status == {2: "gemaakt", 3: "gemaakt", 4: "gemaakt", 5: "gemaakt"} | {
        rij: verwacht for rij, (_, verwacht) in RIJEN.items()
    }
    fouten = {row["rij"]: " ".join(row["fouten"]) for row in summary["rijen"]}
    assert "(U+202E)" in fouten[6]
    assert "(U+0000)" in fouten[7]
    assert f"De tekst is te lang ({LANG} tekens, hoogstens 500)" in fouten[8]
    assert "(U+001B)" in fouten[9]
    assert "formule (=HYPERLINK" in fouten[10]


def test_console_shows_no_raw_control_characters(batch: tuple[Path, CliRun, Path]) -> None:
    _, run, _ = batch
    for character in ("\x00", "\x1b", "\u202e"):
        assert character not in run.output


def test_formula_looking_texts_stay_text(batch: tuple[Path, CliRun, Path]) -> None:
    uit, _, _ = batch
    folder = uit / safe_name("=1+2")
    assert folder.name != "=1+2"
    record = json.loads((folder / "traject.json").read_text("utf-8"))
    assert record["traject_id"] == "=1+2"
    lines = list(
        csv.reader(io.StringIO((uit / "samenvatting.csv").read_text("utf-8-sig")), delimiter=";")
    )
    ids = [line[1] for line in lines[1:]]
    assert "'=1+2" in ids, "a cell starting with = is quoted for spreadsheet programs"
    made = json.loads((uit / "RMT-V-0006" / "traject.json").read_text("utf-8"))
    assert made["kandidaat"]["achternaam"] == "=1+2"


def test_error_report_holds_the_formulas_as_text(batch: tuple[Path, CliRun, Path]) -> None:
    uit, _, _ = batch
    report = uit / "foutenrapport.xlsx"
    with zipfile.ZipFile(report) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in package.read(n) or b"<f " in package.read(n) for n in sheets)
    book = openpyxl.load_workbook(report)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    achternaam = headers.index(KOPPEN["kandidaat.achternaam"])
    traject_id = headers.index(KOPPEN["traject_id"])
    assert (rows[6][achternaam].value, rows[6][achternaam].data_type) == (LINK, "s")
    assert (rows[10][traject_id].value, rows[10][traject_id].data_type) == (FORMULE_ID, "s")
    assert rows[7][achternaam].value == "Jan<U+0000>sen"
    assert len(rows[8][achternaam].value) <= 32_767  # what Excel can hold in a cell


def test_escapes_in_texts_stored_in_cells_are_decoded_too(
    batch: tuple[Path, CliRun, Path],
) -> None:
    """openpyxl (and other programs) store texts in the cell itself, not in the table."""
    _, _, inline = batch
    run = run_cli("valideer", "--json", inline)
    assert_clean(run, 1)
    fouten = {(f["rij"], f["waarde"]): f["code"] for f in json.loads(run.stdout)["fouten"]}
    assert fouten[7, "Jan\x00sen"] == "tekst-ongeldig-teken"
    assert fouten[9, "\x1b[2J\x1b[31mEnschede"] == "tekst-ongeldig-teken"
