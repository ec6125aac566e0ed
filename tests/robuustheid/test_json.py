"""Hostile JSON records through ``valideer`` (and ``genereer``, which reads them the same way)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.robuustheid.cli import CliRun, assert_clean, run_many

MB = 1024 * 1024


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, record_data: dict[str, Any]
) -> dict[str, CliRun]:
    folder = tmp_path_factory.mktemp("json")

    def record(**kandidaat: str) -> str:
        data = copy.deepcopy(record_data)
        data["kandidaat"].update(kandidaat)
        return json.dumps(data, ensure_ascii=False)

    files = {
        "diep-lijst.json": "[" * 1000 + "]" * 1000,
        "diep-object.json": '{"a":' * 1000 + "1" + "}" * 1000,
        "diep-record.json": record().replace(
            '"jobcoach": null', '"jobcoach": ' + "[" * 1000 + "]" * 1000
        ),
        "tekst-50mb.json": record(achternaam="A" * 50 * MB),
        "tekst-10mb.json": record(achternaam="A" * 10 * MB),
        "nul-en-rlo.json": record(achternaam="Jan\x00sen", voornamen="\u202eamtaF"),
        "nul-byte.json": record().replace("Oldenzaalsestraat", "Oldenzaal\x00straat"),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    commands: dict[str, list[str | Path]] = {name: ["valideer", folder / name] for name in files}
    traject = folder / "batch" / "RMT-DIEP"  # a batch folder whose traject.json is hostile
    traject.mkdir(parents=True)
    (traject / "traject.json").write_text(files["diep-lijst.json"], encoding="utf-8")
    commands["bundel diep"] = ["bundel", traject, "--uit", folder / "dossier.pdf"]
    commands["status diep"] = ["status", folder / "batch"]
    commands["--json nul-en-rlo.json"] = ["valideer", "--json", folder / "nul-en-rlo.json"]
    commands["genereer diep-record.json"] = [
        "genereer", folder / "diep-record.json", "--uit", folder / "uit", "--geen-pdf",
    ]  # fmt: skip
    return run_many(commands)


@pytest.mark.parametrize("name", ["diep-lijst.json", "diep-object.json", "diep-record.json"])
def test_deep_nesting_is_refused(runs: dict[str, CliRun], name: str) -> None:
    assert_clean(runs[name], 2, "de JSON is te diep genest (meer dan 32 niveaus)")


def test_deep_traject_json_in_a_dossier_folder(runs: dict[str, CliRun]) -> None:
    """bundel and status read a trajectory's traject.json as valideer reads a record."""
    assert_clean(runs["bundel diep"], 2, "traject.json' is geen bruikbaar trajectrecord")
    assert_clean(runs["status diep"], 0, "traject.json is onleesbaar of ongeldig")


def test_deep_nesting_stops_genereer_before_writing(runs: dict[str, CliRun]) -> None:
    run = runs["genereer diep-record.json"]
    assert_clean(run, 2, "te diep genest")
    assert "uit" not in run.output


def test_file_over_the_size_limit_is_refused_unread(runs: dict[str, CliRun]) -> None:
    run = runs["tekst-50mb.json"]
    assert_clean(run, 2, "is te groot (51 MB, hoogstens 50 MB)")
    assert run.max_rss_mb < 150, "refused by its size, not read"


def test_a_huge_text_in_a_field_is_one_error(runs: dict[str, CliRun]) -> None:
    run = runs["tekst-10mb.json"]
    assert_clean(run, 1, "De tekst is te lang", f"({10 * MB} tekens,", "hoogstens 500).")
    assert len(run.output) < 10_000, "the value is not echoed in full"


def test_nul_and_right_to_left_override_in_names(runs: dict[str, CliRun]) -> None:
    run = runs["nul-en-rlo.json"]
    assert_clean(run, 1, "stuurteken (U+0000)", "stuurteken (U+202E)", "<U+202E>amtaF")
    assert "\x00" not in run.output
    assert "\u202e" not in run.output, "the console shows the override, it does not obey it"
    fouten = json.loads(runs["--json nul-en-rlo.json"].stdout)["fouten"]
    assert {(f["pad"], f["code"]) for f in fouten} == {
        ("kandidaat.achternaam", "tekst-ongeldig-teken"),
        ("kandidaat.voornamen", "tekst-ongeldig-teken"),
    }


def test_raw_nul_byte_is_invalid_json(runs: dict[str, CliRun]) -> None:
    assert_clean(
        runs["nul-byte.json"],
        2,
        "is geen geldige JSON: regel 1",
        "er staat een stuurteken (een regeleinde, tab of NUL-teken) binnen een tekst",
    )
