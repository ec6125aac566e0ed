"""Regenerate voorbeelden/: intake.xlsx, intake.json (the same trajectories) and fouten.xlsx.

Run ``python scripts/maak_voorbeelden.py``. The workbooks are made with the intake
template, so they look exactly like what a back office fills in. The trajectories are
invented but plausible in 2026 (domein.md v2): valid BSNs (elfproef), crebos and niveaus
from the bundled 2015 register, an examencommissie per opleiding, leerweg ODT only for a
certificaat, werkprocessen only where a praktijkverklaring needs them, taken from a
published examenplan of their crebo (see voorbeelden/README.md for the source), and the
regional party named as the record says ("Werkcentrum Twente", no longer an RMT).

The six trajectories each show one situation: 0042 finished, with ``afronding`` and its
PV, paid by the werkgever; 0043 a minor with a wettelijk vertegenwoordiger and no benefit
(certificaat, ODT, a named praktijkplaatssubsidie); 0044 crossing 1 August (hours split
over two studiejaren); 0045 ended early (PV of what was learned until then, onderwijsnummer);
0046 a long opleiding with a capped placement, paid by the werkgever; 0047 paid by another
legal person, with a jobcoach and a named geschillencommissie.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from overeenkomsten.intake.kolommen import flatten
from overeenkomsten.intake.rapport import validate_file
from overeenkomsten.intake.sjabloon import write_template

VOORBEELDEN = Path(__file__).resolve().parent.parent / "voorbeelden"

INSTELLING = {
    "naam": "ROC Twente Voorbeeld",
    "brin": "25LH",
    "straat": "Gieterij",
    "huisnummer": "200",
    "postcode": "7553 VZ",
    "plaats": "Hengelo",
    "ondertekenaar": {
        "naam": "drs. P. de Vries",
        "functie": "directeur",
        "email": "p.devries@example.nl",
    },
    "bpv_begeleider": {"naam": "M. Bakker", "email": "m.bakker@example.nl"},
    "examencommissie": None,  # per opleiding, see EXAMENCOMMISSIES
    "geschillen": None,
}
EXAMENCOMMISSIES = {
    "horeca": {"naam": "Examencommissie Horeca en Bakkerij", "voorzitter": "R. Nijenhuis"},
    "logistiek": {"naam": "Examencommissie Logistiek en Mobiliteit", "voorzitter": "E. Smit"},
    "zorg": {"naam": "Examencommissie Zorg en Welzijn", "voorzitter": "drs. A. ter Haar"},
}
REGIO = {
    "naam": "Werkcentrum Twente",
    "arbeidsmarktregio": "Twente",
    "partij": "Gemeente Enschede",
    "ondertekenaar": {
        "naam": "K. Visser",
        "functie": "coördinator Werkcentrum Twente",
        "email": "k.visser@example.nl",
    },
}

# Werkprocessen of crebo 25185 (Meewerkend horeca ondernemer, kwalificatiedossier
# Ondernemer horeca/bakkerij 23087), as published in the examenplan named in
# voorbeelden/README.md.
HORECA_ONDERNEMER = [
    {"code": "B1-K1-W4", "titel": "Maakt marktanalyse", "crebo": "25185"},
    {"code": "B1-K1-W5", "titel": "Voert commerciële activiteiten uit", "crebo": "25185"},
    {"code": "B1-K2-W2", "titel": "Plant en verdeelt de werkzaamheden", "crebo": "25185"},
    {"code": "B1-K2-W5", "titel": "Stuurt medewerkers aan", "crebo": "25185"},
]


def traject(examencommissie: str, **delen: Any) -> dict[str, Any]:
    """A complete record: the shared parts (instelling, regio) plus this trajectory's own."""
    instelling = copy.deepcopy(INSTELLING)
    instelling["examencommissie"] = copy.deepcopy(EXAMENCOMMISSIES[examencommissie])
    record: dict[str, Any] = {
        "plaatsing_einddatum": None,
        "instelling": instelling,
        "rmt": copy.deepcopy(REGIO),
        "werkprocessen": [],
        "jobcoach": None,
        "afronding": None,
    }
    record.update(delen)
    return record


