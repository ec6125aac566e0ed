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


def test_readme_code_blocks_are_closed() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    fences = [n for n, line in enumerate(lines, start=1) if line.startswith("```")]
    assert len(fences) % 2 == 0, fences
    # The two commands stand in the first block, and that block closes before the prose.
    assert fences[0] < lines.index("bash scripts/voorbeelden.sh") + 1 < fences[1]
