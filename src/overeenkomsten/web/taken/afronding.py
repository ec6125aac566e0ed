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
import re
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

from django.contrib.auth.models import User
from django_tasks import task

from overeenkomsten import api
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import logboek, taken
from overeenkomsten.web.models import Document, Traject
from overeenkomsten.web.setopslag import Werkkopie
from overeenkomsten.web.werk import haal, sha256_pad, werkmap

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
            ondertekend = ontvangen_erin(traject, kopie.uit / mapnaam, map / "ontvangen")
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
            geschreven = {p.name for s in resultaat.sets for p in s.bestanden}
            vast = kopie.bewaar_set(mapnaam)
            if vast is None:
                continue  # a file of the set changed meanwhile: start again from the new set
            nieuw = _na_het_bewaren(vast, geschreven, ondertekend)
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
        pv = sorted(_versie(naam) for naam in geschreven if _PV_PDF.search(naam))
        return {
            "ok": True,
            # written, but the check of the fresh documents found a fout: the page says so
            "bevindingen": [f for s in resultaat.sets for f in s.fouten],
            "documenten": sorted(n for n in geschreven if n.endswith(".pdf")),
            "melding": (
                f"De praktijkverklaring (versie {pv[-1]}) is gemaakt."
                if pv
                else "De praktijkverklaring was al zoals de afronding zegt; er is niets veranderd."
            ),
        }
    return {
        "ok": False,
        "melding": "De documenten van dit traject veranderden steeds tijdens het maken; "
        "probeer het opnieuw.",
    }


_PV_PDF = re.compile(r"_PV(?:_v([0-9]+))?\.pdf$")


def _versie(naam: str) -> int:
    gevonden = _PV_PDF.search(naam)
    return int(gevonden[1]) if gevonden and gevonden[1] else 1


def ontvangen_erin(traject: Traject, set_map: Path, werk: Path) -> set[str]:
    """Put each signed PDF received later (the traject page's upload) in the set folder
    under the library's name of its version, in place of the unsigned file it was signed
    from: the engine must see it signed, to write a changed document as a new version
    beside it instead of replacing the unsigned copy (domein.md section 7). Returns the
    SHA-256 of each file put there."""
    from overeenkomsten.controle.documentstaat import versie
    from overeenkomsten.controle.feiten import parse_value
    from overeenkomsten.paden import safe_name

    eigen = parse_value("Traject", traject.traject_id).sleutel
    ondertekend: set[str] = set()
    for document in traject.documenten.filter(
        bron=Document.Bron.ONTVANGEN, ondertekend=True
    ).order_by("pk"):
        lokaal = haal(document.bestand.name, werk / f"{document.pk}.pdf")
        feiten = api.lees_document(lokaal)
        if not feiten.bruikbaar or feiten.type is None:
            continue  # a scan: its attestation is judged by the status, not by the engine
        if feiten.waarde("Traject").sleutel != eigen:
            continue
        nummer = versie(feiten)
        naam = f"{safe_name(traject.traject_id)}_{feiten.type}"
        shutil.copyfile(
            lokaal, set_map / (f"{naam}.pdf" if nummer <= 1 else f"{naam}_v{nummer}.pdf")
        )
        ondertekend.add(sha256_pad(lokaal))
    return ondertekend


def _na_het_bewaren(traject: Traject, geschreven: set[str], ondertekend: set[str]) -> list[Any]:
    """The rows of the files the engine wrote (to log them), after marking which rows of
    the set folder hold a signed copy now."""
    prefix = f"{traject.map_pad}/"
    gemaakt = traject.documenten.filter(bron=Document.Bron.GEMAAKT, bestand__startswith=prefix)
    for document in gemaakt:
        getekend = document.sha256 in ondertekend
        if document.ondertekend != getekend:
            type(document).objects.filter(pk=document.pk).update(ondertekend=getekend)
    return [
        d
        for d in gemaakt.order_by("soort", "versie")
        if PurePosixPath(d.bestand.name).name in geschreven
    ]
