"""The batch summary: one row per input row, in ``samenvatting.json`` and ``.csv``."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from overeenkomsten.trajectmap.boekhouding import Boekhouding

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
    nieuwe_versies: list[str] = field(default_factory=list)
    """New versions written beside a signed document (``<map>/<id>_<DOC>_v<n>.pdf``)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rij": self.rij,
            "traject_id": self.traject_id,
            "status": self.status,
            "bestanden": self.bestanden,
            "fouten": self.fouten,
            "waarschuwingen": self.waarschuwingen,
            "nieuwe_versies": self.nieuwe_versies,
        }


def totals(rows: Iterable[SummaryRow]) -> dict[str, int]:
    counts = Counter(row.status for row in rows)
    return {"rijen": sum(counts.values()), **{s: counts.get(s, 0) for s in STATUSES}}


class SummaryStore:
    """The summary rows of a running batch, spooled to a temporary file.

    A batch of 10,000 rows keeps only a small index in memory (row -> where its row is in
    the spool), so its memory does not grow with the number of rows. :meth:`write` writes
    both summary files in input order, streaming.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._spool = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (lives as the store does)
        self._index: dict[int, tuple[int, int]] = {}
        self._counts: Counter[str] = Counter()
        self.fout_rijen: list[SummaryRow] = []

    def add(self, key: int, row: SummaryRow) -> None:
        data = json.dumps(row.as_dict(), ensure_ascii=False).encode("utf-8")
        offset = self._spool.seek(0, io.SEEK_END)
        self._spool.write(data)
        self._index[key] = (offset, len(data))
        self._counts[row.status] += 1
        if row.status == "fout":
            self.fout_rijen.append(row)

    def __len__(self) -> int:
        return len(self._index)

    @property
    def totalen(self) -> dict[str, int]:
        return {"rijen": len(self), **{s: self._counts.get(s, 0) for s in STATUSES}}

    def rows(self) -> Iterator[SummaryRow]:
        """The rows in input order."""
        for key in sorted(self._index):
            offset, size = self._index[key]
            self._spool.seek(offset)
            yield SummaryRow(**json.loads(self._spool.read(size)))

    def write(self, uit: Path) -> None:
        """Write ``samenvatting.json`` and ``.csv`` atomically, rows in input order; their
        temporary files live in ``.overeenkomsten/tmp`` (removed by the next run when this
        one is killed), and the files are recorded as the tool's."""
        boekhouding = Boekhouding(uit)
        with (
            boekhouding.staged("samenvatting.json") as tmp,
            tmp.open("w", encoding="utf-8") as out,
        ):
            out.write('{\n  "rijen": [')
            for number, row in enumerate(self.rows()):
                out.write(",\n    " if number else "\n    ")
                out.write(json.dumps(row.as_dict(), ensure_ascii=False))
            out.write('\n  ],\n  "totalen": ')
            out.write(json.dumps(self.totalen, ensure_ascii=False))
            out.write("\n}\n")
        with (
            boekhouding.staged("samenvatting.csv") as tmp,
            tmp.open("w", encoding="utf-8-sig", newline="") as out,
        ):
            writer = csv.writer(out, delimiter=";")
            writer.writerow(
                [
                    "rij",
                    "traject_id",
                    "status",
                    "bestanden",
                    "fouten",
                    "waarschuwingen",
                    "nieuwe_versies",
                ]
            )
            for row in self.rows():
                writer.writerow(
                    [
                        row.rij,
                        _safe_csv(row.traject_id or ""),
                        row.status,
                        " | ".join(row.bestanden),
                        _safe_csv(" | ".join(row.fouten)),
                        _safe_csv(" | ".join(row.waarschuwingen)),
                        " | ".join(row.nieuwe_versies),
                    ]
                )
        boekhouding.save()

    def close(self) -> None:
        self._spool.close()


def read_summary(uit: Path) -> list[SummaryRow]:
    """The rows of a written ``samenvatting.json``."""
    data = json.loads((uit / "samenvatting.json").read_text(encoding="utf-8"))
    return [SummaryRow(**row) for row in data["rijen"]]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _safe_csv(text: str) -> str:
    """Spreadsheet programs run cells starting with = + - @ as formulas: quote them.
    Control characters from a hostile cell are shown as ``<U+0000>``."""
    text = _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
