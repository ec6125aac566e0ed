"""``status --xlsx``: the back office's overview as one worksheet.

One row per trajectory (its next deadline and the check's verdict) and one row per missing
signature (who: name, role, e-mail; by when), sorted by deadline, with a frozen header and
an autofilter. Every cell is text or a date, never a formula: text that a spreadsheet could
run (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is quoted, whoever
wrote it, and a BSN is masked wherever it appears (domein.md sections 8 and 9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.batch.status import DocumentStatus, TrajectStatus
from overeenkomsten.batch.termijnen import Termijn
from overeenkomsten.bestanden import atomic_path
from overeenkomsten.model.kenmerken import Rol
from overeenkomsten.model.traject import Traject

KOPPEN = (
    "Termijn",
    "Verlopen",
    "Traject",
    "Soort",
    "Wat",
    "Document",
    "Rol",
    "Naam",
    "E-mail",
    "Oordeel controle",
    "Map",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Regel:
    """One row of the overview."""

    termijn: dt.date | None
    verlopen: bool
    traject: str
    soort: str
    wat: str
    document: str = ""
    rol: str = ""
    naam: str = ""
    email: str = ""
    oordeel: str = ""
    map: str = ""

    def cellen(self) -> tuple[object, ...]:
        return (
            self.termijn,
            "ja" if self.verlopen else "nee",
            self.traject,
            self.soort,
            self.wat,
            self.document,
            self.rol,
            self.naam,
            self.email,
            self.oordeel,
            self.map,
        )


def person(traject: Traject | None, rol: Rol) -> tuple[str | None, str | None]:
    """Name and e-mail of whoever signs for ``rol``, as the record names them."""
    if traject is None:
        return None, None
    if rol == "kandidaat":
        return traject.kandidaat.volledige_naam, traject.kandidaat.email
    if rol == "wettelijk-vertegenwoordiger":
        wv = traject.kandidaat.wettelijk_vertegenwoordiger
        return (wv.naam, wv.email) if wv is not None else (None, None)
    if rol == "praktijkopleider":
        return traject.praktijkopleider.naam, traject.praktijkopleider.email
    if rol == "examencommissie":
        commissie = traject.instelling.examencommissie
        return commissie.voorzitter, getattr(commissie, "email", None)
    signer = {
        "instelling": traject.instelling.ondertekenaar,
        "leerbedrijf": traject.leerbedrijf.ondertekenaar,
    }.get(rol, traject.rmt.ondertekenaar)
    # e-mail of an ondertekenaar is a v2 field of the record (domein.md section 10)
    return signer.naam, getattr(signer, "email", None)


def rows(trajecten: Sequence[TrajectStatus]) -> list[Regel]:
    """The overview's rows, sorted by deadline (rows without one last)."""
    found: list[Regel] = []
    for t in trajecten:
        volgende = t.volgende
        found.append(
            Regel(
                volgende.datum if volgende else None,
                bool(volgende and volgende.verlopen),
                t.traject_id,
                "traject",
                volgende.wat if volgende else ("; ".join(t.problemen) or "niets meer te doen"),
                oordeel=t.oordeel or "",
                map=t.map,
            )
        )
        for doc in t.documenten:
            termijn = _deadline_of(t.termijnen, doc)
            for rol in doc.ontbreekt:
                naam, email = _who(t, doc, rol)
                found.append(
                    Regel(
                        termijn.datum if termijn else None,
                        bool(termijn and termijn.verlopen),
                        t.traject_id,
                        "handtekening",
                        _what(doc, rol),
                        doc.document,
                        rol.replace("-", " "),
                        naam or "",
                        email or "",
                        t.oordeel or "",
                        t.map,
                    )
                )
    return sorted(
        found,
        key=lambda r: (
            r.termijn is None,
            r.termijn or dt.date.min,
            r.traject,
            r.soort != "traject",
        ),
    )


def _deadline_of(termijnen: Sequence[Termijn], doc: DocumentStatus) -> Termijn | None:
    return next((t for t in termijnen if t.document == doc.document), None)


def _who(t: TrajectStatus, doc: DocumentStatus, rol: Rol) -> tuple[str | None, str | None]:
    naam, email = person(t.traject, rol)
    printed = next((p.naam for p in doc.partijen if p.rol == rol and p.naam), None)
    return printed or naam, email


def _what(doc: DocumentStatus, rol: Rol) -> str:
    if not doc.aanwezig:
        return "document ontbreekt; handtekening nodig"
    stand = next((p.stand for p in doc.partijen if p.rol == rol), "ontbreekt")
    if stand == "niet in orde":
        return "handtekening niet in orde; opnieuw ondertekenen"
    return "handtekening ontbreekt"


def _safe(value: object) -> str | dt.date | None:
    """Dates stay dates; text is shown as text, never run as a formula, BSNs masked."""
    if value is None or isinstance(value, dt.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(value))
    text = scrub_bsn(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_overview(path: Path, trajecten: Sequence[TrajectStatus]) -> int:
    """Write the overview to ``path`` atomically; returns the number of rows.

    Written in openpyxl's write-only mode (rows streamed, not kept as cell objects): the
    web application exports thousands of trajectories at once.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Overzicht")
    widths = (12, 9, 22, 13, 50, 9, 28, 26, 28, 16, 22)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    regels = rows(trajecten)
    last = get_column_letter(len(KOPPEN))
    sheet.auto_filter.ref = f"A1:{last}{max(2, len(regels) + 1)}"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, kop, font=bold) for kop in KOPPEN])
    for regel in regels:
        sheet.append([_cell(sheet, _safe(value)) for value in regel.cellen()])
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return len(regels)


def _cell(sheet: Any, value: str | dt.date | None, font: Font | None = None) -> Cell:
    # openpyxl writes dates too, whatever its stubs say
    cell = WriteOnlyCell(sheet, value)  # type: ignore[arg-type]
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, whatever it looks like
    elif isinstance(value, dt.date):
        cell.number_format = "DD-MM-YYYY"
    if font is not None:
        cell.font = font
    return cell
