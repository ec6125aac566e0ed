"""The cover page (*voorblad*): summary, verdict, index and hashes, in Dutch.

Built as a small Word document with python-docx and converted to PDF by LibreOffice, the
same converter the documents use (``documenten.pdf``). Why this way: the cover needs real
text layout (wrapping table cells, Unicode names such as *Yılmaz*, a red warning) in the
fonts the documents use; python-docx builds the document through an object model (no XML
by string concatenation), and LibreOffice is already required for the documents, so no
second PDF engine is added. The price is one LibreOffice start per bundle (about 1.5 s).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from overeenkomsten._tekst import dutch_date
from overeenkomsten.documenten.pdf import PdfConverter
from overeenkomsten.dossier.status import OORDEEL_UITLEG

ROOD = RGBColor(0xC0, 0x00, 0x00)
GRIJS = RGBColor(0x55, 0x55, 0x55)
FONT = "Liberation Sans"
MONO = "Liberation Mono"


@dataclass(frozen=True)
class IndexRegel:
    """One row of the index: a document, where its copy is, who signed, and its hash."""

    document: str
    titel: str
    bestand: str
    paginas: str
    handtekeningen: tuple[str, ...]
    sha256: str
    grootte: int


@dataclass(frozen=True)
class VoorbladInhoud:
    traject_id: str | None
    samenvatting: Sequence[tuple[str, str]]
    oordeel: str
    bevindingen: Sequence[tuple[str, str, str]]  # (ernst, regel, bericht)
    ook_bij_fouten: bool
    index: Sequence[IndexRegel]
    gemaakt_op: dt.datetime
    versie: str
    zegel: bool
    vertrouwd_opgegeven: bool
    opmerkingen: Sequence[str] = field(default_factory=tuple)


def cover_pdf(inhoud: VoorbladInhoud, soffice: str | None = None) -> bytes:
    """The cover page as PDF bytes (python-docx, then LibreOffice)."""
    with tempfile.TemporaryDirectory(prefix="overeenkomsten-voorblad-") as work:
        docx = Path(work) / "voorblad.docx"
        docx.write_bytes(cover_docx(inhoud))
        with PdfConverter(soffice) as converter:
            (pdf,) = converter.convert([docx])
        return pdf.read_bytes()


def cover_docx(inhoud: VoorbladInhoud) -> bytes:
    """The cover page as .docx bytes."""
    doc = Document()
    _base_style(doc)
    _heading(doc, "Dossier praktijkleren in het mbo", 18)
    _paragraph(doc, f"Traject {inhoud.traject_id or '(onbekend)'}", size=13, bold=True)
    if inhoud.ook_bij_fouten and inhoud.oordeel == "fouten":
        _paragraph(
            doc,
            "LET OP: de controle vond fouten. Dit dossier is toch gebundeld op verzoek "
            "(--ook-bij-fouten); het is niet in orde.",
            bold=True,
            color=ROOD,
            size=12,
        )
    for opmerking in inhoud.opmerkingen:
        _paragraph(doc, opmerking, color=GRIJS)

    _heading(doc, "Traject", 13)
    if inhoud.samenvatting:
        _pairs(doc, inhoud.samenvatting)
    else:
        _paragraph(doc, "Geen traject.json bij de documenten: zie de documenten zelf.")

    _heading(doc, "Oordeel van de controle", 13)
    fout = inhoud.oordeel == "fouten"
    _paragraph(doc, f"Oordeel: {inhoud.oordeel}", bold=True, color=ROOD if fout else None)
    _paragraph(doc, OORDEEL_UITLEG.get(inhoud.oordeel, ""))
    if not inhoud.vertrouwd_opgegeven:
        _paragraph(
            doc,
            "Bij het bundelen is geen vertrouwde basis opgegeven (--vertrouwd): "
            "handtekeningen heten dan 'niet vertrouwd', ook als ze intact zijn.",
            color=GRIJS,
        )
    for ernst, regel, bericht in inhoud.bevindingen:
        _paragraph(
            doc,
            f"{ernst} ({regel}): {bericht}",
            size=9,
            color=ROOD if ernst == "fout" else None,
            style="List Bullet",
        )

    _heading(doc, "Inhoud", 13)
    _index_table(doc, inhoud.index)

    _heading(doc, "Originelen (bijlagen) en hun SHA-256", 13)
    _hash_table(doc, inhoud.index)

    _heading(doc, "Zo controleert u dit dossier", 13)
    _paragraph(
        doc,
        "De pagina's na dit voorblad zijn kopieën om te lezen; een kopie is zelf niet "
        "ondertekend. De ondertekende originelen zitten ongewijzigd als bijlage in dit "
        "dossier (in een PDF-lezer: het paperclip-paneel), samen met manifest.json. "
        "Controleer alles in één keer met: overeenkomsten controleer DOSSIER.pdf "
        "--vertrouwd BASIS.pem, of open een bijlage en bekijk de handtekeningen. "
        "De SHA-256 hierboven moet gelijk zijn aan die van de bijlage.",
    )
    _paragraph(
        doc,
        "Dit dossier is verzegeld: elke wijziging na het bundelen is zichtbaar."
        if inhoud.zegel
        else "Dit dossier is niet verzegeld.",
    )
    moment = inhoud.gemaakt_op
    _paragraph(
        doc,
        f"Gemaakt op {dutch_date(moment.date())} om {moment:%H:%M} "
        f"met overeenkomsten {inhoud.versie}.",
        size=9,
        color=GRIJS,
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _base_style(doc: Any) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.8)


def _heading(doc: Any, text: str, size: int) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    run.font.name = FONT


def _paragraph(
    doc: Any,
    text: str,
    *,
    size: float = 10,
    bold: bool = False,
    color: RGBColor | None = None,
    style: str | None = None,
) -> None:
    paragraph = doc.add_paragraph(style=style)
    paragraph.paragraph_format.space_after = Pt(3)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = FONT
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _cell(
    cell: Any, lines: Sequence[str], *, size: float = 9, bold: bool = False, mono: bool = False
) -> None:
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.font.size = Pt(size)
        run.font.name = MONO if mono else FONT
        run.bold = bold


def _table(doc: Any, headers: Sequence[str], widths: Sequence[float]) -> Any:
    table = doc.add_table(rows=1, cols=len(headers))
    _fixed(table, widths)
    for cell, header, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Cm(width)
        _cell(cell, [header], bold=True)
    return table


def _fixed(table: Any, widths: Sequence[float]) -> None:
    """Fixed column widths: LibreOffice reads them from the table grid, Word from cells."""
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _add_row(
    table: Any, cells: Sequence[Sequence[str]], widths: Sequence[float], *, mono_last: bool = False
) -> None:
    row = table.add_row()
    for index, (cell, lines, width) in enumerate(zip(row.cells, cells, widths, strict=True)):
        cell.width = Cm(width)
        mono = mono_last and index == len(cells) - 1
        _cell(cell, lines, mono=mono, size=7 if mono else 9)


def _pairs(doc: Any, pairs: Sequence[tuple[str, str]]) -> None:
    widths = (4.0, 13.0)
    table = doc.add_table(rows=0, cols=2)
    _fixed(table, widths)
    for label, value in pairs:
        _add_row(table, ([label], [value]), widths)


def _index_table(doc: Any, index: Sequence[IndexRegel]) -> None:
    widths = (3.6, 3.3, 10.1)
    table = _table(doc, ("Document", "Pagina's", "Ondertekenaars en status"), widths)
    for regel in index:
        _add_row(
            table,
            (
                [regel.document, regel.titel],
                [regel.paginas],
                list(regel.handtekeningen)
                or ["geen digitale handtekening: niet digitaal controleerbaar"],
            ),
            widths,
        )


def _hash_table(doc: Any, index: Sequence[IndexRegel]) -> None:
    widths = (4.6, 1.8, 10.6)
    table = _table(doc, ("Bestand (bijlage)", "Grootte", "SHA-256"), widths)
    for regel in index:
        _add_row(
            table,
            ([regel.bestand], [_size(regel.grootte)], [regel.sha256]),
            widths,
            mono_last=True,
        )


def _size(grootte: int) -> str:
    if grootte < 1024:
        return f"{grootte} bytes"
    return f"{grootte / 1024:.0f} kB".replace(".", ",")
