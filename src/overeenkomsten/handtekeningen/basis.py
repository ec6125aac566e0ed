"""Where trust roots come from (X7 v2), without importing pyHanko.

Roots are the files given with ``--vertrouwd``; when none are given, the files named in the
environment variable ``OVEREENKOMSTEN_VERTROUWD`` (paths separated by ``:``), for every
command that judges signatures.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

ENV_VERTROUWD = "OVEREENKOMSTEN_VERTROUWD"
ZONDER_BASIS = (
    "vertrouwen niet gecontroleerd: geen vertrouwde basis opgegeven (geef het "
    f"basiscertificaat met --vertrouwd of in {ENV_VERTROUWD})"
)


def trust_roots_from_env(vertrouwd: Sequence[Path]) -> tuple[Path, ...]:
    """``vertrouwd`` when given, else the paths in ``OVEREENKOMSTEN_VERTROUWD``."""
    if vertrouwd:
        return tuple(vertrouwd)
    value = os.environ.get(ENV_VERTROUWD, "")
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())
