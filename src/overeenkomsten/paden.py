"""Safe, unique file names for what users type (a traject_id may hold anything).

A traject_id such as ``../../x``, ``CON`` or ``a/b`` must never write outside the output
folder or clash with another trajectory's folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from importlib import resources
from pathlib import Path

from overeenkomsten.errors import InputError, TemplateError

_WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip


_HASHED = re.compile(r"_[0-9a-f]{8}$", re.IGNORECASE)


def safe_name(text: str) -> str:
    """A file-name-safe version of ``text``; unchanged for ordinary ids like RMT-TW-2026-0042.

    When anything had to change, a short hash of the original is appended so that two
    different ids never map to the same name. An id that already ends like such a hash
    (``a_b_c14cddc0``) gets one too: otherwise it could take the name of another id
    (``a/b``) and overwrite its folder. Names that differ only in case are different here,
    but not on Windows and macOS: the batch refuses the second of those.
    """
    folded = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    cleaned = re.sub(r"[^0-9A-Za-z._-]+", "_", plain).strip("._ ")[:60]
    if (
        cleaned == text
        and cleaned.upper().split(".")[0] not in _WINDOWS_RESERVED
        and not _HASHED.search(cleaned)
    ):
        return cleaned
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned or 'traject'}_{digest}"


def traject_folder(uit: Path, traject_id: str) -> Path:
    """``uit/<safe traject_id>``, guaranteed to lie inside ``uit``."""
    folder = (uit / safe_name(traject_id)).resolve()
    if folder.parent != uit.resolve():
        raise InputError(
            f"Ongeldig traject-ID '{traject_id}' voor een mapnaam.", code="pad-ongeldig"
        )
    return folder


def document_filename(traject_id: str, document: str, suffix: str) -> str:
    """``<traject_id>_<DOC>.<suffix>``, e.g. ``RMT-TW-2026-0042_PLOK.pdf``."""
    return f"{safe_name(traject_id)}_{document}.{suffix.lstrip('.')}"


def default_template_dir() -> Path:
    """The templates shipped with the package (``sjablonen/`` in the checkout); found
    without importing the renderer, so that resolving the settings stays cheap."""
    folder = Path(str(resources.files("overeenkomsten") / "data" / "sjablonen"))
    if not folder.is_dir():
        raise TemplateError(
            f"De meegeleverde sjablonen ontbreken ({folder}); installeer het pakket opnieuw "
            "of geef een map met sjablonen op met --sjablonen.",
            code="sjablonen-ontbreken",
        )
    return folder
