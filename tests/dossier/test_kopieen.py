"""A dossier's readable pages against its originals: forged copies and cover lines, a
dossier rewritten without its seal, and the report's first line for an unsealed dossier."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from overeenkomsten import api
from overeenkomsten.controle import Bevinding, Rapport
from overeenkomsten.dossier import read_dossier
from overeenkomsten.dossier.bijlagen import attach
from overeenkomsten.dossier.manifest import MANIFEST_NAAM
from overeenkomsten.dossier.opbouw import Kopie, Metagegevens, new_dossier
from tests.dossier.conftest import ANDER_TRAJECT, run
from tests.dossier.pdfs import text_pdf
from tests.plugins.pki import PkiMaterial

MOMENT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)


def _cover(data: bytes) -> bytes:
    """The cover pages of a dossier as a PDF of their own."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page, label in zip(reader.pages, reader.page_labels, strict=True):
        if label.startswith("Voorblad"):
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rewrite(
    dossier: bytes,
    *,
    copies: dict[str, bytes] | None = None,
    cover: bytes | None = None,
    manifest: dict[str, object] | None = None,
    labels: dict[str, str] | None = None,
) -> bytes:
    """The dossier rebuilt from scratch as a forger would: genuine originals attached, the
    manifest saying ``"zegel": false``, with some readable pages replaced."""
    inhoud = read_dossier(dossier)
    assert inhoud.manifest is not None
    data = inhoud.manifest.model_dump(mode="json")
    data["zegel"] = False
    data.update(manifest or {})
    by_name = {b.naam: b for b in inhoud.originelen}
    kopieen = []
    for document in inhoud.manifest.documenten:
        label = (document.paginalabels or "DOC-1").split(" ")[0].rsplit("-", 1)[0]
        pdf = (copies or {}).get(label, by_name[document.bestand].data)
        kopieen.append(Kopie((labels or {}).get(label, label), document.titel, pdf))
    writer, _ = new_dossier(
        cover or _cover(dossier), kopieen, Metagegevens("Dossier", "", "", "overeenkomsten")
    )
    for bijlage in inhoud.originelen:
        attach(
            writer,
            bijlage.naam,
            bijlage.data,
            relatie="Source",
            mime="application/pdf",
            beschrijving="origineel",
            moment=MOMENT,
        )
    attach(
        writer,
        MANIFEST_NAAM,
        json.dumps(data).encode(),
        relatie="Data",
        mime="application/json",
        beschrijving="manifest",
        moment=MOMENT,
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def origineel(dossier: Path) -> bytes:
    return dossier.read_bytes()


def _check(tmp_path: Path, data: bytes, pki: PkiMaterial) -> Rapport:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(data)
    return api.controleer(path, vertrouwd=[pki.root_pem])


def _dossier_findings(rapport: Rapport, code: str) -> list[Bevinding]:
    return [b for b in rapport.bevindingen if b.code == code]


def test_untouched_unsealed_dossier_says_so_on_the_first_line(
    dossier: Path, test_pki: PkiMaterial
) -> None:
    rapport = api.controleer(dossier, vertrouwd=[test_pki.root_pem])
    assert "niet verzegeld" in rapport.kop[0]
    assert not [b for b in rapport.bevindingen if b.regel == "DOSSIER"]
    opdracht = run("controleer", dossier, "--vertrouwd", test_pki.root_pem)
    assert "niet verzegeld" in opdracht.uitvoer.splitlines()[0]


def test_sealed_dossier_has_no_such_line(verzegeld_dossier: Path, test_pki: PkiMaterial) -> None:
    rapport = api.controleer(verzegeld_dossier, vertrouwd=[test_pki.root_pem])
    assert not any("niet verzegeld" in k for k in rapport.kop)
    assert "DOSSIER" in rapport.geslaagd


def test_rewritten_genuinely_is_still_clean(
    origineel: bytes, tmp_path: Path, test_pki: PkiMaterial
) -> None:
    """The forger's tool without a forgery: no false alarm from the page checks."""
    rapport = _check(tmp_path, rewrite(origineel), test_pki)
    assert not [b for b in rapport.bevindingen if b.regel == "DOSSIER"], rapport.bevindingen


def test_forged_copy_with_zegel_false_is_a_fout(
    origineel: bytes, tmp_path: Path, test_pki: PkiMaterial, sets: dict[str, Path]
) -> None:
    """The POK's readable copy replaced by another trajectory's POK."""
    vals = next(sets[ANDER_TRAJECT].glob("*_POK.pdf")).read_bytes()
    rapport = _check(tmp_path, rewrite(origineel, copies={"POK": vals}), test_pki)
    (kopie,) = _dossier_findings(rapport, "kopie-wijkt-af")
    assert kopie.ernst == "fout"
    assert "POK" in kopie.bericht
    assert rapport.oordeel == "fouten"


def test_forged_cover_line_is_a_fout(
    origineel: bytes, tmp_path: Path, test_pki: PkiMaterial
) -> None:
    cover = text_pdf(
        [
            "Traject RMT-TW-2026-0042",
            "Traject Kandidaat Jan Jansen Opleiding loopt 1 februari 2031 t/m 1 maart 2031",
            "Oordeel van de controle",
        ]
    )
    rapport = _check(tmp_path, rewrite(origineel, cover=cover), test_pki)
    (voorblad,) = _dossier_findings(rapport, "voorblad-wijkt-af")
    assert "1 februari 2031" in voorblad.bericht
    assert "Fatma" in voorblad.bericht
    assert rapport.oordeel == "fouten"


def test_added_page_is_a_fout(origineel: bytes, tmp_path: Path, test_pki: PkiMaterial) -> None:
    reader = PdfReader(io.BytesIO(origineel))
    writer = PdfWriter(clone_from=reader)
    writer.add_blank_page(595, 842)
    writer.set_page_label(len(writer.pages) - 1, len(writer.pages) - 1, prefix="Bijlage-")
    out = io.BytesIO()
    writer.write(out)
    rapport = _check(tmp_path, out.getvalue(), test_pki)
    assert _dossier_findings(rapport, "pagina-onbekend")


def _claiming(oordeel: str) -> bytes:
    """A forged cover that says the check found ``oordeel``."""
    return text_pdf(
        [
            "Dossier praktijkleren in het mbo",
            "Traject RMT-TW-2026-0042",
            "Oordeel van de controle",
            f"Oordeel: {oordeel}",
            "Alle controles zijn gedaan en er is niets gevonden.",
        ]
    )


def test_cover_claiming_in_orde_for_documents_with_fouten_is_a_fout(
    gebrekkig_dossier: Path, tmp_path: Path, test_pki: PkiMaterial
) -> None:
    """The cover's verdict line is compared with a fresh check of the originals."""
    forged = rewrite(gebrekkig_dossier.read_bytes(), cover=_claiming("in orde"))
    rapport = _check(tmp_path, forged, test_pki)
    (claim,) = _dossier_findings(rapport, "voorblad-oordeel")
    assert claim.ernst == "fout"
    assert "'in orde'" in claim.bericht
    assert "'fouten'" in claim.bericht
    assert rapport.oordeel == "fouten"


def test_manifest_claiming_in_orde_for_documents_with_fouten_is_a_fout(
    gebrekkig_dossier: Path, tmp_path: Path, test_pki: PkiMaterial
) -> None:
    forged = rewrite(
        gebrekkig_dossier.read_bytes(),
        manifest={"controle": {"oordeel": "in orde", "bevindingen": []}},
    )
    rapport = _check(tmp_path, forged, test_pki)
    (claim,) = _dossier_findings(rapport, "manifest-oordeel")
    assert claim.ernst == "fout"
    assert "'in orde'" in claim.bericht


def test_cover_claiming_more_than_can_be_checked_is_a_warning(
    origineel: bytes, tmp_path: Path, test_pki: PkiMaterial
) -> None:
    """Originals without a fout but not all checkable (here: no erkenningen list): a cover
    saying 'in orde' claims more than this check can confirm."""
    rapport = _check(tmp_path, rewrite(origineel, cover=_claiming("in orde")), test_pki)
    assert rapport.oordeel == "onvolledig"
    (claim,) = _dossier_findings(rapport, "voorblad-oordeel")
    assert claim.ernst == "waarschuwing"
    assert "'onvolledig'" in claim.bericht


def test_genuine_cover_verdict_is_no_finding(
    dossier: Path, verzegeld_dossier: Path, gebrekkig_dossier: Path, test_pki: PkiMaterial
) -> None:
    for pad in (dossier, verzegeld_dossier, gebrekkig_dossier):
        rapport = api.controleer(pad, vertrouwd=[test_pki.root_pem])
        assert not [b for b in rapport.bevindingen if b.code.endswith("-oordeel")], pad


def test_forged_copy_passed_off_as_cover_pages_is_a_fout(
    origineel: bytes, tmp_path: Path, test_pki: PkiMaterial, sets: dict[str, Path]
) -> None:
    """The page labels and the manifest's paginalabels are the forger's to write: a forged
    POK copy labelled as cover pages, with the manifest naming no pages for the POK, is
    still found by comparing the pages with the originals by content."""
    vals = next(sets[ANDER_TRAJECT].glob("*_POK.pdf")).read_bytes()
    inhoud = read_dossier(origineel)
    assert inhoud.manifest is not None
    documenten = [d.model_dump(mode="json") for d in inhoud.manifest.documenten]
    for document in documenten:
        if document["document"] == "POK":
            document["paginalabels"] = None
    forged = rewrite(
        origineel,
        copies={"POK": vals},
        labels={"POK": "Voorblad"},
        manifest={"documenten": documenten},
    )
    rapport = _check(tmp_path, forged, test_pki)
    found = [b for b in rapport.bevindingen if b.regel == "DOSSIER" and b.ernst == "fout"]
    assert found, rapport.bevindingen
    assert any("POK" in b.bericht for b in found)
    assert rapport.oordeel == "fouten"
