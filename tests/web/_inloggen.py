"""Signing in through the pages, as a person does: password, then the TOTP code.

The first sign-in of an account sets up two-step login on ``/tweestaps/``: the helper reads
the secret the page shows, keeps an :class:`~tests.web._totp.Authenticator` for it on the
server object, and returns the recovery codes the page shows once.
"""

from __future__ import annotations

from playwright.sync_api import Page

from tests.web._server import Account, WebServer
from tests.web._totp import Authenticator


def vul_wachtwoord_in(pagina: Page, server: WebServer, account: Account) -> None:
    pagina.goto(server.adres("/inloggen/"))
    pagina.fill("input[name=username]", account.gebruikersnaam)
    pagina.fill("input[name=password]", account.wachtwoord)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_load_state()


def stel_tweestaps_in(pagina: Page, server: WebServer, account: Account) -> list[str]:
    """On the set-up page: read the secret, confirm a code; the recovery codes shown."""
    geheim = pagina.locator("code.geheim").inner_text()
    app = Authenticator(geheim)
    server.authenticators[account.gebruikersnaam] = app
    pagina.fill("input[name=code]", app.code())
    pagina.get_by_role("button", name="Bevestigen").click()
    pagina.get_by_role("heading", name="Uw herstelcodes").wait_for()
    codes = pagina.locator("ul.codes code").all_inner_texts()
    pagina.get_by_role("link", name="Ik heb de codes bewaard").click()
    pagina.wait_for_load_state()
    return codes


def log_in(pagina: Page, server: WebServer, account: Account) -> None:
    """Sign in completely (setting up TOTP on the first sign-in of the account)."""
    vul_wachtwoord_in(pagina, server, account)
    if pagina.locator("code.geheim").count():
        stel_tweestaps_in(pagina, server, account)
        return
    app = server.authenticators[account.gebruikersnaam]
    pagina.fill("input[name=code]", app.code())
    pagina.get_by_role("button", name="Verder").click()
    pagina.wait_for_load_state()
