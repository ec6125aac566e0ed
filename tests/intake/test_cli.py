"""The commands valideer and intake-sjabloon: exit codes, Dutch messages, no BSN, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from overeenkomsten.cli import main
from tests.conftest import ROOT, data_path
from tests.intake.conftest import Row, write_workbook

VOORBEELDEN = ROOT / "voorbeelden"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_valid_workbook_exits_0(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    result = run("valideer", str(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen)))
    assert result.exit_code == 0, result.output
    assert "Geen fouten of waarschuwingen in 1 traject." in result.output


def test_errors_exit_1_with_a_table_naming_row_and_column(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    good = {**row, "Traject-ID": "RMT-2", "Einddoel": "diploma"}
    bad = {**row, "BSN kandidaat": "111222334", "Crebo opleiding": "2537"}
    path = write_workbook(tmp_path / "i.xlsx", [good, bad], werkprocessen)
    result = run("valideer", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    bsn_line = next(line for line in lines if "BSN kandidaat" in line)
    assert "Trajecten" in bsn_line
    assert "│ 3 " in bsn_line
    assert "*****2334" in bsn_line
    assert any("Crebo opleiding" in line and "2537" in line for line in lines)
    assert "111222334" not in result.output
    assert lines[-1] == "2 fouten en geen waarschuwingen in 1 van de 2 trajecten."


def test_json_output_has_the_contract_keys(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["BSN kandidaat"] = "111222334"
    row["Naam jobcoach"] = "L. Mulder"
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen)
    result = run("valideer", str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"fouten", "waarschuwingen"}
    assert [(f["rij"], f["kolom"], f["code"]) for f in data["fouten"]] == [
        (2, "BSN kandidaat", "bsn-elfproef"),
        (2, "Organisatie jobcoach", "verplicht"),
    ]
    for item in data["fouten"]:
        assert set(item) == {"bestand", "blad", "rij", "kolom", "pad", "waarde", "code", "bericht"}
    assert data["fouten"][0]["waarde"] == "*****2334"


def test_json_input_reports_paths(tmp_path: Path, record: dict[str, Any]) -> None:
    record["kandidaat"]["bsn"] = "111222334"
    path = tmp_path / "t.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    result = run("valideer", str(path), "--json")
    assert result.exit_code == 1
    (fout,) = json.loads(result.output)["fouten"]
    assert (fout["pad"], fout["blad"], fout["rij"], fout["waarde"]) == (
        "[0].kandidaat.bsn",
        None,
        None,
        "*****2334",
    )


def test_warnings_alone_exit_0(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Opmerking"] = "x"
    result = run("valideer", str(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen)))
    assert result.exit_code == 0
    assert "geen fouten en 1 waarschuwing" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("weg.xlsx", None, "bestaat niet"),
        ("intake.xlsx", b"a;b\n1;2\n", "tekstbestand (bijvoorbeeld CSV)"),
        ("leeg.xlsx", b"", "is leeg"),
        ("kapot.json", b'{"a": }', "regel 1, kolom 7"),
    ],
)
def test_unusable_input_exits_2_with_a_dutch_sentence(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("valideer", str(path))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_encrypted_workbook_in_a_real_process_exits_2_without_traceback() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "overeenkomsten",
            "valideer",
            str(data_path("intake", "versleuteld.xlsx")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "wachtwoord" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_user_register_makes_an_unknown_crebo_an_error(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    register = tmp_path / "codelijst.csv"
    register.write_text("crebo,naam,niveau\n25180,Kok,2\n", encoding="utf-8")
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen)
    result = run("valideer", str(path), "--register", str(register), "--json")
    assert result.exit_code == 1
    codes = {f["code"] for f in json.loads(result.output)["fouten"]}
    assert codes == {"crebo-onbekend"}
    missing = run("valideer", str(path), "--register", str(tmp_path / "weg.csv"))
    assert missing.exit_code == 2
    assert "bestaat niet" in missing.output


def test_intake_sjabloon_writes_refuses_to_overwrite_and_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "nieuw" / "intake.xlsx"
    result = run("intake-sjabloon", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file()
    again = run("intake-sjabloon", str(target))
    assert again.exit_code == 2
    assert "bestaat al" in again.output
    assert run("intake-sjabloon", str(target), "--overschrijf").exit_code == 0
    assert run("intake-sjabloon", str(tmp_path / "intake.csv")).exit_code == 2


def test_empty_template_is_not_an_intake(tmp_path: Path) -> None:
    target = tmp_path / "intake.xlsx"
    assert run("intake-sjabloon", str(target)).exit_code == 0
    result = run("valideer", str(target))
    assert result.exit_code == 2
    assert "bevat geen trajecten" in result.output


def test_example_workbook_and_json_are_valid() -> None:
    for name in ("intake.xlsx", "intake.json"):
        result = run("valideer", str(VOORBEELDEN / name))
        assert result.exit_code == 0, result.output
        assert "Geen fouten of waarschuwingen in 6 trajecten." in result.output


def test_mistakes_workbook_lists_each_mistake_with_row_and_column() -> None:
    result = run("valideer", str(VOORBEELDEN / "fouten.xlsx"), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    found = {(f["blad"], f["rij"], f["kolom"], f["code"]) for f in data["fouten"]}
    assert found == {
        ("Werkprocessen", 8, "Traject-ID", "werkproces-zonder-traject"),
        ("Trajecten", 2, "Traject-ID", "traject-id-dubbel"),
        ("Trajecten", 10, "Traject-ID", "traject-id-dubbel"),
        ("Trajecten", 2, "BSN kandidaat", "bsn-elfproef"),
        ("Trajecten", 3, "Crebo opleiding", "crebo-ongeldig"),
        ("Trajecten", 5, "Einddatum plaatsing", "plaatsing-langer-dan-40-weken"),
        (
            "Trajecten",
            6,
            "Naam wettelijk vertegenwoordiger",
            "wettelijk-vertegenwoordiger-ontbreekt",
        ),
        ("Trajecten", 7, "Achternaam kandidaat", "verplicht"),
        ("Trajecten", 8, "Geboortedatum kandidaat", "datum-bestaat-niet"),
        ("Trajecten", 9, "Niveau opleiding", "niveau-wijkt-af-van-register"),
    }
    assert [(w["rij"], w["code"]) for w in data["waarschuwingen"]] == [
        (4, "ondertekening-na-startdatum"),
        (5, "rmt-vergoeding-langer-dan-40-weken"),
        (6, "kandidaat-jonger-dan-18-bij-start"),
    ]


def test_many_problems_are_printed_one_line_each(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    """Thousands of warnings (a column of phone numbers stored as numbers) are listed in
    full, one line per problem naming row and column, not as a table: rich needed 10 s of
    CPU to lay out a table of 20,000 rows, longer than reading and validating them."""
    rows = [{**row, "Telefoon kandidaat": 31612345678}]
    rows += [
        {**row, "Traject-ID": f"RMT-{n}", "Einddoel": "diploma", "Telefoon kandidaat": 31612345678}
        for n in range(299)
    ]
    path = write_workbook(tmp_path / "i.xlsx", rows, werkprocessen)
    result = run("valideer", str(path))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("waarschuwing: ")]
    assert len(lines) == 300
    for number, line in enumerate(lines, start=2):
        assert line.startswith(f"waarschuwing: i.xlsx, blad Trajecten, rij {number}, ")
        assert "Telefoon kandidaat: Dit telefoonnummer is als getal opgeslagen" in line
    assert "┃" not in result.output
