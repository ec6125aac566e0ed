"""The clauses (*artikelen*) of a document, sentence by sentence, and the facts they state.

The parties sign the clauses, not the Kenmerken block (X15), so the check reads each fact
also where a clause states it. Templates change wording, so nothing here depends on a
sentence as written: the text after the Kenmerken block is cut into sentences, each placed
in its clause (``artikel 2.1``, ``partijen onder 3``, or the sentence itself for a
document without numbered clauses), and every value of a known kind (dates, crebo, BRIN,
KvK, leerbedrijf-ID, traject, hours, amounts) is found by its form. A date is attributed by
the words just before it: *begint*, *vanaf*, *van* -> the start; *eindigt*, *tot en met*
-> the end; *geboren* -> the birth date.

Articles are numbered ``Artikel N  Titel`` and their members ``N.M text`` (a .docx has a tab
after the number, read as a space); a PDF wraps long members over several lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from overeenkomsten._tekst import MAANDEN
from overeenkomsten.model.kenmerken import LABELS, ROL_LABELS

Soort = Literal[
    "startdatum",
    "einddatum",
    "geboortedatum",
    "afgiftedatum",
    "datum",
    "crebonummer",
    "BRIN",
    "KvK-nummer",
    "leerbedrijf-ID",
    "traject",
    "uren per week",
    "uren in totaal",
    "opleidingskosten",
    "bedrag",
]

_FOOTER = re.compile(r"\bpagina \d+ van \d+$", re.IGNORECASE)
_ARTICLE = re.compile(r"^Artikel (\d+)\b")
_MEMBER = re.compile(r"^(\d+)\.(\d{1,2})\s+(.*)$")
_PARTY = re.compile(r"^(\d)\.\s+(.*)$")
_STOP = ("Ondertekening",)
_SIGNATURE = tuple(f"Handtekening {label}" for label in ROL_LABELS.values())
# A sentence ends at . ; ! ? before a capital or digit, but not after an initial or an
# abbreviation such as "P." or "B.V.".
_SENTENCE_END = re.compile(r"(?<=[.;!?])(?<!\b[A-Z]\.)\s+(?=[A-Z0-9ÀÁÂÄÈÉÊËÍÏÓÖÚÜĲ\"'‘“–-])")

_MONTHS = "|".join(MAANDEN)
_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}) (\d{{4}})\b|\b(\d{{1,2}})-(\d{{1,2}})-(\d{{4}})\b")
_START_WORDS = ("begint", "start", "vanaf", "aanvang", "ingangsdatum", "startdatum", "ingaat")
_END_WORDS = ("eindigt", "einddatum", "tot en met", "t/m", "afgerond", "loopt tot", "eindigde")
_BIRTH_WORDS = ("geboren", "geboortedatum")
_ISSUE_WORDS = ("afgegeven", "afgifte", "uitgereikt")
_LAST_WORD_START = ("van",)
_LAST_WORD_END = ("tot",)
_CREBO = re.compile(r"\bcrebo(?:nummer)?s?\b\W{0,3}(\d{3,7})\b", re.IGNORECASE)
_BRIN = re.compile(r"\bBRIN(?:-?nummer|-?code)?\b\W{0,3}([0-9A-Z]{4,6})\b")
_KVK = re.compile(r"\bKvK(?:-?nummer)?\b\W{0,3}(\d{6,9})\b", re.IGNORECASE)
_LEERBEDRIJF_ID = re.compile(r"\bleerbedrijf-ID\b\W{0,3}(\d{3,12})\b", re.IGNORECASE)
# A traject-ID has letters and digits ("RMT-TW-2026-0042"); "het traject 2026-2027" is none.
_TRAJECT = re.compile(
    r"\btraject(?:-ID)?\s+(?=[\w./-]*[A-Za-z])(?=[\w./-]*\d)([A-Z0-9][A-Za-z0-9_./-]*[A-Za-z0-9])"
)
_PER_WEEK = re.compile(r"(\d{1,3}(?:,\d+)?) uur per week")
_TOTAL = re.compile(r"\b(?:in totaal|totaal)\b\D{0,40}?(\d{1,3}(?:\.\d{3})*|\d+) uur\b")
_AMOUNT = re.compile(r"€\s?(\d{1,3}(?:\.\d{3})*(?:,\d{2})|\d+(?:,\d{2})?)")


@dataclass(frozen=True)
class Zin:
    """One sentence of the clauses: where it stands (``artikel 2.1``) and its text."""

    plek: str
    tekst: str


@dataclass(frozen=True)
class Feit:
    """A value a clause states: its kind, as printed, and parsed (a date, a number...)."""

    soort: Soort
    tekst: str
    waarde: object
    plek: str


def clause_text(
    lines: Sequence[str],
    kenmerken_end: int | None,
    *,
    volledig: bool = False,
    weglaten: frozenset[str] = frozenset(),
) -> list[Zin]:
    """The sentences after the Kenmerken block up to the signatures, each with its place.

    ``lines`` are normalised (:func:`~overeenkomsten.controle.tekst.normalize`). With
    ``volledig`` the whole text is cut into units: the title, each Kenmerken line, the
    clauses and the signature blocks (for comparing a document with its template);
    ``weglaten`` are running headers and footers (digits as ``#``) to leave out.
    """
    start = 0 if kenmerken_end is None or volledig else kenmerken_end + 1
    segmenter = _Segmenter(volledig)
    for line in lines[start:]:
        if not line or _FOOTER.search(line) or (weglaten and page_line(line) in weglaten):
            continue
        if not segmenter.add(line):
            break
    segments = segmenter.segments
    zinnen: list[Zin] = []
    for plek, parts in segments:
        text = _join(parts)
        for sentence in _SENTENCE_END.split(text):
            sentence = sentence.strip()
            if sentence:
                zinnen.append(Zin(plek or _quote(sentence), sentence))
    return zinnen


class _Segmenter:
    """Cuts lines into clauses: (place or None, lines)."""

    def __init__(self, volledig: bool) -> None:
        self.volledig = volledig
        self.segments: list[tuple[str | None, list[str]]] = []
        self.article: int | None = None

    def add(self, line: str) -> bool:
        """Place ``line``; False at the signatures (where the clauses end)."""
        segments = self.segments
        if line in _STOP or line.startswith(_SIGNATURE):
            if not self.volledig:
                return False
            segments.append(("ondertekening", [line]))
        elif any(line.startswith(f"{label}:") for label in LABELS):
            # the Kenmerken block, or a running header repeating the trajectory
            if self.volledig:
                segments += [("Kenmerken", [line]), (None, [])]
        elif match := _ARTICLE.match(line):
            self.article = int(match[1])
            heading = [line] if self.volledig else []
            segments += [(f"de kop van artikel {match[1]}", heading), (None, [])]
        elif (member := _MEMBER.match(line)) and int(member[1]) == self.article:
            segments.append((f"artikel {member[1]}.{member[2]}", [member[3]]))
        elif (party := _PARTY.match(line)) and self.article is None:
            segments.append((f"partijen onder {party[1]}", [party[2]]))
        elif segments and (
            segments[-1][0] is not None
            or (segments[-1][1] and not _ends_sentence(segments[-1][1][-1]))
        ):
            segments[-1][1].append(line)  # the clause goes on, or a wrapped line
        else:
            segments.append((None, [line]))
        return True


_DIGITS = re.compile(r"\d+")


def page_line(line: str) -> str:
    """A header or footer line with its numbers as ``#`` (page numbers differ per page)."""
    return _DIGITS.sub("#", line)


def _ends_sentence(line: str) -> bool:
    return line.endswith((".", ":", ";", "!", "?"))


def _join(parts: Sequence[str]) -> str:
    """Lines of one clause as one text; a line ending in a hyphen continues the word."""
    text = ""
    for part in parts:
        if text.endswith("-") and text[-2:-1].isalpha():
            text += part
        else:
            text = f"{text} {part}" if text else part
    return text


def _quote(sentence: str) -> str:
    words = sentence.split()
    head = " ".join(words[:6])
    return f"de zin '{head}{' …' if len(words) > 6 else ''}'"


def facts(zinnen: Sequence[Zin]) -> list[Feit]:
    """Every value of a known kind in the sentences."""
    return [feit for zin in zinnen for feit in sentence_facts(zin)]


def sentence_facts(zin: Zin) -> Iterator[Feit]:
    text = zin.tekst
    previous = 0
    for match in _DATE.finditer(text):
        date = _date(match)
        if date is not None:
            yield Feit(_date_kind(text[previous : match.start()]), match[0], date, zin.plek)
        previous = match.end()
    codes: tuple[tuple[re.Pattern[str], Soort], ...] = (
        (_CREBO, "crebonummer"),
        (_BRIN, "BRIN"),
        (_KVK, "KvK-nummer"),
        (_LEERBEDRIJF_ID, "leerbedrijf-ID"),
    )
    for pattern, code in codes:
        for match in pattern.finditer(text):
            yield Feit(code, match[1], match[1].upper(), zin.plek)
    for match in _TRAJECT.finditer(text):
        value = match[1].rstrip(".,;:")
        yield Feit("traject", value, value.casefold(), zin.plek)
    for match in _PER_WEEK.finditer(text):
        yield Feit("uren per week", match[1], _number(match[1]), zin.plek)
    for match in _TOTAL.finditer(text):
        yield Feit("uren in totaal", match[1], _number(match[1]), zin.plek)
    lowered = text.casefold()
    for match in _AMOUNT.finditer(text):
        kind: Soort = "bedrag"
        if "kosten" in lowered and "subsidie" not in lowered:
            kind = "opleidingskosten"
        yield Feit(kind, f"€ {match[1]}", _number(match[1]), zin.plek)


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        if match[1]:
            return dt.date(int(match[3]), MAANDEN.index(match[2]) + 1, int(match[1]))
        return dt.date(int(match[6]), int(match[5]), int(match[4]))
    except ValueError:
        return None


def _date_kind(before: str) -> Soort:
    """What a date is, from the words since the previous date: ``van`` or ``tot`` right
    before it, else the last keyword."""
    lowered = before.casefold().rstrip()
    words = lowered.rsplit(" ", 2)
    last = words[-1] if words else ""
    if last == "op" and len(words) > 1:
        last = words[-2]
    if last in _LAST_WORD_START:
        return "startdatum"
    if last in _LAST_WORD_END:
        return "einddatum"
    best: tuple[int, Soort] = (-1, "datum")
    kinds: tuple[tuple[tuple[str, ...], Soort], ...] = (
        (_START_WORDS, "startdatum"),
        (_END_WORDS, "einddatum"),
        (_BIRTH_WORDS, "geboortedatum"),
        (_ISSUE_WORDS, "afgiftedatum"),
    )
    for keywords, soort in kinds:
        for word in keywords:
            position = lowered.rfind(word)
            if position > best[0]:
                best = (position, soort)
    return best[1]


def _number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))
