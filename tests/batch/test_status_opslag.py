"""A stored status (``TrajectStatus.as_dict``) comes back whole, and its deadlines follow
the date: the web application keeps statuses and reads no PDF per page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from overeenkomsten import api


def test_a_stored_status_comes_back_as_it_was(maak_sets: Any, record_data: dict[str, Any]) -> None:
    folder: Path = maak_sets([record_data], pdf=False)[record_data["traject_id"]]
    vandaag = dt.date(2026, 9, 1)
    status = api.status(folder, vandaag=vandaag)[0]
    terug = api.status_uit_opslag(status.as_dict(), record_data, vandaag)
    assert terug.as_dict() == status.as_dict()
    zonder_record = api.status_uit_opslag(status.as_dict(), None)
    assert zonder_record.as_dict() == status.as_dict()


def test_the_deadlines_of_a_stored_status_follow_the_date(
    maak_sets: Any, record_data: dict[str, Any]
) -> None:
    folder: Path = maak_sets([record_data], pdf=False)[record_data["traject_id"]]
    data = api.status(folder, vandaag=dt.date(2026, 9, 1))[0].as_dict()
    assert not any(t["verlopen"] for t in data["termijnen"])
    later = api.status_uit_opslag(data, record_data, dt.date(2026, 9, 8))
    assert (
        later.as_dict()["termijnen"]
        == api.status(folder, vandaag=dt.date(2026, 9, 8))[0].as_dict()["termijnen"]
    )
    assert any(t.verlopen for t in later.termijnen)


def test_the_workbook_from_stored_statuses_is_the_one_of_status_xlsx(
    maak_sets: Any, record_data: dict[str, Any], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    folder: Path = maak_sets([record_data], pdf=False)[record_data["traject_id"]]
    vandaag = dt.date(2026, 11, 1)
    status = api.status(folder, vandaag=vandaag, xlsx=tmp_path / "cli.xlsx")[0]
    api.schrijf_statusoverzicht(
        tmp_path / "opslag.xlsx", [api.status_uit_opslag(status.as_dict(), record_data, vandaag)]
    )

    def cellen(pad: Path) -> list[tuple[Any, ...]]:
        blad = load_workbook(pad, read_only=True).active
        assert blad is not None
        return list(blad.iter_rows(values_only=True))

    assert cellen(tmp_path / "opslag.xlsx") == cellen(tmp_path / "cli.xlsx")
