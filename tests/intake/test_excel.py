"""The Excel intake with real workbooks: every quirk a back office's spreadsheet has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten.errors import InputError, Problem
from overeenkomsten.intake import IntakeRij, open_intake, read_intake
from tests.intake.conftest import Row, convert_with_libreoffice, write_workbook

BSN_MET_NUL = "012345672"  # passes the elfproef; Excel shows it as 12345672


def read(path: Path) -> tuple[list[IntakeRij], list[Problem]]:
    return read_intake(path)


def only(rows: list[IntakeRij]) -> IntakeRij:
    assert len(rows) == 1
    return rows[0]


def where(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [(p.blad, p.rij, p.kolom, p.code) for p in problems]


def test_valid_workbook_gives_a_traject(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    rows, file_problems = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    rij = only(rows)
    assert (file_problems, rij.problemen) == ([], [])
    assert rij.traject is not None
    assert rij.rij == 2
    assert rij.index is None
    assert rij.traject_id == "RMT-TW-2026-0042"
    assert [w.code for w in rij.traject.werkprocessen] == ["B1-K1-W1", "B1-K1-W3"]
    assert rij.ruwe_waarden["Achternaam kandidaat"] == "Yılmaz"
    assert rij.ruwe_waarden["BSN kandidaat"] == "*****2333"


def test_headers_match_tolerantly_and_in_any_order(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    variants = {
        "Achternaam kandidaat": "  ACHTERNAAM   kandidaat ",
        "Geboortedatum kandidaat": "Géboortedatum_kandidaat",
        "E-mail kandidaat": "Email Kandidaat",
        "BSN kandidaat": "kandidaat.bsn",
        "Naam ondertekenaar leerbedrijf": "leerbedrijf.ondertekenaar.naam",
    }
    renamed = {variants.get(k, k): v for k, v in reversed(list(row.items()))}
    stream = open_intake(write_workbook(tmp_path / "i.xlsx", [renamed], werkprocessen))
    rij = only(list(stream))
    assert stream.bestandsproblemen == []
    assert rij.traject is not None
    assert rij.traject.kandidaat.achternaam == "Yılmaz"
    assert "  ACHTERNAAM   kandidaat" in stream.kolommen or "ACHTERNAAM   kandidaat" in (
        stream.kolommen
    )


def test_missing_required_column_is_one_error_naming_it(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    del row["Achternaam kandidaat"]
    rows, file_problems = read(
        write_workbook(
            tmp_path / "i.xlsx",
            [row, {**row, "Traject-ID": "B", "Einddoel": "diploma"}],
            werkprocessen,
        )
    )
    assert where(file_problems) == [("Trajecten", None, "Achternaam kandidaat", "kolom-ontbreekt")]
    assert "De kolom 'Achternaam kandidaat' ontbreekt" in file_problems[0].bericht
    assert all(r.traject is None and r.problemen == [] for r in rows)


def test_missing_bsn_and_onderwijsnummer_columns_is_one_error(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    del row["BSN kandidaat"]
    rows, file_problems = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    assert [p.kolom for p in file_problems] == ["BSN kandidaat"]
    assert "Onderwijsnummer kandidaat" in file_problems[0].bericht
    assert only(rows).problemen == []


def test_unknown_column_is_a_warning_with_a_suggestion(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Achternam kandidaat"] = row.pop("Achternaam kandidaat")
    row["Opmerking"] = "belt terug"
    row["Startdatum opleiding"] = row.pop("Startdatum")
    rows, file_problems = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    assert [(p.kolom, p.ernst) for p in file_problems] == [
        ("Startdatum", "fout"),
        ("Achternaam kandidaat", "fout"),
        ("Achternam kandidaat", "waarschuwing"),
        ("Opmerking", "waarschuwing"),
        ("Startdatum opleiding", "waarschuwing"),
    ]
    # Suggestions point at the MISSING column most like the typed header.
    assert "Bedoelt u 'Achternaam kandidaat'?" in file_problems[2].bericht
    assert "Bedoelt u" not in file_problems[3].bericht
    assert "Bedoelt u 'Startdatum'?" in file_problems[4].bericht
    assert "Is dat de kolom 'Startdatum opleiding'?" in file_problems[0].bericht
    assert only(rows).traject is None


def test_duplicate_column_is_an_error(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    headers = [*row, "kandidaat.achternaam"]
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen, headers=headers)
    _, file_problems = read(path)
    assert where(file_problems) == [("Trajecten", 1, "kandidaat.achternaam", "kolom-dubbel")]


def test_identifiers_typed_as_numbers_get_their_leading_zeros_back(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["BSN kandidaat"] = int(BSN_MET_NUL)
    row["KvK-nummer leerbedrijf"] = 1234567.0  # a float as Excel stores numbers
    row["Crebo opleiding"] = 25371
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    traject = only(rows).traject
    assert traject is not None
    assert (traject.kandidaat.bsn, traject.leerbedrijf.kvk) == (BSN_MET_NUL, "01234567")
    assert traject.opleiding.crebo == "25371"


def test_float_bsn_arrives_as_int(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["BSN kandidaat"] = 12345672.0
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    traject = only(rows).traject
    assert traject is not None
    assert traject.kandidaat.bsn == BSN_MET_NUL


def test_crebo_is_never_padded(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Crebo opleiding"] = 2537
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    rij = only(rows)
    assert rij.traject is None
    assert where(rij.fouten) == [("Trajecten", 2, "Crebo opleiding", "crebo-ongeldig")]
    assert rij.fouten[0].waarde == 2537


def test_wrong_bsn_is_masked_in_the_problem(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["BSN kandidaat"] = "123456789"
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    (problem,) = only(rows).problemen
    assert (problem.kolom, problem.code, problem.waarde) == (
        "BSN kandidaat",
        "bsn-elfproef",
        "*****6789",
    )
    assert only(rows).ruwe_waarden["BSN kandidaat"] == "*****6789"


def test_excel_error_cell_is_a_problem_for_that_cell(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Naam opleiding"] = "#N/A"  # openpyxl writes this as an error cell
    row["BSN kandidaat"] = "#REF!"
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    rij = only(rows)
    assert rij.traject is None
    assert sorted((p.kolom, p.code, p.waarde) for p in rij.problemen) == [
        ("BSN kandidaat", "cel-excel-fout", "*REF!"),  # masked like any BSN cell
        ("Naam opleiding", "cel-excel-fout", "#N/A"),
    ]
    assert "Excel-fout (#N/A)" in next(p.bericht for p in rij.problemen if p.waarde == "#N/A")


def test_blank_rows_are_skipped_and_rows_keep_their_excel_number(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    second = {**row, "Traject-ID": "RMT-2", "BSN kandidaat": "123456789"}
    blank = {k: "  " for k in row}
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row, None, blank, second], werkprocessen))
    assert [r.rij for r in rows] == [2, 5]
    assert rows[1].problemen[0].rij == 5


def test_date_cells_text_dates_and_times(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Startdatum"] = dt.datetime(2026, 9, 7)
    row["Einddatum"] = "11-6-2027"
    row["Datum ondertekening"] = dt.datetime(2026, 8, 31, 14, 30)
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    rij = only(rows)
    assert where(rij.problemen) == [("Trajecten", 2, "Datum ondertekening", "datum-met-tijd")]
    row["Datum ondertekening"] = dt.date(2026, 8, 31)
    rows, _ = read(write_workbook(tmp_path / "j.xlsx", [row], werkprocessen))
    traject = only(rows).traject
    assert traject is not None
    assert (traject.startdatum, traject.einddatum) == (dt.date(2026, 9, 7), dt.date(2027, 6, 11))


def test_bad_date_text_names_row_and_column(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Geboortedatum kandidaat"] = "31-2-1988"
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    assert where(only(rows).problemen) == [
        ("Trajecten", 2, "Geboortedatum kandidaat", "datum-bestaat-niet")
    ]


def test_excel_turning_a_house_number_into_a_date_is_explained(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Huisnummer kandidaat"] = dt.datetime(2026, 5, 3)  # the user typed 3-5
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    (problem,) = only(rows).problemen
    assert (problem.kolom, problem.code) == ("Huisnummer kandidaat", "datum-in-tekstkolom")
    assert "3 mei 2026" in problem.bericht


def test_optional_object_is_none_when_all_its_columns_are_empty(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    headers = [*row, "Naam jobcoach", "Organisatie jobcoach", "Naam wettelijk vertegenwoordiger"]
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen, headers=headers)
    traject = only(read(path)[0]).traject
    assert traject is not None
    assert (traject.jobcoach, traject.kandidaat.wettelijk_vertegenwoordiger) == (None, None)


def test_half_filled_optional_object_names_the_empty_column(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Naam jobcoach"] = "L. Mulder"
    headers = [*row, "Organisatie jobcoach"]
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen, headers=headers)
    assert where(only(read(path)[0]).problemen) == [
        ("Trajecten", 2, "Organisatie jobcoach", "verplicht")
    ]


def test_minor_without_vertegenwoordiger_names_that_column(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Geboortedatum kandidaat"] = "1-9-2008"  # 17 on 31-8-2026
    headers = [*row, "Naam wettelijk vertegenwoordiger"]
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen, headers=headers)
    assert where(only(read(path)[0]).problemen) == [
        (
            "Trajecten",
            2,
            "Naam wettelijk vertegenwoordiger",
            "wettelijk-vertegenwoordiger-ontbreekt",
        )
    ]


def test_281_day_placement_names_the_placement_column_even_when_absent(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Einddatum"] = "14-6-2027"  # 2026-09-07 + 280 days: 281 days inclusive
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    (problem,) = [p for p in only(rows).problemen if p.ernst == "fout"]
    assert (problem.kolom, problem.code) == ("Einddatum plaatsing", "plaatsing-langer-dan-40-weken")


def test_niveau_mismatch_names_the_niveau_column(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Niveau opleiding"] = 3
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    assert where(only(rows).problemen) == [
        ("Trajecten", 2, "Niveau opleiding", "niveau-wijkt-af-van-register")
    ]


def test_duplicate_traject_id_is_an_error_on_both_rows(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    other = {**row, "Traject-ID": "RMT-2", "Einddoel": "diploma"}
    path = write_workbook(tmp_path / "i.xlsx", [row, other, row], werkprocessen)
    rows, _ = read(path)
    assert [r.traject is None for r in rows] == [True, False, True]
    for rij in (rows[0], rows[2]):
        (problem,) = rij.problemen
        assert (problem.rij, problem.kolom, problem.code) == (
            rij.rij,
            "Traject-ID",
            "traject-id-dubbel",
        )
        assert "rijen 2 en 4" in problem.bericht


def test_orphan_werkproces_row_is_a_file_problem_with_row_and_column(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    orphan = {"Traject-ID": "RMT-BESTAAT-NIET", "Code": "B1-K1-W2", "Titel": "x", "Crebo": 25371}
    no_id = {"Code": "B1-K1-W4", "Titel": "y", "Crebo": 25371}
    path = write_workbook(tmp_path / "i.xlsx", [row], [*werkprocessen, None, orphan, no_id])
    stream = open_intake(path)
    assert where(stream.bestandsproblemen) == [
        ("Werkprocessen", 5, "Traject-ID", "werkproces-zonder-traject"),
        ("Werkprocessen", 6, "Traject-ID", "traject-id-leeg"),
    ]
    assert "RMT-BESTAAT-NIET" in stream.bestandsproblemen[0].bericht
    assert only(list(stream)).traject is not None


def test_werkproces_problem_points_at_the_werkprocessen_sheet(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    assert werkprocessen[1] is not None
    werkprocessen[1]["Code"] = "B1-W3"
    werkprocessen[1]["Crebo"] = "#N/A"
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    assert where(only(rows).problemen) == [
        ("Werkprocessen", 3, "Code", "werkproces-code-ongeldig"),
        ("Werkprocessen", 3, "Crebo", "cel-excel-fout"),
    ]


def test_werkprocessen_sheet_may_be_missing_for_a_diploma(
    tmp_path: Path, row: dict[str, Any]
) -> None:
    row["Einddoel"] = "diploma"
    rows, _ = read(write_workbook(tmp_path / "i.xlsx", [row]))
    assert only(rows).traject is not None
    row["Einddoel"] = "praktijkverklaring"
    rows, _ = read(write_workbook(tmp_path / "j.xlsx", [row]))
    (problem,) = only(rows).problemen
    assert (problem.blad, problem.rij, problem.pad) == ("Trajecten", 2, "werkprocessen")


def test_werkprocessen_with_numeric_traject_ids_join(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    row["Traject-ID"] = 42
    for wp in werkprocessen:
        assert wp is not None
        wp["Traject-ID"] = 42.0
    rows, file_problems = read(write_workbook(tmp_path / "i.xlsx", [row], werkprocessen))
    traject = only(rows).traject
    assert file_problems == []
    assert traject is not None
    assert (traject.traject_id, len(traject.werkprocessen)) == ("42", 2)


def test_sheet_names_match_tolerantly(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen, blad="trajecten ")
    rows, _ = read(path)
    assert only(rows).traject is not None


def test_missing_trajecten_sheet_is_unreadable_input(tmp_path: Path, row: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        open_intake(write_workbook(tmp_path / "i.xlsx", [row], blad="Blad1"))
    assert info.value.code == "blad-trajecten-ontbreekt"
    assert "Blad1" in info.value.bericht


@pytest.mark.parametrize("rows", [[], [None, None]])
def test_sheet_without_trajectories_is_unreadable_input(
    tmp_path: Path, row: dict[str, Any], rows: list[Row]
) -> None:
    with pytest.raises(InputError) as info:
        open_intake(write_workbook(tmp_path / "i.xlsx", rows, headers=list(row)))
    assert info.value.code == "geen-trajecten"


def test_stream_knows_file_problems_and_count_before_iterating(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    rows = [{**row, "Traject-ID": f"RMT-{i}"} for i in range(5)]
    stream = open_intake(write_workbook(tmp_path / "i.xlsx", [*rows, row], werkprocessen))
    assert stream.aantal == 6
    assert stream.soort == "xlsx"
    assert [r.rij for r in stream] == [2, 3, 4, 5, 6, 7]
    assert [r.rij for r in stream] == [2, 3, 4, 5, 6, 7]  # iterating again reads anew


@pytest.fixture(scope="module")
def libreoffice_workbooks(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV and an openpyxl workbook with formulas, both saved by LibreOffice Calc."""
    import json

    import openpyxl

    from overeenkomsten.intake.kolommen import KOPPEN, KOPPEN_WERKPROCESSEN
    from tests.conftest import data_path
    from tests.intake.conftest import dutch_row, werkproces_rows

    folder = tmp_path_factory.mktemp("libreoffice")
    record = json.loads(data_path("traject.json").read_text(encoding="utf-8"))
    record["kandidaat"]["bsn"] = BSN_MET_NUL
    row = dutch_row(record)
    # Dates stay ISO text in the CSV: LibreOffice makes date cells of them.
    csv_lines = [
        ",".join(row),
        ",".join(f'"{v}"' if "," in str(v) else str(v) for v in row.values()),
    ]
    # LibreOffice names the sheet after the file.
    (folder / "Trajecten.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trajecten"
    headers = list(row)
    sheet.append(headers)
    sheet.append([row[h] for h in headers])
    column = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(headers, start=1)}
    sheet[f"{column[KOPPEN['bpv.uren_per_week']]}2"] = "=16*2"
    sheet[f"{column[KOPPEN['kandidaat.achternaam']]}2"] = '=CONCATENATE("Yıl","maz")'
    sheet[f"{column[KOPPEN['opleiding.lesdagen']]}2"] = "=NA()"
    wp_sheet = book.create_sheet("Werkprocessen")
    wp_headers = list(KOPPEN_WERKPROCESSEN.values())
    wp_sheet.append(wp_headers)
    for wp in werkproces_rows(record):
        assert wp is not None
        wp_sheet.append([wp[h] for h in wp_headers])
    book.save(folder / "formules.xlsx")

    out = folder / "uit"
    convert_with_libreoffice(soffice, [folder / "Trajecten.csv"], out, csv=True)
    convert_with_libreoffice(soffice, [folder / "formules.xlsx"], out)
    return out


