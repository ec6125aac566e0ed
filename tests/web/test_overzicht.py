"""The status task (``ververs_status``) and the overzicht (/trajecten/): the same
definitions as ``status`` and ``controleer``, stored once, read per page without PDFs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from overeenkomsten import api
from overeenkomsten.web.models import Logregel, Traject
from overeenkomsten.web.taken.traject import ververs_status
from overeenkomsten.web.trajectstatus import FILTERS, rol_tekst
from tests.web._trajecten import maak_traject

pytestmark = pytest.mark.django_db

BSN = "111222333"  # the example record's


@pytest.fixture
def traject(rmt: Any, woord_set: Path) -> Traject:
    traject = maak_traject(rmt, woord_set)
    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    return traject


def test_the_task_stores_what_status_and_controleer_say(traject: Traject, woord_set: Path) -> None:
    verwacht = api.status(woord_set, vandaag=timezone.localdate())[0].as_dict()
    rapport = api.controleer(woord_set)
    assert traject.verdict == rapport.oordeel == verwacht["oordeel"]
    assert traject.status["documenten"] == verwacht["documenten"]
    assert traject.status["termijnen"] == verwacht["termijnen"]
    assert traject.status["volgende"] == verwacht["volgende"]
    assert [b["code"] for b in traject.status["controle"]["bevindingen"]] == [
        b.code for b in rapport.bevindingen
    ]
    assert traject.volgende_termijn == dt.date.fromisoformat(verwacht["volgende"]["datum"])
    # nothing is signed: every contract waits for every party, and is late since the start
    assert traject.nog_te_tekenen == "; ".join(
        f"{d['document']}: {', '.join(rol_tekst(r) for r in d['ontbreekt'])}"
        for d in verwacht["documenten"]
        if d["ontbreekt"]
    )
    assert traject.nog_te_tekenen.startswith("OOK: ")
    assert traject.te_laat_vanaf == dt.date(2026, 9, 7)
    assert traject.pv_vanaf is None
    assert BSN not in json.dumps(traject.status)


def test_the_task_uses_the_organisations_trust_roots(
    rmt: Any, woord_set: Path, test_pki: Any
) -> None:
    from overeenkomsten.web.models import Vertrouwd

    Vertrouwd.objects.create(organisatie=rmt, naam="Test CA", pem=test_pki.root_pem.read_text())
    traject = maak_traject(rmt, woord_set)
    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    verwacht = api.status(woord_set, [test_pki.root_pem], vandaag=timezone.localdate())[0]
    assert traject.status["documenten"] == verwacht.as_dict()["documenten"]


def test_a_trajectory_without_a_record_gets_a_status_that_says_so(rmt: Any) -> None:
    traject = Traject.objects.create(
        organisatie=rmt, traject_id="T-LEEG", brin="25LH", kandidaat_naam="X"
    )
    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    assert "traject.json is onleesbaar of ongeldig" in traject.status["problemen"]


def _rij(organisatie: Any, traject_id: str, **velden: Any) -> Traject:
    velden.setdefault("brin", "25LH")
    velden.setdefault("kandidaat_naam", f"Kandidaat {traject_id}")
    return Traject.objects.create(organisatie=organisatie, traject_id=traject_id, **velden)


def test_the_page_shows_the_stored_status(
    traject: Traject, gebruiker: Any, inloggen: Any, rmt: Any
) -> None:
    client = inloggen(gebruiker("bo", rmt))
    antwoord = client.get("/trajecten/")
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert traject.traject_id in tekst
    assert "Fatma" in tekst
    assert "25371" in tekst  # crebo
    assert traject.verdict in tekst
    assert "OOK: instelling, kandidaat" in tekst or "OOK: kandidaat, instelling" in tekst
    assert "te laat" in tekst
    assert BSN not in tekst
    assert Logregel.objects.filter(actie="bekeken", object_soort="overzicht").exists()


def test_each_filter_is_the_definition_of_status(rmt: Any, gebruiker: Any, inloggen: Any) -> None:
    vandaag = timezone.localdate()
    gisteren = vandaag - dt.timedelta(days=1)
    _rij(rmt, "LAAT", te_laat_vanaf=gisteren, nog_te_tekenen="OOK: kandidaat")
    _rij(rmt, "VANDAAG", te_laat_vanaf=vandaag, nog_te_tekenen="OOK: kandidaat")
    _rij(rmt, "KLAAR-PV", pv_vanaf=vandaag)
    _rij(rmt, "PV-LATER", pv_vanaf=vandaag + dt.timedelta(days=3))
    _rij(rmt, "ALLES-KLAAR")
    client = inloggen(gebruiker("bo", rmt))

    def getoond(filter: str) -> set[str]:
        tekst = client.get("/trajecten/", {"filter": filter}).content.decode()
        ids = {"LAAT", "VANDAAG", "KLAAR-PV", "PV-LATER", "ALLES-KLAAR"}
        return {i for i in ids if f">{i}</a>" in tekst}

    assert getoond("te-laat") == {"LAAT"}  # due today is not late yet, as in status
    assert getoond("wacht-op-ondertekening") == {"LAAT", "VANDAAG"}
    assert getoond("klaar-voor-praktijkverklaring") == {"KLAAR-PV"}
    assert len(getoond("")) == 5


def test_stored_fields_make_the_filters_follow_the_date(traject: Traject) -> None:
    """The late filter turns on the day after the deadline without any document changing."""
    alleen = Traject.objects.filter(pk=traject.pk)
    te_laat = FILTERS["te-laat"][1]
    assert not alleen.filter(te_laat(dt.date(2026, 9, 7))).exists()
    assert alleen.filter(te_laat(dt.date(2026, 9, 8))).exists()


def test_the_page_shows_only_visible_trajectories(
    organisatie: Any, gebruiker: Any, inloggen: Any, rmt: Any
) -> None:
    ander = organisatie("RMT Elders")
    roc = organisatie("ROC Voorbeeld", soort="instelling", brin="25LH")
    _rij(rmt, "EIGEN-1")
    _rij(ander, "VREEMD-1", brin="99ZZ")
    _rij(ander, "VIA-BRIN-1", brin="25LH")
    tekst = inloggen(gebruiker("bo", rmt)).get("/trajecten/").content.decode()
    assert "EIGEN-1" in tekst
    assert "VREEMD-1" not in tekst
    assert "VIA-BRIN-1" not in tekst
    tekst = inloggen(gebruiker("roc", roc, "instelling")).get("/trajecten/").content.decode()
    assert "VIA-BRIN-1" in tekst
    assert "EIGEN-1" in tekst  # an RMT's trajectory at this instelling's BRIN
    assert "VREEMD-1" not in tekst


def test_an_auditor_has_no_overzicht(organisatie: Any, gebruiker: Any, inloggen: Any) -> None:
    audit = organisatie("Audit BV", soort="auditor")
    assert inloggen(gebruiker("aud", audit, "auditor")).get("/trajecten/").status_code == 403


def test_signed_out_goes_to_the_login_page(client: Any) -> None:
    antwoord = client.get("/trajecten/")
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/inloggen/")


def test_the_start_page_is_the_overzicht(rmt: Any, gebruiker: Any, inloggen: Any) -> None:
    antwoord = inloggen(gebruiker("bo", rmt)).get("/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/trajecten/"


def test_pages_and_a_constant_number_of_queries(rmt: Any, gebruiker: Any, inloggen: Any) -> None:
    client = inloggen(gebruiker("bo", rmt))
    Traject.objects.bulk_create(
        Traject(organisatie=rmt, traject_id=f"R-{n:03}", brin="25LH", kandidaat_naam="K")
        for n in range(5)
    )
    client.get("/trajecten/")
    with CaptureQueriesContext(connection) as weinig:
        client.get("/trajecten/")
    Traject.objects.bulk_create(
        Traject(organisatie=rmt, traject_id=f"R-{n:03}", brin="25LH", kandidaat_naam="K")
        for n in range(5, 80)
    )
    with CaptureQueriesContext(connection) as veel:
        eerste = client.get("/trajecten/").content.decode()
    assert len(veel) == len(weinig)
    assert "R-049" in eerste
    assert "R-050" not in eerste
    tweede = client.get("/trajecten/", {"pagina": 2}).content.decode()
    assert "R-050" in tweede
    assert "R-079" in tweede
    assert "R-049" not in tweede


def test_sorted_by_next_deadline(rmt: Any, gebruiker: Any, inloggen: Any) -> None:
    vandaag = timezone.localdate()
    _rij(rmt, "A-LATER", volgende_termijn=vandaag + dt.timedelta(days=9))
    _rij(rmt, "B-EERST", volgende_termijn=vandaag + dt.timedelta(days=1))
    _rij(rmt, "C-GEEN")
    tekst = inloggen(gebruiker("bo", rmt)).get("/trajecten/", {"sorteer": "termijn"})
    inhoud = tekst.content.decode()
    assert inhoud.index("B-EERST") < inhoud.index("A-LATER") < inhoud.index("C-GEEN")
    assert "sorteer=termijn" in inhoud


def test_roles_are_written_as_users_write_them() -> None:
    assert rol_tekst("rmt") == "RMT"
    assert rol_tekst("wettelijk-vertegenwoordiger") == "wettelijk vertegenwoordiger"
    assert rol_tekst("kandidaat") == "kandidaat"
