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
from overeenkomsten.model.kenmerken import HERKOMST_KEYS, DocumentType
from tests.controle.bouw import (
    custom_properties,
    remove_text,
    replace_text,
    set_kenmerk,
    with_custom_properties,
)
from tests.controle.helpers import BASIS, RECORDS, fired

pytestmark = pytest.mark.libreoffice

Edit = Callable[[Path], None]


def kenmerk(label: str, value: str, *, metadata: bool = True) -> Edit:
    return lambda path: set_kenmerk(path, label, value, metadata=metadata)


def tekst(old: str, new: str) -> Edit:
    return lambda path: replace_text(path, old, new)


def zonder_herkomst(*edits: Edit) -> Edit:
    """A document of the previous release: no embedded record, template or version."""

    def edit(path: Path) -> None:
        for bewerk in edits:
            bewerk(path)
        props = custom_properties(path)
        for key in HERKOMST_KEYS:
            props.pop(key, None)
        path.write_bytes(with_custom_properties(path.read_bytes(), props))

    return edit


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
    # X15: only a clause changed, the Kenmerken (and so X1-X14) untouched.
    Mutatie(
        "x15-pok-artikel-startdatum",
        "X15",
        ("POK artikel 2.1", "11 januari 2027", "7 september 2026"),
        document="POK",
        bewerk=tekst("De bpv begint op 7 september 2026", "De bpv begint op 11 januari 2027"),
    ),
    Mutatie(
        "x15-pok-artikel-startdatum-vorige-versie",
        "X15",
        ("POK artikel 2.1", "startdatum 11 januari 2027", "Kenmerken: 7 september 2026"),
        document="POK",
        bewerk=zonder_herkomst(
            tekst("De bpv begint op 7 september 2026", "De bpv begint op 11 januari 2027")
        ),
    ),
    Mutatie(
        "x15-plok-kvk-partijen",
        "X15",
        ("PLOK partijen onder 2", "87654321", "12345678"),
        document="PLOK",
        bewerk=zonder_herkomst(tekst("KvK-nummer 12345678", "KvK-nummer 87654321")),
    ),
    Mutatie(
        "x15-ook-naam-kandidaat",
        "X15",
        ("OOK", "Fatma Yılmaz", "in geen enkel artikel"),
        document="OOK",
        bewerk=zonder_herkomst(tekst("Fatma Yılmaz, geboren", "Fatima Yilmaz, geboren")),
    ),
    Mutatie(
        "x15-pok-uren-totaal",
        "X15",
        ("POK artikel 2.2", "1.600", "1.271 uur"),
        document="POK",
        bewerk=zonder_herkomst(tekst("in totaal 1.271 uur", "in totaal 1.600 uur")),
    ),
    Mutatie(
        "x15-ook-zin-toegevoegd",
        "X15",
        ("toegevoegd in artikel 12.2", "De kandidaat betaalt een borg van honderd euro."),
        document="OOK",
        bewerk=tekst(
            "Nederlands recht van toepassing.",
            "Nederlands recht van toepassing. De kandidaat betaalt een borg van honderd euro.",
        ),
        ernst="waarschuwing",
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
        # A Kenmerken line retyped in Word: the clauses (X15) and the record embedded in
        # the metadata (TM) still say the old value, and say so.
        assert fired(rapport) <= {"X15", "TM"}, [b.bericht for b in rapport.bevindingen]
        assert fired(rapport, "waarschuwing") - {"X15"} == {mutatie.regel} - {"X15"}
        (finding,) = [
            b for b in rapport.bevindingen if b.regel == mutatie.regel and b.ernst == "waarschuwing"
        ]
    else:
        assert mutatie.regel in fired(rapport)
        assert fired(rapport) - {"X15", "TM"} == {mutatie.regel} - {"X15"}, [
            b.bericht for b in rapport.bevindingen
        ]
        found = [b for b in rapport.bevindingen if b.regel == mutatie.regel and b.ernst == "fout"]
        (finding,) = found if len(found) == 1 else [b for b in found if "artikel" in b.bericht]
    for text in mutatie.verwacht:
        assert text in finding.bericht
    assert finding.documenten or mutatie.weg
    assert all(name.endswith(f".{variant}") for name in finding.documenten)


def _text_against_metadata(rapport: Rapport, variant: str) -> None:
    """Retyped text with the old metadata: TM fires, and X1 uses the text's value."""
    assert fired(rapport) == {"TM", "X1", "X15"}
    tm = next(b for b in rapport.bevindingen if b.code == "tekst-metadata")
    assert "'14 september 2026'" in tm.bericht
    assert "'7 september 2026'" in tm.bericht
    assert tm.documenten == (f"{BASIS}_PLOK.{variant}",)
    x1 = next(b for b in rapport.bevindingen if b.regel == "X1")
    assert "PLOK startdatum 14 september 2026" in x1.bericht


@pytest.mark.parametrize("variant", VARIANTEN)
def test_clause_facts_checked_without_embedded_record(
    varianten: dict[tuple[str, str], Path], variant: str
) -> None:
    """A document of the previous release: no text comparison (said in the header), but
    its clauses are still read."""
    rapport = check_documents(varianten["x15-pok-artikel-startdatum-vorige-versie", variant])
    assert any("tekstvergelijking niet mogelijk: sjabloon onbekend" in k for k in rapport.kop)
    assert "POK" in rapport.kop[0]
    assert fired(rapport) == {"X15"}
    assert not any(b.code == "tekst-wijkt-af-van-sjabloon" for b in rapport.bevindingen)


@pytest.mark.parametrize("variant", VARIANTEN)
def test_changed_clause_listed_as_readable_diff(
    varianten: dict[tuple[str, str], Path], variant: str
) -> None:
    rapport = check_documents(varianten["x15-pok-artikel-startdatum", variant])
    assert rapport.kop == []
    (diff,) = [b for b in rapport.bevindingen if b.code == "tekst-wijkt-af-van-sjabloon"]
    assert diff.ernst == "waarschuwing"
    assert "gewijzigd in artikel 2.1" in diff.bericht
    assert "7 september 2026" in diff.bericht
    assert "11 januari 2027" in diff.bericht


@pytest.fixture
def tekstcache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A fresh cache folder for the X15 comparison, and a log of every template rendered."""
    import overeenkomsten.controle.tekstvergelijking as tekstvergelijking

    folder = tmp_path / "cache"
    monkeypatch.setenv("OVEREENKOMSTEN_CACHE", str(folder))
    rendered: list[str] = []
    real = tekstvergelijking._render_lines

    def counting(path: Path, traject: Any, document: Any) -> Any:
        rendered.append(str(document))
        return real(path, traject, document)

    monkeypatch.setattr(tekstvergelijking, "_render_lines", counting)
    return folder, rendered


@pytest.mark.parametrize("variant", VARIANTEN)
def test_unchanged_set_is_not_rendered_again(
    sets: dict[str, Path], tekstcache: tuple[Path, list[str]], variant: str, tmp_path: Path
) -> None:
    """Speed (issue 11): a set checked a second time is not rendered again; the verdict and
    the findings are the same, and the cache holds no text of the documents."""
    folder, rendered = tekstcache
    documenten = tmp_path / "set"
    documenten.mkdir()
    for source in sets["basis"].glob(f"*.{variant}"):
        shutil.copy(source, documenten / source.name)
    eerst = check_documents(documenten)
    assert rendered, "the first check compares with the rendered templates"
    rendered.clear()
    daarna = check_documents(documenten)
    assert rendered == []
    assert [b.as_dict() for b in daarna.bevindingen] == [b.as_dict() for b in eerst.bevindingen]
    assert daarna.kop == eerst.kop == []
    stored = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    for private in (b"Fatma", b"september", b"Oldenzaalsestraat", b"RMT-TW"):
        assert private not in stored


@pytest.mark.parametrize("variant", VARIANTEN)
def test_cache_never_hides_a_changed_clause(
    varianten: dict[tuple[str, str], Path], tekstcache: tuple[Path, list[str]], variant: str
) -> None:
    """What the cache remembers is what the template gives; a document that says anything
    else is rendered and its changes listed, the second time as the first."""
    _folder, rendered = tekstcache
    for _ in range(2):
        rendered.clear()
        rapport = check_documents(varianten["x15-pok-artikel-startdatum", variant])
        (diff,) = [b for b in rapport.bevindingen if b.code == "tekst-wijkt-af-van-sjabloon"]
        assert "11 januari 2027" in diff.bericht
        assert "POK" in rendered


def test_cache_can_be_switched_off(
    sets: dict[str, Path], tekstcache: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, rendered = tekstcache
    monkeypatch.setenv("OVEREENKOMSTEN_CACHE", "uit")
    check_documents(sets["basis"])
    once = len(rendered)
    check_documents(sets["basis"])
    assert once > 0
    assert len(rendered) == 2 * once
    assert not folder.exists()


def test_shipped_templates_found_without_the_renderer() -> None:
    from overeenkomsten.controle.tekstvergelijking import shipped_templates
    from overeenkomsten.documenten.render import default_template_dir

    assert shipped_templates().resolve() == default_template_dir().resolve()


def test_re_exported_pdf_is_read_from_its_text_with_a_warning(
    sets: dict[str, Path], tmp_path: Path
) -> None:
    """A PDF saved again by another program has none of our metadata."""
    from pypdf import PdfReader, PdfWriter

    for source in sets["basis"].glob("*.pdf"):
        shutil.copy(source, tmp_path / source.name)
    pok = tmp_path / f"{BASIS}_POK.pdf"
    writer = PdfWriter()
    for page in PdfReader(pok).pages:
        writer.add_page(page)
    with pok.open("wb") as handle:
        writer.write(handle)
    rapport = check_documents(tmp_path)
    assert fired(rapport) == set()
    (warning,) = [b for b in rapport.bevindingen if b.code == "niet-het-gemaakte-document"]
    assert warning.ernst == "waarschuwing"
    assert warning.documenten == (pok.name,)
    assert "niet het gemaakte document" in warning.bericht
    assert any("sjabloon onbekend" in k for k in rapport.kop)


def test_a_scan_is_never_replaced_by_the_docx(sets: dict[str, Path], tmp_path: Path) -> None:
    """The signed POK came back as a scan under another name: the unsigned .docx beside it
    does not stand in for it."""
    from tests.dossier.pdfs import image_pdf

    for source in sets["basis"].iterdir():
        if source.suffix == ".docx" or (source.suffix == ".pdf" and "_POK" not in source.name):
            shutil.copy(source, tmp_path / source.name)
    (tmp_path / "scan_ondertekend.pdf").write_bytes(image_pdf())
    rapport = check_documents(tmp_path)
    assert "POK" not in rapport.documenten.values()
    assert "scan_ondertekend.pdf" in rapport.overgeslagen[f"{BASIS}_POK.docx"]
    (scan,) = [b for b in rapport.bevindingen if b.regel == "BESTAND"]
    assert scan.ernst == "niet-gecontroleerd"
    assert "scan: inhoud niet digitaal leesbaar" in scan.bericht
    assert rapport.oordeel == "onvolledig"
