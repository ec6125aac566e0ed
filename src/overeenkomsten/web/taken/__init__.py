"""Background work, run by the task worker (django-tasks with its database backend; the
``web`` command starts ``db_worker`` beside the server, more can run on other machines).

Each task takes primary keys, fetches its files from storage into a scratch folder
(:mod:`overeenkomsten.web.werk`), calls :mod:`overeenkomsten.api` (the same functions as
the command line), and stores what it made and its result on the row. A library error
becomes a Dutch message on the row (status ``mislukt``), never a traceback for the user.
Pages enqueue them with ``taak.enqueue(pk)``. The trajectory's status task lives in
:mod:`.traject`, the intake's validation and the batch in
:mod:`overeenkomsten.web.taken_intake`; both are re-exported here, so each job has one
function under the names of the design (docs/web.md).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.base import File
from django.utils import timezone
from django_tasks import task

from overeenkomsten import api
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import auditrapport
from overeenkomsten.web.models import AuditRapport, Dossier, Traject
from overeenkomsten.web.taken.export import maak_overzichtexport  # re-exported
from overeenkomsten.web.taken.traject import (  # ververs_status re-exported
    stel_samen,
    ververs_organisatie,
    ververs_status,
)
from overeenkomsten.web.taken_intake import draai_batch, valideer_intake  # re-exported
from overeenkomsten.web.werk import (
    bewaar,
    haal,
    instellingen,
    sha256_pad,
    werkmap,
)

__all__ = [
    "controleer_dossiers",
    "draai_batch",
    "maak_dossier",
    "maak_overzichtexport",
    "valideer_intake",
    "ververs_organisatie",
    "ververs_status",
]


def _bericht(fout: OvereenkomstenError, invoer: Path, naam: str) -> str:
    """The library's Dutch message, naming the user's file instead of the scratch copy."""
    tekst = str(fout)
    for vorm in (str(invoer), invoer.as_posix()):
        tekst = tekst.replace(vorm, PurePosixPath(naam).name)
    return tekst.replace(str(invoer.parent), "")


@task()
def maak_dossier(traject_id: int, ook_bij_fouten: bool = False) -> dict[str, Any]:
    """Bundle a trajectory's stored set into a dossier PDF, as ``bundel`` does, and store
    it (a Dossier row). Returns ``{"dossier": pk}``, or ``{"geweigerd": reden, "rapport":
    ...}`` when the check found a ``fout``, or ``{"fout": bericht}``; the task's result."""
    traject = Traject.objects.select_related("organisatie").get(pk=traject_id)
    map = Path("werk")
    naam = PurePosixPath(traject.map_pad).name or "traject"
    try:
        with werkmap() as map:
            # the set with what came back signed since (as ververs_status sees it)
            set_map = stel_samen(traject, map / "set" / naam)
            uit = map / f"{naam}_dossier.pdf"
            resultaat = api.bundel(
                set_map,
                uit,
                instellingen=instellingen(traject.organisatie, map / "erkenningen"),
                ook_bij_fouten=ook_bij_fouten,
            )
            if resultaat.uit is None:
                return {"geweigerd": resultaat.reden, "rapport": resultaat.rapport.as_dict()}
            dossier = Dossier(traject=traject, sha256=sha256_pad(resultaat.uit))
            with resultaat.uit.open("rb") as bron:
                dossier.bestand.save(uit.name, File(bron), save=True)
    except OvereenkomstenError as fout:
        tekst = str(fout).replace(str(map / "set" / naam), f"van traject {traject.traject_id}")
        return {"fout": tekst.replace(str(map), "")}
    ververs_status.enqueue(traject.pk)
    return {"dossier": dossier.pk}


@task()
def controleer_dossiers(rapport_id: int) -> None:
    """Check each uploaded dossier PDF of an audit report, as ``controleer`` does, against
    the trust roots and revocation lists of the auditor's organisation. ``bestanden`` on
    the row lists ``{"naam": the user's file name, "opslag": the stored name}``. The result
    per file is :func:`~overeenkomsten.web.auditrapport.gegevens` (verdict, findings
    explained, signatures) or, when it could not be read, the same shape with ``"fout"``; the report
    is also stored as a PDF (``pdf``)."""
    rapport = AuditRapport.objects.select_related("organisatie").get(pk=rapport_id)
    AuditRapport.objects.filter(pk=rapport_id).update(status="bezig")
    uitkomsten: list[dict[str, Any]] = []
    try:
        with werkmap() as map:
            basis = instellingen(rapport.organisatie, map / "erkenningen")
            for nummer, bestand in enumerate(rapport.bestanden):
                opgeslagen = str(bestand["opslag"] if isinstance(bestand, dict) else bestand)
                naam = PurePosixPath(
                    str(bestand.get("naam") or opgeslagen)
                    if isinstance(bestand, dict)
                    else opgeslagen
                ).name
                lokaal = "".join(c if c.isalnum() or c in " ._-" else "_" for c in naam)
                pad = haal(opgeslagen, map / f"{nummer}" / (lokaal.strip(" .") or "dossier.pdf"))
                try:
                    uitkomst = auditrapport.gegevens(
                        naam, api.controleer_dossier(pad, instellingen=basis)
                    )
                except OvereenkomstenError as fout:
                    bericht = _bericht(fout, pad, naam)
                    uitkomst = {**auditrapport.niet_gecontroleerd(naam, bericht), "fout": bericht}
                uitkomsten.append(uitkomst)
            inhoud = {"dossiers": uitkomsten, "oordeel": auditrapport.eindoordeel(uitkomsten)}
            moment = timezone.localtime()
            pdf = auditrapport.maak_pdf(
                inhoud, map, organisatie=rapport.organisatie.naam, moment=moment
            )
            pdf_naam = bewaar(
                pdf,
                f"audit/{rapport.organisatie_id}/auditrapport-{rapport_id}-{moment:%Y%m%d%H%M%S}.pdf",
            )
    except BaseException:
        AuditRapport.objects.filter(pk=rapport_id).update(status="mislukt")
        raise
    AuditRapport.objects.filter(pk=rapport_id).update(status="klaar", rapport=inhoud, pdf=pdf_naam)
