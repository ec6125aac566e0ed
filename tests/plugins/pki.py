"""A test PKI made once per test session: a root CA, one signer per party, a TSA, and a
second CA that nobody trusts.

Use the ``test_pki`` fixture::

    def test_something(test_pki, tmp_path):
        signed = test_pki.sign(pdf, "instelling", uit=tmp_path / "a.pdf",
                               tijdstip=datetime(2026, 9, 1, 10, 0, tzinfo=UTC))
        api.handtekeningen(signed, vertrouwd=[test_pki.root_pem])

Every signer certificate has the party's name (as printed in the example record
``tests/data/traject.json``) as common name, key usage digitalSignature + nonRepudiation,
and is valid 2020-2040, so signing times in 2026 validate. The PKCS#12 files share one
password, :attr:`PkiMaterial.wachtwoord`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from overeenkomsten.handtekeningen import LocalTimestampAuthority, sign_pdf
from overeenkomsten.model.kenmerken import ROLLEN, Rol

WACHTWOORD = b"test-wachtwoord"
NOT_BEFORE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2040, 12, 31, tzinfo=dt.UTC)

#: The signer's common name per role, as the parties are named in tests/data/traject.json.
NAMEN: dict[Rol, str] = {
    "kandidaat": "Fatma Yılmaz",
    "instelling": "drs. P. de Vries",
    "leerbedrijf": "J. Jansen",
    "rmt": "K. Visser",
    "praktijkopleider": "A. El Amrani",
    "examencommissie": "E. Smit",
    "wettelijk-vertegenwoordiger": "H. Yılmaz",
}

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class PkiMaterial:
    """Paths and password of the session's test PKI, and a helper to sign with it."""

    map: Path
    root_pem: Path
    untrusted_root_pem: Path
    wachtwoord: bytes
    p12: dict[Rol, Path]
    untrusted_p12: dict[Rol, Path]
    tsa_p12: Path
    namen: dict[Rol, str]

    @property
    def tsa(self) -> LocalTimestampAuthority:
        """The session's time stamping authority (chains to :attr:`root_pem`)."""
        return LocalTimestampAuthority(self.tsa_p12, self.wachtwoord)

    def sign(
        self,
        pdf: Path,
        rol: Rol,
        *,
        uit: Path | None = None,
        tijdstip: dt.datetime | None = None,
        tijdstempel: bool = False,
        vertrouwd: bool = True,
    ) -> Path:
        """Sign ``pdf`` as ``rol`` (in place, or into ``uit``) and return the path written.

        ``tijdstip`` is the signing time the signer claims; with ``tijdstempel`` a timestamp
        token from the test TSA vouches for it. ``vertrouwd=False`` signs with the signer
        of the untrusted CA (same name as the party).
        """
        p12 = self.p12[rol] if vertrouwd else self.untrusted_p12[rol]
        return sign_pdf(
            pdf,
            rol,
            p12,
            self.wachtwoord,
            uit,
            tijdstip=tijdstip,
            tijdstempel=self.tsa if tijdstempel else None,
        )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: str,
    key: PrivateKey,
    issuer: tuple[x509.Certificate, PrivateKey] | None,
    *,
    ca: bool = False,
    tsa: bool = False,
) -> x509.Certificate:
    issuer_cert, issuer_key = issuer if issuer else (None, key)
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_cert.subject if issuer_cert else _name(subject))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca and not tsa,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write_p12(
    path: Path, name: str, key: PrivateKey, cert: x509.Certificate, ca: x509.Certificate
) -> Path:
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode("utf-8"),
            key,
            cert,
            [ca],
            serialization.BestAvailableEncryption(WACHTWOORD),
        )
    )
    return path


def _signers(folder: Path, ca: tuple[x509.Certificate, PrivateKey], prefix: str) -> dict[Rol, Path]:
    paths: dict[Rol, Path] = {}
    for rol in ROLLEN:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(NAMEN[rol], key, ca)
        paths[rol] = _write_p12(folder / f"{prefix}{rol}.p12", NAMEN[rol], key, cert, ca[0])
    return paths


def make_test_pki(folder: Path) -> PkiMaterial:
    """Generate the whole PKI into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate("Test Root CA overeenkomsten", root_key, None, ca=True)
    other_key = ec.generate_private_key(ec.SECP256R1())
    other = _certificate("Onbekende CA", other_key, None, ca=True)
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    untrusted_pem = folder / "onbekende-root.pem"
    untrusted_pem.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    # pyHanko's local timestamper signs with RSA only
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = _certificate("Test TSA overeenkomsten", tsa_key, (root, root_key), tsa=True)
    return PkiMaterial(
        map=folder,
        root_pem=root_pem,
        untrusted_root_pem=untrusted_pem,
        wachtwoord=WACHTWOORD,
        p12=_signers(folder, (root, root_key), ""),
        untrusted_p12=_signers(folder, (other, other_key), "onbekend-"),
        tsa_p12=_write_p12(folder / "tsa.p12", "TSA", tsa_key, tsa_cert, root),
        namen=dict(NAMEN),
    )


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory) -> PkiMaterial:
    """The session's test PKI (see the module docstring)."""
    return make_test_pki(tmp_path_factory.mktemp("pki"))
