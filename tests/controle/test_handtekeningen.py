"""X7 and X8 on real signed PDFs: the generated set signed with the session's test PKI
(pyHanko), inspected by the real signature inspection."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.crypt.pubkey import RecipientEncryptionPolicy
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.stamp import TextStampStyle
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from overeenkomsten import api
from overeenkomsten.controle import Erkenning, Rapport, check_documents
from overeenkomsten.handtekeningen import inspect_signatures
from overeenkomsten.handtekeningen.plaatsing import text_lines
from overeenkomsten.handtekeningen.sleutels import load_signer
from overeenkomsten.handtekeningen.types import Handtekening, PdfVersleuteldError
from overeenkomsten.model.kenmerken import Rol, required_roles
from tests.controle.helpers import BASIS, fired, only, traject
from tests.plugins.pki import sign_as

pytestmark = pytest.mark.libreoffice

VOORAF = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)
TE_LAAT = dt.datetime(2026, 9, 8, 10, 0, tzinfo=dt.UTC)
ERKEND = [Erkenning("25371", leerbedrijf_id="100077736")]


def sign(
    pki: Any, pdf: Path, *, skip: Rol | None = None, late: Rol | None = None, tsa: bool = True
) -> None:
    """Sign ``pdf`` in place for every party that must sign it (``tsa``: with a timestamp
    token; without one the signing time is only the signer's own claim)."""
    document = pdf.stem.rsplit("_", 1)[-1]
    for rol in required_roles(traject(), document):  # type: ignore[arg-type]
        if rol != skip:
            pki.sign(pdf, rol, tijdstip=TE_LAAT if rol == late else VOORAF, tijdstempel=tsa)


@pytest.fixture(scope="module")
def signed(
    sets: dict[str, Path], test_pki: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The basis set signed by everyone; variants re-sign one document differently."""
    root = tmp_path_factory.mktemp("ondertekend")
    full = root / "volledig"
    full.mkdir()
    for pdf in sets["basis"].glob("*.pdf"):
        shutil.copy(pdf, full / pdf.name)
        sign(test_pki, full / pdf.name)
    variants = {"volledig": full}
    for naam, document, changes in (
        ("zonder-leerbedrijf", "POK", {"skip": "leerbedrijf"}),
        ("te-laat", "OOK", {"late": "kandidaat"}),
    ):
        folder = root / naam
        shutil.copytree(full, folder)
        shutil.copy(sets["basis"] / f"{BASIS}_{document}.pdf", folder / f"{BASIS}_{document}.pdf")
        sign(test_pki, folder / f"{BASIS}_{document}.pdf", tsa=False, **changes)
        variants[naam] = folder
    return variants


def test_fully_signed_trusted_and_recognised_set_is_in_orde(
    signed: dict[str, Path], test_pki: Any
) -> None:
    rapport = check_documents(
        signed["volledig"], vertrouwd=test_pki.basis(test_pki.crl), erkenningen=ERKEND
    )
    assert rapport.bevindingen == []
    assert rapport.oordeel == "in orde"
    assert len(rapport.geslaagd) == 18


def _signatures(rapport: Rapport) -> list[Handtekening]:
    return [h for doc in rapport.feiten for h in doc.handtekeningen or ()]


def test_trust_roots_from_the_environment_are_read_at_the_api_edge_only(
    signed: dict[str, Path], test_pki: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``OVEREENKOMSTEN_VERTROUWD`` is configuration: the ``api`` reads it once; the check
    below it takes the loaded trust material and never looks at the environment."""
    monkeypatch.setenv("OVEREENKOMSTEN_VERTROUWD", f"{test_pki.root_pem}:{test_pki.crl}")
    via_api = _signatures(api.controleer(signed["volledig"]))
    below = _signatures(check_documents(signed["volledig"], erkenningen=ERKEND))
    assert len(via_api) == len(below) == 10
    assert all(h.vertrouwd and h.intrekking == "niet-ingetrokken" for h in via_api)
    assert not any(h.vertrouwd for h in below)


def test_without_revocation_data_each_signature_gets_a_warning(
    signed: dict[str, Path], test_pki: Any
) -> None:
    rapport = check_documents(signed["volledig"], vertrouwd=test_pki.basis(), erkenningen=ERKEND)
    assert rapport.oordeel == "in orde"
    codes = {b.code for b in rapport.bevindingen}
    assert codes == {"intrekking-niet-gecontroleerd"}
    assert len(rapport.bevindingen) == 10  # every signature: OOK 2, POK 3, PLOK 3, PV 2


def test_without_trust_roots_good_signatures_are_not_checked_for_trust(
    signed: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OVEREENKOMSTEN_VERTROUWD", raising=False)
    rapport = check_documents(signed["volledig"], erkenningen=ERKEND)
    assert fired(rapport) == set()
    (finding,) = [b for b in rapport.bevindingen if b.ernst == "niet-gecontroleerd"]
    assert finding.code == "vertrouwen-niet-gecontroleerd"
    assert "--vertrouwd" in finding.bericht
    assert rapport.oordeel == "onvolledig"


def test_missing_party_is_a_fout_naming_the_party(signed: dict[str, Path], test_pki: Any) -> None:
    rapport = check_documents(signed["zonder-leerbedrijf"], vertrouwd=test_pki.basis())
    finding = only(rapport, "X7")
    assert finding.documenten == (f"{BASIS}_POK.pdf",)
    assert "namens het leerbedrijf (J. Jansen) ontbreekt" in finding.bericht


def test_signed_after_the_start_is_an_x8_fout(signed: dict[str, Path], test_pki: Any) -> None:
    rapport = check_documents(signed["te-laat"], vertrouwd=test_pki.basis())
    finding = only(rapport, "X8")
    assert "Fatma Yılmaz" in finding.bericht
    assert "8 september 2026" in finding.bericht
    assert "startdatum 7 september 2026" in finding.bericht
    assert "(tijd volgens de ondertekenaar)" in finding.bericht


def test_a_signed_pdf_changed_afterwards_is_a_fout(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "gewijzigd"
    shutil.copytree(signed["volledig"], folder)
    pdf = folder / f"{BASIS}_PLOK.pdf"
    data = pdf.read_bytes()
    assert data.count(b"/Producer") >= 1
    # One byte inside the signed range (the producer string), same length: not intact.
    index = data.index(b"LibreOffice")
    pdf.write_bytes(data[:index] + b"LibreOfficf" + data[index + len(b"LibreOffice") :])
    rapport = check_documents(folder, vertrouwd=test_pki.basis())
    codes = {b.code for b in rapport.bevindingen if b.ernst == "fout"}
    assert fired(rapport) == {"X7"}
    assert codes == {"handtekening-niet-intact"}


def _incremental(pdf: Path, change: Callable[[PdfWriter], object]) -> None:
    """Append ``change`` to ``pdf`` as an incremental update, as a PDF editor saves."""
    writer = PdfWriter(io.BytesIO(pdf.read_bytes()), incremental=True)
    change(writer)
    with pdf.open("wb") as target:
        writer.write(target)


def test_a_metadata_only_update_after_signing_is_an_x7_fout(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    """pyHanko's default policy calls this harmless; domein.md X7 does not."""
    folder = tmp_path / "titel"
    shutil.copytree(signed["volledig"], folder)
    pok = folder / f"{BASIS}_POK.pdf"
    _incremental(pok, lambda w: w.add_metadata({"/Title": "Praktijkovereenkomst (aangepast)"}))

    rapport = check_documents(folder, vertrouwd=test_pki.basis(), erkenningen=ERKEND)

    assert fired(rapport) == {"X7"}
    findings = [b for b in rapport.bevindingen if b.ernst == "fout"]
    assert {b.code for b in findings} == {"gewijzigd-na-ondertekening"}
    assert {b.documenten for b in findings} == {(pok.name,)}
    assert len(findings) == 3  # every signature of the POK: instelling, leerbedrijf, kandidaat
    for finding in findings:
        assert finding.bericht.startswith("POK: ")
        assert "alleen de documenteigenschappen, zoals de titel, zijn gewijzigd" in finding.bericht


def test_validation_data_and_a_document_timestamp_after_signing_are_fine(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "lta"
    shutil.copytree(signed["volledig"], folder)
    plok = folder / f"{BASIS}_PLOK.pdf"
    tsa = load_signer(test_pki.tsa_p12, test_pki.wachtwoord)
    data = plok.read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    last = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    DocumentSecurityStore.supply_dss_in_writer(writer, last.pkcs7_content, certs=[tsa.signing_cert])
    with_dss = io.BytesIO()
    writer.write(with_dss)
    stamped = io.BytesIO()
    PdfTimeStamper(
        DummyTimeStamper(tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key)
    ).timestamp_pdf(IncrementalPdfFileWriter(with_dss), "sha256", output=stamped)
    plok.write_bytes(stamped.getvalue())

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl), erkenningen=ERKEND)

    assert rapport.bevindingen == []
    assert rapport.oordeel == "in orde"


# --- hiding evidence never downgrades 'fouten' to 'onvolledig' (X7 v2) -------------------


def _copy(signed: dict[str, Path], tmp_path: Path, naam: str) -> tuple[Path, Path]:
    folder = tmp_path / naam
    shutil.copytree(signed["volledig"], folder)
    return folder, folder / f"{BASIS}_POK.pdf"


def _hide_form(writer: PdfWriter, *, broken: bool) -> None:
    """Change the first page, and remove (or break) the form with the signatures."""
    writer.pages[0].merge_transformed_page(writer.pages[1], (0.2, 0, 0, 0.2, 300, 600))
    root = writer._root_object
    if broken:
        root[NameObject("/AcroForm")] = NameObject("/Kapot")
    else:
        del root["/AcroForm"]


@pytest.mark.parametrize("broken", [False, True])
def test_removing_or_breaking_the_form_after_a_change_is_a_fout(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path, broken: bool
) -> None:
    folder, pok = _copy(signed, tmp_path, f"formulier-{broken}")
    _incremental(pok, lambda w: _hide_form(w, broken=broken))

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    assert rapport.oordeel == "fouten"
    fouten = [b for b in rapport.bevindingen if b.ernst == "fout"]
    assert {b.documenten for b in fouten} == {(pok.name,)}
    assert {b.code for b in fouten} & {"handtekening-verwijderd", "onleesbaar-na-ondertekening"}


def test_breaking_the_xref_after_signing_is_a_fout(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder, pok = _copy(signed, tmp_path, "xref")
    data = pok.read_bytes()
    pok.write_bytes(
        data
        + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\nrommel\nstartxref\n999999999\n%%EOF\n"
    )

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    assert rapport.oordeel == "fouten"
    assert any(b.ernst == "fout" and b.documenten == (pok.name,) for b in rapport.bevindingen)


def test_rewriting_a_signed_pdf_without_its_signatures_is_a_fout(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder, pok = _copy(signed, tmp_path, "herschreven")
    writer = PdfWriter(clone_from=PdfReader(pok))
    for page in writer.pages:
        if "/Annots" in page:
            del page["/Annots"]
    del writer._root_object["/AcroForm"]
    with pok.open("wb") as target:
        writer.write(target)

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    assert rapport.oordeel == "fouten"
    codes = {b.code for b in rapport.bevindingen if b.ernst == "fout"}
    assert "handtekeningen-verwijderd" in codes


def test_rewriting_without_signatures_and_without_traces_is_a_fout(
    sets: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    """The firm fact: ``onderteken`` records in the folder's ``.overeenkomsten/`` which
    document (trajectory, type, version) it signed for whom. A POK rewritten page by page
    by another program, with no signature field, no stamp and another producer, is then
    still known to have been signed: a fout, not 'not signed' (onvolledig)."""
    folder = tmp_path / "set"
    folder.mkdir()
    for pdf in sets["basis"].glob("*.pdf"):
        shutil.copy(pdf, folder / pdf.name)
    pok = folder / f"{BASIS}_POK.pdf"
    for rol in ("instelling", "leerbedrijf", "kandidaat"):
        api.onderteken(pok, rol, test_pki.p12[rol], test_pki.wachtwoord)
    assert (folder / ".overeenkomsten" / "ondertekend.json").is_file()
    reader = PdfReader(pok)
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        if "/Annots" in added:
            del added["/Annots"]
    metadata = {k: v for k, v in (reader.metadata or {}).items() if k != "/Producer"}
    writer.add_metadata({**metadata, "/Producer": "Microsoft: Print To PDF"})
    with pok.open("wb") as target:
        writer.write(target)
    assert inspect_signatures(pok) == []  # no trace left in the file itself

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    assert rapport.oordeel == "fouten"
    (weg,) = [b for b in rapport.bevindingen if b.code == "handtekeningen-verwijderd"]
    assert weg.ernst == "fout"
    assert weg.documenten == (pok.name,)
    assert "ondertekend.json" in weg.bericht
    renamed = folder / "teruggekregen.pdf"  # found by content, not by file name
    pok.rename(renamed)
    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))
    assert [b.documenten for b in rapport.bevindingen if b.code == "handtekeningen-verwijderd"] == [
        (renamed.name,)
    ]


def test_a_fresh_document_the_engine_wrote_after_the_signed_one_is_no_rewrite(
    sets: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    """The signed POK removed and the engine's unsigned POK written again (recorded in its
    ledger, unchanged since): a fresh document, not signed, no fout."""
    from overeenkomsten.trajectmap.boekhouding import Boekhouding

    folder = tmp_path / "set"
    folder.mkdir()
    for pdf in sets["basis"].glob("*.pdf"):
        shutil.copy(pdf, folder / pdf.name)
    pok = folder / f"{BASIS}_POK.pdf"
    api.onderteken(pok, "instelling", test_pki.p12["instelling"], test_pki.wachtwoord)
    pok.unlink()
    Boekhouding(folder).write(pok.name, (sets["basis"] / pok.name).read_bytes())

    rapport = check_documents(folder, vertrouwd=test_pki.basis())

    assert not [b for b in rapport.bevindingen if b.code == "handtekeningen-verwijderd"]
    assert rapport.oordeel == "onvolledig"


def test_an_unsigned_set_beside_no_signing_record_is_only_not_checked(
    sets: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    for pdf in sets["basis"].glob("*.pdf"):
        shutil.copy(pdf, folder / pdf.name)
    (folder / ".overeenkomsten").mkdir()
    (folder / ".overeenkomsten" / "ondertekend.json").write_text("{kapot", encoding="utf-8")
    rapport = check_documents(folder, vertrouwd=test_pki.basis())
    assert rapport.oordeel == "onvolledig"
    assert not [b for b in rapport.bevindingen if b.code == "handtekeningen-verwijderd"]


@pytest.mark.parametrize("naam", ["ingetrokken", "onbereikbaar"])
def test_revocation_by_ocsp_in_the_check(
    signed: dict[str, Path],
    sets: dict[str, Path],
    test_pki: Any,
    ocsp_dienst: Any,
    tmp_path: Path,
    naam: str,
) -> None:
    """The kandidaat's certificate names an OCSP service (a real responder on 127.0.0.1).
    Revoked per its answer, embedded in the PDF: a fout. Unreachable, so nothing could be
    embedded: a warning that names the service and says it was not consulted."""
    from tests.plugins.ocsp import certificate_in, embed_ocsp, fetch_ocsp

    folder, pok = _copy(signed, tmp_path, f"ocsp-{naam}")
    shutil.copy(sets["basis"] / pok.name, pok)
    sign(test_pki, pok, skip="kandidaat")
    sign_as(test_pki, pok, "kandidaat", ocsp_dienst.p12[naam], tijdstip=VOORAF)
    cert = certificate_in(ocsp_dienst.p12[naam], ocsp_dienst.wachtwoord)
    if naam == "ingetrokken":  # the CA's CRL does not list it: only OCSP knows
        embed_ocsp(pok, [fetch_ocsp(cert, ocsp_dienst.root)])
        vertrouwd = test_pki.basis(test_pki.crl)
    else:  # no CRL either: nothing covers the certificate
        vertrouwd = test_pki.basis()

    rapport = check_documents(folder, vertrouwd=vertrouwd)

    kandidaat = [
        b
        for b in rapport.bevindingen
        if "Yılmaz" in b.bericht and b.regel == "X7" and b.documenten == (pok.name,)
    ]
    if naam == "ingetrokken":
        assert rapport.oordeel == "fouten"
        assert [b.ernst for b in kandidaat] == ["fout"]
        assert "ingetrokken" in kandidaat[0].bericht
    else:
        (waarschuwing,) = kandidaat
        assert (waarschuwing.ernst, waarschuwing.code) == (
            "waarschuwing",
            "intrekking-niet-gecontroleerd",
        )
        assert "OCSP-dienst (http://127.0.0.1:" in waarschuwing.bericht
        assert "raadpleegt de controle niet" in waarschuwing.bericht


def _pubkey_encrypted(pdf: Path, test_pki: Any) -> bytes:
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf.read_bytes())))
    cert = load_signer(test_pki.p12["kandidaat"], test_pki.wachtwoord).signing_cert
    writer.encrypt_pubkey([cert], policy=RecipientEncryptionPolicy(ignore_key_usage=True))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_public_key_encrypted_pdf_in_a_folder_is_one_finding(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder, pok = _copy(signed, tmp_path, "versleuteld")
    geheim = folder / "geheim.pdf"
    geheim.write_bytes(_pubkey_encrypted(pok, test_pki))

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    (finding,) = [b for b in rapport.bevindingen if b.documenten == ("geheim.pdf",)]
    assert (finding.ernst, finding.code) == ("niet-gecontroleerd", "pdf-versleuteld")
    assert "versleuteld" in finding.bericht
    with pytest.raises(PdfVersleuteldError):
        inspect_signatures(geheim)


def test_a_signature_painting_over_the_start_date_is_a_fout(
    signed: dict[str, Path], sets: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    """The RMT signs last, with a visible appearance over the Kenmerken start date."""
    folder, _pok = _copy(signed, tmp_path, "overlay")
    plok = folder / f"{BASIS}_PLOK.pdf"
    shutil.copy(sets["basis"] / plok.name, plok)
    for rol in ("leerbedrijf", "kandidaat"):
        test_pki.sign(plok, rol, tijdstip=VOORAF, tijdstempel=True)
    line = next(
        line for line in text_lines(PdfReader(plok).pages[0]) if line.text.startswith("Startdatum")
    )
    box = (round(line.x), round(line.bottom), round(line.x + 250), round(line.top))
    signer = load_signer(test_pki.p12["rmt"], test_pki.wachtwoord)
    writer = IncrementalPdfFileWriter(io.BytesIO(plok.read_bytes()))
    out = io.BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="rmt", md_algorithm="sha256"),
        signer,
        stamp_style=TextStampStyle(stamp_text="Startdatum: 1 februari 2031"),
        new_field_spec=fields.SigFieldSpec(sig_field_name="rmt", on_page=0, box=box),
    ).sign_pdf(writer, output=out)
    plok.write_bytes(out.getvalue())

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    assert rapport.oordeel == "fouten"
    (finding,) = [b for b in rapport.bevindingen if b.code == "overlay"]
    assert finding.documenten == (plok.name,)
    assert "Startdatum" in finding.bericht


def test_late_signing_with_a_timestamp_warns_and_x8_names_the_timestamp(
    sets: dict[str, Path], test_pki: Any, tsa_server: Any, tmp_path: Path
) -> None:
    """Signing today (after the 2026 start) with --tsa: onderteken warns, X8 is a fout whose
    time comes from the timestamp, not from the signer."""
    folder = tmp_path / "tsa"
    folder.mkdir()
    for pdf in sets["basis"].glob("*.pdf"):
        shutil.copy(pdf, folder / pdf.name)
    ook = folder / f"{BASIS}_OOK.pdf"
    gedaan = [
        api.onderteken(ook, rol, test_pki.p12[rol], test_pki.wachtwoord, tsa=tsa_server.url)
        for rol in ("instelling", "kandidaat")
    ]
    assert all(g.tijdstempel for g in gedaan)
    assert all(any("na de startdatum" in w for w in g.waarschuwingen) for g in gedaan)

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    late = [b for b in rapport.bevindingen if b.regel == "X8" and b.ernst == "fout"]
    assert len(late) == 2
    assert all("(volgens tijdstempel)" in b.bericht for b in late)


# --- wet ink: a scan with a manual attestation (domein.md section 7) ----------------------


def _scan_folder(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path, naam: str, datum: str
) -> tuple[Path, Path]:
    """The signed set with the POK replaced by a scan, attested for all three parties."""
    folder, pok = _copy(signed, tmp_path, naam)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with pok.open("wb") as target:
        writer.write(target)
    api.attesteer(
        pok,
        ["instelling,leerbedrijf,kandidaat"],
        datum,
        test_pki.p12["instelling"],
        test_pki.wachtwoord,
    )
    return folder, pok


def test_a_fully_attested_scan_counts_as_signed_by_hand(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder, pok = _scan_folder(signed, test_pki, tmp_path, "scan", "31-8-2026")

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl), erkenningen=ERKEND)

    assert fired(rapport) == set(), rapport.bevindingen
    signatures = [b for b in rapport.bevindingen if b.regel in ("X0", "X7", "X8", "X16")]
    (hand,) = signatures
    assert (hand.ernst, hand.code) == ("waarschuwing", "handmatig-vastgesteld")
    assert "handmatig vastgesteld door drs. P. de Vries" in hand.bericht
    # the scan's text cannot be read: rules comparing the POK's content say so, honestly
    assert {b.ernst for b in rapport.bevindingen} <= {"waarschuwing", "niet-gecontroleerd"}


def test_a_date_on_the_paper_after_the_start_is_late_volgens_attestatie(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder, _pok = _scan_folder(signed, test_pki, tmp_path, "scan-laat", "9-9-2026")

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    finding = only(rapport, "X8")
    assert "(volgens attestatie)" in finding.bericht
    assert "9 september 2026" in finding.bericht


def test_a_scan_changed_after_its_attestation_is_a_fout(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder, pok = _scan_folder(signed, test_pki, tmp_path, "scan-gewijzigd", "31-8-2026")
    pok.write_bytes(pok.read_bytes() + b"\n% andere scan\n")

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl))

    assert rapport.oordeel == "fouten"
    codes = {b.code for b in rapport.bevindingen if b.ernst == "fout"}
    assert codes & {"attestatie-ongeldig", "attestatie-geldt-niet"}


@pytest.mark.parametrize("sleutel", ["zelf", "verlopen", "nog-niet-geldig", "ingetrokken"])
def test_a_bad_certificate_with_roots_given_is_a_fout(
    signed: dict[str, Path], sets: dict[str, Path], test_pki: Any, tmp_path: Path, sleutel: str
) -> None:
    """The attacks of issue 11: these gave 'in orde' with a warning, even with --vertrouwd."""
    folder, _pok = _copy(signed, tmp_path, sleutel)
    ook = folder / f"{BASIS}_OOK.pdf"
    shutil.copy(sets["basis"] / ook.name, ook)
    test_pki.sign(ook, "instelling", tijdstip=VOORAF, tijdstempel=True)
    # the certificate's own validity decides the time: an expired one signs 'now'
    moment = None if sleutel in ("verlopen", "nog-niet-geldig") else VOORAF
    sign_as(test_pki, ook, "kandidaat", test_pki.bijzonder[sleutel], tijdstip=moment)

    rapport = check_documents(folder, vertrouwd=test_pki.basis(test_pki.crl), erkenningen=ERKEND)

    assert rapport.oordeel == "fouten"
    fouten = [b for b in rapport.bevindingen if b.ernst == "fout" and b.regel == "X7"]
    assert {b.documenten for b in fouten} == {(ook.name,)}
    assert all("Fatma Yılmaz" in b.bericht for b in fouten)


#: Checks a set as ``overeenkomsten controleer`` does, in a new process, and prints at exit
#: every module it imported.
_CONTROLEER = """
import atexit, sys
atexit.register(lambda: print("\\n".join(sys.modules), file=sys.stderr))
from overeenkomsten.cli import main
main(sys.argv[1:])
"""

#: The signing stack: pyhanko.sign's __init__ re-exports the signers, which import the
#: HTTP clients (aiohttp, requests) of the timestamp, CRL and OCSP fetchers; together a
#: third of a check's start-up (issue 11: one set in at most 1.0 s).
ONDERTEKENSTAPEL = ("aiohttp", "requests", "pyhanko.sign.signers", "pyhanko.sign.timestamps")


#: The renderer: only a check whose X15 text comparison is not in the cache
#: (``controle/tekstcache.py``) renders templates.
RENDERER = ("docxtpl", "docx", "jinja2", "overeenkomsten.documenten.render")


def _check_imports(folder: Path, test_pki: Any, cache: Path) -> set[str]:
    """The modules ``overeenkomsten controleer folder`` imported, as a new process."""
    result = subprocess.run(
        [sys.executable, "-c", _CONTROLEER, "controleer", str(folder), "--json"]
        + ["--vertrouwd", str(test_pki.root_pem), "--crl", str(test_pki.crl)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OVEREENKOMSTEN_CACHE": str(cache)},
    )
    assert json.loads(result.stdout)["oordeel"] == "onvolledig"  # only X6: no erkenningen
    return set(result.stderr.split())


def test_checking_a_signed_set_does_not_import_the_signing_stack(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    first = _check_imports(signed["volledig"], test_pki, tmp_path)
    assert "pyhanko.sign.validation" in first  # the signatures were checked
    assert "docxtpl" in first  # an empty cache: the templates were rendered
    assert not sorted(m for m in first if m.startswith(ONDERTEKENSTAPEL))
    again = _check_imports(signed["volledig"], test_pki, tmp_path)
    assert "pyhanko.sign.validation" in again
    assert not sorted(m for m in again if m.startswith(ONDERTEKENSTAPEL + RENDERER))


def test_pyhanko_sign_still_exports_its_names_after_a_check_imported_it() -> None:
    program = (
        "import overeenkomsten.handtekeningen.inspectie, sys\n"
        "assert 'pyhanko.sign.signers' not in sys.modules\n"
        "import pyhanko.sign\n"
        "from pyhanko.sign import DEFAULT_MD, PdfSigner, fields, signers\n"
        "assert PdfSigner is signers.PdfSigner and pyhanko.sign.SimpleSigner\n"
        "assert DEFAULT_MD == 'sha256' and fields.SigSeedSubFilter\n"
        "import overeenkomsten.handtekeningen.ondertekenen\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
