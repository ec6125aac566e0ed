"""Reading the facts of the Kenmerken contract back from the lines of a document's text.

The same reader serves .docx files (one line per paragraph) and PDFs (one line per printed
line, so a long value may wrap onto the next line). See :mod:`overeenkomsten.model.kenmerken`
for what the renderer prints.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from overeenkomsten._tekst import MAANDEN
from overeenkomsten.controle.artikelen import Zin, clause_text
from overeenkomsten.model.kenmerken import (
    DOCUMENT_TYPES,
    LABEL_VORMEN,
    LABELS,
    ROLLEN,
    TITELS,
    WERKPROCES_PATTERN,
    DocumentType,
    Rol,
    handtekening_koppen,
)

_SPACES = re.compile(r"\s+")
_BSN = re.compile(r"\b(?:BSN|burgerservicenummer)\b\D{0,30}?(\d{9})\b", re.IGNORECASE)
# Current and pre-v2 headings ("Handtekening namens het RMT") both start a block.
_SIGNATURE_HEADINGS = {kop.casefold(): rol for rol in ROLLEN for kop in handtekening_koppen(rol)}
_MAX_WRAPPED_LINES = 2
_SIGNATURE_BLOCK_LINES = 8
_TITLE_WINDOW = 400


def normalize(text: str) -> str:
    """One way to write the same text: NFKC (ligatures, non-breaking spaces), single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@dataclass(frozen=True)
class Ondertekenaar:
    """A signature block as printed: ``Handtekening <rol>``, ``Naam: ...``, ``Functie: ...``
    and, where the template prints it, ``Namens: <organisation>``."""

    rol: Rol
    naam: str | None
    functie: str | None
    namens: str | None = None


@dataclass(frozen=True)
class Tekstfeiten:
    """What the visible text of one document states."""

    kenmerken: dict[str, str]
    werkprocessen: tuple[tuple[str, str], ...]
    ondertekenaars: tuple[Ondertekenaar, ...]
    bsn: tuple[str, ...]
    titel: DocumentType | None
    heeft_tekst: bool
    zinnen: tuple[Zin, ...] = ()
    regels: tuple[str, ...] = ()
    kenmerken_eind: int | None = None


def read_text(lines: Sequence[str], *, wrapped: bool) -> Tekstfeiten:
    """The facts printed in ``lines``; ``wrapped`` when a value may continue on the next line."""
    clean = [line for line in (normalize(raw) for raw in lines) if line]
    flat = " ".join(clean)
    kenmerken, end = _kenmerken(clean, wrapped=wrapped)
    return Tekstfeiten(
        kenmerken=kenmerken,
        werkprocessen=tuple(dict.fromkeys(WERKPROCES_PATTERN.findall(flat))),
        ondertekenaars=_signature_blocks(clean),
        bsn=tuple(dict.fromkeys(_BSN.findall(flat))),
        titel=_title(flat),
        heeft_tekst=bool(flat),
        zinnen=tuple(clause_text(clean, end)) if end is not None else (),
        regels=tuple(clean),
        kenmerken_eind=end,
    )


def _label_of(line: str, labels: Sequence[str]) -> tuple[str, str] | None:
    """The canonical label and value of a Kenmerken line, in any printed form of the label
    ("Einddatum plaatsing: ..." on a v2 PLOK reads as "Einddatum")."""
    for label in labels:
        for vorm in LABEL_VORMEN.get(label, (label,)):
            if line.startswith(f"{vorm}:"):
                return label, line[len(vorm) + 1 :].strip()
    return None


def _block_start(lines: Sequence[str]) -> int | None:
    """The first ``Traject:`` line followed by ``Document:`` (a header may repeat the id)."""
    starts = [i for i, line in enumerate(lines) if line.startswith(f"{LABELS[0]}:")]
    for i in starts:
        if i + 1 < len(lines) and lines[i + 1].startswith(f"{LABELS[1]}:"):
            return i
    return starts[0] if starts else None


def _kenmerken(lines: Sequence[str], *, wrapped: bool) -> tuple[dict[str, str], int | None]:
    """The Kenmerken facts and the index of the block's last line (None without a block)."""
    start = _block_start(lines)
    if start is None:
        return {}, None
    found: dict[str, str] = {}
    end = start
    remaining = list(LABELS)
    current: str | None = None
    continued = 0
    for index, line in enumerate(lines[start:], start):
        match = _label_of(line, remaining)
        if match is not None:
            current, value = match
            found[current] = value
            remaining = remaining[remaining.index(current) + 1 :]
            continued = 0
            end = index
            if not remaining:
                break
        elif wrapped and current is not None and continued < _MAX_WRAPPED_LINES:
            # A long value wrapped onto the next printed line of a PDF.
            found[current] = f"{found[current]} {line}".strip()
            continued += 1
        else:
            break
    return found, end


def _signature_blocks(lines: Sequence[str]) -> tuple[Ondertekenaar, ...]:
    blocks: list[Ondertekenaar] = []
    for i, line in enumerate(lines):
        rol = _SIGNATURE_HEADINGS.get(line.rstrip(":").casefold())
        if rol is None:
            continue
        fields: dict[str, str | None] = {"Naam": None, "Functie": None, "Namens": None}
        for following in lines[i + 1 : i + 1 + _SIGNATURE_BLOCK_LINES]:
            if following.rstrip(":").casefold() in _SIGNATURE_HEADINGS:
                break
            key, _, value = following.partition(":")
            if key in fields and fields[key] is None:
                fields[key] = value.strip() or None
        blocks.append(Ondertekenaar(rol, fields["Naam"], fields["Functie"], fields["Namens"]))
    return tuple(blocks)


def _title(flat: str) -> DocumentType | None:
    """The document whose title appears first near the top of the text."""
    head = flat[:_TITLE_WINDOW].casefold()
    positions: dict[DocumentType, int] = {
        document: head.find(TITELS[document].casefold())
        for document in DOCUMENT_TYPES
        if TITELS[document].casefold() in head
    }
    if not positions:
        return None
    first: DocumentType = min(positions, key=positions.__getitem__)
    return first


# --- values -----------------------------------------------------------------------------

_DUTCH_DATE = re.compile(r"(\d{1,2}) ([a-z]+) (\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_NAME_AND_CODE = re.compile(r"(.*?)\s*\(([^()]*)\)")


def parse_date(text: str) -> dt.date | None:
    """``7 september 2026`` (as printed), ``2026-09-07`` or ``7-9-2026``; None otherwise."""
    value = normalize(text).casefold()
    try:
        if match := _DUTCH_DATE.fullmatch(value):
            if match[2] not in MAANDEN:
                return None
            return dt.date(int(match[3]), MAANDEN.index(match[2]) + 1, int(match[1]))
        if match := _ISO_DATE.fullmatch(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NUMERIC_DATE.fullmatch(value):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def split_name_and_code(text: str) -> tuple[str, str] | None:
    """``Transport & Opslag Twente B.V. (12345678)`` -> name and the code in the last brackets."""
    match = _NAME_AND_CODE.fullmatch(normalize(text))
    if match is None:
        return None
    return match[1].strip(), match[2].strip()
