"""What the inspection of one PDF signature reports; shared by the check and the dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from overeenkomsten.model.kenmerken import Rol


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
    signatures, form filling or validation data.
    """

    veld: str
    rol: Rol | None
    ondertekenaar: str
    tijdstip: dt.datetime | None
    tijdstip_bron: Literal["tijdstempel", "ondertekenaar", "onbekend"]
    intact: bool
    geldig: bool
    vertrouwd: bool
    dekking: Literal["hele document", "eerdere revisie", "gedeeltelijk"]
    wijzigingen: str
    toegestaan: bool
    soort: Literal["handtekening", "tijdstempel", "zegel"] = "handtekening"

    @property
    def in_orde(self) -> bool:
        """Intact, valid, and no forbidden changes after signing (trust aside)."""
        return self.intact and self.geldig and self.toegestaan
