"""Shared inputs of the robustness tests: a small valid intake, the example's documents."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.batch.helpers import records, write_intake


@pytest.fixture(scope="session")
def intake_records(record_data: dict[str, Any]) -> list[dict[str, Any]]:
    """Four distinct valid records (one praktijkverklaring, three diploma)."""
    return records(record_data, 4, prefix="RMT-R")


@pytest.fixture(scope="session")
def goed_werkboek(
    tmp_path_factory: pytest.TempPathFactory, intake_records: list[dict[str, Any]]
) -> Path:
    """A valid intake workbook of four rows, as the intake template writes it."""
    return write_intake(tmp_path_factory.mktemp("goed") / "intake.xlsx", intake_records)


@pytest.fixture(scope="session")
def goede_pdfs(afgeronde_set: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four PDFs of the finished example trajectory (copies; the shared set stays
    read-only)."""
    folder = tmp_path_factory.mktemp("goede-pdfs")
    found = {}
    for pdf in sorted(afgeronde_set.glob("*.pdf")):
        document = pdf.stem.rsplit("_", 1)[-1]
        found[document] = Path(shutil.copy(pdf, folder / pdf.name))
    assert set(found) == {"OOK", "POK", "PLOK", "PV"}
    return found
