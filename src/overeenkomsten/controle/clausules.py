"""X15: the clauses say what the Kenmerken say.

The Kenmerken block is a summary; the parties sign the clauses. Every value a clause
states (read by :mod:`.artikelen`, whatever the wording) must be one of the trajectory's
facts of that kind: a start date the startdatum, a crebo the crebonummer or that of a
listed werkproces, a BRIN, KvK-nummer, leerbedrijf-ID and traject those of the Kenmerken,
the hours per week and in total consistent with the period, the opleidingskosten the same
on every document; and the names the Kenmerken give stand in the clauses. A disagreement
is a ``fout`` naming the clause and both values. The comparison of the whole text with the
template (:mod:`.tekstvergelijking`) catches what is not a fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from overeenkomsten._getallen import getal
from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.artikelen import Feit, facts
from overeenkomsten.controle.basis import Context
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.tekst import normalize
from overeenkomsten.controle.tekstvergelijking import check_template_text
from overeenkomsten.model.kenmerken import DocumentType

#: The names a clause of each document states (Kenmerken label, how the message calls it).
_NAMES: dict[DocumentType, tuple[tuple[str, str, str], ...]] = {
    "OOK": (("Kandidaat", "geheel", "kandidaat"), ("Instelling (BRIN)", "naam", "instelling")),
    "POK": (
        ("Kandidaat", "geheel", "kandidaat"),
        ("Instelling (BRIN)", "naam", "instelling"),
        ("Leerbedrijf (KvK)", "naam", "leerbedrijf"),
        ("Praktijkopleider", "geheel", "praktijkopleider"),
    ),
    "PLOK": (("Kandidaat", "geheel", "kandidaat"), ("Leerbedrijf (KvK)", "naam", "leerbedrijf")),
    "PV": (
        ("Kandidaat", "geheel", "kandidaat"),
        ("Leerbedrijf (KvK)", "naam", "leerbedrijf"),
        ("Praktijkopleider", "geheel", "praktijkopleider"),
    ),
}
#: With fewer sentences a document has no clauses to read (a summary, a test stub).
_MIN_ZINNEN = 3


def check_clauses(ctx: Context) -> Iterator[Bevinding]:
    """X15: each clause's facts against the Kenmerken, and the text against the template."""
    seen: set[tuple[str, str]] = set()
    for bevinding in check_template_text(ctx):
        seen.update((d, bevinding.code) for d in bevinding.waarden)
        yield bevinding
    kosten = _costs(ctx)
    for doc in ctx.documenten:
        if doc.tekst is None or len(doc.tekst.zinnen) < _MIN_ZINNEN:
            continue
        for bevinding in _document(ctx, doc, kosten):
            key = next(iter(bevinding.waarden), "")
            if (key, bevinding.code) not in seen:
                yield bevinding


def _document(
    ctx: Context, doc: DocumentFeiten, kosten: dict[Decimal, tuple[str, list[str]]]
) -> Iterator[Bevinding]:
    gevonden = facts(doc.tekst.zinnen if doc.tekst else ())
    for feit in gevonden:
        expected = _expected(ctx, doc, feit)
        if expected is not None:
            yield _differs(ctx, doc, feit, expected)
    yield from _hours(ctx, doc, gevonden)
    if len(kosten) > 1:
        for feit in gevonden:
            if feit.soort == "opleidingskosten":
                others = [
                    f"{shown} ({', '.join(labels)})"
                    for amount, (shown, labels) in kosten.items()
                    if amount != feit.waarde
                ]
                yield _differs(ctx, doc, feit, " en ".join(others), "op een ander document")
    yield from _names(ctx, doc)


def _differs(
    ctx: Context, doc: DocumentFeiten, feit: Feit, expected: str, waar: str = "Kenmerken"
) -> Bevinding:
    return Bevinding(
        "X15",
        "fout",
        "artikel-wijkt-af",
        f"{ctx.label(doc)} {feit.plek}: {feit.soort} {feit.tekst}; {waar}: {expected}. De "
        "artikelen zijn wat partijen ondertekenen: laat artikel en Kenmerken hetzelfde zeggen "
        "(maak het document opnieuw met genereer).",
        (doc.naam,),
        {f"{doc.naam} ({feit.plek})": feit.tekst, f"{doc.naam} ({waar})": expected},
    )


def _expected(ctx: Context, doc: DocumentFeiten, feit: Feit) -> str | None:
    """What the Kenmerken say when ``feit`` is not one of the trajectory's facts, else None."""
    value = feit.waarde
    if feit.soort in ("startdatum", "einddatum", "geboortedatum"):
        assert isinstance(value, dt.date)
        allowed = _dates(ctx, doc, feit.soort)
        label = {"startdatum": "Startdatum", "einddatum": "Einddatum"}.get(
            feit.soort, "Geboortedatum"
        )
        printed = doc.waarde(label)
        if not allowed or value in allowed or _studiejaar_grens(doc, feit.soort, value):
            return None
        return printed.tekst or ", ".join(dutch_date(d) for d in sorted(allowed))
    if feit.soort == "crebonummer":
        crebo = doc.waarde("Crebonummer").sleutel
        allowed_crebos = {crebo, *(c for _, c in doc.werkprocessen)} - {None}
        if ctx.traject is not None:
            allowed_crebos |= {w.crebo for w in ctx.traject.werkprocessen}
        if not allowed_crebos or value in allowed_crebos:
            return None
        return str(crebo) if crebo else ", ".join(sorted(map(str, allowed_crebos)))
    codes = {
        "BRIN": ("Instelling (BRIN)", "code"),
        "KvK-nummer": ("Leerbedrijf (KvK)", "code"),
        "leerbedrijf-ID": ("Leerbedrijf-ID", "geheel"),
    }
    if feit.soort in codes:
        label, deel = codes[feit.soort]
        printed = doc.waarde(label, deel)  # type: ignore[arg-type]
        if not printed.gelezen:
            return None
        key = str(printed.sleutel).upper()
        return None if key == value else printed.tekst
    if feit.soort == "traject":
        printed = doc.waarde("Traject")
        if not printed.gelezen or printed.sleutel == value:
            return None
        return printed.tekst
    return None


