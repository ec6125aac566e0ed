"""The README is assembled from docs/ and must be current; it starts with the two commands."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_readme_is_assembled_from_docs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "maak_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:15]
    assert "bash scripts/voorbeelden.sh" in head
    assert "bash scripts/test.sh" in head
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").count("scripts/test.sh") == 1
