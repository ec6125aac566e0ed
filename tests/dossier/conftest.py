"""Session fixtures for the dossier: signed sets and dossiers, made once and shared.

Everything is real: documents from the shipped templates through LibreOffice, signatures
from the session's test PKI through pyHanko, and the cover page through LibreOffice.
Tests that change a dossier or a document copy it first (the fixtures are read-only).
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from overeenkomsten import api
from overeenkomsten.cli import main
from overeenkomsten.model.kenmerken import documents_to_make, required_roles
from tests.dossier.pdfs import image_pdf, incremental
from tests.plugins.documenten import PV_ONDERTEKEND, MaakSets, afgerond, valid_traject
from tests.plugins.pki import PkiMaterial

#: Before the startdatum (7 September 2026) of tests/data/traject.json: signed *vooraf*.
VOORAF = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)
TE_LAAT = dt.datetime(2026, 9, 10, 10, 0, tzinfo=dt.UTC)
ANDER_TRAJECT = "RMT-TW-2026-0099"


@dataclass(frozen=True)
class Opdracht:
    """A command run through click's test runner: its exit code and everything it printed."""

    exit_code: int
    uitvoer: str


def run(*args: str | Path) -> Opdracht:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return Opdracht(result.exit_code, result.output)


def document(folder: Path, soort: str) -> Path:
    """The PDF of one document type in a set folder (``<traject_id>_<soort>.pdf``)."""
    (found,) = folder.glob(f"*_{soort}.pdf")
    return found


def sign_set(folder: Path, record: dict[str, Any], pki: PkiMaterial) -> None:
    """Every required party signs every document of the set: the contracts before the
    startdatum, the praktijkverklaring (made at the end) after its date of issue."""
    traject = valid_traject(record)
    for soort in documents_to_make(traject):
        for rol in required_roles(traject, soort):
            tijdstip = PV_ONDERTEKEND if soort == "PV" else VOORAF
            pki.sign(document(folder, soort), rol, tijdstip=tijdstip)


def copy_set(source: Path, target: Path) -> Path:
    """The PDFs and traject.json of a generated set (the .docx files are not needed)."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.suffix in (".pdf", ".json"):
            shutil.copy2(path, target / path.name)
    return target


@pytest.fixture(scope="session")
def afgerond_record(record_data: dict[str, Any]) -> dict[str, Any]:
    """The example trajectory once it ended: its set has a praktijkverklaring."""
    return afgerond(record_data)


@pytest.fixture(scope="session")
def ander_record(afgerond_record: dict[str, Any]) -> dict[str, Any]:
    ander = copy.deepcopy(afgerond_record)
    ander["traject_id"] = ANDER_TRAJECT
    return ander


@pytest.fixture(scope="session")
def sets(
    maak_sets: MaakSets, afgerond_record: dict[str, Any], ander_record: dict[str, Any]
) -> dict[str, Path]:
    """Both (finished) trajectories' sets, made in one LibreOffice run."""
    return maak_sets([afgerond_record, ander_record])


