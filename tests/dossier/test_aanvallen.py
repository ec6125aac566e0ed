"""Attacks on a dossier that hide, rename or inflate what it carries, or change what its
readable pages show without changing their text: every one is a ``fout`` (rule DOSSIER)
and never stops the check of the rest.

The hostile dossiers are made here from the session's unsealed dossier, with pypdf, as
someone who rewrites the file would; no LibreOffice run of their own.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from overeenkomsten.controle import Bevinding, Rapport
from overeenkomsten.controle.erkenningen import read_erkenningen
from overeenkomsten.dossier import check_dossier
from tests.dossier.conftest import run
from tests.dossier.pdfs import text_pdf
from tests.dossier.test_kopieen import rewrite
from tests.plugins.pki import PkiMaterial

Wijziging = Callable[[PdfWriter], None]


def _rewrite(dossier: Path, tmp_path: Path, change: Wijziging) -> Path:
    writer = PdfWriter(clone_from=PdfReader(dossier))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "dossier.pdf"
    path.write_bytes(out.getvalue())
    return path


def _dossier_findings(rapport: Rapport) -> list[Bevinding]:
    return [b for b in rapport.bevindingen if b.regel == "DOSSIER" and b.ernst == "fout"]


def _names(writer: PdfWriter) -> ArrayObject:
    names: ArrayObject = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    return names


def _spec(writer: PdfWriter, naam: str) -> DictionaryObject:
    names = _names(writer)
    spec: DictionaryObject = names[list(names).index(naam) + 1].get_object()
    return spec


def _file_spec(writer: PdfWriter, naam: str, data: bytes) -> DictionaryObject:
    stream = StreamObject()
    stream.set_data(data)
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject(naam),
            NameObject("/UF"): TextStringObject(naam),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)}),
        }
    )


def _other_pdf(originelen: dict[str, bytes]) -> bytes:
    return originelen[next(n for n in originelen if n.endswith("_PV.pdf"))]


def _on_a_page(originelen: dict[str, bytes]) -> Wijziging:
    def change(writer: PdfWriter) -> None:
        spec = _file_spec(writer, "echt_PV.pdf", _other_pdf(originelen))
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FileAttachment"),
                NameObject("/Rect"): ArrayObject(NumberObject(v) for v in (10, 10, 30, 30)),
                NameObject("/FS"): writer._add_object(spec),
            }
        )
        writer.add_annotation(0, annotation)

    return change


def _in_af_only(originelen: dict[str, bytes]) -> Wijziging:
    def change(writer: PdfWriter) -> None:
        spec = _file_spec(writer, "echt_PV.pdf", _other_pdf(originelen))
        writer.root_object["/AF"].append(writer._add_object(spec))

    return change


def _in_a_nested_kid(originelen: dict[str, bytes]) -> Wijziging:
    """The name tree split in kids, the extra file two levels down (pypdf reads one)."""

    def change(writer: PdfWriter) -> None:
        tree = writer.root_object["/Names"]["/EmbeddedFiles"]
        names = tree["/Names"]
        del tree[NameObject("/Names")]
        spec = _file_spec(writer, "zz_PV.pdf", _other_pdf(originelen))
        leaf = DictionaryObject(
            {
                NameObject("/Names"): ArrayObject(
                    [TextStringObject("zz_PV.pdf"), writer._add_object(spec)]
                )
            }
        )
        middle = DictionaryObject({NameObject("/Kids"): ArrayObject([writer._add_object(leaf)])})
        first = DictionaryObject({NameObject("/Names"): names})
        tree[NameObject("/Kids")] = ArrayObject(
            [writer._add_object(first), writer._add_object(middle)]
        )

    return change


@pytest.mark.parametrize(
    "waar", [_on_a_page, _in_af_only, _in_a_nested_kid], ids=["pagina", "af", "diepe-kids"]
)
def test_a_file_embedded_outside_the_attachment_list_is_a_fout(
    waar: Callable[[dict[str, bytes]], Wijziging],
    dossier: Path,
    originelen: dict[str, bytes],
    tmp_path: Path,
) -> None:
    rapport = check_dossier(_rewrite(dossier, tmp_path, waar(originelen)))
    codes = {b.code for b in _dossier_findings(rapport)}
    assert codes & {"bijlage-verborgen", "bijlage-onbekend"}, rapport.bevindingen
    assert rapport.oordeel == "fouten"


@pytest.mark.parametrize("sleutel", ["/UF", "/F"])
def test_an_attachment_shown_under_another_name_is_a_fout(
    sleutel: str, dossier: Path, originelen: dict[str, bytes], tmp_path: Path
) -> None:
    pv = next(n for n in originelen if n.endswith("_PV.pdf"))
    ook = next(n for n in originelen if n.endswith("_OOK.pdf"))

    def change(writer: PdfWriter) -> None:
        _spec(writer, pv)[NameObject(sleutel)] = TextStringObject(ook)

    rapport = check_dossier(_rewrite(dossier, tmp_path, change))
    (anders,) = [b for b in _dossier_findings(rapport) if b.code == "bijlage-naam-wijkt-af"]
    assert anders.documenten == (pv,)
    assert ook in anders.bericht


def test_an_attachment_with_two_contents_is_a_fout(
    dossier: Path, originelen: dict[str, bytes], tmp_path: Path
) -> None:
    pv = next(n for n in originelen if n.endswith("_PV.pdf"))

    def change(writer: PdfWriter) -> None:
        other = StreamObject()
        other.set_data(b"%PDF-1.7 ander")
        _spec(writer, pv)["/EF"][NameObject("/UF")] = writer._add_object(other)

    rapport = check_dossier(_rewrite(dossier, tmp_path, change))
    assert "bijlage-onleesbaar" in {b.code for b in _dossier_findings(rapport)}
    assert rapport.oordeel == "fouten"


def test_a_second_manifest_is_a_fout(dossier: Path, tmp_path: Path) -> None:
    def change(writer: PdfWriter) -> None:
        writer.add_attachment("manifest.json", b'{"controle": {"oordeel": "in orde"}}')

    rapport = check_dossier(_rewrite(dossier, tmp_path, change))
    assert "manifest-dubbel" in {b.code for b in _dossier_findings(rapport)}


def _bomb(megabytes: int) -> bytes:
    packer = zlib.compressobj(1)
    chunk = bytes(1024 * 1024)
    data = packer.compress(b"%PDF-1.7\n")
    for _ in range(megabytes):
        data += packer.compress(chunk)
    return data + packer.flush()


@pytest.mark.parametrize("welke", ["_PV.pdf", "manifest.json"])
def test_an_attachment_that_unpacks_too_large_is_one_finding(
    welke: str, dossier: Path, originelen: dict[str, bytes], tmp_path: Path
) -> None:
    """A zip bomb in place of one attachment: named, and the rest is still checked."""
    naam = next((n for n in originelen if n.endswith(welke)), welke)

    def change(writer: PdfWriter) -> None:
        stream = _spec(writer, naam)["/EF"]["/F"].get_object()
        stream._data = _bomb(110)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")

    pad = _rewrite(dossier, tmp_path, change)
    opdracht = run("controleer", pad, "--json")
    assert opdracht.exit_code == 1, opdracht.uitvoer
    uitkomst = json.loads(opdracht.uitvoer)
    onleesbaar = [b for b in uitkomst["bevindingen"] if b["code"] == "bijlage-onleesbaar"]
    assert [b["documenten"] for b in onleesbaar] == [[naam]]
    assert uitkomst["oordeel"] == "fouten"
    if naam != "manifest.json":
        assert len(uitkomst["documenten"]) == 3  # the other originals are read


def _draw(page: int, operators: bytes) -> Wijziging:
    """Drawing instructions appended to one page (text stays what it was)."""

    def change(writer: PdfWriter) -> None:
        stream = DecodedStreamObject()
        stream.set_data(b"q " + operators + b" Q")
        target = writer.pages[page]
        contents = target.raw_get("/Contents")  # the reference: a stream is never direct
        target[NameObject("/Contents")] = ArrayObject([contents, writer._add_object(stream)])

    return change


def _annotate(page: int, subtype: str = "/Square") -> Wijziging:
    """An annotation whose appearance paints a white box (a link may carry one too)."""

    def change(writer: PdfWriter) -> None:
        look = DecodedStreamObject()
        look.set_data(b"1 1 1 rg 0 0 500 200 re f")
        look.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(NumberObject(v) for v in (0, 0, 500, 200)),
            }
        )
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(subtype),
                NameObject("/Rect"): ArrayObject(NumberObject(v) for v in (40, 400, 540, 600)),
                NameObject("/F"): NumberObject(4),
                NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(look)}),
            }
        )
        writer.add_annotation(page, annotation)

    return change


def _copy_page(dossier: Path) -> int:
    labels = list(PdfReader(dossier).page_labels)
    return labels.index("POK-1")


@pytest.mark.parametrize("soort", ["vlakken", "aantekening", "link-met-weergave"])
def test_a_copy_that_shows_something_else_with_the_same_text_is_a_fout(
    soort: str, dossier: Path, tmp_path: Path
) -> None:
    """Boxes drawn over a copy's words, or an annotation's appearance: the text layer is
    unchanged, what a reader sees is not."""
    page = _copy_page(dossier)
    bars = b"0 0 0 rg 300 700 60 9 re f 1 1 1 rg 100 500 80 12 re f"
    change = {
        "vlakken": _draw(page, bars),
        "aantekening": _annotate(page),
        "link-met-weergave": _annotate(page, "/Link"),
    }[soort]
    rapport = check_dossier(_rewrite(dossier, tmp_path, change))
    (anders,) = [b for b in _dossier_findings(rapport) if b.code == "kopie-beeld-wijkt-af"]
    assert "POK-1" in anders.bericht
    assert rapport.oordeel == "fouten"


def test_an_annotation_over_the_cover_is_a_fout(dossier: Path, tmp_path: Path) -> None:
    rapport = check_dossier(_rewrite(dossier, tmp_path, _annotate(0)))
    assert "voorblad-aantekening" in {b.code for b in _dossier_findings(rapport)}


def test_a_copy_saved_again_uncompressed_is_still_the_copy(
    dossier: Path, tmp_path: Path, test_pki: PkiMaterial, erkenningen_csv: Path
) -> None:
    """How streams are stored is no part of what a page shows: no false alarm."""

    def change(writer: PdfWriter) -> None:
        for page in writer.pages:
            contents = page["/Contents"].get_object()
            for stream in contents if isinstance(contents, ArrayObject) else [contents]:
                stream = stream.get_object()
                data = stream.get_data()
                for key in ("/Filter", "/DecodeParms"):
                    if key in stream:
                        del stream[NameObject(key)]
                stream._data = data

    rapport = check_dossier(
        _rewrite(dossier, tmp_path, change),
        vertrouwd=test_pki.basis(test_pki.crl),
        erkenningen=read_erkenningen(erkenningen_csv),
    )
    assert rapport.oordeel == "in orde", rapport.bevindingen


def _manifest_change(change: Callable[[dict[str, Any]], None]) -> Wijziging:
    def rewrite(writer: PdfWriter) -> None:
        stream = _spec(writer, "manifest.json")["/EF"]["/F"].get_object()
        manifest = json.loads(stream.get_data())
        change(manifest)
        stream.set_data(json.dumps(manifest).encode("utf-8"))

    return rewrite


def _no_signatures(manifest: dict[str, Any]) -> None:
    manifest["documenten"][0]["handtekeningen"] = []


def _signer_renamed(manifest: dict[str, Any]) -> None:
    manifest["documenten"][1]["handtekeningen"][0]["ondertekenaar"] = "Jan Modaal"


def _later_end(manifest: dict[str, Any]) -> None:
    manifest["afronding"]["werkelijke_einddatum"] = "2031-01-01"


def _more_learned(manifest: dict[str, Any]) -> None:
    manifest["afronding"]["behaalde_werkprocessen"].append("B1-K9-W9")


@pytest.mark.parametrize(
    "change",
    [_no_signatures, _signer_renamed, _later_end, _more_learned],
    ids=["geen-handtekeningen", "andere-ondertekenaar", "andere-einddatum", "meer-werkprocessen"],
)
def test_a_manifest_that_says_other_things_than_the_originals_is_a_fout(
    change: Callable[[dict[str, Any]], None], dossier: Path, tmp_path: Path
) -> None:
    rapport = check_dossier(_rewrite(dossier, tmp_path, _manifest_change(change)))
    (anders,) = [b for b in _dossier_findings(rapport) if b.code == "manifest-wijkt-af"]
    assert "Het manifest zegt iets anders dan de originelen" in anders.bericht
    assert rapport.oordeel == "fouten"


def test_a_labelled_line_added_anywhere_on_the_cover_is_read(dossier: Path, tmp_path: Path) -> None:
    """ "Kandidaat: Jan Modaal" written below the summary, in the cover's own words."""

    def change(writer: PdfWriter) -> None:
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        resources = writer.pages[0]["/Resources"].get_object()
        resources["/Font"].get_object()[NameObject("/FAanval")] = writer._add_object(font)
        _draw(0, b"BT /FAanval 11 Tf 50 60 Td (Kandidaat: Jan Modaal) Tj ET")(writer)

    rapport = check_dossier(_rewrite(dossier, tmp_path, change))
    (anders,) = [b for b in _dossier_findings(rapport) if b.code == "voorblad-wijkt-af"]
    assert "Jan Modaal" in anders.bericht


