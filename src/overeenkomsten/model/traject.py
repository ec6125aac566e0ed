"""The trajectory record (domein.md section 10) as pydantic models.

A :class:`Traject` that exists is valid: field rules live in the field types
(:mod:`overeenkomsten.model.velden`), the rules that span fields (V1-V13) in
:mod:`overeenkomsten.model.regels`, run by :meth:`Traject._check_rules`. A Dutch
explanation and an example travel with each field, so the intake template, the README and
the JSON Schema share one source.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator
from pydantic.functional_validators import ModelWrapValidatorHandler
from pydantic_core import InitErrorDetails, PydanticCustomError

from overeenkomsten.model import rekenen
from overeenkomsten.model.bepalingen import is_adult as is_adult
from overeenkomsten.model.bepalingen import maakt_praktijkverklaring as maakt_praktijkverklaring
from overeenkomsten.model.berichten import dutch_message
from overeenkomsten.model.namen import volledige_naam
from overeenkomsten.model.regels import AfrondingFacts, Facts, run_rules, today_of
from overeenkomsten.model.rekenen import MAX_PLAATSING_DAGEN as MAX_PLAATSING_DAGEN
from overeenkomsten.model.rekenen import StudiejaarUren
from overeenkomsten.model.velden import (
    Bedrag,
    Brin,
    Bsn,
    Crebo,
    Datum,
    Email,
    KvkNummer,
    LeerbedrijfId,
    Niveau,
    Onderwijsnummer,
    Postcode,
    Tekst,
    Uren,
    WerkprocesCode,
    choice,
)
from overeenkomsten.register import KwalificatieRegister

# Choices are matched without regard to case and surrounding spaces (V14, velden.choice).
Einddoel = Annotated[
    Literal["diploma", "certificaat", "praktijkverklaring"],
    choice("diploma", "certificaat", "praktijkverklaring"),
]
Leerweg = Annotated[Literal["OVO", "ODT"], choice("OVO", "ODT")]
Status = Annotated[Literal["werkzoekend", "werkend"], choice("werkzoekend", "werkend")]
Inkomen = Annotated[Literal["loon", "uitkering"], choice("loon", "uitkering")]
BetaaldDoor = Annotated[
    Literal["RMT", "werkgever", "kandidaat", "anders"],
    choice("RMT", "werkgever", "kandidaat", "anders"),
]
Reden = Annotated[
    Literal["behaald", "voortijdig", "overgestapt", "anders"],
    choice("behaald", "voortijdig", "overgestapt", "anders"),
]


def veld(voorbeeld: Any, uitleg: str, **kwargs: Any) -> Any:
    """A field with an example and a Dutch explanation (JSON Schema, intake sheet, README)."""
    return Field(description=uitleg, examples=[voorbeeld], **kwargs)


class _Deel(BaseModel):
    """Base of every part of the record: empty strings count as empty (None)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            # A copy only when a value is blank: a batch of 20,000 rows has 300,000 parts.
            for value in data.values():
                if isinstance(value, str) and not value.strip():
                    return {
                        k: (None if isinstance(v, str) and not v.strip() else v)
                        for k, v in data.items()
                    }
        return data


_NAAM_OP_CERTIFICAAT = (
    "Alleen invullen als de naam in het certificaat van de digitale handtekening anders is "
    "dan de naam hierboven (bijvoorbeeld de naam van een partner)."
)


class Persoon(_Deel):
    naam: Tekst = veld("drs. P. de Vries", "Naam zoals die onder de handtekening staat.")
    functie: Tekst = veld("directeur", "Functie van de ondertekenaar.")
    email: Email | None = veld(
        "p.devries@example.nl",
        "E-mailadres van de ondertekenaar (voor het overzicht van wie nog moet tekenen).",
        default=None,
    )
    naam_op_certificaat: Tekst | None = veld(
        "Pieter de Vries-Smit", _NAAM_OP_CERTIFICAAT, default=None
    )


class WettelijkVertegenwoordiger(_Deel):
    naam: Tekst = veld(
        "H. de Boer",
        "Verplicht als de kandidaat op de ondertekeningsdatum jonger is dan 18; "
        "tekent dan de OOK, de POK en de PLOK mee.",
    )
    email: Email | None = veld(
        "h.deboer@example.nl",
        "E-mailadres van de wettelijk vertegenwoordiger.",
        default=None,
    )
    naam_op_certificaat: Tekst | None = veld("Hendrik de Boer", _NAAM_OP_CERTIFICAAT, default=None)


