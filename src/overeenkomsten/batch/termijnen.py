"""Deadlines (*termijnen*) of one trajectory: what is due next, and what is overdue.

Three kinds (issue 12): the contracts (OOK, POK, PLOK) signed on or before the startdatum
(X8 for OOK and POK; the placement of the PLOK starts that day too), the placement's end
(``plaatsing_einddatum``), and for einddoel praktijkverklaring the praktijkverklaring, due
from the (werkelijke) einddatum on. Today's date is passed in, so that tests and scripts
choose their clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from overeenkomsten._getallen import aantal
from overeenkomsten._tekst import dutch_date
from overeenkomsten.model.kenmerken import DocumentType, Rol, documents_to_make
from overeenkomsten.model.traject import Traject

CONTRACTEN: tuple[DocumentType, ...] = ("OOK", "POK", "PLOK")


@dataclass(frozen=True)
class Termijn:
    """One thing due on a date. ``klaar``: done (or, for a date that only passes, passed);
    ``verlopen``: not done and its date lies before today; ``rollen``: who still has to
    sign; ``te_laat``: done, but after the date (a contract signed after the start)."""

    wat: str
    datum: dt.date
    klaar: bool
    verlopen: bool
    document: DocumentType | None = None
    rollen: tuple[Rol, ...] = ()
    te_laat: bool = False
    voorzetsel: str = "uiterlijk"

    def tekst(self, vandaag: dt.date) -> str:
        """``OOK laten ondertekenen door kandidaat: uiterlijk 7 september 2026 (nog 8
        dagen)``, in Dutch."""
        dagen = (self.datum - vandaag).days
        wanneer = f"{self.voorzetsel} {dutch_date(self.datum)}"
        if self.verlopen:
            wanneer += f", VERLOPEN ({aantal(-dagen, 'dag')} geleden)"
        elif self.klaar:
            pass
        elif dagen == 0:
            wanneer += " (vandaag)"
        elif dagen > 0:
            wanneer += f" (nog {aantal(dagen, 'dag')})"
        return f"{self.wat}: {wanneer}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "wat": self.wat,
            "datum": self.datum.isoformat(),
            "klaar": self.klaar,
            "verlopen": self.verlopen,
            "document": self.document,
            "rollen": list(self.rollen),
            "te_laat": self.te_laat,
        }


@dataclass(frozen=True)
class Stand:
    """What the deadlines need to know of one document: present, who still has to sign,
    whether it was signed after the startdatum."""

    aanwezig: bool
    ontbreekt: tuple[Rol, ...]
    te_laat: bool = False

    @property
    def klaar(self) -> bool:
        return self.aanwezig and not self.ontbreekt


def _eind(traject: Traject) -> tuple[dt.date, bool]:
    """The (werkelijke) einddatum, and whether the trajectory has been rounded off."""
    afronding: Any = getattr(traject, "afronding", None)
    werkelijk = getattr(afronding, "werkelijke_einddatum", None)
    if isinstance(werkelijk, dt.date):
        return werkelijk, True
    return traject.einddatum, afronding is not None


def _sign(document: DocumentType, stand: Stand | None) -> str:
    if stand is None or not stand.aanwezig:
        return f"{document} maken en laten ondertekenen"
    wie = ", ".join(r.replace("-", " ") for r in stand.ontbreekt)
    return f"{document} laten ondertekenen door {wie}"


def deadlines(
    traject: Traject,
    standen: dict[DocumentType, Stand],
    documenten: Sequence[DocumentType],
    vandaag: dt.date,
) -> list[Termijn]:
    """Every deadline of ``traject``, by date. ``standen`` per document type present;
    ``documenten`` the types the trajectory can have (the PV only for a praktijkverklaring;
    none is made when the afronding lists no learned werkproces)."""
    found: list[Termijn] = []
    start = traject.startdatum
    for document in CONTRACTEN:
        if document not in documenten:
            continue
        stand = standen.get(document)
        klaar = stand is not None and stand.klaar
        wat = f"{document} ondertekend" if klaar else _sign(document, stand)
        found.append(
            Termijn(
                wat,
                start,
                klaar,
                not klaar and vandaag > start,
                document,
                stand.ontbreekt if stand is not None else (),
                klaar and stand is not None and stand.te_laat,
            )
        )
    eind, afgerond = _eind(traject)
    plaatsing = min(traject.plaatsing_eind, eind)  # an early end ends the placement too
    found.append(
        Termijn("einde plaatsing (PLOK)", plaatsing, vandaag > plaatsing, False, voorzetsel="op")
    )
    if "PV" in documenten and (not afgerond or "PV" in documents_to_make(traject)):
        stand = standen.get("PV")
        klaar = stand is not None and stand.klaar
        if klaar:
            wat = "praktijkverklaring ondertekend"
        elif not afgerond:
            wat = "afronding vastleggen en praktijkverklaring maken"
        else:
            wat = _sign("PV", stand).replace("PV maken", "praktijkverklaring maken")
        found.append(
            Termijn(
                wat,
                eind,
                klaar,
                not klaar and vandaag > eind,
                "PV",
                stand.ontbreekt if stand is not None else (),
                voorzetsel="vanaf de einddatum",
            )
        )
    else:
        found.append(Termijn("einde opleiding", eind, vandaag > eind, False, voorzetsel="op"))
    return sorted(found, key=lambda t: t.datum)


def next_due(termijnen: Sequence[Termijn]) -> Termijn | None:
    """The first deadline not yet done (overdue ones come first: their date is earlier)."""
    return next((t for t in termijnen if not t.klaar), None)
