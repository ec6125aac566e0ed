"""Command line: Dutch commands, one library call each (see :mod:`.app`).

Each sibling module registers its commands on :data:`main` when imported; the table below
says which module holds which command, so that only the module of the command that runs is
imported (``valideer`` needs neither pyHanko nor the renderer).
"""

from overeenkomsten.cli.app import ExitStatus, main

main.lazy.update(
    {
        "schema": "basis",
        "batch": "batch",
        "status": "batch",
        "controleer": "controle",
        "uitleg": "controle",
        "genereer": "documenten",
        "sjablonen-controle": "documenten",
        "bundel": "dossier",
        "onderteken": "handtekeningen",
        "attesteer": "handtekeningen",
        "handtekeningen": "handtekeningen",
        "valideer": "intake",
        "intake-sjabloon": "intake",
        "web": "web",
        "web-beheer": "web",
    }
)

__all__ = ["ExitStatus", "main"]
