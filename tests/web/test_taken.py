"""The background tasks of the dossier and the audit, and the worker that runs tasks
(validation, batch and status have their tests beside their pages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from overeenkomsten.web import taken
from overeenkomsten.web.models import AuditRapport, Intake, Traject
from tests.conftest import ROOT

VOORBEELDEN = ROOT / "voorbeelden"


def _intake(organisatie: Any, pad: Path, naam: str | None = None) -> Intake:
    intake = Intake(organisatie=organisatie, naam=naam or pad.name)
    intake.bestand.save(pad.name, ContentFile(pad.read_bytes()), save=True)
    return intake


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
def test_maak_dossier_without_pdfs_says_so_in_dutch(organisatie: Any) -> None:
    regio = organisatie("Regio")
    traject = Traject.objects.create(
        organisatie=regio,
        traject_id="RMT-TW-2026-0042",
        brin="25LH",
        kandidaat_naam="Fatma Yılmaz",
        map_pad=f"sets/{regio.pk}/RMT-TW-2026-0042",
    )
    default_storage.save(
        f"{traject.map_pad}/traject.json",
        ContentFile((ROOT / "tests" / "data" / "traject.json").read_bytes()),
    )
    uitkomst = taken.maak_dossier.call(traject.pk)
    assert "dossier" not in uitkomst
    assert "RMT-TW-2026-0042" in uitkomst["fout"]
    assert "/werk/" not in str(uitkomst)
    assert "/set/" not in str(uitkomst)
    assert not traject.dossiers.exists()
