"""What a reader hands out: one :class:`IntakeRij` per record, streamed.

A batch of 10,000 rows must not hold 10,000 records in memory, so readers return an
:class:`IntakeStream`: file-level facts (columns, file-level problems, the number of
records) are known when it is opened; the records come one at a time while iterating.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from overeenkomsten.errors import Problem
from overeenkomsten.model import Traject

Soort = Literal["xlsx", "ods", "csv", "json"]


@dataclass
class IntakeRij:
    """One input record (an Excel row or a JSON record) and what is wrong with it."""

    rij: int | None  # Excel/ODS row number (first data row 2), CSV line number; None for JSON
    index: int | None  # 0-based position in a JSON list; None for Excel or a single record
    traject_id: str | None
    traject: Traject | None  # None when the record has errors
    problemen: list[Problem]  # errors and warnings, located (bestand/blad/rij/kolom or pad)
    ruwe_waarden: dict[str, object] = field(default_factory=dict)
    """Excel: header as typed -> cell value (BSN masked), for a foutenrapport. {} for JSON."""

    @property
    def fouten(self) -> list[Problem]:
        return [p for p in self.problemen if p.ernst == "fout"]

    @property
    def waarschuwingen(self) -> list[Problem]:
        return [p for p in self.problemen if p.ernst == "waarschuwing"]

    @property
    def geldig(self) -> bool:
        return self.traject is not None


@dataclass
class Intake:
    """File-level facts of one input."""

    bestand: Path
    soort: Soort
    kolommen: list[str]  # the headers of sheet Trajecten as typed ([] for JSON)
    aantal: int  # number of records (non-empty data rows)
    bestandsproblemen: list[Problem]  # missing/unknown columns, orphan werkproces rows, ...


@dataclass
class IntakeStream(Intake):
    """An :class:`Intake` that yields its records when iterated (each time anew).

    ``bestandsproblemen`` is complete as soon as the stream exists: the readers find
    duplicate traject_ids and orphan werkproces rows in a cheap first pass.
    """

    rijen: Callable[[], Iterator[IntakeRij]] = field(repr=False, compare=False, kw_only=True)

    def __iter__(self) -> Iterator[IntakeRij]:
        return self.rijen()
