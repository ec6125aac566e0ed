"""Command line: Dutch commands, one library call each (see :mod:`.app`).

Each sibling module registers its commands on :data:`main` when imported.
"""

from overeenkomsten.cli import basis as _basis  # noqa: F401  (registers commands)
from overeenkomsten.cli import batch as _batch  # noqa: F401
from overeenkomsten.cli import controle as _controle  # noqa: F401
from overeenkomsten.cli import documenten as _documenten  # noqa: F401
from overeenkomsten.cli import dossier as _dossier  # noqa: F401
from overeenkomsten.cli import handtekeningen as _handtekeningen  # noqa: F401
from overeenkomsten.cli import intake as _intake  # noqa: F401
from overeenkomsten.cli import web as _web  # noqa: F401
from overeenkomsten.cli.app import ExitStatus, main

__all__ = ["ExitStatus", "main"]
