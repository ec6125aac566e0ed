"""``controleer DOSSIER.pdf``: the attached originals are verified and checked, and every
defect is found and named."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf.generic import NameObject

from overeenkomsten.controle import Bevinding, Rapport
from overeenkomsten.dossier import check_dossier, read_dossier
from tests.dossier.conftest import ANDER_TRAJECT, run
from tests.dossier.pdfs import incremental
from tests.plugins.pki import PkiMaterial


def _findings(rapport: Rapport, regel: str, code: str) -> list[Bevinding]:
    return [b for b in rapport.bevindingen if b.regel == regel and b.code == code]


def _changed_copy(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(data)
    return path


def test_a_sealed_dossier_of_a_good_set_is_in_orde(
    verzegeld_dossier: Path, test_pki: PkiMaterial, erkenningen_csv: Path
) -> None:
    opdracht = run(
        "controleer", verzegeld_dossier, "--json",
        "--vertrouwd", test_pki.root_pem, "--crl", test_pki.crl,
        "--erkenningen", erkenningen_csv,
    )  # fmt: skip
    assert opdracht.exit_code == 0, opdracht.uitvoer
    uitkomst = json.loads(opdracht.uitvoer)
    assert uitkomst["oordeel"] == "in orde"
    assert uitkomst["bevindingen"] == []
    assert {"DOSSIER", "ZEGEL", "X7", "X8"} <= set(uitkomst["geslaagd"])
    assert set(uitkomst["documenten"].values()) == {"OOK", "POK", "PLOK", "PV"}


def test_without_trust_roots_and_erkenningen_there_is_no_fout(dossier: Path) -> None:
    opdracht = run("controleer", dossier, "--json")
    assert opdracht.exit_code == 0, opdracht.uitvoer
    uitkomst = json.loads(opdracht.uitvoer)
    assert uitkomst["oordeel"] == "onvolledig"
    assert {(b["regel"], b["ernst"]) for b in uitkomst["bevindingen"]} == {
        ("X6", "niet-gecontroleerd"),
        ("X7", "niet-gecontroleerd"),
    }


def test_extracted_originals_are_identical_and_validate_with_pyhanko(
    verzegeld_dossier: Path, originelen: dict[str, bytes], test_pki: PkiMaterial
) -> None:
    inhoud = read_dossier(verzegeld_dossier.read_bytes())
    extracted = {b.naam: b.data for b in inhoud.originelen}
    assert extracted == originelen
    _kind, _headers, der = pem.unarmor(test_pki.root_pem.read_bytes())
    root = x509.Certificate.load(der)
    checked = 0
    for data in extracted.values():
        for signature in PdfFileReader(io.BytesIO(data)).embedded_signatures:
            context = ValidationContext(trust_roots=[root], allow_fetching=False)
            status = validate_pdf_signature(signature, context)
            assert status.bottom_line, status.pretty_print_details()
            assert (status.intact, status.valid, status.trusted) == (True, True, True)
            checked += 1
    assert checked == 10  # OOK 2, POK 3, PLOK 3, PV 2


def test_one_byte_changed_in_an_attachment_is_named(
    dossier: Path, originelen: dict[str, bytes], tmp_path: Path
) -> None:
    naam = next(n for n in originelen if n.endswith("_OOK.pdf"))
    original = originelen[naam]
    data = bytearray(dossier.read_bytes())
    start = data.find(original)
    assert start > 0, "the original is stored unfiltered, byte for byte"
    data[start + len(original) // 2] ^= 0x01
    rapport = check_dossier(_changed_copy(tmp_path, bytes(data)))
    (gewijzigd,) = _findings(rapport, "DOSSIER", "bijlage-gewijzigd")
    assert gewijzigd.ernst == "fout"
    assert gewijzigd.documenten == (naam,)
    assert f"De bijlage {naam} is niet meer het origineel" in gewijzigd.bericht
    assert rapport.oordeel == "fouten"


def _slip_in(naam: str) -> Any:
    def add(writer: Any) -> None:
        extra = writer.add_attachment(naam, b"%PDF-1.7\n")
        extra.associated_file_relationship = NameObject("/Source")

    return add


def test_an_attachment_slipped_in_later_is_named(dossier: Path, tmp_path: Path) -> None:
    changed = incremental(dossier.read_bytes(), _slip_in("extra.pdf"))
    rapport = check_dossier(_changed_copy(tmp_path, changed))
    (onbekend,) = _findings(rapport, "DOSSIER", "bijlage-onbekend")
    assert onbekend.documenten == ("extra.pdf",)
    (gewijzigd,) = _findings(rapport, "ZEGEL", "dossier-gewijzigd")
    assert gewijzigd.ernst == "waarschuwing"
    assert gewijzigd.documenten == ("dossier.pdf",)


def test_a_second_attachment_under_an_originals_name_is_named(
    dossier: Path, originelen: dict[str, bytes], tmp_path: Path
) -> None:
    naam = next(n for n in originelen if n.endswith("_POK.pdf"))
    changed = incremental(dossier.read_bytes(), _slip_in(naam))
    rapport = check_dossier(_changed_copy(tmp_path, changed))
    (dubbel,) = _findings(rapport, "DOSSIER", "bijlage-dubbel")
    assert dubbel.documenten == (naam,)
    assert rapport.oordeel == "fouten"


def test_a_missing_attachment_is_named(
    dossier: Path, originelen: dict[str, bytes], tmp_path: Path
) -> None:
    naam = next(n for n in originelen if n.endswith("_PLOK.pdf"))

    def remove(writer: Any) -> None:
        for attachment in list(writer.attachment_list):
            if attachment.name == naam:
                attachment.delete()

    rapport = check_dossier(_changed_copy(tmp_path, incremental(dossier.read_bytes(), remove)))
    (ontbreekt,) = _findings(rapport, "DOSSIER", "bijlage-ontbreekt")
    assert ontbreekt.documenten == (naam,)
    assert f"Het manifest noemt {naam} (PLOK)" in ontbreekt.bericht
    assert _findings(rapport, "X0", "document-ontbreekt")


@pytest.mark.parametrize(
    ("change", "melding"),
    [
        (lambda w: w.add_metadata({"/Title": "Ander dossier"}), "documenteigenschappen"),
        (lambda w: w.add_blank_page(595, 842), "aantal pagina's"),
    ],
    ids=["alleen-metadata", "pagina-erbij"],
)
def test_a_sealed_dossier_changed_afterwards_is_named(
    change: Any, melding: str, verzegeld_dossier: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    changed = incremental(verzegeld_dossier.read_bytes(), change)
    rapport = check_dossier(_changed_copy(tmp_path, changed), vertrouwd=test_pki.basis())
    (gewijzigd,) = _findings(rapport, "ZEGEL", "gewijzigd-na-zegel")
    assert gewijzigd.ernst == "fout"
    assert "wijzigt het dossier na het zegel" in gewijzigd.bericht
    assert gewijzigd.documenten == ("dossier.pdf",)
    assert melding in gewijzigd.bericht
    assert rapport.oordeel == "fouten"
    assert "ZEGEL" not in rapport.geslaagd


def test_a_removed_seal_is_named(verzegeld_dossier: Path, tmp_path: Path) -> None:
    """Saved again without the seal: the manifest still says it was sealed."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(verzegeld_dossier))
    del writer.root_object["/AcroForm"]
    del writer.root_object["/Perms"]
    out = io.BytesIO()
    writer.write(out)
    rapport = check_dossier(_changed_copy(tmp_path, out.getvalue()))
    (ontbreekt,) = _findings(rapport, "ZEGEL", "zegel-ontbreekt")
    assert ontbreekt.ernst == "fout"


