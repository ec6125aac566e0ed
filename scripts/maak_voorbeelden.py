"""Regenerate voorbeelden/: intake.xlsx, intake.json (the same trajectories) and fouten.xlsx.

Run ``python scripts/maak_voorbeelden.py``. The workbooks are made with the intake
template, so they look exactly like what a back office fills in. The trajectories are
invented but realistic: valid BSNs (elfproef), crebos and niveaus from the bundled 2015
register, placements of at most 280 days.
"""

from __future__ import annotations

import copy
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
    "ondertekenaar": {"naam": "drs. P. de Vries", "functie": "directeur"},
    "bpv_begeleider": {"naam": "M. Bakker", "email": "m.bakker@example.nl"},
    "examencommissie": {"naam": "Examencommissie Techniek & Logistiek", "voorzitter": "E. Smit"},
}
RMT = {
    "naam": "RMT Twente",
    "arbeidsmarktregio": "Twente",
    "partij": "Gemeente Enschede",
    "ondertekenaar": {"naam": "K. Visser", "functie": "regisseur RMT"},
}


def traject(**delen: Any) -> dict[str, Any]:
    """A complete record: the shared parts (instelling, RMT) plus this trajectory's own."""
    record: dict[str, Any] = {
        "plaatsing_einddatum": None,
        "instelling": copy.deepcopy(INSTELLING),
        "rmt": copy.deepcopy(RMT),
        "werkprocessen": [],
        "financiering": {"opleidingskosten": 3250.00, "betaald_door": "RMT"},
        "jobcoach": None,
    }
    record.update(delen)
    return record


def kandidaat(**velden: Any) -> dict[str, Any]:
    base = {
        "tussenvoegsel": None,
        "onderwijsnummer": None,
        "email": None,
        "telefoon": None,
        "status": "werkzoekend",
        "inkomen": "uitkering",
        "wettelijk_vertegenwoordiger": None,
    }
    return {**base, **velden}


