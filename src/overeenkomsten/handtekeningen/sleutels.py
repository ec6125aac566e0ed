"""Key material: a party's PKCS#12 file.

Reading is done here so that every way it can fail gets its own Dutch message: a file that
is not PKCS#12 at all, a wrong password, a file with certificates but no key. (Trust roots
are :class:`~.basis.Vertrouwensbasis`.)
"""

from __future__ import annotations

from pathlib import Path

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.signers import SimpleSigner

from overeenkomsten.basis.bestand import read_file
from overeenkomsten.errors import SignatureError


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
