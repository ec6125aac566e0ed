"""Revocation lists (CRLs) per organisation on /beheer/: uploaded as PEM or DER and read by
the library's loader (a bad file is refused, nothing stored), listed with issuer and dates
(an outdated one marked), removable, logged, scoped; and used by every check of the
organisation: a signer on the list is a fout, a covered certificate loses "intrekking niet
gecontroleerd" (X7 v2)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from overeenkomsten.web import werk
from overeenkomsten.web.models import Intrekkingslijst, Logregel, Traject, Vertrouwd
from overeenkomsten.web.taken.traject import ververs_status
from tests.plugins.pki import PkiMaterial, sign_as
from tests.web._dossiers import aangemeld, draai_taken
from tests.web._trajecten import maak_traject

pytestmark = pytest.mark.django_db

OP_TIJD = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)  # before the start (7-9-2026)


@pytest.fixture
def twee(organisatie: Any, gebruiker: Any) -> dict[str, Any]:
    regio = organisatie("RMT Twente")
    ander = organisatie("RMT Zuid")
    return {
        "regio": regio,
        "ander": ander,
        "beheerder": gebruiker("regio-beheerder", regio, "beheerder"),
        "collega": gebruiker("regio-collega", regio, "backoffice"),
        "ander_beheerder": gebruiker("zuid-beheerder", ander, "beheerder"),
    }


def _bestand(naam: str, inhoud: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type="application/octet-stream")


def _url(org: Any) -> str:
    return f"/beheer/organisaties/{org.pk}/intrekkingslijsten/nieuw/"


def _verouderde_crl(pki: PkiMaterial) -> bytes:
    """A CRL of the test root whose next update was due in 2021 (PEM)."""
    sleutel = serialization.load_pem_private_key(pki.root_sleutel.read_bytes(), None)  # type: ignore[union-attr]
    root = x509.load_pem_x509_certificate(pki.root_pem.read_bytes())
    lijst = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.subject)
        .last_update(dt.datetime(2020, 6, 1, tzinfo=dt.UTC))
        .next_update(dt.datetime(2021, 6, 1, tzinfo=dt.UTC))
        .sign(sleutel, hashes.SHA256())  # type: ignore[arg-type]
    )
    return lijst.public_bytes(serialization.Encoding.PEM)


def test_a_crl_is_uploaded_as_der_or_pem_listed_and_removed(
    twee: dict[str, Any],
    inloggen: Any,
    test_pki: PkiMaterial,
    django_capture_on_commit_callbacks: Any,
) -> None:
    regio = twee["regio"]
    client = inloggen(twee["beheerder"])
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            _url(regio), {"bestand": _bestand("root.crl", test_pki.crl.read_bytes())}, follow=True
        )
    pagina = antwoord.content.decode()
    assert "De intrekkingslijst is toegevoegd." in pagina
    lijst = Intrekkingslijst.objects.get()
    assert lijst.organisatie == regio
    assert lijst.uitgever == "Test Root CA overeenkomsten"
    assert lijst.ingetrokken == 1
    assert not lijst.verouderd
    assert "Test Root CA overeenkomsten" in pagina
    assert "1 januari 2020" in pagina  # bijgewerkt op (thisUpdate, shown in Amsterdam time)
    assert "31 december 2040" in pagina  # volgende uiterlijk (nextUpdate)
    assert "verouderd: vervang" not in pagina
    assert Logregel.objects.filter(
        actie="aangemaakt", object_id=str(lijst.pk), omschrijving__contains="intrekkingslijst"
    ).exists()
    # the statuses of the organisation's trajectories are computed again
    assert DBTaskResult.objects.filter(
        task_path__endswith="ververs_organisatie", args_kwargs__args=[regio.pk]
    ).exists()

    pem = x509.load_der_x509_crl(test_pki.lege_crl.read_bytes()).public_bytes(
        serialization.Encoding.PEM
    )
    client.post(_url(regio), {"bestand": _bestand("leeg.pem", pem)})
    assert Intrekkingslijst.objects.filter(ingetrokken=0, naam="leeg.pem").count() == 1

    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/beheer/intrekkingslijsten/{lijst.pk}/verwijderen/")
    assert not Intrekkingslijst.objects.filter(pk=lijst.pk).exists()
    assert Logregel.objects.filter(actie="verwijderd", object_id=str(lijst.pk)).exists()
    assert DBTaskResult.objects.filter(task_path__endswith="ververs_organisatie").exists()


def test_an_outdated_crl_is_marked(
    twee: dict[str, Any], inloggen: Any, test_pki: PkiMaterial
) -> None:
    client = inloggen(twee["beheerder"])
    antwoord = client.post(
        _url(twee["regio"]),
        {"bestand": _bestand("oud.crl", _verouderde_crl(test_pki))},
        follow=True,
    )
    pagina = antwoord.content.decode()
    assert "is verouderd" in pagina  # the message on upload
    assert "verouderd: vervang deze lijst door de nieuwste" in pagina  # the list
    assert Intrekkingslijst.objects.get().verouderd


@pytest.mark.parametrize(
    ("naam", "inhoud"),
    [
        ("onzin.crl", b"dit is geen intrekkingslijst"),
        ("leeg.crl", b""),
        ("kapot.pem", b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"),
        ("root.pem", None),  # a certificate, not a revocation list
    ],
)
def test_a_file_that_is_no_crl_is_refused_and_nothing_stored(
    twee: dict[str, Any],
    inloggen: Any,
    test_pki: PkiMaterial,
    naam: str,
    inhoud: bytes | None,
) -> None:
    client = inloggen(twee["beheerder"])
    data = test_pki.root_pem.read_bytes() if inhoud is None else inhoud
    antwoord = client.post(_url(twee["regio"]), {"bestand": _bestand(naam, data)})
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert naam in pagina
    assert "Er is niets opgeslagen." in pagina
    assert "Traceback" not in pagina
    assert not Intrekkingslijst.objects.exists()
    assert not Logregel.objects.filter(omschrijving__contains="intrekkingslijst").exists()


def test_crls_are_scoped_to_the_organisation(
    twee: dict[str, Any], inloggen: Any, test_pki: PkiMaterial, gebruiker: Any
) -> None:
    client = inloggen(twee["beheerder"])
    client.post(_url(twee["regio"]), {"bestand": _bestand("root.crl", test_pki.crl.read_bytes())})
    lijst = Intrekkingslijst.objects.get()

    ander = aangemeld(twee["ander_beheerder"])
    assert (
        "Test Root CA"
        not in ander.get(f"/beheer/organisaties/{twee['ander'].pk}/").content.decode()
    )
    assert ander.get(_url(twee["regio"])).status_code == 404
    assert ander.post(f"/beheer/intrekkingslijsten/{lijst.pk}/verwijderen/").status_code == 404
    # a backoffice colleague manages nothing
    collega = aangemeld(twee["collega"])
    assert collega.post(f"/beheer/intrekkingslijsten/{lijst.pk}/verwijderen/").status_code == 403
    assert Intrekkingslijst.objects.filter(pk=lijst.pk).exists()
    # the other organisation's checks do not use it
    with werk.werkmap() as map:
        assert werk.instellingen(twee["ander"], map).vertrouwd.crls == ()
        assert len(werk.instellingen(twee["regio"], map).vertrouwd.crls) == 1


def test_an_upload_without_csrf_token_fails(twee: dict[str, Any], test_pki: PkiMaterial) -> None:
    client = aangemeld(twee["beheerder"], csrf=True)
    antwoord = client.post(
        _url(twee["regio"]), {"bestand": _bestand("root.crl", test_pki.crl.read_bytes())}
    )
    assert antwoord.status_code == 403
    assert not Intrekkingslijst.objects.exists()


def _getekende_set(bron: Path, doel: Path, pki: PkiMaterial, kandidaat: Path) -> Path:
    """The example set with its OOK signed by the instelling and by ``kandidaat``'s key."""
    shutil.copytree(bron, doel)
    ook = doel / f"{bron.name}_OOK.pdf"
    pki.sign(ook, "instelling", tijdstip=OP_TIJD)
    sign_as(pki, ook, "kandidaat", kandidaat, tijdstip=OP_TIJD)
    return doel


