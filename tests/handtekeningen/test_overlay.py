"""Overlays (X7 v2): a visible appearance added after the first signature that covers text
is reported, whoever added it; signatures placed by ``onderteken`` in free space are not."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.stamp import TextStampStyle
from pypdf import PdfReader

from overeenkomsten.handtekeningen import inspect_signatures, overlay
from overeenkomsten.handtekeningen.plaatsing import text_lines
from overeenkomsten.handtekeningen.sleutels import load_signer
from tests.plugins.pki import PkiMaterial

OP_TIJD = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)


def _box_over(pdf: Path, begin: str) -> tuple[int, int, int, int]:
    """A rectangle over the first line of page 1 that starts with ``begin``."""
    line = next(line for line in text_lines(PdfReader(pdf).pages[0]) if line.text.startswith(begin))
    return (round(line.x), round(line.bottom), round(line.x + 220), round(line.top))


def _sign_over(pdf: Path, test_pki: PkiMaterial, veld: str, box: tuple[int, int, int, int]) -> None:
    """A valid signature by the leerbedrijf whose appearance paints over ``box``."""
    signer = load_signer(test_pki.p12["leerbedrijf"], test_pki.wachtwoord)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    out = io.BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=veld, md_algorithm="sha256"),
        signer,
        stamp_style=TextStampStyle(stamp_text="Artikel 3. De bpv begint op 1 februari 2031."),
        new_field_spec=fields.SigFieldSpec(sig_field_name=veld, on_page=0, box=box),
    ).sign_pdf(writer, output=out)
    pdf.write_bytes(out.getvalue())


def test_a_later_signature_painting_over_text_is_an_overlay(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    test_pki.sign(kopie, "instelling", tijdstip=OP_TIJD)
    _sign_over(kopie, test_pki, "leerbedrijf", _box_over(kopie, "Artikel 1"))

    instelling, leerbedrijf = inspect_signatures(kopie, test_pki.basis())

    assert instelling.afwijking is None
    assert leerbedrijf.afwijking == "overlay"
    assert not leerbedrijf.in_orde
    assert "bedekt tekst op pagina 1" in leerbedrijf.toelichting
    assert "Artikel 1" in leerbedrijf.toelichting


def test_a_visible_document_timestamp_over_text_is_an_overlay(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    test_pki.sign(kopie, "instelling", tijdstip=OP_TIJD)
    writer = IncrementalPdfFileWriter(io.BytesIO(kopie.read_bytes()))
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(sig_field_name="tijd", on_page=0, box=_box_over(kopie, "Traject")),
    )
    widget = writer.root["/AcroForm"]["/Fields"][-1].get_object()
    appearance = generic.StreamObject(
        {generic.NameObject("/BBox"): generic.ArrayObject([generic.NumberObject(0)] * 4)},
        stream_data=b"0 0 1 rg 0 0 220 14 re f",
    )
    appearance[generic.NameObject("/Type")] = generic.NameObject("/XObject")
    appearance[generic.NameObject("/Subtype")] = generic.NameObject("/Form")
    widget[generic.NameObject("/AP")] = generic.DictionaryObject(
        {generic.NameObject("/N"): writer.add_object(appearance)}
    )
    tsa = load_signer(test_pki.tsa_p12, test_pki.wachtwoord)
    out = io.BytesIO()
    PdfTimeStamper(
        DummyTimeStamper(tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key), field_name="tijd"
    ).timestamp_pdf(writer, "sha256", output=out)
    kopie.write_bytes(out.getvalue())

    found = inspect_signatures(kopie, test_pki.basis())

    stamp = next(h for h in found if h.veld == "tijd")
    assert stamp.soort == "tijdstempel"
    assert stamp.afwijking == "overlay"


def test_signatures_placed_by_onderteken_are_no_overlay(
    ondertekend_pdf: Path, test_pki: PkiMaterial
) -> None:
    found = inspect_signatures(ondertekend_pdf, test_pki.basis())

    assert [h.afwijking for h in found] == [None] * len(found)


def test_without_pdfium_pypdfs_text_positions_find_the_overlay(
    kopie: Path, test_pki: PkiMaterial, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file PDFium cannot open is still checked, with pypdf's (estimated) positions."""
    test_pki.sign(kopie, "instelling", tijdstip=OP_TIJD)
    _sign_over(kopie, test_pki, "leerbedrijf", _box_over(kopie, "Artikel 1"))

    def refuse(*_args: object) -> None:
        raise overlay._NoPdfiumError

    monkeypatch.setattr(overlay, "_covered_pdfium", refuse)
    _instelling, leerbedrijf = inspect_signatures(kopie, test_pki.basis())

    assert leerbedrijf.afwijking == "overlay"
