"""Trajectories for the page tests, made from the session's document sets
(tests/plugins/documenten.py): the set is stored as the batch stores it (its files under
``Traject.map_pad``) and the Traject row holds its record."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest


def maak_traject(organisatie: Any, map: Path, **velden: Any) -> Any:
    """A Traject of ``organisatie`` for the set in ``map`` (files stored, no status yet)."""
    from overeenkomsten.web import werk
    from overeenkomsten.web.models import Traject

    record = json.loads((map / "traject.json").read_text("utf-8"))
    prefix = f"test-sets/{uuid.uuid4().hex}/"
    werk.bewaar_map(map, prefix)
    kandidaat = record["kandidaat"]
    velden.setdefault("traject_id", record["traject_id"])
    velden.setdefault("brin", record["instelling"]["brin"])
    velden.setdefault(
        "kandidaat_naam",
        " ".join(d for d in (kandidaat["voornamen"], kandidaat["achternaam"]) if d),
    )
    return Traject.objects.create(organisatie=organisatie, record=record, map_pad=prefix, **velden)


@pytest.fixture
def woord_set(maak_sets: Any, record_data: dict[str, Any]) -> Path:
    """The example trajectory's set as Word files (nothing signed; no LibreOffice)."""
    folder: Path = maak_sets([record_data], pdf=False)[record_data["traject_id"]]
    return folder


@pytest.fixture
def rmt(organisatie: Any) -> Any:
    """The regional back office the web tests' trajectories belong to."""
    return organisatie("RMT Twente")
