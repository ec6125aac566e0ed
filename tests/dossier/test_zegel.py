"""The dossier seal (real pyHanko, the session's test PKI): what may follow it, what not."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pypdf import PdfReader, PdfWriter

from overeenkomsten.errors import SignatureError
from overeenkomsten.handtekeningen.sleutels import load_signer
from overeenkomsten.handtekeningen.zegel import (
    ZEGEL_VELD,
    check_seal,
    count_revisions,
    review_after_seal,
    seal_pdf,
)
from tests.dossier.pdfs import incremental, text_pdf
from tests.plugins.pki import PkiMaterial


def _with_info(data: bytes) -> bytes:
    """As the dossier is written: by pypdf, with a document information dictionary."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": "Dossier T-1"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def verzegeld(test_pki: PkiMaterial) -> bytes:
    dossier = _with_info(text_pdf(["Voorblad", "Kopie"]))
    return seal_pdf(dossier, test_pki.p12["instelling"], test_pki.wachtwoord)


@pytest.fixture(scope="module")
def tsa(test_pki: PkiMaterial) -> DummyTimeStamper:
    authority = load_signer(test_pki.tsa_p12, test_pki.wachtwoord)
    return DummyTimeStamper(tsa_cert=authority.signing_cert, tsa_key=authority.signing_key)


def _timestamp(data: bytes, tsa: DummyTimeStamper, title: str | None = None) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    if title is not None:
        writer.document_meta.title = title
    out = io.BytesIO()
    PdfTimeStamper(tsa).timestamp_pdf(writer, "sha256", output=out)
    return out.getvalue()


def _add_dss(data: bytes, test_pki: PkiMaterial) -> bytes:
    seal = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    signer = load_signer(test_pki.p12["instelling"], test_pki.wachtwoord)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    DocumentSecurityStore.supply_dss_in_writer(
        writer, seal.pkcs7_content, certs=[signer.signing_cert]
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_fresh_seal_is_intact_trusted_and_covers_everything(
    verzegeld: bytes, test_pki: PkiMaterial
) -> None:
    controle = check_seal(verzegeld, test_pki.basis())
    assert controle is not None
    zegel = controle.handtekening
    assert (zegel.veld, zegel.soort, zegel.ondertekenaar) == (
        ZEGEL_VELD,
        "zegel",
        "drs. P. de Vries",
    )
    assert (zegel.intact, zegel.geldig, zegel.vertrouwd, zegel.dekking) == (
        True, True, True, "hele document",
    )  # fmt: skip
    assert controle.wijzigingen == ()
    assert controle.in_orde
    assert count_revisions(verzegeld) == 2  # the dossier as written, and the seal


def test_without_trust_root_the_seal_is_intact_but_not_trusted(verzegeld: bytes) -> None:
    controle = check_seal(verzegeld)
    assert controle is not None
    assert controle.in_orde
    assert not controle.handtekening.vertrouwd


def test_no_seal_no_review() -> None:
    plain = text_pdf(["Zonder zegel"])
    assert check_seal(plain) is None
    assert review_after_seal(plain) == ([], 0)


def test_a_metadata_only_update_after_the_seal_is_a_change(verzegeld: bytes) -> None:
    """pyHanko itself accepts this as harmless; a sealed dossier must not."""
    changed = incremental(verzegeld, lambda w: w.add_metadata({"/Title": "Ander dossier"}))
    wijzigingen, toegestaan = review_after_seal(changed)
    assert toegestaan == 0
    assert len(wijzigingen) == 1
    assert "Revisie 3" in wijzigingen[0]
    assert "documenteigenschappen" in wijzigingen[0]


def test_an_appended_page_after_the_seal_is_a_change(verzegeld: bytes) -> None:
    changed = incremental(verzegeld, lambda w: w.add_blank_page(595, 842))
    wijzigingen, _ = review_after_seal(changed)
    assert len(wijzigingen) == 1
    assert "aantal pagina's gaat van 2 naar 3" in wijzigingen[0]


def test_validation_data_and_document_timestamps_may_follow_the_seal(
    verzegeld: bytes, test_pki: PkiMaterial, tsa: DummyTimeStamper
) -> None:
    extended = _timestamp(_add_dss(verzegeld, test_pki), tsa)
    assert review_after_seal(extended) == ([], 2)
    controle = check_seal(extended, test_pki.basis())
    assert controle is not None
    assert controle.in_orde


@pytest.mark.parametrize("info", [True, False], ids=["met-info", "alleen-xmp"])
def test_a_timestamp_revision_that_also_changes_metadata_is_a_change(
    info: bool, test_pki: PkiMaterial, tsa: DummyTimeStamper
) -> None:
    """The title is in /Info, or (without one) only in the XMP metadata: both count."""
    dossier = text_pdf(["Voorblad"])
    sealed = seal_pdf(
        _with_info(dossier) if info else dossier, test_pki.p12["instelling"], test_pki.wachtwoord
    )
    assert review_after_seal(_timestamp(sealed, tsa)) == ([], 1)
    changed = _timestamp(sealed, tsa, title="Stiekem gewijzigd")
    wijzigingen, toegestaan = review_after_seal(changed)
    assert toegestaan == 0
    assert len(wijzigingen) == 1
    assert "voegt validatiegegevens toe maar wijzigt" in wijzigingen[0]
    assert ("(/Info)" if info else "XMP-metadata") in wijzigingen[0]


class _IgnoresCertification(signers.PdfSigner):
    """A signer that signs even where the seal forbids it (pyHanko itself refuses)."""

    def _enforce_certification_constraints(self, reader: object) -> None:
        return None


def test_a_signature_after_the_seal_is_a_change(verzegeld: bytes, test_pki: PkiMaterial) -> None:
    signer = load_signer(test_pki.p12["kandidaat"], test_pki.wachtwoord)
    out = io.BytesIO()
    _IgnoresCertification(signers.PdfSignatureMetadata(field_name="kandidaat"), signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(verzegeld)), output=out
    )
    wijzigingen, _ = review_after_seal(out.getvalue())
    assert len(wijzigingen) == 1
    assert "handtekening toe (veld kandidaat)" in wijzigingen[0]


def test_a_rewritten_dossier_breaks_the_seal(verzegeld: bytes) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(verzegeld)))
    writer.add_metadata({"/Title": "Opnieuw opgeslagen"})
    out = io.BytesIO()
    writer.write(out)
    controle = check_seal(out.getvalue())
    assert controle is not None
    assert not controle.in_orde
    assert not (controle.handtekening.intact and controle.handtekening.geldig)


def test_a_wrong_password_is_refused(test_pki: PkiMaterial, tmp_path: Path) -> None:
    with pytest.raises(SignatureError) as info:
        seal_pdf(text_pdf(["x"]), test_pki.p12["instelling"], b"fout-wachtwoord")
    assert info.value.code == "wachtwoord-onjuist"
