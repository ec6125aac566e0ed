"""/batch/: the batch task makes the sets of the valid rows with the real engine
(LibreOffice), records trajectories and documents, offers the sets as zip files, and a
rerun keeps what was signed. Another organisation sees none of it."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from overeenkomsten.web.models import Batch, Document, Intake, Logregel, Traject
from tests.batch.helpers import records, write_intake
from tests.plugins.pki import PkiMaterial

pytestmark = [pytest.mark.django_db, pytest.mark.libreoffice]


@pytest.fixture(autouse=True)
def direct(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _batch(client: Client, pad: Path) -> Batch:
    client.post("/intake/", {"bestand": SimpleUploadedFile(pad.name, pad.read_bytes())})
    intake = Intake.objects.latest("pk")
    assert intake.status == "klaar", intake.resultaat
    antwoord = client.post(f"/intake/{intake.pk}/batch/")
    batch = Batch.objects.get(intake=intake)
    assert antwoord.url == f"/batch/{batch.pk}/"
    return batch


def _zip(antwoord: Any) -> zipfile.ZipFile:
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(antwoord.streaming_content)))


def test_batch_makes_the_sets_and_a_rerun_keeps_what_was_signed(
    soffice: str,
    organisatie: Any,
    gebruiker: Any,
    inloggen: Any,
    tmp_path: Path,
    record_data: dict[str, Any],
    test_pki: PkiMaterial,
) -> None:
    eigen = organisatie("Regio Twente")
    bo = gebruiker("bo", eigen, "backoffice")
    client = inloggen(bo)
    rijen = records(record_data, 2, prefix="WEB")
    fout = copy.deepcopy(rijen[0])
    fout["traject_id"] = "WEB-FOUT"
    fout["kandidaat"]["bsn"] = "123456789"
    batch = _batch(client, write_intake(tmp_path / "intake.xlsx", [*rijen, fout]))

    batch.refresh_from_db()
    assert batch.status == "klaar", batch.samenvatting
    assert (batch.gedaan, batch.totaal) == (3, 3)
    assert batch.samenvatting["totalen"] == {"rijen": 3, "gemaakt": 2, "fout": 1, "ongewijzigd": 0}
    trajecten = {t.traject_id: t for t in Traject.objects.filter(organisatie=eigen)}
    assert set(trajecten) == {"WEB-0000", "WEB-0001"}
    eerste = trajecten["WEB-0000"]
    assert eerste.brin == "25LH"
    assert eerste.kandidaat_naam.endswith("Yılmaz-0")
    assert eerste.record["traject_id"] == "WEB-0000"
    assert eerste.status  # refreshed by ververs_status
    assert eerste.nog_te_tekenen
    documenten = Document.objects.filter(traject=eerste)
    assert sorted(d.soort for d in documenten) == ["OOK", "PLOK", "POK"]
    for document in documenten:
        assert document.versie == 1
        assert document.bestand.name.endswith(".pdf")
        with default_storage.open(document.bestand.name, "rb") as bron:
            assert hashlib.sha256(bron.read()).hexdigest() == document.sha256

    pagina = client.get(f"/batch/{batch.pk}/").content.decode()
    assert "2 gemaakt" in pagina
    assert "WEB-FOUT" in pagina
    assert "123456789" not in pagina
    assert client.get(f"/batch/{batch.pk}/voortgang/")["HX-Refresh"] == "true"

    alles = _zip(client.get(f"/batch/{batch.pk}/sets.zip"))
    namen = set(alles.namelist())
    for traject_id in ("WEB-0000", "WEB-0001"):
        for soort in ("OOK", "POK", "PLOK"):
            assert f"{traject_id}/{traject_id}_{soort}.pdf" in namen
            assert f"{traject_id}/{traject_id}_{soort}.docx" in namen
        assert f"{traject_id}/traject.json" in namen
    assert {"samenvatting.csv", "samenvatting.json", "foutenrapport.xlsx"} <= namen
    assert not any(".overeenkomsten" in n for n in namen)
    assert alles.read("WEB-0000/WEB-0000_OOK.pdf").startswith(b"%PDF")
    een = _zip(client.get(f"/batch/{batch.pk}/traject/{eerste.pk}.zip"))
    assert {n.split("/")[0] for n in een.namelist()} == {"WEB-0000"}
    assert Logregel.objects.filter(actie="gedownload", object_soort="batch").exists()
    assert Logregel.objects.filter(actie="gedownload", object_soort="traject").exists()

    # Another organisation: every URL of this batch is a 404.
    andere = inloggen(gebruiker("ander", organisatie("Regio Oost"), "backoffice"))
    for url in ("", "voortgang/", "sets.zip", f"traject/{eerste.pk}.zip"):
        assert andere.get(f"/batch/{batch.pk}/{url}").status_code == 404
    client = inloggen(bo)  # the same test client again

    # The instelling signs the OOK (uploaded on the traject page: the stored file changes);
    # then the back office corrects the kandidaat's name and runs the batch again.
    ook = Document.objects.get(traject=eerste, soort="OOK", versie=1)
    ongetekend = tmp_path / "ongetekend.pdf"
    with default_storage.open(ook.bestand.name, "rb") as bron:
        ongetekend.write_bytes(bron.read())
    getekend = test_pki.sign(
        ongetekend,
        "instelling",
        uit=tmp_path / "getekend.pdf",
        tijdstip=dt.datetime(2026, 8, 20, 10, 0, tzinfo=dt.UTC),
    )
    default_storage.delete(ook.bestand.name)
    default_storage.save(ook.bestand.name, ContentFile(getekend.read_bytes()))
    handtekening = hashlib.sha256(getekend.read_bytes()).hexdigest()

    rijen[0]["kandidaat"]["achternaam"] = "Yılmaz-Anders"
    tweede = _batch(client, write_intake(tmp_path / "intake-2.xlsx", rijen))
    tweede.refresh_from_db()
    assert tweede.status == "klaar", tweede.samenvatting
    assert tweede.samenvatting["totalen"] == {
        "rijen": 2,
        "gemaakt": 1,
        "fout": 0,
        "ongewijzigd": 1,
    }
    with default_storage.open(ook.bestand.name, "rb") as bron:
        assert hashlib.sha256(bron.read()).hexdigest() == handtekening  # never overwritten
    nieuw = Document.objects.get(traject=eerste, soort="OOK", versie=2)
    assert nieuw.bestand.name.endswith("WEB-0000_OOK_v2.pdf")
    assert set(tweede.samenvatting["nieuwe_versies"]) == {
        "WEB-0000_OOK_v2.docx",
        "WEB-0000_OOK_v2.pdf",
    }
    eerste.refresh_from_db()
    assert eerste.kandidaat_naam.endswith("Yılmaz-Anders")
    namen = set(_zip(client.get(f"/batch/{tweede.pk}/sets.zip")).namelist())
    assert {"WEB-0000/WEB-0000_OOK.pdf", "WEB-0000/WEB-0000_OOK_v2.pdf"} <= namen


def test_a_rerun_after_a_signed_upload_keeps_the_upload_and_versions_the_document(
    soffice: str,
    organisatie: Any,
    gebruiker: Any,
    inloggen: Any,
    tmp_path: Path,
    record_data: dict[str, Any],
    test_pki: PkiMaterial,
) -> None:
    """The signed OOK comes back on the traject page; a corrected record then runs through
    the batch again: the engine sees the OOK signed, writes a version 2 beside it, and the
    received file keeps its own row (listed and downloadable as it was handed back)."""
    eigen = organisatie("Regio Twente")
    client = inloggen(gebruiker("bo", eigen, "backoffice"))
    rijen = records(record_data, 1, prefix="HER")
    _batch(client, write_intake(tmp_path / "intake.xlsx", rijen))
    traject = Traject.objects.get(organisatie=eigen, traject_id="HER-0000")
    ook = traject.documenten.get(soort="OOK")
    ongetekend = tmp_path / "ongetekend.pdf"
    with default_storage.open(ook.bestand.name, "rb") as bron:
        ongetekend.write_bytes(bron.read())
    getekend = test_pki.sign(
        ongetekend,
        "instelling",
        uit=tmp_path / "getekend.pdf",
        tijdstip=dt.datetime(2026, 8, 20, 10, 0, tzinfo=dt.UTC),
    ).read_bytes()
    terug = client.post(
        f"/trajecten/{traject.pk}/ondertekend/",
        {"soort": "pdf", "bestanden": [SimpleUploadedFile("ook.pdf", getekend)]},
    )
    assert terug.status_code == 302
    ontvangen = traject.documenten.get(bron=Document.Bron.ONTVANGEN)
    assert (ontvangen.soort, ontvangen.versie) == ("OOK", 1)
    naam = ontvangen.bestand.name

    rijen[0]["kandidaat"]["achternaam"] = "Yılmaz-Anders"
    tweede = _batch(client, write_intake(tmp_path / "intake-2.xlsx", rijen))
    tweede.refresh_from_db()
    assert tweede.status == "klaar", tweede.samenvatting
    gemaakt = traject.documenten.filter(soort="OOK", bron=Document.Bron.GEMAAKT)
    assert sorted(gemaakt.values_list("versie", flat=True)) == [1, 2]
    assert gemaakt.get(versie=2).bestand.name.endswith("HER-0000_OOK_v2.pdf")
    ontvangen.refresh_from_db()
    assert (ontvangen.bron, ontvangen.bestand.name) == (Document.Bron.ONTVANGEN, naam)
    pagina = client.get(f"/trajecten/{traject.pk}/").content.decode()
    assert f"/trajecten/{traject.pk}/document/{ontvangen.pk}/" in pagina
    download = client.get(f"/trajecten/{traject.pk}/document/{ontvangen.pk}/")
    assert b"".join(download.streaming_content) == getekend
