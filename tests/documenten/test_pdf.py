"""PDFs from LibreOffice: text and metadata carry the facts; conversion in batches."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from overeenkomsten.documenten import PdfConverter, TemplateSet
from overeenkomsten.documenten.metadata import read_custom_properties
from overeenkomsten.errors import ConversionError
from overeenkomsten.model.kenmerken import (
    HASH_KEY,
    ROL_LABELS,
    DocumentType,
    kenmerken,
    kenmerken_regels,
    metadata_key,
    record_hash,
    required_roles,
)
from tests.documenten.hulp import BIJZONDER, injected, pdf_lines, pdf_text
from tests.plugins.documenten import MaakSets, valid_traject

pytestmark = pytest.mark.libreoffice


def _documents(folder: Path) -> dict[DocumentType, Path]:
    found: dict[DocumentType, Path] = {}
    for pdf in sorted(folder.glob("*.pdf")):
        document = pdf.stem.rsplit("_", 1)[1]
        found[document] = pdf  # type: ignore[index]
    return found


def _metadata(pdf: Path) -> dict[str, str]:
    return {str(k): str(v) for k, v in (PdfReader(pdf).metadata or {}).items()}


@pytest.fixture(scope="module")
def injectie_set(maak_sets: MaakSets, record_data: dict[str, Any]) -> Path:
    record = injected(record_data)
    return maak_sets([record])[record["traject_id"]]


def test_pdf_text_has_the_kenmerken_block_and_signature_blocks(
    voorbeeld_set: Path, record_data: dict[str, Any]
) -> None:
    traject = valid_traject(record_data)
    documents = _documents(voorbeeld_set)
    assert {"OOK", "PLOK", "POK"} <= set(documents)
    for document, pdf in documents.items():
        lines = pdf_lines(pdf)
        for label, value in kenmerken_regels(traject, document):
            assert f"{label}: {value}" in lines, (document, label)
        for rol in required_roles(traject, document):
            assert f"Handtekening {ROL_LABELS[rol]}" in lines, (document, rol)


def test_pdf_metadata_equals_the_kenmerken_and_the_record_hash(
    voorbeeld_set: Path, record_data: dict[str, Any]
) -> None:
    traject = valid_traject(record_data)
    for document, pdf in _documents(voorbeeld_set).items():
        metadata = _metadata(pdf)
        for label, value in kenmerken(traject, document).items():
            assert metadata[f"/{metadata_key(label)}"] == value
        assert metadata[f"/{HASH_KEY}"] == record_hash(traject)
        assert metadata["/Title"].endswith("RMT-TW-2026-0042")
        docx = pdf.with_suffix(".docx")
        custom = {f"/{k}": v for k, v in read_custom_properties(docx).items()}
        assert custom.items() <= metadata.items()


def test_bsn_only_in_ook_pdf_text_and_never_in_pdf_metadata(
    voorbeeld_set: Path,
) -> None:
    for document, pdf in _documents(voorbeeld_set).items():
        assert ("111222333" in pdf_text(pdf)) == (document == "OOK"), document
        metadata = _metadata(pdf)
        assert not any("111222333" in str(value) for value in metadata.values())


def test_pages_are_numbered_pagina_x_van_y(voorbeeld_set: Path) -> None:
    for pdf in _documents(voorbeeld_set).values():
        total = len(PdfReader(pdf).pages)
        text = pdf_text(pdf)
        for page in range(1, total + 1):
            assert f"pagina {page} van {total}" in text


def test_special_text_appears_exactly_in_the_pdf_text(
    injectie_set: Path, record_data: dict[str, Any]
) -> None:
    traject = valid_traject(injected(record_data))
    for document, pdf in _documents(injectie_set).items():
        lines = pdf_lines(pdf)
        for label, value in kenmerken_regels(traject, document):
            assert f"{label}: {value}" in lines, (document, label, value)
        text = pdf_text(pdf)
        for waarde in BIJZONDER.values():
            assert waarde in text, (document, waarde)
        metadata = _metadata(pdf)
        assert metadata["/Kandidaat"] == "Fatma 😀 Özdemir-van 't Hof"


def test_documents_with_the_same_name_in_different_folders_convert_in_one_run(
    soffice: str, tmp_path: Path, record_data: dict[str, Any]
) -> None:
    templates = TemplateSet()
    sources = []
    for traject_id in ("RMT-A", "RMT-B"):
        record = dict(record_data, traject_id=traject_id)
        folder = tmp_path / traject_id
        folder.mkdir()
        source = folder / "document.docx"
        source.write_bytes(templates.render(valid_traject(record), "POK"))
        sources.append(source)
    with PdfConverter(soffice) as converter:
        pdfs = converter.convert(sources)
    assert pdfs == [s.with_suffix(".pdf") for s in sources]
    assert [_metadata(p)["/Traject"] for p in pdfs] == ["RMT-A", "RMT-B"]
    assert "Traject: RMT-B" in pdf_lines(pdfs[1])


def test_a_conversion_that_times_out_is_retried_once_then_reported_in_dutch(
    soffice: str, tmp_path: Path, voorbeeld_set: Path
) -> None:
    source = tmp_path / "traag.docx"
    shutil.copyfile(next(voorbeeld_set.glob("*_POK.docx")), source)
    converter = PdfConverter(soffice, start_timeout=0.2, per_document_timeout=0.0)
    with converter, pytest.raises(ConversionError) as caught:
        converter.convert([source])
    assert caught.value.code == "pdf-conversie-mislukt"
    assert "ook niet bij een tweede poging: traag.docx" in caught.value.bericht
    assert not source.with_suffix(".pdf").exists()
