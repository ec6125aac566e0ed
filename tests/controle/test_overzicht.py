"""Bulk audit: ``controleer`` with several paths or ``--alle``, one overview (JSON, xlsx)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from overeenkomsten.cli import main
from tests.controle.bouw import replace_text

pytestmark = pytest.mark.libreoffice


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def ouder(sets: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A parent folder: two good trajectories (PDF), one with a changed clause (.docx), one
    whose folder name is a formula, and a stray file that is no trajectory."""
    root = tmp_path_factory.mktemp("alle")
    for naam in ("a-goed", "b-goed"):
        (root / naam).mkdir()
        for pdf in sets["basis"].glob("*.pdf"):
            shutil.copy(pdf, root / naam / pdf.name)
    kapot = root / "c-kapot"
    kapot.mkdir()
    for source in sets["basis"].glob("*.docx"):
        shutil.copy(source, kapot / source.name)
    replace_text(next(kapot.glob("*_POK.docx")), "begint op 7 september", "begint op 4 januari")
    formule = root / "=HYPERLINK(1)"
    formule.mkdir()
    for source in sets["diploma"].glob("*.docx"):
        shutil.copy(source, formule / source.name)
    (root / "notities.txt").write_text("geen traject", encoding="utf-8")
    return root


def test_all_trajectories_in_one_json_overview(ouder: Path) -> None:
    result = run("controleer", "--alle", ouder, "--json")
    assert result.exit_code == 1, result.output  # the worst verdict: fouten
    data = json.loads(result.output)
    assert list(data) == ["trajecten"]
    rows = {Path(r["pad"]).name: r for r in data["trajecten"]}
    assert sorted(rows) == ["=HYPERLINK(1)", "a-goed", "b-goed", "c-kapot"]
    assert {r["oordeel"] for n, r in rows.items() if n.endswith("goed")} == {"onvolledig"}
    assert rows["c-kapot"]["oordeel"] == "fouten"
    assert any(
        b["regel"] == "X15" and "POK artikel 2.1" in b["bericht"]
        for b in rows["c-kapot"]["bevindingen"]
    )
    for row in rows.values():
        assert set(row) >= {"pad", "oordeel", "bevindingen"}


def test_several_paths_and_exit_code_of_the_worst(ouder: Path) -> None:
    good = run("controleer", ouder / "a-goed", ouder / "b-goed", "--json")
    assert good.exit_code == 0, good.output
    assert [r["oordeel"] for r in json.loads(good.output)["trajecten"]] == ["onvolledig"] * 2
    strict = run("controleer", ouder / "a-goed", ouder / "b-goed", "--streng")
    assert strict.exit_code == 1
    assert "2 trajecten: 0 in orde, 2 onvolledig, 0 met fouten." in strict.output


def test_one_path_keeps_the_single_report_shape(ouder: Path) -> None:
    result = run("controleer", ouder / "a-goed", "--json")
    data = json.loads(result.output)
    assert data["oordeel"] == "onvolledig"
    assert "trajecten" not in data


def test_xlsx_overview_one_row_per_trajectory_no_formulas(
    ouder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ouder)  # relative paths: a folder name is the cell's first character
    uit = tmp_path / "overzicht.xlsx"
    result = run("controleer", "--alle", ".", "--xlsx", uit)
    assert result.exit_code == 1, result.output
    assert f"Overzicht geschreven: {uit}" in result.output
    workbook = load_workbook(uit)
    assert workbook.sheetnames == ["Trajecten", "Bevindingen"]
    trajecten = list(workbook["Trajecten"].iter_rows(values_only=True))
    assert trajecten[0][:6] == (
        "Pad",
        "Traject",
        "Oordeel",
        "Fouten",
        "Waarschuwingen",
        "Niet gecontroleerd",
    )
    assert len(trajecten) == 5
    kapot = next(r for r in trajecten if str(r[0]).endswith("c-kapot"))
    assert kapot[2] == "fouten"
    assert isinstance(kapot[3], int)
    assert kapot[3] >= 1
    bevindingen = list(workbook["Bevindingen"].iter_rows(values_only=True))
    assert any(r[2] == "X15" and "c-kapot" in str(r[0]) for r in bevindingen[1:])
    assert any(r[0] == "'=HYPERLINK(1)" for r in trajecten)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value


def test_missing_path_on_the_command_line_is_unusable_input(ouder: Path) -> None:
    result = run("controleer", ouder / "a-goed", ouder / "bestaat-niet")
    assert result.exit_code == 2


def test_cells_are_text_and_a_bsn_is_masked() -> None:
    from overeenkomsten.controle.overzicht import safe_cell

    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("BSN 111222333 gevonden") == "BSN *****2333 gevonden"
    assert safe_cell(3) == 3