@pytest.fixture(scope="module")
def gebrekkig_rapport(gebrekkig_dossier: Path, test_pki: PkiMaterial) -> Rapport:
    return check_dossier(gebrekkig_dossier, vertrouwd=test_pki.basis())


def test_a_missing_partys_signature_is_named(
    gebrekkig_rapport: Rapport, record_data: dict[str, Any]
) -> None:
    (ontbreekt,) = _findings(gebrekkig_rapport, "X7", "handtekening-ontbreekt")
    assert ontbreekt.ernst == "fout"
    assert ontbreekt.documenten == (f"{record_data['traject_id']}_OOK.pdf",)
    assert "de handtekening kandidaat (Fatma Yılmaz) ontbreekt" in ontbreekt.bericht


def test_a_pok_signed_after_the_startdatum_is_named(
    gebrekkig_rapport: Rapport, record_data: dict[str, Any]
) -> None:
    (te_laat,) = _findings(gebrekkig_rapport, "X8", "getekend-na-startdatum")
    assert te_laat.documenten == (f"{record_data['traject_id']}_POK.pdf",)
    assert "ondertekend op 10 september 2026" in te_laat.bericht
    assert "na de startdatum 7 september 2026" in te_laat.bericht


def test_a_page_appended_after_signing_is_named(
    gebrekkig_rapport: Rapport, record_data: dict[str, Any]
) -> None:
    gewijzigd = _findings(gebrekkig_rapport, "X7", "gewijzigd-na-ondertekening")
    assert gewijzigd
    assert {b.documenten for b in gewijzigd} == {(f"{record_data['traject_id']}_PLOK.pdf",)}
    assert all(b.ernst == "fout" for b in gewijzigd)


