"""The overzicht's Excel export as a task (``maak_overzichtexport``): the workbook of
``status --xlsx`` over the stored statuses of the trajectories the user may see, for the
filter and search of the page it was started from, with the deadlines of the day it runs.

Writing the workbook of thousands of trajectories takes longer than a request behind a
proxy may (about half a minute for 5,000), so the page starts this task and polls it. The
file is stored through Django's storage, under the organisation's folder; only the user who
asked can download it (:func:`~overeenkomsten.web.toegang.zichtbare_exports`), and
``opruimen`` removes it after :data:`BEWAREN`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from overeenkomsten import api
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import logboek, werk
from overeenkomsten.web.models import Overzichtexport
from overeenkomsten.web.toegang import zichtbare_trajecten
from overeenkomsten.web.trajectstatus import FILTERS, gefilterd

log = logging.getLogger(__name__)

#: How long a made export is kept (``opruimen`` removes it, row and file, afterwards).
BEWAREN = dt.timedelta(days=1)
#: Progress is written to the row once per this many trajectories read.
STAP = 250
ONVERWACHT = (
    "Er ging iets onverwachts mis bij het maken van het werkboek. Probeer het opnieuw; "
    "blijft het misgaan, meld het dan bij de beheerder."
)


def omschrijving(export: Overzichtexport) -> str:
    """The filter and search of ``export`` in words (for the page and the log)."""
    tekst = FILTERS[export.filter][0] if export.filter in FILTERS else "alle trajecten"
    return f"{tekst}, zoekterm '{export.zoek}'" if export.zoek else tekst


@task()
def maak_overzichtexport(export_id: int) -> str:
    """Make the workbook of the Overzichtexport ``export_id`` and store it on the row;
    progress (``gedaan``/``totaal``: trajectories read) on the row while it runs."""
    try:
        export = Overzichtexport.objects.select_related("door", "organisatie").get(pk=export_id)
    except Overzichtexport.DoesNotExist:  # removed meanwhile (its user, or opruimen)
        return "verwijderd"
    rij = Overzichtexport.objects.filter(pk=export_id)
    rij.update(status=Overzichtexport.Status.BEZIG)
    vandaag = timezone.localdate()
    try:
        trajecten = gefilterd(zichtbare_trajecten(export.door), export.filter, export.zoek, vandaag)
        totaal = trajecten.count()
        rij.update(totaal=totaal)
        statussen = []
        for nummer, (status, record) in enumerate(
            trajecten.order_by("traject_id").values_list("status", "record").iterator(500), 1
        ):
            if status:
                statussen.append(api.status_uit_opslag(status, record, vandaag))
            if nummer % STAP == 0:
                rij.update(gedaan=nummer)
        rij.update(gedaan=totaal)
        with werk.werkmap() as map:
            pad = map / "overzicht.xlsx"
            regels = api.schrijf_statusoverzicht(pad, statussen)
            naam = werk.bewaar(
                pad,
                f"exports/{export.organisatie_id}/overzicht-{export_id}-{vandaag:%Y%m%d}.xlsx",
            )
    except OvereenkomstenError as fout:
        log.warning("export %s mislukt: %s", export_id, type(fout).__name__)
        rij.update(status=Overzichtexport.Status.MISLUKT, fout=str(fout), klaar_op=timezone.now())
        return "mislukt"
    except BaseException:
        rij.update(status=Overzichtexport.Status.MISLUKT, fout=ONVERWACHT, klaar_op=timezone.now())
        raise
    rij.update(
        status=Overzichtexport.Status.KLAAR,
        bestand=naam,
        trajecten=len(statussen),
        regels=regels,
        klaar_op=timezone.now(),
    )
    logboek.schrijf(
        None,
        "geexporteerd",
        user=export.door,
        object=export,
        object_soort="overzicht",
        omschrijving=f"overzicht als Excel ({omschrijving(export)}: {len(statussen)} "
        f"trajecten, {regels} regels)",
    )
    return "klaar"
