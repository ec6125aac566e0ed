"""In a real browser against the real server and its task worker: the overzicht's Excel
export is started with one click, its page follows the task without reloading (htmx, no
inline script), and the workbook is downloaded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from tests.web._inloggen import log_in
from tests.web._server import WebServer

pytestmark = pytest.mark.browser


def test_the_export_is_started_followed_and_downloaded(webserver: WebServer, pagina: Page) -> None:
    account = webserver.maak_account("export-browser", "RMT Export", rol="backoffice")
    log_in(pagina, webserver, account)
    fouten: list[str] = []
    pagina.on(
        "console", lambda bericht: fouten.append(bericht.text) if bericht.type == "error" else None
    )

    pagina.goto(webserver.adres("/trajecten/"))
    pagina.get_by_role("button", name="Exporteren naar Excel").click()
    pagina.wait_for_url("**/trajecten/export/*/")
    link = pagina.get_by_role("link", name="Werkboek downloaden (.xlsx)")
    link.wait_for()  # the page shows it by itself once the worker is done
    assert "0 trajecten" in pagina.content()

    with pagina.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("overzicht-")
    blad = load_workbook(
        io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True
    ).active
    assert blad is not None
    kop = next(blad.iter_rows(values_only=True))
    assert "Traject" in " ".join(str(c) for c in kop if c)
    assert not [f for f in fouten if "Content Security Policy" in f], fouten
