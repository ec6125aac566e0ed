"""``batch`` on the command line: exit codes, progress lines, Dutch summary."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.batch.helpers import records, write_intake


def _batch(intake: Path, uit: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "overeenkomsten",
            "batch",
            str(intake),
            "--uit",
            str(uit),
            "--geen-pdf",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_all_good_rows_exit_0_with_progress_and_summary(
    record_data: dict[str, Any], tmp_path: Path
) -> None:
    intake = write_intake(tmp_path / "intake.xlsx", records(record_data, 3))
    result = _batch(intake, tmp_path / "uit", "--werkers", "1")
    assert result.returncode == 0, result.stderr
    assert "3 van 3 rijen klaar" in result.stderr  # plain progress lines when not a terminal
    assert "3 rijen: 3 gemaakt, 0 ongewijzigd, 0 met fouten." in result.stdout
    again = _batch(intake, tmp_path / "uit", "--werkers", "1")
    assert "3 rijen: 0 gemaakt, 3 ongewijzigd, 0 met fouten." in again.stdout


def test_a_bad_row_exits_1_and_names_row_and_column(
    record_data: dict[str, Any], tmp_path: Path
) -> None:
    rows = records(record_data, 2)
    bad = copy.deepcopy(rows[1])
    bad["traject_id"] = "RMT-FOUT"
    bad["opleiding"]["crebo"] = "2537"
    intake = write_intake(tmp_path / "intake.xlsx", [*rows, bad])
    result = _batch(intake, tmp_path / "uit")
    assert result.returncode == 1
    assert "3 rijen: 2 gemaakt, 0 ongewijzigd, 1 met fouten." in result.stdout
    assert "RMT-FOUT" in result.stdout
    assert "Crebo opleiding: Een crebonummer heeft precies 5 cijfers" in result.stdout
    assert (tmp_path / "uit" / "foutenrapport.xlsx").is_file()


def test_unusable_input_exits_2_in_dutch(tmp_path: Path) -> None:
    notes = tmp_path / "intake.xlsx"
    notes.write_text("traject_id;naam\nA;B\n", encoding="utf-8")
    result = _batch(notes, tmp_path / "uit")
    assert result.returncode == 2
    assert "Fout:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "uit" / "samenvatting.json").exists()
