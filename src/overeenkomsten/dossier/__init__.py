"""The dossier (*dossier*): one PDF an auditor can read page by page and still verify.

Cover page, readable copies, the signed originals attached byte for byte, a manifest, and
optionally a seal (domein.md section 7). :func:`bundle_dossier` makes one,
:func:`check_dossier` reads one back and checks it.
"""

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
