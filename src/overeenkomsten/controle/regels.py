"""The rules of the check, in order: X0-X14 of domein.md section 5, plus TM (text against
metadata) and TR (documents against traject.json).

Each rule is a small function of the :class:`~overeenkomsten.controle.basis.Context` that
yields findings; a rule that yields nothing has passed. This module holds the rules about
the same facts on every document (X0, X1, X3-X5, X13, X14); the others live by theme:
:mod:`.perioden` (X2, X12), :mod:`.erkenning` (X6), :mod:`.ondertekening` (X7, X8),
:mod:`.praktijkverklaring` (X9-X11), :mod:`.herkomst` (TM, TR).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.afronding import check_pv_content
from overeenkomsten.controle.basis import CONTRACTEN, Context, Rule, compare, join, names
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.clausules import check_clauses
from overeenkomsten.controle.erkenning import check_erkenning
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.herkomst import check_metadata, check_record
from overeenkomsten.controle.ondertekening import check_signatures, check_signed_beforehand
from overeenkomsten.controle.perioden import check_periods, check_placement
from overeenkomsten.controle.praktijkverklaring import (
    check_praktijkopleider,
    check_pv,
    check_werkprocessen,
)
from overeenkomsten.errors import mask_bsn
from overeenkomsten.model.kenmerken import TITELS, DocumentType, werkproces_regel
from overeenkomsten.register import KwalificatieRegister

OOK_NIET_MEER_VERPLICHT = dt.date(2023, 8, 1)
DERDE_LEERWEG = ("OVO", "ODT")


@dataclass(frozen=True)
class Regel:
    """One rule: a stable code (``X1``), a short Dutch title, and its check. A rule about
    one document (``over``: the PV) does not apply to a set without that document: it is
    reported as *niet van toepassing*, not as passed."""

    code: str
    titel: str
    check: Rule
    over: DocumentType | None = None


# --- X0 and X14: completeness --------------------------------------------------------------


def check_complete(ctx: Context) -> Iterator[Bevinding]:
    """X0: OOK, POK and PLOK present; every document carries the same traject_id."""
    present = {s.type for s in ctx.staat.documenten}  # one definition, shared with status
    start = ctx.startdatum
    maybe = [d.naam for d in ctx.onleesbaar]
    for document in CONTRACTEN:
        if document in present:
            continue
        bericht = f"De {TITELS[document].lower()} ({document}) ontbreekt."
        if document == "OOK":
            if start is not None and start >= OOK_NIET_MEER_VERPLICHT:
                continue  # X14: only a warning
            if start is None:
                yield Bevinding(
                    "X0",
                    "niet-gecontroleerd",
                    "ook-ontbreekt-startdatum-onbekend",
                    f"{bericht} Zonder leesbare startdatum is niet te zeggen of dat mag (X14).",
                )
                continue
        if maybe:
            yield Bevinding(
                "X0",
                "niet-gecontroleerd",
                "document-niet-gevonden",
                f"{bericht} Misschien is het een van de bestanden die niet gelezen konden "
                f"worden: {join(maybe)}.",
                tuple(maybe),
            )
        else:
            yield Bevinding("X0", "fout", "document-ontbreekt", bericht)
    for kind, docs in _by_type(ctx).items():
        if len(docs) > 1:
            yield Bevinding(
                "X0",
                "waarschuwing",
                "document-dubbel",
                f"Er zijn {len(docs)} documenten van soort {kind}: "
                f"{join(list(names(docs)))}. Ze zijn allemaal gecontroleerd.",
                names(docs),
            )
    yield from _same_trajectory(ctx)


def _by_type(ctx: Context) -> dict[str, list[DocumentFeiten]]:
    found: dict[str, list[DocumentFeiten]] = {}
    for doc in ctx.documenten:
        assert doc.type is not None
        found.setdefault(doc.type, []).append(doc)
    return found


def _same_trajectory(ctx: Context) -> Iterator[Bevinding]:
    ids = {d.naam: d.waarde("Traject") for d in ctx.documenten}
    missing = [d for d in ctx.documenten if not ids[d.naam].gelezen]
    if missing:
        yield Bevinding(
            "X0",
            "niet-gecontroleerd",
            "traject-niet-leesbaar",
            f"Geen traject-ID gevonden in {join([ctx.label(d) for d in missing])}.",
            names(missing),
        )
    readable = [d for d in ctx.documenten if ids[d.naam].gelezen]
    counts: dict[object, int] = {}
    for doc in readable:
        counts[ids[doc.naam].sleutel] = counts.get(ids[doc.naam].sleutel, 0) + 1
    if len(counts) <= 1:
        return
    waarden = {d.naam: ids[d.naam].tekst or "" for d in readable}
    top = max(counts.values())
    majority = [key for key, n in counts.items() if n == top]
    if len(majority) == 1:
        odd = [d for d in readable if ids[d.naam].sleutel != majority[0]]
        usual = next(ids[d.naam].tekst for d in readable if ids[d.naam].sleutel == majority[0])
        parts = [f"{ctx.label(d)} hoort bij traject {ids[d.naam].tekst}" for d in odd]
        bericht = f"{'; '.join(parts)}; de andere documenten bij traject {usual}."
    else:
        odd = readable
        parts = [f"{ctx.label(d)} {ids[d.naam].tekst}" for d in readable]
        bericht = f"De documenten horen bij verschillende trajecten: {', '.join(parts)}."
    yield Bevinding("X0", "fout", "traject-verschilt", bericht, names(odd), waarden)


def check_ook_after_2023(ctx: Context) -> Iterator[Bevinding]:
    """X14: from 1 August 2023 a missing OOK is a warning, not an error."""
    start = ctx.startdatum
    if ctx.of("OOK") or start is None or start < OOK_NIET_MEER_VERPLICHT:
        return
    yield Bevinding(
        "X14",
        "waarschuwing",
        "ook-ontbreekt",
        f"Er is geen onderwijsovereenkomst (OOK). De startdatum ({dutch_date(start)}) ligt op "
        "of na 1 augustus 2023; voor de derde leerweg is een OOK dan niet wettelijk verplicht, "
        "maar wel gebruikelijk.",
    )


def check_startdatum(ctx: Context) -> Iterator[Bevinding]:
    """X1: the same startdatum on OOK, POK (begin of the bpv) and PLOK."""
    yield from compare(
        ctx, "X1", "startdatum-verschilt", "startdatum", ctx.of(*CONTRACTEN), "Startdatum"
    )


def check_kwalificatie(ctx: Context) -> Iterator[Bevinding]:
    """X3: the same crebo on OOK, POK and PLOK; the PV's werkprocessen from named crebos."""
    contracts = ctx.of(*CONTRACTEN)
    yield from compare(ctx, "X3", "crebo-verschilt", "crebonummer", contracts, "Crebonummer")
    yield from compare(ctx, "X3", "opleiding-verschilt", "opleiding", contracts, "Opleiding")
    named = {str(v.sleutel) for d in contracts if (v := d.waarde("Crebonummer")).gelezen} | {
        crebo for pok in ctx.of("POK") for _, crebo in pok.werkprocessen
    }
    for pv in ctx.of("PV"):
        foreign = [(code, crebo) for code, crebo in pv.werkprocessen if crebo not in named]
        if foreign and named:
            yield Bevinding(
                "X3",
                "fout",
                "werkproces-kwalificatie-onbekend",
                f"De {ctx.label(pv)} noemt werkprocessen uit een kwalificatie die het traject "
                f"niet noemt: {', '.join(werkproces_regel(*w) for w in foreign)}; het traject "
                f"noemt crebo {join(sorted(named))}.",
                (pv.naam,),
                {pv.naam: ", ".join(werkproces_regel(*w) for w in foreign)},
            )
    yield from _crebos_in_register(ctx, named)


