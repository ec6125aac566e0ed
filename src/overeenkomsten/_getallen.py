"""Counts and numbers the Dutch way, for every message: ``1 fout``, ``2 fouten``,
``23,1 per seconde``, ``100.000 rijen``.

One helper, so that no message says ``1 fout(en)``, ``1 van 1 trajecten`` or ``23.1``.
"""

from __future__ import annotations

from decimal import Decimal

#: Plurals of the nouns that messages count. Dutch plurals are irregular enough
#: (``pagina's``, ``problemen``) that guessing them is worse than listing them.
MEERVOUD = {
    "bestand": "bestanden",
    "bevinding": "bevindingen",
    "dag": "dagen",
    "document": "documenten",
    "dossier": "dossiers",
    "fout": "fouten",
    "handtekening": "handtekeningen",
    "kolom": "kolommen",
    "map": "mappen",
    "onderdeel": "onderdelen",
    "origineel": "originelen",
    "pagina": "pagina's",
    "probleem": "problemen",
    "regel": "regels",
    "rij": "rijen",
    "seconde": "seconden",
    "set": "sets",
    "sjabloon": "sjablonen",
    "traject": "trajecten",
    "uur": "uur",
    "versie": "versies",
    "waarschuwing": "waarschuwingen",
    "week": "weken",
    "werker": "werkers",
    "werkproces": "werkprocessen",
}


def meervoud(woord: str) -> str:
    """The plural of ``woord`` (one of :data:`MEERVOUD`; the last word of a phrase counts:
    ``rij met fouten`` -> ``rijen met fouten`` is not guessed, pass phrases to :func:`aantal`
    as ``(enkelvoud, meervoud)``)."""
    return MEERVOUD[woord]


def aantal(n: int, enkelvoud: str, meervoud_: str | None = None, *, geen: bool = False) -> str:
    """``1 fout``, ``2 fouten``, ``0 fouten`` (or ``geen fouten`` with ``geen=True``).

    ``meervoud_`` is needed only for a word that is not in :data:`MEERVOUD`.
    """
    plural = meervoud_ if meervoud_ is not None else meervoud(enkelvoud)
    if n == 0 and geen:
        return f"geen {plural}"
    return f"{getal(n)} {enkelvoud if n == 1 else plural}"


def getal(value: float | Decimal, decimalen: int = 0) -> str:
    """``value`` as Dutch writes it: ``23,1``, ``100.000``, ``2.875,50``."""
    text = f"{value:,.{decimalen}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
