"""Assemble README.md from docs/: the head, each stage's section, and the glossary.

Run ``python scripts/maak_readme.py`` after editing docs/; ``--check`` fails when README.md
is out of date (the test suite runs it), so the README stays true.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = (
    "_kop.md",
    "intake.md",
    "documenten.md",
    "controle.md",
    "handtekeningen.md",
    "dossier.md",
    "batch.md",
    "web.md",
    "robuustheid.md",
    "ontwikkelen.md",
    "begrippen.md",
)
HEADING = re.compile(r"^(#+) ")


def _shifted(text: str, top: int) -> str:
    """Shift the headings of one section so that its highest heading is level ``top``.

    Lines inside fenced code blocks (``# comment`` in a shell example) are left alone.
    """
    lines = text.splitlines()
    fenced = False
    heading_at: list[int] = []
    for index, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and HEADING.match(line):
            heading_at.append(index)
    if not heading_at:
        return text
    shift = top - min(len(HEADING.match(lines[i]).group(1)) for i in heading_at)  # type: ignore[union-attr]
    for index in heading_at:
        lines[index] = "#" * shift + lines[index] if shift > 0 else lines[index][-shift:]
    return "\n".join(lines)


def build() -> str:
    sections = []
    for name in PARTS:
        path = ROOT / "docs" / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8").strip()
        sections.append(text if name == "_kop.md" else _shifted(text, 2))
    return "\n\n".join(sections) + "\n"


def main() -> int:
    readme = ROOT / "README.md"
    content = build()
    if "--check" in sys.argv:
        if readme.read_text(encoding="utf-8") != content:
            print("README.md is niet bijgewerkt: draai python scripts/maak_readme.py")
            return 1
        return 0
    readme.write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
