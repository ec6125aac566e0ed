"""The rules that span fields (domein.md section 4: V1-V13) and the register check.

They run in :meth:`Traject._check_rules` (a wrap validator) so that every problem of a
record is reported at once: when some fields are invalid, the rules still run on the fields
that could be read, and their errors join the field errors in one ``ValidationError``.
Warnings (which do not make a record invalid) are appended to the list passed as
``context["waarschuwingen"]``. The register comes from ``context["register"]``
(default: the bundled 2015 register), "today" from ``context["vandaag"]`` (a date, or a
callable returning one; default :func:`datetime.date.today`), so that a test or a rerun can
fix the clock (V13: a date of issue may not lie in the future).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from overeenkomsten._tekst import dutch_date
from overeenkomsten.model.bepalingen import is_adult, maakt_praktijkverklaring
from overeenkomsten.model.namen import split_voorvoegsel
from overeenkomsten.model.rekenen import MAX_PLAATSING_DAGEN, dagen, laatste_plaatsingsdag
from overeenkomsten.model.velden import Bedrag, Crebo, Datum, Niveau, WerkprocesCode
from overeenkomsten.register import KwalificatieRegister

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class RuleFinding:
    """One rule's verdict on a field: an error, or (``warning``) a warning."""

    loc: Loc
    code: str
    bericht: str
    waarde: Any
    warning: bool = False


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Facts:
    """The values the rules need; ``UNKNOWN`` where a value is missing or invalid."""

    einddoel: Any
    startdatum: Any
    einddatum: Any
    plaatsing_einddatum: Any
    crebo: Any
    niveau: Any
    certificaat: Any
    geboortedatum: Any
    ondertekening_datum: Any
    bsn: Any
    onderwijsnummer: Any
    vertegenwoordiger: Any
    werkprocessen: Any  # list of (code, crebo) pairs, items UNKNOWN where invalid
    leerweg: Any = UNKNOWN
    betaald_door: Any = UNKNOWN
    betaler: Any = None
    opleidingskosten: Any = None
    inkomen: Any = UNKNOWN
    tussenvoegsel: Any = None
    achternaam: Any = UNKNOWN
    afronding: Any = None  # None, UNKNOWN (not an object) or an AfrondingFacts
    vandaag: dt.date = dt.date.min

    @classmethod
    def from_raw(cls, data: Any, vandaag: dt.date) -> Facts:
        """Best-effort facts from an input that failed field validation."""
        werkprocessen = _raw(data, ("werkprocessen",), None)
        pairs: Any = UNKNOWN
        if isinstance(werkprocessen, list):
            pairs = [
                (
                    _parse(_WERKPROCES, _raw(w, ("code",), UNKNOWN)),
                    _parse(_CREBO, _raw(w, ("crebo",), UNKNOWN)),
                )
                for w in werkprocessen
            ]
        elif werkprocessen is None:
            pairs = []
        return cls(
            einddoel=_raw(data, ("einddoel",), UNKNOWN),
            startdatum=_parse(_DATE, _raw(data, ("startdatum",), UNKNOWN)),
            einddatum=_parse(_DATE, _raw(data, ("einddatum",), UNKNOWN)),
            plaatsing_einddatum=_parse(_DATE, _raw(data, ("plaatsing_einddatum",), None)),
            crebo=_parse(_CREBO, _raw(data, ("opleiding", "crebo"), UNKNOWN)),
            niveau=_parse(_NIVEAU, _raw(data, ("opleiding", "niveau"), UNKNOWN)),
            certificaat=_raw(data, ("opleiding", "certificaat"), None),
            geboortedatum=_parse(_DATE, _raw(data, ("kandidaat", "geboortedatum"), UNKNOWN)),
            ondertekening_datum=_parse(_DATE, _raw(data, ("ondertekening", "datum"), UNKNOWN)),
            bsn=_raw(data, ("kandidaat", "bsn"), None),
            onderwijsnummer=_raw(data, ("kandidaat", "onderwijsnummer"), None),
            vertegenwoordiger=_raw(data, ("kandidaat", "wettelijk_vertegenwoordiger"), None),
            werkprocessen=pairs,
            leerweg=_raw(data, ("opleiding", "leerweg"), UNKNOWN),
            betaald_door=_raw(data, ("financiering", "betaald_door"), UNKNOWN),
            betaler=_raw(data, ("financiering", "betaler"), None),
            opleidingskosten=_parse(
                _BEDRAG, _raw(data, ("financiering", "opleidingskosten"), None)
            ),
            inkomen=_raw(data, ("kandidaat", "inkomen"), UNKNOWN),
            tussenvoegsel=_raw(data, ("kandidaat", "tussenvoegsel"), None),
            achternaam=_raw(data, ("kandidaat", "achternaam"), UNKNOWN),
            afronding=AfrondingFacts.from_raw(_raw(data, ("afronding",), None)),
            vandaag=vandaag,
        )


