"""X11 on real documents (templates, LibreOffice; .docx and PDF): a praktijkverklaring (PV)
drawn up before the trajectory ended is a ``fout``, however it came about.

* a PV beside a record without ``afronding`` (the set of a finished trajectory whose
  traject.json says it has not ended; a set of the release before v2, which made the PV at
  the start);
* a PV whose date of issue lies after today (made with the clock set ahead);
* a PV issued before the end of the work it describes (its date retyped in Word).

The sets come from the shared session sets; the edited and the forward-dated documents are
converted in one LibreOffice run.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle import Bevinding, Rapport, check_documents
from overeenkomsten.documenten.pdf import PdfConverter
from tests.conftest import data_path
from tests.controle.bouw import replace_text
from tests.controle.helpers import BASIS, fired, record
from tests.plugins.documenten import MaakSets, afgerond

pytestmark = pytest.mark.libreoffice

VARIANTEN = ("docx", "pdf")
OUDE_SET = data_path("oude_set", BASIS)
TE_VROEG = "praktijkverklaring opgemaakt voordat het traject is afgerond"
VANDAAG = dt.date.today()
TOEKOMST_ID = "RMT-TW-TOEKOMST-1"


def _vooruit_gedateerd() -> dict[str, Any]:
    """A trajectory that is under way today, 'finished' in ten days, its PV issued in two
    weeks: only valid for a clock set ahead (V13 refuses it today)."""
    start = VANDAAG - dt.timedelta(days=60)
    return afgerond(
        record(
            traject_id=TOEKOMST_ID,
            startdatum=start.isoformat(),
            einddatum=(start + dt.timedelta(days=200)).isoformat(),
            ondertekening__datum=(start - dt.timedelta(days=7)).isoformat(),
        ),
        werkelijke_einddatum=(VANDAAG + dt.timedelta(days=10)).isoformat(),
        datum_afgifte=(VANDAAG + dt.timedelta(days=14)).isoformat(),
    )


def _variant(source: Path, target: Path, suffix: str, *, record: bool = True) -> Path:
    """The ``suffix`` files of a set (and its traject.json when ``record``) in ``target``."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.suffix == f".{suffix}" or (record and path.name == "traject.json"):
            shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="module")
