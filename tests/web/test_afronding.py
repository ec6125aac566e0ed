"""/trajecten/<pk>/afronding/: the record's afronding, validated by the library, and the
praktijkverklaring made by the engine beside the signed documents."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from overeenkomsten.web.models import Document, Logregel, Traject
from tests.plugins.pki import PkiMaterial
from tests.web._dossiers import aangemeld, draai_taken

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eigen_opslag")]

BSN = "111222333"
#: Ended early (the plan runs to 11 June 2027), issued before today (29 November 2026 or
#: later): valid whatever day the tests run.
GOED = {
    "werkelijke_einddatum": "2026-11-20",
    "reden": "voortijdig",
    "toelichting": "Kandidaat heeft elders een baan gevonden.",
    "behaalde_werkprocessen": ["B1-K1-W1"],
    "datum_afgifte": "2026-11-27",
}


@pytest.fixture
def regio(organisatie: Any) -> Any:
    return organisatie("Regio Twente")


@pytest.fixture
def traject(regio: Any, record_data: dict[str, Any]) -> Traject:
    """A trajectory with its record only (no files): enough for the form."""
    return Traject.objects.create(
        organisatie=regio,
        traject_id=record_data["traject_id"],
        brin=record_data["instelling"]["brin"],
        kandidaat_naam="Fatma Yılmaz",
        record=copy.deepcopy(record_data),
    )


def test_the_form_shows_the_records_werkprocessen(
    traject: Traject, regio: Any, gebruiker: Any, inloggen: Any
) -> None:
    client = inloggen(gebruiker("rb", regio))
    pagina = client.get(f"/trajecten/{traject.pk}/afronding/")
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert "B1-K1-W1 Ontvangt goederen" in tekst
    assert "B1-K1-W3" in tekst
    assert BSN not in tekst
    assert f"<title>Afronding {traject.traject_id}" in tekst


def test_library_errors_are_dutch_at_their_field_and_nothing_is_stored(
    traject: Traject, regio: Any, gebruiker: Any, inloggen: Any
) -> None:
    client = inloggen(gebruiker("rb", regio))
    fout = client.post(
        f"/trajecten/{traject.pk}/afronding/",
        {
            "werkelijke_einddatum": "2026-06-11",  # before the startdatum
            "reden": "ontslagen",  # not a reden
            "behaalde_werkprocessen": ["B1-K9-W9"],  # not one of the trajectory
            "datum_afgifte": "",
        },
    )
    assert fout.status_code == 200
    form = fout.context["form"]
    assert "ligt voor de startdatum" in " ".join(form.errors["werkelijke_einddatum"])
    assert "Kies een van: behaald, voortijdig" in " ".join(form.errors["reden"])
    assert "B1-K9-W9 staat niet bij de werkprocessen" in " ".join(
        form.errors["behaalde_werkprocessen"]
    )
    assert "datum van afgifte" in " ".join(form.errors["datum_afgifte"])
    traject.refresh_from_db()
    assert traject.record.get("afronding") is None
    assert not DBTaskResult.objects.exists()
    assert not Logregel.objects.filter(actie="gewijzigd").exists()

    leeg = client.post(f"/trajecten/{traject.pk}/afronding/", {})
    assert leeg.context["form"].errors["werkelijke_einddatum"]


def test_a_valid_afronding_is_stored_and_the_pv_enqueued(
    traject: Traject, regio: Any, gebruiker: Any, inloggen: Any
) -> None:
    client = inloggen(gebruiker("rb", regio))
    antwoord = client.post(f"/trajecten/{traject.pk}/afronding/", GOED, follow=True)
    assert "de praktijkverklaring wordt gemaakt" in antwoord.content.decode()
    traject.refresh_from_db()
    assert traject.record["afronding"]["behaalde_werkprocessen"] == ["B1-K1-W1"]
    assert traject.record["afronding"]["reden"] == "voortijdig"
    (taak,) = DBTaskResult.objects.all()
    assert taak.task_path.endswith("maak_pv")
    assert 'hx-trigger="every 2s"' in antwoord.content.decode()  # polls while it runs
    regel = Logregel.objects.get(actie="gewijzigd")
    assert regel.object_id == str(traject.pk)
    assert BSN not in regel.omschrijving


def test_other_organisations_auditors_and_strangers_get_404(
    traject: Traject, organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    andere = gebruiker("x", organisatie("Regio Anders"))
    assert inloggen(andere).get(f"/trajecten/{traject.pk}/afronding/").status_code == 404
    auditor = gebruiker("a", organisatie("Audit BV", soort="auditor"), "auditor")
    client = inloggen(auditor)
    assert client.get(f"/trajecten/{traject.pk}/afronding/").status_code == 404
    assert client.post(f"/trajecten/{traject.pk}/afronding/", GOED).status_code == 404
    traject.refresh_from_db()
    assert traject.record.get("afronding") is None


def test_the_instelling_named_by_brin_may_fill_it(
    traject: Traject, organisatie: Any, gebruiker: Any, inloggen: Any
) -> None:
    roc = organisatie("ROC", soort="instelling", brin=traject.brin)
    client = inloggen(gebruiker("docent", roc, "instelling"))
    assert client.post(f"/trajecten/{traject.pk}/afronding/", GOED).status_code == 302


def test_a_post_without_csrf_token_fails(traject: Traject, regio: Any, gebruiker: Any) -> None:
    client = aangemeld(gebruiker("rb", regio), csrf=True)
    assert client.post(f"/trajecten/{traject.pk}/afronding/", GOED).status_code == 403
    traject.refresh_from_db()
    assert traject.record.get("afronding") is None


def _document(traject: Traject, soort: str, versie: int = 1) -> Document:
    return traject.documenten.filter(soort=soort, versie=versie).order_by("-pk")[0]


def test_the_pv_is_made_beside_the_signed_documents_and_versioned_when_signed(
    opgeslagen_set: Any,
    regio: Any,
    gebruiker: Any,
    inloggen: Any,
    test_pki: PkiMaterial,
    soffice: str,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    traject = opgeslagen_set(regio, zonder=("PV",))
    getekend = {d.soort: (d.bestand.name, d.sha256) for d in traject.documenten.all()}
    assert set(getekend) == {"OOK", "POK", "PLOK"}
    client = inloggen(gebruiker("rb", regio))

    client.post(f"/trajecten/{traject.pk}/afronding/", GOED)
    gedaan = draai_taken()
    assert [t.task_path.rsplit(".", 1)[-1] for t in gedaan] == ["maak_pv", "ververs_status"]
    assert gedaan[0].return_value["ok"] is True, gedaan[0].return_value
    pv = _document(traject, "PV")
    assert default_storage.exists(pv.bestand.name)
    assert pv.bestand.name.startswith(traject.map_pad)
    for soort, (naam, sha) in getekend.items():  # the signed documents are untouched
        document = _document(traject, soort)
        assert (document.bestand.name, document.sha256) == (naam, sha)
        assert not traject.documenten.filter(soort=soort, versie=2).exists()
    pagina = client.get(f"/trajecten/{traject.pk}/afronding/").content.decode()
    assert "De praktijkverklaring (versie 1) is gemaakt." in pagina
    assert f"/trajecten/{traject.pk}/document/{pv.pk}/" in pagina
    assert Logregel.objects.filter(actie="aangemaakt", object_id=str(pv.pk)).exists()

    # The PV is signed and handed back on the traject page; a changed afronding then
    # makes version 2 beside it, and the signed version 1 stays as it was.
    getekende_pv = tmp_path / "getekend.pdf"
    with default_storage.open(pv.bestand.name, "rb") as bron:
        getekende_pv.write_bytes(bron.read())
    test_pki.sign(getekende_pv, "praktijkopleider")
    with django_capture_on_commit_callbacks(execute=True):
        terug = client.post(
            f"/trajecten/{traject.pk}/ondertekend/",
            {
                "soort": "pdf",
                "bestanden": [SimpleUploadedFile("pv.pdf", getekende_pv.read_bytes())],
            },
        )
    assert terug.status_code == 302
    ontvangen = traject.documenten.get(bron=Document.Bron.ONTVANGEN)
    assert (ontvangen.soort, ontvangen.versie) == ("PV", 1)  # the library's version
    ontvangen_naam = ontvangen.bestand.name
    draai_taken()
    anders = dict(GOED, behaalde_werkprocessen=["B1-K1-W1", "B1-K1-W3"])
    client.post(f"/trajecten/{traject.pk}/afronding/", anders)
    gedaan = draai_taken()
    assert gedaan[0].return_value["ok"] is True, gedaan[0].return_value
    assert "versie 2" in gedaan[0].return_value["melding"]
    v2 = [d for d in traject.documenten.filter(soort="PV") if d.bestand.name.endswith("_PV_v2.pdf")]
    assert len(v2) == 1
    assert not v2[0].ondertekend
    signed = getekende_pv.read_bytes()
    bewaard = [d for d in traject.documenten.filter(soort="PV") if _inhoud(d) == signed]
    assert bewaard, "the signed PV is kept"
    for soort, (naam, sha) in getekend.items():  # still untouched
        assert default_storage.exists(naam)
        assert traject.documenten.filter(soort=soort, sha256=sha).exists()
    # The received file keeps its own row (the made version 2 did not take it over):
    # listed on the traject page and downloadable as it was handed back.
    ontvangen.refresh_from_db()
    assert (ontvangen.bron, ontvangen.bestand.name) == (Document.Bron.ONTVANGEN, ontvangen_naam)
    assert _inhoud(ontvangen) == signed
    gemaakt = traject.documenten.filter(soort="PV", bron=Document.Bron.GEMAAKT)
    assert sorted(gemaakt.values_list("versie", flat=True)) == [1, 2]
    pagina = client.get(f"/trajecten/{traject.pk}/").content.decode()
    for document in traject.documenten.filter(soort="PV"):
        assert f"/trajecten/{traject.pk}/document/{document.pk}/" in pagina
    download = client.get(f"/trajecten/{traject.pk}/document/{ontvangen.pk}/")
    assert b"".join(download.streaming_content) == signed


def _inhoud(document: Document) -> bytes:
    with default_storage.open(document.bestand.name, "rb") as bron:
        return bytes(bron.read())