@dataclass(frozen=True)
class AfrondingFacts:
    """The values of ``afronding`` the rules need (V13); ``UNKNOWN`` where invalid."""

    werkelijke_einddatum: Any
    reden: Any
    toelichting: Any
    behaalde_werkprocessen: Any  # list of codes (items UNKNOWN where invalid), or UNKNOWN
    datum_afgifte: Any

    @classmethod
    def from_raw(cls, data: Any) -> Any:
        """None without ``afronding``, UNKNOWN when it is no object, else its facts."""
        if data is None:
            return None
        if not isinstance(data, dict):
            return UNKNOWN
        codes = _raw(data, ("behaalde_werkprocessen",), None)
        behaald: Any = UNKNOWN
        if codes is None:
            behaald = []
        elif isinstance(codes, list):
            behaald = [_parse(_WERKPROCES, c) for c in codes]
        return cls(
            werkelijke_einddatum=_parse(_DATE, _raw(data, ("werkelijke_einddatum",), UNKNOWN)),
            reden=_raw(data, ("reden",), None),
            toelichting=_raw(data, ("toelichting",), None),
            behaalde_werkprocessen=behaald,
            datum_afgifte=_parse(_DATE, _raw(data, ("datum_afgifte",), None)),
        )


_DATE: TypeAdapter[dt.date] = TypeAdapter(Datum)
_CREBO: TypeAdapter[str] = TypeAdapter(Crebo)
_NIVEAU: TypeAdapter[int] = TypeAdapter(Niveau)
_WERKPROCES: TypeAdapter[str] = TypeAdapter(WerkprocesCode)
_BEDRAG: TypeAdapter[Any] = TypeAdapter(Bedrag)


def _raw(data: Any, path: tuple[str, ...], missing: Any) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return missing
        data = data[key]
    if isinstance(data, str) and not data.strip():
        return None if missing is None else UNKNOWN
    return data


def _parse(adapter: TypeAdapter[Any], value: Any) -> Any:
    if value is None or value is UNKNOWN:
        return value
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return UNKNOWN


def _known(*values: Any) -> bool:
    return all(v is not UNKNOWN and v is not None for v in values)


def _nl_date(value: dt.date) -> str:
    return dutch_date(value)


