"""Command line: Dutch commands, one library call each (see :mod:`.app`).

Each sibling module registers its commands on :data:`main` when imported.
"""

from overeenkomsten.cli import basis as _basis  # noqa: F401  (registers commands)
from overeenkomsten.cli.app import ExitStatus, main

__all__ = ["ExitStatus", "main"]
