"""Refusing unsafe or unreadable workbooks before anything parses them, and read_table."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.reader.strings import read_string_table

from overeenkomsten.basis.werkboek import (
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    CellError,
    check_workbook,
    open_werkboek,
    read_table,
)
from overeenkomsten.basis.xlsx import SharedStrings, _read_shared_strings
from overeenkomsten.errors import ConfigurationError, InputError
from overeenkomsten.register import KwalificatieRegister
from tests.conftest import data_path
from tests.intake.conftest import convert_with_libreoffice


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        check_workbook(path)
    assert str(path) in info.value.bericht
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "weg.xlsx").code == "bestand-ontbreekt"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.xlsx"
    path.write_bytes(b"")
    assert refused(path).code == "bestand-leeg"


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "intake.xlsx"
    path.write_text("Traject-ID;Einddoel\nRMT-1;diploma\n", encoding="utf-8")
    error = refused(path)
    assert error.code == "geen-xlsx"
    assert "tekstbestand (bijvoorbeeld CSV)" in error.bericht


def test_html_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("<html><table><tr><td>1</td></tr></table></html>", encoding="utf-8")
    assert "HTML" in refused(path).bericht


def test_encrypted_workbook_is_named_as_such() -> None:
    error = refused(data_path("intake", "versleuteld.xlsx"))
    assert error.code == "werkboek-versleuteld"
    assert "wachtwoord" in error.bericht


@pytest.mark.libreoffice
def test_old_xls_made_by_libreoffice(soffice: str, tmp_path: Path) -> None:
    source = tmp_path / "oud.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    convert_with_libreoffice(soffice, [source], tmp_path, csv=True, target="xls:MS Excel 97")
    xls = tmp_path / "oud.xls"
    renamed = tmp_path / "oud-hernoemd.xlsx"
    shutil.copy(xls, renamed)
    for path in (xls, renamed):
        error = refused(path)
        assert error.code == "werkboek-oud-xls"
        assert ".xls" in error.bericht


def test_opendocument_spreadsheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "intake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument" in refused(path).bericht


def test_zip_bomb_by_compression_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert refused(path).code == "werkboek-zip-bom"


def test_zip_bomb_by_declared_size_is_refused_without_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "groot.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    # Claim 250 MB for the last member in the central directory; nothing is that big.
    data = bytearray(path.read_bytes())
    entry = data.rfind(b"PK\x01\x02")
    declared = MAX_UNCOMPRESSED_BYTES + 50 * 1024 * 1024
    data[entry + 20 : entry + 28] = struct.pack("<II", declared, declared)
    path.write_bytes(bytes(data))
    assert refused(path).code == "werkboek-zip-bom"


def test_sheet_claiming_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "lang.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trajecten"
    sheet["A1"] = "Traject-ID"
    sheet.cell(row=MAX_ROWS + 2, column=1, value="RMT-1")
    book.save(path)
    with open_werkboek(path) as werkboek, pytest.raises(InputError) as info:
        list(werkboek.rows("Trajecten"))
    assert info.value.code == "werkboek-te-veel-rijen"
    assert "100.000" in info.value.bericht


def test_read_table_streams_a_header_table(tmp_path: Path) -> None:
    path = tmp_path / "tabel.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["crebo", "naam", None, "datum"])
    sheet.append([25371.0, "Logistiek medewerker", "zonder kop", dt.datetime(2026, 9, 7)])
    sheet.append([None, None, None, None])
    sheet.append(["25180", "#N/A", None, None])
    sheet["B4"] = "#N/A"  # openpyxl stores this as an error cell
    book.save(path)
    rows = list(read_table(path))
    assert rows == [
        {"crebo": 25371, "naam": "Logistiek medewerker", "datum": dt.date(2026, 9, 7)},
        {"crebo": "25180", "naam": CellError("#N/A"), "datum": None},
    ]


def test_register_from_xlsx_uses_read_table(tmp_path: Path) -> None:
    path = tmp_path / "codelijst.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Crebo", "Naam kwalificatie", "Niveau", "Geldig van", "Geldig tot"])
    sheet.append([25371, "Logistiek medewerker", 2, dt.datetime(2015, 8, 1), None])
    book.save(path)
    register = KwalificatieRegister.from_file(path)
    kwalificatie = register.get("25371")
    assert kwalificatie is not None
    assert (kwalificatie.niveau, kwalificatie.geldig_van) == (2, dt.date(2015, 8, 1))


def test_register_that_is_no_workbook_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "codelijst.xlsx"
    path.write_text("crebo,naam\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as info:
        KwalificatieRegister.from_file(path)
    assert "geen Excel-werkboek" in info.value.bericht


@pytest.mark.libreoffice
def test_libreoffice_workbook_reads_through_read_table(soffice: str, tmp_path: Path) -> None:
    source = tmp_path / "codes.csv"
    source.write_text("crebo,naam,niveau\n25371,Logistiek medewerker,2\n", encoding="utf-8")
    convert_with_libreoffice(soffice, [source], tmp_path / "uit", csv=True)
    rows = list(read_table(tmp_path / "uit" / "codes.xlsx"))
    assert rows == [{"crebo": 25371, "naam": "Logistiek medewerker", "niveau": 2}]


def test_compact_shared_strings_behave_like_a_list() -> None:
    texts = [f"tekst {i} {'ı' * (i % 3)}" for i in range(SharedStrings.CHUNK * 2 + 5)]
    strings = SharedStrings()
    for text in texts:
        strings.append(text)
    assert len(strings) == len(texts)
    assert [strings[i] for i in range(len(texts))] == texts
    assert strings[SharedStrings.CHUNK] == texts[SharedStrings.CHUNK]


def test_shared_strings_parse_like_openpyxl() -> None:
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Transport &amp; Opslag</t></si>"
        '<si><r><rPr><b/></rPr><t xml:space="preserve">Özdemir-van </t></r><r><t>'
        "'t Hof</t></r><rPh sb='0' eb='1'><t>fonetisch</t></rPh></si>"
        "<si><t/></si>"
        "</sst>"
    ).encode()
    ours = _read_shared_strings(io.BytesIO(sst))
    assert list(ours) == read_string_table(io.BytesIO(sst))
    assert list(ours) == ["Transport & Opslag", "Özdemir-van 't Hof", ""]
