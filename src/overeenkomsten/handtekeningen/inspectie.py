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
from pathlib import Path
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils.crypt import AuthStatus
from pyhanko.pdf_utils.misc import PdfError, PdfStrictReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import (
    DocumentTimestampStatus,
    PdfSignatureStatus,
    SignatureCoverageLevel,
)
from pyhanko_certvalidator import ValidationContext

from overeenkomsten.bestandssoort import not_a_pdf
from overeenkomsten.errors import InputError
from overeenkomsten.grenzen import MAX_PDF_BYTES, megabytes
from overeenkomsten.handtekeningen.sleutels import load_trust_roots, read_file
from overeenkomsten.handtekeningen.types import Dekking, Handtekening, Soort
from overeenkomsten.handtekeningen.wijzigingen import NA_HANDTEKENING, RevisionReview
from overeenkomsten.model.kenmerken import ROLLEN, Rol

#: A signer certificate must allow signing: either key usage is enough (many real
#: certificates carry only one of them; pyHanko's default demands nonRepudiation).
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})

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
NIET_TOEGESTAAN = "Na ondertekening is het document gewijzigd op een manier die niet mag."


def inspect_signatures(pdf: Path | bytes, vertrouwd: Sequence[Path] = ()) -> list[Handtekening]:
    """Every signature, document timestamp and seal in ``pdf``, in signing order.

    ``vertrouwd`` are PEM (or DER) files with trust roots. A PDF without signatures gives
    ``[]``. Raises :class:`~overeenkomsten.errors.InputError` (code ``pdf-onleesbaar`` or
    ``pdf-versleuteld``) when the PDF itself cannot be read, and
    :class:`~overeenkomsten.errors.ConfigurationError` for an unreadable trust root.
    """
    roots = load_trust_roots(vertrouwd)
    if isinstance(pdf, Path):
        _check_size(pdf)
        data, naam = read_file(pdf, "Het PDF-bestand"), str(pdf)
    else:
        data, naam = pdf, "De PDF"
    reader = _open(data, naam)
    found: list[tuple[int, Handtekening]] = []
    review: RevisionReview | None = None
    for index, (veld, sig_field) in enumerate(_filled_fields(reader, naam)):
        revision, record = _inspect(reader, veld, sig_field, roots)
        if revision is not None and revision + 1 < reader.xrefs.total_revisions:
            review = review or RevisionReview(reader)
            record = _after_signing(record, review, revision)
        found.append((revision if revision is not None else 10**6 + index, record))
    return [record for _order, record in sorted(found, key=lambda item: item[0])]


def _check_size(pdf: Path) -> None:
    """Refuse a PDF over the size limit before reading it into memory."""
    try:
        size = pdf.stat().st_size
    except OSError:
        return  # read_file names the problem
    if size > MAX_PDF_BYTES:
        raise InputError(
            f"Het PDF-bestand {pdf} is te groot ({megabytes(size)}, hoogstens "
            f"{megabytes(MAX_PDF_BYTES)}) en wordt niet gelezen.",
            code="pdf-te-groot",
        )


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
        raise InputError(
            f"{naam} is versleuteld met een wachtwoord; de handtekeningen kunnen niet worden "
            "gecontroleerd.",
            code="pdf-versleuteld",
        )
    return reader


def _decrypt_failed(reader: PdfFileReader) -> bool:
    """Many PDFs are 'encrypted' with only an owner password: those open with ''."""
    try:
        return reader.decrypt(b"").status == AuthStatus.FAILED
    except (PdfError, ValueError, KeyError, TypeError):
        return True


def _filled_fields(reader: PdfFileReader, naam: str) -> Iterator[tuple[str, Any]]:
    try:
        fields = [
            (str(veld), sig_field)
            for veld, _value, sig_field in enumerate_sig_fields(reader, filled_status=True)
        ]
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise InputError(
            f"De formuliervelden van {naam} zijn onleesbaar: de PDF is beschadigd.",
            code="pdf-onleesbaar",
        ) from exc
    yield from fields


def _inspect(
    reader: PdfFileReader, veld: str, sig_field: Any, roots: list[x509.Certificate]
) -> tuple[int | None, Handtekening]:
    """Validate one signature; anything pyHanko cannot evaluate is a broken signature."""
    signer = "onbekend"
    try:
        embedded = EmbeddedPdfSignature(reader, sig_field, veld)
        signer = _common_name(embedded.signer_cert)
        context = ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )
        status: Status
        if embedded.sig_object_type == "/DocTimeStamp":
            status = validate_pdf_timestamp(embedded, validation_context=context)
        else:
            status = validate_pdf_signature(embedded, context, key_usage_settings=KEY_USAGE)
    # A signature is untrusted input: whatever pyHanko raises on it, the answer for the
    # user is the same (this signature cannot be verified), and the others still count.
    except Exception as exc:  # noqa: BLE001
        return None, _broken(veld, signer, exc)
    return embedded.signed_revision, _record(veld, embedded, status, bool(roots))


def _record(
    veld: str, embedded: EmbeddedPdfSignature, status: Status, has_roots: bool
) -> Handtekening:
    tijdstip, bron, tijdstempel_ok = _signing_time(status)
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
    )


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


def _signing_time(status: Status) -> tuple[dt.datetime | None, Any, bool]:
    """The time from a sound timestamp token, else the signer's own claim."""
    if isinstance(status, DocumentTimestampStatus):
        ok = status.intact and status.valid
        return status.timestamp, ("tijdstempel" if ok else "onbekend"), status.trusted
    token = status.timestamp_validity
    if token is not None and token.intact and token.valid:
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
    return Handtekening(
        veld=veld,
        rol=_rol(veld),
        ondertekenaar=signer,
        tijdstip=None,
        tijdstip_bron="onbekend",
        intact=False,
        geldig=False,
        vertrouwd=False,
        dekking="gedeeltelijk",
        wijzigingen="niet te bepalen",
        toegestaan=False,
        toelichting=(
            f"De handtekening kan niet worden gecontroleerd: ze is beschadigd of "
            f"onleesbaar ({type(exc).__name__})."
        ),
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
