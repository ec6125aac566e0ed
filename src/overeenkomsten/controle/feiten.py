"""What one file says (*documentfeiten*): its type, its printed facts, metadata, signatures.

Extraction (:mod:`.extract`) fills a :class:`DocumentFeiten` per file; the rules
(:mod:`.regels`) only read these, so a dossier reader can feed the same rules with the
originals it extracted from a dossier.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from overeenkomsten.controle.tekst import (
    Ondertekenaar,
    Tekstfeiten,
    normalize,
    parse_date,
    split_name_and_code,
)
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import DocumentType, Rol

Bron = Literal["docx", "pdf"]
Deel = Literal["geheel", "naam", "code"]

DATE_LABELS = frozenset({"Startdatum", "Einddatum", "Geboortedatum"})
CODE_LABELS = frozenset({"Instelling (BRIN)", "Leerbedrijf (KvK)"})


@dataclass(frozen=True)
class Leesfout:
    """Why a file could not be checked (empty, not a document, a scan without text...)."""

    code: str
    bericht: str


@dataclass(frozen=True)
class Waarde:
    """One fact of one document: the text as printed and, when readable, the parsed value.

    ``tekst`` is None when the document does not state the fact at all; ``sleutel`` is None
    when it states it but the value cannot be read (a date that is no date).
    """

    tekst: str | None
    sleutel: Hashable | None

    @property
    def gelezen(self) -> bool:
        return self.sleutel is not None


@dataclass
class DocumentFeiten:
    """What one file says. ``naam`` is the file name used in every finding."""

    naam: str
    bron: Bron | None = None
    type: DocumentType | None = None
    tekst: Tekstfeiten | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    recordhash: str | None = None
    handtekeningen: tuple[Handtekening, ...] | None = None
    handtekeningen_reden: str | None = None
    leesfout: Leesfout | None = None
    pad: Path | None = None
    #: Where the document comes from (documenten.metadata.HERKOMST_KEYS): the BSN-free
    #: record, the template's name and SHA-256, the tool's version.
    herkomst: dict[str, str] = field(default_factory=dict)
    #: A .docx's header and footer lines (numbers as ``#``), left out of text comparisons.
    kop_en_voet: frozenset[str] = frozenset()

    @property
    def van_ons(self) -> bool:
        """Carries this tool's metadata (a PDF re-exported by Word or LibreOffice does not)."""
        return bool(self.metadata) or self.recordhash is not None or bool(self.herkomst)

    @property
    def bruikbaar(self) -> bool:
        """Read, and recognised as one of the four documents."""
        return self.leesfout is None and self.type is not None and self.tekst is not None

    @property
    def kenmerken(self) -> dict[str, str]:
        return self.tekst.kenmerken if self.tekst is not None else {}

    @property
    def werkprocessen(self) -> tuple[tuple[str, str], ...]:
        return self.tekst.werkprocessen if self.tekst is not None else ()

    @property
    def ondertekenaars(self) -> tuple[Ondertekenaar, ...]:
        return self.tekst.ondertekenaars if self.tekst is not None else ()

    @property
    def bsn(self) -> tuple[str, ...]:
        return self.tekst.bsn if self.tekst is not None else ()

    def ondertekenaar(self, rol: Rol) -> Ondertekenaar | None:
        """The first printed signature block for ``rol``."""
        return next((o for o in self.ondertekenaars if o.rol == rol), None)

    def waarde(self, label: str, deel: Deel = "geheel") -> Waarde:
        """The printed value of a Kenmerken label, parsed (see :func:`parse_value`)."""
        return parse_value(label, self.kenmerken.get(label), deel)


_CREBO = re.compile(r"\d{5}")


def parse_value(label: str, text: str | None, deel: Deel = "geheel") -> Waarde:
    """Parse a printed Kenmerken value: dates to dates, ``naam (code)`` into its parts."""
    if text is None:
        return Waarde(None, None)
    value = normalize(text)
    if label in DATE_LABELS:
        date: dt.date | None = parse_date(value)
        return Waarde(value, date)
    if label in CODE_LABELS and deel != "geheel":
        parts = split_name_and_code(value)
        if parts is None:
            return Waarde(value, None)
        if deel == "naam":
            return Waarde(parts[0], parts[0].casefold() or None)
        return Waarde(parts[1], parts[1].replace(" ", "").upper() or None)
    if label == "Crebonummer":
        return Waarde(value, value if _CREBO.fullmatch(value) else None)
    # Text compares without regard to case: "El Amrani" and "el Amrani" are one person.
    return Waarde(value, value.casefold() or None)
