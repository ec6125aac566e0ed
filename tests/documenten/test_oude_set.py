"""Documents made by the release before the v2 templates keep working.

``tests/data/oude_set/`` holds one set (.docx, PDF and traject.json) made with the templates
of commit bd6231f, before domein.md v2: Kenmerken label ``Einddatum`` on the PLOK, the
heading ``Handtekening namens het RMT``, pre-printed place and date. ``controleer`` must
still read every fact of it, and ``onderteken`` must still find each party's block.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from overeenkomsten import api
from overeenkomsten.controle.extract import read_document
from overeenkomsten.handtekeningen.plaatsing import find_placement
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import LABELS, handtekening_koppen, required_roles
from overeenkomsten.model.validatie import validate_record
from tests.conftest import data_path

OUDE_SET = data_path("oude_set", "RMT-TW-2026-0042")


def _oud_traject() -> Traject:
    data = json.loads((OUDE_SET / "traject.json").read_text(encoding="utf-8"))
    traject, problems = validate_record(data)
    assert traject is not None, problems
    return traject


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("document", ["OOK", "POK", "PLOK", "PV"])
def test_every_fact_and_signature_block_of_an_old_document_is_read(
    document: str, suffix: str
) -> None:
    feiten = read_document(OUDE_SET / f"RMT-TW-2026-0042_{document}{suffix}")
    assert feiten.bruikbaar, feiten.leesfout
    assert feiten.type == document
    assert set(feiten.kenmerken) == set(LABELS)
    assert feiten.tekst is not None
    rollen = [blok.rol for blok in feiten.tekst.ondertekenaars]
    traject = _oud_traject()
    assert feiten.type is not None
    assert rollen == list(required_roles(traject, feiten.type))


def test_the_old_rmt_heading_is_still_recognised() -> None:
    assert "Handtekening namens het RMT" in handtekening_koppen("rmt")
    feiten = read_document(OUDE_SET / "RMT-TW-2026-0042_PLOK.pdf")
    assert feiten.tekst is not None
    (regio,) = [b for b in feiten.tekst.ondertekenaars if b.rol == "rmt"]
    assert regio.naam == "K. Visser"
    assert feiten.kenmerken["Einddatum"] == "11 juni 2027"


def test_controleer_reads_the_old_set_without_reading_problems() -> None:
    rapport = api.controleer(OUDE_SET)
    herkend = {bevinding.regel for bevinding in rapport.bevindingen}
    # Facts that could not be read would show as X0-X5 or text findings; none may appear.
    assert not herkend & {"X0", "X1", "X2", "X3", "X4", "X5", "X12", "TM"}, rapport.bevindingen


@pytest.mark.parametrize("rol", ["rmt", "leerbedrijf", "kandidaat"])
def test_signing_finds_each_block_on_an_old_plok(rol: str) -> None:
    pdf = (OUDE_SET / "RMT-TW-2026-0042_PLOK.pdf").read_bytes()
    assert find_placement(pdf, rol) is not None  # type: ignore[arg-type]


@pytest.mark.libreoffice
def test_signing_finds_each_block_on_a_new_plok(voorbeeld_set: Path) -> None:
    pdf = next(voorbeeld_set.glob("*_PLOK.pdf")).read_bytes()
    for rol in ("rmt", "leerbedrijf", "kandidaat"):
        assert find_placement(pdf, rol) is not None, rol
