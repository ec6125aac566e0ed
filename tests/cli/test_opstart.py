"""The command line loads only the command that runs (click's LazyGroup pattern).

``valideer`` of 20,000 rows must be at least 4x faster than the release before issue 10;
importing every command (pyHanko, the renderer, the web app) cost 0.7 s of it.
"""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from overeenkomsten.cli import main

ZWAAR = ("pyhanko", "docxtpl", "overeenkomsten.handtekeningen.inspectie", "django")


#: Runs a command and prints, at exit, every module it imported.
_PROGRAMMA = """
import atexit, sys
atexit.register(lambda: print("\\n".join(sys.modules), file=sys.stderr))
from overeenkomsten.cli import main
main(sys.argv[1:])
"""


def _imported(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAMMA, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_valideer_imports_no_other_command() -> None:
    modules = _imported("valideer", "--help")
    assert "overeenkomsten.cli.intake" in modules
    assert not [m for m in modules if m.startswith(ZWAAR)]
    assert not {"overeenkomsten.cli.controle", "overeenkomsten.cli.batch"} & modules


def test_help_still_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("valideer", "genereer", "batch", "controleer", "bundel", "status", "web"):
        assert f"  {command} " in result.output
