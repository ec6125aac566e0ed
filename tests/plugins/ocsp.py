"""A real OCSP responder on 127.0.0.1 for the test session, speaking for the test CA.

It answers RFC 6960 requests over HTTP (POST ``application/ocsp-request``, answer
``application/ocsp-response``) with responses built and signed by ``cryptography``'s OCSP
builder with the root CA's own key, as a CA that runs its own responder does. The session
gets three signers with the kandidaat's name whose certificates name an OCSP service in
their Authority Information Access:

* ``goed``: the responder says *good*;
* ``ingetrokken``: the responder says *revoked* (since 1 January 2021, key compromise);
  no CRL lists it, only OCSP knows;
* ``onbereikbaar``: the certificate names a responder at a port where nothing listens.

:func:`embed_ocsp` does what a signing service does for long-term validation: it asks the
responder the certificate names, over the network, and adds the answer to the PDF's
document security store (pyHanko's DSS), in an incremental update.
"""

from __future__ import annotations

import datetime as dt
import io
import socket
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from tests.plugins.pki import NAMEN, NOT_AFTER, NOT_BEFORE, PkiMaterial

INGETROKKEN_SINDS = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


@dataclass
class OcspDienst:
    """The running responder, the signers whose certificates name it, and its requests."""

    url: str
    p12: dict[str, Path]
    wachtwoord: bytes
    root: x509.Certificate
    root_key: ec.EllipticCurvePrivateKey
    ingetrokken: set[int] = field(default_factory=set)
    verzoeken: list[int] = field(default_factory=list)


def _answer(dienst: OcspDienst, issued: dict[int, x509.Certificate], body: bytes) -> bytes:
    request = ocsp.load_der_ocsp_request(body)
    serial = request.serial_number
    dienst.verzoeken.append(serial)
    cert = issued.get(serial)
    if cert is None:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.UNAUTHORIZED
        ).public_bytes(serialization.Encoding.DER)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    revoked = serial in dienst.ingetrokken
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=cert,
        issuer=dienst.root,
        algorithm=request.hash_algorithm,
        cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
        this_update=now - dt.timedelta(minutes=5),
        next_update=now + dt.timedelta(days=7),
        revocation_time=INGETROKKEN_SINDS if revoked else None,
        revocation_reason=x509.ReasonFlags.key_compromise if revoked else None,
    )
    response = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, dienst.root).sign(
        dienst.root_key, hashes.SHA256()
    )
    return response.public_bytes(serialization.Encoding.DER)


def _handler(dienst: OcspDienst, issued: dict[int, x509.Certificate]) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Type") != "application/ocsp-request":
                self.send_error(415)
                return
            answer = _answer(dienst, issued, body)
            self.send_response(200)
            self.send_header("Content-Type", "application/ocsp-response")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    return Handler


def _free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound and closed again)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _signer(
    folder: Path, naam: str, ocsp_url: str, pki: PkiMaterial, dienst: OcspDienst
) -> tuple[Path, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                    x509.NameAttribute(NameOID.COMMON_NAME, NAMEN["kandidaat"]),
                ]
            )
        )
        .issuer_name(dienst.root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(dienst.root_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url)
                    )
                ]
            ),
            critical=False,
        )
        .sign(dienst.root_key, hashes.SHA256())
    )
    path = folder / f"ocsp-{naam}.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            NAMEN["kandidaat"].encode(),
            key,
            cert,
            [dienst.root],
            serialization.BestAvailableEncryption(pki.wachtwoord),
        )
    )
    return path, cert


@pytest.fixture(scope="session")
def ocsp_dienst(test_pki: PkiMaterial) -> Iterator[OcspDienst]:
    """The responder (random port on 127.0.0.1) and its signers, for the whole session."""
    assert test_pki.root_sleutel is not None
    root_key = serialization.load_pem_private_key(test_pki.root_sleutel.read_bytes(), None)
    assert isinstance(root_key, ec.EllipticCurvePrivateKey)
    root = x509.load_pem_x509_certificate(test_pki.root_pem.read_bytes())
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/ocsp"
    dienst = OcspDienst(url, {}, test_pki.wachtwoord, root, root_key)
    issued: dict[int, x509.Certificate] = {}
    nowhere = f"http://127.0.0.1:{_free_port()}/ocsp"
    for naam, where in (("goed", url), ("ingetrokken", url), ("onbereikbaar", nowhere)):
        dienst.p12[naam], cert = _signer(test_pki.map, naam, where, test_pki, dienst)
        issued[cert.serial_number] = cert
        if naam == "ingetrokken":
            dienst.ingetrokken.add(cert.serial_number)
    httpd.RequestHandlerClass = _handler(dienst, issued)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield dienst
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def fetch_ocsp(cert: x509.Certificate, issuer: x509.Certificate) -> bytes:
    """Ask the responder that ``cert`` names, over HTTP; raises :class:`OSError` when it
    cannot be reached."""
    aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    (url,) = [
        d.access_location.value
        for d in aia
        if d.access_method == AuthorityInformationAccessOID.OCSP
    ]
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
    call = urllib.request.Request(
        url,
        data=request.public_bytes(serialization.Encoding.DER),
        headers={"Content-Type": "application/ocsp-request"},
    )
    with urllib.request.urlopen(call, timeout=10) as answer:  # noqa: S310 (http to 127.0.0.1)
        return bytes(answer.read())


def embed_ocsp(pdf: Path, responses: list[bytes]) -> None:
    """Add OCSP responses to ``pdf``'s document security store (an incremental update), as
    a signing service does for long-term validation."""
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    stream = io.BytesIO(pdf.read_bytes())
    DocumentSecurityStore.add_dss(
        stream,
        None,
        ocsps=[asn1_ocsp.OCSPResponse.load(r) for r in responses],
        force_write=True,
    )
    pdf.write_bytes(stream.getvalue())


def certificate_in(p12: Path, wachtwoord: bytes) -> x509.Certificate:
    _key, cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), wachtwoord)
    assert cert is not None
    return cert
