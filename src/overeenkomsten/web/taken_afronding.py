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
from typing import Any

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django_tasks import task

from overeenkomsten import api
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import logboek, taken
from overeenkomsten.web.models import Document, Traject
from overeenkomsten.web.werk import (
    haal_map,
    sha256,
    vergrendeld,
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


def _vingerafdruk(traject: Traject) -> list[tuple[int, str]]:
    """What the PV task's result depends on besides the record: the document rows."""
    return list(traject.documenten.order_by("pk").values_list("pk", "sha256"))


def _set_map_naam(traject: Traject) -> str:
    """The set folder's name: the library names it after the traject-ID."""
    return traject.traject_id


# --- praktijkverklaring ---------------------------------------------------------------------


@task()
def maak_pv(traject_pk: int, door_pk: int | None = None) -> dict[str, Any]:
    """Run the engine (``genereer``) on the stored record, which has ``afronding`` now, in
    a copy of the stored set: it adds the PV, or a new version beside a signed one, and
    leaves every signed document as it is (domein.md section 7)."""
    for _poging in range(POGINGEN):
        traject = Traject.objects.get(pk=traject_pk)
        voor = _vingerafdruk(traject)
        with werkmap() as map:
            uit = map / "uit"
            set_map = uit / _set_map_naam(traject)
            set_map.mkdir(parents=True)
            if traject.map_pad:
                haal_map(traject.map_pad, set_map)
            invoer = map / "invoer" / "traject.json"
            invoer.parent.mkdir()
            invoer.write_text(json.dumps(traject.record, ensure_ascii=False), encoding="utf-8")
            try:
                resultaat = api.genereer(invoer, uit, traject_id=traject.traject_id)
            except OvereenkomstenError as exc:  # the scratch folder is the server's business
                return {"ok": False, "melding": str(exc).replace(f"{map}/", "")}
            fouten = [p.bericht for p in resultaat.validatie.fouten]
            fouten += [f for s in resultaat.sets if s.map is None for f in s.fouten]
            if fouten or not resultaat.sets:
                return {"ok": False, "melding": " ".join(fouten) or "Er is niets gemaakt."}
            with vergrendeld(Traject, traject_pk) as vast:
                if _vingerafdruk(vast) != voor:
                    continue  # a document arrived meanwhile: start again from the new set
                bekend = set(vast.documenten.values_list("pk", flat=True))
                taken.bewaar_set(vast.organisatie, set_map)
                _werk_hashes_bij(vast)
                nieuw = list(vast.documenten.exclude(pk__in=bekend).order_by("soort", "versie"))
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


def _werk_hashes_bij(traject: Traject) -> None:
    """An unsigned document the engine replaced in place keeps its row: its hash follows."""
    for document in traject.documenten.all():
        naam = document.bestand.name
        if naam and default_storage.exists(naam):
            inhoud = sha256(naam)
            if inhoud != document.sha256:
                Document.objects.filter(pk=document.pk).update(sha256=inhoud)
