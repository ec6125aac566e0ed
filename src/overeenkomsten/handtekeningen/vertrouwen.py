"""Trust in a signer's certificate (X7 v2): roots, validity at the signing time, revocation.

Trust roots and CRLs come loaded, as a :class:`~.basis.Vertrouwensbasis` (built once at
the ``api`` edge); more revocation data comes from the PDF itself (its document security
store, DSS). Nothing is fetched from the network.

The certificate is judged at the signing time: the time of a timestamp token when the
signature has one, else the time the signer states. A certificate that was expired or not
yet valid then is a ``fout`` whether or not roots were given; one that has expired since,
where only the signer says when it signed, cannot be trusted (``niet-gecontroleerd``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from asn1crypto import cms, crl, x509

from overeenkomsten.handtekeningen.basis import ZONDER_BASIS
from overeenkomsten.handtekeningen.types import Certificaat, Intrekking, Vertrouwen


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
        ocsp=_ocsp_urls(cert),
    )


def _ocsp_urls(cert: x509.Certificate) -> tuple[str, ...]:
    """The OCSP services in the certificate (untrusted input: a broken extension names
    none)."""
    try:
        return tuple(str(url) for url in cert.ocsp_urls)
    except (ValueError, TypeError, KeyError, AttributeError):
        return ()


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
