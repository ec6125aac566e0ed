"""The arithmetic written once in model.rekenen, and the name rules of model.namen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overeenkomsten.model.namen import naam_in_zin, split_voorvoegsel, volledige_naam
from overeenkomsten.model.rekenen import (
    bpv_uren,
    dagen,
    laatste_plaatsingsdag,
    past_in_40_weken,
    studiejaar_van,
    subsidie,
    uren_per_studiejaar,
)

D = dt.date


def test_days_count_both_ends() -> None:
    assert dagen(D(2026, 9, 7), D(2026, 9, 7)) == 1
    assert dagen(D(2026, 9, 7), D(2026, 9, 13)) == 7


def test_forty_weeks_is_280_days_inclusive() -> None:
    start = D(2026, 9, 7)
    assert laatste_plaatsingsdag(start) == D(2027, 6, 13)
    assert past_in_40_weken(start, D(2027, 6, 13))
    assert not past_in_40_weken(start, D(2027, 6, 14))


def test_bpv_hours_round_half_up() -> None:
    # 7 days x 0.5 h/week... 1 week x 10.5 h = 10.5 -> 11 (half up, not banker's 10).
    assert bpv_uren(D(2026, 9, 7), D(2026, 9, 13), Decimal("10.5")) == 11


def test_subsidy_is_pro_rata_and_capped_at_40_weeks() -> None:
    start = D(2026, 9, 7)
    assert subsidie(Decimal(2700), start, D(2026, 9, 13)) == Decimal("67.50")
    assert subsidie(Decimal(2700), start, D(2027, 6, 13)) == Decimal("2700.00")
    assert subsidie(Decimal(2700), start, D(2028, 6, 13)) == Decimal("2700.00")


@pytest.mark.parametrize(
    ("datum", "jaar"), [(D(2026, 7, 31), 2025), (D(2026, 8, 1), 2026), (D(2027, 7, 31), 2026)]
)
def test_a_studiejaar_runs_from_1_august_to_31_july(datum: dt.date, jaar: int) -> None:
    assert studiejaar_van(datum) == jaar


def test_hours_split_over_two_studiejaren_pro_rata() -> None:
    # 2027-03-01 .. 2027-10-31: 153 days in 2026-2027, 92 in 2027-2028; 245 days total.
    delen = uren_per_studiejaar(D(2027, 3, 1), D(2027, 10, 31), 1000)
    assert [(d.studiejaar, d.dagen, d.uren) for d in delen] == [
        ("2026-2027", 153, 624),  # 624.49
        ("2027-2028", 92, 376),  # 375.51: the larger remainder gets the hour
    ]
    assert delen[0].tot == D(2027, 7, 31)
    assert delen[1].van == D(2027, 8, 1)


def test_largest_remainder_tie_goes_to_the_earlier_studiejaar() -> None:
    # 31 July + 1 August: one day each; 3 hours -> 1.5 and 1.5.
    delen = uren_per_studiejaar(D(2027, 7, 31), D(2027, 8, 1), 3)
    assert [d.uren for d in delen] == [2, 1]


def test_one_studiejaar_gets_everything() -> None:
    delen = uren_per_studiejaar(D(2026, 9, 7), D(2027, 6, 11), 1271)
    assert [(d.studiejaar, d.uren) for d in delen] == [("2026-2027", 1271)]


@given(
    start=st.dates(D(2020, 1, 1), D(2035, 1, 1)),
    lengte=st.integers(0, 1500),
    totaal=st.integers(0, 5000),
)
def test_the_parts_always_sum_to_the_total(start: dt.date, lengte: int, totaal: int) -> None:
    eind = start + dt.timedelta(days=lengte)
    delen = uren_per_studiejaar(start, eind, totaal)
    assert sum(d.uren for d in delen) == totaal
    assert sum(d.dagen for d in delen) == dagen(start, eind)
    for deel in delen:
        exact = Decimal(totaal) * deel.dagen / dagen(start, eind)
        assert abs(deel.uren - exact) < 1


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("J. Ten Brinke", "J. ten Brinke"),
        ("drs. M. Ter Horst", "drs. M. ter Horst"),
        ("Pieter Van Den Berg", "Pieter van den Berg"),
        ("A. El Amrani", "A. El Amrani"),
        ("Van Dijk", "Van Dijk"),  # at the start it keeps its capital
        ("drs. P. de Vries", "drs. P. de Vries"),
        ("Anna De", "Anna De"),  # no surname follows
    ],
)
def test_voorvoegsel_is_lower_case_after_a_first_name_or_initials(
    tekst: str, verwacht: str
) -> None:
    assert naam_in_zin(tekst) == verwacht


def test_full_name_lower_cases_the_tussenvoegsel() -> None:
    assert volledige_naam("Joost", "Ten", "Brinke") == "Joost ten Brinke"
    assert volledige_naam("Joost", None, "Brinke") == "Joost Brinke"


def test_split_takes_the_longest_voorvoegsel() -> None:
    assert split_voorvoegsel("Van der Meer") == ("van der", "Meer")
    assert split_voorvoegsel("Vandermeer") is None
