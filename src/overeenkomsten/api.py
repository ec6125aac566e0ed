"""The use cases of the toolkit; the command line calls only these.

Each section belongs to one stage of the pipeline (intake, documenten, controle, dossier,
batch). Functions never print or exit: they return results or raise
:class:`~overeenkomsten.errors.OvereenkomstenError`.
"""

from __future__ import annotations

from typing import Any

from overeenkomsten.model import Traject

# --- record ---------------------------------------------------------------------------


def record_schema() -> dict[str, Any]:
    """The JSON Schema of one trajectory record (a JSON file may hold one or a list)."""
    return Traject.model_json_schema()
