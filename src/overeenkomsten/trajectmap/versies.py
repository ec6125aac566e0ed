"""Which versions of each document a trajectory folder holds (domein.md section 7).

The tool never overwrites a signed document: a changed document beside a signed one is
written as ``<id>_<DOC>_v<n>.docx/.pdf`` (n from 2), and the first version keeps the plain
name ``<id>_<DOC>``. :func:`document_versions` is the one reading of that convention:
``controleer``, ``status`` and ``bundel`` take the first (newest) version of each type as
the document and list older signed ones as ``vervangen``; the engine numbers the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from overeenkomsten.model.kenmerken import DOCUMENT_TYPES, DocumentType
from overeenkomsten.paden import safe_name

_NAME = re.compile(
    r"^(?P<stem>.+)_(?P<doc>" + "|".join(DOCUMENT_TYPES) + r")(?:_v(?P<n>[1-9][0-9]{0,5}))?"
    r"\.(?P<ext>docx|pdf)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Versie:
    """One version of one document: its number (1 for the plain name) and its files."""

    document: DocumentType
    nummer: int
    docx: Path | None = None
    pdf: Path | None = None

    @property
    def bestanden(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.docx, self.pdf) if p is not None)


def version_stem(traject_id: str, document: DocumentType, nummer: int) -> str:
    """``<id>_<DOC>`` for version 1, ``<id>_<DOC>_v<n>`` after it (no suffix)."""
    stem = f"{safe_name(traject_id)}_{document}"
    return stem if nummer == 1 else f"{stem}_v{nummer}"


def document_versions(map: Path, traject_id: str | None = None) -> dict[DocumentType, list[Versie]]:
    """Per document type, the versions in ``map``, newest (highest number) first.

    With ``traject_id`` only that trajectory's names count (``<safe id>_<DOC>...``);
    without it any ``<something>_<DOC>[_v<n>].docx/.pdf``. Hidden files, folders and other
    names are ignored; a type without any file is absent from the result. Version 1 is
    the plain name; ``_v1`` is not a name the tool uses and is ignored.
    """
    prefix = None if traject_id is None else safe_name(traject_id)
    found: dict[tuple[DocumentType, int], dict[str, Path]] = {}
    try:
        entries = list(map.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return {}
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None or entry.name.startswith(".") or not entry.is_file():
            continue
        if prefix is not None and match["stem"] != prefix:
            continue
        nummer = int(match["n"]) if match["n"] else 1
        if match["n"] and nummer < 2:
            continue
        document = next(t for t in DOCUMENT_TYPES if t == match["doc"].upper())
        if match["doc"] != document:
            continue  # ``_pok`` is not a name the tool writes
        found.setdefault((document, nummer), {})[match["ext"].lower()] = entry
    result: dict[DocumentType, list[Versie]] = {}
    for (document, nummer), files in sorted(found.items(), key=lambda i: -i[0][1]):
        result.setdefault(document, []).append(
            Versie(document, nummer, files.get("docx"), files.get("pdf"))
        )
    return {t: result[t] for t in DOCUMENT_TYPES if t in result}
