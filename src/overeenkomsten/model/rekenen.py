"""The arithmetic of a trajectory, written once (domein.md V4, V7 and section 2 POK).

Every caller (the record's derived values, the templates, the check, ``status``) uses these
functions, so that "40 weeks", "bpv hours" and "hours per studiejaar" mean one thing.
Periods count both the first and the last day. Money and hours round half up.

A *studiejaar* (school year) runs from 1 August to 31 July.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_PLAATSING_DAGEN = 280
"""A placement lasts at most 40 weeks: 280 days, both ends inclusive (V4)."""

MAX_PLAATSING_WEKEN = 40


def round_half_up(value: Decimal, quantum: str) -> Decimal:
    return value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


def dagen(start: dt.date, eind: dt.date) -> int:
    """Calendar days from ``start`` to ``eind``, both included (7 to 13 September is 7)."""
    return (eind - start).days + 1


def weken(start: dt.date, eind: dt.date) -> Decimal:
    """The period in weeks, unrounded: ``dagen / 7``."""
    return Decimal(dagen(start, eind)) / 7


def weken_afgerond(start: dt.date, eind: dt.date) -> Decimal:
    """The period in weeks as printed: one decimal, half up."""
    return round_half_up(weken(start, eind), "0.1")


def laatste_plaatsingsdag(start: dt.date) -> dt.date:
    """The last day a placement starting on ``start`` may run to (day 280)."""
    return start + dt.timedelta(days=MAX_PLAATSING_DAGEN - 1)


def past_in_40_weken(start: dt.date, eind: dt.date) -> bool:
    """Whether the period ``start``..``eind`` lasts at most 40 weeks (280 days)."""
    return dagen(start, eind) <= MAX_PLAATSING_DAGEN


def bpv_uren(start: dt.date, eind: dt.date, uren_per_week: Decimal) -> int:
    """Total bpv hours: weeks x hours per week, rounded half up to whole hours (V7)."""
    return int(round_half_up(weken(start, eind) * uren_per_week, "1"))


def subsidie(bedrag_per_40_weken: Decimal, start: dt.date, eind: dt.date) -> Decimal:
    """A praktijkplaats subsidy pro rata: amount x min(weeks, 40) / 40, to the cent (V7)."""
    capped = min(weken(start, eind), Decimal(MAX_PLAATSING_WEKEN))
    return round_half_up(bedrag_per_40_weken * capped / MAX_PLAATSING_WEKEN, "0.01")


@dataclass(frozen=True)
class StudiejaarUren:
    """The bpv hours that fall in one studiejaar (1 August - 31 July)."""

    studiejaar: str  # "2026-2027"
    van: dt.date  # first bpv day in this studiejaar
    tot: dt.date  # last bpv day in this studiejaar
    dagen: int
    uren: int


def studiejaar_van(datum: dt.date) -> int:
    """The year a studiejaar starts in: 2026 for any day from 1 August 2026 to 31 July 2027."""
    return datum.year if datum.month >= 8 else datum.year - 1


def uren_per_studiejaar(start: dt.date, eind: dt.date, totaal: int) -> list[StudiejaarUren]:
    """Split ``totaal`` hours over the studiejaren of ``start``..``eind`` (domein.md §2 POK).

    Each studiejaar gets hours pro rata to its calendar days in the period; the parts are
    rounded down and the hours left over go, one each, to the studiejaren with the largest
    remainders (ties: the earlier studiejaar), so the parts always sum to ``totaal``.
    """
    if eind < start:
        raise ValueError("eind before start")
    totaal_dagen = dagen(start, eind)
    delen: list[tuple[int, dt.date, dt.date, int]] = []
    jaar = studiejaar_van(start)
    while True:
        van = max(start, dt.date(jaar, 8, 1))
        tot = min(eind, dt.date(jaar + 1, 7, 31))
        if van > eind:
            break
        delen.append((jaar, van, tot, dagen(van, tot)))
        jaar += 1
    # Exact integer arithmetic: share_i = totaal * dagen_i / totaal_dagen.
    vloer = [totaal * d // totaal_dagen for *_, d in delen]
    rest = [totaal * d % totaal_dagen for *_, d in delen]
    over = totaal - sum(vloer)
    volgorde = sorted(range(len(delen)), key=lambda i: (-rest[i], i))
    for i in volgorde[:over]:
        vloer[i] += 1
    return [
        StudiejaarUren(f"{jaar}-{jaar + 1}", van, tot, d, uren)
        for (jaar, van, tot, d), uren in zip(delen, vloer, strict=True)
    ]
