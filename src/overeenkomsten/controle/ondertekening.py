"""The signature rules: X7 (every required signature present and intact) and X8 (OOK and POK
signed *vooraf*, before the start). They read the :class:`Handtekening` records that the
signature inspection (:mod:`overeenkomsten.handtekeningen`) made of each PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.basis import Context, join, names
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.handmatig import check_attested, check_attested_beforehand
from overeenkomsten.handtekeningen.basis import ZONDER_BASIS
from overeenkomsten.handtekeningen.namen import matches_any
from overeenkomsten.handtekeningen.toewijzing import assign_signatures, record_names
from overeenkomsten.handtekeningen.types import Handtekening, Toewijzing
from overeenkomsten.model.kenmerken import ROL_LABELS, ROLLEN, Rol, required_roles
from overeenkomsten.model.traject import Traject, is_adult

GEEN_DIGITALE_HANDTEKENING = "geen digitale handtekening: niet digitaal controleerbaar"
NL = ZoneInfo("Europe/Amsterdam")

_BASE_ROLES: dict[str, tuple[Rol, ...]] = {
    "OOK": ("instelling", "kandidaat"),
    "POK": ("instelling", "leerbedrijf", "kandidaat"),
    "PLOK": ("rmt", "leerbedrijf", "kandidaat"),
    "PV": ("praktijkopleider", "examencommissie"),
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

    Without the record, a wettelijk vertegenwoordiger is required on OOK, POK and PLOK
    (domein.md v2 section 1) when the document prints a signature block for one, or when
    the kandidaat was under 18 at the earliest signing time.
    """
    assert doc.type is not None
    if ctx.traject is not None:
        return required_roles(ctx.traject, doc.type)
    roles = _BASE_ROLES[doc.type]
    if doc.type in ("OOK", "POK", "PLOK") and _minor(doc):
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


def party_names(ctx: Context, doc: DocumentFeiten) -> dict[Rol, tuple[str, ...]]:
    """Per role, the names of the person who signs for it: the name printed in the
    document's signature block first, then the record's names (``naam_op_certificaat``)."""
    found: dict[Rol, tuple[str, ...]] = {}
    for rol in ROLLEN:
        names: list[str] = []
        block = doc.ondertekenaar(rol)
        if block is not None and block.naam:
            names.append(block.naam)
        if rol == "kandidaat":
            value = doc.waarde("Kandidaat")
            if value.tekst:
                names.append(value.tekst)
        if ctx.traject is not None:
            names.extend(record_names(ctx.traject, rol))
        if names:
            found[rol] = tuple(dict.fromkeys(names))
    return found


def document_roles(ctx: Context, doc: DocumentFeiten) -> set[Rol]:
    """The roles ``doc`` has: those that must sign it and those it prints a block for."""
    return set(required(ctx, doc)) | {o.rol for o in doc.ondertekenaars}


def toewijzingen(ctx: Context, doc: DocumentFeiten) -> list[Toewijzing]:
    """For which party each signature of ``doc`` counts (X16)."""
    return assign_signatures(
        doc.handtekeningen or (), party_names(ctx, doc), document_roles(ctx, doc)
    )


def counts_for(
    signature: Handtekening, rol: Rol, doc: DocumentFeiten, ctx: Context | None = None
) -> bool:
    """Whether ``signature`` counts for party ``rol`` of ``doc`` (X16: the signer is the
    person printed for ``rol``, or the record's name for them when ``ctx`` has one)."""
    context = ctx if ctx is not None else Context(documenten=[doc])
    assigned = assign_signatures(
        [signature], party_names(context, doc), document_roles(context, doc)
    )
    return any(t.rol == rol for t in assigned)


def check_signatures(ctx: Context) -> Iterator[Bevinding]:
    """X7 and X16: every required signature present, intact, trusted, by the right person,
    and nothing changed, hidden or covered after signing."""
    unsigned = [d for d in ctx.documenten if signatures(d) is None]
    yield from _unsigned(ctx, "X7", unsigned)
    unchecked: list[tuple[DocumentFeiten, Handtekening]] = []
    for doc in ctx.documenten:
        found = signatures(doc)
        if found is None:
            continue
        alles = doc.handtekeningen or ()
        yield from _broken(ctx, doc, alles)
        yield from _identity(ctx, doc, toewijzingen(ctx, doc))  # X16, judged with X7
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
        yield from _trust(ctx, doc, alles)
        unchecked.extend(
            (doc, h) for h in alles if h.in_orde and h.vertrouwen == "niet-gecontroleerd"
        )
    yield from _trust_unchecked(ctx, unchecked)
    yield from check_attested(ctx)  # scans signed on paper, attested by hand


