"""The dossier seal: one PAdES signature by the bundling organisation over the whole dossier.

The seal is a *certification* signature (DocMDP "no changes") in the field ``zegel``. Its
promise is stricter than pyHanko's default judgement of later revisions: pyHanko accepts an
incremental update that only rewrites the document information (title, author) as harmless,
but a sealed dossier must show *any* change. After the seal only validation data may be
added: a document security store (DSS) with certificates and revocation data, or a document
timestamp. Every other revision, even one that touches only metadata, is reported.
The judgement of each revision is shared with ordinary signatures (:mod:`.wijzigingen`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from overeenkomsten.errors import BundleError, InputError
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.handtekeningen.inspectie import inspect_signatures
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.handtekeningen.wijzigingen import NA_ZEGEL, RevisionReview

ZEGEL_VELD = "zegel"
ZEGEL_REDEN = "Zegel over het dossier: elke latere wijziging wordt zichtbaar"


def seal_pdf(pdf: bytes, p12: Path, wachtwoord: bytes | None) -> bytes:
    """``pdf`` with the seal added as an incremental update (invisible field ``zegel``)."""
    # Only sealing needs pyHanko's signing stack (aiohttp, stamps...); checking a seal
    # (check_seal, the dossier's check) does not load it.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from overeenkomsten.handtekeningen.sleutels import load_signer

    signer = load_signer(p12, wachtwoord)
    metadata = signers.PdfSignatureMetadata(
        field_name=ZEGEL_VELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=ZEGEL_REDEN,
    )
    output = io.BytesIO()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        signers.sign_pdf(writer, metadata, signer=signer, output=output)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise BundleError(
            "Het dossier kan niet worden verzegeld: de PDF is beschadigd of wijkt af van de norm.",
            code="zegel-mislukt",
        ) from exc
    return output.getvalue()


@dataclass(frozen=True)
class Zegelcontrole:
    """What the check of a sealed dossier found.

    ``handtekening`` is the seal as :func:`inspect_signatures` reports it (intact, valid,
    trusted). ``wijzigingen`` holds one Dutch sentence per revision after the seal that is
    not validation data; ``validatiegegevens`` counts the revisions that are.
    """

    handtekening: Handtekening
    wijzigingen: tuple[str, ...]
    validatiegegevens: int

    @property
    def in_orde(self) -> bool:
        """Intact, valid, and nothing but validation data added afterwards (trust aside)."""
        return self.handtekening.intact and self.handtekening.geldig and not self.wijzigingen


def check_seal(pdf: bytes, vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN) -> Zegelcontrole | None:
    """The seal of ``pdf`` and the changes made after it; None when there is no seal."""
    handtekening = next(
        (h for h in inspect_signatures(pdf, vertrouwd) if h.veld == ZEGEL_VELD), None
    )
    if handtekening is None:
        return None
    wijzigingen, toegestaan = review_after_seal(pdf)
    return Zegelcontrole(handtekening, tuple(wijzigingen), toegestaan)


def review_after_seal(pdf: bytes) -> tuple[list[str], int]:
    """Explain every revision after the seal that is not validation data.

    Returns the Dutch explanations and the number of revisions that only add validation
    data. A PDF without a filled ``zegel`` field gives ``([], 0)``. The judgement is the
    one of every signature (:mod:`.wijzigingen`), except that after the seal not even a
    signature may be added.
    """
    review = _review(pdf)
    seal_revision = review.revision_of(ZEGEL_VELD)
    if seal_revision is None:
        return [], 0
    problems: list[str] = []
    allowed = 0
    for revisie in review.after(seal_revision):
        if revisie.velden:
            problems.append(
                f"Revisie {revisie.nummer} voegt na het zegel een handtekening toe "
                f"(veld {', '.join(revisie.velden)}): het dossier is na het verzegelen gewijzigd."
            )
        elif revisie.bezwaar is not None:
            problems.append(revisie.uitleg("het dossier", "na het zegel", NA_ZEGEL))
        else:
            allowed += 1
    return problems, allowed


def count_revisions(pdf: bytes) -> int:
    """How many revisions ``pdf`` has: 1 when nothing was appended after it was written."""
    return int(_reader(pdf).xrefs.total_revisions)


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InputError(
            "Het dossier is geen leesbare PDF: het bestand is beschadigd of afgebroken.",
            code="pdf-onleesbaar",
        ) from exc


def _review(pdf: bytes) -> RevisionReview:
    try:
        return RevisionReview(_reader(pdf))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            "De formuliervelden van het dossier zijn onleesbaar: de PDF is beschadigd.",
            code="pdf-onleesbaar",
        ) from exc
