"""The limits stated in docs/robuustheid.md are the limits the code enforces."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from overeenkomsten import grenzen
from overeenkomsten.basis import jsonbestand as json_invoer
from overeenkomsten.basis import werkboek
from overeenkomsten.controle import extract, ooxml
from overeenkomsten.documenten import begrenzing
from overeenkomsten.model import velden
from tests.conftest import ROOT

MB = 1024 * 1024


def test_documented_limits_are_the_enforced_ones() -> None:
    text = " ".join((ROOT / "docs" / "robuustheid.md").read_text(encoding="utf-8").split())
    stated = {
        "werkmap 200 MB": werkboek.MAX_UNCOMPRESSED_BYTES == 200 * MB,
        "sjabloon 200 MB": grenzen.MAX_ZIP_UNPACKED == 200 * MB,
        "verhouding 100": werkboek.MAX_COMPRESSION_RATIO == grenzen.MAX_ZIP_RATIO == 100,
        "1 MB vrijgesteld": werkboek.RATIO_EXEMPT_BYTES == grenzen.RATIO_EXEMPT_BYTES == MB,
        "10.000 onderdelen": werkboek.MAX_MEMBERS == grenzen.MAX_ZIP_MEMBERS == 10_000,
        "100.000 rijen": werkboek.MAX_ROWS == 100_000,
        "JSON 50 MB": json_invoer.MAX_JSON_BYTES == 50 * MB,
        "32 niveaus": json_invoer.MAX_DEPTH == 32,
        "500 tekens": velden.MAX_TEXT_LENGTH == 500,
        "PDF 100 MB": grenzen.MAX_PDF_BYTES == extract.MAX_BYTES == 100 * MB,
        "100 pagina's": grenzen.MAX_PDF_PAGES == 100,
        "4 MB tekenopdrachten": grenzen.MAX_PDF_CONTENT_BYTES == 4 * MB,
        "Word 100 MB": ooxml.MAX_PART_BYTES == 100 * MB,
        "3 seconden": begrenzing.MAX_SECONDEN == 3,
        "1.000.000 tekens": begrenzing.MAX_WAARDE == 1_000_000,
        "20 MB tekst": begrenzing.MAX_UITVOER == 20 * MB,
    }
    assert [name for name, same in stated.items() if not same] == []
    for phrase in (
        "bestand hoogstens 200 MB; uitgepakt samen hoogstens 200 MB",
        "groter dan 1 MB dat meer dan 100 keer is samengeperst; hoogstens 10.000 onderdelen",
        "hoogstens 100.000 rijen",
        "hoogstens 50 MB en 32 niveaus diep",
        "hoogstens 500 tekens (traject-ID 64)",
        "| PDF | hoogstens 100 MB |",
        "hoogstens 100 pagina's en 4 MB aan tekenopdrachten",
        "hoogstens 3 seconden per document; hoogstens 1.000.000 tekens of elementen per "
        "waarde; hoogstens 20 MB tekst per onderdeel",
    ):
        assert phrase in text, phrase


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return zipfile.ZipFile(buffer)


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"a.xml": b"<a/>" * 100}, None),
        ({"stijl.xml": bytes(MB)}, None),  # 1 MB of zeros: exempt, however well it packs
        ({"bom.bin": bytes(MB + 1)}, "meer dan 100 keer samengeperst"),
    ],
)
def test_zip_bomb_reason_uses_only_the_directory(
    members: dict[str, bytes], reason: str | None
) -> None:
    found = grenzen.zip_bomb_reason(_zip(members).infolist())
    assert (found is None) if reason is None else (found is not None and reason in found)


def test_zip_bomb_reason_counts_the_declared_total() -> None:
    infos = _zip({"a": b"x"}).infolist() * 3
    for info in infos:
        info.file_size = info.compress_size = 70 * MB  # stored, ratio 1
    assert "pakt uit tot meer dan 200 MB" in (grenzen.zip_bomb_reason(infos) or "")


def test_page_count_stops_past_the_limit() -> None:
    writer = PdfWriter()
    for _ in range(grenzen.MAX_PDF_PAGES + 1):
        writer.add_blank_page(10, 10)
    buffer = io.BytesIO()
    writer.write(buffer)
    reader = PdfReader(buffer)
    assert grenzen.pdf_page_count(reader) is None
    assert grenzen.pdf_page_count(reader, limit=1000) == grenzen.MAX_PDF_PAGES + 1