def _identity(ctx: Context, doc: DocumentFeiten, assigned: list[Toewijzing]) -> Iterator[Bevinding]:
    """X16: a signature by someone other than the person printed for its field."""
    for t in assigned:
        h = t.handtekening
        if t.probleem == "naam-wijkt-af" and h.rol is not None:
            verwacht = t.verwacht or "(geen naam gevonden)"
            yield Bevinding(
                "X16",
                "fout",
                "ondertekenaar-wijkt-af",
                f"{ctx.label(doc)}: de handtekening in het veld '{h.veld}' ({ROL_LABELS[h.rol]}) "
                f"is gezet met het certificaat van {h.ondertekenaar}, maar het "
                f"handtekeningblok noemt {verwacht}. Telt niet als handtekening "
                f"{ROL_LABELS[h.rol]}; is het dezelfde persoon onder een andere naam, zet die "
                "naam dan als naam_op_certificaat in het traject.",
                (doc.naam,),
                {doc.naam: f"certificaat: {h.ondertekenaar}; document: {verwacht}"},
            )
        elif t.probleem == "rol-niet-in-document" and h.rol is not None:
            yield Bevinding(
                "X16",
                "fout",
                "rol-niet-in-document",
                f"{ctx.label(doc)}: er staat een handtekening van {h.ondertekenaar} in het veld "
                f"'{h.veld}', maar {ROL_LABELS[h.rol]} is geen partij bij dit document.",
                (doc.naam,),
            )
        elif t.probleem == "onbekende-ondertekenaar":
            yield Bevinding(
                "X16",
                "waarschuwing",
                "onbekende-ondertekenaar",
                f"{ctx.label(doc)}: de handtekening van {h.ondertekenaar} (veld '{h.veld}') "
                "hoort bij geen van de partijen die het document noemt.",
                (doc.naam,),
            )
        elif t.via == "dienst" and t.rol is not None:
            wie = h.naam or h.reden or t.rol
            yield Bevinding(
                "X16",
                "waarschuwing",
                "identiteit-via-dienst",
                f"{ctx.label(doc)}: de handtekening {ROL_LABELS[t.rol]} ({wie}) is gezet met "
                f"het organisatiecertificaat van {h.ondertekenaar}; wie er tekende, berust op "
                "die ondertekendienst.",
                (doc.naam,),
            )


_VERTROUWEN_CODE = {
    "niet-vertrouwd": "handtekening-niet-vertrouwd",
    "verlopen": "certificaat-verlopen",
    "nog-niet-geldig": "certificaat-nog-niet-geldig",
    "ingetrokken": "certificaat-ingetrokken",
}


def _trust(
    ctx: Context, doc: DocumentFeiten, found: tuple[Handtekening, ...]
) -> Iterator[Bevinding]:
    """X7 v2: trust checked and failed is a ``fout``; revocation not checked a warning."""
    for h in found:
        if not h.in_orde:
            continue  # reported as broken already
        wat = _kind(h)
        if h.vertrouwen_fout:
            yield Bevinding(
                "X7",
                "fout",
                _VERTROUWEN_CODE[h.vertrouwen],
                f"{ctx.label(doc)}: {wat} van {h.ondertekenaar} (veld '{h.veld}'): "
                f"{h.toelichting or 'niet vertrouwd'}",
                (doc.naam,),
            )
        elif h.vertrouwen == "vertrouwd" and h.intrekking == "niet-gecontroleerd":
            yield Bevinding(
                "X7",
                "waarschuwing",
                "intrekking-niet-gecontroleerd",
                f"{ctx.label(doc)}: {wat} van {h.ondertekenaar} (veld '{h.veld}'): intrekking "
                "niet gecontroleerd; er is geen intrekkingslijst (CRL) of OCSP-antwoord voor "
                "het certificaat in de PDF of via --crl. Een offline controle kan niet meer "
                f"zeggen dan dat.{_ocsp_hint(h)}",
                (doc.naam,),
            )
        elif h.vertrouwen == "ingetrokken":  # pragma: no cover  (vertrouwen_fout above)
            continue


def _ocsp_hint(h: Handtekening) -> str:
    """The OCSP service the certificate names, which this check does not consult."""
    diensten = h.certificaat.ocsp if h.certificaat is not None else ()
    if not diensten:
        return ""
    return (
        f" Het certificaat noemt een OCSP-dienst ({', '.join(diensten)}); die raadpleegt de "
        "controle niet (er wordt niets van internet gehaald). Vraag de PDF met "
        "validatiegegevens (LTV) van wie liet tekenen, of een actuele CRL (--crl)."
    )