def kandidaat(**velden: Any) -> dict[str, Any]:
    base = {
        "tussenvoegsel": None,
        "bsn": None,
        "onderwijsnummer": None,
        "email": None,
        "telefoon": None,
        "status": "werkzoekend",
        "inkomen": "uitkering",
        "wettelijk_vertegenwoordiger": None,
    }
    return {**base, **velden}


def financiering(**velden: Any) -> dict[str, Any]:
    base = {
        "opleidingskosten": 3250.00,
        "betaald_door": "RMT",
        "betaler": None,
        "regeling": None,
        "praktijkplaatssubsidie": None,
        "bij_voortijdig_einde": None,
    }
    return {**base, **velden}


TRAJECTEN: list[dict[str, Any]] = [
    traject(
        "horeca",
        traject_id="RMT-TW-2026-0042",
        einddoel="praktijkverklaring",
        startdatum="2026-01-12",
        einddatum="2026-10-16",
        kandidaat=kandidaat(
            voornamen="Fatma",
            achternaam="Yılmaz",
            geboortedatum="1988-03-14",
            bsn="534640977",
            straat="Oldenzaalsestraat",
            huisnummer="12a",
            postcode="7511 AB",
            woonplaats="Enschede",
            email="f.yilmaz@example.nl",
            telefoon="06-12345678",
            status="werkend",
            inkomen="loon",
        ),
        opleiding={
            "crebo": "25185",
            "naam": "Meewerkend horeca ondernemer",
            "niveau": 4,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": "Enschede",
            "lesdagen": "dinsdagmiddag",
        },
        leerbedrijf={
            "naam": "Hotel-Restaurant De Uitkijk B.V.",
            "kvk": "08123456",
            "leerbedrijf_id": "100234578",
            "straat": "Hengelosestraat",
            "huisnummer": "88",
            "postcode": "7514 AJ",
            "plaats": "Enschede",
            "ondertekenaar": {
                "naam": "W. Oude Nijhuis",
                "functie": "algemeen directeur",
                "email": "w.oudenijhuis@example.nl",
            },
            "verzekering": None,
        },
        praktijkopleider={
            "naam": "S. Kamphuis",
            "functie": "bedrijfsleider",
            "email": "s.kamphuis@example.nl",
            "telefoon": "053-4801122",
        },
        bpv={"uren_per_week": 32},
        werkprocessen=copy.deepcopy(HORECA_ONDERNEMER[:3]),
        financiering=financiering(
            opleidingskosten=2875.00,
            betaald_door="werkgever",
            betaler="De Uitkijk Horeca Holding B.V.",
            bij_voortijdig_einde="Eindigt de opleiding eerder, dan worden de kosten berekend "
            "naar rato van de begonnen maanden, met een minimum van drie maanden.",
        ),
        ondertekening={"plaats": "Enschede", "datum": "2025-12-19"},
        afronding={
            "werkelijke_einddatum": "2026-10-16",
            "reden": "behaald",
            "toelichting": None,
            "behaalde_werkprocessen": ["B1-K1-W4", "B1-K1-W5", "B1-K2-W2"],
            "datum_afgifte": "2026-10-30",
        },
    ),
    traject(
        "horeca",
        traject_id="RMT-TW-2026-0043",
        einddoel="certificaat",
        startdatum="2026-09-14",
        einddatum="2027-03-26",
        kandidaat=kandidaat(
            voornamen="Daan Emre",
            achternaam="Özdemir-van 't Hof",
            geboortedatum="2008-09-05",
            bsn="302466332",
            straat="Pathmossingel",
            huisnummer="41",
            postcode="7513 CK",
            woonplaats="Enschede",
            telefoon="06-98765432",
            status="werkend",
            inkomen="loon",
            wettelijk_vertegenwoordiger={
                "naam": "S. Özdemir-van 't Hof",
                "email": "s.ozdemir@example.nl",
            },
        ),
        opleiding={
            "crebo": "25180",
            "naam": "Kok",
            "niveau": 2,
            "leerweg": "ODT",
            "certificaat": "Koken in de horeca",
            "lesplaats": "Enschede",
            "lesdagen": "maandag",
        },
        leerbedrijf={
            "naam": "Brasserie De Zwaan & Zn.",
            "kvk": "61234567",
            "leerbedrijf_id": "100123458",
            "straat": "Oude Markt",
            "huisnummer": "7",
            "postcode": "7511 GA",
            "plaats": "Enschede",
            "ondertekenaar": {"naam": "R. de Zwaan", "functie": "eigenaar"},
            "verzekering": None,
        },
        praktijkopleider={
            "naam": "B. Kuipers",
            "functie": "chef-kok",
            "email": None,
            "telefoon": "053-4301122",
        },
        bpv={"uren_per_week": 24},
        financiering=financiering(
            opleidingskosten=1450.00,
            regeling="het Regionaal actieplan Twente 2026",
            praktijkplaatssubsidie={
                "regeling": "de Praktijkplaatsregeling Werkcentrum Twente 2026",
                "bedrag_per_40_weken": 2700.00,
            },
        ),
        ondertekening={"plaats": "Enschede", "datum": "2026-08-28"},
    ),
    traject(
        "logistiek",
        traject_id="RMT-TW-2026-0044",
        einddoel="diploma",
        startdatum="2027-03-01",
        einddatum="2027-11-26",
        kandidaat=kandidaat(
            voornamen="Anaïs",
            achternaam="Dubois-Ferreira",
            geboortedatum="1979-11-23",
            bsn="629923127",
            straat="Deurningerstraat",
            huisnummer="88-2",
            postcode="7514 BJ",
            woonplaats="Enschede",
            email="anais.dubois@example.nl",
        ),
        opleiding={
            "crebo": "25371",
            "naam": "Logistiek medewerker",
            "niveau": 2,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": "Hengelo",
            "lesdagen": "donderdag",
        },
        leerbedrijf={
            "naam": "Transport & Opslag Twente B.V.",
            "kvk": "12345678",
            "leerbedrijf_id": "100077736",
            "straat": "Havenweg",
            "huisnummer": "3",
            "postcode": "7553 AA",
            "plaats": "Hengelo",
            "ondertekenaar": {"naam": "J. Jansen", "functie": "bedrijfsleider"},
            "verzekering": None,
        },
        praktijkopleider={
            "naam": "A. El Amrani",
            "functie": "teamleider magazijn",
            "email": "a.elamrani@example.nl",
            "telefoon": "074-1234567",
        },
        bpv={"uren_per_week": 32},
        financiering=financiering(
            opleidingskosten=3250.00, regeling="het Regionaal actieplan Twente 2027"
        ),
        ondertekening={"plaats": "Hengelo", "datum": "2027-02-12"},
    ),
    traject(
        "horeca",
        traject_id="RMT-TW-2026-0045",
        einddoel="praktijkverklaring",
        startdatum="2026-03-02",
        einddatum="2026-11-27",
        kandidaat=kandidaat(
            voornamen="Siham",
            achternaam="Bouzid",
            geboortedatum="2001-01-09",
            onderwijsnummer="101222331",
            straat="Twekkelerweg",
            huisnummer="160",
            postcode="7547 SE",
            woonplaats="Enschede",
            email="s.bouzid@example.nl",
        ),
        opleiding={
            "crebo": "25185",
            "naam": "Meewerkend horeca ondernemer",
            "niveau": 4,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": None,
            "lesdagen": None,
        },
        leerbedrijf={
            "naam": "Grand Café Het Bolwerk V.O.F.",
            "kvk": "72345678",
            "leerbedrijf_id": "100345672",
            "straat": "Markt",
            "huisnummer": "21",
            "postcode": "7551 DB",
            "plaats": "Hengelo",
            "ondertekenaar": {"naam": "G. Wolters", "functie": "vennoot"},
            "verzekering": None,
        },
        praktijkopleider={
            "naam": "P. Oude Luttikhuis",
            "functie": "chef de service",
            "email": None,
            "telefoon": "074-2423344",
        },
        bpv={"uren_per_week": 20},
        werkprocessen=copy.deepcopy(HORECA_ONDERNEMER[:3]),
        financiering=financiering(
            opleidingskosten=2650.00, regeling="het Regionaal actieplan Twente 2026"
        ),
        ondertekening={"plaats": "Hengelo", "datum": "2026-02-16"},
        afronding={
            "werkelijke_einddatum": "2026-07-10",
            "reden": "voortijdig",
            "toelichting": "De kandidaat is gestopt omdat zij elders vast werk vond.",
            "behaalde_werkprocessen": ["B1-K2-W2"],
            "datum_afgifte": "2026-07-24",
        },
    ),
    traject(
        "horeca",
        traject_id="RMT-TW-2026-0046",
        einddoel="diploma",
        startdatum="2026-09-07",
        einddatum="2027-07-09",
        plaatsing_einddatum="2027-06-13",
        kandidaat=kandidaat(
            voornamen="Joost",
            tussenvoegsel="ten",
            achternaam="Brinke",
            geboortedatum="1970-05-18",
            bsn="164808942",
            straat="Marktstraat",
            huisnummer="9",
            postcode="7622 CR",
            woonplaats="Borne",
            email="joost.tenbrinke@example.nl",
            status="werkend",
            inkomen="loon",
        ),
        opleiding={
            "crebo": "25182",
            "naam": "Zelfstandig werkend kok",
            "niveau": 3,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": "Enschede",
            "lesdagen": "maandag en vrijdag",
        },
        leerbedrijf={
            "naam": "Hotel-Restaurant 't Wapen van Delden",
            "kvk": "06012345",
            "leerbedrijf_id": "100456783",
            "straat": "Langestraat",
            "huisnummer": "20",
            "postcode": "7491 AE",
            "plaats": "Delden",
            "ondertekenaar": {"naam": "F. Morsink", "functie": "directeur"},
            "verzekering": "De kandidaat is als werknemer van het leerbedrijf verzekerd via de "
            "aansprakelijkheids- en ongevallenverzekering van het leerbedrijf.",
        },
        praktijkopleider={
            "naam": "T. Lammers",
            "functie": "sous-chef",
            "email": "t.lammers@example.nl",
            "telefoon": None,
        },
        bpv={"uren_per_week": 36},
        financiering=financiering(opleidingskosten=4100.00, betaald_door="werkgever"),
        ondertekening={"plaats": "Delden", "datum": "2026-08-28"},
    ),
    traject(
        "zorg",
        traject_id="RMT-TW-2026-0047",
        einddoel="diploma",
        startdatum="2026-10-05",
        einddatum="2027-06-25",
        kandidaat=kandidaat(
            voornamen="Marieke",
            tussenvoegsel="van der",
            achternaam="Veen",
            geboortedatum="1984-06-30",
            bsn="973669469",
            straat="Boddenkampstraat",
            huisnummer="5",
            postcode="7514 AA",
            woonplaats="Enschede",
            email="m.vanderveen@example.nl",
        ),
        opleiding={
            "crebo": "25498",
            "naam": "Helpende Zorg en Welzijn",
            "niveau": 2,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": "Hengelo",
            "lesdagen": "woensdag",
        },
        leerbedrijf={
            "naam": "Zorggroep Sint-Maarten & Partners",
            "kvk": "41023456",
            "leerbedrijf_id": "100234561",
            "straat": "Hengelosestraat",
            "huisnummer": "500",
            "postcode": "7521 AN",
            "plaats": "Enschede",
            "ondertekenaar": {"naam": "drs. M. ter Horst", "functie": "manager P&O"},
            "verzekering": None,
        },
        praktijkopleider={
            "naam": "C. Nijhuis",
            "functie": "eerst verantwoordelijk verzorgende",
            "email": "c.nijhuis@example.nl",
            "telefoon": None,
        },
        bpv={"uren_per_week": 28},
        financiering=financiering(
            opleidingskosten=3480.00,
            betaald_door="anders",
            betaler="Stichting Opleidingsfonds Zorg en Welzijn Twente",
        ),
        jobcoach={"naam": "L. Mulder", "organisatie": "Jobcoach Oost"},
        ondertekening={"plaats": "Enschede", "datum": "2026-09-21"},
    ),
]
for _t in TRAJECTEN:
    if _t["traject_id"] == "RMT-TW-2026-0047":
        _t["instelling"]["geschillen"] = "de Geschillencommissie Particulier Onderwijs"