class Kandidaat(_Deel):
    voornamen: Tekst = veld("Fatma", "Voornamen van de kandidaat.")
    tussenvoegsel: Tekst | None = veld("van der", "Tussenvoegsel van de achternaam.", default=None)
    achternaam: Tekst = veld("Yılmaz", "Achternaam van de kandidaat.")
    geboortedatum: Datum = veld("14-3-1988", "Geboortedatum van de kandidaat.")
    bsn: Bsn | None = veld(
        "111222333",
        "Burgerservicenummer, 9 cijfers (elfproef). BSN of onderwijsnummer is verplicht.",
        default=None,
    )
    onderwijsnummer: Onderwijsnummer | None = veld(
        "101222331",
        "Alleen als er geen BSN is: 9 cijfers, begint met 10.",
        default=None,
    )
    straat: Tekst = veld("Oldenzaalsestraat", "Straat van het woonadres.")
    huisnummer: Tekst = veld("12a", "Huisnummer met toevoeging.")
    postcode: Postcode = veld("7511 AB", "Postcode van het woonadres.")
    woonplaats: Tekst = veld("Enschede", "Woonplaats.")
    email: Email | None = veld("f.yilmaz@example.nl", "E-mailadres van de kandidaat.", default=None)
    telefoon: Tekst | None = veld("06-12345678", "Telefoonnummer van de kandidaat.", default=None)
    status: Status = veld("werkzoekend", "Of de kandidaat werkzoekend is of al werkt.")
    inkomen: Inkomen = veld(
        "uitkering", "loon of uitkering (behoud van uitkering tijdens de plaatsing)."
    )
    wettelijk_vertegenwoordiger: WettelijkVertegenwoordiger | None = None
    naam_op_certificaat: Tekst | None = veld(
        "Fatma Yilmaz-Demir", _NAAM_OP_CERTIFICAAT, default=None
    )

    @property
    def volledige_naam(self) -> str:
        """``Joost ten Brinke``: the tussenvoegsel in lower case after the first names."""
        return volledige_naam(self.voornamen, self.tussenvoegsel, self.achternaam)


class BpvBegeleider(_Deel):
    naam: Tekst = veld("M. Bakker", "Begeleider van de instelling.")
    email: Email | None = veld(
        "m.bakker@example.nl", "E-mailadres van de bpv-begeleider.", default=None
    )


class Examencommissie(_Deel):
    naam: Tekst = veld("Examencommissie Logistiek", "Ondertekent de mbo-verklaring.")
    voorzitter: Tekst = veld("E. Smit", "Tekent namens haar.")


class Instelling(_Deel):
    naam: Tekst = veld("ROC Voorbeeld", "De mbo-instelling (school).")
    brin: Brin = veld("25LH", "BRIN-code: 2 cijfers, 2 letters (+ 2 cijfers).")
    straat: Tekst = veld("Gieterij", "Adres van de instelling.")
    huisnummer: Tekst = veld("200", "Huisnummer.")
    postcode: Postcode = veld("7553 VZ", "Postcode.")
    plaats: Tekst = veld("Hengelo", "Plaats.")
    ondertekenaar: Persoon
    bpv_begeleider: BpvBegeleider
    examencommissie: Examencommissie
    geschillen: Tekst | None = veld(
        "Geschillencommissie Beroepsonderwijs",
        "De instantie die geschillen behandelt (klachten- of geschillencommissie).",
        default=None,
    )


class Opleiding(_Deel):
    crebo: Crebo = veld("25371", "5 cijfers, bestaat in het kwalificatieregister.")
    naam: Tekst = veld("Logistiek medewerker", "Naam van de kwalificatie.")
    niveau: Niveau = veld(2, "1, 2, 3 of 4; gelijk aan het register.")
    leerweg: Leerweg = veld("OVO", "OVO of ODT (derde leerweg).")
    certificaat: Tekst | None = veld(
        "Medewerker goederenontvangst",
        "Naam van het mbo-certificaat; verplicht bij einddoel certificaat.",
        default=None,
    )
    lesplaats: Tekst | None = veld("Hengelo", "Waar het onderwijs is.", default=None)
    lesdagen: Tekst | None = veld("dinsdag", "Wanneer het onderwijs is.", default=None)


