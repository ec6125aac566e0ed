"""Stored sets and dossiers for the afronding, dossier and audit page tests, and a runner
for enqueued tasks.

The sets are the session's real ones (tests/dossier/conftest.py: made with LibreOffice,
signed with the test PKI); a test stores a copy through the same function the batch task
uses (:class:`overeenkomsten.web.setopslag.Werkkopie`), so a page sees what a real install
holds. :func:`draai_taken` runs what pages enqueued with the task worker's own code.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from tests.dossier.conftest import (
    afgerond_record,
    ander_record,
    dossier,
    gebundeld,
    getekende_set,
    originelen,
    sets,
    verzegeld_dossier,
)
from tests.plugins.pki import PkiMaterial

__all__ = [
    "aangemeld",
    "afgerond_record",
    "ander_record",
    "dossier",
    "draai_taken",
    "eigen_opslag",
    "gebundeld",
    "getekende_set",
    "opgeslagen_set",
    "originelen",
    "sets",
    "verzegeld_dossier",
    "vertrouw_test_ca",
]


def draai_taken() -> list[Any]:
    """Run every enqueued task, as ``db_worker`` does (its own ``run_task``), until none is
    left; returns the finished task results."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    gedaan = []
    while (taak := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        taak.claim("test")
        worker.run_task(taak)
        taak.refresh_from_db()
        assert taak.status == "SUCCESSFUL", taak.traceback
        gedaan.append(taak)
    return gedaan


def aangemeld(user: Any, *, csrf: bool = False) -> Any:
    """A new test client signed in as ``user`` past the second step (several users in one
    test); ``csrf=True`` enforces CSRF tokens as a browser's requests meet them."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = user.totp.persistent_id
    sessie.save()
    return client


@pytest.fixture
def eigen_opslag(settings: Any, tmp_path: Path) -> Path:
    """A storage folder of this test's own: files outlive the test's database rollback, so
    a set stored here must not be found by a later test whose rows get the same keys."""
    map = tmp_path / "bestanden"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(map)}},
    }
    settings.MEDIA_ROOT = str(map)
    return map


@pytest.fixture
def opgeslagen_set(
    sets: dict[str, Path], getekende_set: Path, tmp_path: Path, eigen_opslag: Path
) -> Callable[..., Any]:
    """Store the signed example set for an organisation, as a batch leaves it (Word files
    and the engine's ledger included) with the signed PDFs: ``opgeslagen_set(org)`` returns
    its Traject; ``zonder=("PV",)`` leaves document types out."""
    from overeenkomsten.web.setopslag import Werkkopie

    def maak(organisatie: Any, zonder: Iterable[str] = ()) -> Any:
        traject_id = _traject_id(getekende_set)
        uit = tmp_path / f"sets-{organisatie.pk}"
        folder = uit / traject_id
        shutil.copytree(sets[traject_id], folder)
        for pad in getekende_set.glob("*.pdf"):
            shutil.copy2(pad, folder / pad.name)
        for soort in zonder:
            for pad in folder.glob(f"*_{soort}.*"):
                pad.unlink()
        return Werkkopie(organisatie, uit).bewaar_set(traject_id)

    return maak


def _traject_id(folder: Path) -> str:
    import json

    return str(json.loads((folder / "traject.json").read_text(encoding="utf-8"))["traject_id"])


def vertrouw_test_ca(organisatie: Any, pki: PkiMaterial) -> None:
    """The organisation trusts the session's test CA (as a beheerder would add it)."""
    from overeenkomsten.web.models import Vertrouwd

    Vertrouwd.objects.create(
        organisatie=organisatie, naam="Test-CA", pem=pki.root_pem.read_text(encoding="ascii")
    )
