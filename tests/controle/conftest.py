"""Document sets shared by the controle tests: all made in one ``maak_sets`` call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.controle.helpers import RECORDS


@pytest.fixture(scope="session")
def sets(maak_sets: Callable[..., dict[str, Path]]) -> dict[str, Path]:
    """Set name -> the generated folder (docx + pdf + traject.json); treat as read-only."""
    by_id = maak_sets(list(RECORDS.values()))
    return {naam: by_id[data["traject_id"]] for naam, data in RECORDS.items()}
