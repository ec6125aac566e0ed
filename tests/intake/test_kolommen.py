"""The column list is derived from the record and stays unambiguous and documented."""

from __future__ import annotations

from typing import Any

from overeenkomsten.intake.kolommen import (
    AFRONDING_KOLOMMEN,
    TRAJECT_KOLOMMEN,
    WERKPROCES_KOLOMMEN,
    flatten,
    header_key,
    markdown_table,
    match_headers,
    nest,
)
from overeenkomsten.model import Traject
from tests.conftest import ROOT


def leaf_paths(schema: dict[str, Any], node: dict[str, Any], prefix: str = "") -> set[str]:
    """Leaf paths from the JSON Schema, independently of kolommen.py's own walk."""
    paths: set[str] = set()
    for name, prop in node.get("properties", {}).items():
        options = prop.get("anyOf", [prop])
        ref = next((o["$ref"] for o in options if "$ref" in o), None)
        if f"{prefix}{name}" in {"werkprocessen", "afronding.behaalde_werkprocessen"}:
            continue  # lists of their own (sheet Werkprocessen; codes on the Afronding rows)
        if ref:
            target = schema["$defs"][ref.split("/")[-1]]
            paths |= leaf_paths(schema, target, f"{prefix}{name}.")
        else:
            paths.add(f"{prefix}{name}")
    return paths


def test_every_leaf_field_has_exactly_one_column() -> None:
    schema = Traject.model_json_schema()
    afronding = {f"afronding.{k.pad}" for k in AFRONDING_KOLOMMEN[1:]}
    assert {k.pad for k in TRAJECT_KOLOMMEN} | afronding == leaf_paths(schema, schema) | {
        "afronding.behaalde_werkprocessen"
    }
    assert not any(k.pad.startswith("afronding") for k in TRAJECT_KOLOMMEN)  # own sheet
    assert len(TRAJECT_KOLOMMEN) == len({k.pad for k in TRAJECT_KOLOMMEN})


def test_headers_paths_and_aliases_never_collide() -> None:
    for kolommen in (TRAJECT_KOLOMMEN, WERKPROCES_KOLOMMEN, AFRONDING_KOLOMMEN):
        owner: dict[str, str] = {}
        for kolom in kolommen:
            for name in {kolom.kop, kolom.pad, *kolom.aliassen}:
                key = header_key(name)
                assert owner.setdefault(key, kolom.pad) == kolom.pad, name


def test_every_column_is_explained_with_an_example() -> None:
    for kolom in (*TRAJECT_KOLOMMEN, *WERKPROCES_KOLOMMEN, *AFRONDING_KOLOMMEN):
        assert kolom.betekenis.endswith("."), kolom.pad
        assert kolom.voorbeeld, kolom.pad
        assert kolom.regel, kolom.pad
        assert "Mag leeg." not in kolom.betekenis, kolom.pad


def test_flatten_and_nest_round_trip(record: dict[str, Any]) -> None:
    record.pop("werkprocessen")
    record["kandidaat"]["wettelijk_vertegenwoordiger"] = {"naam": "H. de Boer", "email": None}
    nested = nest({**flatten(record), "jobcoach.naam": None, "jobcoach.organisatie": "  "})
    assert nested["jobcoach"] is None
    assert nested["kandidaat"]["wettelijk_vertegenwoordiger"] == {"naam": "H. de Boer"}
    assert nested["kandidaat"]["achternaam"] == record["kandidaat"]["achternaam"]


def test_match_headers_reports_unknown_and_duplicate_columns() -> None:
    indeling = match_headers(
        ["Traject-ID", None, "traject_id", "Opmerking", "Crebo"], TRAJECT_KOLOMMEN
    )
    assert indeling.getypt == {"traject_id": "Traject-ID", "opleiding.crebo": "Crebo"}
    assert indeling.onbekend == [(3, "Opmerking")]
    assert [(i, typed) for i, typed, _ in indeling.dubbel] == [(2, "traject_id")]


def test_readme_table_is_generated_from_the_columns() -> None:
    docs = (ROOT / "docs" / "intake.md").read_text(encoding="utf-8")
    assert markdown_table(TRAJECT_KOLOMMEN) in docs
    assert markdown_table(WERKPROCES_KOLOMMEN) in docs
    assert markdown_table(AFRONDING_KOLOMMEN) in docs
