"""Reading the Kenmerken contract back from text: PDF lines that wrap, blocks that lack a
line, Word's tracked changes, headers."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from overeenkomsten.controle import DocumentBron, read_document
from overeenkomsten.controle.tekst import parse_date, read_text, split_name_and_code
from overeenkomsten.model.kenmerken import LABELS
from tests.controle.bouw import contract_lines
from tests.controle.helpers import traject


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 september 2026", dt.date(2026, 9, 7)),
        ("7  September 2026", dt.date(2026, 9, 7)),
        ("2026-09-07", dt.date(2026, 9, 7)),
        ("7-9-2026", dt.date(2026, 9, 7)),
        ("31 februari 2026", None),
        ("7 septembr 2026", None),
        ("morgen", None),
    ],
)
def test_dates_as_printed(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_name_and_code_uses_the_last_brackets() -> None:
    assert split_name_and_code("Jansen (Holding) B.V. (12345678)") == (
        "Jansen (Holding) B.V.",
        "12345678",
    )
    assert split_name_and_code("Jansen B.V.") is None


def test_a_wrapped_pdf_line_is_joined_but_a_docx_paragraph_is_not() -> None:
    lines = contract_lines(traject(), "POK")
    index = next(i for i, line in enumerate(lines) if line.startswith("Leerbedrijf (KvK):"))
    wrapped = [*lines[:index], "Leerbedrijf (KvK): Transport & Opslag", "Twente B.V. (12345678)"]
    wrapped += lines[index + 1 :]
    pdf = read_text(wrapped, wrapped=True)
    assert pdf.kenmerken["Leerbedrijf (KvK)"] == "Transport & Opslag Twente B.V. (12345678)"
    assert pdf.kenmerken["Praktijkopleider"] == "A. El Amrani"
    word = read_text(wrapped, wrapped=False)
    assert word.kenmerken["Leerbedrijf (KvK)"] == "Transport & Opslag"
    assert "Praktijkopleider" not in word.kenmerken


def test_a_deleted_line_does_not_shift_the_others() -> None:
    lines = [line for line in contract_lines(traject(), "OOK") if not line.startswith("Leerweg:")]
    found = read_text(lines, wrapped=True)
    assert "Leerweg" not in found.kenmerken
    assert found.kenmerken["Startdatum"] == "7 september 2026"
    assert len(found.kenmerken) == len(LABELS) - 1


def test_a_header_repeating_the_traject_is_not_the_block() -> None:
    lines = ["Traject: RMT-TW-2026-0042 | pagina 1", *contract_lines(traject(), "OOK")]
    found = read_text(lines, wrapped=False)
    assert found.kenmerken["Traject"] == "RMT-TW-2026-0042"
    assert found.kenmerken["Document"] == "OOK"


def test_signature_blocks_title_werkprocessen_and_bsn() -> None:
    lines = contract_lines(traject(), "PV")
    lines.insert(lines.index("Functie: teamleider magazijn") + 1, "Namens: Transport & Opslag")
    found = read_text([line for line in lines if not line.startswith("Document:")], wrapped=True)
    blocks = {b.rol: b for b in found.ondertekenaars}
    assert blocks["praktijkopleider"].naam == "A. El Amrani"
    assert blocks["praktijkopleider"].namens == "Transport & Opslag"
    assert blocks["examencommissie"].naam == "E. Smit"
    assert found.titel == "PV"
    assert found.werkprocessen == (("B1-K1-W1", "25371"), ("B1-K1-W3", "25371"))
    assert read_text(contract_lines(traject(), "OOK"), wrapped=False).bsn == ("111222333",)


def test_tracked_changes_count_as_accepted_and_headers_are_read() -> None:
    """Retyped with track changes on: the deletion is gone, the insertion counts."""
    document = docx.Document()
    for line in contract_lines(traject(), "PLOK"):
        document.add_paragraph(line)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Startdatum:"))
    paragraph.runs[0].text = "Startdatum: "
    change = f'w:id="1" w:author="Medewerker" w:date="2026-09-01T10:00:00Z" {nsdecls("w")}'
    paragraph._p.append(
        parse_xml(f"<w:del {change}><w:r><w:delText>7 september 2026</w:delText></w:r></w:del>")
    )
    paragraph._p.append(
        parse_xml(f"<w:ins {change}><w:r><w:t>14 september 2026</w:t></w:r></w:ins>")
    )
    document.sections[0].header.paragraphs[0].text = "Vertrouwelijk - BSN 999999990"
    buffer = io.BytesIO()
    document.save(buffer)
    found = read_document(DocumentBron("plok.docx", buffer.getvalue()))
    assert found.kenmerken["Startdatum"] == "14 september 2026"
    assert "999999990" in found.bsn
    assert found.type == "PLOK"
