"""``status --xlsx``: the back office's overview (one row per trajectory, one per missing
signature with name, role, e-mail and deadline; sorted; filter; frozen header; safe cells)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.plugins.documenten import MaakSets


def test_overview_lists_who_still_signs_by_when(
    maak_sets: MaakSets, record_data: dict[str, Any], tmp_path: Path
) -> None:
    hostile = copy.deepcopy(record_data)
    hostile["traject_id"] = "=HYPERLINK(111222333)"
    hostile["kandidaat"]["voornamen"] = "@Fatma"
    hostile["kandidaat"]["email"] = "f.yilmaz@example.nl"
    later = copy.deepcopy(record_data)
    later["traject_id"] = "RMT-TW-2026-0099"
    later["startdatum"] = "2026-10-05"
    later["einddatum"] = "2027-06-25"
    later["kandidaat"]["geboortedatum"] = "2010-05-01"  # a minor: a parent co-signs
    later["kandidaat"]["inkomen"] = "loon"
    later["kandidaat"]["status"] = "werkend"
    later["kandidaat"]["wettelijk_vertegenwoordiger"] = {
        "naam": "H. Yılmaz",
        "email": "ouder@example.nl",
    }
    sets = maak_sets([hostile, later], pdf=False)
    uit = tmp_path / "uit"
    for folder in sets.values():
        shutil.copytree(folder, uit / folder.name)
    overzicht = tmp_path / "overzicht.xlsx"
    result = subprocess.run(
        [
            sys.executable, "-m", "overeenkomsten", "status", str(uit),
            "--xlsx", str(overzicht), "--vandaag", "2026-09-10",
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    workbook = load_workbook(overzicht)
    assert workbook.sheetnames == ["Overzicht"]
    sheet = workbook["Overzicht"]
    assert sheet.freeze_panes == "A2"
    assert str(sheet.auto_filter.ref).startswith("A1:")
    koppen = [c.value for c in sheet[1]]
    rows = [dict(zip(koppen, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    # one row per trajectory, one per missing signature
    status = json.loads(
        subprocess.run(
            [sys.executable, "-m", "overeenkomsten", "status", str(uit), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    missing = sum(len(d["ontbreekt"]) for t in status["trajecten"] for d in t["documenten"])
    assert missing >= 2 * (2 + 3 + 3)
    assert sum(r["Soort"] == "traject" for r in rows) == 2
    assert sum(r["Soort"] == "handtekening" for r in rows) == missing
    ouder = [r for r in rows if r["Rol"] == "wettelijk vertegenwoordiger"]
    assert {r["Document"] for r in ouder} >= {"OOK", "POK"}
    assert {(r["Naam"], r["E-mail"]) for r in ouder} == {("H. Yılmaz", "ouder@example.nl")}
    termijnen = [r["Termijn"] for r in rows]
    assert termijnen == sorted(termijnen)
    kandidaat = next(r for r in rows if r["Rol"] == "kandidaat" and r["Document"] == "OOK")
    assert kandidaat["E-mail"] == "f.yilmaz@example.nl"
    assert kandidaat["Verlopen"] == "ja"  # startdatum 7 september, today the 10th
    assert isinstance(kandidaat["Termijn"], dt.datetime)
    instelling = next(r for r in rows if r["Rol"] == "instelling")
    assert instelling["Naam"] == "drs. P. de Vries"
    # no cell can run as a formula, and the BSN is masked wherever it appears
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
                assert "111222333" not in cell.value
    assert any("*****2333" in str(r["Traject"]) for r in rows)
    assert not list(tmp_path.glob(".overzicht.xlsx.*"))  # written atomically, nothing left
