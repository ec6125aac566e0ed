"""/intake/: upload, the findings per sheet, row and column (as ``valideer``), the
foutenrapport, the limits on what may be uploaded, and who may see what."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from overeenkomsten.intake.kolommen import KOPPEN
from overeenkomsten.web.models import Batch, Intake, Logregel
from tests.batch.helpers import records, write_intake

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def direct(settings: Any) -> None:
    """Tasks run at once, inside the request (the browser test runs them in the worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def regio(organisatie: Any, gebruiker: Any) -> dict[str, Any]:
    eigen = organisatie("Regio Twente")
    ander = organisatie("Regio Oost")
    return {
        "org": eigen,
        "backoffice": gebruiker("bo", eigen, "backoffice"),
        "ander": gebruiker("ao", ander, "backoffice"),
        "docent": gebruiker(
            "doc", organisatie("ROC", soort="instelling", brin="25LH"), "instelling"
        ),
    }


def _werkboek(tmp_path: Path, record_data: dict[str, Any], *, fout: bool) -> bytes:
    rijen = records(record_data, 2, prefix="WEB")
    if fout:
        rijen[1] = copy.deepcopy(rijen[1])
        rijen[1]["kandidaat"]["bsn"] = "123456789"  # fails the elfproef
    return write_intake(tmp_path / "intake.xlsx", rijen).read_bytes()


def _opgeslagen() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _upload(client: Client, naam: str, inhoud: bytes) -> Any:
    return client.post("/intake/", {"bestand": SimpleUploadedFile(naam, inhoud)}, follow=True)


def test_findings_name_sheet_row_column_value_and_message(
    regio: dict[str, Any], inloggen: Any, tmp_path: Path, record_data: dict[str, Any]
) -> None:
    client = inloggen(regio["backoffice"])
    antwoord = _upload(client, "intake 123456782.xlsx", _werkboek(tmp_path, record_data, fout=True))
    assert antwoord.status_code == 200
    intake = Intake.objects.get()
    assert antwoord.redirect_chain[-1][0] == f"/intake/{intake.pk}/"
    assert intake.status == "klaar"
    html = antwoord.content.decode()
    assert "<h2>Trajecten</h2>" in html
    rij = '<tr class="fout"><td>3</td><td>' + KOPPEN["kandidaat.bsn"] + "</td><td>*****6789</td>"
    assert rij in html
    assert "elfproef" in html
    assert "123456789" not in html
    assert "123456782" not in html  # a BSN in the file name is masked too
    assert '<td id="geldig">1</td>' in html
    assert '<td id="ongeldig">1</td>' in html
    assert "Batch starten voor de geldige rijen" in html
    assert f"<title>Intake {intake.pk} · Overeenkomsten</title>" in html

    rapport = client.get(f"/intake/{intake.pk}/foutenrapport/")
    assert rapport.status_code == 200
    assert rapport["Content-Type"] == XLSX
    boek = openpyxl.load_workbook(io.BytesIO(b"".join(rapport.streaming_content)))
    tekst = " ".join(str(c.value) for ws in boek.worksheets for r in ws.iter_rows() for c in r)
    assert "*****6789" in tekst
    assert "123456789" not in tekst
    acties = set(Logregel.objects.filter(object_soort="intake").values_list("actie", flat=True))
    assert acties == {"aangemaakt", "bekeken", "gedownload"}
    assert not any("123456782" in r.omschrijving for r in Logregel.objects.all())


def test_a_corrected_upload_is_valid(
    regio: dict[str, Any], inloggen: Any, tmp_path: Path, record_data: dict[str, Any]
) -> None:
    client = inloggen(regio["backoffice"])
    html = _upload(client, "intake.xlsx", _werkboek(tmp_path, record_data, fout=False))
    html = html.content.decode()
    assert "Geen fouten of waarschuwingen in 2 trajecten." in html
    assert '<td id="geldig">2</td>' in html
    assert "Foutenrapport downloaden" not in html
    intake = Intake.objects.get()
    assert client.get(f"/intake/{intake.pk}/foutenrapport/").status_code == 404


def test_joined_sheets_are_validated_together(
    regio: dict[str, Any], inloggen: Any, tmp_path: Path, record_data: dict[str, Any]
) -> None:
    """A werkproces row naming no trajectory: a finding of sheet Werkprocessen."""
    rijen = records(record_data, 1, prefix="WEB")
    pad = write_intake(tmp_path / "intake.xlsx", rijen)
    boek = openpyxl.load_workbook(pad)
    werk = boek["Werkprocessen"]
    werk.append(["WEB-ONBEKEND", *[c.value for c in werk[2][1:]]])
    boek.save(pad)
    html = _upload(inloggen(regio["backoffice"]), "intake.xlsx", pad.read_bytes()).content
    assert "<h2>Werkprocessen</h2>" in html.decode()
    assert "WEB-ONBEKEND" in html.decode()


def _zip(**leden: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        for naam, inhoud in leden.items():
            archief.writestr(naam, inhoud)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("intake.exe", b"MZ\x90\x00", "is geen intakebestand"),
        ("intake.pdf", b"%PDF-1.7\n", "is geen intakebestand"),
        ("intake.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(100), "geen Excel-werkboek"),
        ("intake.xlsx", b"traject_id;naam\nT-1;Ella\n", "een tekstbestand"),
        ("intake.xlsx", _zip(**{"word/document.xml": b"<w/>"}), "Excel"),
        ("intake.ods", b"PK\x03\x04 broken", "beschadigd"),
        ("intake.csv", b"PK\x03\x04" + bytes(100), "geen tekstbestand"),
        ("intake.csv", b"\x00\x01\x02\x03", "geen tekstbestand"),
        ("intake.json", b"\x89PNG\r\n\x1a\n", "geen tekstbestand"),
        ("intake.json", b'{"traject_id": ', "JSON"),
        ("intake.xlsx", b"", "leeg"),
    ],
)
def test_wrong_kinds_are_refused_and_nothing_is_stored(
    regio: dict[str, Any], inloggen: Any, naam: str, inhoud: bytes, melding: str
) -> None:
    voor = _opgeslagen()
    antwoord = _upload(inloggen(regio["backoffice"]), naam, inhoud)
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert melding in html, html
    assert "Er is niets opgeslagen." in html
    assert "Traceback" not in html
    assert str(settings.WERK) not in html  # the scratch copy is never named
    assert not Intake.objects.exists()
    assert _opgeslagen() == voor
    assert not list(Path(settings.WERK).iterdir())


def test_an_upload_over_the_limit_is_refused(regio: dict[str, Any], inloggen: Any) -> None:
    from overeenkomsten.web.paginas._intakeformulier import MAX_INTAKE_BYTES

    voor = _opgeslagen()
    groot = b"PK\x03\x04" + bytes(MAX_INTAKE_BYTES)
    html = _upload(inloggen(regio["backoffice"]), "groot.xlsx", groot).content.decode()
    assert "te groot" in html
    assert "hoogstens 20 MB" in html
    assert "Er is niets opgeslagen." in html
    assert not Intake.objects.exists()
    assert _opgeslagen() == voor


def test_another_organisation_gets_404(
    regio: dict[str, Any], inloggen: Any, tmp_path: Path, record_data: dict[str, Any]
) -> None:
    _upload(
        inloggen(regio["backoffice"]), "intake.xlsx", _werkboek(tmp_path, record_data, fout=True)
    )
    intake = Intake.objects.get()
    andere = inloggen(regio["ander"])
    for url in ("", "status/", "foutenrapport/"):
        assert andere.get(f"/intake/{intake.pk}/{url}").status_code == 404
    assert andere.post(f"/intake/{intake.pk}/batch/").status_code == 404
    assert f'href="/intake/{intake.pk}/"' not in andere.get("/intake/").content.decode()
    assert (
        f'href="/intake/{intake.pk}/"'
        in inloggen(regio["backoffice"]).get("/intake/").content.decode()
    )
    # An instelling's account has no intake pages at all.
    assert inloggen(regio["docent"]).get(f"/intake/{intake.pk}/").status_code == 403


def test_a_post_without_csrf_token_fails(
    regio: dict[str, Any], tmp_path: Path, record_data: dict[str, Any]
) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client(enforce_csrf_checks=True)
    user = regio["backoffice"]
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totp.persistent_id
    session.save()
    bestand = SimpleUploadedFile("intake.xlsx", _werkboek(tmp_path, record_data, fout=False))
    voor = _opgeslagen()
    assert client.post("/intake/", {"bestand": bestand}).status_code == 403
    assert not Intake.objects.exists()
    assert _opgeslagen() == voor

    # With the token the upload works; starting the batch without one does not.
    pagina = client.get("/intake/")
    token = pagina.cookies["csrftoken"].value
    bestand.seek(0)
    client.post("/intake/", {"bestand": bestand, "csrfmiddlewaretoken": token})
    intake = Intake.objects.get()
    assert intake.status == "klaar"
    assert client.post(f"/intake/{intake.pk}/batch/").status_code == 403
    assert not Batch.objects.exists()


def test_without_two_factor_nothing_is_shown(regio: dict[str, Any], client: Client) -> None:
    client.force_login(regio["backoffice"])
    antwoord = client.get("/intake/")
    assert antwoord.status_code == 302
    assert antwoord.url.startswith("/tweestaps/")


def test_a_json_intake_names_the_record_and_path(
    regio: dict[str, Any], inloggen: Any, record_data: dict[str, Any]
) -> None:
    import json

    goed, fout = records(record_data, 2, prefix="WEB")
    fout["kandidaat"]["bsn"] = "123456789"
    inhoud = json.dumps([goed, fout]).encode()
    html = _upload(inloggen(regio["backoffice"]), "intake.json", inhoud).content.decode()
    assert '<td id="geldig">1</td>' in html
    assert "kandidaat.bsn" in html
    assert "*****6789" in html
    assert "123456789" not in html


def test_retention_removes_the_intake_with_its_foutenrapport(
    regio: dict[str, Any], inloggen: Any, tmp_path: Path, record_data: dict[str, Any]
) -> None:
    import datetime as dt

    from overeenkomsten.web.avg import ruim_op

    _upload(
        inloggen(regio["backoffice"]), "intake.xlsx", _werkboek(tmp_path, record_data, fout=True)
    )
    intake = Intake.objects.get()
    bestanden = [intake.bestand.name, intake.resultaat["foutenrapport"]]
    assert all(default_storage.exists(n) for n in bestanden)
    ruim_op(dt.date.today() + dt.timedelta(days=8 * 366))
    assert not Intake.objects.exists()
    assert not any(default_storage.exists(n) for n in bestanden)


def test_one_batch_per_organisation_and_a_dead_one_does_not_block(
    regio: dict[str, Any],
) -> None:
    """Two batches never share the organisation's set folder; a batch whose worker was
    killed (no heartbeat for five minutes) is marked mislukt instead of blocking forever."""
    import datetime as dt

    from django.utils import timezone

    from overeenkomsten.web.taken_intake import AFGEBROKEN, _claim

    org = regio["org"]
    oud = Batch.objects.create(organisatie=org, status="bezig")
    nieuw = Batch.objects.create(organisatie=org)
    vers = {"hartslag": timezone.now().isoformat()}
    Batch.objects.filter(pk=oud.pk).update(samenvatting=vers)
    assert not _claim(nieuw.pk)
    assert Batch.objects.get(pk=nieuw.pk).status == "wacht"
    ander = Batch.objects.create(organisatie=regio["ander"].profiel.organisatie)
    assert _claim(ander.pk)  # another organisation does not wait

    stil = timezone.now() - dt.timedelta(minutes=6)
    Batch.objects.filter(pk=oud.pk).update(samenvatting={"hartslag": stil.isoformat()})
    assert _claim(nieuw.pk)
    assert Batch.objects.get(pk=nieuw.pk).status == "bezig"
    dood = Batch.objects.get(pk=oud.pk)
    assert dood.status == "mislukt"
    assert dood.samenvatting == {"fout": AFGEBROKEN}
