"""The batch: valid rows made, bad rows reported cell by cell, reruns, crashes, workers."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from overeenkomsten.api import batch as run_batch
from overeenkomsten.intake.kolommen import KOPPEN
from tests.batch.helpers import records, write_intake

VALID = 48


def _bad_rows(base: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[tuple[int, str]]]:
    """Six kinds of mistakes (eight rows), and the cells (Excel row, header) they must mark."""
    bad = copy.deepcopy(base[:7])
    for number, record in enumerate(bad):
        record["traject_id"] = f"RMT-FOUT-{number}"
    bad[0]["kandidaat"]["bsn"] = "123456789"
    bad[1]["opleiding"]["crebo"] = "2537"
    bad[2]["einddatum"] = "2027-06-14"
    bad[3]["kandidaat"]["geboortedatum"] = "2010-01-01"
    bad[4]["kandidaat"]["achternaam"] = None
    bad[5]["traject_id"] = bad[6]["traject_id"] = "RMT-DUBBEL"
    dup = copy.deepcopy(bad[5])
    rows = [*bad[:6], dup]
    first = VALID + 2  # bad rows follow the valid ones
    expected = {
        (first, KOPPEN["kandidaat.bsn"]),
        (first + 1, KOPPEN["opleiding.crebo"]),
        (first + 2, KOPPEN["plaatsing_einddatum"]),
        (first + 3, KOPPEN["kandidaat.wettelijk_vertegenwoordiger.naam"]),
        (first + 4, KOPPEN["kandidaat.achternaam"]),
        (first + 5, KOPPEN["traject_id"]),
        (first + 6, KOPPEN["traject_id"]),
    }
    return rows, expected


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, record_data: dict[str, Any]) -> Any:
    folder = tmp_path_factory.mktemp("batch")
    valid = records(record_data, VALID)
    bad, expected = _bad_rows(valid)
    path = write_intake(folder / "intake.xlsx", [*valid, *bad])
    return path, valid, expected


@pytest.fixture(scope="module")
def first_run(workbook: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path, _, _ = workbook
    uit = tmp_path_factory.mktemp("uit")
    return uit, run_batch(path, uit, pdf=False, werkers=2)


def _marked_cells(report: Path) -> set[tuple[int, str]]:
    book = openpyxl.load_workbook(report)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    marked = set()
    for row in sheet.iter_rows(min_row=2):
        original = row[0].value
        for cell in row[1:]:
            if cell.fill.fgColor.rgb.endswith("FFC7CE"):
                assert cell.comment is not None
                assert cell.comment.text
                marked.add((original, headers[cell.column - 1]))
    return marked


def test_every_row_is_accounted_for(first_run: Any) -> None:
    uit, result = first_run
    totals = result.totalen
    assert totals == {"rijen": VALID + 7, "gemaakt": VALID, "fout": 7, "ongewijzigd": 0}
    summary = json.loads((uit / "samenvatting.json").read_text("utf-8"))
    assert summary["totalen"] == totals
    assert [r["rij"] for r in summary["rijen"]] == list(range(2, VALID + 9))
    csv_lines = (uit / "samenvatting.csv").read_text("utf-8-sig").splitlines()
    assert len(csv_lines) == VALID + 8


def test_valid_rows_get_complete_sets(first_run: Any, workbook: Any) -> None:
    uit, _ = first_run
    _, valid, _ = workbook
    for record in valid:
        folder = uit / record["traject_id"]
        # v2: the PV only once the record has an afronding (none of these has one yet)
        assert "afronding" not in record or record["afronding"] is None
        documents = ("OOK", "POK", "PLOK")
        expected = {f"{record['traject_id']}_{d}.docx" for d in documents} | {"traject.json"}
        assert {p.name for p in folder.iterdir() if not p.name.startswith(".")} == expected
    assert not (uit / "RMT-FOUT-0").exists()
    assert not (uit / "RMT-DUBBEL").exists()


def test_report_marks_exactly_the_wrong_cells(first_run: Any, workbook: Any) -> None:
    uit, _ = first_run
    _, _, expected = workbook
    assert _marked_cells(uit / "foutenrapport.xlsx") == expected


def test_report_masks_the_bsn_and_lists_every_error(first_run: Any) -> None:
    uit, result = first_run
    book = openpyxl.load_workbook(uit / "foutenrapport.xlsx")
    text = " ".join(
        str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
    )
    assert "123456789" not in text
    assert "*****6789" in text
    overview = book["Fouten"]
    assert overview.max_row - 1 == sum(len(r.fouten) for r in result.rijen() if r.status == "fout")


def test_rerun_skips_and_a_changed_row_is_remade(workbook: Any, tmp_path: Path) -> None:
    path, valid, _ = workbook
    small = write_intake(tmp_path / "klein.xlsx", valid[:6])
    uit = tmp_path / "uit"
    assert run_batch(small, uit, pdf=False, werkers=1).totalen["gemaakt"] == 6
    again = run_batch(small, uit, pdf=False, werkers=1)
    assert again.totalen == {"rijen": 6, "gemaakt": 0, "fout": 0, "ongewijzigd": 6}
    changed = copy.deepcopy(valid[:6])
    changed[2]["kandidaat"]["woonplaats"] = "Almelo"
    # Only the BSN differs: it must still count as a change (keyed fingerprint).
    changed[4]["kandidaat"]["bsn"] = "111222333"
    write_intake(small, changed)
    third = run_batch(small, uit, pdf=False, werkers=1)
    assert [r.status for r in third.rijen()] == [
        "ongewijzigd",
        "ongewijzigd",
        "gemaakt",
        "ongewijzigd",
        "gemaakt",
        "ongewijzigd",
    ]
    record = json.loads((uit / changed[2]["traject_id"] / "traject.json").read_text("utf-8"))
    assert record["kandidaat"]["woonplaats"] == "Almelo"
    assert run_batch(small, uit, pdf=False, werkers=1, opnieuw=True).totalen["gemaakt"] == 6


def _tree(uit: Path) -> dict[str, bytes]:
    """Every output file but the folder's own state (its key and the keyed fingerprints,
    which differ per output folder by design); .docx files are deterministic."""
    return {
        str(p.relative_to(uit)): _content(p)
        for p in sorted(uit.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(uit).parts)
    }


def _content(path: Path) -> bytes:
    """File bytes; for the .xlsx report its cells (openpyxl stamps the save time)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    book = openpyxl.load_workbook(path)
    cells = [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]
    return repr(cells).encode()


