"""X7 and X8 on real signed PDFs: the generated set signed with the session's test PKI
(pyHanko), inspected by the real signature inspection."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten.controle import Erkenning, check_documents
from overeenkomsten.model.kenmerken import Rol, required_roles
from tests.controle.helpers import BASIS, fired, only, traject

pytestmark = pytest.mark.libreoffice

VOORAF = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)
TE_LAAT = dt.datetime(2026, 9, 8, 10, 0, tzinfo=dt.UTC)
ERKEND = [Erkenning("25371", leerbedrijf_id="100077736")]


def sign(
    pki: Any, pdf: Path, *, skip: Rol | None = None, late: Rol | None = None, tsa: bool = True
) -> None:
    """Sign ``pdf`` in place for every party that must sign it (``tsa``: with a timestamp
    token; without one the signing time is only the signer's own claim)."""
    document = pdf.stem.rsplit("_", 1)[-1]
    for rol in required_roles(traject(), document):  # type: ignore[arg-type]
        if rol != skip:
            pki.sign(pdf, rol, tijdstip=TE_LAAT if rol == late else VOORAF, tijdstempel=tsa)


@pytest.fixture(scope="module")
def signed(
    sets: dict[str, Path], test_pki: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The basis set signed by everyone; variants re-sign one document differently."""
    root = tmp_path_factory.mktemp("ondertekend")
    full = root / "volledig"
    full.mkdir()
    for pdf in sets["basis"].glob("*.pdf"):
        shutil.copy(pdf, full / pdf.name)
        sign(test_pki, full / pdf.name)
    variants = {"volledig": full}
    for naam, document, changes in (
        ("zonder-leerbedrijf", "POK", {"skip": "leerbedrijf"}),
        ("te-laat", "OOK", {"late": "kandidaat"}),
    ):
        folder = root / naam
        shutil.copytree(full, folder)
        shutil.copy(sets["basis"] / f"{BASIS}_{document}.pdf", folder / f"{BASIS}_{document}.pdf")
        sign(test_pki, folder / f"{BASIS}_{document}.pdf", tsa=False, **changes)
        variants[naam] = folder
    return variants


def test_fully_signed_trusted_and_recognised_set_is_in_orde(
    signed: dict[str, Path], test_pki: Any
) -> None:
    rapport = check_documents(signed["volledig"], vertrouwd=[test_pki.root_pem], erkenningen=ERKEND)
    assert rapport.bevindingen == []
    assert rapport.oordeel == "in orde"
    assert len(rapport.geslaagd) == 16


def test_without_trust_roots_good_signatures_are_only_a_warning(
    signed: dict[str, Path],
) -> None:
    rapport = check_documents(signed["volledig"], erkenningen=ERKEND)
    assert fired(rapport) == set()
    assert fired(rapport, "waarschuwing") == {"X7"}
    assert rapport.oordeel == "in orde"


def test_missing_party_is_a_fout_naming_the_party(signed: dict[str, Path], test_pki: Any) -> None:
    rapport = check_documents(signed["zonder-leerbedrijf"], vertrouwd=[test_pki.root_pem])
    finding = only(rapport, "X7")
    assert finding.documenten == (f"{BASIS}_POK.pdf",)
    assert "namens het leerbedrijf (J. Jansen) ontbreekt" in finding.bericht


def test_signed_after_the_start_is_an_x8_fout(signed: dict[str, Path], test_pki: Any) -> None:
    rapport = check_documents(signed["te-laat"], vertrouwd=[test_pki.root_pem])
    finding = only(rapport, "X8")
    assert "Fatma Yılmaz" in finding.bericht
    assert "8 september 2026" in finding.bericht
    assert "startdatum 7 september 2026" in finding.bericht
    assert "(tijd volgens de ondertekenaar)" in finding.bericht


def test_a_signed_pdf_changed_afterwards_is_a_fout(
    signed: dict[str, Path], test_pki: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "gewijzigd"
    shutil.copytree(signed["volledig"], folder)
    pdf = folder / f"{BASIS}_PLOK.pdf"
    data = pdf.read_bytes()
    assert data.count(b"/Producer") >= 1
    # One byte inside the signed range (the producer string), same length: not intact.
    index = data.index(b"LibreOffice")
    pdf.write_bytes(data[:index] + b"LibreOfficf" + data[index + len(b"LibreOffice") :])
    rapport = check_documents(folder, vertrouwd=[test_pki.root_pem])
    codes = {b.code for b in rapport.bevindingen if b.ernst == "fout"}
    assert fired(rapport) == {"X7"}
    assert codes == {"handtekening-niet-intact"}
