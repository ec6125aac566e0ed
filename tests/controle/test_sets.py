"""The check on real generated document sets (templates, LibreOffice): for every rule one
document is changed as a person would, and exactly that rule fires with both values, on
the .docx files and on the PDFs.

All sets are generated in one ``maak_sets`` call and all edited documents are converted in
one LibreOffice run (:func:`varianten`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten.controle import Rapport, check_documents
from overeenkomsten.documenten.pdf import PdfConverter
from overeenkomsten.model.kenmerken import DocumentType
from tests.controle.bouw import remove_text, replace_text, set_kenmerk
from tests.controle.helpers import BASIS, RECORDS, fired, only

pytestmark = pytest.mark.libreoffice

Edit = Callable[[Path], None]


def kenmerk(label: str, value: str, *, metadata: bool = True) -> Edit:
    return lambda path: set_kenmerk(path, label, value, metadata=metadata)


def crebo_in_pok(path: Path) -> None:
    """The crebo retyped where the POK names the kwalificatie (not in the werkprocessen)."""
    set_kenmerk(path, "Crebonummer", "25372")
    replace_text(path, "crebonummer 25371", "crebonummer 25372")


@dataclass(frozen=True)
class Mutatie:
    """One change to a set: ``document`` taken from set ``bron`` (default: the set itself),
    edited with ``bewerk``, replacing that document; ``weg`` are documents removed."""

    naam: str
    regel: str
    verwacht: tuple[str, ...]
    set: str = "basis"
    document: DocumentType | None = None
    bewerk: Edit | None = None
    bron: str | None = None
    weg: tuple[DocumentType, ...] = ()
    ernst: str = "fout"


MUTATIES = (
    Mutatie("x0-plok-weg", "X0", ("PLOK",), weg=("PLOK",)),
    Mutatie(
        "x0-pok-van-ander-traject",
        "X0",
        ("POK hoort bij traject RMT-TW-2026-0099", "RMT-TW-2026-0042"),
        document="POK",
        bron="ander",
    ),
    Mutatie("x0-ook-weg-voor-2023", "X0", ("OOK",), set="oud", weg=("OOK",)),
    Mutatie(
        "x1-plok-startdatum",
        "X1",
        ("PLOK startdatum 14 september 2026", "OOK startdatum 7 september 2026"),
        document="PLOK",
        bewerk=kenmerk("Startdatum", "14 september 2026"),
    ),
    Mutatie(
        "x2-plok-281-dagen",
        "X2",
        ("281 dagen", "7 september 2026 tot en met 14 juni 2027"),
        set="lang",
        document="PLOK",
        bewerk=kenmerk("Einddatum", "14 juni 2027"),
    ),
    Mutatie(
        "x2-plok-na-pok",
        "X2",
        ("PLOK einddatum 12 juni 2027", "POK einddatum 11 juni 2027"),
        document="PLOK",
        bewerk=kenmerk("Einddatum", "12 juni 2027"),
    ),
    Mutatie(
        "x3-crebo-pok",
        "X3",
        ("POK crebonummer 25372", "OOK crebonummer 25371"),
        document="POK",
        bewerk=crebo_in_pok,
    ),
    Mutatie(
        "x4-kandidaat-ook",
        "X4",
        ("OOK kandidaat Fatma Yilmaz", "Fatma Yılmaz"),
        document="OOK",
        bewerk=kenmerk("Kandidaat", "Fatma Yilmaz"),
    ),
    Mutatie(
        "x4-geboortedatum-plok",
        "X4",
        ("PLOK geboortedatum 14 maart 1989", "14 maart 1988"),
        document="PLOK",
        bewerk=kenmerk("Geboortedatum", "14 maart 1989"),
    ),
    Mutatie(
        "x5-brin-pok",
        "X5",
        ("POK BRIN 25LJ", "25LH"),
        document="POK",
        bewerk=kenmerk("Instelling (BRIN)", "ROC Voorbeeld (25LJ)"),
    ),
    Mutatie(
        "x5-kvk-pv",
        "X5",
        ("PV KvK-nummer 12345679", "12345678"),
        document="PV",
        bewerk=kenmerk("Leerbedrijf (KvK)", "Transport & Opslag Twente B.V. (12345679)"),
    ),
    Mutatie(
        "x9-praktijkopleider-pok",
        "X9",
        ("POK praktijkopleider B. de Groot", "PV ondertekenaar praktijkopleider A. El Amrani"),
        document="POK",
        bewerk=kenmerk("Praktijkopleider", "B. de Groot"),
    ),
    Mutatie(
        "x10-werkproces-weg-uit-pok",
        "X10",
        ("B1-K1-W3 (crebo 25371)", "POK: B1-K1-W1 (crebo 25371)"),
        document="POK",
        bewerk=lambda path: remove_text(path, "B1-K1-W3"),
    ),
    Mutatie(
        "x11-pv-bij-diploma",
        "X11",
        ("praktijkverklaring", "einddoel is diploma"),
        set="diploma",
        document="PV",
        bron="basis",
        bewerk=kenmerk("Traject", "RMT-TW-2026-0050"),
    ),
    Mutatie("x11-pv-weg", "X11", ("einddoel is praktijkverklaring",), weg=("PV",)),
    Mutatie(
        "x12-pok-eindigt-na-ook",
        "X12",
        ("POK eindigt op 25 juni 2027, OOK al op 11 juni 2027",),
        document="POK",
        bewerk=kenmerk("Einddatum", "25 juni 2027"),
    ),
    Mutatie(
        "x12-pv-begint-voor-pok",
        "X12",
        ("PV begint op 1 september 2026, POK pas op 7 september 2026",),
        document="PV",
        bewerk=kenmerk("Startdatum", "1 september 2026"),
    ),
    Mutatie(
        "x13-leerweg-ook",
        "X13",
        ("OOK leerweg BOL",),
        document="OOK",
        bewerk=kenmerk("Leerweg", "BOL"),
        ernst="waarschuwing",
    ),
    Mutatie(
        "x14-ook-weg", "X14", ("geen onderwijsovereenkomst",), weg=("OOK",), ernst="waarschuwing"
    ),
    Mutatie(
        "tm-plok-startdatum-alleen-tekst",
        "TM",
        ("'14 september 2026'", "'7 september 2026'"),
        document="PLOK",
        bewerk=kenmerk("Startdatum", "14 september 2026", metadata=False),
    ),
)
VARIANTEN = ("docx", "pdf")


def _files(folder: Path, suffix: str, document: str) -> list[Path]:
    return sorted(folder.glob(f"*_{document}.{suffix}"))


@pytest.fixture(scope="module")
def varianten(
    sets: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    """(mutation, docx|pdf) -> a folder with only that variant's files, one document changed."""
    root = tmp_path_factory.mktemp("controle-mutaties")
    folders: dict[tuple[str, str], Path] = {}
    converted: list[tuple[Path, Path]] = []
    for m in MUTATIES:
        for variant in VARIANTEN:
            folder = root / m.naam / variant
            folder.mkdir(parents=True)
            for source in sets[m.set].glob(f"*.{variant}"):
                kind = source.stem.rsplit("_", 1)[-1]
                if kind not in m.weg and kind != m.document:
                    shutil.copy(source, folder / source.name)
            folders[m.naam, variant] = folder
        if m.document is None:
            continue
        (source,) = _files(sets[m.bron or m.set], "docx", m.document)
        if m.bewerk is None:
            for variant in VARIANTEN:
                (original,) = _files(sets[m.bron or m.set], variant, m.document)
                shutil.copy(original, folders[m.naam, variant] / original.name)
            continue
        edited = root / "bewerkt" / m.naam / source.name
        edited.parent.mkdir(parents=True)
        shutil.copy(source, edited)
        m.bewerk(edited)
        shutil.copy(edited, folders[m.naam, "docx"] / edited.name)
        converted.append((edited, folders[m.naam, "pdf"]))
    with PdfConverter() as converter:  # one LibreOffice run for every edited document
        pdfs = converter.convert([edited for edited, _ in converted])
    for pdf, (_, folder) in zip(pdfs, converted, strict=True):
        shutil.copy(pdf, folder / pdf.name)
    return folders


