"""What the inspection of one PDF signature reports; shared by the check and the dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from overeenkomsten.model.kenmerken import Rol

Dekking = Literal["hele document", "eerdere revisie", "gedeeltelijk"]
TijdstipBron = Literal["tijdstempel", "ondertekenaar", "onbekend"]
Soort = Literal["handtekening", "tijdstempel", "zegel"]


@dataclass(frozen=True)
class Handtekening:
    """One signature (or document timestamp / seal) found in a PDF.

    ``rol`` is the party the field is named after (``kandidaat``, ``instelling``, ...), or
    None for a field with another name. ``ondertekenaar`` is the signer certificate's
    common name (or full subject when it has none). ``tijdstip_bron`` says whether the
    signing time comes from a trusted timestamp or only from the signer's own claim.
    ``intact``: the signed bytes are unchanged; ``geldig``: the cryptographic signature is
    correct; ``vertrouwd``: the certificate chains to a given trust root. ``wijzigingen``
    describes changes after signing; ``toegestaan`` is False when those go beyond adding
    later signatures, validation data (DSS) or document timestamps
    (:mod:`overeenkomsten.handtekeningen.wijzigingen`).

    ``soort`` is ``tijdstempel`` for a document timestamp and ``zegel`` for a certification
    signature (DocMDP, as the dossier seal). ``tijdstempel_vertrouwd``: the timestamp token
    behind ``tijdstip`` chains to a trust root. ``toelichting`` is one Dutch sentence on what
    is wrong or why the signature is not trusted ("" when all is well).
    """

    veld: str
    rol: Rol | None
    ondertekenaar: str
    tijdstip: dt.datetime | None
    tijdstip_bron: TijdstipBron
    intact: bool
    geldig: bool
    vertrouwd: bool
    dekking: Dekking
    wijzigingen: str
    toegestaan: bool
    soort: Soort = "handtekening"
    tijdstempel_vertrouwd: bool = False
    toelichting: str = ""

    @property
    def in_orde(self) -> bool:
        """Intact, valid, and no forbidden changes after signing (trust aside)."""
        return self.intact and self.geldig and self.toegestaan

    def as_dict(self) -> dict[str, Any]:
        """The record as a JSON object (``handtekeningen --json``, the dossier manifest)."""
        data = asdict(self)
        data["tijdstip"] = self.tijdstip.isoformat() if self.tijdstip else None
        return data
