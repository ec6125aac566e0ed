"""Returned signed PDFs and wet-ink scans (/trajecten/<pk>/ondertekend/): recognised by
content, stored as new versions beside what was there, the status computed again; refused
uploads store nothing and say why in Dutch."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult
from pypdf import PdfWriter

from overeenkomsten.web import uploads
from overeenkomsten.web.models import Document, Logregel, Traject
from overeenkomsten.web.taken.traject import ontvangen_prefix, ververs_status
from tests.web._dossiers import draai_taken
from tests.web._trajecten import maak_traject

pytestmark = pytest.mark.django_db

OP_TIJD = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)  # before the start (7-9-2026)


@pytest.fixture(scope="module")
def getekend(voorbeeld_set: Path, test_pki: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example OOK signed by both its parties, as it comes back by e-mail."""
    uit = tmp_path_factory.mktemp("getekend") / "Ondertekend document (1).pdf"
    shutil.copy(voorbeeld_set / f"{voorbeeld_set.name}_OOK.pdf", uit)
    for rol in ("instelling", "kandidaat"):
        test_pki.sign(uit, rol, tijdstip=OP_TIJD)
    return uit


def _scan() -> bytes:
    """A PDF page without text, as a scanner makes it."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def traject(rmt: Any, voorbeeld_set: Path) -> Traject:
    """The example set stored as the batch stores it, a Document row per PDF."""
    traject = maak_traject(rmt, voorbeeld_set)
    for soort in ("OOK", "POK", "PLOK"):
        Document.objects.create(
            traject=traject,
            soort=soort,
            bestand=f"{traject.map_pad}{voorbeeld_set.name}_{soort}.pdf",
            sha256="0" * 64,
        )
    return traject


@pytest.fixture
def client_bo(gebruiker: Any, inloggen: Any, rmt: Any) -> Client:
    client: Client = inloggen(gebruiker("bo", rmt))
    return client


def _ontvangen(traject: Traject) -> list[str]:
    prefix = ontvangen_prefix(traject)
    return default_storage.listdir(prefix)[1] if default_storage.exists(prefix) else []


def _pdf(naam: str, inhoud: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def test_a_signed_pdf_is_recognised_by_content_and_added_as_a_version(
    traject: Traject,
    client_bo: Client,
    getekend: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client_bo.post(
            f"/trajecten/{traject.pk}/ondertekend/",
            {"soort": "pdf", "bestanden": [_pdf(getekend.name, getekend.read_bytes())]},
        )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == f"/trajecten/{traject.pk}/"
    nieuw = traject.documenten.get(soort="OOK", bron=Document.Bron.ONTVANGEN)
    assert nieuw.versie == 1  # the version the document says, not a count of uploads
    assert nieuw.ondertekend
    assert "Ondertekend" not in nieuw.bestand.name  # stored under a name of our own
    origineel = traject.documenten.get(soort="OOK", bron=Document.Bron.GEMAAKT)
    assert default_storage.exists(origineel.bestand.name)  # the original stays
    assert Logregel.objects.filter(actie="aangemaakt", object_id=str(nieuw.pk)).exists()
    assert DBTaskResult.objects.filter(
        task_path__endswith="ververs_status", args_kwargs__args=[traject.pk]
    ).exists()

    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    ook = next(d for d in traject.status["documenten"] if d["document"] == "OOK")
    assert sorted(ook["ondertekend"]) == ["instelling", "kandidaat"]
    assert not ook["ontbreekt"]
    assert not ook["problemen"]  # the unsigned copy it was signed from is left out
    assert "document-dubbel" not in {b["code"] for b in traject.status["controle"]["bevindingen"]}
    assert not traject.nog_te_tekenen.startswith("OOK")
    pagina = client_bo.get(f"/trajecten/{traject.pk}/").content.decode()
    assert "digitaal ondertekend" in pagina


def test_a_pdf_of_another_trajectory_is_refused(
    rmt: Any, voorbeeld_set: Path, client_bo: Client, getekend: Path
) -> None:
    ander = maak_traject(rmt, voorbeeld_set, traject_id="RMT-TW-2026-0099")
    antwoord = client_bo.post(
        f"/trajecten/{ander.pk}/ondertekend/",
        {"soort": "pdf", "bestanden": [_pdf("ook.pdf", getekend.read_bytes())]},
    )
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "van traject RMT-TW-2026-0042, niet van traject RMT-TW-2026-0099" in tekst
    assert "Er is niets opgeslagen." in tekst
    assert not ander.documenten.exists()
    assert _ontvangen(ander) == []


def test_one_refused_file_stores_none(traject: Traject, client_bo: Client, getekend: Path) -> None:
    antwoord = client_bo.post(
        f"/trajecten/{traject.pk}/ondertekend/",
        {
            "soort": "pdf",
            "bestanden": [
                _pdf("goed.pdf", getekend.read_bytes()),
                _pdf("scan0001.pdf", _scan()),
            ],
        },
    )
    assert antwoord.status_code == 400
    assert "scan zonder tekst" in antwoord.content.decode()
    assert traject.documenten.count() == 3
    assert _ontvangen(traject) == []


def test_a_file_that_is_no_pdf_is_refused_by_content(
    traject: Traject, client_bo: Client, voorbeeld_set: Path
) -> None:
    word = (voorbeeld_set / f"{voorbeeld_set.name}_OOK.docx").read_bytes()
    antwoord = client_bo.post(
        f"/trajecten/{traject.pk}/ondertekend/",
        {"soort": "pdf", "bestanden": [_pdf("ondertekend.pdf", word)]},
    )
    assert antwoord.status_code == 400
    assert "Er is niets opgeslagen." in antwoord.content.decode()
    assert _ontvangen(traject) == []


def test_a_file_over_the_limit_is_refused(
    traject: Traject, client_bo: Client, getekend: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    klein = dataclasses.replace(uploads.SOORTEN["pdf"], max_bytes=1000)
    monkeypatch.setitem(uploads.SOORTEN, "pdf", klein)
    antwoord = client_bo.post(
        f"/trajecten/{traject.pk}/ondertekend/",
        {"soort": "pdf", "bestanden": [_pdf("ook.pdf", getekend.read_bytes())]},
    )
    assert antwoord.status_code == 400
    assert "het maximum is" in antwoord.content.decode()
    assert _ontvangen(traject) == []


def _scanformulier(test_pki: Any, **anders: Any) -> dict[str, Any]:
    velden = {
        "soort": "scan",
        "scan": _pdf("scan POK 111222333.pdf", _scan()),
        "document": "POK",
        "partijen": ["instelling", "leerbedrijf", "kandidaat"],
        "getekend_op": "2026-08-30",
        "sleutel": SimpleUploadedFile("mijn.p12", test_pki.p12["instelling"].read_bytes()),
        "wachtwoord": test_pki.wachtwoord.decode(),
        "gezien": "on",
    }
    velden.update(anders)
    return velden


def test_a_scan_with_attestation_counts_as_signed_by_hand(
    traject: Traject, client_bo: Client, test_pki: Any
) -> None:
    antwoord = client_bo.post(f"/trajecten/{traject.pk}/ondertekend/", _scanformulier(test_pki))
    assert antwoord.status_code == 302, antwoord.content.decode()
    scan = traject.documenten.get(soort="POK", bron=Document.Bron.ONTVANGEN)
    assert scan.versie == 1  # the newest version made
    assert scan.ondertekend
    opgeslagen = _ontvangen(traject)
    assert len(opgeslagen) == 2
    assert any(n.endswith(".attestatie.pdf") for n in opgeslagen)
    assert not any("111222333" in n or n.endswith(".p12") for n in opgeslagen)
    regel = Logregel.objects.get(actie="aangemaakt", object_id=str(scan.pk))
    assert "attestatie" in regel.omschrijving
    assert "111222333" not in regel.omschrijving

    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    pok = next(d for d in traject.status["documenten"] if d["document"] == "POK")
    assert {p["stand"] for p in pok["partijen"]} == {"handmatig vastgesteld"}
    assert not pok["problemen"]
    pagina = client_bo.get(f"/trajecten/{traject.pk}/").content.decode()
    assert "handmatig vastgesteld" in pagina


@pytest.mark.parametrize(
    ("anders", "melding"),
    [
        ({"wachtwoord": "fout"}, "Er is niets opgeslagen."),
        ({"getekend_op": "2099-01-01"}, "toekomst"),
        ({"gezien": ""}, "Bevestig dat u het papier zelf hebt gecontroleerd."),
        ({"sleutel": SimpleUploadedFile("mijn.p12", b"geen sleutel")}, "geen PKCS#12"),
    ],
)
def test_a_scan_that_cannot_be_attested_stores_nothing(
    traject: Traject, client_bo: Client, test_pki: Any, anders: dict[str, Any], melding: str
) -> None:
    antwoord = client_bo.post(
        f"/trajecten/{traject.pk}/ondertekend/", _scanformulier(test_pki, **anders)
    )
    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()
    assert traject.documenten.count() == 3
    assert _ontvangen(traject) == []


def test_a_readable_document_is_no_scan(
    traject: Traject, client_bo: Client, test_pki: Any, getekend: Path
) -> None:
    antwoord = client_bo.post(
        f"/trajecten/{traject.pk}/ondertekend/",
        _scanformulier(test_pki, scan=_pdf("scan.pdf", getekend.read_bytes())),
    )
    assert antwoord.status_code == 400
    assert "geen scan maar een leesbare OOK" in antwoord.content.decode()
    assert _ontvangen(traject) == []


def test_another_organisation_gets_404_and_a_post_needs_csrf(
    traject: Traject, organisatie: Any, gebruiker: Any, inloggen: Any, getekend: Path
) -> None:
    vreemd = inloggen(gebruiker("vreemd", organisatie("RMT Elders")))
    url = f"/trajecten/{traject.pk}/ondertekend/"
    assert vreemd.get(url).status_code == 404
    bestanden = {"soort": "pdf", "bestanden": [_pdf("ook.pdf", getekend.read_bytes())]}
    assert vreemd.post(url, bestanden).status_code == 404

    bo = gebruiker("bo2", traject.organisatie)
    streng = Client(enforce_csrf_checks=True)
    streng.force_login(bo)
    from django_otp import DEVICE_ID_SESSION_KEY

    sessie = streng.session
    sessie[DEVICE_ID_SESSION_KEY] = bo.totp.persistent_id
    sessie.save()
    assert streng.get(url).status_code == 200
    bestanden = {"soort": "pdf", "bestanden": [_pdf("ook.pdf", getekend.read_bytes())]}
    assert streng.post(url, bestanden).status_code == 403
    assert _ontvangen(traject) == []


def test_the_dossier_bundles_what_came_back_signed(
    traject: Traject, client_bo: Client, getekend: Path, tmp_path: Path
) -> None:
    from overeenkomsten import api
    from overeenkomsten.web import taken, werk
    from overeenkomsten.web.models import Dossier

    client_bo.post(
        f"/trajecten/{traject.pk}/ondertekend/",
        {"soort": "pdf", "bestanden": [_pdf(getekend.name, getekend.read_bytes())]},
    )
    nieuw = traject.documenten.get(soort="OOK", bron=Document.Bron.ONTVANGEN)
    uitkomst = taken.maak_dossier.call(traject.pk, ook_bij_fouten=True)
    dossier = Dossier.objects.get(pk=uitkomst["dossier"])
    pad = werk.haal(dossier.bestand.name, tmp_path / "dossier.pdf")
    documenten = api.controleer(pad).documenten
    assert documenten.get(Path(nieuw.bestand.name).name) == "OOK"
    assert list(documenten.values()).count("OOK") == 1  # not the unsigned copy as well


def test_the_page_says_the_status_is_being_computed_until_it_is(
    traject: Traject,
    client_bo: Client,
    getekend: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_bo.post(
            f"/trajecten/{traject.pk}/ondertekend/",
            {"soort": "pdf", "bestanden": [_pdf(getekend.name, getekend.read_bytes())]},
        )
    pagina = client_bo.get(f"/trajecten/{traject.pk}/").content.decode()
    assert "wordt op de achtergrond opnieuw bepaald" in pagina
    bezig = client_bo.get(f"/trajecten/{traject.pk}/bijwerken/")
    assert "HX-Refresh" not in bezig
    # The worker's own run_task, inside this test's transaction: the db_worker command
    # closes the database connection, which on PostgreSQL ends the test's transaction.
    draai_taken()
    klaar = client_bo.get(f"/trajecten/{traject.pk}/bijwerken/")
    assert klaar["HX-Refresh"] == "true"
    traject.refresh_from_db()
    assert traject.status["controle"]
