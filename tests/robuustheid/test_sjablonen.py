"""Hostile user templates (``--sjablonen``): a zip bomb is refused unopened; a template that
reaches for Python's internals is refused by the sandbox."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from overeenkomsten.documenten.render import default_template_dir
from tests.conftest import data_path
from tests.robuustheid.cli import CliRun, assert_clean, run_many

BOM_MB = 300


def _bomb(folder: Path) -> Path:
    """The shipped templates, with OOK.docx carrying 300 MB of zeros (deflated: 300 KB)."""
    shutil.copytree(default_template_dir(), folder)
    ook = folder / "OOK.docx"
    original = ook.read_bytes()
    ook.unlink()
    with zipfile.ZipFile(ook, "w", zipfile.ZIP_DEFLATED) as package:
        with zipfile.ZipFile(io.BytesIO(original)) as source:
            for info in source.infolist():
                package.writestr(info, source.read(info))
        with package.open("word/media/bom.bin", "w", force_zip64=True) as part:
            block = bytes(1024 * 1024)
            for _ in range(BOM_MB):
                part.write(block)
    return folder


def _sandbox_escape(folder: Path) -> Path:
    shutil.copytree(default_template_dir(), folder)
    document = Document(str(folder / "POK.docx"))
    document.add_paragraph().add_run("{{ ''.__class__.__mro__ }}")
    document.save(str(folder / "POK.docx"))
    return folder


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory,
    record_data: dict[str, Any],
    goed_werkboek: Path,
) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("sjablonen")
    bom = _bomb(root / "bom")
    ontsnapping = _sandbox_escape(root / "ontsnapping")
    record = root / "traject.json"
    shutil.copy(data_path("traject.json"), record)
    uit = root / "uit"
    results = run_many(
        {
            "genereer bom": ["genereer", record, "--uit", uit / "a", "--geen-pdf",
                             "--sjablonen", bom],
            "batch bom": ["batch", goed_werkboek, "--uit", uit / "b", "--geen-pdf",
                          "--sjablonen", bom],
            "sjablonen-controle bom": ["sjablonen-controle", bom],
            "genereer ontsnapping": ["genereer", record, "--uit", uit / "c", "--geen-pdf",
                                     "--sjablonen", ontsnapping],
        }
    )  # fmt: skip
    return {"uit": uit, **results}


@pytest.mark.parametrize("command", ["genereer bom", "batch bom"])
def test_zip_bomb_template_is_refused_unopened(runs: dict[str, Any], command: str) -> None:
    run: CliRun = runs[command]
    assert_clean(run, 2, "Het sjabloon", "OOK.docx' wordt niet geopend", "(mogelijk een zip-bom)")
    assert run.max_rss_mb < 250, f"{BOM_MB} MB would show: {run.describe()}"
    uit: Path = runs["uit"]
    assert not any(p.is_file() for p in uit.rglob("*")), "nothing is written"


def test_template_check_reports_the_bomb(runs: dict[str, Any]) -> None:
    run: CliRun = runs["sjablonen-controle bom"]
    assert_clean(run, 1, "OOK.docx", "Niet geopend", "mogelijk een zip-bom")
    assert run.max_rss_mb < 250, run.describe()


def test_template_reaching_for_python_internals_is_refused(runs: dict[str, Any]) -> None:
    """The sandbox itself is unit-tested in tests/documenten/test_render.py
    (test_sandbox_refuses_python_internals); this is the command line around it."""
    run: CliRun = runs["genereer ontsnapping"]
    assert_clean(run, 2, "Fout: Het sjabloon POK.docx probeert iets wat in een sjabloon")
    assert "__mro__" not in run.stdout
    assert not (runs["uit"] / "c" / "RMT-TW-2026-0042").exists()
