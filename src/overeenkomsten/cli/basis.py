"""Commands about the record itself: ``schema``."""

from __future__ import annotations

import json

from overeenkomsten import api
from overeenkomsten.cli.app import ExitStatus, main


@main.command("schema")
def schema() -> ExitStatus:
    """Toon het JSON Schema van een trajectrecord (voor andere systemen)."""
    print(json.dumps(api.record_schema(), ensure_ascii=False, indent=2))
    return ExitStatus.OK
