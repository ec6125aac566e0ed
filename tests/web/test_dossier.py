"""/trajecten/<pk>/dossier/: the dossier made by the library's ``bundel`` (a task), shared
with an auditor organisation, who then downloads it from /audit/; scoped and logged."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten.web.models import Dossier, Logregel, Traject
from tests.plugins.pki import PkiMaterial
from tests.web._dossiers import aangemeld, draai_taken, vertrouw_test_ca

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eigen_opslag")]

BSN = "111222333"


@pytest.fixture
def partijen(organisatie: Any, gebruiker: Any) -> dict[str, Any]:
    regio = organisatie("Regio Twente")
    audit = organisatie("Audit BV", soort="auditor")
    ander_audit = organisatie("Controle & Co", soort="auditor")
    return {
        "regio": regio,
        "audit": audit,
        "ander_audit": ander_audit,
        "backoffice": gebruiker("rb", regio),
        "auditor": gebruiker("au", audit, "auditor"),
        "andere_auditor": gebruiker("cc", ander_audit, "auditor"),
        "vreemde": gebruiker("vr", organisatie("Regio Anders")),
    }


def test_a_dossier_is_made_shared_and_downloaded_by_the_auditor_only(
    partijen: dict[str, Any],
    opgeslagen_set: Any,
    test_pki: PkiMaterial,
    inloggen: Any,
    soffice: str,
) -> None:
    regio = partijen["regio"]
    vertrouw_test_ca(regio, test_pki)
    traject = opgeslagen_set(regio)
    kantoor = inloggen(partijen["backoffice"])
    pagina = kantoor.get(f"/trajecten/{traject.pk}/").content.decode()
    assert f"/trajecten/{traject.pk}/dossier/" in pagina  # linked from the traject page
    assert f"/trajecten/{traject.pk}/afronding/" in pagina

    antwoord = kantoor.post(f"/trajecten/{traject.pk}/dossier/maken/", follow=True)
    assert "Het dossier wordt gemaakt" in antwoord.content.decode()
    assert 'hx-trigger="every 2s"' in antwoord.content.decode()
    taak = f"/trajecten/{traject.pk}/dossier/taak/"
    assert "HX-Refresh" not in kantoor.get(taak, HTTP_HX_REQUEST="true")
    gedaan = draai_taken()
    # The polling part reloads the page once the dossier is made: the list shows it.
    assert kantoor.get(taak, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    assert "dossier" in gedaan[0].return_value, gedaan[0].return_value
    dossier = Dossier.objects.get(traject=traject)
    pagina = kantoor.get(f"/trajecten/{traject.pk}/dossier/").content.decode()
    assert "Nog met niemand gedeeld" in pagina
    download = kantoor.get(f"/trajecten/{traject.pk}/dossier/{dossier.pk}/download/")
    assert download.status_code == 200
    inhoud = b"".join(download.streaming_content)
    assert inhoud.startswith(b"%PDF")
    assert BSN not in download["Content-Disposition"]

    # Not shared yet: the auditor sees nothing.
    auditor = aangemeld(partijen["auditor"])
    assert f"/audit/dossiers/{dossier.pk}/" not in auditor.get("/audit/").content.decode()
    assert auditor.get(f"/audit/dossiers/{dossier.pk}/download/").status_code == 404

    kantoor = aangemeld(partijen["backoffice"])
    gedeeld = kantoor.post(
        f"/trajecten/{traject.pk}/dossier/{dossier.pk}/delen/",
        {f"d{dossier.pk}-organisaties": [partijen["audit"].pk]},
        follow=True,
    )
    assert "Het dossier is gedeeld met Audit BV." in gedeeld.content.decode()
    regel = Logregel.objects.get(actie="gedeeld")
    assert "gedeeld met Audit BV" in regel.omschrijving
    assert regel.object_id == str(dossier.pk)

    auditor = aangemeld(partijen["auditor"])
    lijst = auditor.get("/audit/").content.decode()
    assert f"/audit/dossiers/{dossier.pk}/download/" in lijst
    assert traject.traject_id in lijst
    van_auditor = auditor.get(f"/audit/dossiers/{dossier.pk}/download/")
    assert b"".join(van_auditor.streaming_content) == inhoud
    assert Logregel.objects.filter(
        actie="gedownload", object_id=str(dossier.pk), user=partijen["auditor"]
    ).exists()
    # ... but never the trajectory itself, nor another organisation's auditor the dossier.
    assert auditor.get(f"/trajecten/{traject.pk}/dossier/").status_code == 404
    assert auditor.get(f"/trajecten/{traject.pk}/dossier/{dossier.pk}/download/").status_code == 404
    ander = aangemeld(partijen["andere_auditor"])
    assert ander.get(f"/audit/dossiers/{dossier.pk}/download/").status_code == 404
    assert ander.post(f"/audit/dossiers/{dossier.pk}/controleren/").status_code == 404

    # Sharing stopped: the auditor loses it, and that is logged too.
    kantoor = aangemeld(partijen["backoffice"])
    kantoor.post(f"/trajecten/{traject.pk}/dossier/{dossier.pk}/delen/", {})
    assert Logregel.objects.filter(omschrijving__contains="niet meer gedeeld").exists()
    auditor = aangemeld(partijen["auditor"])
    assert auditor.get(f"/audit/dossiers/{dossier.pk}/download/").status_code == 404
    for regel in Logregel.objects.all():
        assert BSN not in regel.omschrijving


@pytest.fixture
def ongetekend(partijen: dict[str, Any], sets: dict[str, Path], tmp_path: Path) -> Traject:
    """The example set as the batch made it: nothing signed."""
    import shutil

    from overeenkomsten.web.setopslag import Werkkopie

    traject_id, bron = next(iter(sets.items()))
    shutil.copytree(bron, tmp_path / "uit" / traject_id)
    traject = Werkkopie(partijen["regio"], tmp_path / "uit").bewaar_set(traject_id)
    assert traject is not None
    return traject


def test_a_refused_dossier_says_why_and_what_to_do(
    partijen: dict[str, Any], ongetekend: Traject, inloggen: Any
) -> None:
    client = inloggen(partijen["backoffice"])
    client.post(f"/trajecten/{ongetekend.pk}/dossier/maken/")
    draai_taken()
    assert not Dossier.objects.exists()
    pagina = client.get(f"/trajecten/{ongetekend.pk}/dossier/").content.decode()
    assert "Er is geen dossier gemaakt." in pagina
    assert "Wat te doen:" in pagina
    assert "Er is nog geen dossier gemaakt." in pagina
    assert BSN not in pagina


def test_another_organisation_gets_404_and_posts_need_csrf(
    partijen: dict[str, Any], record_data: dict[str, Any], inloggen: Any
) -> None:
    traject = Traject.objects.create(
        organisatie=partijen["regio"],
        traject_id=record_data["traject_id"],
        brin="25LH",
        kandidaat_naam="Fatma Yılmaz",
        record=copy.deepcopy(record_data),
    )
    dossier = Dossier.objects.create(traject=traject, bestand="dossiers/x.pdf", sha256="0" * 64)
    vreemde = inloggen(partijen["vreemde"])
    for url in (
        f"/trajecten/{traject.pk}/dossier/",
        f"/trajecten/{traject.pk}/dossier/{dossier.pk}/download/",
        f"/audit/dossiers/{dossier.pk}/download/",
    ):
        assert vreemde.get(url).status_code == 404, url
    assert vreemde.post(f"/trajecten/{traject.pk}/dossier/maken/").status_code == 404
    delen = vreemde.post(
        f"/trajecten/{traject.pk}/dossier/{dossier.pk}/delen/",
        {f"d{dossier.pk}-organisaties": [partijen["audit"].pk]},
    )
    assert delen.status_code == 404
    assert not dossier.gedeeld_met.exists()

    user = partijen["backoffice"]
    streng = aangemeld(user, csrf=True)
    assert streng.post(f"/trajecten/{traject.pk}/dossier/maken/").status_code == 403
    zonder = streng.post(
        f"/trajecten/{traject.pk}/dossier/{dossier.pk}/delen/",
        {f"d{dossier.pk}-organisaties": [partijen["audit"].pk]},
    )
    assert zonder.status_code == 403
    assert not dossier.gedeeld_met.exists()

    # A regio's organisation cannot be chosen as auditor.
    eigen = inloggen(user)
    eigen.post(
        f"/trajecten/{traject.pk}/dossier/{dossier.pk}/delen/",
        {f"d{dossier.pk}-organisaties": [partijen["vreemde"].profiel.organisatie.pk]},
    )
    assert not dossier.gedeeld_met.exists()
