"""Nothing a user made or signed is lost (domein.md section 7), with genereer and batch.

A real set is made (LibreOffice), two of its PDFs are signed (pyHanko, the session's test
CA), the user adds files of their own, and then the record changes and both commands run
again. Signed files keep their bytes and stay valid; a changed document beside a signed
one becomes ``_v2``; an unsigned document of the tool is updated in place; a change no
document prints makes no version at all.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten import api
from overeenkomsten.motor.sets import visible_text
from overeenkomsten.trajectmap import document_versions
from tests.batch.helpers import write_intake
from tests.plugins.pki import PkiMaterial

pytestmark = pytest.mark.libreoffice

ID = "RMT-TW-2026-0042"
SIGNED = ("OOK", "PLOK")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _json(folder: Path, record: dict[str, Any], name: str = "intake.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def _signatures_valid(pdf: Path, test_pki: PkiMaterial) -> bool:
    found = api.handtekeningen(pdf, vertrouwd=[test_pki.root_pem])
    return bool(found) and all(h.intact and h.geldig for h in found)


@pytest.fixture
def signed_set(
    soffice: str, tmp_path: Path, record_data: dict[str, Any], test_pki: PkiMaterial
) -> tuple[Path, dict[str, str]]:
    """A made set with OOK and PLOK signed, and the user's own things around it."""
    uit = tmp_path / "uit"
    resultaat = api.genereer(_json(tmp_path, record_data), uit)
    assert not resultaat.sets_met_fouten
    folder = uit / ID
    for document in SIGNED:
        test_pki.sign(folder / f"{ID}_{document}.pdf", "instelling")
    (folder / "notities.txt").write_text("bellen met de praktijkopleider", encoding="utf-8")
    (folder / "OOK natte handtekening.pdf").write_bytes(b"%PDF-1.4 scan van papier\n")
    (uit / ".git").mkdir()
    (uit / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (uit / ".ssh").mkdir()
    (uit / ".ssh" / "id_ed25519").write_text("geheim", encoding="utf-8")
    (folder / ".mijn.tmp").write_text("van de gebruiker", encoding="utf-8")
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / ".iets.tmp").write_text("buiten --uit", encoding="utf-8")
    os.symlink(outside, uit / "koppeling")
    before = {
        os.path.relpath(p, uit): _sha(p)
        for p in [
            *(folder / f"{ID}_{d}.pdf" for d in SIGNED),
            folder / "notities.txt",
            folder / "OOK natte handtekening.pdf",
            uit / ".git" / "HEAD",
            uit / ".ssh" / "id_ed25519",
            folder / ".mijn.tmp",
            outside / ".iets.tmp",
        ]
    }
    return uit, before


def _unchanged(uit: Path, before: dict[str, str]) -> None:
    for name, digest in before.items():
        assert _sha(uit / name) == digest, f"{name} is changed or gone"


def test_a_change_no_document_prints_makes_no_version(
    signed_set: tuple[Path, dict[str, str]],
    record_data: dict[str, Any],
    tmp_path: Path,
    test_pki: PkiMaterial,
) -> None:
    uit, before = signed_set
    record = copy.deepcopy(record_data)
    record["kandidaat"]["telefoon"] = "06-87654321"
    resultaat = api.genereer(_json(tmp_path, record), uit)
    assert resultaat.nieuwe_versies == []
    batch = api.batch(write_intake(tmp_path / "intake.xlsx", [record]), uit)
    assert batch.nieuwe_versies == []
    assert batch.totalen["fout"] == 0
    _unchanged(uit, before)
    folder = uit / ID
    assert all(len(v) == 1 for v in document_versions(folder, ID).values())
    for document in SIGNED:
        assert _signatures_valid(folder / f"{ID}_{document}.pdf", test_pki)
    saved = json.loads((folder / "traject.json").read_text(encoding="utf-8"))
    assert saved["kandidaat"]["telefoon"] == "06-87654321"  # the newest record


def test_a_changed_start_date_gives_v2_of_exactly_the_signed_documents_that_print_it(
    signed_set: tuple[Path, dict[str, str]],
    record_data: dict[str, Any],
    tmp_path: Path,
    test_pki: PkiMaterial,
) -> None:
    uit, before = signed_set
    folder = uit / ID
    printing = {
        d
        for d, found in document_versions(folder, ID).items()
        if found[0].docx is not None
        and "7september2026" in (visible_text(found[0].docx.read_bytes()) or "")
    }
    record = copy.deepcopy(record_data)
    record["startdatum"] = "2026-09-14"
    resultaat = api.genereer(_json(tmp_path, record), uit)
    expected = {f"{ID}_{d}_v2.{s}" for d in printing & set(SIGNED) for s in ("docx", "pdf")}
    assert set(resultaat.nieuwe_versies) == expected
    assert not resultaat.sets_met_fouten
    _unchanged(uit, before)
    for document in SIGNED:
        assert _signatures_valid(folder / f"{ID}_{document}.pdf", test_pki)
    versions = document_versions(folder, ID)
    for document, found in versions.items():
        newest = found[0]
        assert newest.nummer == (2 if document in printing & set(SIGNED) else 1)
        assert newest.docx is not None
        assert "14september2026" in (visible_text(newest.docx.read_bytes()) or "")
    # The batch on the same folder: nothing more to version (v2 is the tool's own).
    batch = api.batch(write_intake(tmp_path / "intake.xlsx", [record]), uit)
    assert batch.totalen["fout"] == 0
    assert batch.nieuwe_versies == []
    assert max(v.nummer for found in document_versions(folder, ID).values() for v in found) == 2
    _unchanged(uit, before)
    rij = batch.rijen()[0]
    assert rij.nieuwe_versies == []


def test_afronding_later_adds_the_pv_and_leaves_the_signed_contracts(
    signed_set: tuple[Path, dict[str, str]],
    record_data: dict[str, Any],
    tmp_path: Path,
    test_pki: PkiMaterial,
) -> None:
    """Domein.md v2: the PV is made at the end; a later run with afronding adds it."""
    uit, before = signed_set
    folder = uit / ID
    assert "PV" not in document_versions(folder, ID)  # made at the start: no PV yet
    record = copy.deepcopy(record_data)
    today = dt.date.today()
    if today < dt.date(2026, 9, 10):
        pytest.skip("an afronding may not lie in the future; the record starts 7-9-2026")
    record["afronding"] = {  # ended early: an afronding may not lie in the future
        "werkelijke_einddatum": (today - dt.timedelta(days=2)).isoformat(),
        "reden": "voortijdig",
        "toelichting": "Kandidaat heeft elders een baan gevonden.",
        "behaalde_werkprocessen": [w["code"] for w in record["werkprocessen"]],
        "datum_afgifte": (today - dt.timedelta(days=1)).isoformat(),
    }
    resultaat = api.genereer(_json(tmp_path, record), uit)
    assert not resultaat.sets_met_fouten, resultaat.sets[0].fouten
    assert resultaat.nieuwe_versies == []  # afronding alone changes no contract's text
    versions = document_versions(folder, ID)
    assert versions["PV"][0].nummer == 1
    assert versions["PV"][0].pdf is not None
    _unchanged(uit, before)
    for document in SIGNED:
        assert _signatures_valid(folder / f"{ID}_{document}.pdf", test_pki)
