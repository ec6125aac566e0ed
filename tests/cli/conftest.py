"""Shared inputs of the command-line tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def ook_pdf(voorbeeld_set: Path, tmp_path: Path) -> Path:
    """A copy of the example trajectory's OOK as generated (only those are signed)."""
    return Path(shutil.copy(next(voorbeeld_set.glob("*_OOK.pdf")), tmp_path / "OOK.pdf"))
