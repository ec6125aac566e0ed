"""``uitleg``: each rule of the check explained in Dutch, with what to do."""

from __future__ import annotations

from click.testing import CliRunner

from overeenkomsten.cli import main
from overeenkomsten.controle.regels import RECORD_REGEL, REGELS
from overeenkomsten.controle.uitleg import REGELS as UITLEG
from overeenkomsten.dossier.lezen import DOSSIER_REGELS


def test_every_rule_of_the_check_is_explained() -> None:
    codes = {r.code for r in REGELS} | {RECORD_REGEL.code, "BESTAND", *DOSSIER_REGELS}
    codes |= {f"X{i}" for i in range(18)}
    assert codes <= set(UITLEG)
    for uitleg in UITLEG.values():
        assert uitleg.wat.strip()
        assert uitleg.doen.strip()


def test_uitleg_x16_says_what_to_do() -> None:
    result = CliRunner().invoke(main, ["uitleg", "X16"])
    assert result.exit_code == 0, result.output
    assert "X16: Wie tekende" in result.output
    assert "Wat te doen" in result.output
    assert "naam_op_certificaat" in result.output


def test_uitleg_accepts_lower_case_and_lists_all() -> None:
    assert "X15: De artikelen zeggen" in CliRunner().invoke(main, ["uitleg", "x15"]).output
    lijst = CliRunner().invoke(main, ["uitleg"])
    assert lijst.exit_code == 0
    assert "X17" in lijst.output
    assert "DOSSIER" in lijst.output


def test_unknown_rule_is_a_dutch_usage_error() -> None:
    result = CliRunner().invoke(main, ["uitleg", "X99"])
    assert result.exit_code == 2
    assert "Er is geen regel 'X99'" in result.output
