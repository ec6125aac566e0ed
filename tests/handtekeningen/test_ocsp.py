"""Revocation by OCSP (X7 v2): a real responder on 127.0.0.1 (tests/plugins/ocsp.py), its
answers embedded in the PDF as a signing service does for long-term validation. The check
itself fetches nothing: it uses what the PDF carries, verifies who signed each answer, and
says so when no answer covers a certificate."""

from __future__ import annotations

import datetime as dt
import urllib.error
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp
from cryptography.x509.oid import NameOID

from overeenkomsten.handtekeningen import inspect_signatures
from overeenkomsten.handtekeningen.types import Handtekening
from tests.plugins.ocsp import OcspDienst, certificate_in, embed_ocsp, fetch_ocsp
from tests.plugins.pki import PkiMaterial, sign_as

OP_TIJD = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)


def _signed(kopie: Path, pki: PkiMaterial, dienst: OcspDienst, naam: str) -> x509.Certificate:
    sign_as(pki, kopie, "kandidaat", dienst.p12[naam], tijdstip=OP_TIJD)
    return certificate_in(dienst.p12[naam], dienst.wachtwoord)


def _only(pdf: Path, pki: PkiMaterial) -> Handtekening:
    (h,) = inspect_signatures(pdf, pki.basis())
    return h


def test_revoked_per_ocsp_does_not_count(
    kopie: Path, test_pki: PkiMaterial, ocsp_dienst: OcspDienst
) -> None:
    cert = _signed(kopie, test_pki, ocsp_dienst, "ingetrokken")
    assert _only(kopie, test_pki).intrekking == "niet-gecontroleerd"  # nothing embedded yet

    embed_ocsp(kopie, [fetch_ocsp(cert, ocsp_dienst.root)])
    h = _only(kopie, test_pki)

    assert cert.serial_number in ocsp_dienst.verzoeken  # asked over the network
    assert (h.vertrouwen, h.intrekking) == ("ingetrokken", "ingetrokken")
    assert h.vertrouwen_fout
    assert "ingetrokken" in h.toelichting


def test_good_per_ocsp_covers_revocation(
    kopie: Path, test_pki: PkiMaterial, ocsp_dienst: OcspDienst
) -> None:
    cert = _signed(kopie, test_pki, ocsp_dienst, "goed")
    embed_ocsp(kopie, [fetch_ocsp(cert, ocsp_dienst.root)])

    h = _only(kopie, test_pki)

    assert (h.vertrouwen, h.intrekking) == ("vertrouwd", "niet-ingetrokken")
    assert h.in_orde


def _forged_good(cert: x509.Certificate, issuer: x509.Certificate) -> bytes:
    """A 'good' answer for ``cert`` signed by a key that is not its CA's."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Vervalste OCSP-dienst")])
    now = dt.datetime.now(dt.UTC)
    responder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=cert,
        issuer=issuer,
        algorithm=hashes.SHA1(),
        cert_status=ocsp.OCSPCertStatus.GOOD,
        this_update=now,
        next_update=now + dt.timedelta(days=7),
        revocation_time=None,
        revocation_reason=None,
    )
    response = (
        builder.responder_id(ocsp.OCSPResponderEncoding.HASH, responder)
        .certificates([responder])
        .sign(key, hashes.SHA256())
    )
    return response.public_bytes(serialization.Encoding.DER)


def test_a_forged_good_answer_covers_nothing(
    kopie: Path, test_pki: PkiMaterial, ocsp_dienst: OcspDienst
) -> None:
    """An OCSP answer counts only when the certificate's CA (or a responder it appointed)
    signed it: a 'good' from anyone else leaves revocation unchecked."""
    cert = _signed(kopie, test_pki, ocsp_dienst, "ingetrokken")
    embed_ocsp(kopie, [_forged_good(cert, ocsp_dienst.root)])

    h = _only(kopie, test_pki)

    assert h.intrekking == "niet-gecontroleerd"


def test_an_unknown_answer_from_the_ca_covers_nothing(
    kopie: Path, test_pki: PkiMaterial, ocsp_dienst: OcspDienst
) -> None:
    """The CA's own responder answering 'unknown' (it does not know the certificate) says
    nothing about revocation: not checked, never 'not revoked'."""
    cert = _signed(kopie, test_pki, ocsp_dienst, "goed")
    now = dt.datetime.now(dt.UTC)
    unknown = (
        ocsp.OCSPResponseBuilder()
        .add_response(
            cert=cert,
            issuer=ocsp_dienst.root,
            algorithm=hashes.SHA1(),
            cert_status=ocsp.OCSPCertStatus.UNKNOWN,
            this_update=now,
            next_update=now + dt.timedelta(days=7),
            revocation_time=None,
            revocation_reason=None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, ocsp_dienst.root)
        .sign(ocsp_dienst.root_key, hashes.SHA256())
    )
    embed_ocsp(kopie, [unknown.public_bytes(serialization.Encoding.DER)])

    h = _only(kopie, test_pki)
    assert h.intrekking == "niet-gecontroleerd"


@pytest.mark.parametrize(
    "status", [ocsp.OCSPResponseStatus.TRY_LATER, ocsp.OCSPResponseStatus.UNAUTHORIZED]
)
def test_an_unsuccessful_answer_covers_nothing(
    kopie: Path, test_pki: PkiMaterial, ocsp_dienst: OcspDienst, status: ocsp.OCSPResponseStatus
) -> None:
    _signed(kopie, test_pki, ocsp_dienst, "goed")
    embed_ocsp(
        kopie,
        [
            ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(
                serialization.Encoding.DER
            )
        ],
    )

    assert _only(kopie, test_pki).intrekking == "niet-gecontroleerd"


def test_an_unreachable_responder_is_said_not_passed(
    kopie: Path, test_pki: PkiMaterial, ocsp_dienst: OcspDienst
) -> None:
    """The certificate names a responder nobody can reach: no answer could be embedded, and
    the signature says which service it names and that it was not consulted."""
    cert = _signed(kopie, test_pki, ocsp_dienst, "onbereikbaar")
    with pytest.raises(urllib.error.URLError, match="refused"):
        fetch_ocsp(cert, ocsp_dienst.root)

    h = _only(kopie, test_pki)

    assert h.intrekking == "niet-gecontroleerd"
    assert h.certificaat is not None
    assert h.certificaat.ocsp
    assert h.certificaat.ocsp[0].startswith("http://127.0.0.1:")
