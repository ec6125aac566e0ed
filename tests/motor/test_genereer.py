"""``genereer --traject ID`` makes that one trajectory and answers for it alone: another
trajectory's errors (its rows, a Werkprocessen row of an id that does not exist) do not
make it exit 1."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl

from tests.batch.helpers import records, write_intake
from tests.cli.systeem import run


def test_genereer_one_trajectory_ignores_the_errors_of_others(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    goed, fout = records(record_data, 2)
    fout = copy.deepcopy(fout)
    fout["startdatum"] = "2031-01-01"  # after the einddatum: an error of that trajectory
    intake = write_intake(tmp_path / "intake.xlsx", [goed, fout])
    book = openpyxl.load_workbook(intake)
    book["Werkprocessen"].append(["RMT-BESTAAT-NIET", "25371", "B1-K1-W1"])
    book.save(intake)
    assert run("valideer", intake).code == 1  # the file as a whole has errors

    result = run("genereer", intake, "--uit", tmp_path / "uit", "--traject", goed["traject_id"],
                 "--geen-pdf")  # fmt: skip
    assert result.code == 0, result
    assert (tmp_path / "uit" / goed["traject_id"] / "traject.json").is_file()
    assert not (tmp_path / "uit" / fout["traject_id"]).exists()
    assert fout["traject_id"] not in result.output

    other = run("genereer", intake, "--uit", tmp_path / "uit2", "--traject", fout["traject_id"],
                "--geen-pdf")  # fmt: skip
    assert other.code == 1, other
