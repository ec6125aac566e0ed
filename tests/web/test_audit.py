"""/audit/: dossiers uploaded or shared, checked by the library (a task) with the auditor
organisation's trust roots; the report on a page, explained, and as a PDF."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from pypdf import PdfReader

from overeenkomsten.web import uploads
from overeenkomsten.web.avg import ruim_op
from overeenkomsten.web.models import AuditRapport, Dossier, Logregel, Traject
from tests.plugins.pki import PkiMaterial
from tests.web._dossiers import aangemeld, draai_taken, vertrouw_test_ca

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eigen_opslag")]

BSN = "111222333"


@pytest.fixture
def audit(organisatie: Any) -> Any:
    return organisatie("Audit BV", soort="auditor")


@pytest.fixture
def auditor(audit: Any, gebruiker: Any) -> Any:
    return gebruiker("au", audit, "auditor")


def _opgeslagen(eigen_opslag: Path) -> list[Path]:
    return [p for p in eigen_opslag.rglob("*") if p.is_file()] if eigen_opslag.exists() else []


def test_an_uploaded_dossier_is_checked_explained_and_filed_as_pdf(
    audit: Any, auditor: Any, dossier: Path, test_pki: PkiMaterial, soffice: str
) -> None:
    vertrouw_test_ca(audit, test_pki)
    client = aangemeld(auditor)
    antwoord = client.post(
        "/audit/",
        {"bestanden": [SimpleUploadedFile(f"dossier {BSN}.pdf", dossier.read_bytes())]},
        follow=True,
    )
    tekst = antwoord.content.decode()
    assert "De dossiers worden gecontroleerd" in tekst
    assert 'hx-trigger="every 2s"' in tekst
    rapport = AuditRapport.objects.get()
    assert rapport.organisatie == audit
    assert BSN not in str(rapport.bestanden)
    assert BSN not in rapport.bestanden[0]["opslag"]

    draai_taken()
    rapport.refresh_from_db()
    assert rapport.status == "klaar"
    [uitkomst] = rapport.rapport["dossiers"]
    pagina = client.get(f"/audit/{rapport.pk}/").content.decode()
    assert "Eindoordeel:" in pagina
    assert f"Oordeel: {uitkomst['oordeel_titel']}" in pagina
    assert "intact, geldig en vertrouwd" in pagina  # signatures, against the auditor's roots
    for bevinding in uitkomst["bevindingen"]:
        assert escape(bevinding["bericht"]) in pagina
    if any(b["doen"] for b in uitkomst["bevindingen"]):
        assert "Wat te doen:" in pagina
    assert "In orde bevonden" in pagina
    assert BSN not in pagina
    assert 'hx-trigger="every 2s"' not in pagina

    pdf = client.get(f"/audit/{rapport.pk}/pdf/")
    assert pdf.status_code == 200
    data = b"".join(pdf.streaming_content)
    tekst_pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Auditrapport dossiercontrole" in tekst_pdf
    assert "intact, geldig en vertrouwd" in tekst_pdf
    assert BSN not in tekst_pdf
    acties = set(Logregel.objects.filter(user=auditor).values_list("actie", flat=True))
    assert {"aangemaakt", "bekeken", "gedownload"} <= acties
    for regel in Logregel.objects.all():
        assert BSN not in regel.omschrijving


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("dossier.pdf", b"Dit is tekst, geen PDF.", "Er is niets opgeslagen."),
        ("dossier.docx", b"PK\x03\x04rest", "kies een PDF"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_refused_uploads_get_a_dutch_message_and_nothing_is_stored(
    auditor: Any, eigen_opslag: Path, naam: str, inhoud: bytes, melding: str
) -> None:
    antwoord = aangemeld(auditor).post("/audit/", {"bestanden": [SimpleUploadedFile(naam, inhoud)]})
    assert antwoord.status_code == 200
    assert melding in antwoord.content.decode()
    assert not AuditRapport.objects.exists()
    assert _opgeslagen(eigen_opslag) == []


def test_a_pdf_that_is_no_dossier_is_refused(
    auditor: Any, eigen_opslag: Path, getekende_set: Path, dossier: Path
) -> None:
    pv = next(getekende_set.glob("*_PV.pdf"))
    antwoord = aangemeld(auditor).post(
        "/audit/",
        {
            "bestanden": [
                SimpleUploadedFile("goed.pdf", dossier.read_bytes()),
                SimpleUploadedFile("praktijkverklaring.pdf", pv.read_bytes()),
            ]
        },
    )
    tekst = antwoord.content.decode()
    assert escape("'praktijkverklaring.pdf' is een PDF, maar geen dossier") in tekst
    assert not AuditRapport.objects.exists()
    assert _opgeslagen(eigen_opslag) == []


def test_too_large_is_refused(
    auditor: Any, eigen_opslag: Path, dossier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    klein = dataclasses.replace(uploads.SOORTEN["pdf"], max_bytes=1024)
    monkeypatch.setitem(uploads.SOORTEN, "pdf", klein)
    antwoord = aangemeld(auditor).post(
        "/audit/", {"bestanden": [SimpleUploadedFile("groot.pdf", dossier.read_bytes())]}
    )
    assert "het maximum is 1 kB" in antwoord.content.decode()
    assert not AuditRapport.objects.exists()
    assert _opgeslagen(eigen_opslag) == []


def test_a_shared_dossier_is_opened_and_checked(
    audit: Any,
    auditor: Any,
    organisatie: Any,
    gebruiker: Any,
    record_data: dict[str, Any],
    verzegeld_dossier: Path,
    soffice: str,
) -> None:
    regio = organisatie("Regio Twente")
    traject = Traject.objects.create(
        organisatie=regio,
        traject_id=record_data["traject_id"],
        brin="25LH",
        kandidaat_naam="Fatma Yılmaz",
        record=copy.deepcopy(record_data),
    )
    naam = default_storage.save("dossiers/1/d.pdf", ContentFile(verzegeld_dossier.read_bytes()))
    dossier = Dossier.objects.create(traject=traject, bestand=naam, sha256="0" * 64)
    dossier.gedeeld_met.add(audit)

    client = aangemeld(auditor)
    antwoord = client.post(f"/audit/dossiers/{dossier.pk}/controleren/")
    rapport = AuditRapport.objects.get()
    assert antwoord.url == f"/audit/{rapport.pk}/"
    draai_taken()
    pagina = client.get(f"/audit/{rapport.pk}/").content.decode()
    assert f"{traject.traject_id}_dossier_" in pagina
    # Without the auditor's trust roots, signatures are honest about it.
    assert "niet vertrouwd" in pagina

    # Another auditor organisation sees neither the dossier nor this report.
    ander = aangemeld(gebruiker("cc", organisatie("Controle & Co", soort="auditor"), "auditor"))
    assert ander.get(f"/audit/{rapport.pk}/").status_code == 404
    assert ander.get(f"/audit/{rapport.pk}/pdf/").status_code == 404
    assert ander.post(f"/audit/dossiers/{dossier.pk}/controleren/").status_code == 404
    assert f"/audit/{rapport.pk}/" not in ander.get("/audit/").content.decode()
    # A colleague of the same organisation does.
    collega = aangemeld(gebruiker("au2", audit, "auditor"))
    assert collega.get(f"/audit/{rapport.pk}/").status_code == 200

    # The report checked its own copy: its retention never removes the shared dossier.
    assert rapport.bestanden[0]["opslag"] != dossier.bestand.name
    AuditRapport.objects.filter(pk=rapport.pk).update(
        aangemaakt=dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
    )
    ruim_op()
    assert default_storage.exists(dossier.bestand.name)
    assert not AuditRapport.objects.filter(pk=rapport.pk).exists()


def test_posts_without_csrf_token_fail(auditor: Any, dossier: Path) -> None:
    client = aangemeld(auditor, csrf=True)
    antwoord = client.post(
        "/audit/", {"bestanden": [SimpleUploadedFile("d.pdf", dossier.read_bytes())]}
    )
    assert antwoord.status_code == 403
    assert not AuditRapport.objects.exists()


def test_strangers_are_sent_to_sign_in(client: Any) -> None:
    assert client.get("/audit/").status_code == 302
    assert client.post("/audit/").status_code in (302, 403)
