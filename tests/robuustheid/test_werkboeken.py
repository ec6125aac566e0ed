"""Hostile workbooks through ``valideer`` and ``batch``: a Dutch message, the contract's exit
code, no traceback, bounded time and memory, and nothing written for an unusable input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import data_path
from tests.robuustheid import vijandig
from tests.robuustheid.cli import CliRun, assert_clean, run_many

#: name -> what the message must say; every one is exit 2 (unusable input) for both commands.
ONBRUIKBAAR = {
    "afgebroken.xlsx": "is beschadigd",
    "zip-bom.xlsx": "(mogelijk een zip-bom). Het wordt niet geopend.",
    "sterk-samengeperst.xlsx": "verdacht sterk samengeperst",
    "zip-bom-liegt.xlsx": "is beschadigd en kan niet worden gelezen",
    "miljoen-rijen.xlsx": "heeft meer dan 100.000 rijen",
    "miljoen-dimensie.xlsx": "heeft meer dan 100.000 rijen",
    "versleuteld.xlsx": "is beveiligd met een wachtwoord",
    "csv-hernoemd.xlsx": "is een tekstbestand (bijvoorbeeld CSV), geen Excel-werkboek",
}


#: The batch opens its input as valideer does; these show that it refuses the same way.
IN_BATCH = {
    "afgebroken.xlsx",
    "zip-bom.xlsx",
    "miljoen-rijen.xlsx",
    "versleuteld.xlsx",
    "csv-hernoemd.xlsx",
    "macro.xlsm",
    "formules.xlsx",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, goed_werkboek: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("werkboeken")
    bom = vijandig.shared_strings_bomb(goed_werkboek, folder / "zip-bom.xlsx", 210)
    files = {
        "afgebroken.xlsx": vijandig.truncated(goed_werkboek, folder / "afgebroken.xlsx"),
        "zip-bom.xlsx": bom,
        "sterk-samengeperst.xlsx": vijandig.shared_strings_bomb(
            goed_werkboek, folder / "sterk-samengeperst.xlsx", 20
        ),
        # The directory claims 100 KB; the data unpacks to 210 MB.
        "zip-bom-liegt.xlsx": vijandig.lying_sizes(
            bom, folder / "zip-bom-liegt.xlsx", "xl/sharedStrings.xml", 100_000
        ),
        "miljoen-rijen.xlsx": vijandig.million_rows(goed_werkboek, folder / "miljoen-rijen.xlsx"),
        "miljoen-dimensie.xlsx": vijandig.claimed_dimension(
            goed_werkboek, folder / "miljoen-dimensie.xlsx"
        ),
        "versleuteld.xlsx": data_path("intake", "versleuteld.xlsx"),
        "csv-hernoemd.xlsx": folder / "csv-hernoemd.xlsx",
        "macro.xlsm": vijandig.with_macros(goed_werkboek, folder / "macro.xlsm"),
        "formules.xlsx": vijandig.set_cells(
            goed_werkboek,
            folder / "formules.xlsx",
            {
                (2, "kandidaat.voornamen"): '=UPPER("fatma")',
                (3, "kandidaat.geboortedatum"): "#N/A",
                (4, "opleiding.crebo"): "=1/0",
            },
        ),
    }
    files["csv-hernoemd.xlsx"].write_text("Traject-ID;Einddoel\nRMT-1;diploma\n", encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def runs(corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every file through both commands, three at a time (most of a run is start-up)."""
    uit = tmp_path_factory.mktemp("uit")
    commands: dict[str, list[str | Path]] = {}
    commands["valideer --json formules.xlsx"] = ["valideer", "--json", corpus["formules.xlsx"]]
    for name, path in corpus.items():
        commands[f"valideer {name}"] = ["valideer", path]
        if name not in IN_BATCH:
            continue
        commands[f"batch {name}"] = [
            "batch", path, "--uit", uit / name, "--geen-pdf", "--werkers", "1",
        ]  # fmt: skip
    return {"uit": uit, **run_many(commands)}


@pytest.mark.parametrize(
    ("command", "name"),
    [("valideer", name) for name in sorted(ONBRUIKBAAR)]
    + [("batch", name) for name in sorted(ONBRUIKBAAR) if name in IN_BATCH],
)
def test_unusable_workbook_is_refused(
    runs: dict[str, Any], corpus: dict[str, Path], command: str, name: str
) -> None:
    run: CliRun = runs[f"{command} {name}"]
    assert_clean(run, 2, "Fout: ", ONBRUIKBAAR[name], corpus[name].name)
    assert run.stdout == ""
    if command == "batch":
        assert not (runs["uit"] / name).exists(), "a refused batch writes nothing"


def test_bombs_are_refused_without_unpacking(runs: dict[str, Any]) -> None:
    """210 MB would show in the memory use; the refusal comes from the zip directory."""
    for name in ("zip-bom.xlsx", "sterk-samengeperst.xlsx", "zip-bom-liegt.xlsx"):
        run: CliRun = runs[f"valideer {name}"]
        assert run.max_rss_mb < 250, run.describe()


def test_macro_workbook_is_read_as_data(runs: dict[str, Any]) -> None:
    """An .xlsm is read for its cells; its VBA project is never opened, let alone run."""
    assert_clean(runs["valideer macro.xlsm"], 0, "Geen fouten of waarschuwingen in 4 trajecten.")
    batch: CliRun = runs["batch macro.xlsm"]
    assert_clean(batch, 0, "4 rijen: 4 gemaakt")
    made = runs["uit"] / "macro.xlsm"
    assert not [p for p in made.rglob("*") if "vba" in p.name.lower()]


def test_formulas_and_excel_errors_cost_only_their_rows(runs: dict[str, Any]) -> None:
    assert_clean(runs["valideer formules.xlsx"], 1, "3 fouten en geen waarschuwingen")
    valideer: CliRun = runs["valideer --json formules.xlsx"]
    assert_clean(valideer, 1)
    fouten = {
        (f["rij"], f["code"], f["waarde"]): f["bericht"]
        for f in json.loads(valideer.stdout)["fouten"]
    }
    assert set(fouten) == {
        (2, "cel-formule-zonder-waarde", '=UPPER("fatma")'),
        (3, "cel-excel-fout", "#N/A"),
        (4, "cel-formule-zonder-waarde", "=1/0"),
    }
    assert fouten[3, "cel-excel-fout", "#N/A"].startswith("In deze cel staat een Excel-fout (#N/A)")
    assert (
        "Open het in Excel of LibreOffice en sla het op"
        in fouten[4, "cel-formule-zonder-waarde", "=1/0"]
    )
    batch: CliRun = runs["batch formules.xlsx"]
    assert_clean(batch, 1, "4 rijen: 1 gemaakt, 0 ongewijzigd, 3 met fouten.")
    assert (runs["uit"] / "formules.xlsx" / "RMT-R-0003" / "traject.json").is_file()
