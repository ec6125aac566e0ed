"""The whole journey in a real browser, from an empty installation to an audited dossier.

Issue 13's first "done when": everything happens on the pages, as the users do it. Outside
the browser only what a person does outside it: read a mail, read a code from the phone
app, and sign the downloaded PDFs with their own signing tool (pyHanko with the session's
test CA, the parties' own certificates).

1. The first beheerder (from ``DJANGO_SUPERUSER_*``) signs in and sets up two-step login.
2. On the beheer pages: a regio with a back-office user, the instelling of the record's
   BRIN, an audit firm with an auditor (invited by mail: the link sets the password), and
   the test CA as trust root of the regio and the audit firm.
3. The back office signs in, uploads a workbook with one error, sees it in its cell,
   uploads the corrected one, starts the batch and downloads the sets.
4. The parties sign the contracts; the back office uploads them and sees every party's
   signature verified.
5. The back office fills the afronding, makes the praktijkverklaring, has it signed and
   uploads it; makes the dossier and shares it with the audit firm.
6. The auditor signs in, checks the shared dossier and files the report as a PDF.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from overeenkomsten.model.kenmerken import Rol, documents_to_make, required_roles
from tests.batch.helpers import write_intake
from tests.dossier.conftest import VOORAF
from tests.plugins.documenten import PV_ONDERTEKEND, afgerond, valid_traject
from tests.plugins.pki import PkiMaterial
from tests.web._browser import WACHTTIJD_MS
from tests.web._inloggen import log_in
from tests.web._server import Account, WebServer, start_webserver
from tests.web._smtp import SmtpServer

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

WACHTEN_MS = 240_000  # the worker converts with LibreOffice (batch, PV, dossier, report)
LINK = re.compile(r"https?://\S+")
BEGIN = re.compile(r"/(inloggen|tweestaps)/")
REGIO = "RMT Twente"
INSTELLING = "ROC Voorbeeld"
AUDITOR = "Accountants & Co"
#: The verdict the traject page gives a correctly signed, finished set whose organisation
#: gave its SBB erkenningen list (rule X6 is then checked too).
IN_ORDE = "in orde"
#: The SBB erkenning of the example's leerbedrijf for its crebo, over the whole period.
ERKENNINGEN = "leerbedrijf_id,crebo,geldig_van,geldig_tot\n100077736,25371,2020-01-01,2030-12-31\n"

T = TypeVar("T")


def _buiten_de_browser(werk: Callable[[], T]) -> T:
    """Run ``werk`` on a thread of its own: pyHanko signs with asyncio, and Playwright's
    sync API keeps a loop running on this thread (a person signs in another program)."""
    with ThreadPoolExecutor(1) as uitvoerder:
        return uitvoerder.submit(werk).result()


@pytest.fixture
def nieuwe_pagina(chromium: Browser) -> Iterator[Callable[[], Page]]:
    """A fresh browser (context) per person, as each user has their own computer."""
    contexten = []

    def maak() -> Page:
        context = chromium.new_context(
            locale="nl-NL", timezone_id="Europe/Amsterdam", accept_downloads=True
        )
        context.set_default_timeout(WACHTTIJD_MS)
        contexten.append(context)
        return context.new_page()

    yield maak
    for context in contexten:
        context.close()


def _maak_organisatie(pagina: Page, server: WebServer, naam: str, soort: str, brin: str) -> None:
    pagina.goto(server.adres("/beheer/"))
    pagina.get_by_role("link", name="Nieuwe organisatie").click()
    pagina.fill("#id_naam", naam)
    pagina.select_option("#id_soort", soort)
    pagina.fill("#id_brin", brin)
    pagina.get_by_role("button", name="Aanmaken").click()
    expect(pagina.get_by_role("heading", name=naam, exact=True)).to_be_visible()


def _naar_organisatie(pagina: Page, server: WebServer, naam: str) -> None:
    pagina.goto(server.adres("/beheer/"))
    pagina.get_by_role("link", name=naam, exact=True).click()
    expect(pagina.get_by_role("heading", name=naam, exact=True)).to_be_visible()


def _nodig_uit(
    pagina: Page, server: WebServer, smtp: SmtpServer, organisatie: str, naam: str, rol: str
) -> Account:
    """Make a user on the beheer page; the user follows the mailed link to a password."""
    _naar_organisatie(pagina, server, organisatie)
    pagina.get_by_role("link", name="Nieuwe gebruiker").click()
    email = f"{naam}-{server.url.rsplit(':', 1)[-1].strip('/')}@test.invalid"
    pagina.fill("#id_gebruikersnaam", naam)
    pagina.fill("#id_email", email)
    pagina.select_option("#id_rol", rol)
    pagina.get_by_role("button", name="Aanmaken").click()
    expect(pagina.get_by_role("link", name=naam, exact=True)).to_be_visible()

    mail = smtp.wacht_op_bericht(email)
    links = [link for link in LINK.findall(mail.get_content()) if "/inloggen/" not in link]
    assert len(links) == 1, mail.get_content()
    account = Account(naam, f"Reis-{naam}-wachtwoord-2026", email)
    eigen = pagina.context.browser
    assert eigen is not None
    context = eigen.new_context(locale="nl-NL")
    try:
        gebruiker = context.new_page()
        gebruiker.goto(links[0])
        gebruiker.fill("input[name=new_password1]", account.wachtwoord)
        gebruiker.fill("input[name=new_password2]", account.wachtwoord)
        gebruiker.get_by_role("button", name="Wachtwoord opslaan").click()
        gebruiker.wait_for_load_state()
        expect(gebruiker.get_by_role("alert")).to_have_count(0)
    finally:
        context.close()
    return account


def _vertrouw(pagina: Page, server: WebServer, organisatie: str, pem: Path) -> None:
    _naar_organisatie(pagina, server, organisatie)
    pagina.get_by_role("link", name="Certificaat toevoegen").click()
    pagina.fill("#id_naam", "Test-CA")
    pagina.set_input_files("#id_bestand", str(pem))
    pagina.get_by_role("button", name="Toevoegen").click()
    expect(pagina.get_by_role("heading", name=organisatie, exact=True)).to_be_visible()
    expect(pagina.get_by_role("cell", name="Test-CA", exact=True)).to_be_visible()


def _erkenningen(pagina: Page, server: WebServer, organisatie: str, lijst: Path) -> None:
    _naar_organisatie(pagina, server, organisatie)
    pagina.set_input_files("#id_bestand", str(lijst))
    pagina.get_by_role("button", name="Lijst opslaan").click()
    expect(pagina.get_by_text("De lijst met 1 erkenningen van SBB is opgeslagen.")).to_be_visible()
    expect(pagina.get_by_text("Er is een lijst met erkenningen opgeslagen.")).to_be_visible()


def _upload_intake(pagina: Page, server: WebServer, bestand: Path) -> None:
    pagina.goto(server.adres("/intake/"))
    pagina.locator("input[type=file]").set_input_files(str(bestand))
    pagina.get_by_role("button", name="Uploaden en controleren").click()
    pagina.locator("table.telling").wait_for(timeout=WACHTEN_MS)


def _naar_traject(pagina: Page, server: WebServer, traject_id: str) -> None:
    pagina.goto(server.adres("/trajecten/"))
    pagina.get_by_role("link", name=traject_id, exact=True).click()
    expect(pagina.get_by_role("heading", name=f"Traject {traject_id}")).to_be_visible()


def _status_bepaald(pagina: Page) -> None:
    """Wait until the status task stored the new status (the page reloads by itself)."""
    expect(pagina.locator("#traject-bijwerken")).to_have_count(0, timeout=WACHTEN_MS)
    expect(pagina.locator("p.oordeel")).to_be_visible()


def _upload_ondertekend(pagina: Page, server: WebServer, traject_id: str, pdfs: list[Path]) -> None:
    _naar_traject(pagina, server, traject_id)
    pagina.get_by_role("link", name="Ondertekende PDF of scan toevoegen").click()
    pagina.set_input_files("input[name=bestanden]", [str(p) for p in pdfs])
    pagina.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(pagina.get_by_role("heading", name=f"Traject {traject_id}")).to_be_visible()
    _status_bepaald(pagina)


def _handtekeningen(pagina: Page, soort: str) -> dict[str, str]:
    """Per party in the signature table of document ``soort``: the row's state class."""
    kop = pagina.locator("section[aria-labelledby=kop-handtekeningen] h3").filter(
        has_text=f"({soort})"
    )
    tabel = kop.locator("xpath=following-sibling::table[1]")
    stand = {}
    for rij in tabel.locator("tbody tr").all():
        stand[rij.locator("td").first.inner_text()] = (rij.get_attribute("class") or "").strip()
    return stand


