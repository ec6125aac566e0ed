"""The record's rules (domein.md section 4), each at its boundary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overeenkomsten.errors import Problem
from overeenkomsten.model import Traject
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import Kwalificatie, KwalificatieRegister


def problems(record: dict[str, Any], **kwargs: Any) -> list[Problem]:
    return validate_record(record, **kwargs)[1]


def errors_by_path(record: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    return {p.pad or "": p.code for p in problems(record, **kwargs) if p.ernst == "fout"}


def test_example_record_is_valid(record: dict[str, Any]) -> None:
    traject, found = validate_record(record)
    assert traject is not None
    assert found == []
    assert traject.kandidaat.volledige_naam == "Fatma Yılmaz"


@pytest.mark.parametrize(
    ("end", "expected"),
    [("2027-06-12", None), ("2027-06-13", None), ("2027-06-14", "plaatsing-langer-dan-40-weken")],
)
def test_placement_of_280_days_passes_and_281_fails(
    record: dict[str, Any], end: str, expected: str | None
) -> None:
    # 2026-09-07 + 279 days = 2027-06-13: 280 days inclusive.
    record["einddatum"] = end
    assert errors_by_path(record).get("plaatsing_einddatum") == expected


def test_long_opleiding_with_capped_placement_is_fine(record: dict[str, Any]) -> None:
    record["einddatum"] = "2027-12-31"
    record["plaatsing_einddatum"] = "2027-06-13"
    assert errors_by_path(record) == {}


def test_placement_after_einddatum_names_placement(record: dict[str, Any]) -> None:
    record["plaatsing_einddatum"] = "2027-06-12"
    assert errors_by_path(record) == {"plaatsing_einddatum": "plaatsing-na-einddatum"}


def test_end_before_start_names_the_end_date(record: dict[str, Any]) -> None:
    record["einddatum"] = "2026-09-06"
    assert errors_by_path(record) == {"einddatum": "einddatum-voor-startdatum"}


def test_start_equal_to_end_is_allowed(record: dict[str, Any]) -> None:
    record["einddatum"] = record["startdatum"]
    assert errors_by_path(record) == {}


@pytest.mark.parametrize("text", ["2026-09-07", "7-9-2026", "07-09-2026", "7/9/2026"])
def test_date_formats_read_as_seventh_of_september(record: dict[str, Any], text: str) -> None:
    record["startdatum"] = text
    traject, _ = validate_record(record)
    assert traject is not None
    assert traject.startdatum == dt.date(2026, 9, 7)


def test_excel_datetime_reads_as_date(record: dict[str, Any]) -> None:
    record["startdatum"] = dt.datetime(2026, 9, 7)
    traject, _ = validate_record(record)
    assert traject is not None
    assert traject.startdatum == dt.date(2026, 9, 7)


@pytest.mark.parametrize(
    ("text", "code"), [("31-2-2026", "datum-bestaat-niet"), ("morgen", "datum-ongeldig")]
)
def test_bad_dates_are_explained(record: dict[str, Any], text: str, code: str) -> None:
    record["startdatum"] = text
    assert errors_by_path(record)["startdatum"] == code


@pytest.mark.parametrize(("signing", "minor"), [("2026-03-13", True), ("2026-03-14", False)])
def test_age_boundary_on_the_18th_birthday(
    record: dict[str, Any], signing: str, minor: bool
) -> None:
    record["kandidaat"]["geboortedatum"] = "2008-03-14"
    record["ondertekening"]["datum"] = signing
    record["startdatum"] = "2026-03-16"
    record["einddatum"] = "2026-12-18"
    found = errors_by_path(record)
    if minor:
        assert found == {
            "kandidaat.wettelijk_vertegenwoordiger.naam": "wettelijk-vertegenwoordiger-ontbreekt"
        }
        record["kandidaat"]["wettelijk_vertegenwoordiger"] = {"naam": "H. de Boer", "email": None}
        traject, _ = validate_record(record)
        assert traject is not None
        assert traject.minderjarig
    else:
        assert found == {}


def test_leap_day_birthday_counts_from_first_of_march() -> None:
    from overeenkomsten.model import is_adult

    born = dt.date(2008, 2, 29)
    assert not is_adult(born, dt.date(2026, 2, 28))
    assert is_adult(born, dt.date(2026, 3, 1))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("111222334", "bsn-elfproef"),
        ("11122233", "bsn-lengte"),
        ("1112223333", "bsn-lengte"),
    ],
)
def test_bsn_rules(record: dict[str, Any], value: str, code: str) -> None:
    record["kandidaat"]["bsn"] = value
    found = problems(record)
    assert [p.code for p in found] == [code]
    assert found[0].waarde == "*" * (len(value) - 4) + value[-4:]
    assert value not in str(found[0].as_dict())


def test_bsn_typed_as_number_gets_its_zero_back(record: dict[str, Any]) -> None:
    record["kandidaat"]["bsn"] = 12345672  # 012345672 passes the elfproef
    traject, found = validate_record(record)
    assert found == []
    assert traject is not None
    assert traject.kandidaat.bsn == "012345672"


def test_bsn_or_onderwijsnummer_required(record: dict[str, Any]) -> None:
    record["kandidaat"]["bsn"] = None
    assert errors_by_path(record) == {"kandidaat.bsn": "bsn-of-onderwijsnummer-ontbreekt"}
    record["kandidaat"]["onderwijsnummer"] = "101222331"
    assert errors_by_path(record) == {}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("101222332", "onderwijsnummer-elfproef"),
        ("111222333", "onderwijsnummer-begin"),
        ("10122233", "onderwijsnummer-lengte"),
    ],
)
def test_onderwijsnummer_rules(record: dict[str, Any], value: str, code: str) -> None:
    record["kandidaat"]["bsn"] = None
    record["kandidaat"]["onderwijsnummer"] = value
    assert errors_by_path(record) == {"kandidaat.onderwijsnummer": code}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25LH", None),
        ("25LH01", None),
        ("25lh", None),
        ("25L", "brin-ongeldig"),
        ("2XLH", "brin-ongeldig"),
    ],
)
def test_brin(record: dict[str, Any], value: str, expected: str | None) -> None:
    record["instelling"]["brin"] = value
    assert errors_by_path(record).get("instelling.brin") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7511 AB", None),
        ("7511ab", None),
        ("7511 SA", "postcode-ongeldig"),
        ("0511 AB", "postcode-ongeldig"),
        ("75111 AB", "postcode-ongeldig"),
    ],
)
def test_postcode(record: dict[str, Any], value: str, expected: str | None) -> None:
    record["kandidaat"]["postcode"] = value
    assert errors_by_path(record).get("kandidaat.postcode") == expected


@pytest.mark.parametrize(
    ("value", "expected", "stored"),
    [
        ("12345678", None, "12345678"),
        (1234567, None, "01234567"),
        ("1234567", "kvk-ongeldig", None),
        ("123456789", "kvk-ongeldig", None),
    ],
)
def test_kvk(record: dict[str, Any], value: Any, expected: str | None, stored: str | None) -> None:
    record["leerbedrijf"]["kvk"] = value
    traject, found = validate_record(record)
    assert {p.pad: p.code for p in found}.get("leerbedrijf.kvk") == expected
    if stored:
        assert traject is not None
        assert traject.leerbedrijf.kvk == stored


@pytest.mark.parametrize(
    ("value", "expected"),
    [("25371", None), (25371, None), ("2537", "crebo-ongeldig"), ("025371", "crebo-ongeldig")],
)
def test_crebo_is_five_digits_never_padded(
    record: dict[str, Any], value: Any, expected: str | None
) -> None:
    record["opleiding"]["crebo"] = value
    assert errors_by_path(record).get("opleiding.crebo") == expected


@pytest.mark.parametrize(
    ("code", "ok"), [("B1-K1-W2", True), ("P2-K1-W1", True), ("X1-K1-W1", False), ("B1-K1", False)]
)
def test_werkproces_code(record: dict[str, Any], code: str, ok: bool) -> None:
    record["werkprocessen"][0]["code"] = code
    assert ("werkprocessen[0].code" in errors_by_path(record)) is not ok


def test_unknown_crebo_is_a_warning_with_the_bundled_register(record: dict[str, Any]) -> None:
    record["opleiding"]["crebo"] = "99999"
    record["werkprocessen"] = [dict(w, crebo="99999") for w in record["werkprocessen"]]
    traject, found = validate_record(record)
    assert traject is not None
    assert [(p.pad, p.ernst) for p in found] == [("opleiding.crebo", "waarschuwing")]


def test_unknown_crebo_is_an_error_with_a_users_register(record: dict[str, Any]) -> None:
    register = KwalificatieRegister(
        [Kwalificatie("25371", "Logistiek medewerker", 2)], bron="test", is_default=False
    )
    assert errors_by_path(record, register=register) == {}
    record["opleiding"]["crebo"] = "25372"
    assert errors_by_path(record, register=register)["opleiding.crebo"] == "crebo-onbekend"


def test_register_validity_period_limits_the_startdatum(record: dict[str, Any]) -> None:
    register = KwalificatieRegister(
        [
            Kwalificatie(
                "25371", "Logistiek medewerker", 2, dt.date(2015, 8, 1), dt.date(2026, 9, 6)
            )
        ],
        bron="test",
        is_default=False,
    )
    assert errors_by_path(record, register=register) == {
        "opleiding.crebo": "crebo-niet-meer-geldig"
    }


def test_niveau_mismatch_names_the_niveau(record: dict[str, Any]) -> None:
    record["opleiding"]["niveau"] = 3
    assert errors_by_path(record) == {"opleiding.niveau": "niveau-wijkt-af-van-register"}


def test_praktijkverklaring_needs_werkprocessen(record: dict[str, Any]) -> None:
    record["werkprocessen"] = []
    assert errors_by_path(record) == {"werkprocessen": "werkprocessen-ontbreken"}
    record["einddoel"] = "diploma"
    assert errors_by_path(record) == {}


def test_certificaat_needs_its_name(record: dict[str, Any]) -> None:
    record["einddoel"] = "certificaat"
    assert errors_by_path(record) == {"opleiding.certificaat": "certificaat-ontbreekt"}
    record["opleiding"]["certificaat"] = "Medewerker goederenontvangst"
    assert errors_by_path(record) == {}


@pytest.mark.parametrize(("hours", "ok"), [(0, False), (0.5, True), (60, True), (60.5, False)])
def test_hours_per_week_bounds(record: dict[str, Any], hours: float, ok: bool) -> None:
    record["bpv"]["uren_per_week"] = hours
    assert ("bpv.uren_per_week" in errors_by_path(record)) is not ok


def test_derived_values_round_half_up(record: dict[str, Any]) -> None:
    traject = Traject.model_validate(record)
    # 2026-09-07 .. 2027-06-11 is 278 days: 39.714 weeks x 32 h = 1270.86 -> 1271.
    assert traject.bpv_uren == 1271
    assert traject.subsidie is None  # the record names no praktijkplaatssubsidie
    record["financiering"]["praktijkplaatssubsidie"] = {
        "regeling": "Subsidieregeling praktijkleren 2026",
        "bedrag_per_40_weken": 2700,
    }
    assert str(Traject.model_validate(record).subsidie) == "2680.71"
    record["plaatsing_einddatum"] = "2026-09-13"  # 7 days: one week
    assert str(Traject.model_validate(record).subsidie) == "67.50"


def test_all_problems_are_reported_at_once(record: dict[str, Any]) -> None:
    record["kandidaat"]["bsn"] = "123"
    record["einddatum"] = "2027-12-31"
    record["einddoel"] = "iets"
    record["kandidaat"]["voornamen"] = ""
    found = errors_by_path(record)
    assert found == {
        "kandidaat.bsn": "bsn-lengte",
        "einddoel": "keuze-ongeldig",
        "kandidaat.voornamen": "verplicht",
        "plaatsing_einddatum": "plaatsing-langer-dan-40-weken",
    }


@pytest.mark.parametrize("bad", ["Fat\x00ma", "Fat\u202ema", "x" * 501])
def test_hostile_text_is_refused_in_dutch(record: dict[str, Any], bad: str) -> None:
    record["kandidaat"]["voornamen"] = bad
    found = problems(record)
    assert [p.pad for p in found] == ["kandidaat.voornamen"]
    assert found[0].code in {"tekst-ongeldig-teken", "tekst-te-lang"}


def test_unknown_key_is_an_error(record: dict[str, Any]) -> None:
    record["startdatun"] = "2026-09-07"
    assert errors_by_path(record) == {"startdatun": "onbekend-veld"}


def test_no_english_reaches_the_user(record: dict[str, Any]) -> None:
    record["rmt"] = 5
    record["werkprocessen"] = "B1-K1-W1"
    record["einddoel"] = ["x"]
    for problem in problems(record):
        assert "Input should" not in problem.bericht
        assert "valid" not in problem.bericht
