"""``status``: per trajectory which documents exist, who signed, what is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from overeenkomsten import api
from overeenkomsten.batch.status import batch_status


def _status_json(uit: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "status", str(uit), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_status_follows_the_signatures(afgeronde_set: Path, test_pki: Any, tmp_path: Path) -> None:
    voorbeeld_set = afgeronde_set  # a finished trajectory: its set has a PV
    uit = tmp_path / "uit"
    folder = uit / voorbeeld_set.name
    shutil.copytree(voorbeeld_set, folder)
    (folder / f"{voorbeeld_set.name}_PV.pdf").unlink()
    ook = folder / f"{voorbeeld_set.name}_OOK.pdf"
    test_pki.sign(ook, "instelling")
    test_pki.sign(ook, "kandidaat")
    test_pki.sign(folder / f"{voorbeeld_set.name}_POK.pdf", "leerbedrijf")

    (traject,) = _status_json(uit)["trajecten"]
    documenten = {d["document"]: d for d in traject["documenten"]}
    assert documenten["OOK"]["ondertekend"] == ["instelling", "kandidaat"]
    assert documenten["OOK"]["ontbreekt"] == []
    assert documenten["POK"]["ondertekend"] == ["leerbedrijf"]
    assert documenten["POK"]["ontbreekt"] == ["instelling", "kandidaat"]
    assert documenten["PLOK"]["ontbreekt"] == ["rmt", "leerbedrijf", "kandidaat"]
    assert documenten["PV"]["pdf"] is False
    assert documenten["PV"]["docx"] is True
    assert traject["compleet"] is False
    assert traject["dossiers"] == []


def test_status_table_in_dutch(afgeronde_set: Path, tmp_path: Path) -> None:
    voorbeeld_set = afgeronde_set  # a finished trajectory: its set has a PV
    uit = tmp_path / "uit"
    shutil.copytree(voorbeeld_set, uit / voorbeeld_set.name)
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "status", str(uit)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "0 van 1 traject volledig ondertekend." in result.stdout
    assert "praktijkopleider (A. El Amrani); examencommissie (E. Smit)" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_status_of_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "status", str(tmp_path / "niets")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "bestaat niet" in " ".join(result.stderr.split())  # wrapped to the terminal
    assert "Traceback" not in result.stderr


def test_status_reports_an_unreadable_record(tmp_path: Path) -> None:
    folder = tmp_path / "uit" / "kapot"
    folder.mkdir(parents=True)
    (folder / "traject.json").write_text("{", encoding="utf-8")
    (status,) = batch_status(tmp_path / "uit")
    assert status.problemen == ["traject.json is onleesbaar of ongeldig"]
    assert not status.compleet


def test_status_finds_a_renamed_pdf_and_never_shows_a_bsn(
    voorbeeld_set: Path, tmp_path: Path
) -> None:
    uit = tmp_path / "uit"
    folder = uit / voorbeeld_set.name
    shutil.copytree(voorbeeld_set, folder)
    (folder / f"{voorbeeld_set.name}_OOK.pdf").rename(folder / "OOK kandidaat 111222333.pdf")
    (traject,) = _status_json(uit)["trajecten"]
    ook = next(d for d in traject["documenten"] if d["document"] == "OOK")
    assert ook["pdf"] is True
    assert ook["bestand"] == "OOK kandidaat *****2333.pdf"
    text = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "status", str(uit)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "111222333" not in text
    assert "PDF ontbreekt" not in text


def test_status_of_one_trajectory_folder(voorbeeld_set: Path, tmp_path: Path) -> None:
    folder = tmp_path / voorbeeld_set.name
    shutil.copytree(voorbeeld_set, folder)
    (traject,) = _status_json(folder)["trajecten"]
    assert traject["traject_id"] == voorbeeld_set.name
    assert {d["document"] for d in traject["documenten"]} >= {"OOK", "POK", "PLOK"}


def test_status_names_the_dossier_in_the_folder(voorbeeld_set: Path, tmp_path: Path) -> None:
    from pypdf import PdfWriter

    uit = tmp_path / "uit"
    folder = uit / voorbeeld_set.name
    shutil.copytree(voorbeeld_set, folder)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("manifest.json", b"{}")
    with (folder / "dossier.pdf").open("wb") as handle:
        writer.write(handle)
    (traject,) = _status_json(uit)["trajecten"]
    assert traject["dossiers"] == ["dossier.pdf"]
    assert not traject["problemen"]


def test_status_checks_x6_when_given_the_erkenningen(voorbeeld_set: Path, tmp_path: Path) -> None:
    """``status`` judges as ``controleer`` does: given the SBB erkenningen, rule X6 is checked
    (without them it is not, and the verdict can never be ``in orde``)."""
    uit = tmp_path / "uit"
    shutil.copytree(voorbeeld_set, uit / voorbeeld_set.name)
    lijst = tmp_path / "erkenningen.csv"
    lijst.write_text(
        "leerbedrijf_id;crebo;geldig_van;geldig_tot\n100077736;25371;1-1-2020;\n",
        encoding="utf-8",
    )
    zonder = api.controleer(uit / voorbeeld_set.name)
    met = api.controleer(uit / voorbeeld_set.name, erkenningen=lijst)
    assert "X6" not in zonder.geslaagd
    assert "X6" in met.geslaagd

    (status_zonder,) = api.status(uit)
    (status_met,) = api.status(uit, erkenningen=lijst)
    assert status_zonder.oordeel == zonder.oordeel
    assert status_met.oordeel == met.oordeel
    assert status_zonder.aantallen == {e: zonder.aantal(e) for e in status_zonder.aantallen}
    assert status_met.aantallen == {e: met.aantal(e) for e in status_met.aantallen}

    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "status", str(uit), "--json"]
        + ["--erkenningen", str(lijst)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (traject,) = json.loads(result.stdout)["trajecten"]
    assert traject["oordeel"] == met.oordeel
