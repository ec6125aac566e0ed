"""The PDF mechanics of a dossier on small hand-made PDFs (no LibreOffice needed)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from overeenkomsten.dossier.bijlagen import attach, read_attachments
from overeenkomsten.dossier.herkennen import is_dossier
from overeenkomsten.dossier.manifest import MANIFEST_NAAM
from overeenkomsten.dossier.opbouw import Kopie, Metagegevens, new_dossier, page_count
from overeenkomsten.errors import InputError
from tests.dossier.pdfs import image_pdf, incremental, text_pdf

MOMENT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
META = Metagegevens("Dossier T-1", "Onderwerp", "a; b", "overeenkomsten test")


def build(kopieen: list[Kopie], bijlagen: dict[str, bytes]) -> bytes:
    writer, _opbouw = new_dossier(text_pdf(["Voorblad"]), kopieen, META)
    for naam, data in bijlagen.items():
        relatie = "Data" if naam == MANIFEST_NAAM else "Source"
        attach(
            writer, naam, data, relatie=relatie, mime="application/pdf",
            beschrijving=f"origineel {naam}", moment=MOMENT,
        )  # fmt: skip
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def originelen() -> dict[str, bytes]:
    return {
        "T-1_OOK.pdf": text_pdf(["OOK pagina 1", "OOK pagina 2", "OOK pagina 3"]),
        "T-1_POK.pdf": text_pdf(["POK pagina 1"]),
        "scan.pdf": image_pdf(),
    }


@pytest.fixture(scope="module")
def dossier(originelen: dict[str, bytes]) -> bytes:
    kopieen = [
        Kopie("OOK", "OOK: Onderwijsovereenkomst", originelen["T-1_OOK.pdf"]),
        Kopie("POK", "POK: Praktijkovereenkomst", originelen["T-1_POK.pdf"]),
        Kopie("DOC1", "scan.pdf", originelen["scan.pdf"]),
    ]
    return build(kopieen, {**originelen, MANIFEST_NAAM: b'{"formaat": "x"}'})


def test_page_labels_name_document_and_page(dossier: bytes) -> None:
    reader = PdfReader(io.BytesIO(dossier))
    assert reader.page_labels == [
        "Voorblad-1", "OOK-1", "OOK-2", "OOK-3", "POK-1", "DOC1-1",
    ]  # fmt: skip


def test_outline_points_at_the_first_page_of_each_document(dossier: bytes) -> None:
    reader = PdfReader(io.BytesIO(dossier))
    bookmarks = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert bookmarks == [
        ("Voorblad", 0),
        ("OOK: Onderwijsovereenkomst", 1),
        ("POK: Praktijkovereenkomst", 4),
        ("scan.pdf", 5),
    ]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_copies_show_the_same_text_as_the_originals(
    dossier: bytes, originelen: dict[str, bytes]
) -> None:
    pages = PdfReader(io.BytesIO(dossier)).pages
    origineel = PdfReader(io.BytesIO(originelen["T-1_OOK.pdf"])).pages
    assert [p.extract_text() for p in pages[1:4]] == [p.extract_text() for p in origineel]


def test_attachments_come_back_byte_for_byte(dossier: bytes, originelen: dict[str, bytes]) -> None:
    found = {b.naam: b for b in read_attachments(dossier)}
    assert set(found) == {*originelen, MANIFEST_NAAM}
    for naam, data in originelen.items():
        assert found[naam].data == data
        assert found[naam].sha256 == hashlib.sha256(data).hexdigest()
        assert found[naam].relatie == "Source"
        assert found[naam].mime == "application/pdf"
    assert found[MANIFEST_NAAM].relatie == "Data"


def test_every_attachment_is_an_associated_file_of_the_document(dossier: bytes) -> None:
    reader = PdfReader(io.BytesIO(dossier))
    specs = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert sorted(str(s["/F"]) for s in specs) == sorted(
        ["T-1_OOK.pdf", "T-1_POK.pdf", "scan.pdf", MANIFEST_NAAM]
    )
    for spec in specs:
        assert spec["/Type"] == "/Filespec"
        assert spec["/UF"] == spec["/F"]
        assert spec["/AFRelationship"] in ("/Source", "/Data")
        stream = spec["/EF"]["/F"].get_object()
        assert stream["/Params"]["/Size"] == len(stream.get_data())
        checksum = stream["/Params"]["/CheckSum"].original_bytes
        assert checksum == hashlib.md5(stream.get_data()).digest()


def test_metadata(dossier: bytes) -> None:
    meta = PdfReader(io.BytesIO(dossier)).metadata
    assert meta is not None
    assert (meta.title, meta.subject, meta["/Keywords"], meta.creator) == (
        "Dossier T-1", "Onderwerp", "a; b", "overeenkomsten test",
    )  # fmt: skip


def test_a_dossier_is_recognised_by_its_manifest(dossier: bytes) -> None:
    assert is_dossier(dossier)
    assert not is_dossier(text_pdf(["Gewone PDF"]))
    assert not is_dossier(b"geen pdf")
    met_bijlage = build([], {"andere.json": b"{}"})
    assert not is_dossier(met_bijlage)


def test_an_unreadable_dossier_is_an_input_error() -> None:
    with pytest.raises(InputError) as info:
        read_attachments(b"%PDF-1.7\nrommel")
    assert info.value.code == "pdf-onleesbaar"


def test_unreadable_original_gets_no_copy_but_still_counts() -> None:
    assert page_count(b"%PDF-1.7 kapot") == 0
    data = build([Kopie("OOK", "OOK", b"%PDF-1.7 kapot")], {"kapot.pdf": b"%PDF-1.7 kapot"})
    reader = PdfReader(io.BytesIO(data))
    assert reader.page_labels == ["Voorblad-1"]
    assert read_attachments(data)[0].data == b"%PDF-1.7 kapot"


def _with_widget(data: bytes, *, hidden: bool) -> bytes:
    """``data`` with a signature-like widget on page 1: field, value and an appearance."""

    def change(writer: PdfWriter) -> None:
        page = writer.pages[0]
        stream = DecodedStreamObject()
        stream.set_data(b"0 0 1 rg 0 0 100 40 re f")
        stream.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                  FloatObject(100), FloatObject(40)]),
            }
        )  # fmt: skip
        writer.add_annotation(
            page,
            {
                "/Type": NameObject("/Annot"),
                "/Subtype": NameObject("/Widget"),
                "/FT": NameObject("/Sig"),
                "/T": "kandidaat",
                "/Rect": ArrayObject([FloatObject(v) for v in (100, 100, 200, 140)]),
                "/F": NumberObject(2 if hidden else 4),
                # a stream must be an indirect object; pypdf has no public call for that
                "/AP": DictionaryObject({NameObject("/N"): writer._add_object(stream)}),
            },
        )

    return incremental(data, change)


@pytest.mark.parametrize("hidden", [False, True])
def test_copied_pages_lose_signature_fields_but_keep_the_visible_box(hidden: bool) -> None:
    getekend = _with_widget(text_pdf(["Getekend"]), hidden=hidden)
    data = build([Kopie("OOK", "OOK", getekend)], {})
    page = PdfReader(io.BytesIO(data)).pages[1]
    annots = [a.get_object() for a in page.get("/Annots", [])]
    assert all(a["/Subtype"] != "/Widget" for a in annots)
    assert all("/FT" not in a and "/V" not in a for a in annots)
    stamps = [a for a in annots if a["/Subtype"] == "/Stamp"]
    if hidden:
        assert stamps == []
    else:
        assert len(stamps) == 1
        assert [float(v) for v in stamps[0]["/Rect"]] == [100, 100, 200, 140]
        assert stamps[0]["/AP"]["/N"].get_object().get_data() == b"0 0 1 rg 0 0 100 40 re f"
        assert int(stamps[0]["/F"]) & 64  # read-only
    assert "/AcroForm" not in PdfReader(io.BytesIO(data)).trailer["/Root"]
