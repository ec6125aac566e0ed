"""Key material: a party's PKCS#12 file and the trust roots a user names.

Reading is done here so that every way it can fail gets its own Dutch message: a file that
is not PKCS#12 at all, a wrong password, a PEM file without a certificate.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from asn1crypto import pem, x509
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.signers import SimpleSigner

from overeenkomsten.errors import ConfigurationError, InputError, SignatureError, os_reason


def read_file(path: Path, wat: str) -> bytes:
    """The bytes of ``path``, or an :class:`InputError` naming ``wat`` (what the file is)."""
    if path.is_dir():
        raise InputError(f"{wat} {path} is een map, geen bestand.", code="bestand-ontbreekt")
    if not path.is_file():
        raise InputError(f"{wat} {path} bestaat niet.", code="bestand-ontbreekt")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{wat} {path} kan niet worden gelezen ({os_reason(exc)[0]}).",
            code="bestand-onleesbaar",
        ) from exc


def load_signer(p12: Path, wachtwoord: bytes | None) -> SimpleSigner:
    """A pyHanko signer from a PKCS#12 file (key, certificate, and the chain inside)."""
    data = read_file(p12, "Het sleutelbestand")
    if not _is_pkcs12(data):
        raise SignatureError(
            f"{p12} is geen PKCS#12-bestand (.p12 of .pfx) met een sleutel en certificaat.",
            code="geen-pkcs12",
        )
    try:
        # Read with cryptography first: pyHanko fails with an AttributeError on a file that
        # holds certificates but no private key.
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, wachtwoord)
    except ValueError as exc:
        if wachtwoord:
            bericht = f"Het wachtwoord van {p12} klopt niet."
        else:
            bericht = f"{p12} is beveiligd met een wachtwoord; geef het op met --wachtwoord-env."
        raise SignatureError(bericht, code="wachtwoord-onjuist") from exc
    if key is None or certificate is None:
        raise SignatureError(
            f"{p12} bevat geen sleutel met certificaat om mee te ondertekenen (alleen "
            "certificaten). Vraag om het sleutelbestand met uw eigen sleutel (.p12 of .pfx).",
            code="geen-sleutel",
        )
    signer: SimpleSigner = SimpleSigner.load_pkcs12_data(
        data, other_certs=(), passphrase=wachtwoord
    )
    return signer


def _is_pkcs12(data: bytes) -> bool:
    """True when ``data`` parses as a PKCS#12 structure (so a failure must be the password)."""
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        pfx["version"].native  # noqa: B018  (forces parsing of the outer structure)
        pfx["auth_safe"]["content_type"].native  # noqa: B018
    except (ValueError, TypeError, KeyError):
        return False
    return True


def load_trust_roots(paths: Sequence[Path]) -> list[x509.Certificate]:
    """The certificates in the given PEM (or DER) files, used as trust roots.

    Any problem with these files is a :class:`ConfigurationError` (code
    ``vertrouwd-onleesbaar``): the check cannot run, whichever document it looks at.
    """
    roots: list[x509.Certificate] = []
    for path in paths:
        try:
            data = read_file(path, "Het bestand met vertrouwde certificaten")
        except InputError as exc:  # a setting of the check, not one of its inputs
            raise ConfigurationError(exc.bericht, code="vertrouwd-onleesbaar") from exc
        found = _certificates(data)
        if not found:
            raise ConfigurationError(
                f"{path} bevat geen certificaat (verwacht: PEM of DER).",
                code="vertrouwd-onleesbaar",
            )
        roots.extend(found)
    return roots


def _certificates(data: bytes) -> list[x509.Certificate]:
    try:
        if pem.detect(data):
            return [
                x509.Certificate.load(der)
                for kind, _headers, der in pem.unarmor(data, multiple=True)
                if kind == "CERTIFICATE"
            ]
        certificate = x509.Certificate.load(data)
        certificate.native  # noqa: B018  (forces a full parse: DER garbage fails here)
    except (ValueError, TypeError):
        return []
    return [certificate]
