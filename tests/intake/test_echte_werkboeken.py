"""Workbooks as people make them: saved by LibreOffice Calc (.xlsx and .ods), written by
xlsxwriter, and CSV files; merged cells, hidden rows, formulas, numbers in text columns.

The LibreOffice files are made once per session, in one LibreOffice run per target format.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from overeenkomsten.cli import main
from overeenkomsten.errors import Problem
from overeenkomsten.intake import IntakeRij, open_intake, read_intake
from overeenkomsten.intake.kolommen import KOPPEN, KOPPEN_WERKPROCESSEN
from tests.conftest import data_path
from tests.intake.conftest import convert_with_libreoffice, dutch_row

WERKPROCESSEN = [
    ("B1-K1-W1", "Ontvangt goederen"),
    ("B1-K1-W2", "Controleert goederen"),
    ("B1-K1-W3", "Slaat goederen op"),
]


def record() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_path("traject.json").read_text(encoding="utf-8"))
    data["werkprocessen"] = [{"code": c, "titel": t, "crebo": "25371"} for c, t in WERKPROCESSEN]
    return data


def diploma(traject_id: str) -> dict[str, Any]:
    data = record()
    data["traject_id"] = traject_id
    data["einddoel"] = "diploma"
    data["werkprocessen"] = []
    return data


def write_merged(path: Path) -> Path:
    """openpyxl: a Traject-ID merged over three Werkprocessen rows, Lesplaats+Lesdagen
    merged, a hidden row, a phone number typed as a number."""
    row = dutch_row(record())
    row[KOPPEN["kandidaat.telefoon"]] = 612345678
    row[KOPPEN["opleiding.lesdagen"]] = None
    headers = list(row)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trajecten"
    sheet.append(headers)
    sheet.append([row[h] for h in headers])
    verborgen = dutch_row(diploma("RMT-VERBORGEN"))
    sheet.append([verborgen.get(h) for h in headers])
    sheet.row_dimensions[3].hidden = True
    plaats = headers.index(KOPPEN["opleiding.lesplaats"]) + 1
    dagen = headers.index(KOPPEN["opleiding.lesdagen"]) + 1
    assert dagen == plaats + 1, "Lesplaats and Lesdagen are neighbours"
    sheet.merge_cells(start_row=2, start_column=plaats, end_row=2, end_column=dagen)
    wp = book.create_sheet("Werkprocessen")
    wp.append(list(KOPPEN_WERKPROCESSEN.values()))
    for index, (code, titel) in enumerate(WERKPROCESSEN):
        wp.append(["RMT-TW-2026-0042" if index == 0 else None, code, titel, "25371"])
    wp.merge_cells("A2:A4")
    book.save(path)
    return path


def write_with_xlsxwriter(path: Path) -> Path:
    """xlsxwriter: formulas (it stores 0 and asks for recalculation on opening), a BSN
    written as a formula, and a merged Traject-ID in Werkprocessen."""
    rows = [record(), diploma("RMT-DATUM"), diploma("RMT-BSN"), diploma("RMT-NAAM")]
    flat = [dutch_row(r) for r in rows]
    headers = list(flat[0])
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Trajecten")
    text = book.add_format({"num_format": "@"})
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header)
    formulas = {
        (1, KOPPEN["financiering.opleidingskosten"]): "=2*1625",
        (2, KOPPEN["startdatum"]): "=DATE(2026,9,7)",
        (3, KOPPEN["kandidaat.bsn"]): "=111222333",
        (4, KOPPEN["opleiding.naam"]): '="Logistiek "&"111222333"',
    }
    for number, values in enumerate(flat, start=1):
        for column, header in enumerate(headers):
            formula = formulas.get((number, header))
            if formula is not None:
                sheet.write_formula(number, column, formula)
            elif values.get(header) is not None:
                sheet.write_string(number, column, str(values[header]), text)
    wp = book.add_worksheet("Werkprocessen")
    for column, header in enumerate(KOPPEN_WERKPROCESSEN.values()):
        wp.write_string(0, column, header)
    wp.merge_range(1, 0, 3, 0, "RMT-TW-2026-0042")
    for number, (code, titel) in enumerate(WERKPROCESSEN, start=1):
        wp.write_string(number, 1, code)
        wp.write_string(number, 2, titel)
        wp.write_string(number, 3, "25371")
    book.close()
    return path


@pytest.fixture(scope="session")
def werkboeken(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every workbook of this module by name; the LibreOffice ones made in two runs."""
    folder = tmp_path_factory.mktemp("echte-werkboeken")
    bron = {
        "samengevoegd": write_merged(folder / "samengevoegd.xlsx"),
        "xlsxwriter": write_with_xlsxwriter(folder / "xlsxwriter.xlsx"),
    }
    convert_with_libreoffice(soffice, list(bron.values()), folder / "lo-xlsx")
    convert_with_libreoffice(soffice, list(bron.values()), folder / "lo-ods", target="ods:calc8")
    out = dict(bron)
    for name in bron:
        out[f"{name}-lo.xlsx"] = folder / "lo-xlsx" / f"{name}.xlsx"
        out[f"{name}-lo.ods"] = folder / "lo-ods" / f"{name}.ods"
    return out