class Leerbedrijf(_Deel):
    naam: Tekst = veld("Transport & Opslag Twente B.V.", "Naam van het leerbedrijf (de werkgever).")
    kvk: KvkNummer = veld("12345678", "KvK-nummer van het leerbedrijf.")
    leerbedrijf_id: LeerbedrijfId = veld("100077736", "Leerbedrijf-ID bij SBB (de erkenning).")
    straat: Tekst = veld("Havenweg", "Adres van het leerbedrijf.")
    huisnummer: Tekst = veld("3", "Huisnummer.")
    postcode: Postcode = veld("7553 AA", "Postcode.")
    plaats: Tekst = veld("Hengelo", "Plaats.")
    ondertekenaar: Persoon
    verzekering: Tekst | None = veld(
        "De kandidaat is tijdens de bpv verzekerd via de WA- en ongevallenverzekering van "
        "het leerbedrijf.",
        "Hoe de kandidaat tijdens de bpv verzekerd is (aansprakelijkheid en ongevallen).",
        default=None,
    )


class Praktijkopleider(_Deel):
    naam: Tekst = veld("A. El Amrani", "Begeleidt en tekent de PV.")
    functie: Tekst = veld("teamleider magazijn", "Functie van de praktijkopleider.")
    email: Email | None = veld(
        "a.elamrani@example.nl", "E-mailadres van de praktijkopleider.", default=None
    )
    telefoon: Tekst | None = veld(
        "074-1234567", "Telefoonnummer van de praktijkopleider.", default=None
    )


class Rmt(_Deel):
    """The regional partnership that places and pays (the RMT, or since 2025 its successor).

    The key stays ``rmt`` (interchange contract); documents print ``naam`` as given.
    """

    naam: Tekst = veld(
        "Werkcentrum Twente",
        "Naam van het regionale samenwerkingsverband (vroeger het RMT), zoals die in de "
        "documenten moet staan.",
    )
    arbeidsmarktregio: Tekst = veld("Twente", "Arbeidsmarktregio van het samenwerkingsverband.")
    partij: Tekst = veld(
        "Gemeente Enschede",
        "De rechtspersoon die namens het samenwerkingsverband tekent en betaalt.",
    )
    ondertekenaar: Persoon


class Bpv(_Deel):
    uren_per_week: Uren = veld(
        32, "Uren per week in de beroepspraktijk (bpv); meer dan 0 en hoogstens 60."
    )


class Werkproces(_Deel):
    code: WerkprocesCode = veld("B1-K1-W1", "Code van het werkproces.")
    titel: Tekst = veld("Ontvangt goederen", "Titel van het werkproces.")
    crebo: Crebo = veld("25371", "Crebo van de kwalificatie waar het uit komt.")


class Praktijkplaatssubsidie(_Deel):
    regeling: Tekst = veld(
        "de Praktijkplaatsregeling Werkcentrum Twente 2026",
        "Naam van de regeling waaruit het leerbedrijf subsidie voor de praktijkplaats kan "
        "krijgen, met lidwoord zoals in een zin.",
    )
    bedrag_per_40_weken: Bedrag = veld(
        "2700,00", "Subsidiebedrag voor een plaatsing van 40 weken; korter gaat naar rato."
    )


class Financiering(_Deel):
    opleidingskosten: Bedrag | None = veld(
        "3250,00", "Kosten van de opleiding in euro's.", default=None
    )
    betaald_door: BetaaldDoor = veld("RMT", "Wie de opleidingskosten betaalt.")
    betaler: Tekst | None = veld(
        "Transport & Opslag Twente B.V.",
        "De rechtspersoon die betaalt als 'betaald door' werkgever of anders is (bij RMT "
        "betaalt de partij namens het samenwerkingsverband; bij werkgever leeg = het "
        "leerbedrijf).",
        default=None,
    )
    regeling: Tekst | None = veld(
        "het Regionaal actieplan Twente 2026",
        "De regeling of het budget waaruit de opleidingskosten worden betaald, met lidwoord "
        "zoals in een zin.",
        default=None,
    )
    praktijkplaatssubsidie: Praktijkplaatssubsidie | None = None
    bij_voortijdig_einde: Tekst | None = veld(
        "De kosten worden naar rato per begonnen maand berekend.",
        "Wat er met de prijs gebeurt als het traject eerder stopt; leeg = naar rato per "
        "begonnen maand.",
        default=None,
    )


