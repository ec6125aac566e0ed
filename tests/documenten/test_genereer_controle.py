"""``genereer`` runs the auditor's check on every fresh set and reports a broken template."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from overeenkomsten.documenten.render import default_template_dir
from tests.conftest import data_path


def _genereer(uit: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "overeenkomsten",
            "genereer",
            str(data_path("traject.json")),
            "--uit",
            str(uit),
            "--geen-pdf",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_fresh_set_is_checked_and_only_unsigned(tmp_path: Path) -> None:
    result = _genereer(tmp_path / "uit")
    assert result.returncode == 0, result.stderr
    assert "controle: geen fouten; onvolledig omdat nog niet (digitaal) ondertekend" in (
        result.stdout
    )


def test_a_template_that_breaks_the_rules_fails_genereer(tmp_path: Path) -> None:
    sjablonen = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), sjablonen)
    # A user saved the OOK over the POK: the "POK" lacks the POK's articles (werkprocessen),
    # which the check of the fresh set against its record must report.
    shutil.copyfile(sjablonen / "OOK.docx", sjablonen / "POK.docx")
    result = _genereer(tmp_path / "uit", "--sjablonen", str(sjablonen))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "controle: FOUTEN" in result.stdout
    assert "  TR: POK noemt de werkprocessen geen" in result.stdout
    assert "fout in de sjablonen" in result.stdout
