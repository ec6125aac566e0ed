"""The shared session fixtures (tests/plugins/documenten.py) give complete sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.plugins.documenten import MaakSets


def test_voorbeeld_set_is_made_at_the_start_without_pv(voorbeeld_set: Path) -> None:
    names = sorted(p.name for p in voorbeeld_set.iterdir())
    assert names == [
        f"RMT-TW-2026-0042_{doc}.{suffix}"
        for doc in ("OOK", "PLOK", "POK")
        for suffix in ("docx", "pdf")
    ] + ["traject.json"]


def test_afgeronde_set_has_every_document_as_docx_and_pdf(afgeronde_set: Path) -> None:
    names = sorted(p.name for p in afgeronde_set.iterdir())
    assert names == [
        f"RMT-TW-2026-0042_{doc}.{suffix}"
        for doc in ("OOK", "PLOK", "POK", "PV")
        for suffix in ("docx", "pdf")
    ] + ["traject.json"]


def test_maak_sets_caches_by_record_content(
    maak_sets: MaakSets, record: dict[str, Any], voorbeeld_set: Path
) -> None:
    assert maak_sets([record])[record["traject_id"]] == voorbeeld_set
    record["einddoel"] = "diploma"
    record["werkprocessen"] = []
    folder = maak_sets([record], pdf=False)[record["traject_id"]]
    assert folder != voorbeeld_set
    assert sorted(p.name for p in folder.iterdir()) == [
        "RMT-TW-2026-0042_OOK.docx",
        "RMT-TW-2026-0042_PLOK.docx",
        "RMT-TW-2026-0042_POK.docx",
        "traject.json",
    ]