def test_output_does_not_depend_on_the_number_of_workers(
    first_run: Any, workbook: Any, tmp_path: Path
) -> None:
    uit, _ = first_run
    path, _, _ = workbook
    single = tmp_path / "een"
    run_batch(path, single, pdf=False, werkers=1)
    one, two = _tree(single), _tree(uit)
    assert one.keys() == two.keys()
    differing = [name for name in one if one[name] != two[name] and not name.startswith("fouten")]
    assert differing == []


def test_killed_batch_resumes_to_the_same_result(
    first_run: Any, workbook: Any, tmp_path: Path
) -> None:
    uit_clean, _ = first_run
    path, _, _ = workbook
    uit = tmp_path / "afgebroken"
    process = subprocess.Popen(
        [sys.executable, "-m", "overeenkomsten", "batch", str(path), "--uit", str(uit),
         "--geen-pdf", "--werkers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        made = [p for p in uit.glob("RMT-B-*") if p.is_dir()] if uit.exists() else []
        if len(made) >= 5:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    folders = [p for p in uit.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert 0 < len(folders) < VALID, "the batch should have been killed midway"
    for folder in folders:  # files are put in place one by one: whatever exists is whole
        for docx in folder.glob("*.docx"):
            with zipfile.ZipFile(docx) as package:
                assert package.testzip() is None
        if (folder / "traject.json").exists():
            json.loads((folder / "traject.json").read_text(encoding="utf-8"))
    assert not (uit / "samenvatting.json").exists()
    result = run_batch(path, uit, pdf=False, werkers=2)
    assert result.totalen["gemaakt"] + result.totalen["ongewijzigd"] == VALID
    assert _tree(uit) == _tree(uit_clean)


def test_a_second_batch_on_the_same_folder_is_refused(workbook: Any, tmp_path: Path) -> None:
    import fcntl

    from overeenkomsten.errors import InputError

    path, _, _ = workbook
    uit = tmp_path / "uit"
    uit.mkdir()
    descriptor = os.open(uit, os.O_RDONLY)  # the run lock is a flock on the folder itself
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        with pytest.raises(InputError, match="draait al een opdracht"):
            run_batch(path, uit, pdf=False, werkers=1)
    finally:
        os.close(descriptor)


def test_valideer_writes_the_same_foutenrapport_as_batch(
    first_run: Any, workbook: Any, tmp_path: Path
) -> None:
    """The web's intake page offers valideer's foutenrapport: the batch's, cell for cell."""
    from overeenkomsten.api import valideer, valideer_met_foutenrapport

    uit, _ = first_run
    path, _, expected = workbook
    rapport = valideer_met_foutenrapport(path, tmp_path / "foutenrapport.xlsx")
    assert rapport.as_json() == valideer(path).as_json()
    assert rapport.trajecten_met_fouten == 7
    assert _marked_cells(tmp_path / "foutenrapport.xlsx") == expected

    def cells(report: Path) -> list[list[object]]:
        book = openpyxl.load_workbook(report)
        return [[c.value for c in row] for ws in book.worksheets for row in ws.iter_rows()]

    assert cells(tmp_path / "foutenrapport.xlsx") == cells(uit / "foutenrapport.xlsx")


def test_a_valid_file_gets_no_foutenrapport(workbook: Any, tmp_path: Path) -> None:
    from overeenkomsten.api import valideer_met_foutenrapport

    _, valid, _ = workbook
    small = write_intake(tmp_path / "goed.xlsx", valid[:2])
    assert valideer_met_foutenrapport(small, tmp_path / "foutenrapport.xlsx").geldig
    assert not (tmp_path / "foutenrapport.xlsx").exists()