def by_id(rows: list[IntakeRij]) -> dict[str | None, IntakeRij]:
    return {r.traject_id: r for r in rows}


def codes(problems: list[Problem]) -> list[tuple[str | None, str | None, str]]:
    return [(p.blad, p.kolom, p.code) for p in problems]


# --- merged cells and hidden rows -------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["samengevoegd", "samengevoegd-lo.xlsx", "samengevoegd-lo.ods"])
def test_merged_cells_read_as_their_top_left_value_with_a_warning(
    werkboeken: dict[str, Path], name: str
) -> None:
    rows, file_problems = read_intake(werkboeken[name])
    rij = by_id(rows)["RMT-TW-2026-0042"]
    assert rij.traject is not None, rij.fouten
    # A Traject-ID merged over three Werkprocessen rows: three werkprocessen, not one.
    assert [w.code for w in rij.traject.werkprocessen] == [c for c, _ in WERKPROCESSEN]
    # Lesplaats and Lesdagen merged: both read the value, and the range is named.
    assert (rij.traject.opleiding.lesplaats, rij.traject.opleiding.lesdagen) == (
        "Hengelo",
        "Hengelo",
    )
    merged = {p.waarde: p for p in rij.waarschuwingen if p.code == "cellen-samengevoegd"}
    assert set(merged) == {"A2:A4", merged_range_of_lesplaats(werkboeken[name])}
    assert merged["A2:A4"].blad == "Werkprocessen"
    assert "A2:A4" in merged["A2:A4"].bericht
    # The hidden row is read, and one warning counts it.
    assert by_id(rows)["RMT-VERBORGEN"].traject is not None
    (hidden,) = [p for p in file_problems if p.code == "rijen-verborgen"]
    assert hidden.ernst == "waarschuwing"
    assert hidden.bericht.startswith("1 rij is verborgen of weggefilterd")
    # A phone number typed as a number gets its leading 0 back.
    assert rij.traject.kandidaat.telefoon == "0612345678"


def merged_range_of_lesplaats(path: Path) -> str:
    headers = list(dutch_row(record()))
    column = headers.index(KOPPEN["opleiding.lesplaats"]) + 1
    first = openpyxl.utils.get_column_letter(column)
    last = openpyxl.utils.get_column_letter(column + 1)
    return f"{first}2:{last}2"


# --- formulas -------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_formulas_xlsxwriter_asks_to_recalculate_are_errors_not_zero(
    werkboeken: dict[str, Path],
) -> None:
    rows, _ = read_intake(werkboeken["xlsxwriter"])
    found = by_id(rows)
    kosten = found["RMT-TW-2026-0042"]
    assert kosten.traject is None
    assert codes(kosten.fouten) == [("Trajecten", "Opleidingskosten", "cel-formule-zonder-waarde")]
    assert "Open het in Excel of LibreOffice en sla het op" in kosten.fouten[0].bericht
    # The merged Traject-ID in Werkprocessen still gives three werkprocessen (no orphans).
    assert not [p for p in kosten.problemen if p.blad == "Werkprocessen" and p.ernst == "fout"]
    datum = found["RMT-DATUM"]
    assert codes(datum.fouten) == [("Trajecten", "Startdatum", "cel-formule-zonder-waarde")]
    assert "tijd" not in datum.fouten[0].bericht


@pytest.mark.libreoffice
def test_libreoffice_resave_of_xlsxwriter_keeps_the_merged_werkprocessen(
    werkboeken: dict[str, Path],
) -> None:
    """LibreOffice converting headless does not recalculate: it stores xlsxwriter's 0 and
    drops the request to recalculate (a limit of what a file can tell; the trusted cached
    values of formulas LibreOffice did compute are tested in test_excel.py)."""
    for name in ("xlsxwriter-lo.xlsx", "xlsxwriter-lo.ods"):
        rows, _ = read_intake(werkboeken[name])
        kosten = by_id(rows)["RMT-TW-2026-0042"].traject
        assert kosten is not None, name
        assert len(kosten.werkprocessen) == 3


