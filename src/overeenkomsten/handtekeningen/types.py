"""What the signature module reports; shared by the check, ``status`` and the dossier.

Every type here is plain data (no pyHanko), so that importing it stays cheap:

* :class:`Handtekening`: one signature, document timestamp or seal found in a PDF, with
  its trust (:data:`Vertrouwen`), revocation (:data:`Intrekking`) and anything that hides
  or covers what was signed (:data:`Afwijking`).
* :class:`Certificaat`: the names and validity of the signer's certificate (X16 compares
  these names with the person printed in a signature block).
* :class:`Toewijzing`: for which party one signature counts, or why it counts for none
  (X16); the one definition of "signed by whom" used by ``controleer`` and ``status``.
* :class:`Vertrouwensbasis`: the trust roots and revocation lists a check uses.
* :class:`Ondertekening`: what ``onderteken`` did, with its warnings.
* :class:`Attestatie`: a manual attestation of a wet-ink scan (domein.md section 7).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from overeenkomsten.errors import InputError, SignatureError
from overeenkomsten.model.kenmerken import ROLLEN, Rol

Dekking = Literal["hele document", "eerdere revisie", "gedeeltelijk"]
TijdstipBron = Literal["tijdstempel", "ondertekenaar", "onbekend"]
Soort = Literal["handtekening", "tijdstempel", "zegel"]

#: Trust in the signer's certificate (X7 v2). ``vertrouwd``: chains to a given root and
#: was valid at the signing time; ``niet-vertrouwd``: does not chain to any given root;
#: ``verlopen`` / ``nog-niet-geldig``: the certificate was not valid at the signing time;
#: ``ingetrokken``: revoked before the signing time; ``niet-gecontroleerd``: no roots were
#: given, or the certificate has expired since and only the signer says when it signed.
Vertrouwen = Literal[
    "vertrouwd",
    "niet-vertrouwd",
    "verlopen",
    "nog-niet-geldig",
    "ingetrokken",
    "niet-gecontroleerd",
]
#: Whether revocation data (embedded DSS/LTV, ``--crl`` files) covers the certificate.
Intrekking = Literal["niet-ingetrokken", "ingetrokken", "niet-gecontroleerd"]
#: What hides or covers signed content. ``overlay``: this signature's (or timestamp's)
#: visible appearance, added after the first signature, covers text of the page;
#: ``verwijderd``: an earlier revision has this signature and the latest file lacks it (or
#: its form was removed or broken); ``onleesbaar``: the file was made unreadable after it
#: was signed; ``herschreven``: the file carries traces of the tool's signatures but none
#: is left.
Afwijking = Literal["overlay", "verwijderd", "onleesbaar", "herschreven"]
#: Why a signature counts for no party (X16).
Probleem = Literal["naam-wijkt-af", "rol-niet-in-document", "onbekende-ondertekenaar"]


@dataclass(frozen=True)
class Certificaat:
    """The signer's certificate as X16 needs it.

    ``naam`` is the common name (or the whole subject when it has none); ``voornaam`` and
    ``achternaam`` the given name and surname attributes when present; ``organisatie`` the
    organisation (O) and ``organisatie_id`` the organizationIdentifier of an eIDAS seal.
    """

    naam: str
    voornaam: str | None = None
    achternaam: str | None = None
    organisatie: str | None = None
    organisatie_id: str | None = None
    uitgever: str = ""
    geldig_van: dt.datetime | None = None
    geldig_tot: dt.datetime | None = None
    #: The OCSP services the certificate names (Authority Information Access); the check
    #: does not consult them, it says which one could have been asked.
    ocsp: tuple[str, ...] = ()

    @property
    def namen(self) -> tuple[str, ...]:
        """The person names the certificate states: CN, and given name + surname."""
        found = [self.naam]
        if self.voornaam and self.achternaam:
            found.append(f"{self.voornaam} {self.achternaam}")
        return tuple(dict.fromkeys(found))

    @property
    def is_organisatie(self) -> bool:
        """An organisation's seal (an e-signature service), not a person's certificate."""
        if self.voornaam or self.achternaam:
            return False
        if self.organisatie_id:
            return True
        return bool(self.organisatie) and self.organisatie == self.naam

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("geldig_van", "geldig_tot"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


@dataclass(frozen=True)
class Handtekening:
    """One signature (or document timestamp / seal) found in a PDF.

    ``rol`` is the party the field is named after (``kandidaat``, ``instelling``, ...), or
    None for a field with another name. ``ondertekenaar`` is the signer certificate's
    common name (or full subject when it has none). ``tijdstip_bron`` says whether the
    signing time comes from a trusted timestamp or only from the signer's own claim.
    ``intact``: the signed bytes are unchanged; ``geldig``: the cryptographic signature is
    correct; ``vertrouwd``: ``vertrouwen == "vertrouwd"``. ``wijzigingen``
    describes changes after signing; ``toegestaan`` is False when those go beyond adding
    later signatures, validation data (DSS) or document timestamps
    (:mod:`overeenkomsten.handtekeningen.wijzigingen`).

    ``soort`` is ``tijdstempel`` for a document timestamp and ``zegel`` for a certification
    signature (DocMDP, as the dossier seal). ``tijdstempel_vertrouwd``: the timestamp token
    behind ``tijdstip`` chains to a trust root. ``toelichting`` is one Dutch sentence on what
    is wrong or why the signature is not trusted ("" when all is well).

    v2: ``vertrouwen`` and ``intrekking`` (X7), ``certificaat``, the signature dictionary's
    ``naam`` (/Name) and ``reden`` (/Reason) (X16, seals of e-signature services),
    ``afwijking`` (overlay, stripped or hidden signatures: always a ``fout``) and
    ``revisie`` (pyHanko's revision index of the signature, None when unknown).
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
    vertrouwen: Vertrouwen = "niet-gecontroleerd"
    intrekking: Intrekking = "niet-gecontroleerd"
    certificaat: Certificaat | None = None
    naam: str | None = None
    reden: str | None = None
    afwijking: Afwijking | None = None
    revisie: int | None = None

    @property
    def in_orde(self) -> bool:
        """Intact, valid, no forbidden changes after signing, nothing hidden (trust aside)."""
        return self.intact and self.geldig and self.toegestaan and self.afwijking is None

    @property
    def vertrouwen_fout(self) -> bool:
        """Trust was checked and failed (a ``fout``), as opposed to not checked."""
        return self.vertrouwen not in ("vertrouwd", "niet-gecontroleerd")

    def as_dict(self) -> dict[str, Any]:
        """The record as a JSON object (``handtekeningen --json``, the dossier manifest)."""
        data = asdict(self)
        data["tijdstip"] = self.tijdstip.isoformat() if self.tijdstip else None
        data["certificaat"] = self.certificaat.as_dict() if self.certificaat else None
        return data


@dataclass(frozen=True)
class Toewijzing:
    """For which party one signature counts (X16), decided once for ``controleer`` and
    ``status``.

    ``rol`` is the party it counts for, None when it counts for none; ``via`` says how:
    the certificate's own name, or the /Name (or reason) of an e-signature service's
    organisation seal (identity then rests on the service: a ``waarschuwing``).
    ``probleem`` says why it counts for none; ``verwacht`` is the person printed for the
    field's role (for a message naming both names).
    """

    handtekening: Handtekening
    rol: Rol | None
    via: Literal["certificaat", "dienst"] | None = None
    probleem: Probleem | None = None
    verwacht: str | None = None


@dataclass(frozen=True)
class Vertrouwensbasis:
    """What a signature check trusts: root certificates (``--vertrouwd`` or
    ``OVEREENKOMSTEN_VERTROUWD``) and revocation lists (``--crl``), as files."""

    vertrouwd: tuple[Path, ...] = ()
    crl: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Ondertekening:
    """What ``onderteken`` wrote, and the Dutch warnings it has for the user."""

    pad: Path
    rol: Rol
    ondertekenaar: str
    waarschuwingen: tuple[str, ...] = ()
    tijdstempel: bool = False


@dataclass(frozen=True)
class Attestatie:
    """A manual attestation of a wet-ink scan (``<scan>.attestatie.pdf``, domein.md §7).

    ``scan_sha256`` is the hash the attestation states; ``partijen`` the parties whose
    signatures the checker saw on paper; ``getekend_op`` the date written on the paper;
    ``gecontroleerd_door`` / ``gecontroleerd_op`` who checked, and when (the checker's
    signature). ``handtekening`` is the checker's signature as inspected (trust as any
    signature). ``geldig`` is True only when that signature is in order and the scan's
    bytes still have ``scan_sha256``; ``toelichting`` says in Dutch why not.
    """

    scan: Path
    pad: Path
    document: str
    scan_sha256: str
    partijen: tuple[Rol, ...]
    getekend_op: dt.date
    gecontroleerd_door: str
    gecontroleerd_op: dt.datetime | None
    handtekening: Handtekening | None
    geldig: bool
    toelichting: str = ""
    problemen: tuple[str, ...] = field(default_factory=tuple)

    @property
    def vertrouwd(self) -> bool:
        return self.geldig and self.handtekening is not None and self.handtekening.vertrouwd


class PdfVersleuteldError(InputError):
    """The PDF is encrypted (a password, or recipients' certificates): its signatures
    cannot be checked. In a folder this is one ``niet-gecontroleerd`` finding, not the
    end of the check (code ``pdf-versleuteld``)."""


def as_rol(value: str) -> Rol:
    """``value`` as a role, or a Dutch error listing the roles."""
    for rol in ROLLEN:
        if value == rol:
            return rol
    raise SignatureError(
        f"Onbekende rol '{value}'. Kies uit: {', '.join(ROLLEN)}.", code="rol-onbekend"
    )
