"""The signature rules: X7 (every required signature present and intact) and X8 (OOK and POK
signed *vooraf*, before the start). They read the :class:`Handtekening` records that the
signature inspection (:mod:`overeenkomsten.handtekeningen`) made of each PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.basis import Context, join, names
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import Deel, DocumentFeiten
from overeenkomsten.controle.tekst import normalize
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import ROL_LABELS, Rol, required_roles
from overeenkomsten.model.traject import is_adult

GEEN_DIGITALE_HANDTEKENING = "geen digitale handtekening: niet digitaal controleerbaar"
NL = ZoneInfo("Europe/Amsterdam")

_BASE_ROLES: dict[str, tuple[Rol, ...]] = {
    "OOK": ("instelling", "kandidaat"),
    "POK": ("instelling", "leerbedrijf", "kandidaat"),
    "PLOK": ("rmt", "leerbedrijf", "kandidaat"),
    "PV": ("praktijkopleider", "examencommissie"),
}
# The party a role signs for, as the Kenmerken block names it.
_PARTY_LABELS: dict[Rol, tuple[str, Deel]] = {
    "kandidaat": ("Kandidaat", "geheel"),
    "instelling": ("Instelling (BRIN)", "naam"),
    "leerbedrijf": ("Leerbedrijf (KvK)", "naam"),
    "praktijkopleider": ("Praktijkopleider", "geheel"),
}


def signatures(doc: DocumentFeiten) -> list[Handtekening] | None:
    """The document's digital signatures (timestamps left out); None when there are none
    or they could not be inspected."""
    if doc.bron != "pdf" or doc.handtekeningen is None:
        return None
    found = [h for h in doc.handtekeningen if h.soort != "tijdstempel"]
    return found or None


def _unsigned(ctx: Context, regel: str, docs: list[DocumentFeiten]) -> Iterator[Bevinding]:
    """One finding for the documents without a digital signature, one per other reason."""
    plain = [d for d in docs if d.bron != "pdf" or d.handtekeningen is not None]
    if plain:
        yield Bevinding(
            regel,
            "niet-gecontroleerd",
            "geen-digitale-handtekening",
            f"{join([ctx.label(d) for d in plain])}: {GEEN_DIGITALE_HANDTEKENING}.",
            names(plain),
        )
    for doc in docs:
        if doc not in plain:
            yield Bevinding(
                regel,
                "niet-gecontroleerd",
                "handtekeningen-niet-gecontroleerd",
                f"{ctx.label(doc)}: {doc.handtekeningen_reden}.",
                (doc.naam,),
            )


def required(ctx: Context, doc: DocumentFeiten) -> tuple[Rol, ...]:
    """Who must sign ``doc``: from traject.json when given, else from the document itself.

    Without the record, a wettelijk vertegenwoordiger is required on OOK and POK when the
    document prints a signature block for one, or when the kandidaat was under 18 at the
    earliest signing time.
    """
    assert doc.type is not None
    if ctx.traject is not None:
        return required_roles(ctx.traject, doc.type)
    roles = _BASE_ROLES[doc.type]
    if doc.type in ("OOK", "POK") and _minor(doc):
        roles = (*roles, "wettelijk-vertegenwoordiger")
    return roles


def _minor(doc: DocumentFeiten) -> bool:
    if doc.ondertekenaar("wettelijk-vertegenwoordiger") is not None:
        return True
    born = doc.waarde("Geboortedatum").sleutel
    times = [h.tijdstip for h in signatures(doc) or [] if h.tijdstip is not None]
    if not isinstance(born, dt.date) or not times:
        return False
    return not is_adult(born, min(t.astimezone(NL).date() for t in times))


def _party_names(doc: DocumentFeiten, rol: Rol) -> set[str]:
    found: set[str] = set()
    block = doc.ondertekenaar(rol)
    if block is not None:
        found.update(normalize(n).casefold() for n in (block.naam, block.namens) if n)
    if rol in _PARTY_LABELS:
        label, deel = _PARTY_LABELS[rol]
        value = doc.waarde(label, deel)
        if value.tekst:
            found.add(normalize(value.tekst).casefold())
    return found


def counts_for(signature: Handtekening, rol: Rol, doc: DocumentFeiten) -> bool:
    """Whether ``signature`` counts for party ``rol`` of ``doc`` (X7)."""
    if signature.soort != "handtekening":
        return False
    if signature.rol == rol:
        return True
    return normalize(signature.ondertekenaar).casefold() in _party_names(doc, rol)


def check_signatures(ctx: Context) -> Iterator[Bevinding]:
    """X7: every required signature present, intact, and changed only by signing."""
    unsigned = [d for d in ctx.documenten if signatures(d) is None]
    yield from _unsigned(ctx, "X7", unsigned)
    for doc in ctx.documenten:
        found = signatures(doc)
        if found is None:
            continue
        yield from _broken(ctx, doc, doc.handtekeningen or ())
        for partij in ctx.staat.van(doc).partijen:
            if partij.stand == "ontbreekt":
                rol = partij.rol
                wie = f" ({partij.naam})" if partij.naam else ""
                yield Bevinding(
                    "X7",
                    "fout",
                    "handtekening-ontbreekt",
                    f"{ctx.label(doc)}: de handtekening {ROL_LABELS[rol]}{wie} ontbreekt.",
                    (doc.naam,),
                    {doc.naam: ", ".join(h.ondertekenaar for h in found)},
                )
        untrusted = [h for h in found if h.in_orde and not h.vertrouwd]
        if untrusted:
            yield Bevinding(
                "X7",
                "waarschuwing",
                "handtekening-niet-vertrouwd",
                f"{ctx.label(doc)}: de "
                f"{'handtekening' if len(untrusted) == 1 else 'handtekeningen'} van "
                f"{join([h.ondertekenaar for h in untrusted])} "
                f"{'is' if len(untrusted) == 1 else 'zijn'} in orde, maar het certificaat is "
                "niet als vertrouwd aangetoond (geef het basiscertificaat met --vertrouwd).",
                (doc.naam,),
            )


def _broken(
    ctx: Context, doc: DocumentFeiten, found: tuple[Handtekening, ...]
) -> Iterator[Bevinding]:
    for h in found:
        if h.in_orde:
            continue
        if not h.intact or not h.geldig:
            reden = (
                "is niet intact: het ondertekende deel is gewijzigd of de handtekening klopt niet"
            )
            code = "handtekening-niet-intact"
        else:
            reden = f"is gezet, maar daarna is het document gewijzigd ({h.wijzigingen})"
            code = "gewijzigd-na-ondertekening"
        yield Bevinding(
            "X7",
            "fout",
            code,
            f"{ctx.label(doc)}: de {h.soort} in veld '{h.veld}' van {h.ondertekenaar} {reden}.",
            (doc.naam,),
        )


def check_signed_beforehand(ctx: Context) -> Iterator[Bevinding]:
    """X8: OOK and POK are signed on or before their startdatum."""
    docs = ctx.of("OOK", "POK")
    yield from _unsigned(ctx, "X8", [d for d in docs if signatures(d) is None])
    for doc in docs:
        found = signatures(doc)
        if found is None:
            continue
        start = doc.waarde("Startdatum").sleutel
        if not isinstance(start, dt.date):
            yield Bevinding(
                "X8",
                "niet-gecontroleerd",
                "startdatum-onleesbaar",
                f"{ctx.label(doc)}: de startdatum is niet leesbaar.",
                (doc.naam,),
            )
            continue
        for tijd in ctx.staat.van(doc).tijden:
            h = tijd.handtekening
            if tijd.dag is None:
                yield Bevinding(
                    "X8",
                    "niet-gecontroleerd",
                    "tijdstip-onbekend",
                    f"{ctx.label(doc)}: de handtekening van {h.ondertekenaar} heeft geen tijdstip.",
                    (doc.naam,),
                )
                continue
            if tijd.te_laat:
                dag = tijd.dag
                bron = (
                    " (tijd volgens de ondertekenaar)" if h.tijdstip_bron != "tijdstempel" else ""
                )
                yield Bevinding(
                    "X8",
                    "fout",
                    "getekend-na-startdatum",
                    f"{ctx.label(doc)} is door {h.ondertekenaar} ondertekend op "
                    f"{dutch_date(dag)}{bron}, na de startdatum {dutch_date(start)}; OOK en POK "
                    "horen vooraf getekend te worden.",
                    (doc.naam,),
                    {doc.naam: f"ondertekend {dutch_date(dag)}, startdatum {dutch_date(start)}"},
                )
