"""The batch summary: one row per input row, in ``samenvatting.json`` and ``.csv``."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from overeenkomsten.bestanden import write_atomic

RowStatus = Literal["gemaakt", "fout", "ongewijzigd"]
STATUSES: tuple[RowStatus, ...] = ("gemaakt", "fout", "ongewijzigd")


@dataclass
class SummaryRow:
    """The outcome for one input row (keys of domein.md section 11)."""

    rij: int | None
    traject_id: str | None
    status: RowStatus
    bestanden: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rij": self.rij,
            "traject_id": self.traject_id,
            "status": self.status,
            "bestanden": self.bestanden,
            "fouten": self.fouten,
            "waarschuwingen": self.waarschuwingen,
        }


def totals(rows: list[SummaryRow]) -> dict[str, int]:
    counts = Counter(row.status for row in rows)
    return {"rijen": len(rows), **{status: counts.get(status, 0) for status in STATUSES}}


def write_summary(uit: Path, rows: list[SummaryRow]) -> None:
    """Write both summary files atomically, rows in input order."""
    ordered = sorted(rows, key=lambda r: (r.rij is None, r.rij or 0))
    payload = {"rijen": [r.as_dict() for r in ordered], "totalen": totals(ordered)}
    write_atomic(
        uit / "samenvatting.json",
        (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["rij", "traject_id", "status", "bestanden", "fouten", "waarschuwingen"])
    for row in ordered:
        writer.writerow(
            [
                row.rij,
                _safe_csv(row.traject_id or ""),
                row.status,
                " | ".join(row.bestanden),
                _safe_csv(" | ".join(row.fouten)),
                _safe_csv(" | ".join(row.waarschuwingen)),
            ]
        )
    write_atomic(uit / "samenvatting.csv", buffer.getvalue().encode("utf-8-sig"))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _safe_csv(text: str) -> str:
    """Spreadsheet programs run cells starting with = + - @ as formulas: quote them.
    Control characters from a hostile cell are shown as ``<U+0000>``."""
    text = _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