def mappen(
    sets: dict[str, Path], maak_sets: MaakSets, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    """(case, docx|pdf) -> a folder to check."""
    root = tmp_path_factory.mktemp("x11")
    basis = sets["basis"]
    folders: dict[tuple[str, str], Path] = {}

    # The record beside the finished set says the trajectory has not ended.
    lopend = json.loads((basis / "traject.json").read_text("utf-8"))
    lopend["afronding"] = None
    for suffix in VARIANTEN:
        folder = _variant(basis, root / "zonder-afronding" / suffix, suffix)
        (folder / "traject.json").write_text(json.dumps(lopend), "utf-8")
        folders["zonder-afronding", suffix] = folder
        folders["oude-set", suffix] = _variant(OUDE_SET, root / "oude-set" / suffix, suffix)
        folders["oude-set-alleen", suffix] = _variant(
            OUDE_SET, root / "oude-set-alleen" / suffix, suffix, record=False
        )

    # The PV's date of issue retyped to a day before the work ended (20 November 2026).
    te_vroeg = _variant(basis, root / "afgegeven-voor-einde" / "docx", "docx", record=False)
    (pv,) = te_vroeg.glob("*_PV.docx")
    replace_text(pv, "afgegeven op 27 november 2026", "afgegeven op 13 november 2026")
    folders["afgegeven-voor-einde", "docx"] = te_vroeg
    pdf_te_vroeg = _variant(basis, root / "afgegeven-voor-einde" / "pdf", "pdf", record=False)
    (pdf_te_vroeg / pv.with_suffix(".pdf").name).unlink()
    folders["afgegeven-voor-einde", "pdf"] = pdf_te_vroeg

    # A set made with the clock set ahead (its record is not valid today: none beside it).
    toekomst = maak_sets(
        [_vooruit_gedateerd()], pdf=False, vandaag=VANDAAG + dt.timedelta(days=30)
    )[TOEKOMST_ID]
    for suffix in VARIANTEN:
        folders["vooruit", suffix] = _variant(
            toekomst, root / "vooruit" / suffix, "docx", record=False
        )

    # The PDFs of both, in one LibreOffice run, from copies (a PDF is written beside its .docx).
    bron = root / "naar-pdf"
    bron.mkdir()
    docx = [Path(shutil.copy(pv, bron / pv.name))]
    docx += [Path(shutil.copy(d, bron / d.name)) for d in sorted(toekomst.glob("*.docx"))]
    for stale in folders["vooruit", "pdf"].iterdir():
        stale.unlink()
    with PdfConverter() as converter:
        pdfs = converter.convert(docx)
    shutil.copy(pdfs[0], pdf_te_vroeg / pdfs[0].name)
    for pdf in pdfs[1:]:
        shutil.copy(pdf, folders["vooruit", "pdf"] / pdf.name)
    return folders


def _x11(rapport: Rapport, variant: str) -> Bevinding:
    """The one X11 fout; it names the PV file of ``variant``."""
    (finding,) = [b for b in rapport.bevindingen if b.regel == "X11" and b.ernst == "fout"]
    assert TE_VROEG in finding.bericht
    (naam,) = finding.documenten
    assert naam.endswith(f"_PV.{variant}")
    assert rapport.oordeel == "fouten"
    return finding


@pytest.mark.parametrize("variant", VARIANTEN)
def test_the_finished_set_has_no_x11_finding(
    sets: dict[str, Path], tmp_path: Path, variant: str
) -> None:
    """The counterpart: the PV of a finished trajectory, with and without its record."""
    for record_beside in (True, False):
        folder = _variant(
            sets["basis"], tmp_path / str(record_beside), variant, record=record_beside
        )
        rapport = check_documents(folder)
        assert not [b for b in rapport.bevindingen if b.regel in ("X11", "X17")]
        assert fired(rapport) == set()


@pytest.mark.parametrize("variant", VARIANTEN)
def test_pv_beside_a_record_without_afronding(
    mappen: dict[tuple[str, str], Path], variant: str
) -> None:
    rapport = check_documents(mappen["zonder-afronding", variant])
    finding = _x11(rapport, variant)
    assert finding.code == "pv-zonder-afronding"
    assert "traject.json heeft geen afronding" in finding.bericht


@pytest.mark.parametrize("variant", VARIANTEN)
def test_pv_of_the_release_before_v2_made_at_the_start(
    mappen: dict[tuple[str, str], Path], variant: str
) -> None:
    """tests/data/oude_set: its PV was made with the contracts, for the planned period."""
    finding = _x11(check_documents(mappen["oude-set", variant]), variant)
    assert finding.code == "pv-zonder-afronding"
    # Without its record the PV's own text gives it away: its period has not ended.
    finding = _x11(check_documents(mappen["oude-set-alleen", variant]), variant)
    assert finding.code == "pv-te-vroeg"
    assert "11 juni 2027" in finding.bericht
    assert "nog niet voorbij" in finding.bericht


@pytest.mark.parametrize("variant", VARIANTEN)
def test_pv_issued_after_today(mappen: dict[tuple[str, str], Path], variant: str) -> None:
    rapport = check_documents(mappen["vooruit", variant])
    finding = _x11(rapport, variant)
    assert finding.code == "pv-afgifte-in-toekomst"
    assert dutch_date(VANDAAG + dt.timedelta(days=14)) in finding.bericht
    assert f"vandaag is {dutch_date(VANDAAG)}" in finding.bericht
    assert fired(rapport) == {"X11"}


@pytest.mark.parametrize("variant", VARIANTEN)
def test_pv_issued_before_the_end_of_the_work(
    mappen: dict[tuple[str, str], Path], variant: str
) -> None:
    rapport = check_documents(mappen["afgegeven-voor-einde", variant])
    finding = _x11(rapport, variant)
    assert finding.code == "pv-te-vroeg"
    assert "afgegeven op 13 november 2026" in finding.bericht
    assert "20 november 2026" in finding.bericht
    # The record embedded in the PV says 27 November: X17 names the difference too.
    assert "X17" in fired(rapport)
