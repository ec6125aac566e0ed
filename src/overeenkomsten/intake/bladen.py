"""The sheets joined to ``Trajecten`` by traject_id, and how their rows enter the record.

``Werkprocessen`` holds any number of rows per trajectory (a list in the record);
``Afronding`` (domein.md section 10, v2) holds the end of a trajectory: one row, or one row
per code of ``behaalde_werkprocessen``. The reader (:mod:`overeenkomsten.intake.excel`)
knows nothing about either: it reads every sheet listed in :data:`BIJBLADEN` into an
index by traject_id, puts each trajectory's rows into its record with ``samenvoegen``,
and maps a problem of the record back to a row with ``zoek``. A new sheet is one more
:class:`Bijblad` here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from overeenkomsten.intake.kolommen import (
    BLAD_WERKPROCESSEN,
    WERKPROCES_KOLOMMEN,
    Kolom,
)

Regelwaarden = Mapping[str, object]  # one row of a joined sheet: column key -> value


@dataclass(frozen=True)
class Bijblad:
    """A sheet whose rows belong to a trajectory by their ``traject_id`` column."""

    naam: str
    kolommen: tuple[Kolom, ...]  # the first is traject_id
    sleutel: str  # the record's key (``werkprocessen``)
    samenvoegen: Callable[[Sequence[Regelwaarden]], Any]
    """The record's value from this trajectory's rows (in sheet order)."""
    zoek: Callable[[str, Sequence[Regelwaarden]], tuple[int, str] | None]
    """For a problem's path in the record: (index of the row, column key), or None."""
    verplicht: bool = False  # a missing sheet is an error (never so far)


_WERKPROCES_PAD = re.compile(r"werkprocessen\[(\d+)\](?:\.(\w+))?")


def _werkprocessen(rows: Sequence[Regelwaarden]) -> list[dict[str, object]]:
    return [dict(row) for row in rows]


def _zoek_werkproces(pad: str, rows: Sequence[Regelwaarden]) -> tuple[int, str] | None:
    match = _WERKPROCES_PAD.fullmatch(pad)
    if match is None or int(match[1]) >= len(rows):
        return None
    return int(match[1]), match[2] or "code"


WERKPROCESSEN = Bijblad(
    naam=BLAD_WERKPROCESSEN,
    kolommen=WERKPROCES_KOLOMMEN,
    sleutel="werkprocessen",
    samenvoegen=_werkprocessen,
    zoek=_zoek_werkproces,
)

BIJBLADEN: tuple[Bijblad, ...] = (WERKPROCESSEN,)
