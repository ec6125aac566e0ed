"""Folders as people hand them in: junk beside the documents, a scan, lists of erkenningen
and a register of their own, and the ``controleer`` command itself."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from overeenkomsten import api
from overeenkomsten.cli import main
from overeenkomsten.controle import check_documents, read_erkenningen
from overeenkomsten.dossier import bundle_dossier, is_dossier
from overeenkomsten.errors import ConfigurationError, InputError
from tests.controle.bouw import image_only_pdf, write_docx
from tests.controle.helpers import BASIS, fired, only

pytestmark = pytest.mark.libreoffice


def copy_set(source: Path, target: Path, suffix: str = "pdf", *, without: str = "") -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob(f"*.{suffix}"):
        if not without or not path.stem.endswith(f"_{without}"):
            shutil.copy(path, target / path.name)
    return target


def test_junk_is_reported_by_name_and_the_rest_is_checked(
    sets: dict[str, Path], tmp_path: Path
) -> None:
    folder = copy_set(sets["basis"], tmp_path)
    (folder / "notities.txt").write_text("bellen met RMT", encoding="utf-8")
    (folder / "leeg.pdf").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(image_only_pdf())
    (folder / "kapot.docx").write_bytes(b"PK\x03\x04 this is no zip file")
    write_docx(folder / "brief.docx", ["Geachte heer, mevrouw,", "Hierbij de stukken."])
    (folder / ".~lock.brief.docx#").write_text("lock", encoding="utf-8")

    rapport = check_documents(folder)

    per_file = {
        b.documenten: (b.ernst, b.code) for b in rapport.bevindingen if b.regel == "BESTAND"
    }
    assert per_file == {
        ("notities.txt",): ("niet-gecontroleerd", "geen-document"),
        ("leeg.pdf",): ("niet-gecontroleerd", "bestand-leeg"),
        ("scan.pdf",): ("niet-gecontroleerd", "pdf-zonder-tekst"),
        ("kapot.docx",): ("niet-gecontroleerd", "docx-onleesbaar"),
        ("brief.docx",): ("niet-gecontroleerd", "document-niet-herkend"),
    }
    for finding in rapport.bevindingen:
        if finding.regel == "BESTAND":
            assert finding.bericht.startswith(finding.documenten[0])
    assert ".~lock.brief.docx#" in rapport.overgeslagen
    assert fired(rapport) == set()
    assert {"X0", "X1", "X2", "X3", "X4", "X5", "X9", "X10", "X11", "X12"} <= set(rapport.geslaagd)
    assert rapport.oordeel == "onvolledig"


def test_a_scan_in_place_of_a_document_is_not_checked_rather_than_missing(
    sets: dict[str, Path], tmp_path: Path
) -> None:
    folder = copy_set(sets["basis"], tmp_path, without="PLOK")
    (folder / f"{BASIS}_PLOK.pdf").write_bytes(image_only_pdf())
    rapport = check_documents(folder)
    assert fired(rapport) == set()
    x0 = next(b for b in rapport.bevindingen if b.regel == "X0")
    assert x0.ernst == "niet-gecontroleerd"
    assert f"{BASIS}_PLOK.pdf" in x0.bericht


def test_docx_and_pdf_side_by_side_the_pdf_is_the_document(
    sets: dict[str, Path], tmp_path: Path
) -> None:
    folder = copy_set(sets["basis"], tmp_path / "beide", "*")
    (folder / f"{BASIS}_POK.pdf").rename(folder / "getekend.pdf")  # any name
    rapport = check_documents(folder)
    assert rapport.documenten["getekend.pdf"] == "POK"
    assert f"{BASIS}_POK.docx" in rapport.overgeslagen
    assert rapport.record == "traject.json"  # read for the afronding only (X11, X17)
    assert fired(rapport) == set()


def test_a_dossier_beside_the_documents_is_skipped_not_read_as_a_document(
    sets: dict[str, Path], tmp_path: Path, soffice: str
) -> None:
    """A dossier written into the folder (bundel MAP --uit MAP/dossier.pdf) holds copies of
    every document: read as a document it gave false X0/X7 findings."""
    folder = copy_set(sets["basis"], tmp_path / "set")
    without = check_documents(folder)
    # Unsigned documents are bundled only on request (a dossier proves what was signed).
    gebundeld = bundle_dossier(folder, folder / "dossier.pdf", soffice=soffice, ook_bij_fouten=True)
    assert gebundeld.uit == folder / "dossier.pdf"
    assert is_dossier(folder / "dossier.pdf")

    rapport = check_documents(folder)

    assert "dossier.pdf" not in rapport.documenten
    assert "een dossier (gemaakt met 'bundel')" in rapport.overgeslagen["dossier.pdf"]
    assert "overeenkomsten controleer dossier.pdf" in rapport.overgeslagen["dossier.pdf"]
    assert fired(rapport) == set()
    assert rapport.as_dict()["bevindingen"] == without.as_dict()["bevindingen"]
    assert rapport.oordeel == without.oordeel
    # Handed over explicitly the file is read, and shows what the skip prevents: the
    # dossier's copies taken for a second OOK.
    listed = check_documents(sorted(folder.glob("*.pdf")))
    assert listed.documenten["dossier.pdf"] == "OOK"
    assert "document-dubbel" in {b.code for b in listed.bevindingen}


def test_a_missing_folder_cannot_be_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        check_documents(tmp_path / "bestaat-niet")
    assert caught.value.code == "pad-ontbreekt"


# --- X6 and X3 with the user's lists -----------------------------------------------------


def test_x6_with_an_erkenningen_csv(sets: dict[str, Path], tmp_path: Path) -> None:
    lijst = tmp_path / "erkenningen.csv"
    lijst.write_text(
        "leerbedrijf_id;crebo;geldig_van;geldig_tot\n100077736;25371;1-1-2020;\n",
        encoding="utf-8",
    )
    rapport = api.controleer(copy_set(sets["basis"], tmp_path / "set"), erkenningen=lijst)
    assert "X6" in rapport.geslaagd


def test_x6_with_an_erkenningen_workbook_that_ends_too_early(
    sets: dict[str, Path], tmp_path: Path
) -> None:
    lijst = tmp_path / "erkenningen.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KvK-nummer", "Crebo", "Geldig van", "Geldig tot"])
    sheet.append([12345678, 25371, dt.datetime(2020, 1, 1), dt.datetime(2027, 3, 31)])
    book.save(lijst)
    rapport = api.controleer(copy_set(sets["basis"], tmp_path / "set"), erkenningen=lijst)
    finding = only(rapport, "X6")
    assert "niet erkend op 1 april 2027" in finding.bericht
    assert "KvK 12345678" in finding.bericht


def test_erkenningen_pad_the_kvk_and_need_their_columns(tmp_path: Path) -> None:
    lijst = tmp_path / "erkenningen.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kvk", "crebonummer", "geldig tot"])
    sheet.append([1234567, 25371, dt.datetime(2030, 1, 1)])
    book.save(lijst)
    (erkenning,) = read_erkenningen(lijst)
    assert erkenning.kvk == "01234567"
    assert erkenning.geldig_tot == dt.date(2030, 1, 1)
    bad = tmp_path / "fout.csv"
    bad.write_text("naam,plaats\nJansen,Hengelo\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        read_erkenningen(bad)
    assert caught.value.code == "erkenningen-kolom-ontbreekt"


def test_x3_with_a_register_of_the_user(sets: dict[str, Path], tmp_path: Path) -> None:
    register = tmp_path / "codelijst.csv"
    register.write_text(
        "crebo,naam,niveau,geldig_van,geldig_tot\n"
        "25371,Logistiek medewerker,2,2016-08-01,2026-07-31\n",
        encoding="utf-8",
    )
    rapport = api.controleer(copy_set(sets["basis"], tmp_path / "set"), register=register)
    finding = only(rapport, "X3")
    assert finding.code == "crebo-niet-meer-geldig"
    assert "31 juli 2026" in finding.bericht


# --- the command ----------------------------------------------------------------------------


def controleer(*args: str | Path) -> Result:
    """The real command, in this process (click's runner; exit code as the shell sees it)."""
    return CliRunner().invoke(main, ["controleer", *map(str, args)])


def test_command_exit_codes_and_json(sets: dict[str, Path], tmp_path: Path) -> None:
    fresh = controleer(sets["basis"])
    assert fresh.exit_code == 0, fresh.output
    assert fresh.output.splitlines()[0].startswith("Oordeel: ONVOLLEDIG")
    assert "In orde bevonden" in fresh.output
    assert controleer(sets["basis"], "--streng").exit_code == 1

    broken = copy_set(sets["basis"], tmp_path / "zonder-plok", without="PLOK")
    result = controleer(broken, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["oordeel"] == "fouten"
    x0 = next(b for b in data["bevindingen"] if b["regel"] == "X0")
    assert set(x0) >= {"regel", "ernst", "documenten", "waarden", "bericht"}
    assert x0["ernst"] == "fout"


def test_command_refuses_unusable_input(tmp_path: Path, sets: dict[str, Path]) -> None:
    # As a user runs it: a separate process, Dutch on stderr, no traceback.
    missing = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "controleer", str(tmp_path / "nergens")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert "bestaat niet" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = tmp_path / "erkenningen.csv"
    bad.write_text("iets\n1\n", encoding="utf-8")
    wrong_list = controleer(sets["basis"], "--erkenningen", bad)
    assert wrong_list.exit_code == 2
    assert "erkenningenbestand" in wrong_list.output
