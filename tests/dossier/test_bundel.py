"""``bundel``: the dossier PDF as the auditor receives it (real LibreOffice, pyHanko, PKI)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import RGBColor
from pypdf import PdfReader

from overeenkomsten import api
from overeenkomsten.dossier import read_dossier
from overeenkomsten.dossier.manifest import MANIFEST_NAAM
from overeenkomsten.dossier.opbouw import page_count
from overeenkomsten.dossier.voorblad import ROOD, VoorbladInhoud, cover_docx
from overeenkomsten.handtekeningen import inspect_signatures
from overeenkomsten.model.kenmerken import TITELS, required_roles
from tests.dossier.conftest import Opdracht, copy_set, run
from tests.dossier.pdfs import image_pdf
from tests.plugins.documenten import valid_traject
from tests.plugins.pki import PkiMaterial

ORDER = ("OOK", "POK", "PLOK", "PV")


def _soort(naam: str) -> str:
    return naam.rsplit("_", 1)[1].removesuffix(".pdf")


def _ordered(originelen: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return sorted(originelen.items(), key=lambda item: ORDER.index(_soort(item[0])))


def _cover_text(path: Path) -> str:
    reader = PdfReader(path)
    labels = reader.page_labels
    return "\n".join(
        page.extract_text()
        for page, label in zip(reader.pages, labels, strict=True)
        if label.startswith("Voorblad")
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_bundel_reports_what_it_wrote(gebundeld: tuple[Path, Opdracht], dossier: Path) -> None:
    _uit, opdracht = gebundeld
    assert opdracht.exit_code == 0
    assert f"Dossier geschreven: {dossier}" in opdracht.uitvoer
    assert "4 originelen als bijlage" in opdracht.uitvoer
    assert "Oordeel van de controle: onvolledig" in opdracht.uitvoer


def test_page_labels_and_bookmarks_follow_the_documents(
    dossier: Path, originelen: dict[str, bytes]
) -> None:
    reader = PdfReader(dossier)
    labels = reader.page_labels
    covers = sum(1 for label in labels if label.startswith("Voorblad-"))
    assert covers >= 1
    expected = [f"Voorblad-{i}" for i in range(1, covers + 1)]
    bookmarks = [("Voorblad", 0)]
    for naam, data in _ordered(originelen):
        soort = _soort(naam)
        bookmarks.append((f"{soort}: {TITELS[soort]}", len(expected)))  # type: ignore[index]
        expected += [f"{soort}-{i}" for i in range(1, page_count(data) + 1)]
    assert labels == expected
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == bookmarks


def test_copies_read_like_the_originals(dossier: Path, originelen: dict[str, bytes]) -> None:
    reader = PdfReader(dossier)
    labels = reader.page_labels
    for naam, data in originelen.items():
        soort = _soort(naam)
        copies = [
            p
            for p, label in zip(reader.pages, labels, strict=True)
            if label.startswith(f"{soort}-")
        ]
        original = PdfReader(io.BytesIO(data)).pages
        assert [p.extract_text() for p in copies] == [p.extract_text() for p in original]


def test_copies_carry_no_signature_but_show_where_it_was(dossier: Path) -> None:
    """A copy must not pose as signed: no signature fields, only read-only stamps."""
    assert inspect_signatures(dossier) == []
    reader = PdfReader(dossier)
    assert "/AcroForm" not in reader.trailer["/Root"]
    annots = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert annots, "the visible signature boxes should still be shown"
    assert {str(a["/Subtype"]) for a in annots} == {"/Stamp"}


def test_originals_are_attached_byte_for_byte(dossier: Path, originelen: dict[str, bytes]) -> None:
    inhoud = read_dossier(dossier.read_bytes())
    assert {b.naam: b.data for b in inhoud.originelen} == originelen
    assert {b.relatie for b in inhoud.originelen} == {"Source"}
    reader = PdfReader(dossier)
    af = {str(ref.get_object()["/F"]): str(ref.get_object()["/AFRelationship"])
          for ref in reader.trailer["/Root"]["/AF"]}  # fmt: skip
    assert af == {**dict.fromkeys(originelen, "/Source"), MANIFEST_NAAM: "/Data"}


def test_manifest_describes_every_original(
    dossier: Path, originelen: dict[str, bytes], record_data: dict[str, Any]
) -> None:
    manifest = read_dossier(dossier.read_bytes()).manifest
    assert manifest is not None
    assert manifest.formaat == "overeenkomsten-dossier"
    assert manifest.traject_id == record_data["traject_id"]
    assert manifest.programma.naam == "overeenkomsten"
    assert manifest.zegel is False
    assert manifest.controle.oordeel == "onvolledig"
    # bundled without --vertrouwd: the signatures are intact but not shown to be trusted
    assert {(b["regel"], b["ernst"]) for b in manifest.controle.bevindingen} == {
        ("X6", "niet-gecontroleerd"),
        ("X7", "niet-gecontroleerd"),
    }
    traject = valid_traject(record_data)
    assert [d.bestand for d in manifest.documenten] == [n for n, _ in _ordered(originelen)]
    for document in manifest.documenten:
        data = originelen[document.bestand]
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert document.grootte == len(data)
        assert document.paginas == page_count(data)
        assert (
            document.paginalabels
            == f"{document.document}-1 t/m {document.document}-{document.paginas}"
        )
        rollen = [h["rol"] for h in document.handtekeningen]
        assert sorted(rollen) == sorted(required_roles(traject, document.document))  # type: ignore[arg-type]
        assert all(h["intact"] and h["geldig"] for h in document.handtekeningen)


def test_cover_shows_summary_verdict_index_and_hashes(
    dossier: Path, originelen: dict[str, bytes], test_pki: PkiMaterial
) -> None:
    text = _cover_text(dossier)
    flat = _flat(text)
    assert "Dossier praktijkleren in het mbo" in text
    assert "Traject RMT-TW-2026-0042" in text
    assert "Oordeel: onvolledig" in text
    assert _flat("Logistiek medewerker (crebo 25371, niveau 2, leerweg OVO)") in flat
    for naam, data in originelen.items():
        assert _flat(naam) in flat
        assert hashlib.sha256(data).hexdigest() in flat
        assert _flat(f"{_soort(naam)}-1 t/m") in flat
    for rol in ("instelling", "kandidaat", "leerbedrijf", "rmt", "praktijkopleider"):
        assert _flat(test_pki.namen[rol]) in flat
    assert _flat("intact en geldig, maar niet vertrouwd") in flat
    assert "Dit dossier is niet verzegeld." in text


def test_no_bsn_on_cover_manifest_metadata_or_console(
    gebundeld: tuple[Path, Opdracht], dossier: Path, record_data: dict[str, Any]
) -> None:
    bsn = record_data["kandidaat"]["bsn"]
    assert bsn not in _flat(_cover_text(dossier))
    manifest = read_dossier(dossier.read_bytes()).manifest
    assert manifest is not None
    assert bsn not in manifest.to_json().decode()
    metadata = PdfReader(dossier).metadata or {}
    assert all(bsn not in str(value) for value in metadata.values())
    assert bsn not in gebundeld[1].uitvoer


def test_metadata_names_the_trajectory_not_the_person(dossier: Path) -> None:
    metadata = PdfReader(dossier).metadata
    assert metadata is not None
    assert metadata.title == "Dossier RMT-TW-2026-0042"
    assert metadata.subject is not None
    assert "oordeel van de controle: onvolledig" in metadata.subject
    assert "Yılmaz" not in str(dict(metadata))


def test_sealed_dossier_leaves_out_the_older_dossier_in_the_folder(
    verzegeld_dossier: Path, originelen: dict[str, bytes], test_pki: PkiMaterial
) -> None:
    inhoud = read_dossier(verzegeld_dossier.read_bytes())
    assert inhoud.manifest is not None
    assert [d.bestand for d in inhoud.manifest.documenten] == [n for n, _ in _ordered(originelen)]
    assert inhoud.manifest.zegel is True
    (zegel,) = inspect_signatures(verzegeld_dossier, test_pki.basis())
    assert (zegel.veld, zegel.soort, zegel.dekking) == ("zegel", "zegel", "hele document")
    assert zegel.in_orde
    assert zegel.vertrouwd
    assert "Dit dossier is verzegeld" in _cover_text(verzegeld_dossier)


def test_bundel_refuses_when_the_check_finds_errors(
    gebrekkige_set: Path, tmp_path: Path, record_data: dict[str, Any]
) -> None:
    uit = tmp_path / "dossier.pdf"
    opdracht = run("bundel", gebrekkige_set, "--uit", uit)
    assert opdracht.exit_code == 1
    assert not uit.exists()
    assert "Niet gebundeld: de controle vond fouten" in opdracht.uitvoer
    assert "--ook-bij-fouten" in opdracht.uitvoer
    assert "Oordeel: FOUTEN" in opdracht.uitvoer
    assert record_data["kandidaat"]["bsn"] not in opdracht.uitvoer


def test_ook_bij_fouten_bundles_and_says_so(gebrekkig_dossier: Path) -> None:
    text = _cover_text(gebrekkig_dossier)
    assert "LET OP: de controle vond fouten." in text
    assert "Oordeel: fouten" in text
    manifest = read_dossier(gebrekkig_dossier.read_bytes()).manifest
    assert manifest is not None
    assert manifest.ook_bij_fouten is True
    assert manifest.controle.oordeel == "fouten"
    assert {d.document for d in manifest.documenten} == {"OOK", "POK", "PLOK", "PV", None}


def test_the_warning_on_the_cover_is_red() -> None:
    import datetime as dt

    inhoud = VoorbladInhoud(
        traject_id="T-1", samenvatting=[], oordeel="fouten",
        bevindingen=[("fout", "X0", "De PLOK ontbreekt.")], ook_bij_fouten=True, index=[],
        gemaakt_op=dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC), versie="0.1.0", zegel=False,
        vertrouwd_opgegeven=False,
    )  # fmt: skip
    document = Document(io.BytesIO(cover_docx(inhoud)))
    runs = [r for p in document.paragraphs for r in p.runs]
    warning = next(r for r in runs if r.text.startswith("LET OP"))
    assert warning.font.color.rgb == RGBColor.from_string(str(ROOD))
    assert warning.bold
    finding = next(r for r in runs if r.text.startswith("fout (X0)"))
    assert finding.font.color.rgb == RGBColor.from_string(str(ROOD))


@pytest.mark.parametrize(
    ("extra", "code", "melding"),
    [
        (["--zegel", "PKI", "--wachtwoord-env", "ZEGEL_WACHTWOORD_ONBEKEND"], 2,
         "De omgevingsvariabele ZEGEL_WACHTWOORD_ONBEKEND"),
        (["--wachtwoord-env", "X"], 2, "--wachtwoord-env hoort bij --zegel"),
    ],
)  # fmt: skip
def test_bundel_usage_errors_are_dutch(
    extra: list[str], code: int, melding: str, getekende_set: Path, tmp_path: Path,
    test_pki: PkiMaterial,
) -> None:  # fmt: skip
    args = [str(test_pki.p12["instelling"]) if a == "PKI" else a for a in extra]
    opdracht = run("bundel", getekende_set, "--uit", tmp_path / "d.pdf", *args)
    assert opdracht.exit_code == code
    assert melding in opdracht.uitvoer
    assert "Traceback" not in opdracht.uitvoer
    assert not (tmp_path / "d.pdf").exists()


def test_wrong_seal_password_stops_before_any_work(
    getekende_set: Path, tmp_path: Path, test_pki: PkiMaterial, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZEGEL_WACHTWOORD", "verkeerd")
    opdracht = run(
        "bundel", getekende_set, "--uit", tmp_path / "d.pdf",
        "--zegel", test_pki.p12["instelling"], "--wachtwoord-env", "ZEGEL_WACHTWOORD",
    )  # fmt: skip
    assert opdracht.exit_code == 2
    assert "wachtwoord" in opdracht.uitvoer
    assert "klopt niet" in opdracht.uitvoer


def test_a_folder_without_pdfs_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    opdracht = run("bundel", tmp_path / "leeg", "--uit", tmp_path / "d.pdf")
    assert opdracht.exit_code == 2
    assert "geen PDF-bestanden om te bundelen" in opdracht.uitvoer
    opdracht = run("bundel", tmp_path / "bestaat-niet", "--uit", tmp_path / "d.pdf")
    assert opdracht.exit_code == 2
    assert "bestaat niet" in opdracht.uitvoer


def test_an_invalid_traject_json_is_unusable(getekende_set: Path, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(getekende_set, folder)
    record = json.loads((folder / "traject.json").read_text(encoding="utf-8"))
    record["opleiding"]["crebo"] = "2537"
    (folder / "traject.json").write_text(json.dumps(record), encoding="utf-8")
    opdracht = run("bundel", folder, "--uit", tmp_path / "d.pdf")
    assert opdracht.exit_code == 2
    assert "traject.json is geen geldig trajectrecord" in opdracht.uitvoer
    assert "opleiding.crebo" in opdracht.uitvoer


def test_bundel_refuses_unsigned_documents_and_a_scan(
    sets: dict[str, Path], record_data: dict[str, Any], tmp_path: Path
) -> None:
    """A dossier is the proof of what was signed: unsigned PDFs, or a scan of a wet-ink
    signature that no one attested, are not bundled (exit 1), and nothing is written."""
    folder = copy_set(sets[record_data["traject_id"]], tmp_path / "set")
    scan = folder / f"{record_data['traject_id']}_POK.pdf"
    scan.write_bytes(image_pdf())  # the signed POK came back as a scan
    shutil.copy(next(sets[record_data["traject_id"]].glob("*_POK.docx")), folder / "concept.docx")
    uit = tmp_path / "dossier.pdf"
    opdracht = run("bundel", folder, "--uit", uit)
    assert opdracht.exit_code == 1, opdracht.uitvoer
    assert not uit.exists()
    assert "Niet gebundeld: niet ondertekend of niet digitaal controleerbaar" in opdracht.uitvoer
    assert scan.name in opdracht.uitvoer


def test_bundel_validates_each_signature_once(
    getekende_set: Path,
    tmp_path: Path,
    test_pki: PkiMaterial,
    monkeypatch: pytest.MonkeyPatch,
    soffice: str,
) -> None:
    """The check validates the signatures; the dossier reuses them (it did it twice)."""
    import overeenkomsten.dossier.bundel as bundel_module
    import overeenkomsten.handtekeningen as handtekeningen

    real = handtekeningen.inspect_signatures
    seen: list[str] = []

    def counting(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(hashlib.sha256(pdf if isinstance(pdf, bytes) else pdf.read_bytes()).hexdigest())
        return real(pdf, *args, **kwargs)

    monkeypatch.setattr(handtekeningen, "inspect_signatures", counting)
    monkeypatch.setattr(bundel_module, "inspect_signatures", counting)
    folder = tmp_path / "set"
    shutil.copytree(getekende_set, folder)
    resultaat = api.bundel(folder, tmp_path / "dossier.pdf", vertrouwd=[test_pki.root_pem])
    assert resultaat.uit is not None
    assert len(seen) == len(set(seen)) == 4, seen


def test_manifest_carries_the_bsn_free_afronding(record_data: dict[str, Any]) -> None:
    """X11: a reader of the dossier sees where the trajectory stood (its afronding)."""
    import datetime as dt

    from overeenkomsten.controle import Rapport
    from overeenkomsten.dossier.inhoud import build_manifest

    data = json.loads(json.dumps(record_data))
    data["afronding"] = {
        "werkelijke_einddatum": "2026-11-20",
        "reden": "voortijdig",
        "toelichting": "Kandidaat heeft elders werk gevonden.",
        "behaalde_werkprocessen": ["B1-K1-W1"],
        "datum_afgifte": "2026-11-27",
    }
    rapport = Rapport(bevindingen=[], geslaagd=[], regels={})
    moment = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    manifest = build_manifest(
        valid_traject(data), [], rapport, moment=moment, zegel=False, ook_bij_fouten=False
    )
    assert manifest.afronding is not None
    assert manifest.afronding["behaalde_werkprocessen"] == ["B1-K1-W1"]
    assert manifest.afronding["werkelijke_einddatum"] == "2026-11-20"
    assert record_data["kandidaat"]["bsn"] not in manifest.to_json().decode()
    zonder = build_manifest(
        valid_traject(record_data), [], rapport, moment=moment, zegel=False, ook_bij_fouten=False
    )
    assert zonder.afronding is None
