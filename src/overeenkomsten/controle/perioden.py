"""The period rules: X2 (the PLOK lasts at most 40 weeks and ends with the POK) and X12
(the POK period within the OOK period, the PV period within the POK period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.basis import Context, not_checked
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.model.kenmerken import DocumentType
from overeenkomsten.model.traject import MAX_PLAATSING_DAGEN


def check_placement(ctx: Context) -> Iterator[Bevinding]:
    """X2: the PLOK lasts at most 40 weeks and ends no later than the POK."""
    ploks = ctx.of("PLOK")
    if not ploks:
        yield not_checked("X2", "plok-ontbreekt", "Er is geen PLOK om te controleren.")
    for plok in ploks:
        start, eind = plok.waarde("Startdatum").sleutel, plok.waarde("Einddatum").sleutel
        if not isinstance(start, dt.date) or not isinstance(eind, dt.date):
            yield not_checked(
                "X2",
                "plok-periode-onleesbaar",
                f"De periode van de {ctx.label(plok)} is niet leesbaar.",
                plok,
            )
            continue
        dagen = (eind - start).days + 1
        periode = f"{dutch_date(start)} tot en met {dutch_date(eind)}"
        if eind < start:
            yield Bevinding(
                "X2",
                "fout",
                "plok-einddatum-voor-startdatum",
                f"De {ctx.label(plok)} eindigt ({dutch_date(eind)}) voor de startdatum "
                f"({dutch_date(start)}).",
                (plok.naam,),
                {plok.naam: periode},
            )
        elif dagen > MAX_PLAATSING_DAGEN:
            yield Bevinding(
                "X2",
                "fout",
                "plok-langer-dan-40-weken",
                f"De {ctx.label(plok)} duurt {dagen} dagen ({periode}); dat is meer dan 40 weken "
                f"({MAX_PLAATSING_DAGEN} dagen).",
                (plok.naam,),
                {plok.naam: f"{periode} ({dagen} dagen)"},
            )
        yield from _placement_within_pok(ctx, plok, eind)


def _placement_within_pok(ctx: Context, plok: DocumentFeiten, eind: dt.date) -> Iterator[Bevinding]:
    poks = [(p, p.waarde("Einddatum").sleutel) for p in ctx.of("POK")]
    readable = [(p, e) for p, e in poks if isinstance(e, dt.date)]
    if not readable:
        yield not_checked(
            "X2",
            "pok-einddatum-ontbreekt",
            f"De einddatum van de {ctx.label(plok)} is niet met de POK vergeleken: er is geen "
            "POK met een leesbare einddatum.",
            plok,
        )
    for pok, pok_eind in readable:
        assert isinstance(pok_eind, dt.date)
        if eind > pok_eind:
            yield Bevinding(
                "X2",
                "fout",
                "plok-na-pok",
                f"{ctx.label(plok)} einddatum {dutch_date(eind)} ligt na {ctx.label(pok)} "
                f"einddatum {dutch_date(pok_eind)}.",
                (plok.naam, pok.naam),
                {plok.naam: dutch_date(eind), pok.naam: dutch_date(pok_eind)},
            )


def check_periods(ctx: Context) -> Iterator[Bevinding]:
    """X12: the POK period lies within the OOK period, the PV period within the POK period."""
    pairs: tuple[tuple[DocumentType, DocumentType], ...] = (("POK", "OOK"), ("PV", "POK"))
    for inner, outer in pairs:
        for small in ctx.of(inner):
            for large in ctx.of(outer):
                yield from _within(ctx, small, large)


def _within(ctx: Context, small: DocumentFeiten, large: DocumentFeiten) -> Iterator[Bevinding]:
    s0, s1 = small.waarde("Startdatum").sleutel, small.waarde("Einddatum").sleutel
    l0, l1 = large.waarde("Startdatum").sleutel, large.waarde("Einddatum").sleutel
    if not all(isinstance(d, dt.date) for d in (s0, s1, l0, l1)):
        yield not_checked(
            "X12",
            "periode-onleesbaar",
            f"De periode van {ctx.label(small)} of {ctx.label(large)} is niet leesbaar.",
            small,
            large,
        )
        return
    assert isinstance(s0, dt.date)
    assert isinstance(s1, dt.date)
    assert isinstance(l0, dt.date)
    assert isinstance(l1, dt.date)
    problems = []
    if s0 < l0:
        problems.append(
            f"{ctx.label(small)} begint op {dutch_date(s0)}, "
            f"{ctx.label(large)} pas op {dutch_date(l0)}"
        )
    if s1 > l1:
        problems.append(
            f"{ctx.label(small)} eindigt op {dutch_date(s1)}, "
            f"{ctx.label(large)} al op {dutch_date(l1)}"
        )
    if problems:
        yield Bevinding(
            "X12",
            "fout",
            "periode-buiten",
            f"De periode van de {ctx.label(small)} valt buiten die van de {ctx.label(large)}: "
            f"{'; '.join(problems)}.",
            (small.naam, large.naam),
            {
                small.naam: f"{dutch_date(s0)} tot en met {dutch_date(s1)}",
                large.naam: f"{dutch_date(l0)} tot en met {dutch_date(l1)}",
            },
        )
