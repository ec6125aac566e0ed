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

:attr:`PkiMaterial.bijzonder` holds signers for the trust and identity tests (X7, X16):
``verlopen`` (valid 2020-2021) and ``nog-niet-geldig`` (from 2035), both named as the
kandidaat; ``zelf`` a self-signed certificate with the kandidaat's name; ``ingetrokken``
the kandidaat's name, revoked in :attr:`PkiMaterial.crl` (which the root CA issues);
``pieter`` the instelling's signatory under his full name (given name + surname
attributes); ``dienst`` an e-signature service's organisation seal.
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
from overeenkomsten.handtekeningen.basis import Vertrouwensbasis
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
    bijzonder: dict[str, Path]
    crl: Path
    lege_crl: Path
    #: The root CA's private key (PEM, unencrypted): for test services that speak for the
    #: CA, such as the OCSP responder of tests/plugins/ocsp.py.
    root_sleutel: Path | None = None

    def basis(self, *crls: Path) -> Vertrouwensbasis:
        """The trust material of a check as the ``api`` loads it: the session's root, and
        the revocation lists given."""
        return Vertrouwensbasis.from_files([self.root_pem], crls)

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


def sign_as(
    pki: PkiMaterial,
    pdf: Path,
    rol: Rol,
    p12: Path,
    *,
    uit: Path | None = None,
    tijdstip: dt.datetime | None = None,
) -> Path:
    """Sign ``pdf`` in ``rol``'s field with another key (``pki.bijzonder[...]``, or a
    party's ``pki.p12[...]``): the attacks of X16 and X7."""
    return sign_pdf(pdf, rol, p12, pki.wachtwoord, uit, tijdstip=tijdstip)


def _name(common_name: str, extra: tuple[x509.NameAttribute, ...] = ()) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            *extra,
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
    extra: tuple[x509.NameAttribute, ...] = (),
    geldig: tuple[dt.datetime, dt.datetime] = (NOT_BEFORE, NOT_AFTER),
) -> x509.Certificate:
    issuer_cert, issuer_key = issuer if issuer else (None, key)
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject, extra))
        .issuer_name(issuer_cert.subject if issuer_cert else _name(subject, extra))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(geldig[0])
        .not_valid_after(geldig[1])
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


def _special(
    folder: Path, ca: tuple[x509.Certificate, PrivateKey]
) -> tuple[dict[str, Path], x509.Certificate]:
    """The signers of the trust and identity tests; returns them and the revoked one."""
    kandidaat = NAMEN["kandidaat"]
    paths: dict[str, Path] = {}
    revoked: x509.Certificate | None = None
    specs: dict[
        str, tuple[str, tuple[x509.NameAttribute, ...], tuple[dt.datetime, dt.datetime]]
    ] = {
        "verlopen": (kandidaat, (), (NOT_BEFORE, dt.datetime(2021, 12, 31, tzinfo=dt.UTC))),
        "nog-niet-geldig": (kandidaat, (), (dt.datetime(2035, 1, 1, tzinfo=dt.UTC), NOT_AFTER)),
        "ingetrokken": (kandidaat, (), (NOT_BEFORE, NOT_AFTER)),
        "pieter": (
            "Pieter de Vries",
            (
                x509.NameAttribute(NameOID.GIVEN_NAME, "Pieter"),
                x509.NameAttribute(NameOID.SURNAME, "de Vries"),
            ),
            (NOT_BEFORE, NOT_AFTER),
        ),
        "dienst": (
            "Ondertekendienst B.V.",
            (
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ondertekendienst B.V."),
                x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, "NTRNL-87654321"),
            ),
            (NOT_BEFORE, NOT_AFTER),
        ),
    }
    for naam, (cn, extra, geldig) in specs.items():
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(cn, key, ca, extra=extra, geldig=geldig)
        paths[naam] = _write_p12(folder / f"{naam}.p12", cn, key, cert, ca[0])
        if naam == "ingetrokken":
            revoked = cert
    self_key = ec.generate_private_key(ec.SECP256R1())
    self_signed = _certificate(kandidaat, self_key, None)
    paths["zelf"] = _write_p12(folder / "zelf.p12", kandidaat, self_key, self_signed, self_signed)
    assert revoked is not None
    return paths, revoked


def _crl(
    path: Path, ca: tuple[x509.Certificate, PrivateKey], revoked: list[x509.Certificate]
) -> Path:
    """A CRL of ``ca`` (valid 2020-2040) revoking ``revoked`` as of 1 January 2021."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca[0].subject)
        .last_update(NOT_BEFORE)
        .next_update(NOT_AFTER)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca[1].public_key()),
            critical=False,
        )
        .add_extension(x509.CRLNumber(1), critical=False)
    )
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
            .build()
        )
    path.write_bytes(builder.sign(ca[1], hashes.SHA256()).public_bytes(serialization.Encoding.DER))
    return path


def make_test_pki(folder: Path) -> PkiMaterial:
    """Generate the whole PKI into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate("Test Root CA overeenkomsten", root_key, None, ca=True)
    other_key = ec.generate_private_key(ec.SECP256R1())
    other = _certificate("Onbekende CA", other_key, None, ca=True)
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    root_sleutel = folder / "root-sleutel.pem"
    root_sleutel.write_bytes(
        root_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    untrusted_pem = folder / "onbekende-root.pem"
    untrusted_pem.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    # pyHanko's local timestamper signs with RSA only
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = _certificate("Test TSA overeenkomsten", tsa_key, (root, root_key), tsa=True)
    bijzonder, revoked = _special(folder, (root, root_key))
    return PkiMaterial(
        map=folder,
        root_pem=root_pem,
        untrusted_root_pem=untrusted_pem,
        wachtwoord=WACHTWOORD,
        p12=_signers(folder, (root, root_key), ""),
        untrusted_p12=_signers(folder, (other, other_key), "onbekend-"),
        tsa_p12=_write_p12(folder / "tsa.p12", "TSA", tsa_key, tsa_cert, root),
        namen=dict(NAMEN),
        bijzonder=bijzonder,
        crl=_crl(folder / "root.crl", (root, root_key), [revoked]),
        lege_crl=_crl(folder / "leeg.crl", (root, root_key), []),
        root_sleutel=root_sleutel,
    )


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory) -> PkiMaterial:
    """The session's test PKI (see the module docstring)."""
    return make_test_pki(tmp_path_factory.mktemp("pki"))