class Ondertekening(_Deel):
    plaats: Tekst = veld("Enschede", "Plaats van ondertekening.")
    datum: Datum = veld("31-8-2026", "Bepaalt of de kandidaat 18 is.")


class Jobcoach(_Deel):
    naam: Tekst = veld("L. Mulder", "Naam van de jobcoach, als de kandidaat er een heeft.")
    organisatie: Tekst = veld("Jobcoach Oost", "Organisatie van de jobcoach.")


class Afronding(_Deel):
    """The end of the trajectory, filled by the instelling with the praktijkopleider's
    judgement; only then is the praktijkverklaring (PV) made (domein.md §2, V13)."""

    werkelijke_einddatum: Datum = veld(
        "11-6-2027", "De dag waarop het traject werkelijk is geëindigd."
    )
    reden: Reden | None = veld(
        "behaald",
        "Waarom het traject eindigde; verplicht als het eerder eindigde dan gepland.",
        default=None,
    )
    toelichting: Tekst | None = veld(
        "Kandidaat heeft elders een baan gevonden.", "Toelichting op de reden.", default=None
    )
    behaalde_werkprocessen: list[WerkprocesCode] = Field(
        default_factory=list,
        description="Codes van de werkprocessen die de kandidaat volgens de praktijkopleider "
        "heeft geleerd.",
        examples=[["B1-K1-W1"]],
    )
    datum_afgifte: Datum | None = veld(
        "18-6-2027",
        "Datum van afgifte van de praktijkverklaring; op of na de werkelijke einddatum.",
        default=None,
    )


class Traject(_Deel):
    """One praktijkleren trajectory: the single source of the four documents' facts."""

    traject_id: Tekst = veld("RMT-TW-2026-0042", "Uniek kenmerk van het traject.", max_length=64)
    einddoel: Einddoel = veld("praktijkverklaring", "Wat het traject oplevert.")
    startdatum: Datum = veld("7-9-2026", "Start van opleiding en plaatsing.")
    einddatum: Datum = veld("11-6-2027", "Geplande einddatum van de opleiding.")
    plaatsing_einddatum: Datum | None = veld(
        "11-6-2027",
        "Einde van de plaatsing (PLOK); leeg = einddatum. Hoogstens 40 weken (280 dagen).",
        default=None,
    )
    kandidaat: Kandidaat
    instelling: Instelling
    opleiding: Opleiding
    leerbedrijf: Leerbedrijf
    praktijkopleider: Praktijkopleider
    rmt: Rmt
    bpv: Bpv
    werkprocessen: list[Werkproces] = Field(
        default_factory=list, description="Werkprocessen (blad Werkprocessen in Excel)."
    )
    financiering: Financiering
    ondertekening: Ondertekening
    jobcoach: Jobcoach | None = None
    afronding: Afronding | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _check_rules(
        cls, data: Any, handler: ModelWrapValidatorHandler[Traject], info: ValidationInfo
    ) -> Traject:
        return _validate_with_rules(data, handler, info)

    # Derived values (domein.md V7, §2). Not stored: they follow from the record, by the
    # functions of :mod:`overeenkomsten.model.rekenen`.

    @property
    def plaatsing_eind(self) -> dt.date:
        """The PLOK's end date: plaatsing_einddatum, or else the einddatum."""
        return self.plaatsing_einddatum or self.einddatum

    @property
    def plaatsing_dagen(self) -> int:
        return rekenen.dagen(self.startdatum, self.plaatsing_eind)

    @property
    def plaatsing_weken(self) -> Decimal:
        return rekenen.weken_afgerond(self.startdatum, self.plaatsing_eind)

    @property
    def opleiding_dagen(self) -> int:
        return rekenen.dagen(self.startdatum, self.einddatum)

    @property
    def bpv_weken(self) -> Decimal:
        return rekenen.weken_afgerond(self.startdatum, self.einddatum)

    @property
    def bpv_uren(self) -> int:
        return rekenen.bpv_uren(self.startdatum, self.einddatum, self.bpv.uren_per_week)

    @property
    def bpv_uren_per_studiejaar(self) -> list[StudiejaarUren]:
        """The bpv hours split per studiejaar (POK, WEB art. 7.2.8 lid 2a)."""
        return rekenen.uren_per_studiejaar(self.startdatum, self.einddatum, self.bpv_uren)

    @property
    def subsidie(self) -> Decimal | None:
        """The praktijkplaats subsidy the record names, pro rata; None when it names none."""
        named = self.financiering.praktijkplaatssubsidie
        if named is None:
            return None
        return rekenen.subsidie(named.bedrag_per_40_weken, self.startdatum, self.plaatsing_eind)

    @property
    def betaler(self) -> str:
        """The legal person who pays the opleidingskosten (never "het RMT").

        RMT: the legal person acting for it (``rmt.partij``); werkgever: ``betaler`` or else
        the leerbedrijf; kandidaat: the kandidaat; anders: ``betaler`` (required by V9).
        """
        f = self.financiering
        if f.betaald_door == "RMT":
            return self.rmt.partij
        if f.betaald_door == "kandidaat":
            return self.kandidaat.volledige_naam
        if f.betaald_door == "werkgever":
            return f.betaler or self.leerbedrijf.naam
        return f.betaler or ""

    @property
    def minderjarig(self) -> bool:
        """Whether the kandidaat is younger than 18 on the signing date."""
        return not is_adult(self.kandidaat.geboortedatum, self.ondertekening.datum)

    @property
    def periode_eind(self) -> dt.date:
        """The end of the period that actually took place: ``afronding.werkelijke_einddatum``,
        or the planned einddatum while the trajectory runs."""
        return self.afronding.werkelijke_einddatum if self.afronding else self.einddatum

    @property
    def behaalde_werkprocessen(self) -> list[Werkproces]:
        """The record's werkprocessen whose code ``afronding`` lists as learned, in the
        record's order (empty without ``afronding``)."""
        if self.afronding is None:
            return []
        codes = set(self.afronding.behaalde_werkprocessen)
        return [w for w in self.werkprocessen if w.code in codes]


