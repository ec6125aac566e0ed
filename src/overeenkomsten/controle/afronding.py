"""X11 and X17: the praktijkverklaring (PV) is made at the end, and says what the end was.

``afronding`` (the end of the trajectory: the real end date, the werkprocessen learned,
the date of issue) is taken from, in order: the traject.json beside the documents (or the
record given to the check); the BSN-free record embedded in the PV (X15); the PV's own
text (the end of the period it states, a date of issue when it prints one).

* X11: a PV drawn up before the trajectory ended is a ``fout``: its record (traject.json
  beside it, else the record embedded in it) has no ``afronding``, its date of issue lies
  after today or before the end of its period, or its period has not ended yet. A
  finished praktijkverklaring trajectory without a PV is ``niet-gecontroleerd`` until the
  PV is added; an unfinished one needs none yet.
* X17: the PV states exactly what ``afronding`` says: the period's end, the date of issue
  and the werkprocessen learned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.artikelen import clause_text, facts
from overeenkomsten.controle.basis import CONTRACTEN, Context, join, names
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.tekstvergelijking import embedded_record
from overeenkomsten.model.traject import Afronding, Traject

TE_VROEG = "praktijkverklaring opgemaakt voordat het traject is afgerond"


@dataclass(frozen=True)
class Bron:
    """Where ``afronding`` came from, and what it is (None: the record has none)."""

    waar: str
    afronding: Afronding | None


def source(ctx: Context, pv: DocumentFeiten | None) -> Bron | None:
    """``afronding`` by the order of X11; None when no record says anything."""
    record: Traject | None = ctx.traject or ctx.naast
    if record is not None:
        return Bron("traject.json", record.afronding)
    if pv is not None:
        embedded = embedded_record(pv)
        if embedded is not None:
            return Bron(f"het record in de metadata van {ctx.label(pv)}", embedded.afronding)
    return None


def check_pv_timing(ctx: Context) -> Iterator[Bevinding]:
    """X11: a PV only once the trajectory has ended; a finished one without PV is noted."""
    pvs = ctx.of("PV")
    if not pvs:
        yield from _missing_pv(ctx)
    vandaag = dt.date.today()
    for pv in pvs:
        finding = _made_too_early(ctx, pv, vandaag)
        if finding is not None:
            yield finding


def _made_too_early(ctx: Context, pv: DocumentFeiten, vandaag: dt.date) -> Bevinding | None:
    """The one X11 ``fout`` of a PV drawn up before the trajectory ended, if any: its record
    has no ``afronding``; its date of issue lies after today; it was issued before the end
    of its period; or that period has not ended yet."""
    bron = source(ctx, pv)
    end = _period_end(pv)
    issued = _issue_date(pv, bron)
    if bron is not None and bron.afronding is None:
        return Bevinding(
            "X11",
            "fout",
            "pv-zonder-afronding",
            f"{ctx.label(pv)}: {TE_VROEG}: {bron.waar} heeft geen afronding. Een "
            "praktijkverklaring wordt pas gemaakt als het traject is afgelopen. Loopt het "
            "traject nog, verwijder dan deze PV. Is het afgelopen, vul dan de afronding in "
            "(werkelijke einddatum, behaalde werkprocessen, datum van afgifte) en maak de PV "
            "opnieuw met genereer.",
            (pv.naam,),
        )
    if issued is not None and issued > vandaag:
        return Bevinding(
            "X11",
            "fout",
            "pv-afgifte-in-toekomst",
            f"{ctx.label(pv)}: {TE_VROEG}: afgegeven op {dutch_date(issued)}, en die dag "
            f"is nog niet gekomen (vandaag is {dutch_date(vandaag)}). Een praktijkverklaring "
            "wordt na afloop opgemaakt, niet vooruit gedateerd.",
            (pv.naam,),
            {f"{pv.naam} (afgifte)": dutch_date(issued), "vandaag": dutch_date(vandaag)},
        )
    if issued is not None and end is not None and issued < end:
        return Bevinding(
            "X11",
            "fout",
            "pv-te-vroeg",
            f"{ctx.label(pv)}: {TE_VROEG}: afgegeven op {dutch_date(issued)}, maar de "
            f"periode loopt tot en met {dutch_date(end)}.",
            (pv.naam,),
            {f"{pv.naam} (afgifte)": dutch_date(issued), f"{pv.naam} (einde)": dutch_date(end)},
        )
    if end is not None and end > vandaag:
        return Bevinding(
            "X11",
            "fout",
            "pv-te-vroeg",
            f"{ctx.label(pv)}: {TE_VROEG}: de periode loopt tot en met {dutch_date(end)}, "
            f"en die dag is nog niet voorbij (vandaag is {dutch_date(vandaag)}).",
            (pv.naam,),
            {f"{pv.naam} (einde)": dutch_date(end), "vandaag": dutch_date(vandaag)},
        )
    return None


def _missing_pv(ctx: Context) -> Iterator[Bevinding]:
    if ctx.consensus("Einddoel") != "praktijkverklaring":
        return
    contracts = ctx.of(*CONTRACTEN)
    bron = source(ctx, None)
    if bron is not None and bron.afronding is None:
        return  # not finished: the PV is made at the end (domein.md section 2)
    if bron is not None and not bron.afronding.behaalde_werkprocessen:  # type: ignore[union-attr]
        return  # finished without learned werkprocessen: no PV is made (V13)
    if bron is None:
        eind = ctx.consensus("Einddatum", ("OOK", "POK"))
        if not isinstance(eind, dt.date) or eind >= dt.date.today():
            return
        reden = (
            f"de geplande einddatum ({dutch_date(eind)}) is voorbij; is het traject afgerond, "
            "dan hoort er een praktijkverklaring bij"
        )
    else:
        reden = f"het traject is afgerond ({bron.waar})"
    yield Bevinding(
        "X11",
        "niet-gecontroleerd",
        "pv-ontbreekt",
        f"Het einddoel is praktijkverklaring ({join([ctx.label(d) for d in contracts])}) en "
        f"{reden}, maar er is (nog) geen praktijkverklaring (PV). Voeg de PV toe; dan wordt "
        "ze gecontroleerd.",
        names(contracts),
    )


def _period_end(pv: DocumentFeiten) -> dt.date | None:
    ends = [f.waarde for f in facts(pv.tekst.zinnen if pv.tekst else ()) if f.soort == "einddatum"]
    for value in (*ends, pv.waarde("Einddatum").sleutel):
        if isinstance(value, dt.date):
            return value
    return None


def _printed_issue(pv: DocumentFeiten) -> dt.date | None:
    """The date of issue the PV prints. It stands with the examencommissie's part, after
    the praktijkopleider's signature block, so the whole text is read, not only the
    clauses before the first signature."""
    if pv.tekst is None:
        return None
    whole = clause_text(pv.tekst.regels, None, volledig=True, weglaten=pv.kop_en_voet)
    for feit in facts(whole):
        if feit.soort == "afgiftedatum" and isinstance(feit.waarde, dt.date):
            return feit.waarde
    return None


def _issue_date(pv: DocumentFeiten, bron: Bron | None) -> dt.date | None:
    printed = _printed_issue(pv)
    if printed is not None:
        return printed
    if bron is not None and bron.afronding is not None:
        return bron.afronding.datum_afgifte
    return None


def check_pv_content(ctx: Context) -> Iterator[Bevinding]:
    """X17: the PV states what ``afronding`` says: period end, date of issue, werkprocessen."""
    for pv in ctx.of("PV"):
        bron = source(ctx, pv)
        if bron is None or bron.afronding is None:
            continue
        afronding = bron.afronding
        problems: list[str] = []
        waarden: dict[str, str] = {}
        end = _period_end(pv)
        if end is not None and end != afronding.werkelijke_einddatum:
            problems.append(
                f"de periode eindigt op {dutch_date(end)}, de afronding zegt "
                f"{dutch_date(afronding.werkelijke_einddatum)}"
            )
            waarden[f"{pv.naam} (einde)"] = dutch_date(end)
            waarden[f"{bron.waar} (werkelijke einddatum)"] = dutch_date(
                afronding.werkelijke_einddatum
            )
        printed = _printed_issue(pv)
        if printed is not None and afronding.datum_afgifte and printed != afronding.datum_afgifte:
            problems.append(
                f"afgegeven op {dutch_date(printed)}, de afronding zegt "
                f"{dutch_date(afronding.datum_afgifte)}"
            )
        listed = {code for code, _ in pv.werkprocessen}
        learned = set(afronding.behaalde_werkprocessen)
        if listed != learned:
            extra, missing = sorted(listed - learned), sorted(learned - listed)
            parts = []
            if extra:
                parts.append(f"noemt {', '.join(extra)} die niet als behaald zijn vastgelegd")
            if missing:
                parts.append(f"mist {', '.join(missing)}")
            problems.append(f"de werkprocessen wijken af: de PV {' en '.join(parts)}")
            waarden[pv.naam] = ", ".join(sorted(listed)) or "geen"
            waarden[bron.waar] = ", ".join(sorted(learned)) or "geen"
        if problems:
            yield Bevinding(
                "X17",
                "fout",
                "pv-wijkt-af-van-afronding",
                f"{ctx.label(pv)} zegt niet wat de afronding ({bron.waar}) zegt: "
                f"{'; '.join(problems)}. Maak de PV opnieuw met genereer.",
                (pv.naam,),
                waarden,
            )