def test_untouched_generated_set_has_no_fout(sets: dict[str, Path]) -> None:
    rapport = check_documents(sets["basis"])
    assert rapport.oordeel == "onvolledig"
    assert fired(rapport) == set()
    assert fired(rapport, "waarschuwing") == set()
    assert fired(rapport, "niet-gecontroleerd") == {"X6", "X7", "X8"}
    # .docx and PDF of one document: the PDF is the document
    assert sorted(rapport.documenten) == [f"{BASIS}_{d}.pdf" for d in ("OOK", "PLOK", "POK", "PV")]
    assert f"{BASIS}_OOK.docx" in rapport.overgeslagen


@pytest.mark.parametrize("naam", list(RECORDS))
@pytest.mark.parametrize("variant", VARIANTEN)
def test_every_untouched_variant_has_no_fout(
    sets: dict[str, Path], tmp_path: Path, naam: str, variant: str
) -> None:
    for source in sets[naam].glob(f"*.{variant}"):
        shutil.copy(source, tmp_path / source.name)
    rapport = check_documents(tmp_path)
    assert fired(rapport) == set()
    assert fired(rapport, "waarschuwing") == set()
    assert {d.rsplit(".", 1)[-1] for d in rapport.documenten} == {variant}


@pytest.mark.parametrize("naam", list(RECORDS))
def test_fresh_sets_match_their_record(sets: dict[str, Path], naam: str) -> None:
    """What ``genereer`` can run at its end: a fresh set against its own traject.json."""
    rapport = check_documents(sets[naam], traject=sets[naam] / "traject.json")
    assert fired(rapport) == set()
    assert "TR" in rapport.geslaagd


def _ids() -> Iterator[Any]:
    for m in MUTATIES:
        for variant in VARIANTEN:
            yield pytest.param(m, variant, id=f"{m.naam}-{variant}")


@pytest.mark.parametrize(("mutatie", "variant"), list(_ids()))
def test_one_change_fires_exactly_its_rule(
    varianten: dict[tuple[str, str], Path], mutatie: Mutatie, variant: str
) -> None:
    rapport = check_documents(varianten[mutatie.naam, variant])
    if mutatie.regel == "TM":
        _text_against_metadata(rapport, variant)
        return
    if mutatie.ernst == "waarschuwing":
        assert fired(rapport) == set(), [b.bericht for b in rapport.bevindingen]
    finding = only(rapport, mutatie.regel, mutatie.ernst)
    for text in mutatie.verwacht:
        assert text in finding.bericht
    assert finding.documenten or mutatie.weg
    assert all(name.endswith(f".{variant}") for name in finding.documenten)


def _text_against_metadata(rapport: Rapport, variant: str) -> None:
    """Retyped text with the old metadata: TM fires, and X1 uses the text's value."""
    assert fired(rapport) == {"TM", "X1"}
    tm = next(b for b in rapport.bevindingen if b.regel == "TM")
    assert "'14 september 2026'" in tm.bericht
    assert "'7 september 2026'" in tm.bericht
    assert tm.documenten == (f"{BASIS}_PLOK.{variant}",)
    x1 = next(b for b in rapport.bevindingen if b.regel == "X1")
    assert "PLOK startdatum 14 september 2026" in x1.bericht
