"""The v2 record (domein.md section 10) and rules V8-V13, each at its boundary."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from overeenkomsten.errors import Problem
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import documents_to_make, required_roles
from overeenkomsten.model.validatie import validate_record

VANDAAG = dt.date(2027, 7, 1)


def problems(record: dict[str, Any], vandaag: dt.date = VANDAAG) -> list[Problem]:
    return validate_record(record, vandaag=vandaag)[1]


def errors(record: dict[str, Any], vandaag: dt.date = VANDAAG) -> dict[str, str]:
    return {p.pad or "": p.code for p in problems(record, vandaag) if p.ernst == "fout"}


def warnings(record: dict[str, Any], vandaag: dt.date = VANDAAG) -> dict[str, str]:
    return {p.pad or "": p.code for p in problems(record, vandaag) if p.ernst == "waarschuwing"}


def message(record: dict[str, Any], code: str) -> str:
    return next(p.bericht for p in problems(record) if p.code == code)


# -- the v2 fields ---------------------------------------------------------------------------

V2_FIELDS: dict[str, Any] = {
    "financiering": {
        "opleidingskosten": 2875.5,
        "betaald_door": "werkgever",
        "betaler": "Transport & Opslag Twente B.V.",
        "regeling": "Regionaal actieplan Twente 2026",
        "praktijkplaatssubsidie": {
            "regeling": "Subsidieregeling praktijkleren 2026",
            "bedrag_per_40_weken": 2700,
        },
        "bij_voortijdig_einde": "Naar rato per begonnen maand.",
    },
    "afronding": {
        "werkelijke_einddatum": "2027-06-11",
        "reden": "behaald",
        "toelichting": None,
        "behaalde_werkprocessen": ["B1-K1-W1"],
        "datum_afgifte": "2027-06-18",
    },
}


def v2_record(record: dict[str, Any]) -> dict[str, Any]:
    record.update(json.loads(json.dumps(V2_FIELDS)))
    for deel in ("instelling", "leerbedrijf", "rmt"):
        record[deel]["ondertekenaar"]["email"] = f"teken@{deel}.example.nl"
        record[deel]["ondertekenaar"]["naam_op_certificaat"] = "Iemand Anders"
    record["kandidaat"]["naam_op_certificaat"] = "Fatma Yilmaz-Demir"
    record["instelling"]["geschillen"] = "Geschillencommissie Beroepsonderwijs"
    record["leerbedrijf"]["verzekering"] = "WA-verzekering van het leerbedrijf."
    return record


def test_v2_fields_are_optional_and_default_to_none(record: dict[str, Any]) -> None:
    traject = Traject.model_validate(record)
    assert traject.afronding is None
    assert traject.financiering.betaler is None
    assert traject.financiering.praktijkplaatssubsidie is None
    assert traject.instelling.ondertekenaar.email is None
    assert traject.kandidaat.naam_op_certificaat is None
    assert traject.instelling.geschillen is None
    assert traject.leerbedrijf.verzekering is None


def test_v2_fields_are_read_and_numbers_stay_numbers_in_json(record: dict[str, Any]) -> None:
    traject, found = validate_record(v2_record(record), vandaag=VANDAAG)
    assert traject is not None, found
    assert [p for p in found if p.ernst == "fout"] == []
    dumped = json.loads(json.dumps(traject.model_dump(mode="json")))
    assert dumped["financiering"]["opleidingskosten"] == 2875.5
    assert dumped["financiering"]["praktijkplaatssubsidie"]["bedrag_per_40_weken"] == 2700
    assert dumped["bpv"]["uren_per_week"] == 32
    assert dumped["afronding"]["behaalde_werkprocessen"] == ["B1-K1-W1"]
    assert dumped["afronding"]["werkelijke_einddatum"] == "2027-06-11"
    # And the dump reads back as the same record.
    assert validate_record(dumped, vandaag=VANDAAG)[0] == traject


def test_json_intake_reads_the_v2_fields(record: dict[str, Any], tmp_path: Any) -> None:
    from overeenkomsten.basis.jsonbestand import load_json

    path = tmp_path / "r.json"
    path.write_text(json.dumps(v2_record(record)), encoding="utf-8")
    traject, found = validate_record(load_json(path), vandaag=VANDAAG)
    assert traject is not None, found
    assert traject.afronding is not None
    assert traject.afronding.datum_afgifte == dt.date(2027, 6, 18)


def test_schema_describes_the_v2_fields() -> None:
    schema = json.dumps(Traject.model_json_schema())
    for key in (
        "betaler",
        "regeling",
        "praktijkplaatssubsidie",
        "bedrag_per_40_weken",
        "bij_voortijdig_einde",
        "naam_op_certificaat",
        "geschillen",
        "verzekering",
        "afronding",
        "werkelijke_einddatum",
        "behaalde_werkprocessen",
        "datum_afgifte",
    ):
        assert f'"{key}"' in schema, key


def test_reden_is_a_choice(record: dict[str, Any]) -> None:
    record = v2_record(record)
    record["afronding"]["reden"] = "geslaagd"
    assert errors(record) == {"afronding.reden": "keuze-ongeldig"}


# -- V8 ODT and diploma --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("leerweg", "einddoel", "niveau", "crebo", "fout", "waarschuwing"),
    [
        ("ODT", "diploma", 2, "25371", "odt-met-diploma", None),
        ("ODT", "diploma", 1, "25000", None, "odt-met-diploma-entree"),
        ("ODT", "certificaat", 2, "25371", None, None),
        ("ODT", "praktijkverklaring", 2, "25371", None, None),
        ("OVO", "diploma", 2, "25371", None, None),
    ],
)
def test_v8_odt_never_leads_to_a_diploma_at_niveau_2_to_4(
    record: dict[str, Any],
    leerweg: str,
    einddoel: str,
    niveau: int,
    crebo: str,
    fout: str | None,
    waarschuwing: str | None,
) -> None:
    record["opleiding"].update(leerweg=leerweg, niveau=niveau, crebo=crebo)
    record["opleiding"]["certificaat"] = "Medewerker goederenontvangst"
    record["einddoel"] = einddoel
    assert errors(record).get("opleiding.leerweg") == fout
    assert warnings(record).get("opleiding.leerweg") == waarschuwing
    if fout:
        assert "Kies leerweg OVO" in message(record, fout)


# -- V9 financing ---------------------------------------------------------------------------


@pytest.mark.parametrize(("einddatum", "warned"), [("2027-06-13", False), ("2027-06-14", True)])
def test_v9_rmt_paying_more_than_280_days_is_a_warning(
    record: dict[str, Any], einddatum: str, warned: bool
) -> None:
    record["einddatum"] = einddatum
    record["plaatsing_einddatum"] = "2027-06-13"
    record["kandidaat"]["inkomen"] = "loon"
    assert ("rmt-vergoeding-langer-dan-40-weken" in warnings(record).values()) is warned
    if warned:
        bericht = message(record, "rmt-vergoeding-langer-dan-40-weken")
        assert "dekt ten hoogste 40 weken; leg vast wie de rest betaalt" in bericht
        assert "financiering" in bericht


def test_v9_werkgever_paying_long_opleiding_is_fine(record: dict[str, Any]) -> None:
    record["einddatum"] = "2027-12-31"
    record["plaatsing_einddatum"] = "2027-06-13"
    record["kandidaat"]["inkomen"] = "loon"
    record["financiering"]["betaald_door"] = "werkgever"
    assert warnings(record) == {}


@pytest.mark.parametrize(("kosten", "warned"), [(None, True), (0, True), ("0,01", False)])
def test_v9_opleidingskosten_zero_or_missing_is_a_warning(
    record: dict[str, Any], kosten: Any, warned: bool
) -> None:
    record["financiering"]["opleidingskosten"] = kosten
    assert (warnings(record).get("financiering.opleidingskosten") is not None) is warned
    assert errors(record) == {}


def test_v9_betaald_door_anders_needs_the_betaler(record: dict[str, Any]) -> None:
    record["financiering"]["betaald_door"] = "anders"
    assert errors(record) == {"financiering.betaler": "betaler-ontbreekt"}
    record["financiering"]["betaler"] = "Stichting Opleidingsfonds Transport"
    traject, _ = validate_record(record)
    assert traject is not None
    assert traject.betaler == "Stichting Opleidingsfonds Transport"


@pytest.mark.parametrize(
    ("betaald_door", "betaler", "expected"),
    [
        ("RMT", None, "Gemeente Enschede"),
        ("werkgever", None, "Transport & Opslag Twente B.V."),
        ("werkgever", "Holding Twente B.V.", "Holding Twente B.V."),
        ("kandidaat", None, "Fatma Yılmaz"),
    ],
)
def test_the_payer_is_always_a_legal_person(
    record: dict[str, Any], betaald_door: str, betaler: str | None, expected: str
) -> None:
    record["financiering"].update(betaald_door=betaald_door, betaler=betaler)
    assert Traject.model_validate(record).betaler == expected


# -- V10 benefit and placement ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("inkomen", "plaatsing", "warned"),
    [
        ("uitkering", "2027-06-10", True),
        ("uitkering", "2027-06-11", False),
        ("uitkering", None, False),
        ("loon", "2027-06-10", False),
    ],
)
def test_v10_benefit_with_placement_ending_before_the_bpv(
    record: dict[str, Any], inkomen: str, plaatsing: str | None, warned: bool
) -> None:
    record["kandidaat"]["inkomen"] = inkomen
    record["plaatsing_einddatum"] = plaatsing
    found = warnings(record).get("plaatsing_einddatum")
    assert (found == "uitkering-plaatsing-korter-dan-bpv") is warned


# -- V11 younger than 18 at the start ---------------------------------------------------------


@pytest.mark.parametrize(
    ("geboortedatum", "warned"),
    [("2008-09-07", False), ("2008-09-08", True)],  # 18 on the startdatum itself is adult
)
def test_v11_under_18_on_the_startdatum_is_a_warning(
    record: dict[str, Any], geboortedatum: str, warned: bool
) -> None:
    record["kandidaat"]["geboortedatum"] = geboortedatum
    record["kandidaat"]["wettelijk_vertegenwoordiger"] = {"naam": "H. Yılmaz"}
    found = warnings(record).get("kandidaat.geboortedatum")
    assert (found == "kandidaat-jonger-dan-18-bij-start") is warned
    if warned:
        bericht = message(record, "kandidaat-jonger-dan-18-bij-start")
        assert "kwalificatieplicht" in bericht
        assert "bijstand" in bericht  # the example kandidaat has an uitkering
        record["kandidaat"]["inkomen"] = "loon"
        assert "bijstand" not in message(record, "kandidaat-jonger-dan-18-bij-start")


# -- V12 voorvoegsel in the achternaam ------------------------------------------------------


@pytest.mark.parametrize(
    ("achternaam", "voorstel"),
    [
        ("Ten Brinke", ("ten", "Brinke")),
        ("van der Berg", ("van der", "Berg")),
        ("Van Den Heuvel", ("van den", "Heuvel")),
        ("'t Hart", ("'t", "Hart")),
        ("In 't Veld", ("in 't", "Veld")),
        ("de Jong", ("de", "Jong")),
    ],
)
def test_v12_voorvoegsel_in_achternaam_proposes_the_split(
    record: dict[str, Any], achternaam: str, voorstel: tuple[str, str]
) -> None:
    record["kandidaat"]["achternaam"] = achternaam
    assert warnings(record) == {"kandidaat.achternaam": "voorvoegsel-in-achternaam"}
    bericht = message(record, "voorvoegsel-in-achternaam")
    assert f"tussenvoegsel '{voorstel[0]}'" in bericht
    assert f"achternaam '{voorstel[1]}'" in bericht


@pytest.mark.parametrize("achternaam", ["Vandenberg", "Tenbrink", "Dekker", "Van", "El Amrani"])
def test_v12_names_without_a_voorvoegsel_are_left_alone(
    record: dict[str, Any], achternaam: str
) -> None:
    record["kandidaat"]["achternaam"] = achternaam
    assert warnings(record) == {}


def test_v12_no_warning_when_the_tussenvoegsel_is_filled(record: dict[str, Any]) -> None:
    record["kandidaat"].update(tussenvoegsel="Ten", achternaam="Brinke")
    assert warnings(record) == {}
    assert Traject.model_validate(record).kandidaat.volledige_naam == "Fatma ten Brinke"


# -- V13 afronding ----------------------------------------------------------------------------


def afgerond(record: dict[str, Any], **afronding: Any) -> dict[str, Any]:
    record["afronding"] = {
        "werkelijke_einddatum": "2027-06-11",
        "reden": "behaald",
        "behaalde_werkprocessen": ["B1-K1-W1", "B1-K1-W3"],
        "datum_afgifte": "2027-06-18",
        **afronding,
    }
    return record


def test_v13_a_complete_afronding_is_valid(record: dict[str, Any]) -> None:
    assert problems(afgerond(record)) == []


@pytest.mark.parametrize(
    ("eind", "code"),
    [
        ("2026-09-06", "werkelijke-einddatum-voor-startdatum"),
        ("2026-09-07", None),
        ("2027-06-11", None),
        ("2027-06-12", "werkelijke-einddatum-na-einddatum"),
    ],
)
def test_v13_werkelijke_einddatum_within_the_period(
    record: dict[str, Any], eind: str, code: str | None
) -> None:
    record = afgerond(record, werkelijke_einddatum=eind, reden="voortijdig")
    assert errors(record).get("afronding.werkelijke_einddatum") == code


def test_v13_an_early_end_needs_a_reden(record: dict[str, Any]) -> None:
    record = afgerond(record, werkelijke_einddatum="2027-03-31", reden=None)
    record["afronding"]["datum_afgifte"] = "2027-04-02"
    assert errors(record) == {"afronding.reden": "reden-ontbreekt"}
    record["afronding"]["reden"] = "voortijdig"
    assert errors(record) == {}
    # On the planned end date no reden is needed.
    assert errors(afgerond(record, reden=None)) == {}


def test_v13_reden_anders_needs_a_toelichting(record: dict[str, Any]) -> None:
    assert errors(afgerond(record, reden="anders")) == {
        "afronding.toelichting": "toelichting-ontbreekt"
    }
    assert errors(afgerond(record, reden="anders", toelichting="Verhuisd.")) == {}


def test_v13_an_unknown_werkproces_is_an_error_naming_it(record: dict[str, Any]) -> None:
    record = afgerond(record, behaalde_werkprocessen=["B1-K1-W1", "B1-K2-W9"])
    assert errors(record) == {"afronding.behaalde_werkprocessen[1]": "behaald-werkproces-onbekend"}
    assert "B1-K2-W9" in message(record, "behaald-werkproces-onbekend")


def test_v13_a_werkproces_listed_twice_is_an_error(record: dict[str, Any]) -> None:
    record = afgerond(record, behaalde_werkprocessen=["B1-K1-W1", "b1-k1-w1"])
    assert errors(record) == {"afronding.behaalde_werkprocessen[1]": "werkproces-dubbel"}


def test_v13_a_malformed_code_is_a_field_error(record: dict[str, Any]) -> None:
    record = afgerond(record, behaalde_werkprocessen=["W1"])
    assert errors(record) == {"afronding.behaalde_werkprocessen[0]": "werkproces-code-ongeldig"}


@pytest.mark.parametrize(
    ("afgifte", "code"),
    [("2027-06-10", "afgifte-voor-einde"), ("2027-06-11", None), ("2027-07-01", None)],
)
def test_v13_datum_afgifte_on_or_after_the_end(
    record: dict[str, Any], afgifte: str, code: str | None
) -> None:
    assert errors(afgerond(record, datum_afgifte=afgifte)).get("afronding.datum_afgifte") == code


@pytest.mark.parametrize(
    ("vandaag", "code"),
    [(dt.date(2027, 6, 18), None), (dt.date(2027, 6, 17), "afgifte-in-toekomst")],
)
def test_v13_datum_afgifte_not_in_the_future_by_the_injected_clock(
    record: dict[str, Any], vandaag: dt.date, code: str | None
) -> None:
    found = errors(afgerond(record), vandaag=vandaag)
    assert found.get("afronding.datum_afgifte") == code
    # A callable clock works as well.
    traject, _ = validate_record(afgerond(record), vandaag=lambda: vandaag)
    assert (traject is None) is (code is not None)


def test_v13_the_pv_needs_a_datum_afgifte(record: dict[str, Any]) -> None:
    assert errors(afgerond(record, datum_afgifte=None)) == {
        "afronding.datum_afgifte": "datum-afgifte-ontbreekt"
    }
    # Without learned werkprocessen no PV is made, so no date of issue is needed.
    record = afgerond(record, datum_afgifte=None, behaalde_werkprocessen=[])
    assert errors(record) == {}


def test_v13_praktijkverklaring_with_nothing_learned_warns_no_pv(record: dict[str, Any]) -> None:
    record = afgerond(record, behaalde_werkprocessen=[], reden="voortijdig")
    assert warnings(record) == {"afronding.behaalde_werkprocessen": "geen-behaalde-werkprocessen"}
    assert "er wordt geen praktijkverklaring gemaakt" in message(
        record, "geen-behaalde-werkprocessen"
    )


def test_v13_errors_in_other_fields_still_check_afronding(record: dict[str, Any]) -> None:
    record = afgerond(record, behaalde_werkprocessen=["B9-K9-W9"])
    record["kandidaat"]["bsn"] = "123"
    found = errors(record)
    assert found["kandidaat.bsn"] == "bsn-lengte"
    assert found["afronding.behaalde_werkprocessen[0]"] == "behaald-werkproces-onbekend"


# -- which documents, who signs -------------------------------------------------------------


def test_documents_to_make_pv_only_after_afronding_with_learned_werkprocessen(
    record: dict[str, Any],
) -> None:
    assert documents_to_make(Traject.model_validate(record)) == ("OOK", "POK", "PLOK")
    traject = validate_record(afgerond(record), vandaag=VANDAAG)[0]
    assert traject is not None
    assert documents_to_make(traject) == ("OOK", "POK", "PLOK", "PV")
    assert [w.code for w in traject.behaalde_werkprocessen] == ["B1-K1-W1", "B1-K1-W3"]
    leeg = validate_record(
        afgerond(record, behaalde_werkprocessen=[], reden="voortijdig"), vandaag=VANDAAG
    )[0]
    assert leeg is not None
    assert documents_to_make(leeg) == ("OOK", "POK", "PLOK")


def test_no_pv_for_a_diploma_even_with_afronding(record: dict[str, Any]) -> None:
    record = afgerond(record, behaalde_werkprocessen=[])
    record["einddoel"] = "diploma"
    record["werkprocessen"] = []
    traject = validate_record(record, vandaag=VANDAAG)[0]
    assert traject is not None
    assert documents_to_make(traject) == ("OOK", "POK", "PLOK")


def test_minor_has_the_wettelijk_vertegenwoordiger_sign_all_three_contracts(
    record: dict[str, Any],
) -> None:
    record["kandidaat"]["geboortedatum"] = "2008-09-01"  # 17 on 31 August 2026
    record["kandidaat"]["wettelijk_vertegenwoordiger"] = {"naam": "H. Yılmaz"}
    traject = Traject.model_validate(record)
    for document in ("OOK", "POK", "PLOK"):
        assert "wettelijk-vertegenwoordiger" in required_roles(traject, document)
    assert "wettelijk-vertegenwoordiger" not in required_roles(traject, "PV")
    assert required_roles(traject, "PLOK") == (
        "rmt",
        "leerbedrijf",
        "kandidaat",
        "wettelijk-vertegenwoordiger",
    )


def test_amounts_and_hours_stay_different_types_for_readers() -> None:
    """Both serialise as JSON numbers, yet the intake still tells an amount from hours."""
    from overeenkomsten.intake.kolommen import TRAJECT_KOLOMMEN

    soort = {k.pad: k.soort for k in TRAJECT_KOLOMMEN}
    assert soort["financiering.opleidingskosten"] == "bedrag"
    assert soort["financiering.praktijkplaatssubsidie.bedrag_per_40_weken"] == "bedrag"
    assert soort["bpv.uren_per_week"] == "getal"
