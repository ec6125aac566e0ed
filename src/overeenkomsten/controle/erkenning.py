"""X6: the leerbedrijf is recognised (*erkend*) by SBB for the crebo over the whole period,
according to the list the user supplies (``--erkenningen``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.basis import Context, names, not_checked
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.erkenningen import Erkenning
from overeenkomsten.model.kenmerken import DocumentType


def check_erkenning(ctx: Context) -> Iterator[Bevinding]:
    """X6: the leerbedrijf is recognised by SBB for this crebo over the whole period."""
    if ctx.erkenningen is None:
        yield not_checked(
            "X6",
            "geen-erkenningen",
            "De erkenning van het leerbedrijf is niet gecontroleerd: geef een lijst met "
            "erkenningen van SBB (--erkenningen).",
        )
        return
    crebo = ctx.consensus("Crebonummer")
    company: tuple[DocumentType, ...] = ("POK", "PLOK", "PV")
    leerbedrijf_id = ctx.consensus("Leerbedrijf-ID", company)
    kvk = ctx.consensus("Leerbedrijf (KvK)", company, deel="code")
    naam = ctx.consensus("Leerbedrijf (KvK)", company, deel="naam")
    start = ctx.startdatum
    ends = [
        v.sleutel
        for d in ctx.of("POK", "PLOK")
        if isinstance((v := d.waarde("Einddatum")).sleutel, dt.date)
    ]
    if crebo is None or (leerbedrijf_id is None and kvk is None) or start is None or not ends:
        yield not_checked(
            "X6",
            "erkenning-gegevens-ontbreken",
            "De erkenning is niet gecontroleerd: crebo, leerbedrijf of periode is in de "
            "documenten niet leesbaar.",
        )
        return
    eind = max(e for e in ends if isinstance(e, dt.date))
    wie = _company_name(ctx, naam, kvk, leerbedrijf_id)
    matching = [
        e for e in ctx.erkenningen if e.crebo == crebo and _same_company(e, kvk, leerbedrijf_id)
    ]
    if not matching:
        yield Bevinding(
            "X6",
            "fout",
            "niet-erkend",
            f"{wie} staat in de erkenningenlijst niet als erkend leerbedrijf voor crebo {crebo}.",
            names(ctx.of(*company)),
        )
        return
    gap = _first_gap(matching, start, eind)
    if gap is not None:
        yield Bevinding(
            "X6",
            "fout",
            "erkenning-dekt-periode-niet",
            f"{wie} is voor crebo {crebo} niet erkend op {dutch_date(gap)}; de periode is "
            f"{dutch_date(start)} tot en met {dutch_date(eind)} (erkend: "
            f"{'; '.join(_period(e) for e in matching)}).",
            names(ctx.of(*company)),
        )


def _company_name(ctx: Context, naam: object, kvk: object, leerbedrijf_id: object) -> str:
    shown = next(
        (
            v.tekst
            for d in ctx.of("POK", "PLOK", "PV")
            if (v := d.waarde("Leerbedrijf (KvK)", "naam")).gelezen
        ),
        None,
    )
    ids = [f"KvK {kvk}"] if kvk else []
    ids += [f"leerbedrijf-ID {leerbedrijf_id}"] if leerbedrijf_id else []
    return f"Leerbedrijf {shown or naam or ''} ({', '.join(ids)})".replace("  ", " ")


def _same_company(erkenning: Erkenning, kvk: object, leerbedrijf_id: object) -> bool:
    if leerbedrijf_id is not None and erkenning.leerbedrijf_id == leerbedrijf_id:
        return True
    return kvk is not None and erkenning.kvk == kvk


def _first_gap(erkenningen: list[Erkenning], start: dt.date, eind: dt.date) -> dt.date | None:
    """The first day of start..eind that no erkenning covers, or None."""
    day = start
    while day <= eind:
        covering = [e for e in erkenningen if e.covers(day)]
        if not covering:
            return day
        ends = [e.geldig_tot for e in covering]
        if any(end is None for end in ends):
            return None
        day = max(e for e in ends if e is not None) + dt.timedelta(days=1)
    return None


def _period(erkenning: Erkenning) -> str:
    van, tot = erkenning.geldig_van, erkenning.geldig_tot
    if van and tot:
        return f"{dutch_date(van)} tot en met {dutch_date(tot)}"
    if tot:
        return f"tot en met {dutch_date(tot)}"
    return f"vanaf {dutch_date(van)}" if van else "zonder begin- of einddatum"
