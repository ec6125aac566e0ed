"""Facts read from clauses whatever their wording (X15): kinds found by form, dates by the
words just before them."""

from __future__ import annotations

import datetime as dt

import pytest

from overeenkomsten.controle.artikelen import Zin, clause_text, sentence_facts


def kinds(text: str) -> list[tuple[str, object]]:
    return [(f.soort, f.waarde) for f in sentence_facts(Zin("artikel 1.1", text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "De bpv begint op 7 september 2026 en eindigt op 11 juni 2027.",
            [("startdatum", dt.date(2026, 9, 7)), ("einddatum", dt.date(2027, 6, 11))],
        ),
        (
            "De plaatsing loopt van 7 september 2026 tot en met 11 juni 2027.",
            [("startdatum", dt.date(2026, 9, 7)), ("einddatum", dt.date(2027, 6, 11))],
        ),
        (
            "Vanaf 7-9-2026 werkt de kandidaat mee, tot 11-6-2027.",
            [("startdatum", dt.date(2026, 9, 7)), ("einddatum", dt.date(2027, 6, 11))],
        ),
        (
            "Fatma, geboren op 14 maart 1988, woont in Enschede.",
            [("geboortedatum", dt.date(1988, 3, 14))],
        ),
        ("Opgemaakt op 31 augustus 2026.", [("datum", dt.date(2026, 8, 31))]),
    ],
)
def test_dates_by_the_words_before_them(text: str, expected: list[tuple[str, object]]) -> None:
    assert kinds(text) == expected


def test_codes_by_their_form() -> None:
    found = kinds(
        "ROC Voorbeeld (BRIN 25LH) en Transport B.V. (KvK-nummer 12345678, leerbedrijf-ID "
        "100077736) voor crebonummer 25371, traject RMT-TW-2026-0042."
    )
    assert ("BRIN", "25LH") in found
    assert ("KvK-nummer", "12345678") in found
    assert ("leerbedrijf-ID", "100077736") in found
    assert ("crebonummer", "25371") in found
    assert ("traject", "rmt-tw-2026-0042") in found
    assert not [
        k for k, _ in kinds("In het traject 2026-2027 leert de kandidaat.") if k == "traject"
    ]


def test_clauses_are_placed_by_their_number_also_when_a_pdf_wraps_them() -> None:
    lines = [
        "Praktijkopleider: A. El Amrani",
        "Artikel 2  Periode",
        "2.1 De bpv begint op 7 september 2026 en",
        "eindigt op 11 juni 2027.",
        "2.2 Over 39,7 weken is dat in totaal 1.271",
        "uur.",
        "Handtekening kandidaat",
        "Naam: Fatma Yılmaz",
    ]
    zinnen = clause_text(lines, 0)
    assert [(z.plek, z.tekst) for z in zinnen] == [
        ("artikel 2.1", "De bpv begint op 7 september 2026 en eindigt op 11 juni 2027."),
        ("artikel 2.2", "Over 39,7 weken is dat in totaal 1.271 uur."),
    ]