def test_a_document_of_another_trajectory_is_named(gebrekkig_rapport: Rapport) -> None:
    (ander,) = _findings(gebrekkig_rapport, "X0", "traject-verschilt")
    assert ander.documenten == (f"{ANDER_TRAJECT}_PV.pdf",)
    assert f"hoort bij traject {ANDER_TRAJECT}" in ander.bericht


def test_an_image_only_pdf_is_named(
    gebrekkig_rapport: Rapport, record_data: dict[str, Any]
) -> None:
    scan = f"{record_data['traject_id']}_scan.pdf"
    (zonder_tekst,) = [b for b in gebrekkig_rapport.bevindingen if b.documenten == (scan,)]
    assert zonder_tekst.ernst == "niet-gecontroleerd"
    assert zonder_tekst.code == "pdf-zonder-tekst"
    assert "scan: inhoud niet digitaal leesbaar" in zonder_tekst.bericht


def test_the_gebrekkig_dossier_itself_is_intact(gebrekkig_rapport: Rapport) -> None:
    """Bundled with --ook-bij-fouten: the findings are about the documents, not the dossier."""
    assert {"DOSSIER", "ZEGEL"} <= set(gebrekkig_rapport.geslaagd)
    assert gebrekkig_rapport.oordeel == "fouten"


def test_controleer_exit_code_and_dutch_report_for_a_bad_dossier(
    gebrekkig_dossier: Path, test_pki: PkiMaterial, record_data: dict[str, Any]
) -> None:
    opdracht = run("controleer", gebrekkig_dossier, "--vertrouwd", test_pki.root_pem)
    assert opdracht.exit_code == 1
    assert "Oordeel: FOUTEN" in opdracht.uitvoer
    assert record_data["kandidaat"]["bsn"] not in opdracht.uitvoer


def test_a_pdf_that_is_not_a_dossier_is_checked_as_one_document(tmp_path: Path) -> None:
    from tests.dossier.pdfs import text_pdf

    pdf = tmp_path / "los.pdf"
    pdf.write_bytes(text_pdf(["Gewoon een PDF"]))
    opdracht = run("controleer", pdf, "--json")
    assert opdracht.exit_code in (0, 1)
    assert "DOSSIER" not in json.loads(opdracht.uitvoer)["geslaagd"]


def test_a_seal_outside_the_trusted_roots_is_a_fout(
    verzegeld_dossier: Path, test_pki: PkiMaterial
) -> None:
    """X7 v2: with roots given, a seal that does not chain to them is a fout."""
    opdracht = run(
        "controleer", verzegeld_dossier, "--json", "--vertrouwd", test_pki.untrusted_root_pem
    )
    uitkomst = json.loads(opdracht.uitvoer)

    assert opdracht.exit_code == 1
    zegel = [b for b in uitkomst["bevindingen"] if b["code"] == "zegel-niet-vertrouwd"]
    assert [b["ernst"] for b in zegel] == ["fout"]


# --- wet ink inside a dossier (domein.md section 7) -------------------------------------


