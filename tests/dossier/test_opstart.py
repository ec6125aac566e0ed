"""A check's start-up (issue 11, one signed set in at most 1.0 s): the command imports
everything its work needs before it starts, then freezes it (:mod:`overeenkomsten.opstart`).

Measured in ``benchmarks/controle.py``; these tests keep the mechanism honest: a new lazy
import of a large library on the check's path would be walked by every garbage collection
of the check again, and a caller's own process (a test runner, an application) must keep
its collector as it was.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from overeenkomsten.cli import main
from tests.plugins.pki import PkiMaterial

#: Large libraries: imported after the freeze, their objects would be collected again and
#: again (a module of ours or of the standard library here and there costs nothing).
GROOT = (
    "pyhanko",
    "pyhanko_certvalidator",
    "pypdf",
    "pypdfium2",
    "pydantic",
    "cryptography",
    "asn1crypto",
    "rich",
)

#: Runs the command line as the ``overeenkomsten`` program does (``main()`` reads
#: ``sys.argv``) and prints, at exit, whether the collector runs, how much is frozen, and
#: which modules were imported after the command started its work.
_PROGRAMMA = """
import atexit, gc, json, sys
from overeenkomsten import opstart
seen = {}
original = opstart.ready
def ready(modules=()):
    original(modules)
    seen["na"] = set(sys.modules)
    seen["bevroren"] = gc.get_freeze_count()
    seen["aan"] = gc.isenabled()
opstart.ready = ready
def report():
    later = sorted(set(sys.modules) - seen.get("na", set(sys.modules)))
    print(json.dumps({"bevroren": seen.get("bevroren", 0), "aan": seen.get("aan"),
                      "later": later}), file=sys.stderr)
atexit.register(report)
from overeenkomsten.cli import main
sys.argv = ["overeenkomsten", *sys.argv[1:]]
main()
"""


#: The renderer X15 compares with: imported only when a text is new to the check's cache.
RENDERER = ("jinja2", "docx", "docxtpl", "lxml", "overeenkomsten.documenten")


def _run(*args: str | Path, cache: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAMMA, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OVEREENKOMSTEN_CACHE": str(cache)},
    )
    assert result.returncode in (0, 1), result.stderr
    rapport: dict[str, object] = json.loads(result.stderr.strip().splitlines()[-1])
    return rapport


def test_a_check_imports_its_libraries_before_it_freezes_them(
    getekende_set: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    opdracht = ("controleer", getekende_set, "--vertrouwd", test_pki.root_pem)
    for keer in ("eerst", "opnieuw"):  # an empty cache renders the templates; then not
        rapport = _run(*opdracht, "--crl", test_pki.crl, cache=tmp_path / "cache")
        assert rapport["aan"] is True  # collecting again for the work
        assert isinstance(rapport["bevroren"], int)
        assert rapport["bevroren"] > 100_000
        later = rapport["later"]
        assert isinstance(later, list)
        assert not [m for m in later if m.split(".")[0] in GROOT], later
        rendered = [m for m in later if m.startswith(RENDERER)]
        assert bool(rendered) == (keer == "eerst"), rendered


def test_status_and_bundel_preload_the_check_too() -> None:
    for command in ("status", "bundel"):
        found = main.get_command(main.make_context("overeenkomsten", [command, "--help"]), command)
        assert found is not None
        assert "overeenkomsten.handtekeningen.inspectie" in getattr(found, "voorladen", ())


def test_a_caller_running_the_command_line_keeps_its_collector() -> None:
    frozen = gc.get_freeze_count()
    for args in (["uitleg", "X16"], ["controleer", "--geen-optie"], ["--help"]):
        CliRunner().invoke(main, args)
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen


#: pyHanko's signing stack (signers, timestamp clients over aiohttp, stamps): a check,
#: of a folder or of a dossier, verifies and never signs.
ONDERTEKENSTAPEL = ("aiohttp", "requests", "pyhanko.sign.signers", "pyhanko.stamp")


def test_checking_a_dossier_does_not_import_the_signing_stack(
    verzegeld_dossier: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    rapport = _run(
        "controleer", verzegeld_dossier, "--vertrouwd", test_pki.root_pem,
        "--crl", test_pki.crl, cache=tmp_path / "cache",
    )  # fmt: skip
    later = rapport["later"]
    assert isinstance(later, list)
    assert "overeenkomsten.dossier.lezen" in later  # the dossier was read
    assert not [m for m in later if m.startswith(ONDERTEKENSTAPEL)], later
