"""The overzicht's Excel export as a task (/trajecten/export/): a POST starts it for the
page's filter and search, its page polls the progress (htmx) and then offers the workbook
of ``status --xlsx`` to the user who asked, and nobody else; ``opruimen`` removes it after
a day."""

from __future__ import annotations

import datetime as dt
import html
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from openpyxl import load_workbook

from overeenkomsten import api
from overeenkomsten.web.avg import ruim_op
from overeenkomsten.web.models import Logregel, Overzichtexport, Traject
from overeenkomsten.web.taken.traject import ververs_status
from tests.web._dossiers import aangemeld, draai_taken
from tests.web._trajecten import maak_traject

pytestmark = pytest.mark.django_db

BSN = "111222333"  # the example record's


@pytest.fixture
def traject(rmt: Any, woord_set: Path, eigen_opslag: Path) -> Traject:
    traject = maak_traject(rmt, woord_set)
    ververs_status.call(traject.pk)
    traject.refresh_from_db()
    return traject


def _start(client: Any, capture: Any, **velden: str) -> str:
    with capture(execute=True):
        antwoord = client.post("/trajecten/export/", velden)
    assert antwoord.status_code == 302
    return str(antwoord["Location"])


def _cellen(data: bytes) -> list[tuple[Any, ...]]:
    blad = load_workbook(io.BytesIO(data), read_only=True).active
    assert blad is not None
    # the folder column names a scratch folder in one and the set's folder in the other
    return [rij[:-1] for rij in blad.iter_rows(values_only=True)]


def test_the_export_runs_as_a_task_and_gives_the_workbook_of_status_xlsx(
    traject: Traject,
    woord_set: Path,
    gebruiker: Any,
    rmt: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = aangemeld(gebruiker("bo", rmt))
    overzicht = client.get("/trajecten/").content.decode()
    assert 'action="/trajecten/export/"' in overzicht
    assert "csrfmiddlewaretoken" in overzicht

    url = _start(client, django_capture_on_commit_callbacks)
    export = Overzichtexport.objects.get()
    assert url == f"/trajecten/export/{export.pk}/"
    assert _start(client, django_capture_on_commit_callbacks) == url  # a double click
    assert Overzichtexport.objects.count() == 1
    pagina = client.get(url).content.decode()
    assert f'hx-get="/trajecten/export/{export.pk}/voortgang/"' in pagina
    assert "wacht op een vrije verwerker" in pagina
    poll = client.get(f"{url}voortgang/")
    assert poll.status_code == 200
    assert "HX-Refresh" not in poll
    assert client.get(f"{url}download/").status_code == 404  # nothing to download yet

    (taak,) = draai_taken()
    assert taak.task_path.endswith("maak_overzichtexport")
    assert client.get(f"{url}voortgang/")["HX-Refresh"] == "true"
    pagina = client.get(url).content.decode()
    assert "Werkboek downloaden" in pagina
    assert "1 traject," in pagina
    export.refresh_from_db()
    assert export.bestand.name.startswith(f"exports/{rmt.pk}/")

    download = client.get(f"{url}download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    data = b"".join(download.streaming_content)
    cli = tmp_path / "cli.xlsx"
    api.status(woord_set, vandaag=timezone.localdate(), xlsx=cli)
    gekregen = _cellen(data)
    assert gekregen == _cellen(cli.read_bytes())
    assert len(gekregen) > 3
    assert BSN not in data.decode("latin-1")
    acties = set(Logregel.objects.filter(object_id=str(export.pk)).values_list("actie", flat=True))
    assert {"aangemaakt", "geexporteerd", "gedownload"} <= acties


def test_the_export_keeps_the_filter_and_search_of_the_page(
    traject: Traject, gebruiker: Any, rmt: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = aangemeld(gebruiker("bo", rmt))
    overzicht = client.get("/trajecten/", {"zoek": "geen-zo-traject"}).content.decode()
    assert 'name="zoek" value="geen-zo-traject"' in overzicht
    url = _start(
        client, django_capture_on_commit_callbacks, filter="te-laat", zoek="geen-zo-traject"
    )
    draai_taken()
    export = Overzichtexport.objects.get()
    assert (export.filter, export.zoek, export.trajecten) == ("te-laat", "geen-zo-traject", 0)
    assert "zoekterm 'geen-zo-traject'" in html.unescape(client.get(url).content.decode())
    assert len(_cellen(b"".join(client.get(f"{url}download/").streaming_content))) == 1


def test_only_the_user_who_asked_gets_the_export(
    traject: Traject,
    gebruiker: Any,
    organisatie: Any,
    rmt: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = _start(aangemeld(gebruiker("bo", rmt)), django_capture_on_commit_callbacks)
    draai_taken()
    collega = aangemeld(gebruiker("collega", rmt))
    vreemd = aangemeld(gebruiker("ander", organisatie("RMT Zuid")))
    auditor = aangemeld(gebruiker("auditor", organisatie("Audit BV", soort="auditor"), "auditor"))
    for client in (collega, vreemd):
        for pad in ("", "voortgang/", "download/"):
            assert client.get(f"{url}{pad}").status_code == 404, pad
    assert auditor.get(url).status_code == 403
    assert auditor.post("/trajecten/export/").status_code == 403
    assert Overzichtexport.objects.count() == 1


def test_starting_needs_a_csrf_token_and_a_post(gebruiker: Any, rmt: Any) -> None:
    user = gebruiker("bo", rmt)
    assert aangemeld(user, csrf=True).post("/trajecten/export/").status_code == 403
    assert aangemeld(user).get("/trajecten/export/").status_code == 405
    assert not Overzichtexport.objects.exists()


def test_opruimen_removes_an_export_after_a_day(
    traject: Traject, gebruiker: Any, rmt: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = aangemeld(gebruiker("bo", rmt))
    oud_url = _start(client, django_capture_on_commit_callbacks)
    draai_taken()
    _start(client, django_capture_on_commit_callbacks)  # the first is done: a new one
    draai_taken()
    oud, nieuw = Overzichtexport.objects.order_by("pk")
    Overzichtexport.objects.filter(pk=oud.pk).update(
        aangemaakt=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    assert ruim_op(droog=True).exports == 1
    assert Overzichtexport.objects.count() == 2
    rapport = ruim_op()
    assert rapport.exports == 1
    assert not Overzichtexport.objects.filter(pk=oud.pk).exists()
    assert not default_storage.exists(oud.bestand.name)
    assert default_storage.exists(nieuw.bestand.name)
    assert client.get(oud_url).status_code == 404
