"""What the overzicht stores of a trajectory's status, and its filters.

The status itself is the library's (``status`` and ``controleer``), computed by the task
:func:`overeenkomsten.web.taken.traject.ververs_status` when a document changes and stored
on :class:`~overeenkomsten.web.models.Traject`. From it come a few indexed fields, chosen
so that every filter of the overzicht is one comparison with today's date: a deadline that
passes makes a trajectory late without any document changing, and no page reads a PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from overeenkomsten.batch.status import TrajectStatus
from overeenkomsten.batch.termijnen import CONTRACTEN

if TYPE_CHECKING:
    from overeenkomsten.web.models import Traject

#: Roles whose record key is not how a user writes them.
_ROL_TEKST = {"rmt": "RMT"}


def rol_tekst(rol: str) -> str:
    """A role as the overzicht shows it: ``rmt`` -> ``RMT``, ``wettelijk-vertegenwoordiger``
    -> ``wettelijk vertegenwoordiger``."""
    return _ROL_TEKST.get(rol, rol.replace("-", " "))


def nog_te_tekenen(status: TrajectStatus) -> str:
    """Who still has to sign what, per document: ``OOK: kandidaat, leerbedrijf; PLOK: RMT``
    (the same roles as the signature rows of ``status --xlsx``)."""
    return "; ".join(
        f"{d.document}: {', '.join(rol_tekst(r) for r in d.ontbreekt)}"
        for d in status.documenten
        if d.ontbreekt
    )


def velden(status: TrajectStatus) -> dict[str, Any]:
    """The fields of :class:`Traject` that follow from ``status``.

    ``te_laat_vanaf``: the earliest date of a contract or praktijkverklaring that is not
    yet signed by everyone; ``status`` calls that deadline *verlopen* on every day after
    it. ``pv_vanaf``: when every contract is signed and the praktijkverklaring is still to
    be made or signed, the day it is due from (the (werkelijke) einddatum).
    """
    open_ = [t for t in status.termijnen if t.document is not None and not t.klaar]
    pv = next((t for t in status.termijnen if t.document == "PV"), None)
    contracten_klaar = all(t.klaar for t in status.termijnen if t.document in CONTRACTEN)
    volgende = status.volgende
    return {
        "verdict": status.oordeel or "",
        "volgende_termijn": volgende.datum if volgende is not None else None,
        "nog_te_tekenen": nog_te_tekenen(status),
        "te_laat_vanaf": min((t.datum for t in open_), default=None),
        "pv_vanaf": pv.datum if pv is not None and not pv.klaar and contracten_klaar else None,
    }


#: The overzicht's filters: name -> (label, condition for today's date).
FILTERS: dict[str, tuple[str, Callable[[dt.date], Q]]] = {
    "te-laat": ("Te laat", lambda vandaag: Q(te_laat_vanaf__lt=vandaag)),
    "wacht-op-ondertekening": (
        "Wacht op ondertekening",
        lambda vandaag: ~Q(nog_te_tekenen=""),
    ),
    "klaar-voor-praktijkverklaring": (
        "Klaar voor praktijkverklaring",
        lambda vandaag: Q(pv_vanaf__lte=vandaag),
    ),
}


def gefilterd(
    trajecten: QuerySet[Traject], filter: str, zoek: str, vandaag: dt.date
) -> QuerySet[Traject]:
    """``trajecten`` narrowed to the overzicht's ``filter`` (a key of :data:`FILTERS`; any
    other value: all) and ``zoek`` (part of the traject-ID or the kandidaat's name)."""
    if filter in FILTERS:
        trajecten = trajecten.filter(FILTERS[filter][1](vandaag))
    if zoek:
        trajecten = trajecten.filter(
            Q(traject_id__icontains=zoek) | Q(kandidaat_naam__icontains=zoek)
        )
    return trajecten