def _trust_unchecked(
    ctx: Context, unchecked: list[tuple[DocumentFeiten, Handtekening]]
) -> Iterator[Bevinding]:
    """One ``niet-gecontroleerd`` finding for all signatures whose trust was not checked."""
    if not unchecked:
        return
    docs = list(dict.fromkeys(doc.naam for doc, _h in unchecked))
    wie = list(dict.fromkeys(h.ondertekenaar for _doc, h in unchecked))
    reden = next((h.toelichting for _d, h in unchecked if h.toelichting), "")
    yield Bevinding(
        "X7",
        "niet-gecontroleerd",
        "vertrouwen-niet-gecontroleerd",
        f"De handtekeningen van {join(wie)} zijn intact, maar niet als vertrouwd "
        f"aangetoond: {reden or ZONDER_BASIS}",
        tuple(docs),
    )


_AFWIJKING_CODE = {
    "overlay": "overlay",
    "verwijderd": "handtekening-verwijderd",
    "onleesbaar": "onleesbaar-na-ondertekening",
    "herschreven": "handtekeningen-verwijderd",
}


def _broken(
    ctx: Context, doc: DocumentFeiten, found: tuple[Handtekening, ...]
) -> Iterator[Bevinding]:
    for h in found:
        if h.in_orde:
            continue
        if h.afwijking is not None:
            code = _AFWIJKING_CODE[h.afwijking]
            wie = "" if h.ondertekenaar == "onbekend" else f" van {h.ondertekenaar}"
            veld = "" if h.veld == "onbekend" else f" in veld '{h.veld}'"
            yield Bevinding(
                "X7",
                "fout",
                code,
                f"{ctx.label(doc)}: {_kind(h)}{wie}{veld}: {h.toelichting}",
                (doc.naam,),
            )
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


def _kind(h: Handtekening) -> str:
    return {"handtekening": "de handtekening", "zegel": "het zegel"}.get(h.soort, "de tijdstempel")


def time_source(h: Handtekening) -> str:
    """Where a signing time comes from, in Dutch: a timestamp or the signer's own claim."""
    if h.tijdstip_bron == "tijdstempel":
        if h.tijdstempel_vertrouwd:
            return "volgens tijdstempel"
        return "volgens een tijdstempel die niet als vertrouwd is aangetoond"
    if h.tijdstip_bron == "ondertekenaar":
        return "tijd volgens de ondertekenaar"
    return "bron van de tijd onbekend"


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
                bron = f" ({time_source(h)})"
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
    yield from check_attested_beforehand(ctx)


# --- before signing (``onderteken``) ------------------------------------------------------


@dataclass(frozen=True)
class Ondertekenadvies:
    """What ``onderteken`` must know before it signs ``doc`` for ``rol``: a Dutch refusal
    (``weigering``, with its code), a name mismatch that ``--toch`` may override, and
    warnings."""

    weigering: tuple[str, str] | None = None
    naam_wijkt_af: str | None = None
    waarschuwingen: tuple[str, ...] = ()


def advise_signing(
    doc: DocumentFeiten,
    rol: Rol,
    certificaat_namen: tuple[str, ...],
    moment: dt.datetime,
    traject: Traject | None = None,
) -> Ondertekenadvies:
    """Whether the certificate's holder may sign ``doc`` for ``rol`` (X16) and whether it is
    late (X8). ``doc`` must be read from the PDF that is about to be signed."""
    if not doc.bruikbaar or doc.type is None:
        reden = doc.leesfout.bericht if doc.leesfout is not None else "niet herkend"
        return Ondertekenadvies(
            weigering=(
                "document-onbekend",
                f"{doc.naam} is geen document van dit programma (OOK, POK, PLOK of PV): "
                f"{reden}. Alleen documenten die 'genereer' maakte kunnen hier ondertekend "
                "worden.",
            )
        )
    ctx = Context(documenten=[doc], traject=traject)
    rollen = document_roles(ctx, doc)
    if rol not in rollen:
        return Ondertekenadvies(
            weigering=(
                "rol-niet-in-document",
                f"De {doc.type} heeft geen partij '{rol}' ({ROL_LABELS[rol]}); partijen bij dit "
                f"document: {', '.join(r for r in ROLLEN if r in rollen)}.",
            )
        )
    names = party_names(ctx, doc).get(rol, ())
    mismatch = None
    if not matches_any(certificaat_namen, names):
        verwacht = names[0] if names else "(geen naam in het document)"
        mismatch = (
            f"Het certificaat staat op naam van {certificaat_namen[0]}, maar het "
            f"handtekeningblok {ROL_LABELS[rol]} noemt {verwacht}."
        )
    waarschuwingen: list[str] = []
    start = doc.waarde("Startdatum").sleutel
    dag = moment.astimezone(NL).date()
    if doc.type in ("OOK", "POK") and isinstance(start, dt.date) and dag > start:
        waarschuwingen.append(
            f"U ondertekent de {doc.type} op {dutch_date(dag)}, na de startdatum "
            f"{dutch_date(start)}; OOK en POK horen vooraf getekend te worden (regel X8): de "
            "controle meldt dit als fout."
        )
    return Ondertekenadvies(None, mismatch, tuple(waarschuwingen))
