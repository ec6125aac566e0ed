"""Small text helpers shared by readers: tolerant header matching."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


def normalize_header(text: object) -> str:
    """Fold a column header for tolerant matching: case, accents, spaces and punctuation.

    ``"Geboortedatum  Kandidaat"``, ``"geboortedatum_kandidaat"`` and ``"Géboortedatum
    kandidaat"`` all fold to ``"geboortedatum kandidaat"``; dots stay, so that dotted paths
    (``kandidaat.bsn``) keep their meaning.
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[^0-9a-z.]+", " ", plain)
    return re.sub(r"\s+", " ", plain).strip()


MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_date(value: dt.date) -> str:
    """A date as Dutch people write it in a contract: ``7 september 2026``."""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def scrub_bsn(text: str) -> str:
    """``text`` with every 9-digit number that passes the BSN elfproef masked
    (``*****2333``): a message may quote a formula or a cell's text, and a BSN inside it
    must not travel on to a report (domein.md sections 8 and 9)."""
    if not _NINE_DIGITS.search(text):
        return text
    from stdnum.nl import bsn

    def mask(match: re.Match[str]) -> str:
        digits = match.group(0)
        return "*****" + digits[-4:] if bsn.is_valid(digits) else digits

    return _NINE_DIGITS.sub(mask, text)