@pytest.mark.libreoffice
def test_a_bsn_written_as_a_formula_is_never_printed(werkboeken: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["valideer", str(werkboeken["xlsxwriter"]), "--json"])
    assert result.exit_code == 1, result.output
    assert "111222333" not in result.output
    data = json.loads(result.output)
    bsn = [f for f in data["fouten"] if f["kolom"] == KOPPEN["kandidaat.bsn"]]
    assert [f["code"] for f in bsn] == ["cel-formule-zonder-waarde"]
    assert bsn[0]["waarde"].endswith("2333")
    naam = [f for f in data["fouten"] if f["kolom"] == KOPPEN["opleiding.naam"]]
    assert "*****2333" in naam[0]["bericht"]  # quoted in the formula, masked
    table = CliRunner().invoke(main, ["valideer", str(werkboeken["xlsxwriter"])])
    assert "111222333" not in table.output


# --- choices and dates (V14), in a workbook and in JSON --------------------------------


def v14(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["einddoel"] = " Praktijkverklaring "
    data["opleiding"]["leerweg"] = " ovo "
    data["kandidaat"]["inkomen"] = "Uitkering"
    data["financiering"]["betaald_door"] = "rmt"
    data["startdatum"] = "7 september 2026"
    data["einddatum"] = "11 jun. 2027"
    data["ondertekening"]["datum"] = "2026-08-31 00:00:00"
    return data


def test_choices_and_dutch_dates_are_read_tolerantly_in_json(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(v14(record())), encoding="utf-8")
    (rij,), _ = read_intake(path)
    assert rij.traject is not None, rij.fouten
    t = rij.traject
    assert (t.einddoel, t.opleiding.leerweg, t.kandidaat.inkomen) == (
        "praktijkverklaring",
        "OVO",
        "uitkering",
    )
    assert t.financiering.betaald_door == "RMT"
    assert (t.startdatum, t.einddatum) == (dt.date(2026, 9, 7), dt.date(2027, 6, 11))
    assert t.ondertekening.datum == dt.date(2026, 8, 31)


def test_choices_and_dutch_dates_are_read_tolerantly_in_a_workbook(tmp_path: Path) -> None:
    data = v14(record())
    data["einddatum"] = "11 juni 2027"
    path = tmp_path / "v14.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Trajecten")
    row = dutch_row(data)
    for column, (header, value) in enumerate(row.items()):
        sheet.write_string(0, column, header)
        sheet.write(1, column, value)
    wp = book.add_worksheet("Werkprocessen")
    for number, values in enumerate(
        [list(KOPPEN_WERKPROCESSEN.values())]
        + [[data["traject_id"], c, t, "25371"] for c, t in WERKPROCESSEN]
    ):
        wp.write_row(number, 0, values)
    book.close()
    (rij,), _ = read_intake(path)
    assert rij.traject is not None, rij.fouten
    assert rij.traject.einddatum == dt.date(2027, 6, 11)


def test_two_digit_year_is_an_error_proposing_four_digits(tmp_path: Path) -> None:
    data = record()
    data["kandidaat"]["geboortedatum"] = "14-3-88"
    data["startdatum"] = "7-9-26"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (rij,), _ = read_intake(path)
    berichten = {p.pad: p.bericht for p in rij.fouten}
    assert "bedoelt u 14-3-1988?" in berichten["kandidaat.geboortedatum"]
    assert "bedoelt u 7-9-2026?" in berichten["startdatum"]


# --- CSV (domein.md section 11) -------------------------------------------------------