@pytest.fixture(scope="session")
def getekende_set(
    sets: dict[str, Path],
    afgerond_record: dict[str, Any],
    test_pki: PkiMaterial,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The example trajectory's PDFs, signed by every required party, and its traject.json."""
    folder = copy_set(
        sets[afgerond_record["traject_id"]], tmp_path_factory.mktemp("getekend") / "set"
    )
    sign_set(folder, afgerond_record, test_pki)
    return folder


@pytest.fixture(scope="session")
def originelen(getekende_set: Path) -> dict[str, bytes]:
    """The signed PDFs by file name, as they were before any bundling."""
    return {p.name: p.read_bytes() for p in sorted(getekende_set.glob("*.pdf"))}


@pytest.fixture(scope="session")
def erkenningen_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SBB erkenning of the example's leerbedrijf for its crebo, over the whole period."""
    path = tmp_path_factory.mktemp("erkenningen") / "erkenningen.csv"
    path.write_text(
        "leerbedrijf_id,crebo,geldig_van,geldig_tot\n100077736,25371,2020-01-01,2030-12-31\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def gebundeld(
    getekende_set: Path,
    originelen: dict[str, bytes],
    tmp_path_factory: pytest.TempPathFactory,
    soffice: str,
) -> tuple[Path, Opdracht]:
    """``bundel`` run from the command line, unsealed, with the dossier inside MAP itself."""
    folder = tmp_path_factory.mktemp("cli") / "set"
    shutil.copytree(getekende_set, folder)
    uit = folder / "dossier.pdf"
    return uit, run("bundel", folder, "--uit", uit)


@pytest.fixture(scope="session")
def dossier(gebundeld: tuple[Path, Opdracht]) -> Path:
    uit, opdracht = gebundeld
    assert opdracht.exit_code == 0, opdracht.uitvoer
    return uit


@pytest.fixture(scope="session")
def verzegeld_dossier(
    dossier: Path, test_pki: PkiMaterial, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The same set sealed, bundled through the API from the folder that now also holds the
    unsealed dossier (which must be left out)."""
    uit = tmp_path_factory.mktemp("verzegeld") / "dossier.pdf"
    resultaat = api.bundel(
        dossier.parent,
        uit,
        zegel=test_pki.p12["instelling"],
        wachtwoord=test_pki.wachtwoord,
        vertrouwd=[test_pki.root_pem],
    )
    assert resultaat.uit == uit
    return uit


@pytest.fixture(scope="session")
def gebrekkige_set(
    sets: dict[str, Path],
    record_data: dict[str, Any],
    ander_record: dict[str, Any],
    test_pki: PkiMaterial,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """One set with a defect per document, each for the check to find and name:

    * OOK: the kandidaat never signed (only the instelling did);
    * POK: the kandidaat signed after the startdatum;
    * PLOK: signed by all, then a page was appended;
    * PV: the (properly signed) PV of another trajectory;
    * a scan: a PDF that is only an image.
    """
    folder = copy_set(sets[record_data["traject_id"]], tmp_path_factory.mktemp("gebrek") / "set")
    test_pki.sign(document(folder, "OOK"), "instelling", tijdstip=VOORAF)
    pok = document(folder, "POK")
    test_pki.sign(pok, "instelling", tijdstip=VOORAF)
    test_pki.sign(pok, "leerbedrijf", tijdstip=VOORAF)
    test_pki.sign(pok, "kandidaat", tijdstip=TE_LAAT)
    plok = document(folder, "PLOK")
    for rol in ("rmt", "leerbedrijf", "kandidaat"):
        test_pki.sign(plok, rol, tijdstip=VOORAF)
    plok.write_bytes(incremental(plok.read_bytes(), lambda w: w.add_blank_page(595, 842)))
    document(folder, "PV").unlink()
    ander_pv = document(sets[ander_record["traject_id"]], "PV")
    pv = folder / ander_pv.name
    shutil.copy2(ander_pv, pv)
    test_pki.sign(pv, "praktijkopleider", tijdstip=PV_ONDERTEKEND)
    test_pki.sign(pv, "examencommissie", tijdstip=PV_ONDERTEKEND)
    (folder / f"{record_data['traject_id']}_scan.pdf").write_bytes(image_pdf())
    return folder


@pytest.fixture(scope="session")
def gebrekkig_dossier(
    gebrekkige_set: Path,
    test_pki: PkiMaterial,
    tmp_path_factory: pytest.TempPathFactory,
    soffice: str,
) -> Path:
    uit = tmp_path_factory.mktemp("gebrekkig") / "dossier.pdf"
    resultaat = api.bundel(gebrekkige_set, uit, vertrouwd=[test_pki.root_pem], ook_bij_fouten=True)
    assert resultaat.uit == uit
    assert resultaat.rapport.oordeel == "fouten"
    return uit