@pytest.mark.libreoffice
def test_libreoffice_csv_import_loses_leading_zeros_and_we_restore_them(
    libreoffice_workbooks: Path,
) -> None:
    rows, file_problems = read(libreoffice_workbooks / "Trajecten.xlsx")
    rij = only(rows)
    assert file_problems == []
    assert rij.ruwe_waarden["Startdatum"] == dt.date(2026, 9, 7)  # a real date cell
    assert rij.ruwe_waarden["BSN kandidaat"] == "****5672"  # LibreOffice made it a number
    # Einddoel praktijkverklaring without the Werkprocessen sheet: the only error.
    assert [p.code for p in rij.problemen] == ["werkprocessen-ontbreken"]


@pytest.mark.libreoffice
def test_libreoffice_formulas_are_read_as_their_values(libreoffice_workbooks: Path) -> None:
    rows, _ = read(libreoffice_workbooks / "formules.xlsx")
    rij = only(rows)
    assert where(rij.problemen) == [("Trajecten", 2, "Lesdagen", "cel-excel-fout")]
    assert rij.ruwe_waarden["Uren per week"] == 32
    assert rij.ruwe_waarden["Achternaam kandidaat"] == "Yılmaz"


def test_werkproces_row_without_id_below_a_trajectory_makes_it_invalid(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    """Not a file-level footnote: the trajectory would silently lose a werkproces."""
    no_id = {"Code": "B1-K1-W4", "Titel": "y", "Crebo": 25371}
    path = write_workbook(tmp_path / "i.xlsx", [row], [*werkprocessen, no_id])
    stream = open_intake(path)
    assert stream.bestandsproblemen == []
    rij = only(list(stream))
    assert rij.traject is None
    assert where(rij.fouten) == [("Werkprocessen", 4, "Traject-ID", "traject-id-leeg")]
    assert "RMT-TW-2026-0042" in rij.fouten[0].bericht


def test_workbook_is_read_once_a_save_during_the_run_changes_nothing(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    """The stream reads the snapshot taken when it was opened, not the file again."""
    path = write_workbook(tmp_path / "i.xlsx", [row], werkprocessen)
    stream = open_intake(path)
    # The user saves the workbook with its columns reversed and another surname.
    reordered = {k: row[k] for k in reversed(list(row))}
    reordered["Achternaam kandidaat"] = "Jansen"
    write_workbook(path, [reordered], [])
    rij = only(list(stream))
    assert rij.traject is not None
    assert rij.traject.kandidaat.achternaam == "Yılmaz"
    assert [w.code for w in rij.traject.werkprocessen] == ["B1-K1-W1", "B1-K1-W3"]


def test_werkproces_id_in_other_case_makes_that_trajectory_invalid(
    tmp_path: Path, row: dict[str, Any], werkprocessen: list[Row]
) -> None:
    """'rmt-tw-2026-0042 ' was meant for RMT-TW-2026-0042: its werkproces must not drop out."""
    typo = {**werkprocessen[0], "Traject-ID": "rmt-tw-2026-0042 ", "Code": "B1-K1-W2"}
    stream = open_intake(write_workbook(tmp_path / "i.xlsx", [row], [*werkprocessen, typo]))
    assert stream.bestandsproblemen == []
    rij = only(list(stream))
    assert rij.traject is None
    assert where(rij.fouten) == [("Werkprocessen", 4, "Traject-ID", "traject-id-anders-geschreven")]
    assert "bedoelt u 'RMT-TW-2026-0042'?" in rij.fouten[0].bericht