def werkproces_rows(trajecten: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"traject_id": t["traject_id"], **w} for t in trajecten for w in t["werkprocessen"]]


def afronding_rows(trajecten: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sheet Afronding: one row per finished trajectory, the codes separated by ';'."""
    rows = []
    for t in trajecten:
        afronding = t.get("afronding")
        if afronding:
            codes = "; ".join(afronding.get("behaalde_werkprocessen") or [])
            rows.append(
                {"traject_id": t["traject_id"], **afronding, "behaalde_werkprocessen": codes}
            )
    return rows


def _later(datum: str, dagen: int) -> str:
    return (dt.date.fromisoformat(datum) + dt.timedelta(days=dagen)).isoformat()


def fouten() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The typical mistakes, one per row, plus an orphan werkproces row."""
    rows = [flatten(t) for t in copy.deepcopy(TRAJECTEN)]
    rows += [dict(rows[2]), dict(rows[2]), dict(rows[0])]
    rows[0]["kandidaat.bsn"] = "534640978"  # elfproef fails
    rows[1]["opleiding.crebo"] = "2518"  # 4 digits
    rows[2]["ondertekening.datum"] = _later(rows[2]["startdatum"], 35)  # after the start
    rows[3]["einddatum"] = _later(rows[3]["startdatum"], 280)  # 281 days, no placement end
    rows[4]["kandidaat.geboortedatum"] = "2009-02-10"  # 17, no vertegenwoordiger
    rows[5]["kandidaat.achternaam"] = None  # required cell empty
    rows[6]["kandidaat.geboortedatum"] = "31-2-1990"  # no such date
    rows[6]["traject_id"] = "RMT-TW-2026-0048"
    rows[7]["opleiding.niveau"] = 3  # 25371 is niveau 2
    rows[7]["traject_id"] = "RMT-TW-2026-0049"
    rows[8]["traject_id"] = "RMT-TW-2026-0042"  # duplicate of the first row
    werkprocessen = werkproces_rows(TRAJECTEN)
    werkprocessen.append(
        {"traject_id": "RMT-TW-2026-0099", "code": "B1-K1-W4", "titel": "x", "crebo": "25185"}
    )
    return rows, werkprocessen


def main() -> int:
    VOORBEELDEN.mkdir(exist_ok=True)
    intake = VOORBEELDEN / "intake.xlsx"
    write_template(
        intake,
        [flatten(t) for t in TRAJECTEN],
        werkproces_rows(TRAJECTEN),
        afronding_rows(TRAJECTEN),
    )
    (VOORBEELDEN / "intake.json").write_text(
        json.dumps(TRAJECTEN, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    rows, werkprocessen = fouten()
    write_template(VOORBEELDEN / "fouten.xlsx", rows, werkprocessen, afronding_rows(TRAJECTEN))
    ok = True
    for name in ("intake.xlsx", "intake.json", "fouten.xlsx"):
        rapport = validate_file(VOORBEELDEN / name)
        print(f"{name}: {rapport.samenvatting()}")
        ok &= rapport.geldig == (name != "fouten.xlsx")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
