"""Scoping: who sees which trajectory, document and dossier; and no BSN in the log."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404

from overeenkomsten.web import logboek, toegang
from overeenkomsten.web.models import Dossier, Logregel, Traject

pytestmark = pytest.mark.django_db

BSN = "123456782"  # passes the elfproef


def _traject(organisatie: Any, traject_id: str, brin: str) -> Traject:
    return Traject.objects.create(
        organisatie=organisatie,
        traject_id=traject_id,
        brin=brin,
        kandidaat_naam="Kandidaat",
        record={"kandidaat": {"bsn": BSN}},
    )


@pytest.fixture
def wereld(organisatie: Any, gebruiker: Any) -> dict[str, Any]:
    regio_a = organisatie("Regio A")
    regio_b = organisatie("Regio B")
    roc = organisatie("ROC Zuid", soort="instelling", brin="25PZ")
    ander_roc = organisatie("ROC Noord", soort="instelling", brin="30XX")
    audit = organisatie("Audit BV", soort="auditor")
    ander_audit = organisatie("Controle BV", soort="auditor")
    eigen = _traject(regio_a, "T-1", "25PZ")
    vreemd = _traject(regio_b, "T-2", "30XX")
    dossier = Dossier.objects.create(traject=eigen, bestand="d.pdf", sha256="0" * 64)
    dossier.gedeeld_met.add(audit)
    return {
        "eigen": eigen,
        "vreemd": vreemd,
        "dossier": dossier,
        "a": gebruiker("a", regio_a, "backoffice"),
        "b": gebruiker("b", regio_b, "beheerder"),
        "roc": gebruiker("roc", roc, "instelling"),
        "ander_roc": gebruiker("ander", ander_roc, "instelling"),
        "auditor": gebruiker("aud", audit, "auditor"),
        "andere_auditor": gebruiker("aud2", ander_audit, "auditor"),
    }


def test_a_trajectory_is_visible_to_its_organisation_and_the_named_instelling(
    wereld: dict[str, Any],
) -> None:
    def zichtbaar(naam: str) -> set[str]:
        return set(toegang.zichtbare_trajecten(wereld[naam]).values_list("traject_id", flat=True))

    assert zichtbaar("a") == {"T-1"}
    assert zichtbaar("b") == {"T-2"}
    assert zichtbaar("roc") == {"T-1"}  # its BRIN is named
    assert zichtbaar("ander_roc") == {"T-2"}
    assert zichtbaar("auditor") == set()


def test_another_organisations_trajectory_is_a_404(wereld: dict[str, Any]) -> None:
    with pytest.raises(Http404):
        get_object_or_404(toegang.zichtbare_trajecten(wereld["a"]), pk=wereld["vreemd"].pk)
    get_object_or_404(toegang.zichtbare_trajecten(wereld["a"]), pk=wereld["eigen"].pk)


def test_an_auditor_sees_only_dossiers_shared_with_it(wereld: dict[str, Any]) -> None:
    dossier = wereld["dossier"]
    assert list(toegang.zichtbare_dossiers(wereld["auditor"])) == [dossier]
    assert list(toegang.zichtbare_dossiers(wereld["andere_auditor"])) == []
    assert list(toegang.zichtbare_dossiers(wereld["a"])) == [dossier]
    assert list(toegang.zichtbare_dossiers(wereld["b"])) == []
    assert list(toegang.zichtbare_documenten(wereld["auditor"])) == []


def test_an_inactive_or_profileless_user_sees_nothing(wereld: dict[str, Any]) -> None:
    user = wereld["a"]
    user.is_active = False
    user.save()
    assert not toegang.zichtbare_trajecten(user).exists()
    assert not toegang.zichtbare_dossiers(user).exists()


def test_the_log_never_holds_a_bsn(wereld: dict[str, Any], rf: Any) -> None:
    request = rf.get("/")
    request.user = wereld["a"]
    line = logboek.schrijf(
        request,
        "bekeken",
        object=wereld["eigen"],
        omschrijving=f"traject van kandidaat met BSN {BSN}",
    )
    line.refresh_from_db()
    assert BSN not in line.omschrijving
    assert "*****6782" in line.omschrijving
    assert line.object_soort == "traject"
    assert line.object_id == str(wereld["eigen"].pk)
    assert line.organisatie is not None


def test_a_bsn_typed_as_username_is_masked_in_the_log(client: Any, db: None) -> None:
    response = client.post("/inloggen/", {"username": BSN, "password": "x"})
    assert response.status_code == 200
    line = Logregel.objects.get(actie="mislukt-inloggen")
    assert BSN not in line.gebruikersnaam
    assert BSN not in str(Logregel.objects.values_list())


def test_the_log_is_append_only(wereld: dict[str, Any]) -> None:
    line = logboek.schrijf(None, "bekeken", user=wereld["a"], omschrijving="x")
    line.omschrijving = "anders"
    with pytest.raises(RuntimeError):
        line.save()
    with pytest.raises(RuntimeError):
        line.delete()
