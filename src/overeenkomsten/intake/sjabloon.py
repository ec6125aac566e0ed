"""The intake template: the empty workbook a back office starts from.

Sheets ``Trajecten`` and ``Werkprocessen`` with the Dutch headers, a text format on
identifier and text columns (so Excel keeps leading zeros and leaves ``3-5`` alone), a date
format on date columns, drop-down lists for the enumerations, an input hint per column,
a frozen header row, and a sheet ``Toelichting`` that explains every column. The same
function fills in rows, which is how ``voorbeelden/`` is made.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from overeenkomsten.bestanden import atomic_path
from overeenkomsten.errors import InputError, os_reason
from overeenkomsten.intake.kolommen import (
    AFRONDING_KOLOMMEN,
    BLAD_AFRONDING,
    BLAD_TRAJECTEN,
    BLAD_WERKPROCESSEN,
    TRAJECT_KOLOMMEN,
    WERKPROCES_KOLOMMEN,
    Kolom,
)

BLAD_TOELICHTING = "Toelichting"
DATUMFORMAAT = "d-m-yyyy"
_FORMATEN = {
    "tekst": "@",
    "identificatie": "@",
    "keuze": "@",
    "datum": DATUMFORMAAT,
    "getal": "General",
    "bedrag": "#,##0.00",
}
_KOP_STIJL = Font(bold=True, color="FFFFFF")
_KOP_VULLING = PatternFill("solid", fgColor="1F4E79")
_LAATSTE_RIJ = 1_048_576
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def write_template(
    path: Path,
    trajecten: Iterable[Mapping[str, object]] = (),
    werkprocessen: Iterable[Mapping[str, object]] = (),
    afronding: Iterable[Mapping[str, object]] = (),
) -> Path:
    """Write the intake workbook to ``path`` atomically, optionally with data rows.

    ``trajecten`` are flat rows keyed by dotted path (see
    :func:`~overeenkomsten.intake.kolommen.flatten`); ``werkprocessen`` rows are keyed
    ``traject_id``, ``code``, ``titel``, ``crebo``; ``afronding`` rows ``traject_id``,
    ``werkelijke_einddatum``, ``reden``, ``toelichting``, ``datum_afgifte``,
    ``behaalde_werkprocessen`` (codes separated by ``;``).
    """
    if path.suffix.lower() != ".xlsx":
        raise InputError(
            f"Het intakesjabloon is een Excel-werkmap: geef een bestandsnaam die op .xlsx "
            f"eindigt (niet '{path.name}').",
            code="sjabloon-extensie",
        )
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = BLAD_TRAJECTEN
    _data_sheet(sheet, TRAJECT_KOLOMMEN, trajecten)
    _data_sheet(book.create_sheet(BLAD_WERKPROCESSEN), WERKPROCES_KOLOMMEN, werkprocessen)
    _data_sheet(book.create_sheet(BLAD_AFRONDING), AFRONDING_KOLOMMEN, afronding)
    _explanation_sheet(book.create_sheet(BLAD_TOELICHTING))
    book.properties.creator = "overeenkomsten"
    book.properties.title = "Intake praktijkleren in het mbo"
    try:
        with atomic_path(path) as tmp:
            book.save(tmp)
    except OSError as exc:
        raise InputError(
            f"Het intakesjabloon kan niet worden geschreven naar '{path}' ({os_reason(exc)[0]}).",
            code="sjabloon-niet-schrijfbaar",
        ) from exc
    return path


def _data_sheet(
    sheet: Worksheet, kolommen: Sequence[Kolom], rows: Iterable[Mapping[str, object]]
) -> None:
    for index, kolom in enumerate(kolommen, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=kolom.kop)
        cell.font = _KOP_STIJL
        cell.fill = _KOP_VULLING
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[letter]
        dimension.width = min(max(len(kolom.kop), len(kolom.voorbeeld), 12) + 2, 40)
        dimension.number_format = _FORMATEN[kolom.soort]
        sheet.add_data_validation(_validation(kolom, f"{letter}2:{letter}{_LAATSTE_RIJ}"))
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    for number, row in enumerate(rows, start=2):
        for index, kolom in enumerate(kolommen, start=1):
            value = _cell_value(kolom, row.get(kolom.pad))
            if value is None:
                continue
            cell = sheet.cell(row=number, column=index, value=value)
            cell.number_format = _FORMATEN[kolom.soort]


def _cell_value(kolom: Kolom, value: object) -> Any:
    if kolom.soort == "datum" and isinstance(value, str) and _ISO.fullmatch(value):
        return dt.date.fromisoformat(value)
    return value


def _validation(kolom: Kolom, cells: str) -> DataValidation:
    """A drop-down list for an enumeration; otherwise only the input hint."""
    hint = f"{kolom.betekenis} {kolom.regel} Voorbeeld: {kolom.voorbeeld}".strip()
    if kolom.keuzes:
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(kolom.keuzes) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ongeldige keuze",
            error=f"Kies een van: {', '.join(kolom.keuzes)}.",
        )
    else:
        validation = DataValidation(allow_blank=True)
    validation.showInputMessage = True
    validation.promptTitle = kolom.kop[:32]
    validation.prompt = hint if len(hint) <= 255 else hint[:252] + "..."
    validation.add(cells)
    return validation


def _explanation_sheet(sheet: Worksheet) -> None:
    intro = [
        "Toelichting bij het intakebestand praktijkleren in het mbo (derde leerweg)",
        "Blad Trajecten: een rij per traject, vanaf rij 2. Blad Werkprocessen: een rij per "
        "werkproces, gekoppeld met het Traject-ID (alleen nodig bij einddoel praktijkverklaring). "
        "Blad Afronding: pas invullen als een traject is afgelopen (dan wordt de "
        "praktijkverklaring gemaakt).",
        "De volgorde van de kolommen is vrij. Als kop mag ook het pad (bijvoorbeeld "
        "kandidaat.achternaam). Controleer het bestand met: overeenkomsten valideer BESTAND.xlsx",
    ]
    for number, text in enumerate(intro, start=1):
        sheet.cell(row=number, column=1, value=text).font = Font(bold=number == 1)
    koppen = ("Blad", "Kolom", "Pad", "Soort", "Betekenis", "Voorbeeld", "Regel")
    breedtes = (14, 34, 44, 14, 60, 30, 60)
    start = len(intro) + 2
    for index, (kop, breedte) in enumerate(zip(koppen, breedtes, strict=True), start=1):
        cell = sheet.cell(row=start, column=index, value=kop)
        cell.font = _KOP_STIJL
        cell.fill = _KOP_VULLING
        sheet.column_dimensions[get_column_letter(index)].width = breedte
    for number, k in enumerate(
        (*TRAJECT_KOLOMMEN, *WERKPROCES_KOLOMMEN, *AFRONDING_KOLOMMEN), start=start + 1
    ):
        values = (k.blad, k.kop, k.pad, k.soort, k.betekenis, k.voorbeeld, k.regel)
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=index, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"
    sheet.freeze_panes = f"A{start + 1}"
