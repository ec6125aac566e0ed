"""The dossier (*dossier*): one PDF an auditor can read page by page and still verify.

Cover page, readable copies, the signed originals attached byte for byte, a manifest, and
optionally a seal (domein.md section 7). :func:`bundle_dossier` makes one,
:func:`check_dossier` reads one back and checks it.

Bundling brings python-docx, LibreOffice helpers and pyHanko: the names load on first use,
so that ``controleer`` asking "is this a dossier?" (:func:`is_dossier_file`) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from overeenkomsten.dossier.bundel import Bundelresultaat, bundle_dossier
    from overeenkomsten.dossier.herkennen import is_dossier, is_dossier_file
    from overeenkomsten.dossier.lezen import Dossierinhoud, check_dossier, read_dossier
    from overeenkomsten.dossier.manifest import MANIFEST_NAAM, Manifest

__all__ = [
    "MANIFEST_NAAM",
    "Bundelresultaat",
    "Dossierinhoud",
    "Manifest",
    "bundle_dossier",
    "check_dossier",
    "is_dossier",
    "is_dossier_file",
    "read_dossier",
]

_LAZY = {
    "Bundelresultaat": "bundel",
    "bundle_dossier": "bundel",
    "is_dossier": "herkennen",
    "is_dossier_file": "herkennen",
    "Dossierinhoud": "lezen",
    "check_dossier": "lezen",
    "read_dossier": "lezen",
    "MANIFEST_NAAM": "manifest",
    "Manifest": "manifest",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