def _dates(ctx: Context, doc: DocumentFeiten, soort: str) -> set[dt.date]:
    """The dates a clause may state as ``soort``: this document's, and for an end date the
    end of every period of the trajectory (the PLOK ends with the placement, the PV with
    the afronding)."""
    if soort == "startdatum":
        labels, docs = ["Startdatum"], [doc]
    elif soort == "geboortedatum":
        labels, docs = ["Geboortedatum"], [doc]
    else:
        labels, docs = ["Einddatum"], [doc, *ctx.documenten]
    found = {
        v.sleutel
        for d in docs
        for label in labels
        if isinstance((v := d.waarde(label)).sleutel, dt.date)
    }
    dates = {d for d in found if isinstance(d, dt.date)}
    traject = ctx.traject
    if soort == "einddatum" and dates and traject is not None:
        dates |= {traject.einddatum, traject.plaatsing_eind}
        afronding = getattr(traject, "afronding", None)
        einde = getattr(afronding, "werkelijke_einddatum", None)
        if isinstance(einde, dt.date):
            dates.add(einde)
    return dates


def _studiejaar_grens(doc: DocumentFeiten, soort: str, value: dt.date) -> bool:
    """1 August and 31 July inside the period: a studiejaar's bounds (the POK splits its
    hours per studiejaar)."""
    start, eind = doc.waarde("Startdatum").sleutel, doc.waarde("Einddatum").sleutel
    if not isinstance(start, dt.date) or not isinstance(eind, dt.date):
        return False
    if not start <= value <= eind:
        return False
    if soort == "startdatum":
        return (value.month, value.day) == (8, 1)
    return soort == "einddatum" and (value.month, value.day) == (7, 31)


def _hours(ctx: Context, doc: DocumentFeiten, gevonden: list[Feit]) -> Iterator[Bevinding]:
    """Hours per week as the record says; the total as the period and the hours per week
    give (domein.md V7: weeks x hours per week, rounded half up)."""
    per_week = [f for f in gevonden if f.soort == "uren per week"]
    totals = [f for f in gevonden if f.soort == "uren in totaal"]
    traject = ctx.traject
    if traject is not None:
        for feit in per_week:
            if feit.waarde != Decimal(str(traject.bpv.uren_per_week)):
                yield _differs(ctx, doc, feit, f"{traject.bpv.uren_per_week}", "traject.json")
    start, eind = doc.waarde("Startdatum").sleutel, doc.waarde("Einddatum").sleutel
    if not per_week or not isinstance(start, dt.date) or not isinstance(eind, dt.date):
        return
    uren = per_week[0].waarde
    assert isinstance(uren, Decimal)
    weeks = Decimal((eind - start).days + 1) / 7
    expected = (weeks * uren).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    for feit in totals:
        if feit.waarde != expected:
            shown = getal(expected)
            yield _differs(
                ctx,
                doc,
                feit,
                f"{shown} uur ({per_week[0].tekst} uur per week van {dutch_date(start)} tot en "
                f"met {dutch_date(eind)})",
                "berekend uit de Kenmerken",
            )


def _costs(ctx: Context) -> dict[Decimal, tuple[str, list[str]]]:
    """Opleidingskosten -> as printed, and the documents stating them (they must all say
    the same)."""
    found: dict[Decimal, tuple[str, list[str]]] = {}
    for doc in ctx.documenten:
        if doc.tekst is None:
            continue
        for feit in facts(doc.tekst.zinnen):
            if feit.soort == "opleidingskosten" and isinstance(feit.waarde, Decimal):
                labels = found.setdefault(feit.waarde, (feit.tekst, []))[1]
                if ctx.label(doc) not in labels:
                    labels.append(ctx.label(doc))
    return found


def _names(ctx: Context, doc: DocumentFeiten) -> Iterator[Bevinding]:
    """The names the Kenmerken give appear in the clauses (who the parties are)."""
    assert doc.type is not None
    assert doc.tekst is not None
    text = normalize(" ".join(z.tekst for z in doc.tekst.zinnen)).casefold()
    for label, deel, wie in _NAMES[doc.type]:
        value = doc.waarde(label, deel)  # type: ignore[arg-type]
        if not value.tekst or normalize(value.tekst).casefold() in text:
            continue
        yield Bevinding(
            "X15",
            "fout",
            "naam-niet-in-artikelen",
            f"{ctx.label(doc)}: de Kenmerken noemen als {wie} '{value.tekst}', maar die naam "
            "staat in geen enkel artikel. De artikelen zijn wat partijen ondertekenen: laat ze "
            "dezelfde partij noemen als de Kenmerken.",
            (doc.naam,),
            {f"{doc.naam} (Kenmerken)": value.tekst},
        )
