"""The JSON intake: one record or a list, paths in problems, unreadable files refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten.basis.jsonbestand import MAX_JSON_BYTES
from overeenkomsten.errors import InputError
from overeenkomsten.intake import open_intake, read_intake


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        open_intake(path)
    return info.value


def test_single_record(tmp_path: Path, record: dict[str, Any]) -> None:
    rows, file_problems = read_intake(write(tmp_path / "t.json", record))
    (rij,) = rows
    assert (rij.rij, rij.index, rij.traject_id, rij.problemen) == (
        None,
        None,
        "RMT-TW-2026-0042",
        [],
    )
    assert rij.traject is not None
    assert file_problems == []


def test_list_names_the_record_in_the_path_and_masks_bsn(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = [dict(record, traject_id=f"RMT-{i}") for i in range(3)]
    records[2] = json.loads(json.dumps(records[2]))
    records[2]["kandidaat"]["bsn"] = "123456789"
    path = write(tmp_path / "t.json", records)
    rows, _ = read_intake(path)
    assert [r.index for r in rows] == [0, 1, 2]
    assert [r.traject is None for r in rows] == [False, False, True]
    (problem,) = rows[2].problemen
    assert problem.as_dict() == {
        "bestand": str(path),
        "blad": None,
        "rij": None,
        "kolom": None,
        "pad": "[2].kandidaat.bsn",
        "waarde": "*****6789",
        "code": "bsn-elfproef",
        "bericht": "Dit BSN klopt niet (elfproef); controleer de cijfers.",
    }


def test_bsn_as_float_in_json_is_padded(tmp_path: Path, record: dict[str, Any]) -> None:
    record["kandidaat"]["bsn"] = 12345672.0
    (rij,), _ = read_intake(write(tmp_path / "t.json", record))
    assert rij.traject is not None
    assert rij.traject.kandidaat.bsn == "012345672"


def test_duplicate_traject_ids_in_a_list(tmp_path: Path, record: dict[str, Any]) -> None:
    rows, _ = read_intake(write(tmp_path / "t.json", [record, record]))
    assert [(p.pad, p.code) for r in rows for p in r.problemen] == [
        ("[0].traject_id", "traject-id-dubbel"),
        ("[1].traject_id", "traject-id-dubbel"),
    ]
    assert "[0] en [1]" in rows[0].problemen[0].bericht


def test_record_that_is_no_object(tmp_path: Path, record: dict[str, Any]) -> None:
    rows, _ = read_intake(write(tmp_path / "t.json", [record, "tekst"]))
    assert [(p.pad, p.code) for p in rows[1].problemen] == [("[1]", "object-verwacht")]


def test_syntax_error_names_line_and_column_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{\n  "traject_id": "RMT-1",\n  "einddoel": "diploma",\n}\n', encoding="utf-8")
    error = refused(path)
    assert error.code == "json-ongeldig"
    assert "regel 4, kolom 1" in error.bericht
    assert "komma na het laatste veld" in error.bericht


def test_missing_comma(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"a": 1\n "b": 2}', encoding="utf-8")
    assert "regel 2, kolom 2: hier ontbreekt een komma" in refused(path).bericht


def test_nesting_1000_deep_is_refused_without_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "diep.json"
    path.write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    assert "te diep genest" in refused(path).bericht
    path.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    assert "te diep genest" in refused(path).bericht


def test_file_over_50_mb_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "groot.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_JSON_BYTES + 1)
    assert refused(path).code == "json-te-groot"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "bestand-leeg"),
        (b"  \n", "bestand-leeg"),
        (b"[]", "geen-trajecten"),
        (b"42", "json-geen-record"),
        (b'{"a": NaN}', "json-ongeldig"),
        (b'{"naam": "\xff"}', "json-geen-utf8"),
    ],
)
def test_unusable_json(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(content)
    assert refused(path).code == code


def test_json_without_json_suffix_is_recognised(tmp_path: Path, record: dict[str, Any]) -> None:
    path = write(tmp_path / "traject.txt", record)
    assert open_intake(path).soort == "json"
