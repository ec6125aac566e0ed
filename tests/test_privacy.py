"""Privacy (domein.md section 9): the BSN only in the input, traject.json and the OOK.

A real batch with PDFs, one valid and one invalid row, then every output file and all
console output are searched for the BSN digits.
"""

from __future__ import annotations

import copy
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.batch.helpers import write_intake

BSN = "111222333"
BAD_BSN = "123456789"  # fails the elfproef: the row is reported, the value masked


@pytest.fixture(scope="module")
def batch_output(
    tmp_path_factory: pytest.TempPathFactory, record_data: dict[str, Any], soffice: str
) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("privacy")
    good = copy.deepcopy(record_data)
    bad = copy.deepcopy(record_data)
    bad["traject_id"] = "RMT-FOUT-1"
    bad["kandidaat"]["bsn"] = BAD_BSN
    intake = write_intake(folder / "intake.xlsx", [good, bad])
    uit = folder / "uit"
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "batch", str(intake), "--uit", str(uit)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    return uit, result.stdout + result.stderr


def _allowed(path: Path) -> bool:
    return path.name == "traject.json"


def test_bsn_not_in_console_output(batch_output: tuple[Path, str]) -> None:
    _, console = batch_output
    assert BSN not in console
    assert BAD_BSN not in console


def test_bsn_not_in_file_names(batch_output: tuple[Path, str]) -> None:
    uit, _ = batch_output
    for path in uit.rglob("*"):
        assert BSN not in path.name
        assert BAD_BSN not in path.name


def _docx_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _pdf_text_and_metadata(path: Path) -> tuple[str, str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return text, repr(dict(reader.metadata or {}))


def test_bsn_only_where_allowed(batch_output: tuple[Path, str]) -> None:
    uit, _ = batch_output
    files = [p for p in uit.rglob("*") if p.is_file()]
    assert files
    seen_in: set[str] = set()
    for path in files:
        raw = path.read_bytes()
        assert BAD_BSN.encode() not in raw, path
        if path.suffix == ".docx":
            for name, data in _docx_members(path).items():
                if BSN.encode() in data:
                    assert name == "word/document.xml", (path.name, name)
                    assert path.stem.endswith("_OOK"), path.name
                    seen_in.add(path.name)
        elif path.suffix == ".pdf":
            text, metadata = _pdf_text_and_metadata(path)
            assert BSN not in metadata, path.name
            if BSN in text:
                assert path.stem.endswith("_OOK"), path.name
                seen_in.add(path.name)
        elif path.suffix == ".xlsx":
            for name, data in _docx_members(path).items():
                assert BSN.encode() not in data, (path.name, name)
                assert BAD_BSN.encode() not in data, (path.name, name)
        elif not _allowed(path):
            assert BSN.encode() not in raw, path
    # The BSN belongs in the OOK only (v2: not on the PLOK that goes to the leerbedrijf):
    # the scan must have found it there, or it proves nothing.
    assert {n.split("_")[-1] for n in seen_in} == {"OOK.docx", "OOK.pdf"}