def _validate_with_rules(
    data: Any, handler: ModelWrapValidatorHandler[Traject], info: ValidationInfo
) -> Traject:
    context = info.context if isinstance(info.context, dict) else {}
    register = context.get("register") or KwalificatieRegister.default()
    vandaag = today_of(context.get("vandaag"))
    traject: Traject | None = None
    try:
        traject = handler(data)
    except ValidationError as exc:
        field_errors = [
            InitErrorDetails(
                type=PydanticCustomError(*dutch_message(err)),
                loc=err["loc"],
                input=err.get("input"),
            )
            for err in exc.errors(include_url=False)
        ]
        facts = Facts.from_raw(data, vandaag) if isinstance(data, dict) else None
    else:
        field_errors = []
        facts = _facts(traject, vandaag)
    findings = run_rules(facts, register) if facts is not None else []
    warnings = context.get("waarschuwingen")
    if isinstance(warnings, list):
        warnings.extend(f for f in findings if f.warning)
    errors = field_errors + [
        InitErrorDetails(type=PydanticCustomError(f.code, f.bericht), loc=f.loc, input=f.waarde)
        for f in findings
        if not f.warning
    ]
    if errors:
        raise ValidationError.from_exception_data("Traject", errors)
    assert traject is not None
    return traject


def _facts(t: Traject, vandaag: dt.date) -> Facts:
    """The values the rules need, from a record whose fields are valid."""
    a = t.afronding
    return Facts(
        leerweg=t.opleiding.leerweg,
        betaald_door=t.financiering.betaald_door,
        betaler=t.financiering.betaler,
        opleidingskosten=t.financiering.opleidingskosten,
        inkomen=t.kandidaat.inkomen,
        tussenvoegsel=t.kandidaat.tussenvoegsel,
        achternaam=t.kandidaat.achternaam,
        afronding=None
        if a is None
        else AfrondingFacts(
            a.werkelijke_einddatum,
            a.reden,
            a.toelichting,
            list(a.behaalde_werkprocessen),
            a.datum_afgifte,
        ),
        vandaag=vandaag,
        einddoel=t.einddoel,
        startdatum=t.startdatum,
        einddatum=t.einddatum,
        plaatsing_einddatum=t.plaatsing_einddatum,
        crebo=t.opleiding.crebo,
        niveau=t.opleiding.niveau,
        certificaat=t.opleiding.certificaat,
        geboortedatum=t.kandidaat.geboortedatum,
        ondertekening_datum=t.ondertekening.datum,
        bsn=t.kandidaat.bsn,
        onderwijsnummer=t.kandidaat.onderwijsnummer,
        vertegenwoordiger=t.kandidaat.wettelijk_vertegenwoordiger,
        werkprocessen=[(w.code, w.crebo) for w in t.werkprocessen],
    )
