"""The trust material of a signature check (X7 v2), loaded once, without importing pyHanko.

A :class:`Vertrouwensbasis` holds parsed root certificates and revocation lists (CRLs).
It is built once at the ``api`` edge, from the files a user names (``--vertrouwd``,
``--crl``; without ``--vertrouwd`` the files in ``OVEREENKOMSTEN_VERTROUWD``, paths
separated by ``:``), or from the bytes or certificates an application already holds (a web
application keeps an organisation's roots in its database). Every stage below takes the
loaded object; none reads a trust file or the environment.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import crl, pem, x509

from overeenkomsten.basis.bestand import read_file
from overeenkomsten.errors import ConfigurationError, InputError

ENV_VERTROUWD = "OVEREENKOMSTEN_VERTROUWD"
ZONDER_BASIS = (
    "vertrouwen niet gecontroleerd: geen vertrouwde basis opgegeven (geef het "
    f"basiscertificaat met --vertrouwd of in {ENV_VERTROUWD})"
)


@dataclass(frozen=True)
class Vertrouwensbasis:
    """Root certificates and revocation lists, parsed and checked.

    Empty (``Vertrouwensbasis()``) when no roots were given: signatures are then intact or
    not, but never ``vertrouwd``. Build one with :meth:`from_files` (paths a user named),
    :meth:`from_bytes` (PEM or DER contents) or :meth:`from_certificates`; each raises a
    Dutch :class:`~overeenkomsten.errors.ConfigurationError` for unusable material.
    """

    roots: tuple[x509.Certificate, ...] = ()
    crls: tuple[crl.CertificateList, ...] = ()

    def __reduce__(self) -> tuple[Any, tuple[tuple[bytes, ...], tuple[bytes, ...]]]:
        """Pickled as DER bytes (for worker processes): asn1crypto's parsed objects do not
        survive pickling intact (a pickled root made intact signatures read as broken)."""
        return _from_der, (
            tuple(bytes(c.dump()) for c in self.roots),
            tuple(bytes(c.dump()) for c in self.crls),
        )

    @property
    def opgegeven(self) -> bool:
        """True when trust roots were given (a check can then say ``vertrouwd``)."""
        return bool(self.roots)

    @classmethod
    def from_files(
        cls, vertrouwd: Sequence[Path], crl_paths: Sequence[Path] = ()
    ) -> Vertrouwensbasis:
        """The roots and CRLs in the given files. A file among ``vertrouwd`` that holds a
        revocation list rather than certificates is used as one (``OVEREENKOMSTEN_VERTROUWD``
        may name both)."""
        return cls.from_sources(vertrouwd, crl_paths)

    @classmethod
    def from_bytes(
        cls, vertrouwd: Sequence[bytes], crl_data: Sequence[bytes] = ()
    ) -> Vertrouwensbasis:
        """The roots and CRLs in PEM or DER contents (as an application stores them);
        messages name them by position ("vertrouwd certificaat 2")."""
        return cls.from_sources(vertrouwd, crl_data)

    @classmethod
    def from_sources(
        cls, vertrouwd: Sequence[Path | bytes], crl_sources: Sequence[Path | bytes] = ()
    ) -> Vertrouwensbasis:
        """Roots and CRLs from files and contents alike, loaded in one go."""
        for path in vertrouwd:
            if isinstance(path, Path) and not path.exists():
                raise ConfigurationError(
                    f"Het vertrouwde certificaat '{path}' bestaat niet.",
                    code="vertrouwd-ontbreekt",
                )
        items = [
            _source(item, n, "vertrouwd certificaat", "vertrouwd-onleesbaar")
            for n, item in enumerate(vertrouwd, 1)
        ]
        lists = [
            _source(item, n, "intrekkingslijst", "crl-onleesbaar")
            for n, item in enumerate(crl_sources, 1)
        ]
        return cls._load(items, lists)

    @classmethod
    def from_certificates(
        cls, roots: Iterable[Any], crls: Iterable[crl.CertificateList] = ()
    ) -> Vertrouwensbasis:
        """From certificates already loaded: asn1crypto's, or ``cryptography``'s (anything
        with ``public_bytes``)."""
        return cls.from_bytes([_der(cert) for cert in roots], [c.dump() for c in crls])

    @classmethod
    def _load(
        cls, items: Sequence[tuple[str, bytes]], lists: Sequence[tuple[str, bytes]]
    ) -> Vertrouwensbasis:
        roots: list[x509.Certificate] = []
        crls: list[crl.CertificateList] = []
        for naam, data in items:
            if _is_crl(data):
                crls.extend(_crls(naam, data))
                continue
            found = _certificates(data)
            if not found:
                raise ConfigurationError(
                    f"{naam} bevat geen certificaat (verwacht: PEM of DER).",
                    code="vertrouwd-onleesbaar",
                )
            roots.extend(found)
        for naam, data in lists:
            crls.extend(_crls(naam, data))
        return cls(tuple(roots), tuple(crls))


def _from_der(roots: tuple[bytes, ...], crls: tuple[bytes, ...]) -> Vertrouwensbasis:
    return Vertrouwensbasis(
        tuple(x509.Certificate.load(d) for d in roots),
        tuple(crl.CertificateList.load(d) for d in crls),
    )


#: No roots, no CRLs: intact signatures are reported as not trusted.
ZONDER_VERTROUWEN = Vertrouwensbasis()


def trust_roots_from_env(vertrouwd: Sequence[Path]) -> tuple[Path, ...]:
    """``vertrouwd`` when given, else the paths in ``OVEREENKOMSTEN_VERTROUWD`` (read by
    the ``api`` edge only)."""
    if vertrouwd:
        return tuple(vertrouwd)
    value = os.environ.get(ENV_VERTROUWD, "")
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())


def _source(item: Path | bytes, number: int, soort: str, code: str) -> tuple[str, bytes]:
    """(how a message names it, its bytes)."""
    if isinstance(item, bytes):
        return f"{soort} {number}", item
    return str(item), _read(item, code)


def _read(path: Path, code: str) -> bytes:
    if code.startswith("crl"):
        wat = "Het bestand met de intrekkingslijst (CRL)"
    else:
        wat = "Het bestand met vertrouwde certificaten"
    try:
        return read_file(path, wat)
    except InputError as exc:  # a setting of the check, not one of its inputs
        raise ConfigurationError(exc.bericht, code=code) from exc


def _der(cert: Any) -> bytes:
    if isinstance(cert, x509.Certificate):
        return bytes(cert.dump())
    from cryptography.hazmat.primitives.serialization import Encoding

    return bytes(cert.public_bytes(Encoding.DER))


def _is_crl(data: bytes) -> bool:
    if pem.detect(data):
        return b"X509 CRL" in data[:200]
    try:
        item = crl.CertificateList.load(data)
        item["tbs_cert_list"]["issuer"].native  # noqa: B018
        return bool(item["tbs_cert_list"]["this_update"].native)
    except (ValueError, TypeError, KeyError):
        return False


def _crls(naam: str, data: bytes) -> list[crl.CertificateList]:
    try:
        if pem.detect(data):
            items = [der for _kind, _h, der in pem.unarmor(data, multiple=True)]
        else:
            items = [data]
        lists = [crl.CertificateList.load(der) for der in items]
        for item in lists:
            item.native  # noqa: B018  (forces a full parse)
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"{naam} is geen intrekkingslijst (CRL, verwacht: DER of PEM).",
            code="crl-onleesbaar",
        ) from exc
    if not lists:
        raise ConfigurationError(
            f"{naam} bevat geen intrekkingslijst (CRL).", code="crl-onleesbaar"
        )
    return lists


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
