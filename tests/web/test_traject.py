"""The traject page (/trajecten/<pk>/) and document downloads: facts, signatures per
party, the verdict with every finding explained; scoped and logged."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten import api
from overeenkomsten.web.advies import wat_te_doen, web_bericht
from overeenkomsten.web.models import Document, Logregel, Traject
from overeenkomsten.web.taken.traject import ververs_status
from tests.web._trajecten import maak_traject

pytestmark = pytest.mark.django_db

BSN = "111222333"


@pytest.fixture
def traject(rmt: Any, woord_set: Path) -> Traject:
    traject = maak_traject(rmt, woord_set)
    stem = woord_set.name
    for versie, soort in enumerate(("OOK", "POK", "PLOK"), start=1):
        naam = f"{traject.map_pad}{stem}_{soort}.docx"
        Document.objects.create(
            traject=traject,
            soort=soort,
            versie=versie,
            bestand=naam,
            sha256=hashlib.sha256((woord_set / f"{stem}_{soort}.docx").read_bytes()).hexdigest(),
        )
    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    return traject


@pytest.fixture
def client_bo(gebruiker: Any, inloggen: Any, rmt: Any) -> Any:
    return inloggen(gebruiker("bo", rmt))


def test_the_page_explains_every_finding(traject: Traject, client_bo: Any) -> None:
    antwoord = client_bo.get(f"/trajecten/{traject.pk}/")
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert traject.verdict in tekst
    bevindingen = traject.status["controle"]["bevindingen"]
    assert bevindingen, "an unsigned set has findings"
    for b in bevindingen:  # in the web's terms: no command-line option
        assert web_bericht(b["bericht"]).replace("'", "&#x27;").replace('"', "&quot;") in tekst
        uitleg = api.uitleg(b["regel"])[0]
        assert wat_te_doen(uitleg).replace("'", "&#x27;") in tekst
    assert "Wat u kunt doen" in tekst
    assert "(--erkenningen)" in str(bevindingen)  # the library's words for the command line
    assert "--erkenningen" not in tekst


def test_the_page_shows_each_partys_signature(traject: Traject, client_bo: Any) -> None:
    tekst = client_bo.get(f"/trajecten/{traject.pk}/").content.decode()
    assert "Handtekeningen" in tekst
    assert "namens het leerbedrijf" in tekst
    assert tekst.count("stand-ontbreekt") >= 8  # nothing signed: OOK 2, POK 3, PLOK 3
    assert "VERLOPEN" in tekst  # the contracts were due at the start


def test_the_bsn_is_on_the_page_but_not_in_the_title(traject: Traject, client_bo: Any) -> None:
    tekst = client_bo.get(f"/trajecten/{traject.pk}/").content.decode()
    assert BSN in tekst  # a verified user sees it
    titel = tekst.split("<title>")[1].split("</title>")[0]
    assert BSN not in titel
    assert not any(BSN in r.omschrijving + r.object_id for r in Logregel.objects.all())


def test_an_unverified_user_never_sees_the_bsn(
    traject: Traject, gebruiker: Any, client: Any, rmt: Any
) -> None:
    client.force_login(gebruiker("zonder", rmt, totp=False))
    antwoord = client.get(f"/trajecten/{traject.pk}/", follow=True)
    assert BSN not in antwoord.content.decode()


def test_the_view_is_logged(traject: Traject, client_bo: Any) -> None:
    client_bo.get(f"/trajecten/{traject.pk}/")
    regel = Logregel.objects.get(actie="bekeken", object_soort="traject")
    assert regel.object_id == str(traject.pk)


def test_download_of_a_document_version(traject: Traject, client_bo: Any, woord_set: Path) -> None:
    document = traject.documenten.get(soort="POK")
    antwoord = client_bo.get(f"/trajecten/{traject.pk}/document/{document.pk}/")
    assert antwoord.status_code == 200
    inhoud = b"".join(antwoord.streaming_content)
    assert inhoud == (woord_set / f"{woord_set.name}_POK.docx").read_bytes()
    assert f"{traject.traject_id}_POK_v2.docx" in antwoord["Content-Disposition"]
    assert Logregel.objects.filter(
        actie="gedownload", object_soort="document", object_id=str(document.pk)
    ).exists()


def test_another_organisations_trajectory_and_documents_are_404(
    traject: Traject, organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    vreemd = inloggen(gebruiker("vreemd", organisatie("RMT Elders")))
    document = traject.documenten.first()
    assert document is not None
    assert vreemd.get(f"/trajecten/{traject.pk}/").status_code == 404
    assert vreemd.get(f"/trajecten/{traject.pk}/document/{document.pk}/").status_code == 404
    assert vreemd.get("/trajecten/999999/").status_code == 404


def test_a_document_of_another_trajectory_is_404(
    traject: Traject, rmt: Any, client_bo: Any
) -> None:
    ander = Traject.objects.create(
        organisatie=rmt, traject_id="ANDER", brin="25LH", kandidaat_naam="X"
    )
    document = traject.documenten.first()
    assert document is not None
    assert client_bo.get(f"/trajecten/{ander.pk}/document/{document.pk}/").status_code == 404


def test_the_instelling_of_the_brin_sees_it(
    traject: Traject, organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    roc = organisatie("ROC Voorbeeld", soort="instelling", brin="25LH")
    client = inloggen(gebruiker("roc", roc, "instelling"))
    assert client.get(f"/trajecten/{traject.pk}/").status_code == 200


def test_a_page_before_the_status_is_known(rmt: Any, client_bo: Any) -> None:
    nieuw = Traject.objects.create(organisatie=rmt, traject_id="NIEUW", brin="25LH")
    tekst = client_bo.get(f"/trajecten/{nieuw.pk}/").content.decode()
    assert "nog niet bepaald" in tekst


@pytest.mark.usefixtures("eigen_opslag")
def test_the_status_task_marks_which_stored_documents_are_signed(
    opgeslagen_set: Any, rmt: Any, client_bo: Any
) -> None:
    """A batch stores a set's rows as unsigned; once the status says who signed a file,
    its row says so too (the document list on the page is true)."""
    traject = opgeslagen_set(rmt)  # the example set, its PDFs signed by every party
    assert traject.documenten.count() == 4
    assert not traject.documenten.filter(ondertekend=True).exists()

    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    getekend = {d["document"]: bool(d["ondertekend"]) for d in traject.status["documenten"]}
    assert getekend == {"OOK": True, "POK": True, "PLOK": True, "PV": True}
    for document in traject.documenten.all():
        assert document.ondertekend == getekend[document.soort], document.soort
    pagina = client_bo.get(f"/trajecten/{traject.pk}/").content.decode()
    assert "niet ondertekend" not in pagina
