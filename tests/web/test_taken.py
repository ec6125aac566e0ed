"""The background tasks: validation, batch, status; and the worker that runs them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from overeenkomsten.web import taken
from overeenkomsten.web.models import AuditRapport, Batch, Document, Intake, Traject
from tests.conftest import ROOT

VOORBEELDEN = ROOT / "voorbeelden"
BSN_IN_VOORBEELD = "111222333"


def _intake(organisatie: Any, pad: Path, naam: str | None = None) -> Intake:
    intake = Intake(organisatie=organisatie, naam=naam or pad.name)
    intake.bestand.save(pad.name, ContentFile(pad.read_bytes()), save=True)
    return intake


@pytest.mark.django_db
def test_valideer_intake_stores_the_findings(organisatie: Any) -> None:
    intake = _intake(organisatie("Regio"), VOORBEELDEN / "fouten.xlsx")
    taken.valideer_intake.call(intake.pk)
    intake.refresh_from_db()
    assert intake.status == "klaar"
    assert intake.resultaat["geldig"] is False
    assert intake.resultaat["fouten"]
    assert "fout" in intake.resultaat["samenvatting"]


@pytest.mark.django_db
def test_an_unreadable_intake_fails_with_a_dutch_message(organisatie: Any) -> None:
    intake = Intake(organisatie=organisatie("Regio"), naam="kapot.xlsx")
    intake.bestand.save("kapot.xlsx", ContentFile(b"PK\x03\x04 geen werkmap"), save=True)
    taken.valideer_intake.call(intake.pk)
    intake.refresh_from_db()
    assert intake.status == "mislukt"
    fout = intake.resultaat["fout"]
    assert fout.startswith("Het bestand 'kapot.xlsx' is beschadigd")
    assert "/werk/" not in fout  # the scratch folder is the server's business


@pytest.mark.django_db
def test_draai_batch_stores_sets_trajectories_documents_and_a_zip(organisatie: Any) -> None:
    regio = organisatie("Regio")
    intake = _intake(regio, VOORBEELDEN / "intake.json")
    batch = Batch.objects.create(organisatie=regio, intake=intake)
    taken.draai_batch.call(batch.pk, pdf=False)
    batch.refresh_from_db()
    assert batch.status == "klaar", batch.samenvatting
    assert batch.gedaan == batch.totaal == 6
    assert batch.voortgang == 100
    assert batch.samenvatting["totalen"]["gemaakt"] == 6

    trajecten = Traject.objects.filter(organisatie=regio)
    assert trajecten.count() == 6
    eerste = trajecten.get(traject_id="RMT-TW-2026-0042")
    assert eerste.brin
    assert eerste.kandidaat_naam
    assert eerste.einddatum is not None
    assert eerste.record["traject_id"] == "RMT-TW-2026-0042"
    assert default_storage.exists(f"{eerste.map_pad}/traject.json")
    soorten = set(eerste.documenten.values_list("soort", flat=True))
    assert {"OOK", "POK", "PLOK"} <= soorten
    for document in eerste.documenten.all():
        assert BSN_IN_VOORBEELD not in document.bestand.name
        assert default_storage.exists(document.bestand.name)

    with default_storage.open(batch.zip.name, "rb") as zip_bestand:
        namen = zipfile.ZipFile(io.BytesIO(zip_bestand.read())).namelist()
    assert "RMT-TW-2026-0042/RMT-TW-2026-0042_OOK.docx" in namen
    assert "samenvatting.csv" in namen
    assert not any(".overeenkomsten" in n for n in namen)
    # The status of each trajectory is computed by a task, enqueued here.
    assert DBTaskResult.objects.filter(task_path__endswith="ververs_status").count() == 6

    # A second batch of the same intake updates the stored sets, duplicating nothing.
    aantal_documenten = Document.objects.count()
    tweede = Batch.objects.create(organisatie=regio, intake=intake)
    taken.draai_batch.call(tweede.pk, pdf=False)
    tweede.refresh_from_db()
    assert tweede.status == "klaar", tweede.samenvatting
    assert Traject.objects.filter(organisatie=regio).count() == 6
    assert Document.objects.count() == aantal_documenten


@pytest.mark.django_db
def test_ververs_status_stores_status_verdict_and_who_still_signs(organisatie: Any) -> None:
    regio = organisatie("Regio")
    batch = Batch.objects.create(
        organisatie=regio, intake=_intake(regio, VOORBEELDEN / "intake.json")
    )
    taken.draai_batch.call(batch.pk, pdf=False)
    traject = Traject.objects.get(organisatie=regio, traject_id="RMT-TW-2026-0042")
    taken.ververs_status.call(traject.pk)
    traject.refresh_from_db()
    assert traject.status["traject_id"] == "RMT-TW-2026-0042"
    assert traject.verdict
    assert "OOK" in traject.nog_te_tekenen
    assert BSN_IN_VOORBEELD not in str(traject.status)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_an_enqueued_task(organisatie: Any) -> None:
    intake = _intake(organisatie("Regio"), VOORBEELDEN / "fouten.xlsx")
    resultaat = taken.valideer_intake.enqueue(intake.pk)
    assert resultaat.status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "-v", "0")
    intake.refresh_from_db()
    assert intake.status == "klaar"


@pytest.mark.django_db
def test_controleer_dossiers_reports_each_file(organisatie: Any, soffice: str) -> None:
    audit = organisatie("Audit BV", soort="auditor")
    naam = default_storage.save("audit/geen-dossier.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    rapport = AuditRapport.objects.create(
        organisatie=audit, bestanden=[{"naam": "mijn dossier.pdf", "opslag": naam}]
    )
    taken.controleer_dossiers.call(rapport.pk)
    rapport.refresh_from_db()
    assert rapport.status == "klaar"
    [uitkomst] = rapport.rapport["dossiers"]
    assert uitkomst["naam"] == "mijn dossier.pdf"
    assert uitkomst["oordeel"]
    assert rapport.rapport["oordeel"] == uitkomst["oordeel"]
    assert "/werk/" not in str(uitkomst)
    assert "mijn dossier.pdf" in uitkomst["fout"]


@pytest.mark.django_db
def test_maak_dossier_refuses_an_unsigned_set(organisatie: Any, soffice: str) -> None:
    regio = organisatie("Regio")
    batch = Batch.objects.create(
        organisatie=regio, intake=_intake(regio, VOORBEELDEN / "intake.json")
    )
    taken.draai_batch.call(batch.pk, pdf=False)
    traject = Traject.objects.get(organisatie=regio, traject_id="RMT-TW-2026-0042")
    uitkomst = taken.maak_dossier.call(traject.pk)
    assert "dossier" not in uitkomst
    assert uitkomst.get("geweigerd") or uitkomst.get("fout")
    assert "/werk/" not in str(uitkomst)
    assert "/set/" not in str(uitkomst)
    assert not traject.dossiers.exists()
