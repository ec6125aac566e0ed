"""Hostile PDFs through ``handtekeningen``, ``controleer`` and ``bundel``.

In a folder, a bad file is a ``niet-gecontroleerd`` finding and the rest is still checked;
given on its own, an unreadable PDF is an unusable input (exit 2). Time and memory stay
bounded: a PDF over 100 pages, with more than 4 MB of drawing instructions, or with a stream
that inflates beyond pypdf's limit (75 MB) is not read for text; one over 100 MB is not read
at all.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import data_path
from tests.plugins.pki import PkiMaterial
from tests.robuustheid import vijandig
from tests.robuustheid.cli import CliRun, assert_clean, run_many

MB = 1024 * 1024
#: file -> (code of its finding in a folder, what handtekeningen says, its exit code)
VIJANDIG = {
    "afgebroken.pdf": ("pdf-onleesbaar", "is geen leesbare PDF", 2),
    "versleuteld.pdf": ("pdf-versleuteld", "is versleuteld met een wachtwoord", 2),
    "tienduizend.pdf": ("pdf-te-veel-paginas", "geen digitale handtekeningen", 0),
    "zwaar.pdf": ("pdf-te-complex", "geen digitale handtekeningen", 0),
    "stroom-bom.pdf": ("pdf-te-complex", "geen digitale handtekeningen", 0),
    "lus.pdf": ("pdf-onleesbaar", "geen digitale handtekeningen", 0),
    "te-groot.pdf": ("bestand-te-groot", "is te groot (101 MB, hoogstens 100 MB)", 2),
}
LEUGENS = ("korter", "voorbij-einde", "overlap")


def _folder(root: Path, name: str, goed: dict[str, Path], **files: Path) -> Path:
    """A trajectory folder: the good OOK, POK and PV, and ``files`` (name -> source)."""
    folder = root / name
    folder.mkdir(parents=True)
    for document in ("OOK", "POK", "PV"):
        shutil.copy(goed[document], folder / goed[document].name)
    for target, source in files.items():
        shutil.copy(source, folder / target)
    return folder


@pytest.fixture(scope="module")
def pdfs(
    tmp_path_factory: pytest.TempPathFactory, goede_pdfs: dict[str, Path], test_pki: PkiMaterial
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfs")
    plok = goede_pdfs["PLOK"]
    signed = test_pki.sign(plok, "rmt", uit=folder / "ondertekend.pdf")
    made = {
        "afgebroken.pdf": vijandig.truncated(plok, folder / "afgebroken.pdf"),
        "versleuteld.pdf": vijandig.encrypted(plok, folder / "versleuteld.pdf"),
        "javascript.pdf": vijandig.with_javascript(plok, folder / "javascript.pdf"),
        "tienduizend.pdf": vijandig.many_pages(plok, folder / "tienduizend.pdf", 10_000),
        "zwaar.pdf": vijandig.heavy_page(folder / "zwaar.pdf", 5),
        "stroom-bom.pdf": vijandig.stream_bomb(folder / "stroom-bom.pdf", 100),
        "lus.pdf": data_path("vijandig", "paginaboom-lus.pdf"),
        "te-groot.pdf": vijandig.oversized(folder / "te-groot.pdf", 100 * MB + 1),
    }
    for lie in LEUGENS:
        made[f"bytebereik-{lie}.pdf"] = vijandig.lying_byte_range(
            signed, folder / f"bytebereik-{lie}.pdf", lie
        )
    return made


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, pdfs: dict[str, Path], goede_pdfs: dict[str, Path]
) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("mappen")
    plok = goede_pdfs["PLOK"].name
    kapot = _folder(
        root, "kapot", goede_pdfs, **{plok: pdfs["afgebroken.pdf"]},
        **{name: pdfs[name] for name in VIJANDIG if name != "afgebroken.pdf"},
    )  # fmt: skip
    actief = _folder(
        root, "actief", goede_pdfs,
        **{plok: pdfs["javascript.pdf"], "tienduizend.pdf": pdfs["tienduizend.pdf"]},
    )  # fmt: skip
    gelogen = _folder(root, "gelogen", goede_pdfs, **{plok: pdfs["bytebereik-korter.pdf"]})
    onleesbaar = _folder(
        root, "onleesbaar", goede_pdfs, **{plok: pdfs["afgebroken.pdf"]},
        **{name: pdfs[name] for name in ("versleuteld.pdf", "zwaar.pdf", "lus.pdf")},
    )  # fmt: skip
    te_groot = _folder(
        root, "te-groot", goede_pdfs,
        **{plok: goede_pdfs["PLOK"], "te-groot.pdf": pdfs["te-groot.pdf"]},
    )  # fmt: skip
    batchmap = root / "batch"
    _folder(
        batchmap, "RMT-TW-2026-0042", goede_pdfs,
        **{plok: pdfs["afgebroken.pdf"], goede_pdfs["POK"].name: pdfs["te-groot.pdf"],
           "traject.json": data_path("traject.json")},
    )  # fmt: skip
    commands: dict[str, list[str | Path]] = {
        f"handtekeningen {name}": ["handtekeningen", path] for name, path in pdfs.items()
    }
    commands["status"] = ["status", batchmap]
    commands |= {
        "controleer kapot": ["controleer", "--json", kapot],
        "controleer --streng kapot": ["controleer", "--streng", kapot],
        "controleer actief": ["controleer", "--json", actief],
        "controleer gelogen": ["controleer", "--json", gelogen],
        "controleer afgebroken.pdf": ["controleer", pdfs["afgebroken.pdf"]],
        "controleer tienduizend.pdf": ["controleer", pdfs["tienduizend.pdf"]],
        # Unsigned sets: bundled only on request (a dossier proves what was signed).
        "bundel actief": ["bundel", actief, "--uit", root / "actief.pdf", "--ook-bij-fouten"],
        "bundel onleesbaar": [
            "bundel",
            onleesbaar,
            "--uit",
            root / "onleesbaar.pdf",
            "--ook-bij-fouten",
        ],
        "bundel gelogen": ["bundel", gelogen, "--uit", root / "gelogen.pdf"],
        "bundel te-groot": ["bundel", te_groot, "--uit", root / "te-groot.pdf"],
    }
    return {"root": root, **run_many(commands)}


@pytest.mark.parametrize("name", sorted(VIJANDIG))
def test_signatures_of_a_hostile_pdf(runs: dict[str, Any], name: str) -> None:
    _, zegt, code = VIJANDIG[name]
    assert_clean(runs[f"handtekeningen {name}"], code, zegt)


@pytest.mark.parametrize("lie", LEUGENS)
def test_a_lying_byte_range_is_a_broken_signature(runs: dict[str, Any], lie: str) -> None:
    assert_clean(
        runs[f"handtekeningen bytebereik-{lie}.pdf"],
        0,
        "rmt: De ondertekende inhoud is na ondertekening gewijzigd.",
    )


def test_javascript_is_no_reason_to_stop(runs: dict[str, Any]) -> None:
    assert_clean(runs["handtekeningen javascript.pdf"], 0, "geen digitale handtekeningen")


def test_folder_with_bad_files_checks_the_rest(runs: dict[str, Any]) -> None:
    run: CliRun = runs["controleer kapot"]
    assert_clean(run, 0)
    rapport = json.loads(run.stdout)
    assert rapport["oordeel"] == "onvolledig"
    per_file = {
        b["documenten"][0]: b["code"] for b in rapport["bevindingen"] if b["regel"] == "BESTAND"
    }
    expected = {name: code for name, (code, _, _) in VIJANDIG.items() if name != "afgebroken.pdf"}
    expected[next(n for n in per_file if n.endswith("_PLOK.pdf"))] = "pdf-onleesbaar"
    assert per_file == expected
    for document in ("OOK", "POK", "PV"):
        assert document in rapport["documenten"].values()
    assert {"X4", "X5", "X9", "X10"} <= set(rapport["geslaagd"]), "the rest was checked"
    assert_clean(runs["controleer --streng kapot"], 1, "Oordeel: ONVOLLEDIG")


@pytest.mark.parametrize(
    ("name", "zegt"),
    [
        ("afgebroken.pdf", "is geen leesbare PDF: beschadigd of afgebroken"),
        ("tienduizend.pdf", "heeft meer dan 100 pagina's"),
    ],
)
def test_one_unreadable_pdf_is_an_unusable_input(
    runs: dict[str, Any], name: str, zegt: str
) -> None:
    run: CliRun = runs[f"controleer {name}"]
    assert_clean(run, 2, "Fout: Het bestand", zegt)
    assert run.seconds < 15


def test_lying_signature_is_a_fout_and_blocks_the_dossier(runs: dict[str, Any]) -> None:
    run: CliRun = runs["controleer gelogen"]
    assert_clean(run, 1)
    rapport = json.loads(run.stdout)
    fouten = [b["bericht"] for b in rapport["bevindingen"] if b["ernst"] == "fout"]
    assert any("niet intact" in bericht for bericht in fouten), fouten
    assert_clean(runs["bundel gelogen"], 1)
    assert not (runs["root"] / "gelogen.pdf").exists()


def test_too_large_pdf_stops_bundel(runs: dict[str, Any]) -> None:
    assert_clean(runs["bundel te-groot"], 2, "te-groot.pdf is te groot (101 MB, hoogstens 100 MB)")


def test_active_content_never_reaches_the_dossier(
    runs: dict[str, Any], pdfs: dict[str, Path]
) -> None:
    """The PLOK carries JavaScript on opening, on its first page and behind links, and a
    10,000-page file lies beside it: the dossier's readable copies carry no actions, the
    long file gets no copy, and both originals are attached byte for byte."""
    check: CliRun = runs["controleer actief"]
    assert_clean(check, 0)
    assert "PLOK" in json.loads(check.stdout)["documenten"].values()
    run: CliRun = runs["bundel actief"]
    assert_clean(run, 0, "Dossier geschreven")
    dossier = runs["root"] / "actief.pdf"
    for item in vijandig.all_objects(dossier):
        assert item.get("/S") not in ("/JavaScript", "/Launch"), item
        assert not {"/JS", "/AA", "/OpenAction"} & set(item), item
    reader = PdfReader(dossier)
    assert len(reader.pages) < 30, "no readable copy of 10,000 pages"
    attached = {name: data[0] for name, data in reader.attachments.items()}
    assert attached["tienduizend.pdf"] == pdfs["tienduizend.pdf"].read_bytes()
    plok = next(name for name in attached if name.endswith("_PLOK.pdf"))
    assert attached[plok] == pdfs["javascript.pdf"].read_bytes()


def test_unreadable_originals_are_attached_without_a_copy(
    runs: dict[str, Any], pdfs: dict[str, Path]
) -> None:
    """The dossier still holds every original, byte for byte; the cover says which could
    not be checked; no page is copied from a file that cannot be read."""
    run: CliRun = runs["bundel onleesbaar"]
    assert_clean(run, 0, "Dossier geschreven", "Oordeel van de controle: onvolledig")
    reader = PdfReader(runs["root"] / "onleesbaar.pdf")
    attached = {name: data[0] for name, data in reader.attachments.items()}
    for name in ("versleuteld.pdf", "zwaar.pdf", "lus.pdf"):
        assert attached[name] == pdfs[name].read_bytes()
    plok = next(name for name in attached if name.endswith("_PLOK.pdf"))
    assert attached[plok] == pdfs["afgebroken.pdf"].read_bytes()
    parts = {label.rsplit("-", 1)[0] for label in reader.page_labels}
    # Originals in order: lus (DOC1), the broken PLOK (DOC2), versleuteld (DOC3) and zwaar
    # (DOC4): only zwaar.pdf has pages that can be copied (copying does not read its text).
    assert parts == {"Voorblad", "OOK", "POK", "PV", "DOC4"}


def test_status_of_a_batch_folder_with_bad_pdfs(runs: dict[str, Any]) -> None:
    run: CliRun = runs["status"]
    assert_clean(run, 0, "0 van 1 traject volledig ondertekend.")
    text = " ".join(run.stdout.split())
    assert "groter dan 100 MB" in text  # status reads the folder as controleer does
    assert "geen leesbare PDF" in text
    assert run.seconds < 15, run.describe()