def _zonder_fouten(pagina: Page, deel: str, oordeel: str) -> None:
    """The verdict of a correctly signed, finished set (``deel`` holds its findings,
    ``oordeel`` its verdict): no finding is a fout or not checked (the status task gives the
    check the organisation's SBB erkenningen, so X6 is checked as well), and it is in orde."""
    gebied = pagina.locator(deel)
    tekst = gebied.inner_text()
    assert gebied.locator("li.bevinding.fout").count() == 0, tekst
    assert gebied.locator("li.bevinding.niet-gecontroleerd").count() == 0, tekst
    kop = pagina.locator(oordeel).first.inner_text().lower().removeprefix("eindoordeel: ")
    assert kop.startswith(IN_ORDE), tekst


def _teken(pdf: Path, rollen: Iterable[Rol], pki: PkiMaterial, tijdstip: dt.datetime) -> None:
    """Each party signs ``pdf`` in turn with its own certificate of the test CA."""
    for rol in rollen:
        _buiten_de_browser(partial(pki.sign, pdf, rol, tijdstip=tijdstip))


def test_from_an_empty_install_to_an_audited_dossier(
    soffice: str,
    test_pki: PkiMaterial,
    record_data: dict[str, Any],
    smtp_server: SmtpServer,
    nieuwe_pagina: Callable[[], Page],
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> None:
    record = copy.deepcopy(record_data)
    traject_id = record["traject_id"]
    brin = record["instelling"]["brin"]
    with start_webserver(tmp_path_factory.mktemp("reis"), smtp_server) as server:
        # 1. The first beheerder of the empty installation: password, then two-step login.
        beheer = nieuwe_pagina()
        beheer.goto(server.adres("/"))
        expect(beheer).to_have_url(re.compile(r"/inloggen/"))
        log_in(beheer, server, server.beheerder)
        expect(beheer).not_to_have_url(BEGIN)

        # 2. Organisations, users (invited by mail) and the trust roots.
        _maak_organisatie(beheer, server, REGIO, "regio", "")
        _maak_organisatie(beheer, server, INSTELLING, "instelling", brin)
        _maak_organisatie(beheer, server, AUDITOR, "auditor", "")
        backoffice = _nodig_uit(beheer, server, smtp_server, REGIO, "backoffice", "backoffice")
        auditor = _nodig_uit(beheer, server, smtp_server, AUDITOR, "auditor", "auditor")
        erkenningen = tmp_path / "erkenningen-sbb.csv"
        erkenningen.write_text(ERKENNINGEN, encoding="utf-8")
        for organisatie in (REGIO, INSTELLING, AUDITOR):
            _vertrouw(beheer, server, organisatie, test_pki.root_pem)
        for organisatie in (REGIO, AUDITOR):
            _erkenningen(beheer, server, organisatie, erkenningen)

        # 3. The back office: intake with an error, the corrected one, the batch.
        kantoor = nieuwe_pagina()
        log_in(kantoor, server, backoffice)
        expect(kantoor).not_to_have_url(BEGIN)
        fout = copy.deepcopy(record)
        fout["kandidaat"]["bsn"] = "123456789"
        _upload_intake(kantoor, server, write_intake(tmp_path / "met-fout.xlsx", [fout]))
        cel = kantoor.locator("table.bevindingen tr.fout").first
        assert cel.locator("td").nth(2).inner_text() == "*****6789"
        assert "elfproef" in cel.inner_text()
        assert "123456789" not in kantoor.content()
        expect(kantoor.locator("#ongeldig")).to_have_text("1")

        _upload_intake(kantoor, server, write_intake(tmp_path / "verbeterd.xlsx", [record]))
        expect(kantoor.locator("#geldig")).to_have_text("1")
        kantoor.get_by_role("button", name="Batch starten voor de geldige rijen").click()
        kantoor.wait_for_url("**/batch/*/")
        zip_link = kantoor.get_by_role("link", name="Alle sets downloaden (.zip)")
        zip_link.wait_for(timeout=WACHTEN_MS)
        assert "1 gemaakt" in kantoor.locator("p.samenvatting").inner_text()
        with kantoor.expect_download() as download:
            zip_link.click()
        sets = tmp_path / "sets"
        zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).extractall(sets)

        # 4. The parties sign the contracts (before the startdatum) in their own tool.
        traject = valid_traject(record)
        contracten = documents_to_make(traject)
        assert "PV" not in contracten
        getekend = []
        for soort in contracten:
            pdf = sets / traject_id / f"{traject_id}_{soort}.pdf"
            _teken(pdf, required_roles(traject, soort), test_pki, VOORAF)
            getekend.append(pdf)
        _upload_ondertekend(kantoor, server, traject_id, getekend)
        for soort in contracten:
            stand = _handtekeningen(kantoor, soort)
            assert len(stand) == len(required_roles(traject, soort)), (soort, stand)
            assert set(stand.values()) == {"stand-geverifieerd"}, (soort, stand)

        # 5. The afronding, the praktijkverklaring (signed after its date of issue).
        kantoor.get_by_role("link", name="Afronding invullen en praktijkverklaring maken").click()
        afronding = afgerond(record)["afronding"]
        kantoor.fill("#id_werkelijke_einddatum", afronding["werkelijke_einddatum"])
        kantoor.select_option("#id_reden", afronding["reden"])
        kantoor.fill("#id_toelichting", afronding["toelichting"])
        for code in afronding["behaalde_werkprocessen"]:
            kantoor.locator(f"input[name=behaalde_werkprocessen][value='{code}']").check()
        kantoor.fill("#id_datum_afgifte", afronding["datum_afgifte"])
        kantoor.get_by_role("button", name="Opslaan en praktijkverklaring maken").click()
        pv_link = kantoor.locator("#pv-taak").get_by_role("link", name="Praktijkverklaring")
        pv_link.first.wait_for(timeout=WACHTEN_MS)
        with kantoor.expect_download() as download:
            pv_link.first.click()
        pv = tmp_path / f"{traject_id}_PV.pdf"
        download.value.save_as(pv)
        afgerond_traject = valid_traject(afgerond(record))
        pv_rollen = list(required_roles(afgerond_traject, "PV"))
        _teken(pv, pv_rollen, test_pki, PV_ONDERTEKEND)
        _upload_ondertekend(kantoor, server, traject_id, [pv])
        stand = _handtekeningen(kantoor, "PV")
        assert len(stand) == len(pv_rollen), stand
        assert set(stand.values()) == {"stand-geverifieerd"}, stand
        _zonder_fouten(kantoor, "section[aria-labelledby=kop-oordeel]", "p.oordeel")

        # The dossier, shared with the audit firm.
        kantoor.get_by_role("link", name="Dossier maken en delen met een auditor").click()
        kantoor.get_by_role("button", name="Dossier maken").click()
        dossier = kantoor.locator("section.dossier").first
        dossier.wait_for(timeout=WACHTEN_MS)
        dossier.get_by_label(AUDITOR).check()
        dossier.get_by_role("button", name="Delen opslaan").click()
        expect(kantoor.locator("section.dossier").first).to_contain_text(f"Gedeeld met: {AUDITOR}")

        # 6. The auditor checks the shared dossier and files the report.
        audit = nieuwe_pagina()
        log_in(audit, server, auditor)
        audit.goto(server.adres("/audit/"))
        rij = audit.get_by_role("row").filter(has_text=traject_id)
        expect(rij).to_contain_text(REGIO)
        rij.get_by_role("button", name="Controleren").click()
        audit.wait_for_url("**/audit/*/")
        audit.get_by_text("Eindoordeel:").wait_for(timeout=WACHTEN_MS)
        rapport = audit.locator("#auditrapport").inner_text()
        # With the SBB erkenningen list of the audit firm every rule is checked.
        assert "Eindoordeel: In orde" in rapport, rapport
        assert audit.locator("#auditrapport li.bevinding.fout").count() == 0, rapport
        assert audit.locator("#auditrapport li.bevinding.niet-gecontroleerd").count() == 0
        assert "niet vertrouwd" not in rapport, rapport
        assert rapport.count("intact, geldig en vertrouwd") == 10, rapport
        assert record_data["kandidaat"]["bsn"] not in audit.content()
        with audit.expect_download() as download:
            audit.get_by_role("link", name="Rapport als PDF").click()
        pdf = tmp_path / "rapport.pdf"
        download.value.save_as(pdf)
        tekst = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert "Auditrapport dossiercontrole" in tekst
        assert AUDITOR in tekst
