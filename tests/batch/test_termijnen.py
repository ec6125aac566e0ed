"""Deadlines: the next thing due per trajectory, overdue items marked, today injectable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overeenkomsten.batch.termijnen import Stand, deadlines, next_due
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import documents_for
from tests.plugins.documenten import valid_traject

ALLES = Stand(aanwezig=True, ontbreekt=())


@pytest.fixture
def t(record: dict[str, Any]) -> Traject:
    record["plaatsing_einddatum"] = "2027-05-28"
    return valid_traject(record)


def test_unsigned_contracts_are_due_on_the_startdatum(t: Traject) -> None:
    standen = {"OOK": Stand(True, ("kandidaat",)), "POK": ALLES, "PLOK": ALLES}
    termijnen = deadlines(t, standen, documents_for(t), dt.date(2026, 9, 1))
    volgende = next_due(termijnen)
    assert volgende is not None
    assert (volgende.document, volgende.datum, volgende.verlopen) == (
        "OOK",
        dt.date(2026, 9, 7),
        False,
    )
    assert volgende.rollen == ("kandidaat",)
    assert volgende.tekst(dt.date(2026, 9, 1)) == (
        "OOK laten ondertekenen door kandidaat: uiterlijk 7 september 2026 (nog 6 dagen)"
    )


def test_overdue_after_the_start(t: Traject) -> None:
    termijnen = deadlines(t, {"OOK": ALLES}, documents_for(t), dt.date(2026, 9, 8))
    verlopen = [x for x in termijnen if x.verlopen]
    assert [x.document for x in verlopen] == ["POK", "PLOK"]
    assert verlopen[0].wat == "POK maken en laten ondertekenen"
    assert "VERLOPEN" in verlopen[0].tekst(dt.date(2026, 9, 8))


def test_after_signing_the_placement_end_then_the_praktijkverklaring(t: Traject) -> None:
    standen = {"OOK": ALLES, "POK": ALLES, "PLOK": ALLES}
    vandaag = dt.date(2026, 10, 1)
    volgende = next_due(deadlines(t, standen, documents_for(t), vandaag))
    assert volgende is not None
    assert (volgende.wat, volgende.datum) == ("einde plaatsing (PLOK)", dt.date(2027, 5, 28))
    later = next_due(deadlines(t, standen, documents_for(t), dt.date(2027, 6, 1)))
    assert later is not None
    assert later.document == "PV"
    assert later.datum == dt.date(2027, 6, 11)
    assert not later.verlopen
    te_laat = next_due(deadlines(t, standen, documents_for(t), dt.date(2027, 6, 20)))
    assert te_laat is not None
    assert te_laat.document == "PV"
    assert te_laat.verlopen


def test_a_signed_praktijkverklaring_leaves_nothing_due(t: Traject) -> None:
    standen = {d: ALLES for d in documents_for(t)}
    assert next_due(deadlines(t, standen, documents_for(t), dt.date(2027, 7, 1))) is None


def test_diploma_trajectory_ends_with_the_opleiding(record: dict[str, Any]) -> None:
    record["einddoel"] = "diploma"
    record["werkprocessen"] = []
    t = valid_traject(record)
    standen = {d: ALLES for d in documents_for(t)}
    termijnen = deadlines(t, standen, documents_for(t), dt.date(2026, 10, 1))
    assert [x.wat for x in termijnen][-1] == "einde opleiding"
    assert not any(x.document == "PV" for x in termijnen)


def test_praktijkverklaring_due_from_the_werkelijke_einddatum(record: dict[str, Any]) -> None:
    record["afronding"] = {
        "werkelijke_einddatum": "2026-11-20",
        "reden": "voortijdig",
        "behaalde_werkprocessen": ["B1-K1-W1"],
        "datum_afgifte": "2026-11-25",
    }
    t = valid_traject(record)
    standen = {"OOK": ALLES, "POK": ALLES, "PLOK": ALLES, "PV": Stand(True, ("examencommissie",))}
    volgende = next_due(deadlines(t, standen, documents_for(t), dt.date(2026, 11, 29)))
    assert volgende is not None
    assert volgende.document == "PV"
    assert volgende.datum == dt.date(2026, 11, 20)
    assert volgende.verlopen
    assert volgende.wat == "PV laten ondertekenen door examencommissie"


def test_no_praktijkverklaring_when_nothing_was_learned(record: dict[str, Any]) -> None:
    record["afronding"] = {
        "werkelijke_einddatum": "2026-11-20",
        "reden": "voortijdig",
        "behaalde_werkprocessen": [],
        "datum_afgifte": "2026-11-25",
    }
    t = valid_traject(record)
    standen = {"OOK": ALLES, "POK": ALLES, "PLOK": ALLES}
    termijnen = deadlines(t, standen, documents_for(t), dt.date(2026, 11, 29))
    assert not any(x.document == "PV" for x in termijnen)
    assert next_due(termijnen) is None
