"""Trust in a signer's certificate (X7 v2): roots, validity at the signing time, revocation.

Trust roots come from ``--vertrouwd`` or, when none are given, from the environment
variable ``OVEREENKOMSTEN_VERTROUWD`` (paths separated by ``:``). Revocation data comes from
the PDF itself (its document security store, DSS) and from CRL files given with ``--crl``.
Nothing is fetched from the network.

The certificate is judged at the signing time: the time of a timestamp token when the
signature has one, else the time the signer states. A certificate that was expired or not
yet valid then is a ``fout`` whether or not roots were given; one that has expired since,
where only the signer says when it signed, cannot be trusted (``niet-gecontroleerd``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import cms, crl, pem, x509

from overeenkomsten.errors import ConfigurationError, InputError
from overeenkomsten.handtekeningen.basis import ZONDER_BASIS
from overeenkomsten.handtekeningen.sleutels import load_trust_roots, read_file
from overeenkomsten.handtekeningen.types import Certificaat, Intrekking, Vertrouwen


@dataclass(frozen=True)
class Basis:
    """Loaded trust material: root certificates and revocation lists."""

    roots: tuple[x509.Certificate, ...]
    crls: tuple[crl.CertificateList, ...]


def load_basis(vertrouwd: Sequence[Path], crl_paths: Sequence[Path] = ()) -> Basis:
    """The roots and CRLs in the given files; a bad file is a :class:`ConfigurationError`.

    A file among ``vertrouwd`` that holds a revocation list rather than certificates is
    used as one: the trust material (``--vertrouwd``, ``--crl``,
    ``OVEREENKOMSTEN_VERTROUWD``) travels through the check as one list of files.
    """
    roots: list[Path] = []
    crls = list(crl_paths)
    for path in vertrouwd:
        (crls if _is_crl(path) else roots).append(path)
    return Basis(tuple(load_trust_roots(roots)), tuple(load_crls(crls)))


def _is_crl(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False  # load_trust_roots names the problem
    if pem.detect(data):
        return b"X509 CRL" in data[:200]
    try:
        item = crl.CertificateList.load(data)
        item["tbs_cert_list"]["issuer"].native  # noqa: B018
        return bool(item["tbs_cert_list"]["this_update"].native)
    except (ValueError, TypeError, KeyError):
        return False


def load_crls(paths: Sequence[Path]) -> list[crl.CertificateList]:
    """The revocation lists in the given files (DER or PEM)."""
    found: list[crl.CertificateList] = []
    for path in paths:
        try:
            data = read_file(path, "Het bestand met de intrekkingslijst (CRL)")
        except InputError as exc:
            raise ConfigurationError(exc.bericht, code="crl-onleesbaar") from exc
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
                f"{path} is geen intrekkingslijst (CRL, verwacht: DER of PEM).",
                code="crl-onleesbaar",
            ) from exc
        if not lists:
            raise ConfigurationError(
                f"{path} bevat geen intrekkingslijst (CRL).", code="crl-onleesbaar"
            )
        found.extend(lists)
    return found


def _first(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else None


def describe_certificate(cert: x509.Certificate) -> Certificaat:
    """The names and validity of ``cert`` (X16)."""
    subject = cert.subject.native
    validity = cert["tbs_certificate"]["validity"]
    return Certificaat(
        naam=_first(subject.get("common_name")) or str(cert.subject.human_friendly),
        voornaam=_first(subject.get("given_name")),
        achternaam=_first(subject.get("surname")),
        organisatie=_first(subject.get("organization_name")),
        organisatie_id=_first(subject.get("organization_identifier")),
        uitgever=_first(cert.issuer.native.get("common_name")) or cert.issuer.human_friendly,
        geldig_van=validity["not_before"].native,
        geldig_tot=validity["not_after"].native,
    )


def timestamp_time(signed_data: cms.SignedData) -> dt.datetime | None:
    """The time in a signature's timestamp token (or of a document timestamp), unverified."""
    try:
        content = signed_data["encap_content_info"]
        if content["content_type"].native == "tst_info":
            return content["content"].parsed["gen_time"].native  # type: ignore[no-any-return]
        signer_info = signed_data["signer_infos"][0]
        for attr in signer_info["unsigned_attrs"] or []:
            if attr["type"].native == "signature_time_stamp_token":
                token = attr["values"][0]["content"]
                tst = token["encap_content_info"]["content"].parsed
                return tst["gen_time"].native  # type: ignore[no-any-return]
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return None
    return None