@pytest.fixture(scope="module")
def geattesteerd(
    getekende_set: Path, test_pki: PkiMaterial, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The signed set with its POK replaced by a wet-ink scan attested for all three
    parties, and the sealed dossier bundled from it."""
    import shutil

    from pypdf import PdfWriter

    from overeenkomsten import api

    folder = tmp_path_factory.mktemp("geattesteerd") / "set"
    shutil.copytree(getekende_set, folder)
    (pok,) = folder.glob("*_POK.pdf")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with pok.open("wb") as target:
        writer.write(target)
    api.attesteer(
        pok,
        ["instelling,leerbedrijf,kandidaat"],
        "31-8-2026",
        test_pki.p12["instelling"],
        test_pki.wachtwoord,
    )
    uit = folder.parent / "dossier.pdf"
    resultaat = api.bundel(
        folder,
        uit,
        zegel=test_pki.p12["instelling"],
        wachtwoord=test_pki.wachtwoord,
        vertrouwd=[test_pki.root_pem, test_pki.crl],
    )
    assert resultaat.uit == uit, resultaat.reden
    return folder, uit


def test_an_attested_scan_in_a_dossier_counts_as_in_its_folder(
    geattesteerd: tuple[Path, Path], test_pki: PkiMaterial, erkenningen_csv: Path
) -> None:
    """The dossier check reads the attestation attached beside the scan: the POK is
    'handmatig vastgesteld', exactly as when the folder is checked."""
    folder, uit = geattesteerd
    opties: dict[str, Any] = {
        "vertrouwd": [test_pki.root_pem, test_pki.crl],
        "erkenningen": erkenningen_csv,
    }
    from overeenkomsten import api

    map_rapport = api.controleer(folder, **opties)
    rapport = api.controleer(uit, **opties)
    assert map_rapport.oordeel == "onvolledig"  # the scan's text cannot be read: said so
    assert rapport.oordeel == map_rapport.oordeel, rapport.bevindingen
    (hand,) = [b for b in rapport.bevindingen if b.code == "handmatig-vastgesteld"]
    assert "POK" in hand.bericht
    assert "handmatig vastgesteld door drs. P. de Vries" in hand.bericht
    assert not [b for b in rapport.bevindingen if b.code == "pdf-zonder-tekst"]
    assert rapport.documenten[next(folder.glob("*_POK.pdf")).name] == "POK"
    dossier_only = {b.code for b in rapport.bevindingen} - {b.code for b in map_rapport.bevindingen}
    assert dossier_only == set(), dossier_only


def test_the_cover_index_shows_an_attested_scan_as_checked_by_hand(
    geattesteerd: tuple[Path, Path],
) -> None:
    """The cover's index says who checked the paper by hand, never that the scan carries a
    verified digital signature."""
    import re

    from overeenkomsten.dossier.kopieen import pages

    _folder, uit = geattesteerd
    cover = " ".join(p.tekst for p in pages(uit.read_bytes()) if p.label.startswith("Voorblad"))
    text = re.sub(r"\s+", " ", cover)
    assert "handmatig vastgesteld (geen digitale handtekening)" in text
    assert "drs. P. de Vries" in text


def test_the_report_says_the_record_beside_the_documents_gives_the_afronding(
    getekende_set: Path, test_pki: PkiMaterial, erkenningen_csv: Path, tmp_path: Path
) -> None:
    """X11 and X17 read the afronding from traject.json beside the documents: the report
    must not call that file unused. A record that cannot be read is said to be unused."""
    opdracht = run(
        "controleer", getekende_set, "--vertrouwd", test_pki.root_pem, "--crl", test_pki.crl,
        "--erkenningen", erkenningen_csv,
    )  # fmt: skip
    assert opdracht.exit_code == 0, opdracht.uitvoer
    (regel,) = [r for r in opdracht.uitvoer.splitlines() if "traject.json" in r]
    assert "niet gebruikt" not in regel
    assert "afronding" in regel
    assert "X11" in regel

    kapot = tmp_path / "set"
    kapot.mkdir()
    for pdf in getekende_set.glob("*.pdf"):
        (kapot / pdf.name).write_bytes(pdf.read_bytes())
    (kapot / "traject.json").write_text('{"traject_id": ', encoding="utf-8")
    opdracht = run("controleer", kapot, "--json")
    overgeslagen = json.loads(opdracht.uitvoer)["overgeslagen"]
    assert "niet gebruikt" in overgeslagen["traject.json"]