def _crebos_in_register(ctx: Context, crebos: set[str]) -> Iterator[Bevinding]:
    register = ctx.register or KwalificatieRegister.default()
    start = ctx.startdatum
    for crebo in sorted(crebos):
        kwalificatie = register.get(crebo)
        if kwalificatie is None:
            yield Bevinding(
                "X3",
                "waarschuwing" if register.is_default else "fout",
                "crebo-onbekend",
                f"Crebo {crebo} staat niet in het kwalificatieregister ({register.bron})."
                + (
                    " Dat register is oud; geef de actuele codelijst van SBB met --register."
                    if register.is_default
                    else ""
                ),
            )
            continue
        if start is None:
            continue
        if kwalificatie.geldig_van and start < kwalificatie.geldig_van:
            yield Bevinding(
                "X3",
                "fout",
                "crebo-nog-niet-geldig",
                f"Crebo {crebo} is pas geldig vanaf {dutch_date(kwalificatie.geldig_van)}; de "
                f"startdatum is {dutch_date(start)}.",
            )
        if kwalificatie.geldig_tot and start > kwalificatie.geldig_tot:
            yield Bevinding(
                "X3",
                "fout",
                "crebo-niet-meer-geldig",
                f"Crebo {crebo} was geldig tot {dutch_date(kwalificatie.geldig_tot)}; de "
                f"startdatum is {dutch_date(start)}.",
            )


