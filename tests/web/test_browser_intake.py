"""In a real browser against the real server and its task worker: a back-office user
uploads an intake with an error, sees it in its cell, uploads the corrected file, starts
the batch, watches it finish without reloading, and downloads the sets."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.batch.helpers import records, write_intake
from tests.web._inloggen import log_in
from tests.web._server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

WACHTEN_MS = 180_000  # the worker converts with LibreOffice


def _upload(pagina: Page, server: WebServer, bestand: Path) -> None:
    pagina.goto(server.adres("/intake/"))
    pagina.locator("input[type=file]").set_input_files(str(bestand))
    pagina.get_by_role("button", name="Uploaden en controleren").click()
    # The worker validates; the page shows the result once it is done, by itself.
    pagina.locator("table.telling").wait_for(timeout=WACHTEN_MS)


def test_intake_with_errors_fix_batch_and_download(
    soffice: str,
    webserver: WebServer,
    pagina: Page,
    tmp_path: Path,
    record_data: dict[str, Any],
) -> None:
    account = webserver.maak_account("intake-browser", "RMT Browser", rol="backoffice")
    log_in(pagina, webserver, account)

    rijen = records(record_data, 2, prefix="BRW")
    fout = copy.deepcopy(rijen)
    fout[1]["kandidaat"]["bsn"] = "123456789"
    _upload(pagina, webserver, write_intake(tmp_path / "met-fout.xlsx", fout))
    cel = pagina.locator("table.bevindingen tr.fout").first
    assert cel.locator("td").nth(0).inner_text() == "3"
    assert cel.locator("td").nth(2).inner_text() == "*****6789"
    assert "elfproef" in cel.inner_text()
    assert "123456789" not in pagina.content()
    assert pagina.locator("#ongeldig").inner_text() == "1"

    _upload(pagina, webserver, write_intake(tmp_path / "verbeterd.xlsx", rijen))
    assert pagina.locator("#geldig").inner_text() == "2"
    assert pagina.locator("table.bevindingen").count() == 0
    pagina.get_by_role("button", name="Batch starten voor de geldige rijen").click()
    pagina.wait_for_url("**/batch/*/")
    zip_link = pagina.get_by_role("link", name="Alle sets downloaden (.zip)")
    zip_link.wait_for(timeout=WACHTEN_MS)
    assert "2 gemaakt" in pagina.locator("p.samenvatting").inner_text()

    with pagina.expect_download() as download:
        zip_link.click()
    namen = set(zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).namelist())
    for traject_id in ("BRW-0000", "BRW-0001"):
        assert f"{traject_id}/{traject_id}_OOK.pdf" in namen
    assert "samenvatting.csv" in namen
