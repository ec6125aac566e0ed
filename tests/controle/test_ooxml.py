"""The .docx reader (zipfile + lxml) against python-docx: the same text on the real generated
documents, Word's tracked changes and odd markup, and packages that are no document."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.blkcntnr import BlockItemContainer
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import Table, _Cell

from overeenkomsten.controle import DocumentBron, ooxml, read_document
from overeenkomsten.controle.ooxml import read_word
from overeenkomsten.controle.tekst import normalize
from tests.controle.bouw import contract_lines, custom_properties, properties, write_docx
from tests.controle.helpers import traject


def python_docx_lines(data: bytes) -> list[str]:
    """The reference: python-docx's paragraph texts of the body, then of every header and
    footer part in package order; table cells one by one, a tab as a space."""
    document = docx.Document(io.BytesIO(data))
    lines = list(_container_lines(document))
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith(("/word/header", "/word/footer")):
            lines.extend(_container_lines(BlockItemContainer(part.element, part)))
    return lines


def _container_lines(container: Any) -> Iterator[str]:
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block._tbl.tr_lst:
                for cell in row.tc_lst:
                    yield from _container_lines(_Cell(cell, block))
        else:
            yield from block.text.replace("\t", " ").split("\n")


def _printed(lines: list[str]) -> list[str]:
    """Lines as the check reads them: normalised, empty ones left out."""
    return [clean for line in lines if (clean := normalize(line))]


@pytest.mark.libreoffice
def test_same_text_as_python_docx_on_every_generated_document(sets: dict[str, Path]) -> None:
    files = sorted(path for folder in sets.values() for path in folder.glob("*.docx"))
    assert len(files) >= 15
    for path in files:
        data = path.read_bytes()
        content = read_word(data)
        assert content is not None
        ours = [line for line in content.lines if line]
        assert ours == [line for line in python_docx_lines(data) if line], path.name
        assert dict(content.properties) == custom_properties(path), path.name
        # From disk or from memory (as the batch could pass the rendered bytes): one result.
        from_disk = read_document(path)
        from_memory = read_document(DocumentBron(path.name, data))
        assert from_disk.pad == path
        from_disk.pad = None
        assert from_disk == from_memory
        assert from_disk.bruikbaar, path.name


def _with_revisions(build: Callable[[Any], None]) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_CHANGE = f'w:id="1" w:author="Medewerker" w:date="2026-09-01T10:00:00Z" {nsdecls("w")}'


def test_tracked_changes_tabs_breaks_tables_and_content_controls() -> None:
    def build(document: Any) -> None:
        tabbed = document.add_paragraph("Naam:")
        tabbed.add_run().add_tab()
        tabbed.add_run("A. El Amrani")
        tabbed.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(4))  # no text
        broken = document.add_paragraph("Regel een")
        broken.add_run().add_break()
        broken.add_run("regel twee")
        revised = document.add_paragraph("Startdatum: ")
        revised._p.append(
            parse_xml(f"<w:del {_CHANGE}><w:r><w:tab/><w:delText>7 sep</w:delText></w:r></w:del>")
        )
        revised._p.append(parse_xml(f"<w:ins {_CHANGE}><w:r><w:t>14 sep</w:t></w:r></w:ins>"))
        moved = document.add_paragraph("Einde ")
        moved._p.append(parse_xml(f"<w:moveFrom {_CHANGE}><w:r><w:t>oud</w:t></w:r></w:moveFrom>"))
        moved._p.append(parse_xml(f"<w:moveTo {_CHANGE}><w:r><w:t>nieuw</w:t></w:r></w:moveTo>"))
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "links"
        table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "genest"
        document.element.body.append(
            parse_xml(
                f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>in een veld</w:t></w:r>"
                "<w:r><w:noBreakHyphen/><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>"
            )
        )
        document.sections[0].header.paragraphs[0].text = "Koptekst"
        document.sections[0].footer.paragraphs[0].text = "Voettekst"

    content = read_word(_with_revisions(build))
    assert content is not None
    assert _printed(content.lines) == [
        "Naam: A. El Amrani",
        "Regel een",
        "regel twee",
        "Startdatum: 14 sep",
        "Einde nieuw",
        "links",
        "genest",
        "in een veld-x",
        "Koptekst",
        "Voettekst",
    ]


def _rewrite(data: bytes, change: Callable[[str, bytes], tuple[str, bytes] | None]) -> bytes:
    """``data`` (a zip) with each member passed through ``change`` (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            result = change(name, source.read(name))
            if result is not None:
                target.writestr(result[0], result[1])
    return out.getvalue()


@pytest.fixture(scope="module")
def ook() -> bytes:
    t = traject()
    buffer = io.BytesIO()
    write_docx(buffer, contract_lines(t, "OOK"), properties(t, "OOK"))
    return buffer.getvalue()


def test_the_main_part_is_found_through_the_relationships(ook: bytes) -> None:
    """Word 365 sometimes names the body word/document2.xml: still the same document."""

    def rename(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "word/document.xml":
            return "word/document2.xml", content
        if name == "word/_rels/document.xml.rels":
            return "word/_rels/document2.xml.rels", content
        return name, content.replace(b"/word/document.xml", b"/word/document2.xml").replace(
            b'Target="word/document.xml"', b'Target="word/document2.xml"'
        )

    found = read_document(DocumentBron("ook.docx", _rewrite(ook, rename)))
    expected = read_document(DocumentBron("ook.docx", ook))
    assert found.leesfout is None
    assert (found.type, found.kenmerken, found.metadata) == (
        expected.type,
        expected.kenmerken,
        expected.metadata,
    )


def _code(data: bytes, naam: str = "x.docx") -> str | None:
    leesfout = read_document(DocumentBron(naam, data)).leesfout
    return leesfout.code if leesfout is not None else None


def test_packages_that_are_no_word_document(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.save(tmp_path / "lijst.xlsx")
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("notities.txt", "geen document")
    assert _code((tmp_path / "lijst.xlsx").read_bytes(), "lijst.docx") == "geen-document"
    assert _code(plain.getvalue()) == "geen-document"


@pytest.mark.parametrize(
    "damage",
    ["onderdeel-ontbreekt", "macro-document", "geen-inhoudstypen", "geen-body", "kapotte-xml"],
)
def test_damaged_word_packages_are_unreadable(ook: bytes, damage: str) -> None:
    def change(name: str, content: bytes) -> tuple[str, bytes] | None:
        if damage == "onderdeel-ontbreekt" and name == "word/styles.xml":
            return None  # still named in the relationships
        if damage == "macro-document" and name == "[Content_Types].xml":
            return name, content.replace(
                b"wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        if damage == "geen-inhoudstypen" and name == "[Content_Types].xml":
            return None
        if damage == "geen-body" and name == "word/document.xml":
            return name, re.sub(rb"<w:body>.*</w:body>", b"", content, flags=re.DOTALL)
        if damage == "kapotte-xml" and name == "word/document.xml":
            return name, content[: len(content) // 2]
        return name, content

    assert _code(_rewrite(ook, change)) == "docx-onleesbaar"


def test_a_part_too_large_to_unpack_is_not_read(
    ook: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is checked against the size the zip declares, before unpacking."""
    monkeypatch.setattr(ooxml, "MAX_PART_BYTES", 4000)
    assert _code(ook) == "docx-onleesbaar"
    monkeypatch.setattr(ooxml, "MAX_PART_BYTES", 10**6)
    assert _code(ook) is None
