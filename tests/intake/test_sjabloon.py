"""The intake template: its layout, and a round trip (fill it in, read it back valid)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from overeenkomsten.errors import InputError
from overeenkomsten.intake import read_intake
from overeenkomsten.intake.kolommen import (
    KOPPEN,
    TRAJECT_KOLOMMEN,
    WERKPROCES_KOLOMMEN,
    flatten,
)
from overeenkomsten.intake.sjabloon import DATUMFORMAAT, write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("sjabloon") / "intake.xlsx")


def column_of(sheet: Any, header: str) -> str:
    for cell in sheet[1]:
        if cell.value == header:
            return str(cell.column_letter)
    raise AssertionError(header)


def test_sheets_headers_and_frozen_header_row(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Trajecten", "Werkprocessen", "Afronding", "Toelichting"]
    assert [c.value for c in book["Afronding"][1]] == [
        "Traject-ID",
        "Werkelijke einddatum",
        "Reden einde",
        "Toelichting",
        "Datum afgifte",
        "Behaalde werkprocessen",
    ]
    (reden,) = [v for v in book["Afronding"].data_validations.dataValidation if v.type == "list"]
    assert reden.formula1 == '"behaald,voortijdig,overgestapt,anders"'
    trajecten, werkprocessen = book["Trajecten"], book["Werkprocessen"]
    assert [c.value for c in trajecten[1]] == [k.kop for k in TRAJECT_KOLOMMEN]
    assert [c.value for c in werkprocessen[1]] == ["Traject-ID", "Code", "Titel", "Crebo"]
    assert trajecten.freeze_panes == "A2"
    assert trajecten.max_row == 1  # empty: only the header


def test_identifier_columns_are_text_and_date_columns_dates(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["Trajecten"]
    for header in ("BSN kandidaat", "KvK-nummer leerbedrijf", "Crebo opleiding", "Traject-ID"):
        assert sheet.column_dimensions[column_of(sheet, header)].number_format == "@"
    for header in ("Startdatum", "Geboortedatum kandidaat", "Datum ondertekening"):
        assert sheet.column_dimensions[column_of(sheet, header)].number_format == DATUMFORMAAT


def test_drop_downs_for_enumerations_and_a_hint_per_column(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["Trajecten"]
    validations = sheet.data_validations.dataValidation
    prompts = {str(v.sqref).split(":")[0][:-1]: v for v in validations}
    assert len(prompts) == len(TRAJECT_KOLOMMEN)
    assert all(v.prompt and v.showInputMessage for v in validations)
    einddoel = prompts[column_of(sheet, "Einddoel")]
    assert (einddoel.type, einddoel.formula1) == (
        "list",
        '"diploma,certificaat,praktijkverklaring"',
    )
    assert prompts[column_of(sheet, "Niveau opleiding")].formula1 == '"1,2,3,4"'
    assert "9 cijfers" in (prompts[column_of(sheet, "BSN kandidaat")].prompt or "")


def test_toelichting_explains_every_column(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["Toelichting"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    explained = {(r[0], r[2]): r for r in rows if r[0] in ("Trajecten", "Werkprocessen")}
    for kolom in (*TRAJECT_KOLOMMEN, *WERKPROCES_KOLOMMEN):
        blad, kop, pad, soort, betekenis, voorbeeld, regel = explained[(kolom.blad, kolom.pad)]
        assert (kop, soort) == (kolom.kop, kolom.soort)
        assert all((betekenis, voorbeeld, regel)), kolom.pad


def test_round_trip_fill_the_template_and_read_it_back_valid(
    template: Path, tmp_path: Path, record: dict[str, Any]
) -> None:
    book = openpyxl.load_workbook(template)
    sheet = book["Trajecten"]
    for pad, value in flatten(record).items():
        if pad in ("startdatum", "einddatum"):
            value = dt.date.fromisoformat(value)  # typed as a date
        sheet[f"{column_of(sheet, KOPPEN[pad])}2"] = value
    werkprocessen = book["Werkprocessen"]
    for wp in record["werkprocessen"]:
        werkprocessen.append([record["traject_id"], wp["code"], wp["titel"], wp["crebo"]])
    filled = tmp_path / "ingevuld.xlsx"
    book.save(filled)
    rows, file_problems = read_intake(filled)
    (rij,) = rows
    assert (file_problems, rij.problemen) == ([], [])
    assert rij.traject is not None
    assert rij.traject.startdatum == dt.date(2026, 9, 7)


def test_template_needs_the_xlsx_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        write_template(tmp_path / "intake.xls")
    assert info.value.code == "sjabloon-extensie"
