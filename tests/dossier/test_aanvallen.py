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

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from overeenkomsten.controle import Bevinding, Rapport
from overeenkomsten.dossier import check_dossier
from tests.dossier.conftest import run

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
