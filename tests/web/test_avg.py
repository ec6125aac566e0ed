"""AVG basics: retention (``opruimen``) and the export of one kandidaat."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from overeenkomsten.web.models import AuditRapport, Document, Dossier, Logregel, Traject
from overeenkomsten.web.taken.traject import ontvangen_prefix
from tests.web._accounts import totp_code

pytestmark = pytest.mark.django_db

BSN = "123456782"
VANDAAG = date.today()


def _traject(organisatie: Any, traject_id: str, eind: date, bsn: str = BSN) -> Traject:
    traject = Traject.objects.create(
        organisatie=organisatie,
        traject_id=traject_id,
        brin="25PZ",
        kandidaat_naam="Fatma Yılmaz",
        record={"traject_id": traject_id, "einddatum": eind.isoformat(), "kandidaat": {"bsn": bsn}},
        map_pad=f"sets/{organisatie.pk}/{traject_id}",
        status={"oordeel": "in orde"},
    )
    default_storage.save(f"{traject.map_pad}/traject.json", ContentFile(b"{}"))
    document = Document(traject=traject, soort="POK", sha256="0" * 64)
    document.bestand.save("POK.pdf", ContentFile(b"%PDF-1.7 pok"), save=True)
    default_storage.save(
        f"{ontvangen_prefix(traject)}POK.attestatie.pdf", ContentFile(b"%PDF-1.7 attestatie")
    )
    dossier = Dossier(traject=traject, sha256="1" * 64)
    dossier.bestand.save("dossier.pdf", ContentFile(b"%PDF-1.7 dossier"), save=True)
    return traject


def _jaren_geleden(jaren: int, dagen: int = 0) -> date:
    return date(VANDAAG.year - jaren, VANDAAG.month, min(VANDAAG.day, 28)).fromordinal(
        date(VANDAAG.year - jaren, VANDAAG.month, min(VANDAAG.day, 28)).toordinal() - dagen
    )


def test_opruimen_removes_what_has_expired_and_logs_it_without_personal_data(
    organisatie: Any,
) -> None:
    regio = organisatie("Regio", bewaartermijn_jaren=7)
    lang = organisatie("Lang bewaren", bewaartermijn_jaren=10)
    verlopen = _traject(regio, "T-OUD", _jaren_geleden(7, dagen=2))
    blijft = _traject(regio, "T-JONG", _jaren_geleden(6))
    lang_bewaard = _traject(lang, "T-LANG", _jaren_geleden(8))
    bestanden = [d.bestand.name for d in verlopen.documenten.all()] + [
        d.bestand.name for d in verlopen.dossiers.all()
    ]

    out = io.StringIO()
    call_command("opruimen", "--droog", stdout=out)
    assert "T-OUD" in out.getvalue()
    assert Traject.objects.count() == 3

    out = io.StringIO()
    call_command("opruimen", stdout=out)
    assert "Trajecten verwijderd: 1" in out.getvalue()
    assert set(Traject.objects.values_list("traject_id", flat=True)) == {"T-JONG", "T-LANG"}
    for naam in bestanden:
        assert not default_storage.exists(naam)
    assert not default_storage.exists(f"{verlopen.map_pad}/traject.json")
    assert not default_storage.exists(f"{ontvangen_prefix(verlopen)}POK.attestatie.pdf")
    assert default_storage.exists(f"{ontvangen_prefix(blijft)}POK.attestatie.pdf")
    assert default_storage.exists(f"{blijft.map_pad}/traject.json")
    assert lang_bewaard.documenten.count() == 1
    line = Logregel.objects.get(actie="verwijderd", object_soort="traject")
    assert "T-OUD" in line.omschrijving
    assert BSN not in line.omschrijving
    assert "Yılmaz" not in line.omschrijving


def test_opruimen_through_the_web_beheer_command(tmp_path: Any) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "overeenkomsten",
            "web-beheer",
            "--data",
            str(tmp_path),
            "migrate",
            "-v",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "overeenkomsten",
            "web-beheer",
            "--data",
            str(tmp_path),
            "opruimen",
            "--droog",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "Trajecten zou worden verwijderd: 0" in result.stdout


def test_kandidaat_export_holds_everything_and_is_logged(
    organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    regio = organisatie("Regio")
    andere = organisatie("Andere regio")
    eigen = _traject(regio, "T-1", VANDAAG)
    tweede = _traject(regio, "T-2", VANDAAG)
    _traject(andere, "T-3", VANDAAG)
    _traject(regio, "T-4", VANDAAG, bsn="111222333")
    Logregel.objects.create(actie="bekeken", object_soort="traject", object_id=str(eigen.pk))
    client = inloggen(gebruiker("beh", regio, "beheerder"))

    response = client.post("/kandidaat-export/", {"zoek": f" {BSN[:4]} {BSN[4:]} "})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kandidaat-export-')
    assert BSN not in response["Content-Disposition"]
    # Reading the stream to its end closes the response (and the temporary file).
    archief = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    namen = archief.namelist()
    assert f"trajecten/T-1-{eigen.pk}/record.json" in namen
    assert f"trajecten/T-2-{tweede.pk}/record.json" in namen
    assert not any("T-3" in n or "T-4" in n for n in namen)
    assert any(n.startswith(f"trajecten/T-1-{eigen.pk}/documenten/POK-v1-") for n in namen)
    assert any(n.startswith(f"trajecten/T-1-{eigen.pk}/dossiers/") for n in namen)
    assert f"trajecten/T-1-{eigen.pk}/map/traject.json" in namen
    assert f"trajecten/T-1-{eigen.pk}/ontvangen/POK.attestatie.pdf" in namen
    record = json.loads(archief.read(f"trajecten/T-1-{eigen.pk}/record.json"))
    assert record["kandidaat"]["bsn"] == BSN
    log = list(csv.reader(io.StringIO(archief.read("logboek.csv").decode()), delimiter=";"))
    assert any(row[3] == "bekeken" for row in log[1:])

    export_lines = Logregel.objects.filter(actie="geexporteerd")
    assert export_lines.count() == 2
    assert all(BSN not in line.omschrijving for line in export_lines)


def test_kandidaat_export_finds_nothing_of_another_organisation(
    organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    _traject(organisatie("Andere regio"), "T-9", VANDAAG)
    client = inloggen(gebruiker("beh", organisatie("Regio"), "beheerder"))
    response = client.post("/kandidaat-export/", {"zoek": BSN})
    assert "geen traject van uw organisatie" in response.content.decode()
    response = client.post("/kandidaat-export/", {"zoek": "T-9"})
    assert "geen traject van uw organisatie" in response.content.decode()
    assert not Logregel.objects.filter(actie="geexporteerd").exists()


def test_kandidaat_export_needs_the_second_step(
    organisatie: Any, gebruiker: Any, client: Client
) -> None:
    regio = organisatie("Regio")
    _traject(regio, "T-1", VANDAAG)
    user = gebruiker("beh", regio, "beheerder")
    client.post("/inloggen/", {"username": "beh", "password": "Lang-genoeg-wachtwoord-42"})
    response = client.post("/kandidaat-export/", {"zoek": BSN})
    assert response.status_code == 302
    assert response.url.startswith("/tweestaps/")
    client.post("/tweestaps/", {"code": totp_code(user.totp)})
    response = client.post("/kandidaat-export/", {"zoek": BSN})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_opruimen_removes_old_audit_reports_with_their_uploaded_dossiers(
    organisatie: Any,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    audit = organisatie("Audit BV", soort="auditor", bewaartermijn_jaren=1)
    oud_dossier = default_storage.save("audit/upload/oud.pdf", ContentFile(b"%PDF-1.7"))
    nieuw_dossier = default_storage.save("audit/upload/nieuw.pdf", ContentFile(b"%PDF-1.7"))
    oud = AuditRapport.objects.create(
        organisatie=audit, bestanden=[{"naam": "oud.pdf", "opslag": oud_dossier}]
    )
    AuditRapport.objects.filter(pk=oud.pk).update(aangemaakt=timezone.now() - timedelta(days=800))
    AuditRapport.objects.create(
        organisatie=audit, bestanden=[{"naam": "nieuw.pdf", "opslag": nieuw_dossier}]
    )
    call_command("opruimen", stdout=io.StringIO())
    assert AuditRapport.objects.count() == 1
    assert not default_storage.exists(oud_dossier)
    assert default_storage.exists(nieuw_dossier)


def test_opruimen_prunes_finished_task_results_past_their_age() -> None:
    """Finished task results older than ``--taken-dagen`` (default 30) go; newer ones and
    tasks that still wait or run stay (pages read them)."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from overeenkomsten.web.taken.traject import ververs_status

    def taak(status: str, dagen: int) -> Any:
        resultaat = DBTaskResult.objects.get(id=ververs_status.enqueue(1).id)
        moment = timezone.now() - timedelta(days=dagen)
        klaar = status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
        DBTaskResult.objects.filter(pk=resultaat.pk).update(
            status=status, enqueued_at=moment, finished_at=moment if klaar else None
        )
        return resultaat.pk

    taak(TaskResultStatus.SUCCESSFUL, 40)
    taak(TaskResultStatus.FAILED, 40)
    recent = taak(TaskResultStatus.SUCCESSFUL, 5)
    wacht = taak(TaskResultStatus.READY, 40)

    out = io.StringIO()
    call_command("opruimen", "--droog", stdout=out)
    assert "Afgeronde achtergrondtaken zou worden verwijderd: 2" in out.getvalue()
    assert DBTaskResult.objects.count() == 4

    out = io.StringIO()
    call_command("opruimen", stdout=out)
    assert "Afgeronde achtergrondtaken verwijderd: 2" in out.getvalue()
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent, wacht}

    call_command("opruimen", "--taken-dagen", "3", stdout=io.StringIO())
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {wacht}
