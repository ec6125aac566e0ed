"""Hostile traject_ids: nothing is written outside ``--uit``, names are safe and unique."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten.paden import safe_name
from tests.batch.helpers import records, write_intake
from tests.robuustheid.cli import CliRun, assert_clean, run_many

#: Ids that a path or a file system could misread. All are valid records but the last.
IDS = [
    "../../x",
    "..",
    "/etc/passwd",
    "CON",
    "con.txt",
    "a/b",
    "a\\b",
    # What 'a/b' becomes when made safe: without care it would take the folder of 'a/b'.
    "a_b_" + hashlib.sha256(b"a/b").hexdigest()[:8],
    "C:\\Windows\\win.ini",
    "T" * 300,
]
SAFE = re.compile(r"^[0-9A-Za-z._-]{1,80}$")


def _records(record_data: dict[str, Any], ids: list[str]) -> list[dict[str, Any]]:
    made = records(record_data, len(ids), prefix="RMT-P")
    for record, traject_id in zip(made, ids, strict=True):
        record["traject_id"] = traject_id
    return made


@pytest.fixture(scope="module")
def werk(tmp_path_factory: pytest.TempPathFactory, record_data: dict[str, Any]) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("paden")
    (root / "invoer").mkdir()
    lijst = root / "invoer" / "trajecten.json"
    lijst.write_text(json.dumps(_records(record_data, IDS), ensure_ascii=False), "utf-8")
    hoofdletters = root / "invoer" / "hoofdletters.json"
    pair = _records(record_data, ["RMT-2026-1", "rmt-2026-1"])
    hoofdletters.write_text(json.dumps(pair), "utf-8")
    werkboek = write_intake(
        root / "invoer" / "trajecten.xlsx",
        [*_records(record_data, IDS), *copy.deepcopy(pair)],
    )
    uit = root / "diep" / "in" / "uit"
    runs = run_many(
        {
            "genereer": ["genereer", lijst, "--uit", uit / "genereer", "--geen-pdf"],
            "genereer hoofdletters": [
                "genereer", hoofdletters, "--uit", uit / "hoofdletters", "--geen-pdf",
            ],
            "batch": ["batch", werkboek, "--uit", uit / "batch", "--geen-pdf", "--werkers", "1"],
        }
    )  # fmt: skip
    return {"root": root, "uit": uit, **runs}


def _written(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def test_nothing_is_written_outside_uit(werk: dict[str, Any]) -> None:
    root: Path = werk["root"]
    uit = werk["uit"].relative_to(root)
    outside = {p for p in _written(root) if uit not in p.parents and p.parts[0] != "invoer"}
    assert outside == set()
    assert not (root / "x").exists()
    assert not (root / "diep" / "x").exists()


@pytest.mark.parametrize("command", ["genereer", "batch"])
def test_each_id_gets_its_own_safe_folder(werk: dict[str, Any], command: str) -> None:
    run: CliRun = werk[command]
    assert_clean(run, 1)
    uit: Path = werk["uit"] / command
    folders = {p.name: p for p in uit.iterdir() if p.is_dir() and not p.name.startswith(".")}
    extra = {"RMT-2026-1"} if command == "batch" else set()
    assert set(folders) == {safe_name(i) for i in IDS[:-1]} | extra
    for traject_id in IDS[:-1]:
        folder = folders[safe_name(traject_id)]
        record = json.loads((folder / "traject.json").read_text("utf-8"))
        assert record["traject_id"] == traject_id, "no trajectory overwrote another"
        for path in folder.iterdir():
            assert SAFE.match(path.name), path.name
    assert "De tekst is te lang (hoogstens 64 tekens)" in " ".join(run.output.split())


def test_ids_differing_only_in_case_never_share_a_folder(werk: dict[str, Any]) -> None:
    """Windows and macOS do not tell RMT-2026-1 and rmt-2026-1 apart."""
    genereer: CliRun = werk["genereer hoofdletters"]
    assert_clean(genereer, 2, "De traject-ID's 'RMT-2026-1' en 'rmt-2026-1' krijgen dezelfde map")
    assert not (werk["uit"] / "hoofdletters").exists() or not any(
        (werk["uit"] / "hoofdletters").iterdir()
    )
    summary = json.loads((werk["uit"] / "batch" / "samenvatting.json").read_text("utf-8"))
    status = {row["traject_id"]: row for row in summary["rijen"]}
    assert status["RMT-2026-1"]["status"] == "gemaakt"
    assert status["rmt-2026-1"]["status"] == "fout"
    assert "krijgt dezelfde map als traject 'RMT-2026-1' (rij 12)" in " ".join(
        status["rmt-2026-1"]["fouten"]
    )
