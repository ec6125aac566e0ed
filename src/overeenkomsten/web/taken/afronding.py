"""The tasks behind the afronding, dossier and audit pages (django-tasks, run by the
worker): the praktijkverklaring from a record with ``afronding``, the dossier of a set,
and the check of uploaded or shared dossiers.

As the tasks in :mod:`overeenkomsten.web.taken`, each takes primary keys, fetches the
stored set into a scratch folder (:mod:`overeenkomsten.web.werk`), calls
:mod:`overeenkomsten.api` only (the same functions as ``genereer``, ``bundel`` and
``controleer``), and stores what it made. An outcome with no model field of its own (a
refused dossier, a PV that could not be made) is the task's return value, kept by the
task backend; :func:`laatste` finds the newest run for a trajectory.
"""

from __future__ import annotations

import json
import logging
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.models import User
from django_tasks import task

from overeenkomsten import api
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import logboek, taken
from overeenkomsten.web.models import Traject
from overeenkomsten.web.setopslag import Werkkopie
from overeenkomsten.web.werk import (
    werkmap,
)

logger = logging.getLogger(__name__)

#: How often the PV task starts again when the set changed while it worked.
POGINGEN = 3


def laatste(taak: Any, traject_pk: int) -> Any | None:
    """The newest run (a ``DBTaskResult``) of ``taak`` for this trajectory, or None."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(task_path=taak.module_path, args_kwargs__args__0=traject_pk)
        .order_by("-enqueued_at")
        .first()
    )


def _door(door_pk: int | None) -> User | None:
    return User.objects.filter(pk=door_pk).first() if door_pk is not None else None


def _mapnaam(traject: Traject) -> str:
    """The set's folder in the organisation's sets (the library names it by traject-ID)."""
    return PurePosixPath(traject.map_pad).name if traject.map_pad else traject.traject_id


# --- praktijkverklaring ---------------------------------------------------------------------


@task()
def maak_pv(traject_pk: int, door_pk: int | None = None) -> dict[str, Any]:
    """Run the engine (``genereer``) on the stored record, which has ``afronding`` now, in
    a copy of the stored set: it adds the PV, or a new version beside a signed one, and
    leaves every signed document as it is (domein.md section 7)."""
    for _poging in range(POGINGEN):
        traject = Traject.objects.select_related("organisatie").get(pk=traject_pk)
        mapnaam = _mapnaam(traject)
        with werkmap() as map:
            kopie = Werkkopie(traject.organisatie, map / "uit")
            kopie.haal({mapnaam})
            invoer = map / "invoer" / "traject.json"
            invoer.parent.mkdir()
            invoer.write_text(json.dumps(traject.record, ensure_ascii=False), encoding="utf-8")
            try:
                resultaat = api.genereer(invoer, kopie.uit, traject_id=traject.traject_id)
            except OvereenkomstenError as exc:  # the scratch folder is the server's business
                return {"ok": False, "melding": str(exc).replace(f"{map}/", "")}
            fouten = [p.bericht for p in resultaat.validatie.fouten]
            fouten += [f for s in resultaat.sets if s.map is None for f in s.fouten]
            if fouten or not resultaat.sets:
                return {"ok": False, "melding": " ".join(fouten) or "Er is niets gemaakt."}
            bekend = set(traject.documenten.values_list("pk", flat=True))
            if kopie.bewaar_set(mapnaam) is None:
                continue  # a file of the set changed meanwhile: start again from the new set
            nieuw = list(traject.documenten.exclude(pk__in=bekend).order_by("soort", "versie"))
        door = _door(door_pk)
        for document in nieuw:
            logboek.schrijf(
                None,
                "aangemaakt",
                user=door,
                object=document,
                omschrijving=f"{document.soort} versie {document.versie} gemaakt na de "
                f"afronding (traject {traject.traject_id})",
            )
        taken.ververs_status.enqueue(traject_pk)
        pv = [d for d in nieuw if d.soort == "PV"]
        return {
            "ok": True,
            # written, but the check of the fresh documents found a fout: the page says so
            "bevindingen": [f for s in resultaat.sets for f in s.fouten],
            "documenten": [f"{d.soort} versie {d.versie}" for d in nieuw],
            "melding": (
                f"De praktijkverklaring (versie {pv[0].versie}) is gemaakt."
                if pv
                else "De praktijkverklaring is bijgewerkt."
            ),
        }
    return {
        "ok": False,
        "melding": "De documenten van dit traject veranderden steeds tijdens het maken; "
        "probeer het opnieuw.",
    }
