"""Is this PDF a dossier? Yes when it carries our ``manifest.json`` as embedded file.

Only the names in the embedded-files tree are read, so recognising is cheap even for a
dossier with large originals; a file pypdf cannot read is simply not a dossier here (the
caller reports why it cannot be read).
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from overeenkomsten.grenzen import MAX_PDF_BYTES

MANIFEST_NAAM = "manifest.json"
"""The name of a dossier's manifest among its embedded files."""


def is_dossier(pdf: Path | bytes) -> bool:
    """True when ``pdf`` has an embedded file named ``manifest.json``."""
    try:
        if isinstance(pdf, Path) and pdf.stat().st_size > MAX_PDF_BYTES:
            return False  # not read at all; whoever reads it reports that it is too large
        data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
        if not data.startswith(b"%PDF"):
            return False
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return False
        return any(item.name == MANIFEST_NAAM for item in reader.attachment_list)
    # NotImplementedError: encrypted for recipients' certificates (/Adobe.PubSec)
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        AttributeError,
        NotImplementedError,
    ):
        return False


def is_dossier_file(pad: Path) -> bool:
    """True for an existing ``.pdf`` file that is a dossier."""
    try:
        return pad.is_file() and pad.suffix.lower() == ".pdf" and is_dossier(pad)
    except OSError:
        return False