def csv_text(data: dict[str, Any], delimiter: str, **cells: str) -> str:
    row = {k: str(v) for k, v in dutch_row(data).items()}
    row.update(cells)
    quote = {k: f'"{v}"' if delimiter in v or '"' in v or "\n" in v else v for k, v in row.items()}
    return delimiter.join(row) + "\n" + delimiter.join(quote.values()) + "\n"


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "cp1252")],
)
def test_csv_with_sniffed_delimiter_encoding_and_a_werkprocessen_file(
    tmp_path: Path, delimiter: str, encoding: str
) -> None:
    data = record()
    data["kandidaat"]["achternaam"] = "Özdemir"  # in cp1252 too
    path = tmp_path / "intake.csv"
    kosten = {KOPPEN["financiering.opleidingskosten"]: "€ 2.875,50"}
    path.write_text(csv_text(data, delimiter, **kosten), encoding=encoding)
    wp_lines = [delimiter.join(KOPPEN_WERKPROCESSEN.values())]
    wp_lines += [delimiter.join([data["traject_id"], c, t, "25371"]) for c, t in WERKPROCESSEN]
    (tmp_path / "intake.werkprocessen.csv").write_text(
        "\n".join(wp_lines) + "\n", encoding=encoding
    )
    stream = open_intake(path)
    assert stream.soort in ("xlsx", "csv")
    (rij,) = list(stream)
    assert rij.traject is not None, rij.fouten
    assert rij.rij == 2
    assert rij.traject.kandidaat.achternaam == "Özdemir"
    assert str(rij.traject.financiering.opleidingskosten) == "2875.50"
    assert len(rij.traject.werkprocessen) == 3


def test_csv_werkprocessen_column_amounts_and_line_numbers(tmp_path: Path) -> None:
    first = record()
    second = diploma("RMT-2")
    third = diploma("RMT-3")
    codes_cell = "|".join(f"{c} {t}" for c, t in WERKPROCESSEN)
    kosten = KOPPEN["financiering.opleidingskosten"]
    text = csv_text(first, ";", werkprocessen=codes_cell, **{kosten: "2875.5"})
    # A text cell spanning lines 3 and 4: the next row starts on line 5 of the file.
    text += csv_text(
        second,
        ";",
        werkprocessen="",
        **{kosten: "2.875,50", KOPPEN["opleiding.lesdagen"]: "di\nwo"},
    ).split("\n", 1)[1]
    text += (
        text.splitlines(keepends=True)[1]
        .replace("RMT-TW-2026-0042", "RMT-3", 1)
        .replace("2875.5", "1.625")
    )
    path = tmp_path / "intake.csv"
    path.write_text(text, encoding="utf-8")
    rows = list(open_intake(path))
    assert [r.rij for r in rows] == [2, 3, 5]
    assert rows[0].traject is not None, rows[0].fouten
    assert [w.code for w in rows[0].traject.werkprocessen] == [c for c, _ in WERKPROCESSEN]
    assert str(rows[0].traject.financiering.opleidingskosten) == "2875.50"
    # A line break inside a text is refused (single-line text), at the row's first line.
    assert [(p.rij, p.code) for p in rows[1].fouten] == [(3, "tekst-ongeldig-teken")]
    (fout,) = rows[2].fouten
    assert (fout.rij, fout.kolom, fout.code) == (5, kosten, "bedrag-dubbelzinnig")
    assert "1.625,00 euro" in fout.bericht
    assert "1,625 euro" in fout.bericht
    assert third["traject_id"] == rows[2].traject_id


# --- Afronding (a third joined sheet) -------------------------------------------------


@pytest.mark.parametrize("per_code", [False, True])
def test_afronding_sheet_joins_by_traject_id(tmp_path: Path, per_code: bool) -> None:
    data = record()
    path = tmp_path / "afronding.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trajecten"
    row = dutch_row(data)
    sheet.append(list(row))
    sheet.append(list(row.values()))
    wp = book.create_sheet("Werkprocessen")
    wp.append(list(KOPPEN_WERKPROCESSEN.values()))
    for code, titel in WERKPROCESSEN:
        wp.append([data["traject_id"], code, titel, "25371"])
    af = book.create_sheet("Afronding")
    af.append(["Traject-ID", "Werkelijke einddatum", "Reden einde", "Datum afgifte",
               "Behaalde werkprocessen"])  # fmt: skip
    if per_code:
        af.append([data["traject_id"], "11-6-2027", "Behaald", "11-6-2027", "B1-K1-W1"])
        af.append([data["traject_id"], None, None, None, "B1-K9-W9"])
    else:
        af.append([data["traject_id"], "11-6-2027", "Behaald", "11-6-2027", "B1-K1-W1; B1-K9-W9"])
    book.save(path)
    (rij,), file_problems = read_intake(path)
    assert file_problems == []
    assert rij.traject is None  # an unknown code on the Afronding sheet
    (fout,) = [p for p in rij.fouten if p.code == "behaald-werkproces-onbekend"]
    assert (fout.blad, fout.rij, fout.kolom) == ("Afronding", 3 if per_code else 2,
                                                 "Behaalde werkprocessen")  # fmt: skip


