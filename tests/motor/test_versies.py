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


def _json(
    folder: Path, record: dict[str, Any] | list[dict[str, Any]], name: str = "intake.json"
) -> Path:
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


# --- folders that hold only some of the files (the user kept the PDFs) ---------------------

PDF_SIGNED = "RMT-TW-2026-0051"  # all Word files gone; OOK and PLOK signed
PDF_LOOSE = "RMT-TW-2026-0052"  # all Word files and the tool's ledger gone; nothing signed
MIXED = "RMT-TW-2026-0053"  # OOK signed without its Word file; PLOK signed with it; POK pdf only


def _with_id(record_data: dict[str, Any], traject_id: str, **changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(record_data)
    record["traject_id"] = traject_id
    record.update(changes)
    return record


def _partial_folders(
    uit: Path, tmp_path: Path, record_data: dict[str, Any], test_pki: PkiMaterial
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Three sets made in one run, then trimmed as users do; the SHA-256 of every kept file
    and, per trajectory, the documents that print the start date."""
    records = [_with_id(record_data, i) for i in (PDF_SIGNED, PDF_LOOSE, MIXED)]
    resultaat = api.genereer(_json(tmp_path, records, "drie.json"), uit)
    assert not resultaat.sets_met_fouten
    printing: dict[str, set[str]] = {}
    for traject_id in (PDF_SIGNED, PDF_LOOSE, MIXED):
        folder = uit / traject_id
        printing[traject_id] = {
            d
            for d, found in document_versions(folder, traject_id).items()
            if found[0].docx is not None
            and "7september2026" in (visible_text(found[0].docx.read_bytes()) or "")
        }
    for traject_id in (PDF_SIGNED, MIXED):
        for document in SIGNED:
            test_pki.sign(uit / traject_id / f"{traject_id}_{document}.pdf", "instelling")
    for docx in (uit / PDF_SIGNED).glob("*.docx"):
        docx.unlink()
    for docx in (uit / PDF_LOOSE).glob("*.docx"):
        docx.unlink()
    for path in sorted((uit / PDF_LOOSE / ".overeenkomsten").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (uit / PDF_LOOSE / ".overeenkomsten").rmdir()
    for document in ("OOK", "POK"):
        (uit / MIXED / f"{MIXED}_{document}.docx").unlink()
    kept = {os.path.relpath(p, uit): _sha(p) for p in uit.glob("RMT-*/RMT-*")}
    return kept, printing


def test_only_pdfs_in_the_folder_an_unchanged_record_makes_no_version_a_changed_date_does(
    soffice: str, tmp_path: Path, record_data: dict[str, Any], test_pki: PkiMaterial
) -> None:
    """The PDFs' text differs in form from a fresh Word file's (line breaks, hyphenation,
    page numbers); that is no change. A changed start date still is, in exactly the
    documents that print it, and no signed or foreign file is overwritten."""
    uit = tmp_path / "uit"
    kept, printing = _partial_folders(uit, tmp_path, record_data, test_pki)
    ids = (PDF_SIGNED, PDF_LOOSE, MIXED)
    records = [_with_id(record_data, i) for i in ids]
    for i in ids:
        records[ids.index(i)]["kandidaat"]["telefoon"] = "06-87654321"  # printed by none
    resultaat = api.genereer(_json(tmp_path, records, "drie.json"), uit)
    assert not resultaat.sets_met_fouten
    assert resultaat.nieuwe_versies == []
    batch = api.batch(write_intake(tmp_path / "intake.xlsx", records), uit)
    assert batch.totalen["fout"] == 0
    assert batch.nieuwe_versies == []
    for name, digest in kept.items():  # signed and foreign files untouched
        if name.endswith(".pdf") and (
            name.startswith(PDF_LOOSE) or any(f"_{d}.pdf" in name for d in SIGNED)
        ):
            assert _sha(uit / name) == digest, name
    for traject_id in ids:
        assert all(len(v) == 1 for v in document_versions(uit / traject_id, traject_id).values())

    changed = [_with_id(record_data, i, startdatum="2026-09-14") for i in ids]
    resultaat = api.genereer(_json(tmp_path, changed, "drie.json"), uit)
    assert not resultaat.sets_met_fouten
    protected = {
        PDF_SIGNED: set(SIGNED),
        PDF_LOOSE: {"OOK", "POK", "PLOK"},  # no ledger: none of them is known as the tool's
        MIXED: set(SIGNED),
    }
    expected = {
        f"{i}_{d}_v2.{s}" for i in ids for d in printing[i] & protected[i] for s in ("docx", "pdf")
    }
    assert expected  # the start date is printed somewhere
    assert set(resultaat.nieuwe_versies) == expected
    for traject_id in ids:
        folder = uit / traject_id
        for found in document_versions(folder, traject_id).values():
            newest = found[0]
            assert newest.docx is not None
            assert "14september2026" in (visible_text(newest.docx.read_bytes()) or "")
        for document in SIGNED:
            if traject_id != PDF_LOOSE:
                assert _signatures_valid(folder / f"{traject_id}_{document}.pdf", test_pki)
    for name, digest in kept.items():
        if name.endswith(".pdf") and (
            name.startswith(PDF_LOOSE) or any(f"_{d}.pdf" in name for d in SIGNED)
        ):
            assert _sha(uit / name) == digest, name
    # The batch with the same change: the new versions are the tool's own; nothing more.
    batch = api.batch(write_intake(tmp_path / "intake.xlsx", changed), uit)
    assert batch.totalen["fout"] == 0
    assert batch.nieuwe_versies == []


def _pdf_with_metadata(source: Path, target: Path, **changes: str | None) -> Path:
    """A copy of an unsigned PDF of the set with some of its metadata replaced or removed
    (as when it was made with a template that no longer exists)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    info = {k: v for k, v in (reader.metadata or {}).items()}
    for key, value in changes.items():
        info.pop(f"/{key}", None)
        if value is not None:
            info[f"/{key}"] = value
    writer._info = None  # noqa: SLF001 - start from an empty info dictionary
    writer.add_metadata(info)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


@pytest.mark.parametrize("bron", ["metadata", "sjabloon-onbekend", "zonder-metadata"])
def test_a_pdf_only_version_is_compared_like_with_like_in_both_directions(
    bron: str, voorbeeld_set: Path, record_data: dict[str, Any], tmp_path: Path
) -> None:
    """The same record reads as unchanged; a changed start date, a changed BSN (never in
    the metadata) or a changed employer's name reads as changed: through the record and
    template in the PDF's metadata, and without them through the PDF's own text."""
    from overeenkomsten.instellingen import resolve_settings
    from overeenkomsten.model.kenmerken import RECORD_KEY, SJABLOON_HASH_KEY
    from overeenkomsten.motor.sets import SetMaker
    from overeenkomsten.trajectmap.versies import Versie
    from tests.plugins.documenten import valid_traject

    maker = SetMaker(resolve_settings(), tmp_path, pdf=False)
    for document in ("OOK", "POK", "PLOK"):
        source = voorbeeld_set / f"{ID}_{document}.pdf"
        if bron == "sjabloon-onbekend":
            source = _pdf_with_metadata(
                source, tmp_path / source.name, **{SJABLOON_HASH_KEY: "0" * 64}
            )
        elif bron == "zonder-metadata":
            source = _pdf_with_metadata(
                source, tmp_path / source.name, **{RECORD_KEY: None, SJABLOON_HASH_KEY: None}
            )
        damaged = tmp_path / f"{ID}_{document}.docx"
        damaged.write_bytes(b"PK\x03\x04 afgebroken")  # an unreadable Word file beside it
        versie = Versie(document, 1, docx=damaged if bron == "metadata" else None, pdf=source)

        def same(record: dict[str, Any]) -> bool:
            traject = valid_traject(record)
            docx = maker.templates.render(traject, document, versie=1)  # noqa: B023
            return maker._same_text(traject, document, docx, versie)  # noqa: B023, SLF001

        def printed(record: dict[str, Any]) -> str | None:
            traject = valid_traject(record)
            return visible_text(maker.templates.render(traject, document, versie=1))  # noqa: B023

        assert same(record_data), (bron, document)
        changes = [copy.deepcopy(record_data) for _ in range(3)]
        changes[0]["startdatum"] = "2026-09-14"
        changes[1]["leerbedrijf"]["naam"] = "Transport & Opslag Twente Noord B.V."
        changes[2]["kandidaat"]["bsn"] = "123456782"  # never in the metadata
        for changed in changes:
            visible = printed(changed) != printed(record_data)
            assert same(changed) is not visible, (bron, document, changed)
        assert printed(changes[0]) != printed(record_data)  # the date is printed
        if document == "OOK":  # the one document that prints the BSN
            assert printed(changes[2]) != printed(record_data)
