"""The rules about the praktijkverklaring (PV): X9 (the POK's praktijkopleider signs it),
X10 (its werkprocessen were agreed in the POK) and X11 (a PV if and only if the einddoel
is praktijkverklaring)."""

from __future__ import annotations

from collections.abc import Iterator

from overeenkomsten.controle.basis import CONTRACTEN, Context, compare, join, names, not_checked
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import DocumentFeiten, parse_value
from overeenkomsten.model.kenmerken import werkproces_regel


def check_praktijkopleider(ctx: Context) -> Iterator[Bevinding]:
    """X9: the praktijkopleider of the POK signs the PV."""
    for pv in ctx.of("PV"):
        docs = [*ctx.of("POK"), pv]
        # (how the message names it, the key in waarden) -> the name
        found = {
            (f"{ctx.label(d)} praktijkopleider", d.naam): d.waarde("Praktijkopleider") for d in docs
        }
        block = pv.ondertekenaar("praktijkopleider")
        if block is None or block.naam is None:
            yield not_checked(
                "X9",
                "pv-ondertekenaar-ontbreekt",
                f"De {ctx.label(pv)} noemt geen ondertekenaar praktijkopleider (Naam:).",
                pv,
            )
        else:
            wie = (f"{ctx.label(pv)} ondertekenaar praktijkopleider", f"{pv.naam} (ondertekenaar)")
            found[wie] = parse_value("Praktijkopleider", block.naam)
        readable = {wie: v for wie, v in found.items() if v.gelezen}
        if len({v.sleutel for v in readable.values()}) > 1:
            yield Bevinding(
                "X9",
                "fout",
                "praktijkopleider-verschilt",
                "Praktijkopleider verschilt: "
                + ", ".join(f"{label} {v.tekst}" for (label, _), v in readable.items())
                + ".",
                names(docs),
                {key: v.tekst or "" for (_, key), v in readable.items()},
            )
        if not ctx.of("POK"):
            yield not_checked(
                "X9", "pok-ontbreekt", "Er is geen POK om de PV mee te vergelijken.", pv
            )


def check_werkprocessen(ctx: Context) -> Iterator[Bevinding]:
    """X10: the PV's werkprocessen are a subset of those agreed in the POK."""
    poks = ctx.of("POK")
    for pv in ctx.of("PV"):
        if not pv.werkprocessen:
            yield not_checked(
                "X10",
                "pv-zonder-werkprocessen",
                f"In de {ctx.label(pv)} zijn geen werkprocessen gevonden.",
                pv,
            )
            continue
        if not poks:
            yield not_checked(
                "X10", "pok-ontbreekt", "Er is geen POK om de PV mee te vergelijken.", pv
            )
        for pok in poks:
            yield from _subset(ctx, pv, pok)


def _subset(ctx: Context, pv: DocumentFeiten, pok: DocumentFeiten) -> Iterator[Bevinding]:
    if pok.werkprocessen:
        extra = [w for w in pv.werkprocessen if w not in set(pok.werkprocessen)]
        agreed = ", ".join(werkproces_regel(*w) for w in pok.werkprocessen)
    else:
        # A POK that lists no werkprocessen agrees the whole kwalificatie.
        crebo = pok.waarde("Crebonummer").sleutel
        extra = [w for w in pv.werkprocessen if w[1] != crebo]
        agreed = f"de hele kwalificatie (crebo {crebo})"
    if extra:
        listed = ", ".join(werkproces_regel(*w) for w in extra)
        yield Bevinding(
            "X10",
            "fout",
            "werkproces-niet-in-pok",
            f"De {ctx.label(pv)} noemt werkprocessen die niet in de {ctx.label(pok)} staan: "
            f"{listed}. {ctx.label(pok)}: {agreed}.",
            (pv.naam, pok.naam),
            {pv.naam: ", ".join(werkproces_regel(*w) for w in pv.werkprocessen), pok.naam: agreed},
        )


def check_pv(ctx: Context) -> Iterator[Bevinding]:
    """X11: a PV only for einddoel praktijkverklaring, and only once the trajectory ended."""
    from overeenkomsten.controle.afronding import check_pv_timing

    yield from check_einddoel(ctx)
    yield from check_pv_timing(ctx)


def check_einddoel(ctx: Context) -> Iterator[Bevinding]:
    """X11: a PV exists only for einddoel praktijkverklaring."""
    contracts = ctx.of(*CONTRACTEN)
    differs = list(compare(ctx, "X11", "einddoel-verschilt", "einddoel", contracts, "Einddoel"))
    if any(b.ernst == "fout" for b in differs):
        yield from differs
        return
    einddoel = ctx.consensus("Einddoel")
    if einddoel is None:
        yield not_checked(
            "X11", "einddoel-onleesbaar", "Het einddoel staat op geen enkele overeenkomst."
        )
        return
    shown = next(v.tekst for d in contracts if (v := d.waarde("Einddoel")).gelezen)
    pvs = ctx.of("PV")
    # A missing PV is judged by where the trajectory stands (afronding.check_pv_timing).
    if einddoel != "praktijkverklaring" and pvs:
        waarden = {d.naam: d.waarde("Einddoel").tekst or "" for d in contracts}
        waarden.update({pv.naam: "praktijkverklaring aanwezig" for pv in pvs})
        yield Bevinding(
            "X11",
            "fout",
            "pv-bij-ander-einddoel",
            f"Er is een praktijkverklaring ({join([ctx.label(d) for d in pvs])}), maar het "
            f"einddoel is {shown} ({join([ctx.label(d) for d in contracts])}); een PV hoort "
            "alleen bij einddoel praktijkverklaring.",
            names([*pvs, *contracts]),
            waarden,
        )
