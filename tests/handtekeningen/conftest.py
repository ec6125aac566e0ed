"""Session fixtures for the signature tests: one real LibreOffice PDF, signed once."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from overeenkomsten.model.kenmerken import ROL_LABELS, Rol
from tests.plugins.pki import PkiMaterial

#: The parties with a signature block in the test document (the RMT has none, on purpose).
BLOKKEN: tuple[Rol, ...] = ("instelling", "leerbedrijf", "kandidaat")
TIJDEN: dict[Rol, dt.datetime] = {
    "instelling": dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC),
    "leerbedrijf": dt.datetime(2026, 9, 2, 11, 30, tzinfo=dt.UTC),
    "kandidaat": dt.datetime(2026, 9, 3, 9, 15, tzinfo=dt.UTC),
}


def _write_docx(path: Path, namen: dict[Rol, str]) -> None:
    document = Document()
    document.add_heading("Praktijkovereenkomst", level=1)
    document.add_paragraph("Kenmerken")
    document.add_paragraph("Traject: RMT-TW-2026-0042")
    document.add_paragraph("Document: POK")
    for nummer in range(1, 4):
        document.add_paragraph(f"Artikel {nummer}. " + "De partijen spreken af wat volgt. " * 8)
    for rol in BLOKKEN:
        document.add_paragraph(f"Handtekening {ROL_LABELS[rol]}")
        document.add_paragraph(f"Naam: {namen[rol]}")
        document.add_paragraph("Functie: ondertekenaar")
        for _ in range(4):
            document.add_paragraph("")
    document.save(str(path))


@pytest.fixture(scope="session")
def bron_pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory, test_pki: PkiMaterial) -> Path:
    """An unsigned PDF made by LibreOffice, with signature blocks for three parties."""
    folder = tmp_path_factory.mktemp("bron")
    docx = folder / "pok.docx"
    _write_docx(docx, test_pki.namen)
    profile = folder / "lo-profiel"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = folder / "pok.pdf"
    assert pdf.is_file(), "LibreOffice maakte geen PDF"
    return pdf


@pytest.fixture
def kopie(bron_pdf: Path, tmp_path: Path) -> Path:
    """A fresh copy of the unsigned PDF for one test."""
    return Path(shutil.copy(bron_pdf, tmp_path / "pok.pdf"))


@pytest.fixture(scope="session")
def ondertekend_pdf(
    bron_pdf: Path, test_pki: PkiMaterial, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The PDF signed by instelling, leerbedrijf (with a timestamp) and kandidaat in turn."""
    pdf = Path(shutil.copy(bron_pdf, tmp_path_factory.mktemp("getekend") / "pok.pdf"))
    for rol in BLOKKEN:
        test_pki.sign(pdf, rol, tijdstip=TIJDEN[rol], tijdstempel=rol == "leerbedrijf")
    return pdf