def check_identity(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V1: a kandidaat has a BSN or an onderwijsnummer."""
    if f.bsn is None and f.onderwijsnummer is None:
        yield RuleFinding(
            ("kandidaat", "bsn"),
            "bsn-of-onderwijsnummer-ontbreekt",
            "Vul het BSN in, of het onderwijsnummer als de kandidaat geen BSN heeft.",
            None,
        )


def check_register(f: Facts, register: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V2: the crebo exists in the register, with the same niveau, valid on the startdatum."""
    if _known(f.crebo):
        yield from _check_crebo(("opleiding", "crebo"), f.crebo, f.startdatum, register)
        kwalificatie = register.get(f.crebo)
        if kwalificatie is not None and _known(f.niveau) and kwalificatie.niveau != f.niveau:
            yield RuleFinding(
                ("opleiding", "niveau"),
                "niveau-wijkt-af-van-register",
                f"Crebo {f.crebo} ({kwalificatie.naam}) is niveau {kwalificatie.niveau} "
                f"volgens het kwalificatieregister, niet niveau {f.niveau}.",
                f.niveau,
            )
    if isinstance(f.werkprocessen, list):
        seen: set[str] = set()
        for index, (_code, crebo) in enumerate(f.werkprocessen):
            if _known(crebo) and crebo not in seen and crebo != f.crebo:
                seen.add(crebo)
                yield from _check_crebo(("werkprocessen", index, "crebo"), crebo, UNKNOWN, register)


def _check_crebo(
    loc: Loc, crebo: str, startdatum: Any, register: KwalificatieRegister
) -> Iterator[RuleFinding]:
    kwalificatie = register.get(crebo)
    if kwalificatie is None:
        if register.is_default:
            yield RuleFinding(
                loc,
                "crebo-onbekend-in-meegeleverd-register",
                f"Crebo {crebo} staat niet in het meegeleverde kwalificatieregister van 2015. "
                "Controleer het nummer, of gebruik de actuele codelijst van SBB "
                "(--register).",
                crebo,
                warning=True,
            )
        else:
            yield RuleFinding(
                loc,
                "crebo-onbekend",
                f"Crebo {crebo} staat niet in het kwalificatieregister ({register.bron}).",
                crebo,
            )
        return
    if not _known(startdatum):
        return
    if kwalificatie.geldig_van and startdatum < kwalificatie.geldig_van:
        yield RuleFinding(
            loc,
            "crebo-nog-niet-geldig",
            f"Crebo {crebo} is pas geldig vanaf {_nl_date(kwalificatie.geldig_van)}; "
            f"de startdatum is {_nl_date(startdatum)}.",
            crebo,
        )
    if kwalificatie.geldig_tot and startdatum > kwalificatie.geldig_tot:
        yield RuleFinding(
            loc,
            "crebo-niet-meer-geldig",
            f"Crebo {crebo} was geldig tot {_nl_date(kwalificatie.geldig_tot)}; "
            f"de startdatum is {_nl_date(startdatum)}.",
            crebo,
        )


def check_period(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V3 and V4: the periods run forwards and the placement lasts at most 40 weeks."""
    if not _known(f.startdatum, f.einddatum):
        return
    if f.einddatum < f.startdatum:
        yield RuleFinding(
            ("einddatum",),
            "einddatum-voor-startdatum",
            f"De einddatum ({_nl_date(f.einddatum)}) ligt voor de startdatum "
            f"({_nl_date(f.startdatum)}).",
            f.einddatum,
        )
        return
    if f.plaatsing_einddatum is UNKNOWN:
        return
    eind = f.plaatsing_einddatum or f.einddatum
    loc: Loc = ("plaatsing_einddatum",)
    if f.plaatsing_einddatum is not None and f.plaatsing_einddatum > f.einddatum:
        yield RuleFinding(
            loc,
            "plaatsing-na-einddatum",
            f"De plaatsing eindigt ({_nl_date(eind)}) na de einddatum van de opleiding "
            f"({_nl_date(f.einddatum)}).",
            eind,
        )
        return
    if eind < f.startdatum:
        yield RuleFinding(
            loc,
            "plaatsing-voor-startdatum",
            f"De plaatsing eindigt ({_nl_date(eind)}) voor de startdatum "
            f"({_nl_date(f.startdatum)}).",
            eind,
        )
        return
    duur = dagen(f.startdatum, eind)
    if duur > MAX_PLAATSING_DAGEN:
        uiterlijk = laatste_plaatsingsdag(f.startdatum)
        hint = (
            "Vul een einddatum plaatsing in"
            if f.plaatsing_einddatum is None
            else "Kies een einddatum plaatsing"
        )
        yield RuleFinding(
            loc,
            "plaatsing-langer-dan-40-weken",
            f"De plaatsing duurt {duur} dagen ({_nl_date(f.startdatum)} tot en met "
            f"{_nl_date(eind)}); dat is meer dan 40 weken (280 dagen). {hint} van uiterlijk "
            f"{_nl_date(uiterlijk)}.",
            f.plaatsing_einddatum,
        )


def check_einddoel(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V5: a praktijkverklaring needs werkprocessen; a certificaat needs its name."""
    if f.einddoel == "praktijkverklaring" and f.werkprocessen == []:
        yield RuleFinding(
            ("werkprocessen",),
            "werkprocessen-ontbreken",
            "Bij einddoel praktijkverklaring hoort minstens een werkproces (blad Werkprocessen).",
            None,
        )
    if f.einddoel == "certificaat" and f.certificaat is None:
        yield RuleFinding(
            ("opleiding", "certificaat"),
            "certificaat-ontbreekt",
            "Bij einddoel certificaat hoort de naam van het mbo-certificaat.",
            None,
        )
    if isinstance(f.werkprocessen, list):
        seen: set[tuple[Any, Any]] = set()
        for index, pair in enumerate(f.werkprocessen):
            if _known(*pair) and pair in seen:
                yield RuleFinding(
                    ("werkprocessen", index, "code"),
                    "werkproces-dubbel",
                    f"Werkproces {pair[0]} (crebo {pair[1]}) staat er twee keer in.",
                    pair[0],
                )
            seen.add(pair)


def check_age(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V6: a kandidaat under 18 on the signing date needs a wettelijk vertegenwoordiger."""
    if not _known(f.geboortedatum, f.ondertekening_datum):
        return
    if f.geboortedatum >= f.ondertekening_datum:
        yield RuleFinding(
            ("kandidaat", "geboortedatum"),
            "geboortedatum-na-ondertekening",
            "De geboortedatum ligt op of na de datum van ondertekening.",
            f.geboortedatum,
        )
        return
    if not is_adult(f.geboortedatum, f.ondertekening_datum) and f.vertegenwoordiger is None:
        yield RuleFinding(
            ("kandidaat", "wettelijk_vertegenwoordiger", "naam"),
            "wettelijk-vertegenwoordiger-ontbreekt",
            f"De kandidaat is op de datum van ondertekening "
            f"({_nl_date(f.ondertekening_datum)}) nog geen 18; vul de naam van de "
            "wettelijk vertegenwoordiger in (die tekent de OOK, de POK en de PLOK mee).",
            None,
        )


def check_signing_date(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """Signing after the start is allowed in the record, but the check (X8) will object."""
    if _known(f.ondertekening_datum, f.startdatum) and f.ondertekening_datum > f.startdatum:
        yield RuleFinding(
            ("ondertekening", "datum"),
            "ondertekening-na-startdatum",
            f"De datum van ondertekening ({_nl_date(f.ondertekening_datum)}) ligt na de "
            f"startdatum ({_nl_date(f.startdatum)}); OOK en POK horen vooraf getekend te "
            "worden.",
            f.ondertekening_datum,
            warning=True,
        )


def check_leerweg(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V8: ODT (overig onderwijs deeltijd) never leads to a diploma at niveau 2-4."""
    if f.leerweg != "ODT" or f.einddoel != "diploma" or not _known(f.niveau):
        return
    if f.niveau >= 2:
        yield RuleFinding(
            ("opleiding", "leerweg"),
            "odt-met-diploma",
            f"Leerweg ODT (overig onderwijs deeltijd) leidt niet tot een diploma op niveau "
            f"{f.niveau}: ODT is gericht op certificaten en geeft geen startkwalificatie. "
            "Kies leerweg OVO, of einddoel certificaat of praktijkverklaring.",
            f.leerweg,
        )
    else:
        yield RuleFinding(
            ("opleiding", "leerweg"),
            "odt-met-diploma-entree",
            "Leerweg ODT (overig onderwijs deeltijd) is gericht op certificaten; voor een "
            "Entree-diploma (niveau 1) is leerweg OVO gebruikelijk. Controleer de leerweg.",
            f.leerweg,
            warning=True,
        )


def check_financiering(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V9: who pays, and for how long; the price itself."""
    if (
        f.betaald_door == "RMT"
        and _known(f.startdatum, f.einddatum)
        and f.einddatum >= f.startdatum
        and dagen(f.startdatum, f.einddatum) > MAX_PLAATSING_DAGEN
    ):
        yield RuleFinding(
            ("financiering", "betaald_door"),
            "rmt-vergoeding-langer-dan-40-weken",
            f"De opleiding duurt {dagen(f.startdatum, f.einddatum)} dagen: de RMT-vergoeding "
            "dekt ten hoogste 40 weken; leg vast wie de rest betaalt (financiering).",
            f.betaald_door,
            warning=True,
        )
    if f.opleidingskosten is None or (_known(f.opleidingskosten) and f.opleidingskosten == 0):
        yield RuleFinding(
            ("financiering", "opleidingskosten"),
            "opleidingskosten-ontbreken",
            "De opleidingskosten zijn 0 of niet ingevuld; de onderwijsovereenkomst noemt de "
            "prijs van de opleiding. Vul de opleidingskosten in.",
            f.opleidingskosten,
            warning=True,
        )
    if f.betaald_door == "anders" and f.betaler is None:
        yield RuleFinding(
            ("financiering", "betaler"),
            "betaler-ontbreekt",
            "Bij 'betaald door' anders hoort de naam van de rechtspersoon die de "
            "opleidingskosten betaalt; vul de betaler in.",
            None,
        )


def check_uitkering(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V10: with a benefit, the placement (and its permission) should cover the bpv."""
    if (
        f.inkomen == "uitkering"
        and _known(f.plaatsing_einddatum, f.einddatum)
        and f.plaatsing_einddatum < f.einddatum
    ):
        yield RuleFinding(
            ("plaatsing_einddatum",),
            "uitkering-plaatsing-korter-dan-bpv",
            f"De kandidaat houdt een uitkering, maar de plaatsing eindigt "
            f"({_nl_date(f.plaatsing_einddatum)}) voor de einddatum van de opleiding "
            f"({_nl_date(f.einddatum)}): de bpv loopt door na de plaatsing waarop de "
            "toestemming van de uitkeringsinstantie steunt. Vraag toestemming voor de hele "
            "periode, of controleer de einddatum plaatsing.",
            f.plaatsing_einddatum,
            warning=True,
        )


def check_kwalificatieplicht(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V11: under 18 at the start: kwalificatieplicht, and no bijstand under 18."""
    if not _known(f.geboortedatum, f.startdatum) or f.geboortedatum >= f.startdatum:
        return
    if is_adult(f.geboortedatum, f.startdatum):
        return
    bericht = (
        f"De kandidaat is op de startdatum ({_nl_date(f.startdatum)}) nog geen 18: tot 18 "
        "jaar geldt de kwalificatieplicht zolang er geen startkwalificatie is, en een "
        "deeltijdopleiding in de derde leerweg voldoet daar mogelijk niet aan. Overleg zo "
        "nodig met de leerplichtambtenaar."
    )
    if f.inkomen == "uitkering":
        bericht += (
            " Onder de 18 bestaat geen recht op bijstand: controleer het inkomen van de kandidaat."
        )
    yield RuleFinding(
        ("kandidaat", "geboortedatum"),
        "kandidaat-jonger-dan-18-bij-start",
        bericht,
        f.geboortedatum,
        warning=True,
    )


def check_voorvoegsel(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V12: a voorvoegsel typed into the achternaam while the tussenvoegsel is empty."""
    if f.tussenvoegsel is not None or not isinstance(f.achternaam, str):
        return
    split = split_voorvoegsel(f.achternaam)
    if split is None:
        return
    voorvoegsel, rest = split
    yield RuleFinding(
        ("kandidaat", "achternaam"),
        "voorvoegsel-in-achternaam",
        f"De achternaam '{f.achternaam}' begint met een voorvoegsel: vul bij tussenvoegsel "
        f"'{voorvoegsel}' in en bij achternaam '{rest}'.",
        f.achternaam,
        warning=True,
    )


def check_afronding(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V13: the end of the trajectory fits the record, and the PV is dated after it."""
    a = f.afronding
    if not isinstance(a, AfrondingFacts):
        return
    yield from _afronding_periode(f, a)
    yield from _afronding_werkprocessen(f, a)
    yield from _afronding_afgifte(f, a)


def _afronding_periode(f: Facts, a: AfrondingFacts) -> Iterator[RuleFinding]:
    eind = a.werkelijke_einddatum
    if _known(eind, f.startdatum) and eind < f.startdatum:
        yield RuleFinding(
            ("afronding", "werkelijke_einddatum"),
            "werkelijke-einddatum-voor-startdatum",
            f"De werkelijke einddatum ({_nl_date(eind)}) ligt voor de startdatum "
            f"({_nl_date(f.startdatum)}).",
            eind,
        )
    elif _known(eind, f.einddatum) and eind > f.einddatum:
        yield RuleFinding(
            ("afronding", "werkelijke_einddatum"),
            "werkelijke-einddatum-na-einddatum",
            f"De werkelijke einddatum ({_nl_date(eind)}) ligt na de geplande einddatum "
            f"({_nl_date(f.einddatum)}); het traject kan niet later eindigen dan de "
            "overeenkomsten lopen.",
            eind,
        )
    elif _known(eind, f.einddatum) and eind < f.einddatum and a.reden is None:
        yield RuleFinding(
            ("afronding", "reden"),
            "reden-ontbreekt",
            f"Het traject eindigde eerder ({_nl_date(eind)}) dan gepland "
            f"({_nl_date(f.einddatum)}); vul de reden in (voortijdig, overgestapt, behaald "
            "of anders).",
            None,
        )
    if a.reden == "anders" and a.toelichting is None:
        yield RuleFinding(
            ("afronding", "toelichting"),
            "toelichting-ontbreekt",
            "Bij reden 'anders' hoort een toelichting.",
            None,
        )


def _afronding_werkprocessen(f: Facts, a: AfrondingFacts) -> Iterator[RuleFinding]:
    codes = a.behaalde_werkprocessen
    if isinstance(codes, list) and isinstance(f.werkprocessen, list):
        bekend = {code for code, _crebo in f.werkprocessen if _known(code)}
        alle_bekend = all(_known(code) for code, _crebo in f.werkprocessen)
        seen: set[str] = set()
        for index, code in enumerate(codes):
            if not _known(code):
                continue
            loc: Loc = ("afronding", "behaalde_werkprocessen", index)
            if code in seen:
                yield RuleFinding(
                    loc, "werkproces-dubbel", f"Werkproces {code} staat er twee keer in.", code
                )
            elif alle_bekend and code not in bekend:
                yield RuleFinding(
                    loc,
                    "behaald-werkproces-onbekend",
                    f"Werkproces {code} staat niet bij de werkprocessen van dit traject "
                    "(blad Werkprocessen); alleen werkprocessen uit de praktijkovereenkomst "
                    "kunnen behaald zijn.",
                    code,
                )
            seen.add(code)
        if f.einddoel == "praktijkverklaring" and codes == []:
            yield RuleFinding(
                ("afronding", "behaalde_werkprocessen"),
                "geen-behaalde-werkprocessen",
                "Er zijn geen behaalde werkprocessen ingevuld: er wordt geen "
                "praktijkverklaring gemaakt.",
                None,
                warning=True,
            )
        if f.einddoel in ("diploma", "certificaat") and codes:
            yield RuleFinding(
                ("afronding", "behaalde_werkprocessen"),
                "behaalde-werkprocessen-zonder-praktijkverklaring",
                f"Bij einddoel {f.einddoel} wordt geen praktijkverklaring gemaakt; de "
                "behaalde werkprocessen worden niet gebruikt.",
                None,
                warning=True,
            )


def _afronding_afgifte(f: Facts, a: AfrondingFacts) -> Iterator[RuleFinding]:
    afgifte, eind, codes = a.datum_afgifte, a.werkelijke_einddatum, a.behaalde_werkprocessen
    if afgifte is None:
        if isinstance(codes, list) and maakt_praktijkverklaring(f.einddoel, codes):
            yield RuleFinding(
                ("afronding", "datum_afgifte"),
                "datum-afgifte-ontbreekt",
                "Vul de datum van afgifte van de praktijkverklaring in.",
                None,
            )
        return
    if _known(afgifte, eind) and afgifte < eind:
        yield RuleFinding(
            ("afronding", "datum_afgifte"),
            "afgifte-voor-einde",
            f"De datum van afgifte ({_nl_date(afgifte)}) ligt voor de werkelijke einddatum "
            f"({_nl_date(eind)}); een praktijkverklaring wordt pas na afloop opgemaakt.",
            afgifte,
        )
    if _known(afgifte) and afgifte > f.vandaag:
        yield RuleFinding(
            ("afronding", "datum_afgifte"),
            "afgifte-in-toekomst",
            f"De datum van afgifte ({_nl_date(afgifte)}) ligt in de toekomst (vandaag is "
            f"{_nl_date(f.vandaag)}).",
            afgifte,
        )


RULES: tuple[Callable[[Facts, KwalificatieRegister], Iterator[RuleFinding]], ...] = (
    check_identity,
    check_register,
    check_period,
    check_einddoel,
    check_age,
    check_signing_date,
    check_leerweg,
    check_financiering,
    check_uitkering,
    check_kwalificatieplicht,
    check_voorvoegsel,
    check_afronding,
)


def run_rules(facts: Facts, register: KwalificatieRegister) -> list[RuleFinding]:
    return [finding for rule in RULES for finding in rule(facts, register)]


Klok = Callable[[], dt.date]
"""Where "today" comes from; :func:`datetime.date.today` unless a caller injects one."""


def today_of(vandaag: dt.date | Klok | None) -> dt.date:
    if isinstance(vandaag, dt.date):
        return vandaag
    if vandaag is not None:
        return vandaag()
    return dt.date.today()
