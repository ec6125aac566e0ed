"""Is this PDF a dossier? The recognition lives in :mod:`overeenkomsten.basis.pdf` (the
check needs it too, and the check may not import the dossier stage above it)."""

from overeenkomsten.basis.pdf import is_dossier as is_dossier
from overeenkomsten.basis.pdf import is_dossier_file as is_dossier_file

__all__ = ["is_dossier", "is_dossier_file"]
