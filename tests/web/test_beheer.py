"""/beheer/: organisations, users, trust roots, retention and the log, each scoped to
what the beheerder manages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from overeenkomsten.web.models import Logregel, Organisatie, Profiel, Vertrouwd
from tests.plugins.pki import PkiMaterial
from tests.web._accounts import WACHTWOORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def installatie(organisatie: Any, gebruiker: Any) -> Any:
    """The installation's first beheerder (a superuser in the beheer organisation)."""
    user = gebruiker("baas", organisatie("Beheer", soort="beheer"), "beheerder")
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def twee(organisatie: Any, gebruiker: Any) -> dict[str, Any]:
    regio = organisatie("Regio Twente")
    roc = organisatie("ROC Zuid", soort="instelling", brin="25PZ")
    return {
        "regio": regio,
        "roc": roc,
        "beheerder": gebruiker("regio-beheerder", regio, "beheerder"),
        "collega": gebruiker("regio-collega", regio, "backoffice"),
        "roc_beheerder": gebruiker("roc-beheerder", roc, "beheerder"),
        "roc_docent": gebruiker("roc-docent", roc, "instelling"),
    }


def test_the_first_beheerder_creates_organisations(installatie: Any, inloggen: Any) -> None:
    client = inloggen(installatie)
    fout = client.post(
        "/beheer/organisaties/nieuw/",
        {"naam": "ROC Oost", "soort": "instelling", "brin": "", "bewaartermijn_jaren": 7},
    )
    assert "Een instelling heeft een BRIN" in fout.content.decode()
    assert not Organisatie.objects.filter(naam="ROC Oost").exists()

    goed = client.post(
        "/beheer/organisaties/nieuw/",
        {"naam": "ROC Oost", "soort": "instelling", "brin": "30xx", "bewaartermijn_jaren": 7},
    )
    assert goed.status_code == 302
    roc = Organisatie.objects.get(naam="ROC Oost")
    assert roc.brin == "30XX"
    for soort in ("regio", "auditor"):
        client.post(
            "/beheer/organisaties/nieuw/",
            {"naam": f"Nieuw {soort}", "soort": soort, "bewaartermijn_jaren": 7},
        )
        assert Organisatie.objects.filter(naam=f"Nieuw {soort}", soort=soort).exists()
    assert Logregel.objects.filter(actie="aangemaakt", object_soort="organisatie").count() == 3
    assert "ROC Oost" in client.get("/beheer/").content.decode()


def test_an_organisations_beheerder_manages_only_its_own(
    twee: dict[str, Any], inloggen: Any
) -> None:
    client = inloggen(twee["beheerder"])
    assert client.get("/beheer/").url == f"/beheer/organisaties/{twee['regio'].pk}/"
    assert client.get("/beheer/organisaties/nieuw/").status_code == 403
    assert client.get(f"/beheer/organisaties/{twee['roc'].pk}/").status_code == 404
    andere = Profiel.objects.get(user=twee["roc_docent"])
    assert client.get(f"/beheer/gebruikers/{andere.pk}/").status_code == 404
    assert client.post(f"/beheer/gebruikers/{andere.pk}/", {"rol": "instelling"}).status_code == 404
    assert client.post(f"/beheer/gebruikers/{andere.pk}/tweestaps-herstellen/").status_code == 404
    assert TOTPDevice.objects.filter(user=twee["roc_docent"]).exists()
    eigen = client.get(f"/beheer/organisaties/{twee['regio'].pk}/").content.decode()
    assert ">regio-collega</a>" in eigen
    assert "roc-docent" not in eigen


@pytest.mark.parametrize("rol", ["backoffice", "instelling", "auditor"])
def test_other_roles_have_no_beheer(
    organisatie: Any, gebruiker: Any, inloggen: Any, rol: str
) -> None:
    soort = {"backoffice": "regio", "instelling": "instelling", "auditor": "auditor"}[rol]
    user = gebruiker(
        "x", organisatie("Org", soort=soort, brin="25PZ" if rol == "instelling" else ""), rol
    )
    client = inloggen(user)
    for url in ("/beheer/", "/beheer/logboek/", "/kandidaat-export/"):
        assert client.get(url).status_code == 403, url


