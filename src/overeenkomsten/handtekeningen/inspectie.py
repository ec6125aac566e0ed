"""Inspect every signature in a PDF, offline, and report it as :class:`Handtekening`.

Nothing is fetched from the network: no certificates, no revocation lists. Trust comes only
from the roots the user names (``vertrouwd``); without them an intact, valid signature is
reported as not trusted, which is the honest answer. A signature is untrusted input: when
pyHanko cannot even evaluate one, that signature is reported as not intact and not valid,
and the others are still inspected.

What may change after a signature is judged more strictly than pyHanko does by default:
only later signatures, validation data and document timestamps (:mod:`.wijzigingen`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.crypt import AuthStatus
from pyhanko.pdf_utils.misc import PdfError, PdfStrictReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import (
    DocumentTimestampStatus,
    PdfSignatureStatus,
    SignatureCoverageLevel,
)
from pyhanko_certvalidator import ValidationContext

from overeenkomsten._tekst import dutch_date
from overeenkomsten.basis.bestand import read_file
from overeenkomsten.bestandssoort import not_a_pdf
from overeenkomsten.errors import InputError
from overeenkomsten.grenzen import MAX_PDF_BYTES
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.handtekeningen.overlay import check_overlays
from overeenkomsten.handtekeningen.sporen import (
    broken_record,
    check_evidence,
    unreadable_after_signing,
)
from overeenkomsten.handtekeningen.types import (
    Dekking,
    Handtekening,
    Intrekking,
    PdfVersleuteldError,
    Soort,
    Vertrouwen,
)
from overeenkomsten.handtekeningen.vertrouwen import (
    INMIDDELS_VERLOPEN,
    TOELICHTING,
    describe_certificate,
    revocation_status,
    timestamp_time,
    validity_problem,
)
from overeenkomsten.handtekeningen.wijzigingen import NA_HANDTEKENING, RevisionReview
from overeenkomsten.model.kenmerken import ROLLEN, Rol

#: A signer certificate must allow signing: either key usage is enough (many real
#: certificates carry only one of them; pyHanko's default demands nonRepudiation).
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
#: When a signer certificate limits its purposes (extended key usage), one must fit
#: signing documents: a TLS server's or a time stamping authority's certificate does not
#: sign contracts. TLS client authentication is accepted: many personal signing
#: certificates carry only that. (pyHanko's own setting for this cannot leave a
#: certificate without the extension alone, so it is checked here.)
SIGNING_PURPOSES = frozenset(
    {
        "any_extended_key_usage",
        "email_protection",
        "client_auth",
        "1.3.6.1.5.5.7.3.36",  # id-kp-documentSigning (RFC 9336)
        "document_signing",
        "1.2.840.113583.1.1.5",  # Adobe Authentic Documents Trust
        "adobe_authentic_documents_trust",
        "1.3.6.1.4.1.311.10.3.12",  # Microsoft document signing
        "microsoft_document_signing",
    }
)
ONGESCHIKT = (
    "Niet vertrouwd: het certificaat is niet bedoeld om documenten te ondertekenen (het "
    "is beperkt tot {doelen})."
)

WIJZIGINGEN: dict[ModificationLevel, str] = {
    ModificationLevel.NONE: "geen",
    ModificationLevel.LTA_UPDATES: "alleen validatiegegevens of tijdstempels toegevoegd",
    ModificationLevel.FORM_FILLING: "alleen handtekeningen toegevoegd",
    ModificationLevel.ANNOTATIONS: "aantekeningen toegevoegd of gewijzigd",
    ModificationLevel.OTHER: "inhoud gewijzigd (bijvoorbeeld pagina's of tekst)",
}
ALLOWED_LEVELS = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
)
DEKKING: dict[SignatureCoverageLevel, Dekking] = {
    SignatureCoverageLevel.ENTIRE_FILE: "hele document",
    SignatureCoverageLevel.ENTIRE_REVISION: "eerdere revisie",
}

Status = PdfSignatureStatus | DocumentTimestampStatus
_TIME_PROBLEMS = (AdESIndeterminate.EXPIRED, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE)
NIET_TOEGESTAAN = "Na ondertekening is het document gewijzigd op een manier die niet mag."


def inspect_signatures(
    pdf: Path | bytes, vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN
) -> list[Handtekening]:
    """Every signature, document timestamp and seal in ``pdf``, in signing order.

    ``vertrouwd`` holds the trust roots and revocation lists (loaded once by the caller;
    without roots no signature is ``vertrouwd``). A PDF without signatures
    gives ``[]``. Signatures that were stripped or hidden, or a file made unreadable after
    signing, are reported as records with an ``afwijking`` (:mod:`.sporen`). Raises
    :class:`~overeenkomsten.errors.InputError` (code ``pdf-onleesbaar`` or
    ``pdf-versleuteld``; :class:`PdfVersleuteldError` for any encryption) when the PDF itself
    cannot be read.
    """
    if isinstance(pdf, Path):
        data = read_file(pdf, "Het PDF-bestand", limit=MAX_PDF_BYTES, code_te_groot="pdf-te-groot")
        naam = str(pdf)
    else:
        data, naam = pdf, "De PDF"
    try:
        reader = _open(data, naam)
        fields = list(_filled_fields(reader, naam))
    except PdfVersleuteldError:
        raise
    except InputError:
        hidden = unreadable_after_signing(data, lambda prefix: _inspect_all(prefix, vertrouwd))
        if hidden is None:
            raise
        return hidden
    found = _inspect_fields(reader, fields, vertrouwd)
    return check_overlays(reader, data, check_evidence(reader, data, found))


def _inspect_all(data: bytes, basis: Vertrouwensbasis) -> list[Handtekening]:
    """The signatures of a readable PDF (an earlier state of a damaged one)."""
    reader = _open(data, "De PDF")
    return _inspect_fields(reader, list(_filled_fields(reader, "De PDF")), basis)


def _inspect_fields(
    reader: PdfFileReader, fields: list[tuple[str, Any]], basis: Vertrouwensbasis
) -> list[Handtekening]:
    found: list[tuple[int, Handtekening]] = []
    review: RevisionReview | None = None
    revinfo = _embedded_revinfo(reader) if fields else _Revinfo()
    created = _created(reader) if fields else None
    for index, (veld, sig_field) in enumerate(fields):
        revision, record = _inspect(reader, veld, sig_field, basis, revinfo, created)
        if revision is not None and revision + 1 < reader.xrefs.total_revisions:
            review = review or RevisionReview(reader)
            record = _after_signing(record, review, revision)
        found.append((revision if revision is not None else 10**6 + index, record))
    return _not_before_proven(
        [record for _order, record in sorted(found, key=lambda item: item[0])]
    )


#: How far a signer's clock may be behind a trusted timestamp of an earlier revision.
_TIMESTAMP_SKEW = dt.timedelta(minutes=10)


def _not_before_proven(records: list[Handtekening]) -> list[Handtekening]:
    """Signing times that a trusted timestamp of an earlier revision proves too early.

    A signature added after a revision with a trusted timestamp (a document timestamp, or a
    signature's own token) was made after that time, whatever its signer claims: its time
    is then that timestamp's (a lower bound a timestamp vouches for), so X8 sees it.
    """
    proven: dt.datetime | None = None
    result: list[Handtekening] = []
    for record in records:
        if (
            proven is not None
            and record.tijdstip_bron == "ondertekenaar"
            and record.tijdstip is not None
            and record.tijdstip < proven - _TIMESTAMP_SKEW
        ):
            record = dataclasses.replace(
                record, tijdstip=proven, tijdstip_bron="tijdstempel", tijdstempel_vertrouwd=True
            )
        elif (
            record.tijdstip_bron == "tijdstempel"
            and record.tijdstempel_vertrouwd
            and record.in_orde
            and record.tijdstip is not None
        ):
            proven = max(proven, record.tijdstip) if proven else record.tijdstip
        result.append(record)
    return result


def _open(data: bytes, naam: str) -> PdfFileReader:
    """A pyHanko reader; strict parsing first, lenient for PDFs from sloppier writers."""
    wrong_kind = not_a_pdf(data, naam)
    if wrong_kind is not None:
        raise InputError(wrong_kind, code="pdf-onleesbaar")
    reader: PdfFileReader | None = None
    problem: Exception | None = None
    for strict in (True, False):
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=strict)
            break
        except PdfStrictReadError as exc:
            problem = exc
        except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            problem = exc
            break
    if reader is None:
        raise InputError(
            f"{naam} is geen leesbare PDF: het bestand is beschadigd, afgebroken of geen PDF.",
            code="pdf-onleesbaar",
        ) from problem
    if reader.encrypted and _decrypt_failed(reader):
        if _public_key(reader):
            raise PdfVersleuteldError(
                f"{naam} is versleuteld voor bepaalde ontvangers (met certificaten); de "
                "handtekeningen kunnen niet worden gecontroleerd.",
                code="pdf-versleuteld",
            )
        raise PdfVersleuteldError(
            f"{naam} is versleuteld met een wachtwoord; de handtekeningen kunnen niet worden "
            "gecontroleerd.",
            code="pdf-versleuteld",
        )
    return reader


def _decrypt_failed(reader: PdfFileReader) -> bool:
    """Many PDFs are 'encrypted' with only an owner password: those open with ''."""
    if _public_key(reader):
        return True
    try:
        return reader.decrypt(b"").status == AuthStatus.FAILED
    # an unknown or broken security handler: the content cannot be read
    except Exception:  # noqa: BLE001
        return True


def _public_key(reader: PdfFileReader) -> bool:
    """Encrypted for recipients' certificates (/Adobe.PubSec), not with a password."""
    try:
        return str(reader.trailer_view["/Encrypt"].get("/Filter")) != "/Standard"
    except Exception:  # noqa: BLE001
        return False


def _filled_fields(reader: PdfFileReader, naam: str) -> Iterator[tuple[str, Any]]:
    try:
        fields = [
            (str(veld), sig_field)
            for veld, _value, sig_field in enumerate_sig_fields(reader, filled_status=True)
        ]
    # AssertionError, RecursionError: a catalog that is no dictionary, nesting without end
    except (
        PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
        AssertionError, RecursionError,
    ) as exc:  # fmt: skip
        raise InputError(
            f"De formuliervelden van {naam} zijn onleesbaar: de PDF is beschadigd.",
            code="pdf-onleesbaar",
        ) from exc
    yield from fields


@dataclass(frozen=True)
class _Revinfo:
    """Validation data embedded in the PDF (its DSS): certificates, CRLs, OCSP responses."""

    certs: tuple[x509.Certificate, ...] = ()
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    ocsps: tuple[asn1_ocsp.OCSPResponse, ...] = ()

    @property
    def ocsp_serials(self) -> set[int]:
        serials: set[int] = set()
        for response in self.ocsps:
            try:
                basic = response["response_bytes"]["response"].parsed
                for single in basic["tbs_response_data"]["responses"]:
                    serials.add(int(single["cert_id"]["serial_number"].native))
            except (KeyError, ValueError, TypeError, AttributeError):
                continue
        return serials


def _embedded_revinfo(reader: PdfFileReader) -> _Revinfo:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        certs = tuple(dss.load_certs())
        crls = tuple(asn1_crl.CertificateList.load(ref.get_object().data) for ref in dss.crls)
        ocsps = tuple(asn1_ocsp.OCSPResponse.load(ref.get_object().data) for ref in dss.ocsps)
        return _Revinfo(certs, crls, ocsps)
    except NoDSSFoundError:
        return _Revinfo()
    # untrusted input: a broken DSS gives no revocation data, nothing more
    except Exception:  # noqa: BLE001
        return _Revinfo()


def _inspect(
    reader: PdfFileReader,
    veld: str,
    sig_field: Any,
    basis: Vertrouwensbasis,
    revinfo: _Revinfo,
    created: dt.datetime | None = None,
) -> tuple[int | None, Handtekening]:
    """Validate one signature; anything pyHanko cannot evaluate is a broken signature.

    ``created`` is when the document was made (its /Info CreationDate): a signer's own
    claim of an earlier signing time cannot be true (backdating, to use a certificate that
    has expired since), so the certificate is then judged at ``created``.
    """
    signer = "onbekend"
    try:
        embedded = EmbeddedPdfSignature(reader, sig_field, veld)
        signer = _common_name(embedded.signer_cert)
        stamped = timestamp_time(embedded.signed_data)
        claimed = stamped or embedded.self_reported_timestamp
        moment = claimed or dt.datetime.now(dt.UTC)
        if stamped is None and created is not None and moment < created - _CLOCK_SKEW:
            moment = created
        crls = [*basis.crls, *revinfo.crls]
        context = ValidationContext(
            trust_roots=list(basis.roots),
            other_certs=list(revinfo.certs),
            crls=crls,
            ocsps=list(revinfo.ocsps),
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=moment,
            retroactive_revinfo=True,
        )
        ts_context = ValidationContext(
            trust_roots=list(basis.roots),
            other_certs=list(revinfo.certs),
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        status: Status
        if embedded.sig_object_type == "/DocTimeStamp":
            status = validate_pdf_timestamp(embedded, validation_context=context)
        else:
            status = validate_pdf_signature(
                embedded, context, ts_validation_context=ts_context, key_usage_settings=KEY_USAGE
            )
    # A signature is untrusted input: whatever pyHanko raises on it, the answer for the
    # user is the same (this signature cannot be verified), and the others still count.
    except Exception as exc:  # noqa: BLE001
        return None, _broken(veld, signer, exc)
    record = _record(veld, embedded, status, bool(basis.roots))
    record = _judge_trust(record, status, basis, revinfo, crls, moment)
    return embedded.signed_revision, record


TERUGGEDATEERD = (
    "De ondertekenaar geeft als tijdstip {opgegeven}, maar het document is pas op {gemaakt} "
    "gemaakt: dat tijdstip kan niet kloppen. Op {gemaakt} was het certificaat {probleem}."
)
#: How far a signer's clock may be behind the machine that made the document.
_CLOCK_SKEW = dt.timedelta(days=1)


def _created(reader: PdfFileReader) -> dt.datetime | None:
    """The document's creation date (/Info CreationDate), when it states one with a zone."""
    try:
        value = reader.trailer_view["/Info"].get("/CreationDate")
        if value is None:
            return None
        text = str(value)
        try:
            moment = generic.parse_pdf_date(text, strict=False)
        except Exception:  # noqa: BLE001 - LibreOffice writes "...Z'"
            moment = generic.parse_pdf_date(text.rstrip("'"), strict=False)
    except Exception:  # noqa: BLE001 - untrusted input: no usable date, no bound
        return None
    return moment if moment.tzinfo is not None else None


def _record(
    veld: str, embedded: EmbeddedPdfSignature, status: Status, has_roots: bool
) -> Handtekening:
    tijdstip, bron, tijdstempel_ok = _signing_time(status, has_roots)
    level = status.modification_level
    toegestaan = level in ALLOWED_LEVELS and status.docmdp_ok is not False
    soort: Soort
    if isinstance(status, DocumentTimestampStatus):
        soort = "tijdstempel"
    elif embedded.docmdp_level is not None and _is_certification(embedded):
        soort = "zegel"
    else:
        soort = "handtekening"
    return Handtekening(
        veld=veld,
        rol=_rol(veld),
        ondertekenaar=_common_name(status.signing_cert),
        tijdstip=tijdstip,
        tijdstip_bron=bron,
        intact=status.intact,
        geldig=status.valid,
        vertrouwd=status.trusted,
        dekking=DEKKING.get(status.coverage, "gedeeltelijk")
        if status.coverage is not None
        else "gedeeltelijk",
        wijzigingen=WIJZIGINGEN.get(level, "onbekend") if level is not None else "onbekend",
        toegestaan=toegestaan,
        soort=soort,
        tijdstempel_vertrouwd=tijdstempel_ok,
        toelichting=_explain(status, toegestaan, has_roots),
        certificaat=describe_certificate(status.signing_cert),
        naam=_text(embedded.sig_object, "/Name"),
        reden=_text(embedded.sig_object, "/Reason"),
        revisie=embedded.signed_revision,
    )


def _judge_trust(
    record: Handtekening,
    status: Status,
    basis: Vertrouwensbasis,
    revinfo: _Revinfo,
    crls: Sequence[asn1_crl.CertificateList],
    moment: dt.datetime | None = None,
) -> Handtekening:
    """Fill ``vertrouwen`` and ``intrekking`` (X7 v2), judged at the signing time (or at
    ``moment``, when the signer's claim of it cannot be true)."""
    vertrouwen: Vertrouwen
    intrekking: Intrekking = "niet-gecontroleerd"
    backdated = moment is not None and record.tijdstip is not None and moment > record.tijdstip
    moment = max(moment, record.tijdstip) if moment and record.tijdstip else record.tijdstip
    moment = moment or dt.datetime.now(dt.UTC)
    cert = record.certificaat
    problem = validity_problem(cert, moment) if cert is not None else None
    now = dt.datetime.now(dt.UTC)
    expired_since = (
        cert is not None
        and record.tijdstip_bron != "tijdstempel"
        and validity_problem(cert, now) == "verlopen"
    )
    if problem is not None:
        vertrouwen = problem
    elif not basis.roots:
        vertrouwen = "niet-gecontroleerd"
    elif status.revoked:
        vertrouwen, intrekking = "ingetrokken", "ingetrokken"
    elif status.trusted and record.soort != "tijdstempel" and _wrong_purpose(status):
        vertrouwen = "niet-vertrouwd"
    elif status.trusted:
        vertrouwen = "niet-gecontroleerd" if expired_since else "vertrouwd"
        validation_path = status.validation_path
        path = list(validation_path.iter_certs(include_root=True)) if validation_path else []
        intrekking = revocation_status(path, crls, revinfo.ocsp_serials, moment)
        if intrekking == "ingetrokken":
            vertrouwen = "ingetrokken"
    elif isinstance(status, PdfSignatureStatus) and status.trust_problem_indic in _TIME_PROBLEMS:
        vertrouwen = "verlopen"
    else:
        vertrouwen = "niet-vertrouwd"
    toelichting = record.toelichting
    purposes = _wrong_purpose(status) if record.soort != "tijdstempel" else None
    if record.intact and record.geldig and record.toegestaan and purposes and basis.roots:
        toelichting = ONGESCHIKT.format(doelen=", ".join(sorted(purposes)))
    elif record.intact and record.geldig and record.toegestaan:
        if vertrouwen == "niet-gecontroleerd" and expired_since and basis.roots:
            toelichting = INMIDDELS_VERLOPEN
        else:
            toelichting = TOELICHTING[vertrouwen]
        if backdated and problem is not None and record.tijdstip is not None:
            toelichting = TERUGGEDATEERD.format(
                opgegeven=dutch_date(record.tijdstip.date()),
                gemaakt=dutch_date(moment.date()),
                probleem=TOELICHTING[problem]
                .removeprefix("Het certificaat was ")
                .removesuffix(".")
                .replace("op het moment van ondertekenen ", ""),
            )
    return dataclasses.replace(
        record,
        vertrouwen=vertrouwen,
        vertrouwd=vertrouwen == "vertrouwd",
        intrekking=intrekking,
        toelichting=toelichting,
    )


def _wrong_purpose(status: Status) -> set[str] | None:
    """The purposes a signer certificate is limited to, when none is signing documents;
    None when it may sign (no extended key usage, or a fitting one). A certificate
    authority's own certificate (it issues certificates) signs no documents either."""
    try:
        if status.signing_cert.ca:
            return {"het uitgeven van certificaten"}
        value = status.signing_cert.extended_key_usage_value
        purposes = set(value.native) if value is not None else set()
    except (AttributeError, ValueError, TypeError):
        return None
    if not purposes or purposes & SIGNING_PURPOSES:
        return None
    return {str(p).replace("_", " ") for p in purposes}


def _text(sig_object: Any, key: str) -> str | None:
    try:
        value = sig_object.get(key)
    except (KeyError, TypeError, AttributeError):
        return None
    return str(value) if value is not None and str(value).strip() else None


def _after_signing(record: Handtekening, review: RevisionReview, revision: int) -> Handtekening:
    """``record`` judged strictly: after a signature only signatures and validation data.

    pyHanko's own verdict (in ``record``) accepts a metadata-only update or form filling;
    this one does not (domein.md X7). It can only make ``toegestaan`` stricter; when it
    refuses, ``wijzigingen`` names each refused revision (more precise than pyHanko's
    level).
    """
    try:
        refused = [r for r in review.after(revision) if r.bezwaar is not None]
    # The PDF is untrusted input: whatever breaks while reading its later revisions, the
    # changes after signing cannot be shown to be harmless.
    except Exception:  # noqa: BLE001
        wijzigingen = "niet te bepalen"
        zinnen = ["De wijzigingen na ondertekening konden niet worden beoordeeld."]
    else:
        if not refused:
            return record
        wijzigingen = "; ".join(r.kort for r in refused)
        zinnen = [r.uitleg("het document", "na ondertekening", NA_HANDTEKENING) for r in refused]
    toelichting = record.toelichting
    if record.intact and record.geldig:  # else that is what the user must hear first
        toelichting = " ".join([NIET_TOEGESTAAN, *zinnen])
    return dataclasses.replace(
        record, toegestaan=False, wijzigingen=wijzigingen, toelichting=toelichting
    )


def _signing_time(status: Status, has_roots: bool) -> tuple[dt.datetime | None, Any, bool]:
    """The time from a sound timestamp token, else the signer's own claim.

    With trust roots given, a token that does not chain to one of them vouches for
    nothing: anyone can make one with any time. The signer's own claim is then the time
    (labelled as such); the token's time only when the signer states none.
    """
    if isinstance(status, DocumentTimestampStatus):
        ok = status.intact and status.valid
        return status.timestamp, ("tijdstempel" if ok else "onbekend"), status.trusted
    token = status.timestamp_validity
    if token is not None and token.intact and token.valid:
        if has_roots and not token.trusted and status.signer_reported_dt is not None:
            return status.signer_reported_dt, "ondertekenaar", False
        return token.timestamp, "tijdstempel", token.trusted
    if status.signer_reported_dt is not None:
        return status.signer_reported_dt, "ondertekenaar", False
    return None, "onbekend", False


def _explain(status: Status, toegestaan: bool, has_roots: bool) -> str:
    """One Dutch sentence on what is wrong, or on why it is not trusted; '' when all is well."""
    if not status.intact:
        return "De ondertekende inhoud is na ondertekening gewijzigd."
    if not status.valid:
        return "De cryptografische handtekening klopt niet."
    if not toegestaan:
        return NIET_TOEGESTAAN
    if not status.trusted:
        if not has_roots:
            return "Niet vertrouwd: geen vertrouwde basis opgegeven (--vertrouwd)."
        return "Niet vertrouwd: het certificaat valt niet onder een opgegeven vertrouwde basis."
    return ""


def _broken(veld: str, signer: str, exc: Exception) -> Handtekening:
    return broken_record(
        veld,
        signer,
        "niet te bepalen",
        f"De handtekening kan niet worden gecontroleerd: ze is beschadigd of "
        f"onleesbaar ({type(exc).__name__}).",
    )


def _is_certification(embedded: EmbeddedPdfSignature) -> bool:
    """A certification signature (DocMDP) is referenced from the catalog's /Perms."""
    try:
        perms = embedded.reader.root["/Perms"]
        return bool(perms["/DocMDP"].get_object() is embedded.sig_object)
    except (KeyError, TypeError, AttributeError):
        return False


def _rol(veld: str) -> Rol | None:
    for rol in ROLLEN:
        if veld == rol:
            return rol
    return None


def _common_name(cert: x509.Certificate) -> str:
    name = cert.subject.native.get("common_name")
    if isinstance(name, list):
        name = name[0] if name else None
    return str(name) if name else str(cert.subject.human_friendly)
