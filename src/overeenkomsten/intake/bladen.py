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
    AFRONDING_KOLOMMEN,
    BLAD_AFRONDING,
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
    tegenstrijdig: Callable[[Sequence[Regelwaarden]], list[tuple[int, str, str]]] | None = None
    """(row index, column key, Dutch message) for rows of one trajectory that disagree."""


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

_CODES = "behaalde_werkprocessen"
_SEPARATORS = re.compile(r"[;,|\n]+")


def split_codes(value: object) -> list[str]:
    """``B1-K1-W1; B1-K1-W3`` -> the codes (also separated by ``,``, ``|`` or lines)."""
    if value is None:
        return []
    return [c.strip() for c in _SEPARATORS.split(str(value)) if c.strip()]


def _afronding(rows: Sequence[Regelwaarden]) -> dict[str, object] | None:
    """One afronding from its rows: the first filled value of each column, and the codes
    of every row (one row with codes separated by ``;``, or one row per code)."""
    if not rows:
        return None
    out: dict[str, object] = {}
    codes: list[str] = []
    for row in rows:
        for key, value in row.items():
            if key == _CODES:
                codes.extend(c for c in split_codes(value) if c not in codes)
            elif value is not None and out.get(key) is None:
                out[key] = value
    out[_CODES] = codes
    return out


def _zoek_afronding(pad: str, rows: Sequence[Regelwaarden]) -> tuple[int, str] | None:
    if not pad.startswith("afronding") or not rows:
        return None
    rest = pad.removeprefix("afronding").lstrip(".")
    key = re.sub(r"\[\d+\]$", "", rest) or "werkelijke_einddatum"
    if key == _CODES and (match := re.search(r"\[(\d+)\]$", rest)):
        seen: list[str] = []
        for index, row in enumerate(rows):
            seen.extend(c for c in split_codes(row.get(_CODES)) if c not in seen)
            if len(seen) > int(match[1]):
                return index, key
    first = next((i for i, row in enumerate(rows) if row.get(key) is not None), 0)
    return first, key


def _afronding_tegenstrijdig(rows: Sequence[Regelwaarden]) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    first: dict[str, object] = {}
    for index, row in enumerate(rows):
        for key, value in row.items():
            if key == _CODES or value is None:
                continue
            if key in first and first[key] != value:
                found.append(
                    (index, key, f"Deze rij zegt '{value}', een eerdere rij van dit traject "
                     f"'{first[key]}'. Een traject heeft een afronding: maak de rijen gelijk "
                     "of laat de cel in de latere rij leeg.")
                )  # fmt: skip
            first.setdefault(key, value)
    return found


AFRONDING = Bijblad(
    naam=BLAD_AFRONDING,
    kolommen=AFRONDING_KOLOMMEN,
    sleutel="afronding",
    samenvoegen=_afronding,
    zoek=_zoek_afronding,
    tegenstrijdig=_afronding_tegenstrijdig,
)

BIJBLADEN: tuple[Bijblad, ...] = (WERKPROCESSEN, AFRONDING)