def test_beheer_needs_a_signed_in_account(client: Client, db: None) -> None:
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response.url.startswith("/inloggen/")


def test_a_new_user_is_invited_by_mail_and_chooses_a_password(
    twee: dict[str, Any], inloggen: Any
) -> None:
    client = inloggen(twee["beheerder"])
    url = f"/beheer/organisaties/{twee['regio'].pk}/gebruikers/nieuw/"
    wrong_role = client.post(
        url, {"gebruikersnaam": "nina", "email": "nina@example.org", "rol": "auditor"}
    )
    assert wrong_role.status_code == 200
    assert not User.objects.filter(username="nina").exists()
    bsn_name = client.post(
        url, {"gebruikersnaam": "123456782", "email": "n@example.org", "rol": "backoffice"}
    )
    assert "geen BSN" in bsn_name.content.decode()

    made = client.post(
        url,
        {
            "gebruikersnaam": "nina",
            "voornaam": "Nina",
            "email": "nina@example.org",
            "rol": "backoffice",
        },
    )
    assert made.status_code == 302
    nina = User.objects.get(username="nina")
    assert not nina.has_usable_password()
    assert nina.profiel.organisatie == twee["regio"]
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/wachtwoord-vergeten/\S+/)", mail.outbox[0].body)
    assert link is not None

    visitor = Client()
    form = visitor.get(link.group(1), follow=True)
    nieuw = "Nina-haar-eigen-wachtwoord-1"
    visitor.post(form.redirect_chain[-1][0], {"new_password1": nieuw, "new_password2": nieuw})
    assert visitor.post("/inloggen/", {"username": "nina", "password": nieuw}).status_code == 302
    assert visitor.get("/").url.startswith("/tweestaps/")


def test_role_deactivation_and_totp_reset(twee: dict[str, Any], inloggen: Any) -> None:
    client = inloggen(twee["beheerder"])
    collega = Profiel.objects.get(user=twee["collega"])
    url = f"/beheer/gebruikers/{collega.pk}/"
    client.post(url, {"rol": "beheerder", "actief": "on"})
    collega.refresh_from_db()
    assert collega.rol == "beheerder"
    client.post(url, {"rol": "beheerder"})  # actief unticked
    twee["collega"].refresh_from_db()
    assert not twee["collega"].is_active
    assert (
        Client()
        .post("/inloggen/", {"username": "regio-collega", "password": WACHTWOORD})
        .status_code
        == 200
    )

    client.post(f"{url}tweestaps-herstellen/")
    assert not TOTPDevice.objects.filter(user=twee["collega"]).exists()
    omschrijvingen = " ".join(
        Logregel.objects.filter(object_soort="profiel").values_list("omschrijving", flat=True)
    )
    assert "rol backoffice -> beheerder" in omschrijvingen
    assert "uitgezet" in omschrijvingen
    assert "tweestapsverificatie van regio-collega hersteld" in omschrijvingen


def test_a_beheerder_cannot_lock_themselves_out(twee: dict[str, Any], inloggen: Any) -> None:
    client = inloggen(twee["beheerder"])
    eigen = Profiel.objects.get(user=twee["beheerder"])
    response = client.post(f"/beheer/gebruikers/{eigen.pk}/", {"rol": "backoffice"}, follow=True)
    assert "eigen account niet uitzetten" in response.content.decode()
    eigen.refresh_from_db()
    twee["beheerder"].refresh_from_db()
    assert eigen.rol == "beheerder"
    assert twee["beheerder"].is_active


def test_trust_roots_are_uploaded_shown_and_removed(
    twee: dict[str, Any], inloggen: Any, test_pki: PkiMaterial
) -> None:
    client = inloggen(twee["beheerder"])
    url = f"/beheer/organisaties/{twee['regio'].pk}/vertrouwd/nieuw/"
    fout = client.post(url, {"tekst": "dit is geen certificaat"})
    assert "geen certificaat in PEM-formaat" in fout.content.decode()
    assert not Vertrouwd.objects.exists()

    with test_pki.root_pem.open("rb") as pem:
        client.post(url, {"naam": "", "bestand": pem})
    root = Vertrouwd.objects.get()
    assert root.naam == "Test Root CA overeenkomsten"
    assert root.geldig_tot is not None
    assert root.geldig_tot.year == 2040
    page = client.get(f"/beheer/organisaties/{twee['regio'].pk}/").content.decode()
    assert "Test Root CA overeenkomsten" in page
    assert "31 december 2040" in page

    other = inloggen(twee["roc_beheerder"])
    assert other.post(f"/beheer/vertrouwd/{root.pk}/verwijderen/").status_code == 404
    client = inloggen(twee["beheerder"])
    client.post(f"/beheer/vertrouwd/{root.pk}/verwijderen/")
    assert not Vertrouwd.objects.exists()


