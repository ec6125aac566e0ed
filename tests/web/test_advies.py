"""The advice on a finding, in the web application's words: no command or option a web
user cannot type."""

from __future__ import annotations

import re

import pytest

from overeenkomsten import api
from overeenkomsten.web.advies import WAT_TE_DOEN, wat_te_doen, web_bericht

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


#: Library messages that name command-line options (controle/*, handtekeningen/*), as the
#: web shows them: each must read in the web application's terms.
BERICHTEN = [
    "De erkenning van het leerbedrijf is niet gecontroleerd: geef een lijst met erkenningen "
    "van SBB (--erkenningen).",
    "Crebo 12345 staat niet in het kwalificatieregister (meegeleverd). Dat register is oud; "
    "geef de actuele codelijst van SBB met --register.",
    "OOK: de handtekening onder de attestatie van Jan is intact, maar niet als vertrouwd "
    "aangetoond (geef het basiscertificaat met --vertrouwd of OVEREENKOMSTEN_VERTROUWD).",
    "OOK: handtekening van Jan (veld 'kandidaat'): intrekking niet gecontroleerd; er is geen "
    "intrekkingslijst (CRL) of OCSP-antwoord voor het certificaat in de PDF of via --crl. Een "
    "offline controle kan niet meer zeggen dan dat. Het certificaat noemt een OCSP-dienst "
    "(http://ocsp.example); die raadpleegt de controle niet (er wordt niets van internet "
    "gehaald). Vraag de PDF met validatiegegevens (LTV) van wie liet tekenen, of een actuele "
    "CRL (--crl).",
    "Niet vertrouwd: geen vertrouwde basis opgegeven (--vertrouwd).",
    "OOK: vertrouwen niet gecontroleerd: geen vertrouwde basis opgegeven (geef het "
    "basiscertificaat met --vertrouwd of in OVEREENKOMSTEN_VERTROUWD)",
    "Iets onbekends, zie (--nieuwe-optie X) en --andere-optie.",
]


@pytest.mark.parametrize("bericht", BERICHTEN)
def test_a_findings_message_names_no_option_on_the_web(bericht: str) -> None:
    tekst = web_bericht(bericht)
    assert not OPDRACHTREGEL.search(tekst), tekst
    assert "  " not in tekst
    assert " ." not in tekst
    assert tekst.endswith((".", ")")) == bericht.endswith((".", ")"))


def test_revocation_lists_are_named_as_the_beheer_page() -> None:
    """CRLs are uploaded per organisation: the message says where, not that it cannot."""
    tekst = web_bericht(BERICHTEN[3])
    assert "in de PDF of in de intrekkingslijsten van de organisatie (Beheer" in tekst
    assert "een actuele intrekkingslijst (CRL) uploaden" in tekst
    assert "Intrekkingslijsten" in wat_te_doen(api.uitleg("X7")[0])


def test_the_dossiers_settings_are_named_as_the_beheer_pages() -> None:
    tekst = web_bericht(
        "Het voorblad zegt dat de controle 'in orde' opleverde; deze controle van de "
        "originelen komt op 'onvolledig'. Was er bij het bundelen meer te controleren "
        "(bijvoorbeeld met --vertrouwd, --crl of --erkenningen), geef dat dan nu ook op."
    )
    assert "intrekkingslijsten of erkenningen van SBB bij Beheer)" in tekst
    assert not OPDRACHTREGEL.search(tekst), tekst


def test_a_message_without_options_is_unchanged() -> None:
    bericht = "Startdatum verschilt: PLOK 14 september 2026, OOK 7 september 2026."
    assert web_bericht(bericht) == bericht
