"""Shared test setup: data paths, golden files, and the LibreOffice rule for CI.

Tests that need LibreOffice use the ``soffice`` fixture: it skips on a machine without
LibreOffice, but fails in CI (``CI=true``), where every test must really run.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = [
    "tests.plugins.pki",
    "tests.plugins.tsa",
    "tests.plugins.ocsp",
    "tests.plugins.documenten",
]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def data_path(*parts: str) -> Path:
    """The one helper that builds every test-data path."""
    return DATA.joinpath(*parts)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files under tests/data/golden instead of comparing",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice's soffice; skip without it, but never in CI."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice (soffice) ontbreekt in CI: installeer het met scripts/setup.sh"
            )
        pytest.skip("LibreOffice (soffice) is niet geinstalleerd")
    return found


@pytest.fixture(scope="session")
def record_data() -> dict[str, Any]:
    """The example record of domein.md section 10 (a praktijkverklaring trajectory)."""
    return json.loads(data_path("traject.json").read_text(encoding="utf-8"))


@pytest.fixture
def record(record_data: dict[str, Any]) -> dict[str, Any]:
    """A fresh, mutable copy of the example record for one test."""
    return copy.deepcopy(record_data)
