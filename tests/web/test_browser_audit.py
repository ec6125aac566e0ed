"""In a real browser against the real server and its task worker: an auditor uploads a
dossier, reads the report once the check is done (the page updates itself), and files it
as a PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from tests.web._inloggen import log_in
from tests.web._server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

WACHTEN_MS = 180_000  # the worker checks and converts the report with LibreOffice


def test_an_auditor_uploads_a_dossier_and_files_the_report(
    dossier: Path, soffice: str, webserver: WebServer, pagina: Page, tmp_path: Path
) -> None:
    # ``dossier`` first: it is made with pyHanko (asyncio), before Playwright's loop runs.
    account = webserver.maak_account(
        "audit-browser", "Audit Browser BV", soort="auditor", rol="auditor"
    )
    log_in(pagina, webserver, account)
    pagina.goto(webserver.adres("/audit/"))
    fouten: list[str] = []
    pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)

    pagina.locator("input[type=file]").set_input_files(str(dossier))
    pagina.get_by_role("button", name="Controleren").first.click()
    pagina.wait_for_url("**/audit/*/")
    # The worker checks; the page shows the report by itself (htmx, no reload).
    pagina.get_by_text("Eindoordeel:").wait_for(timeout=WACHTEN_MS)
    tekst = pagina.locator("#auditrapport").inner_text()
    assert "Oordeel:" in tekst
    assert "Handtekeningen" in tekst
    assert "intact en geldig, maar niet vertrouwd" in tekst  # no trust roots added
    assert "111222333" not in pagina.content()
    assert not [f for f in fouten if "Content Security Policy" in f], fouten

    with pagina.expect_download() as download:
        pagina.get_by_role("link", name="Rapport als PDF").click()
    pad = tmp_path / "rapport.pdf"
    download.value.save_as(pad)
    tekst_pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pad.read_bytes())).pages)
    assert "Auditrapport dossiercontrole" in tekst_pdf
    assert "Audit Browser BV" in tekst_pdf
