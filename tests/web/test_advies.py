"""The advice on a finding, in the web application's words: no command or option a web
user cannot type."""

from __future__ import annotations

import re

import pytest

from overeenkomsten import api
from overeenkomsten.web.advies import WAT_TE_DOEN, wat_te_doen

#: What only a command-line user can do: an option, a setting, or a command of the tool by
#: name ("controleer" and "valideer" are also plain Dutch verbs, so they are not listed).
OPDRACHTREGEL = re.compile(r"--[a-z]|OVEREENKOMSTEN_|\b(genereer|onderteken|attesteer|bundel)\b")
REGELS = [u.code for u in api.uitleg()]


@pytest.mark.parametrize("code", REGELS)
def test_every_rules_advice_names_no_command(code: str) -> None:
    (uitleg,) = api.uitleg(code)
    advies = wat_te_doen(uitleg)
    assert advies
    assert not OPDRACHTREGEL.search(advies), advies


def test_only_known_rules_get_web_advice() -> None:
    assert set(WAT_TE_DOEN) <= set(REGELS)


def test_no_rule_no_advice() -> None:
    assert wat_te_doen(None) == ""