def test_csv_with_excels_sep_line_keeps_line_numbers(tmp_path: Path) -> None:
    data = diploma("RMT-SEP")
    path = tmp_path / "export.csv"
    body = csv_text(data, ",", **{KOPPEN["kandidaat.bsn"]: "111222334"})
    path.write_text("sep=,\n" + body, encoding="utf-8-sig")
    stream = open_intake(path)
    assert stream.soort == "csv"
    (rij,) = list(stream)
    assert rij.rij == 3  # line 3 of the file: after "sep=," and the header
    assert [(p.rij, p.kolom, p.code, p.waarde) for p in rij.fouten] == [
        (3, KOPPEN["kandidaat.bsn"], "bsn-elfproef", "*****2334")
    ]


@pytest.mark.libreoffice
def test_fast_first_pass_reads_what_the_full_reader_reads(
    werkboeken: dict[str, Path], tmp_path: Path
) -> None:
    """The first pass scans bytes for speed; it must agree with the XML reader, or give
    way to it (Langzaam) when the sheet has something it does not handle."""
    from overeenkomsten.basis.werkboek import Langzaam, Werkboek, open_werkboek

    odd = tmp_path / "odd.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Traject-ID", "Naam"])
    sheet.append(["A & B <1>", "x"])
    sheet.append([None, "alleen naam"])
    sheet.append([42, None])
    sheet.append(["  ", None])
    sheet.append(["RMT-5", "verborgen"])
    sheet.row_dimensions[6].hidden = True
    book.save(odd)
    fast_paths = 0
    for path in [odd, *(p for n, p in werkboeken.items() if p.suffix == ".xlsx")]:
        with open_werkboek(path) as werkboek:
            for name in werkboek.sheetnames:
                for column in (1, 2):
                    slow = list(Werkboek.scan_column(werkboek, name, column))
                    try:
                        fast = list(werkboek.scan_column(name, column))
                    except Langzaam:
                        continue
                    fast_paths += 1
                    assert fast == slow, (path.name, name, column)
    assert fast_paths >= 4
    with open_werkboek(odd) as werkboek:
        assert list(werkboek.scan_column("Sheet", 1)) == [
            (2, "A & B <1>", False, False),
            (3, None, False, False),
            (4, 42, False, False),
            (5, "  ", False, True),
            (6, "RMT-5", True, False),
        ]


@pytest.mark.libreoffice
def test_a_bsn_formula_stays_masked_in_the_foutenrapport(
    werkboeken: dict[str, Path], tmp_path: Path
) -> None:
    import zipfile

    from overeenkomsten.intake.foutenrapport import ReportRow, write_error_report

    stream = open_intake(werkboeken["xlsxwriter"])
    invalid = [ReportRow(r.rij, r.ruwe_waarden, r.fouten) for r in stream if r.traject is None]
    assert len(invalid) == 4
    report = tmp_path / "foutenrapport.xlsx"
    write_error_report(
        report,
        stream.kolommen,
        invalid,
        is_bsn_column=lambda h: h == KOPPEN["kandidaat.bsn"],
        overige=stream.bestandsproblemen,
    )
    with zipfile.ZipFile(report) as archive:
        text = b"".join(archive.read(n) for n in archive.namelist())
    assert b"111222333" not in text
    assert b"2333" in text


def test_numbers_in_text_columns_keep_their_form_or_are_named(tmp_path: Path) -> None:
    data = record()
    row = dutch_row(data)
    row[KOPPEN["kandidaat.telefoon"]] = 31612345678  # +31 lost: ambiguous
    row[KOPPEN["praktijkopleider.telefoon"]] = 741234567  # 074-1234567 as a number
    row[KOPPEN["kandidaat.postcode"]] = 7511
    path = tmp_path / "getallen.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trajecten"
    sheet.append(list(row))
    sheet.append(list(row.values()))
    wp = book.create_sheet("Werkprocessen")
    wp.append(list(KOPPEN_WERKPROCESSEN.values()))
    for code, titel in WERKPROCESSEN:
        wp.append([data["traject_id"], code, titel, "25371"])
    book.save(path)
    (rij,), _ = read_intake(path)
    assert [(p.kolom, p.code, p.ernst) for p in rij.problemen] == [
        (KOPPEN["kandidaat.postcode"], "postcode-als-getal", "fout"),
        (KOPPEN["kandidaat.telefoon"], "telefoon-als-getal", "waarschuwing"),
    ]
    assert "letters ontbreken" in rij.problemen[0].bericht