def check_kandidaat(ctx: Context) -> Iterator[Bevinding]:
    """X4: the same kandidaat (naam, geboortedatum; BSN where printed) on every document."""
    docs = ctx.documenten
    yield from compare(ctx, "X4", "kandidaat-verschilt", "kandidaat", docs, "Kandidaat")
    yield from compare(ctx, "X4", "geboortedatum-verschilt", "geboortedatum", docs, "Geboortedatum")
    with_bsn = [d for d in docs if d.bsn]
    if len({d.bsn[0] for d in with_bsn}) > 1:
        yield Bevinding(
            "X4",
            "fout",
            "bsn-verschilt",
            "BSN verschilt: "
            + ", ".join(f"{ctx.label(d)} BSN {mask_bsn(d.bsn[0])}" for d in with_bsn)
            + ".",
            names(with_bsn),
            {d.naam: mask_bsn(d.bsn[0]) for d in with_bsn},
        )


def check_parties(ctx: Context) -> Iterator[Bevinding]:
    """X5: the same instelling (BRIN) on OOK, POK, PV; the same leerbedrijf on POK, PLOK, PV."""
    school = ctx.of("OOK", "POK", "PV")
    company = ctx.of("POK", "PLOK", "PV")
    yield from compare(
        ctx, "X5", "brin-verschilt", "BRIN", school, "Instelling (BRIN)", deel="code"
    )
    yield from compare(
        ctx,
        "X5",
        "instelling-naam-verschilt",
        "naam van de instelling",
        school,
        "Instelling (BRIN)",
        deel="naam",
        ernst="waarschuwing",
    )
    yield from compare(
        ctx, "X5", "kvk-verschilt", "KvK-nummer", company, "Leerbedrijf (KvK)", deel="code"
    )
    yield from compare(
        ctx, "X5", "leerbedrijf-id-verschilt", "leerbedrijf-ID", company, "Leerbedrijf-ID"
    )
    yield from compare(
        ctx,
        "X5",
        "leerbedrijf-naam-verschilt",
        "naam van het leerbedrijf",
        company,
        "Leerbedrijf (KvK)",
        deel="naam",
        ernst="waarschuwing",
    )


def check_leerweg(ctx: Context) -> Iterator[Bevinding]:
    """X13: the leerweg is the derde leerweg (OVO or ODT); anything else is a warning."""
    derde = []
    for doc in ctx.documenten:
        value = doc.waarde("Leerweg")
        if value.tekst is None or value.tekst.upper() in DERDE_LEERWEG:
            derde.append(doc)
        else:
            yield Bevinding(
                "X13",
                "waarschuwing",
                "geen-derde-leerweg",
                f"{ctx.label(doc)} leerweg {value.tekst}: dat is niet de derde leerweg (OVO of "
                "ODT).",
                (doc.naam,),
                {doc.naam: value.tekst},
            )
    # OVO on one document and ODT on another: both derde leerweg, but not the same.
    yield from compare(
        ctx,
        "X13",
        "leerweg-verschilt",
        "leerweg",
        derde,
        "Leerweg",
        ernst="waarschuwing",
        minimum=1,
    )


REGELS: tuple[Regel, ...] = (
    Regel("X0", "OOK, POK en PLOK aanwezig en van hetzelfde traject", check_complete),
    Regel("X1", "Zelfde startdatum op OOK, POK en PLOK", check_startdatum),
    Regel("X2", "PLOK hoogstens 40 weken en niet langer dan de POK", check_placement),
    Regel("X3", "Zelfde crebonummer; werkprocessen uit genoemde kwalificaties", check_kwalificatie),
    Regel("X4", "Zelfde kandidaat op alle documenten", check_kandidaat),
    Regel("X5", "Zelfde instelling en leerbedrijf", check_parties),
    Regel("X6", "Leerbedrijf erkend voor deze crebo over de hele periode", check_erkenning),
    Regel("X7", "Alle vereiste handtekeningen aanwezig en intact", check_signatures),
    Regel("X8", "OOK en POK vooraf ondertekend", check_signed_beforehand),
    Regel("X9", "Praktijkopleider van de POK tekent de PV", check_praktijkopleider, "PV"),
    Regel("X10", "Werkprocessen van de PV staan in de POK", check_werkprocessen, "PV"),
    Regel("X11", "PV alleen bij einddoel praktijkverklaring, na de afronding", check_pv),
    Regel("X12", "Perioden liggen binnen elkaar", check_periods),
    Regel("X13", "Derde leerweg (OVO of ODT)", check_leerweg),
    Regel("X14", "Startdatum vanaf 1 augustus 2023: OOK niet verplicht", check_ook_after_2023),
    Regel("X15", "De artikelen zeggen wat de Kenmerken zeggen", check_clauses),
    Regel("X17", "De PV zegt wat de afronding zegt", check_pv_content, "PV"),
    Regel("TM", "Tekst en metadata gelijk", check_metadata),
)
RECORD_REGEL = Regel("TR", "Documenten gelijk aan traject.json", check_record)
