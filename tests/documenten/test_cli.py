"""``overeenkomsten genereer``: the real command, its output and exit codes."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook

from overeenkomsten.cli import main


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    """The command in this process (fast); :func:`_subprocess` runs the real program."""
    return CliRunner().invoke(main, list(args), env=env)


def _subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "overeenkomsten", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _json(tmp_path: Path, data: Any, name: str = "invoer.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _invalid(record: dict[str, Any]) -> dict[str, Any]:
    bad = copy.deepcopy(record)
    bad["traject_id"] = "RMT-FOUT-1"
    bad["opleiding"]["crebo"] = "2537"
    bad["einddatum"] = "2026-01-01"
    return bad


def test_genereer_writes_docx_only_with_geen_pdf(tmp_path: Path, record: dict[str, Any]) -> None:
    result = _run("genereer", str(_json(tmp_path, record)), "--uit", str(tmp_path / "uit"),
                  "--geen-pdf")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "uit" / "RMT-TW-2026-0042"
    # No afronding yet: OOK, POK and PLOK; the PV comes with the afronding (domein.md v2).
    assert sorted(p.suffix for p in _visible(folder)) == [".docx"] * 3 + [".json"]
    assert "1 traject gemaakt in" in result.stdout


@pytest.mark.libreoffice
def test_invalid_record_gets_nothing_and_the_same_messages_as_valideer(
    soffice: str, tmp_path: Path, record: dict[str, Any]
) -> None:
    invoer = _json(tmp_path, [record, _invalid(record)])
    uit = tmp_path / "uit"
    result = _subprocess("genereer", str(invoer), "--uit", str(uit))
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in _visible(uit)) == ["RMT-TW-2026-0042"]
    made = sorted(p.suffix for p in _visible(uit / "RMT-TW-2026-0042"))
    assert made == [".docx"] * 3 + [".json"] + [".pdf"] * 3
    valideer = _subprocess("valideer", str(invoer))
    assert valideer.returncode == 1
    assert result.stdout.startswith(valideer.stdout)
    assert "[1].opleiding.crebo" in result.stdout
    assert "1 traject gemaakt" in result.stdout
    assert "1 ongeldig" in result.stdout


def test_traject_option_selects_one_record(tmp_path: Path, record: dict[str, Any]) -> None:
    other = dict(copy.deepcopy(record), traject_id="RMT-ANDER-2")
    invoer = _json(tmp_path, [record, other, _invalid(record)])
    uit = tmp_path / "uit"
    result = _run("genereer", str(invoer), "--uit", str(uit), "--traject", "RMT-ANDER-2",
                  "--geen-pdf")  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    assert [p.name for p in _visible(uit)] == ["RMT-ANDER-2"]

    unknown = _run("genereer", str(invoer), "--uit", str(uit), "--traject", "RMT-GEEN",
                   "--geen-pdf")  # fmt: skip
    assert unknown.exit_code == 2
    assert "Het traject 'RMT-GEEN' staat niet in" in unknown.stderr


def test_missing_libreoffice_stops_with_exit_2_before_writing(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {"PATH": str(bin_dir)}
    uit = tmp_path / "uit"
    result = _run("genereer", str(_json(tmp_path, record)), "--uit", str(uit), env=env)
    assert result.exit_code == 2
    assert "LibreOffice (soffice) is niet gevonden" in result.stderr
    assert "--geen-pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert not uit.exists() or not any(_visible(uit))


def test_missing_input_is_exit_2(tmp_path: Path) -> None:
    result = _run("genereer", str(tmp_path / "weg.json"), "--uit", str(tmp_path / "uit"))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        elif not isinstance(value, list):
            flat[f"{prefix}{key}"] = value
    return flat


def test_genereer_reads_an_excel_workbook(tmp_path: Path, record: dict[str, Any]) -> None:
    record["jobcoach"] = {"naam": "L. Mulder", "organisatie": "Jobcoach Oost"}
    flat = _flatten(record)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Trajecten"
    sheet.append(list(flat))
    sheet.append(list(flat.values()))
    werkprocessen = workbook.create_sheet("Werkprocessen")
    werkprocessen.append(["traject_id", "code", "titel", "crebo"])
    for wp in record["werkprocessen"]:
        werkprocessen.append([record["traject_id"], wp["code"], wp["titel"], wp["crebo"]])
    invoer = tmp_path / "intake.xlsx"
    workbook.save(invoer)
    result = _run("genereer", str(invoer), "--uit", str(tmp_path / "uit"), "--geen-pdf")
    assert result.exit_code == 0, result.stdout + result.stderr
    saved = json.loads((tmp_path / "uit" / "RMT-TW-2026-0042" / "traject.json").read_text())
    assert saved["jobcoach"] == record["jobcoach"]
    assert [wp["code"] for wp in saved["werkprocessen"]] == ["B1-K1-W1", "B1-K1-W3"]


def _visible(folder: Path) -> list[Path]:
    """The entries a user sees (not the tool's own ``.overeenkomsten`` bookkeeping)."""
    return [p for p in folder.iterdir() if not p.name.startswith(".")]