TRAJECTEN: list[dict[str, Any]] = [
    traject(
        traject_id="RMT-TW-2026-0042",
        einddoel="praktijkverklaring",
        startdatum="2026-09-07",
        einddatum="2027-06-11",
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
        ),
        opleiding={
            "crebo": "25371",
            "naam": "Logistiek medewerker",
            "niveau": 2,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": "Hengelo",
            "lesdagen": "dinsdag",
        },
        leerbedrijf={
            "naam": "Transport & Opslag Twente B.V.",
            "kvk": "08123456",
            "leerbedrijf_id": "100077736",
            "straat": "Havenweg",
            "huisnummer": "3",
            "postcode": "7553 AA",
            "plaats": "Hengelo",
            "ondertekenaar": {"naam": "J. Jansen", "functie": "bedrijfsleider"},
        },
        praktijkopleider={
            "naam": "A. El Amrani",
            "functie": "teamleider magazijn",
            "email": "a.elamrani@example.nl",
            "telefoon": "074-1234567",
        },
        bpv={"uren_per_week": 32},
        werkprocessen=[
            {"code": "B1-K1-W1", "titel": "Ontvangt goederen", "crebo": "25371"},
            {"code": "B1-K1-W3", "titel": "Slaat goederen op", "crebo": "25371"},
            {"code": "B1-K2-W1", "titel": "Verzamelt goederen (orderpicken)", "crebo": "25371"},
        ],
        ondertekening={"plaats": "Enschede", "datum": "2026-08-31"},
    ),
    traject(
        traject_id="RMT-TW-2026-0043",
        einddoel="diploma",
        startdatum="2026-09-14",
        einddatum="2027-06-18",
        kandidaat=kandidaat(
            voornamen="Daan Emre",
            achternaam="Özdemir-van 't Hof",
            geboortedatum="2008-09-10",
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
            "leerweg": "OVO",
            "certificaat": None,
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
        },
        praktijkopleider={
            "naam": "B. Kuipers",
            "functie": "chef-kok",
            "email": None,
            "telefoon": "053-4301122",
        },
        bpv={"uren_per_week": 24},
        jobcoach={"naam": "L. Mulder", "organisatie": "Jobcoach Oost"},
        ondertekening={"plaats": "Enschede", "datum": "2026-09-01"},
    ),
    traject(
        traject_id="RMT-TW-2026-0044",
        einddoel="certificaat",
        startdatum="2026-10-05",
        einddatum="2027-04-30",
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
            status="werkend",
            inkomen="loon",
        ),
        opleiding={
            "crebo": "25498",
            "naam": "Helpende Zorg en Welzijn",
            "niveau": 2,
            "leerweg": "ODT",
            "certificaat": "Ondersteunen bij persoonlijke verzorging",
            "lesplaats": "Hengelo",
            "lesdagen": "donderdag",
        },
        leerbedrijf={
            "naam": "Zorggroep Sint-Maarten & Partners",
            "kvk": "41023456",
            "leerbedrijf_id": "100234561",
            "straat": "Hengelosestraat",
            "huisnummer": "500",
            "postcode": "7521 AN",
            "plaats": "Enschede",
            "ondertekenaar": {"naam": "drs. M. Ter Horst", "functie": "manager P&O"},
        },
        praktijkopleider={
            "naam": "C. Nijhuis",
            "functie": "eerst verantwoordelijk verzorgende",
            "email": "c.nijhuis@example.nl",
            "telefoon": None,
        },
        bpv={"uren_per_week": 28},
        financiering={"opleidingskosten": 1875.50, "betaald_door": "werkgever"},
        ondertekening={"plaats": "Enschede", "datum": "2026-09-21"},
    ),
    traject(
        traject_id="RMT-TW-2026-0045",
        einddoel="diploma",
        startdatum="2026-09-07",
        einddatum="2027-06-13",
        kandidaat=kandidaat(
            voornamen="Jurre",
            tussenvoegsel="van der",
            achternaam="Veen",
            geboortedatum="1996-07-30",
            onderwijsnummer="101000024",
            straat="Boekelerstraat",
            huisnummer="3",
            postcode="7552 AB",
            woonplaats="Hengelo",
            status="werkend",
            inkomen="loon",
        ),
        opleiding={
            "crebo": "25364",
            "naam": "Chauffeur wegvervoer",
            "niveau": 2,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": None,
            "lesdagen": None,
        },
        leerbedrijf={
            "naam": "Transport & Opslag Twente B.V.",
            "kvk": "08123456",
            "leerbedrijf_id": "100077736",
            "straat": "Havenweg",
            "huisnummer": "3",
            "postcode": "7553 AA",
            "plaats": "Hengelo",
            "ondertekenaar": {"naam": "J. Jansen", "functie": "bedrijfsleider"},
        },
        praktijkopleider={
            "naam": "H. Bosch",
            "functie": "planner",
            "email": "h.bosch@example.nl",
            "telefoon": None,
        },
        bpv={"uren_per_week": 38},
        ondertekening={"plaats": "Hengelo", "datum": "2026-08-24"},
    ),
    traject(
        traject_id="RMT-TW-2026-0046",
        einddoel="praktijkverklaring",
        startdatum="2026-11-02",
        einddatum="2027-05-28",
        kandidaat=kandidaat(
            voornamen="Siham",
            achternaam="Bouzid",
            geboortedatum="2001-01-09",
            bsn="973669469",
            straat="Twekkelerweg",
            huisnummer="160",
            postcode="7547 SE",
            woonplaats="Enschede",
            email="s.bouzid@example.nl",
        ),
        opleiding={
            "crebo": "25499",
            "naam": "Medewerker facilitaire dienstverlening",
            "niveau": 2,
            "leerweg": "OVO",
            "certificaat": None,
            "lesplaats": "Enschede",
            "lesdagen": "woensdag",
        },
        leerbedrijf={
            "naam": "Facilitair Bedrijf Kennispark B.V.",
            "kvk": "72345678",
            "leerbedrijf_id": "100345672",
            "straat": "Hengelosestraat",
            "huisnummer": "705",
            "postcode": "7521 PA",
            "plaats": "Enschede",
            "ondertekenaar": {"naam": "G. Wolters", "functie": "hoofd facilitaire zaken"},
        },
        praktijkopleider={
            "naam": "P. Oude Luttikhuis",
            "functie": "teamleider schoonmaak",
            "email": None,
            "telefoon": "053-4899000",
        },
        bpv={"uren_per_week": 20},
        werkprocessen=[
            {"code": "B1-K1-W2", "titel": "Verzorgt de catering", "crebo": "25499"},
            {"code": "B1-K2-W1", "titel": "Beheert de post en de goederen", "crebo": "25499"},
            {
                "code": "B1-K1-W1",
                "titel": "Voert schoonmaakwerkzaamheden uit",
                "crebo": "25034",
            },
        ],
        ondertekening={"plaats": "Enschede", "datum": "2026-10-19"},
    ),
    traject(
        traject_id="RMT-TW-2026-0047",
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
        },
        praktijkopleider={
            "naam": "T. Lammers",
            "functie": "sous-chef",
            "email": "t.lammers@example.nl",
            "telefoon": None,
        },
        bpv={"uren_per_week": 36},
        financiering={"opleidingskosten": 4100.00, "betaald_door": "werkgever"},
        ondertekening={"plaats": "Delden", "datum": "2026-08-28"},
    ),
]


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


def fouten() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The typical mistakes, one per row, plus an orphan werkproces row."""
    rows = [flatten(t) for t in copy.deepcopy(TRAJECTEN)]
    rows += [dict(rows[3]), dict(rows[3]), dict(rows[0])]
    rows[0]["kandidaat.bsn"] = "534640978"  # elfproef fails
    rows[1]["opleiding.crebo"] = "2518"  # 4 digits
    rows[2]["ondertekening.datum"] = "2026-10-06"  # after the start: a warning
    rows[3]["einddatum"] = "2027-06-14"  # 281 days from 7-9-2026, no placement end
    rows[4]["kandidaat.geboortedatum"] = "2009-02-10"  # 17, no vertegenwoordiger
    rows[5]["kandidaat.achternaam"] = None  # required cell empty
    rows[6]["kandidaat.geboortedatum"] = "31-2-1990"  # no such date
    rows[6]["traject_id"] = "RMT-TW-2026-0048"
    rows[7]["opleiding.niveau"] = 3  # 25364 is niveau 2
    rows[7]["traject_id"] = "RMT-TW-2026-0049"
    rows[8]["traject_id"] = "RMT-TW-2026-0042"  # duplicate of the first row
    werkprocessen = werkproces_rows(TRAJECTEN)
    werkprocessen.append(
        {"traject_id": "RMT-TW-2026-0099", "code": "B1-K1-W1", "titel": "x", "crebo": "25371"}
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