def _ook(traject: Traject) -> tuple[set[str], str]:
    """The codes of the stored check's X7 findings on the OOK, and the verdict."""
    traject.refresh_from_db()
    codes = {
        b["code"]
        for b in traject.status["controle"]["bevindingen"]
        if b["regel"] == "X7" and any("OOK" in d for d in b.get("documenten", []))
    }
    return codes, traject.verdict


def test_the_organisations_crls_judge_its_signatures_through_the_status_task(
    twee: dict[str, Any],
    test_pki: PkiMaterial,
    voorbeeld_set: Path,
    tmp_path: Path,
    eigen_opslag: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    regio, ander = twee["regio"], twee["ander"]
    for org in (regio, ander):
        Vertrouwd.objects.create(
            organisatie=org, naam="Test Root", pem=test_pki.root_pem.read_text("ascii")
        )
    ingetrokken = maak_traject(
        regio,
        _getekende_set(voorbeeld_set, tmp_path / "a", test_pki, test_pki.bijzonder["ingetrokken"]),
        traject_id="T-INGETROKKEN",
    )
    goed = maak_traject(
        regio,
        _getekende_set(voorbeeld_set, tmp_path / "b", test_pki, test_pki.p12["kandidaat"]),
        traject_id="T-GOED",
    )
    ververs_status.call(ingetrokken.pk)
    ververs_status.call(goed.pk)
    assert "intrekking-niet-gecontroleerd" in _ook(goed)[0]
    assert "certificaat-ingetrokken" not in _ook(ingetrokken)[0]

    # Another organisation's list is not used for this one's trajectories.
    zuid = aangemeld(twee["ander_beheerder"])
    with django_capture_on_commit_callbacks(execute=True):
        zuid.post(_url(ander), {"bestand": _bestand("root.crl", test_pki.crl.read_bytes())})
    draai_taken()
    assert "certificaat-ingetrokken" not in _ook(ingetrokken)[0]

    # Its own list: the status task runs again by itself and uses it.
    beheer = aangemeld(twee["beheerder"])
    with django_capture_on_commit_callbacks(execute=True):
        beheer.post(_url(regio), {"bestand": _bestand("root.crl", test_pki.crl.read_bytes())})
    gedaan = {t.task_path.rsplit(".", 1)[-1] for t in draai_taken()}
    assert gedaan == {"ververs_organisatie", "ververs_status"}
    codes, verdict = _ook(ingetrokken)
    assert "certificaat-ingetrokken" in codes
    assert verdict == "fouten"
    codes, _ = _ook(goed)
    assert "intrekking-niet-gecontroleerd" not in codes
    assert not codes  # trusted, checked and not revoked

    # The traject page says so in the web's words.
    pagina = aangemeld(twee["collega"]).get(f"/trajecten/{ingetrokken.pk}/").content.decode()
    assert "ingetrokken" in pagina
    assert "--crl" not in pagina


def test_trust_roots_and_erkenningen_changes_recompute_the_statuses_too(
    twee: dict[str, Any],
    test_pki: PkiMaterial,
    eigen_opslag: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Whatever a check is judged with changes: the organisation's statuses follow."""
    regio = twee["regio"]
    client = aangemeld(twee["beheerder"])

    def herberekend(actie: Any) -> bool:
        DBTaskResult.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            actie()
        return DBTaskResult.objects.filter(
            task_path__endswith="ververs_organisatie", args_kwargs__args=[regio.pk]
        ).exists()

    with test_pki.root_pem.open("rb") as pem:
        assert herberekend(
            lambda: client.post(
                f"/beheer/organisaties/{regio.pk}/vertrouwd/nieuw/", {"bestand": pem}
            )
        )
    root = Vertrouwd.objects.get()
    assert herberekend(lambda: client.post(f"/beheer/vertrouwd/{root.pk}/verwijderen/"))
    lijst = _bestand(
        "sbb.csv",
        b"leerbedrijf_id,crebo,geldig_van,geldig_tot\n100077736,25371,2020-01-01,2030-12-31\n",
    )
    assert herberekend(
        lambda: client.post(f"/beheer/organisaties/{regio.pk}/erkenningen/", {"bestand": lijst})
    )
    # the task enqueues the status of each trajectory the organisation registered, only
    Traject.objects.create(organisatie=regio, traject_id="T-1", brin="25PZ")
    Traject.objects.create(organisatie=twee["ander"], traject_id="T-2", brin="25PZ")
    DBTaskResult.objects.all().delete()
    from overeenkomsten.web.taken.traject import ververs_organisatie

    assert ververs_organisatie.call(regio.pk) == 1
    (taak,) = DBTaskResult.objects.filter(task_path__endswith="ververs_status")
    assert taak.args_kwargs["args"] == [Traject.objects.get(traject_id="T-1").pk]
    # its status task still waits (it reads the settings when it runs): not asked twice
    assert ververs_organisatie.call(regio.pk) == 0
    assert DBTaskResult.objects.filter(task_path__endswith="ververs_status").count() == 1