def test_retention_is_set_per_organisation(twee: dict[str, Any], inloggen: Any) -> None:
    client = inloggen(twee["beheerder"])
    url = f"/beheer/organisaties/{twee['regio'].pk}/"
    fout = client.post(url, {"bewaartermijn_jaren": 0, "kvk": ""})
    assert "bewaartermijn van 1 tot en met 100 jaar" in fout.content.decode()
    client.post(url, {"bewaartermijn_jaren": 10, "kvk": "12345678", "naam": "Gekaapt"})
    twee["regio"].refresh_from_db()
    assert twee["regio"].bewaartermijn_jaren == 10
    assert twee["regio"].naam == "Regio Twente"  # only the installation's beheerder renames


def test_the_log_page_filters_and_is_scoped(
    twee: dict[str, Any], inloggen: Any, installatie: Any
) -> None:
    from overeenkomsten.web import logboek

    logboek.schrijf(None, "bekeken", user=twee["collega"], omschrijving="regio-regel")
    logboek.schrijf(None, "gedownload", user=twee["collega"], omschrijving="download-regel")
    logboek.schrijf(None, "bekeken", user=twee["roc_docent"], omschrijving="roc-regel")
    client = inloggen(twee["beheerder"])
    page = client.get("/beheer/logboek/").content.decode()
    assert "regio-regel" in page
    assert "roc-regel" not in page
    filtered = client.get("/beheer/logboek/?actie=gedownload").content.decode()
    assert "download-regel" in filtered
    assert "regio-regel" not in filtered
    assert "regio-regel" not in client.get("/beheer/logboek/?gebruiker=zz").content.decode()
    assert "regio-regel" not in client.get("/beheer/logboek/?tot=2000-01-01").content.decode()
    assert "regio-regel" in client.get("/beheer/logboek/?van=2000-01-01").content.decode()
    everything = inloggen(installatie).get("/beheer/logboek/").content.decode()
    assert "roc-regel" in everything


def test_a_beheerder_stores_the_sbb_erkenningen_of_the_organisation(
    twee: dict[str, Any], inloggen: Any, eigen_opslag: Any
) -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from overeenkomsten.web import werk

    regio, roc = twee["regio"], twee["roc"]
    client = inloggen(twee["beheerder"])
    url = f"/beheer/organisaties/{regio.pk}/erkenningen/"
    slecht = SimpleUploadedFile("sbb.csv", b"naam,plaats\nJansen,Hengelo\n", "text/csv")
    pagina = client.post(url, {"bestand": slecht}, follow=True).content.decode()
    assert "Er is niets opgeslagen." in pagina
    assert "sbb.csv" in pagina  # the user's file named, not the server's scratch folder
    assert str(settings.WERK) not in pagina
    assert werk.erkenningen_naam(regio) is None

    goed = SimpleUploadedFile(
        "sbb.csv",
        b"leerbedrijf_id,crebo,geldig_van,geldig_tot\n100077736,25371,2020-01-01,2030-12-31\n",
        "text/csv",
    )
    pagina = client.post(url, {"bestand": goed}, follow=True).content.decode()
    assert "De lijst met 1 erkenningen van SBB is opgeslagen." in pagina
    assert "Er is een lijst met erkenningen opgeslagen." in pagina
    assert werk.erkenningen_naam(regio) is not None
    assert Logregel.objects.filter(omschrijving__contains="erkenningen van SBB").exists()
    # Only for the organisations the beheerder manages.
    andere = client.post(f"/beheer/organisaties/{roc.pk}/erkenningen/", {"bestand": goed})
    assert andere.status_code == 404
    assert werk.erkenningen_naam(roc) is None
