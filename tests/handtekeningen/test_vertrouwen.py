"""Trust (X7 v2) on real signatures: roots, validity at the signing time, revocation from
``--crl`` files and from the PDF's own DSS, and the certificate names X16 compares."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from asn1crypto.crl import CertificateList
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore

from overeenkomsten.handtekeningen import inspect_signatures
from overeenkomsten.handtekeningen.basis import Vertrouwensbasis
from overeenkomsten.handtekeningen.types import Handtekening
from tests.plugins.pki import PkiMaterial, sign_as

OP_TIJD = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)


def _only(pdf: Path, *vertrouwd: Path) -> Handtekening:
    (h,) = inspect_signatures(pdf, Vertrouwensbasis.from_files(vertrouwd))
    return h


@pytest.mark.parametrize(
    ("sleutel", "tijdstip", "verwacht"),
    [
        ("verlopen", None, "verlopen"),
        ("nog-niet-geldig", None, "nog-niet-geldig"),
        ("zelf", OP_TIJD, "niet-vertrouwd"),
    ],
)
def test_certificate_problems_with_roots(
    kopie: Path, test_pki: PkiMaterial, sleutel: str, tijdstip: dt.datetime | None, verwacht: str
) -> None:
    sign_as(test_pki, kopie, "kandidaat", test_pki.bijzonder[sleutel], tijdstip=tijdstip)

    h = _only(kopie, test_pki.root_pem)

    assert h.in_orde  # intact and valid: the problem is trust
    assert h.vertrouwen == verwacht
    assert not h.vertrouwd
    assert h.vertrouwen_fout


@pytest.mark.parametrize("sleutel", ["verlopen", "nog-niet-geldig"])
def test_a_certificate_not_valid_at_signing_is_wrong_even_without_roots(
    kopie: Path, test_pki: PkiMaterial, sleutel: str
) -> None:
    sign_as(test_pki, kopie, "kandidaat", test_pki.bijzonder[sleutel])

    h = _only(kopie)

    assert h.vertrouwen == sleutel
    assert "moment van ondertekenen" in h.toelichting


def test_another_cas_signer_is_not_trusted(kopie: Path, test_pki: PkiMaterial) -> None:
    test_pki.sign(kopie, "instelling", vertrouwd=False, tijdstip=OP_TIJD)

    h = _only(kopie, test_pki.root_pem)

    assert h.vertrouwen == "niet-vertrouwd"
    assert "vertrouwde basis" in h.toelichting


def test_without_roots_trust_is_not_checked(kopie: Path, test_pki: PkiMaterial) -> None:
    test_pki.sign(kopie, "instelling", tijdstip=OP_TIJD)

    h = _only(kopie)

    assert h.vertrouwen == "niet-gecontroleerd"
    assert not h.vertrouwen_fout
    assert "--vertrouwd" in h.toelichting


def test_revoked_certificate_in_a_crl_file(kopie: Path, test_pki: PkiMaterial) -> None:
    sign_as(test_pki, kopie, "kandidaat", test_pki.bijzonder["ingetrokken"], tijdstip=OP_TIJD)

    without = _only(kopie, test_pki.root_pem)
    with_crl = _only(kopie, test_pki.root_pem, test_pki.crl)

    assert (without.vertrouwen, without.intrekking) == ("vertrouwd", "niet-gecontroleerd")
    assert (with_crl.vertrouwen, with_crl.intrekking) == ("ingetrokken", "ingetrokken")
    assert with_crl.vertrouwen_fout


def test_crl_option_is_used_for_revocation(kopie: Path, test_pki: PkiMaterial) -> None:
    test_pki.sign(kopie, "instelling", tijdstip=OP_TIJD)

    (h,) = inspect_signatures(kopie, test_pki.basis(test_pki.lege_crl))

    assert (h.vertrouwen, h.intrekking) == ("vertrouwd", "niet-ingetrokken")


def test_revocation_data_embedded_in_the_pdf_counts(kopie: Path, test_pki: PkiMaterial) -> None:
    test_pki.sign(kopie, "instelling", tijdstip=OP_TIJD)
    data = kopie.read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    last = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    DocumentSecurityStore.supply_dss_in_writer(
        writer, last.pkcs7_content, crls=[CertificateList.load(test_pki.lege_crl.read_bytes())]
    )
    out = io.BytesIO()
    writer.write(out)
    kopie.write_bytes(out.getvalue())

    h = _only(kopie, test_pki.root_pem)

    assert (h.vertrouwen, h.intrekking) == ("vertrouwd", "niet-ingetrokken")
    assert h.in_orde


def test_certificate_names_for_x16(kopie: Path, test_pki: PkiMaterial) -> None:
    sign_as(test_pki, kopie, "instelling", test_pki.bijzonder["pieter"], tijdstip=OP_TIJD)
    sign_as(test_pki, kopie, "kandidaat", test_pki.bijzonder["dienst"], tijdstip=OP_TIJD)

    pieter, dienst = inspect_signatures(kopie, test_pki.basis())

    assert pieter.certificaat is not None
    assert dienst.certificaat is not None
    assert (pieter.certificaat.voornaam, pieter.certificaat.achternaam) == ("Pieter", "de Vries")
    assert not pieter.certificaat.is_organisatie
    assert dienst.certificaat.is_organisatie
    assert dienst.certificaat.organisatie_id == "NTRNL-87654321"
    assert dienst.reden == "Ondertekend als kandidaat"
