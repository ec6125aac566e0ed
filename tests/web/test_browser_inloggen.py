"""In a real browser, from an empty installation: the first beheerder signs in, sets up
two-step login from the page and reaches the start page; a recovery code stands in for the
phone once; a forgotten password is reset through a real mail with a working link."""

from __future__ import annotations

import dataclasses
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web._inloggen import stel_tweestaps_in, vul_wachtwoord_in
from tests.web._server import WebServer, start_webserver
from tests.web._smtp import SmtpServer

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+")
INLOGGEN = re.compile(r"/inloggen/")
TWEESTAPS = re.compile(r"/tweestaps/")


def _op_een_pagina_na_het_inloggen(pagina: Page, server: WebServer) -> None:
    expect(pagina).not_to_have_url(INLOGGEN)
    expect(pagina).not_to_have_url(TWEESTAPS)
    assert pagina.url.startswith(server.url)
    expect(pagina.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(pagina.get_by_text(server.beheerder.gebruikersnaam).first).to_be_visible()


def test_first_beheerder_signs_in_with_totp_set_up_from_the_page(
    chromium: Browser,
    pagina: Page,
    smtp_server: SmtpServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with start_webserver(tmp_path_factory.mktemp("leeg"), smtp_server) as server:
        pagina.goto(server.adres("/"))
        expect(pagina).to_have_url(INLOGGEN)
        vul_wachtwoord_in(pagina, server, server.beheerder)
        expect(pagina).to_have_url(TWEESTAPS)
        expect(pagina.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
        codes = stel_tweestaps_in(pagina, server, server.beheerder)
        assert len(set(codes)) == 10
        _op_een_pagina_na_het_inloggen(pagina, server)

        # Another browser, no phone at hand: a recovery code works once.
        context = chromium.new_context(locale="nl-NL")
        try:
            tweede = context.new_page()
            for poging in range(2):
                vul_wachtwoord_in(tweede, server, server.beheerder)
                expect(tweede).to_have_url(TWEESTAPS)
                tweede.fill("input[name=code]", codes[0])
                tweede.get_by_role("button", name="Verder").click()
                if poging == 0:
                    _op_een_pagina_na_het_inloggen(tweede, server)
                    expect(tweede.get_by_text("nog 9 over")).to_be_visible()
                    tweede.get_by_role("button", name="Uitloggen").click()
                    tweede.wait_for_load_state()
            expect(tweede).to_have_url(TWEESTAPS)
            expect(tweede.get_by_role("alert")).to_be_visible()
        finally:
            context.close()


def test_password_reset_mail_has_a_working_link(
    pagina: Page, webserver: WebServer, smtp_server: SmtpServer
) -> None:
    oud = webserver.beheerder
    pagina.goto(webserver.adres("/wachtwoord-vergeten/"))
    pagina.fill("input[name=email]", oud.email)
    pagina.get_by_role("button", name="Stuur de mail").click()
    pagina.wait_for_load_state()
    mail = smtp_server.wacht_op_bericht(oud.email)
    tekst = mail.get_content()
    assert oud.gebruikersnaam in tekst
    links = LINK.findall(tekst)
    assert len(links) == 1, tekst
    assert links[0].startswith(webserver.url)

    pagina.goto(links[0])
    nieuw = dataclasses.replace(oud, wachtwoord="Nieuw-en-lang-2026-wachtwoord")
    pagina.fill("input[name=new_password1]", nieuw.wachtwoord)
    pagina.fill("input[name=new_password2]", nieuw.wachtwoord)
    pagina.get_by_role("button", name="Wachtwoord opslaan").click()
    pagina.wait_for_load_state()
    expect(pagina.get_by_role("alert")).to_have_count(0)
    webserver.beheerder = nieuw

    vul_wachtwoord_in(pagina, webserver, oud)
    expect(pagina).to_have_url(INLOGGEN)  # the old password no longer works
    vul_wachtwoord_in(pagina, webserver, nieuw)
    expect(pagina).to_have_url(TWEESTAPS)  # the new one does; the second step follows

    pagina.goto(links[0])  # the link works once
    expect(pagina.locator("input[name=new_password1]")).to_have_count(0)
