"""Helpers for the document tests: text and canonical XML of .docx and PDF files."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Text values that must come out exactly as typed (escaping, injection, Unicode).
BIJZONDER = {
    ("leerbedrijf", "naam"): "Jansen & Zn <B.V.>",
    ("kandidaat", "achternaam"): "Özdemir-van 't Hof",
    ("kandidaat", "voornamen"): "Fatma 😀",
    ("opleiding", "naam"): '"citaat"',
    ("praktijkopleider", "naam"): "{{ 7*7 }}",
    ("instelling", "naam"): "{% if true %}x{% endif %} ROC",
}


def injected(record: dict[str, Any], traject_id: str = "RMT-INJECTIE-1") -> dict[str, Any]:
    """``record`` with the :data:`BIJZONDER` values in its text fields."""
    data = copy.deepcopy(record)
    data["traject_id"] = traject_id
    for (deel, veld), waarde in BIJZONDER.items():
        data[deel][veld] = waarde
    return data


def _package(docx: Path | bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx)


def part(docx: Path | bytes, name: str = "word/document.xml") -> bytes:
    with _package(docx) as package:
        return package.read(name)


def xml_parts(docx: Path | bytes) -> dict[str, bytes]:
    with _package(docx) as package:
        return {n: package.read(n) for n in package.namelist() if n.endswith((".xml", ".rels"))}


def paragraphs(docx: Path | bytes, name: str = "word/document.xml") -> list[str]:
    """The text of every paragraph (tables included) of one part."""
    root = etree.fromstring(part(docx, name))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def docx_text(docx: Path | bytes) -> str:
    return "\n".join(paragraphs(docx))


def pdf_lines(pdf: Path) -> list[str]:
    """The PDF's text lines, as a program reading it back sees them (pypdf)."""
    return list(_pdf_lines(str(pdf), pdf.stat().st_mtime_ns))


@cache
def _pdf_lines(pdf: str, mtime_ns: int) -> tuple[str, ...]:
    reader = PdfReader(pdf)
    return tuple(line.strip() for page in reader.pages for line in page.extract_text().splitlines())


def pdf_text(pdf: Path) -> str:
    """All text of a PDF with line breaks made spaces (a name may wrap)."""
    return re.sub(r"\s+", " ", " ".join(pdf_lines(pdf)))


def canonical(xml: bytes) -> str:
    """C14N 2.0, then indented: stable across serializers, readable in a diff."""
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(etree.canonicalize(xml.decode("utf-8")).encode("utf-8"), parser)
    return str(etree.tostring(root, pretty_print=True, encoding="unicode"))
