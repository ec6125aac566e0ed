"""Is the name on a certificate the person printed in a signature block? (X16)

Names are compared as people write them: without case, accents, punctuation and titles
(``drs.``, ``mr.``, ``ir.``, ``ing.``, ``dr.``...), letters folded as people type them
(``ı`` as ``i``, ``ß`` as ``ss``, ``ø`` as ``o``, ``ÿ`` and ``ĳ`` as ``ij``), an initial or
abbreviation (``P.``, ``Th.``) matching a first name that starts with it, and the
surname-first order ``de Vries, Pieter`` read as ``Pieter de Vries``. Each given name must
correspond to one given name: a second given name on the certificate is a different
name, to be declared in the record (``naam_op_certificaat``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: Letters that do not decompose into a base letter and an accent.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ß": "ss",
        "ẞ": "SS",
        "ø": "o",
        "Ø": "O",
        "ÿ": "ij",
        "Ÿ": "IJ",
        "ĳ": "ij",
        "Ĳ": "IJ",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ﬀ": "ff",  # ligatures as a PDF's text layer may give them
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
        "ﬅ": "st",
        "ﬆ": "st",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
    }
)
#: Titles and forms of address before a name, and degrees after it.
_PREFIX_TITLES = frozenset(
    {
        "drs",
        "mr",
        "ir",
        "ing",
        "dr",
        "prof",
        "bc",
        "ds",
        "dhr",
        "mevr",
        "mw",
        "mevrouw",
        "heer",
        "jhr",
        "jkvr",
        "kand",
    }
)
_SUFFIX_TITLES = frozenset({"msc", "bsc", "ma", "ba", "mba", "phd", "llm", "llb", "med", "ra"})
_TOKEN = re.compile(r"[^\W_]+\.?", re.UNICODE)


@dataclass(frozen=True)
class _Token:
    text: str
    afgekort: bool  # an initial or abbreviation ("P.", "Th."): matches names starting so

    def matches(self, other: _Token, *, last: bool) -> bool:
        if self.text == other.text:
            return True
        if last:  # the surname is never abbreviated
            return False
        if self.afgekort and other.text.startswith(self.text):
            return True
        return other.afgekort and self.text.startswith(other.text)


def fold(text: str) -> str:
    """``text`` without accents and case, letters folded as people type them.

    Only canonical decomposition (NFD): a letter and its accent. Compatibility forms
    (full-width ``Ｆ``, mathematical ``𝐅``, superscripts) are look-alikes of a letter, not
    the way anyone types a name; a certificate written with them names someone else (X16).
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_FOLD).casefold()


def _tokens(name: str) -> list[_Token]:
    text = fold(name).replace("'", "")  # 't Hart, O'Neill
    if "," in text:  # "de Vries, Pieter" / "Vries, P. de" -> given names first
        surname, _, given = text.partition(",")
        rest = given.split(",")  # "Vries, P. de, MSc"
        text = f"{rest[0]} {surname} {' '.join(rest[1:])}"
    raw = _TOKEN.findall(text.replace("-", " "))
    tokens: list[_Token] = []
    for piece in raw:
        dotted = piece.endswith(".")
        word = piece.rstrip(".")
        if not word:
            continue
        # a one-letter word is always an initial ("P de Vries")
        tokens.append(_Token(word, dotted or len(word) == 1))
    while tokens and tokens[0].text in _PREFIX_TITLES and len(tokens) > 1:
        tokens.pop(0)
    if tokens and tokens[0].text == "de" and len(tokens) > 2 and tokens[1].text == "heer":
        tokens = tokens[2:]
    while len(tokens) > 2 and tokens[-1].text in _SUFFIX_TITLES:
        tokens.pop()
    return tokens


def _split_initials(name: str) -> str:
    """``J.P. de Vries`` -> ``J. P. de Vries``: dotted initials written together."""
    return re.sub(r"(?<=\.)(?=[^\W\d_])", " ", name)


def same_person(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name the same person (X16 rules, see the module)."""
    left, right = _tokens(_split_initials(a)), _tokens(_split_initials(b))
    if not left or len(left) != len(right):
        return False
    last = len(left) - 1
    return all(
        x.matches(y, last=i == last) for i, (x, y) in enumerate(zip(left, right, strict=True))
    )


def matches_any(names: Iterable[str], candidates: Iterable[str]) -> bool:
    """True when one of ``names`` is the same person as one of ``candidates``."""
    wanted = [c for c in candidates if c and c.strip()]
    return any(same_person(name, c) for name in names if name for c in wanted)