def validity_problem(cert: Certificaat, moment: dt.datetime) -> Vertrouwen | None:
    """``verlopen`` or ``nog-niet-geldig`` when ``cert`` was not valid at ``moment``."""
    if cert.geldig_van is not None and moment < cert.geldig_van:
        return "nog-niet-geldig"
    if cert.geldig_tot is not None and moment > cert.geldig_tot:
        return "verlopen"
    return None


def revocation_status(
    path: Sequence[x509.Certificate],
    crls: Sequence[crl.CertificateList],
    ocsp_serials: set[int],
    moment: dt.datetime,
) -> Intrekking:
    """Revocation of every certificate in ``path`` below the trust anchor, at ``moment``.

    A certificate is covered by a CRL of its issuer whose signature the issuer's key
    verifies, or by an OCSP response for it. ``ingetrokken`` when a covering CRL lists it
    as revoked on or before ``moment``; ``niet-gecontroleerd`` when any certificate is not
    covered.
    """
    certs = list(path)
    covered = True
    for index in range(1, len(certs)):
        cert, issuer = certs[index], certs[index - 1]
        lists = [item for item in crls if _issued_by(item, issuer)]
        for item in lists:
            if _revoked_in(item, cert, moment):
                return "ingetrokken"
        if not lists and cert.serial_number not in ocsp_serials:
            covered = False
    return "niet-ingetrokken" if covered else "niet-gecontroleerd"


def _issued_by(item: crl.CertificateList, issuer: x509.Certificate) -> bool:
    """``item`` names ``issuer`` as its issuer and carries its valid signature."""
    from cryptography import x509 as cx509
    from cryptography.exceptions import InvalidSignature

    if item["tbs_cert_list"]["issuer"].dump() != issuer.subject.dump():
        return False
    try:
        parsed = cx509.load_der_x509_crl(item.dump())
        public = cx509.load_der_x509_certificate(issuer.dump()).public_key()
        return bool(parsed.is_signature_valid(public))  # type: ignore[arg-type]
    except (ValueError, TypeError, InvalidSignature):
        return False


def _revoked_in(item: crl.CertificateList, cert: x509.Certificate, moment: dt.datetime) -> bool:
    for entry in item["tbs_cert_list"]["revoked_certificates"] or []:
        if entry["user_certificate"].native == cert.serial_number:
            when = entry["revocation_date"].native
            return when is None or when <= moment
    return False


TOELICHTING: dict[Vertrouwen, str] = {
    "vertrouwd": "",
    "niet-vertrouwd": "Niet vertrouwd: het certificaat valt niet onder een opgegeven vertrouwde "
    "basis (zelf uitgegeven of van een andere uitgever).",
    "verlopen": "Het certificaat was op het moment van ondertekenen verlopen.",
    "nog-niet-geldig": "Het certificaat was op het moment van ondertekenen nog niet geldig.",
    "ingetrokken": "Het certificaat was op het moment van ondertekenen ingetrokken.",
    "niet-gecontroleerd": ZONDER_BASIS[0].upper() + ZONDER_BASIS[1:] + ".",
}
INMIDDELS_VERLOPEN = (
    "Vertrouwen niet vast te stellen: het certificaat is inmiddels verlopen en alleen de "
    "ondertekenaar zelf zegt dat er daarvoor getekend is (geen tijdstempel)."
)
