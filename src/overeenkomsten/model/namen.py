"""Dutch names: the voorvoegsel (tussenvoegsel) rule, written once (domein.md §2, V12).

A Dutch surname may start with a *voorvoegsel* ("van der", "ten", "de"). After a first name
or initials it is written in lower case ("Joost ten Brinke", "drs. M. ter Horst"); at the
start of a name it keeps its capital ("Ten Brinke, J."). These functions are used by the
record (``Kandidaat.volledige_naam``), the templates (the ``naam`` filter) and rule V12.
"""

from __future__ import annotations

VOORVOEGSELS: tuple[str, ...] = (
    "aan de",
    "aan den",
    "aan het",
    "aan 't",
    "bij de",
    "de",
    "den",
    "der",
    "des",
    "het",
    "in de",
    "in den",
    "in het",
    "in 't",
    "onder de",
    "op de",
    "op den",
    "op het",
    "op 't",
    "over de",
    "te",
    "ten",
    "ter",
    "uit de",
    "uit den",
    "uit het",
    "uit 't",
    "van",
    "van de",
    "van den",
    "van der",
    "van het",
    "van 't",
    "voor de",
    "voor den",
    "'t",
)
"""Dutch voorvoegsels (after the GBA table of voorvoegsels; Dutch ones only)."""

# Longest first, so "van der" wins over "van"; a voorvoegsel is followed by a space.
_BY_LENGTH = sorted(VOORVOEGSELS, key=len, reverse=True)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def split_voorvoegsel(achternaam: str) -> tuple[str, str] | None:
    """``"Ten Brinke"`` -> ``("ten", "Brinke")``; None when it starts with no voorvoegsel.

    Only a voorvoegsel followed by a space and more name counts ("Vandenberg" and "Van" are
    left alone).
    """
    text = achternaam.translate(_APOSTROPHES).strip()
    lower = text.casefold()
    for voorvoegsel in _BY_LENGTH:
        if lower.startswith(voorvoegsel + " "):
            rest = text[len(voorvoegsel) :].strip()
            if rest and rest[0].isalpha():
                return voorvoegsel, rest
    return None


def volledige_naam(voornamen: str, tussenvoegsel: str | None, achternaam: str) -> str:
    """First names, tussenvoegsel in lower case, surname: ``Joost ten Brinke``."""
    parts = (voornamen, tussenvoegsel.lower() if tussenvoegsel else None, achternaam)
    return " ".join(p for p in parts if p)


def naam_in_zin(naam: str) -> str:
    """A free-text name as printed after a first name or initials: voorvoegsels lower case.

    ``"J. Ten Brinke"`` -> ``"J. ten Brinke"``, ``"drs. M. Ter Horst"`` ->
    ``"drs. M. ter Horst"``. A voorvoegsel at the very start, or one that is the last word,
    is left as typed (it is then not a voorvoegsel of a following surname).
    """
    words = naam.split(" ")
    out = list(words)
    i = 1
    while i < len(words):
        rest = " ".join(words[i:])
        split = split_voorvoegsel(rest) if words[i] else None
        if split is not None and words[i - 1]:
            voorvoegsel, _ = split
            n = len(voorvoegsel.split(" "))
            for j in range(i, i + n):
                out[j] = words[j].lower()
            i += n
            continue
        i += 1
    return " ".join(out)