@pytest.mark.parametrize(
    ("wie", "dag", "keer", "genoemd"),
    [
        ("kandidaat: Jan Modaal", "31 augustus 2026", 1, "Jan Modaal"),
        ("rmt: K. Visser", "2 augustus 2026", 1, "2 augustus 2026"),
        ("rmt: K. Visser", "31 augustus 2026", 11, "11 handtekeningen in orde"),
    ],
    ids=["andere-ondertekenaar", "andere-dag", "te-veel"],
)
def test_a_signature_the_cover_index_adds_is_a_fout(
    wie: str, dag: str, keer: int, genoemd: str, origineel: bytes, tmp_path: Path
) -> None:
    """The index of the cover shows who signed what: a line added there (an unsigned set
    shown as signed) names a signer, day or good signature the originals do not have."""
    regels = [f"{wie}, {dag}", "12:00 (eigen opgave): intact, geldig en vertrouwd"] * keer
    cover = text_pdf(["Inhoud", *regels, "Originelen (bijlagen)"])
    rapport = check_dossier(_rewrite_bytes(rewrite(origineel, cover=cover), tmp_path))
    (anders,) = [b for b in _dossier_findings(rapport) if b.code == "voorblad-handtekeningen"]
    assert genoemd in anders.bericht


def _rewrite_bytes(data: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def origineel(dossier: Path) -> bytes:
    return dossier.read_bytes()


def _javascript(writer: PdfWriter) -> None:
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('Dit dossier is in orde.');"),
        }
    )


def _page_action(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1;")}
    )
    writer.pages[2][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})


def _link_action(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1;")}
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(NumberObject(v) for v in (0, 0, 595, 842)),
            NameObject("/A"): action,
        }
    )
    writer.add_annotation(3, link)


@pytest.mark.parametrize(
    "change", [_javascript, _page_action, _link_action], ids=["openen", "pagina", "link"]
)
def test_something_that_runs_when_the_dossier_is_opened_is_a_fout(
    change: Wijziging, dossier: Path, tmp_path: Path
) -> None:
    rapport = check_dossier(_rewrite(dossier, tmp_path, change))
    (actief,) = [b for b in _dossier_findings(rapport) if b.code == "dossier-actief"]
    assert "bundel maakt dat nooit" in actief.bericht
