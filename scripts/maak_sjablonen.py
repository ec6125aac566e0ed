"""Build the four shipped Word templates in ``sjablonen/`` (OOK, POK, PLOK, PV).

Run ``python scripts/maak_sjablonen.py`` after changing this script and commit the .docx
files: users edit the templates in Word or LibreOffice, this script is only their origin.

Rules the templates keep (the renderer and ``overeenkomsten sjablonen-controle`` rely on
them):

* every Jinja tag sits in one run (each tag is written with a single ``add_run``);
* fonts are Liberation Serif / Liberation Sans, installed by ``scripts/setup.sh``, set
  explicitly in every style (no theme fonts, so nothing falls back to Calibri);
* page 1 carries the Kenmerken block, one ``"{label}: {value}"`` paragraph per fact;
* signature blocks are ``Handtekening <rol>`` + ``Naam: ...`` (+ ``Functie: ...`` and
  ``Namens: ...`` for an organisation) + empty ``Plaats:``/``Datum:`` lines for the signer;
* articles are a paragraph ``Artikel N  Titel``, members a paragraph ``N.M<TAB>...``;
* no other paragraph starts with a Kenmerken label followed by a colon, so a program
  reading the facts back finds each only once.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
SERIF = "Liberation Serif"
SANS = "Liberation Sans"
DONKER = RGBColor(0x1F, 0x38, 0x64)
GRIJS = RGBColor(0x59, 0x59, 0x59)

Deel = str | tuple[str, str]  # plain text, or ("b", text) for bold, ("i", text) for italic


class Sjabloon:
    """A contract template under construction: styles, numbered articles, signatures."""

    def __init__(self, document_type: str) -> None:
        self.document_type = document_type
        self.doc = Document()
        self.artikel_nummer = 0
        self.lid_nummer = 0
        self._page_setup()
        self._styles()
        self._footer()

    # -- layout -------------------------------------------------------------------------

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = Cm(2.2)
        section.bottom_margin = Cm(2.2)
        section.footer_distance = Cm(1.0)

    def _styles(self) -> None:
        styles = self.doc.styles
        # python-docx's default template carries some 140 table styles (330 kB of XML);
        # LibreOffice parses them for every document, which doubles its conversion time.
        for style in styles.element.findall(qn("w:style")):
            if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
                "TableNormal",
                "TableGrid",
            ):
                styles.element.remove(style)
        for fonts in styles.element.iter(qn("w:rFonts")):
            for key in list(fonts.attrib):
                del fonts.attrib[key]
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), SERIF)
        for lang in styles.element.iter(qn("w:lang")):
            lang.set(qn("w:val"), "nl-NL")
            lang.set(qn("w:eastAsia"), "nl-NL")
        for color in styles.element.iter(qn("w:color")):
            if color.get(qn("w:themeColor")) is not None:
                del color.attrib[qn("w:themeColor")]

        normal = styles["Normal"]
        normal.font.name = SERIF
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.15

        def sans(name: str, size: float, *, bold: bool = True, color: RGBColor = DONKER) -> None:
            style = styles[name]
            style.font.name = SANS
            style.font.size = Pt(size)
            style.font.bold = bold
            style.font.italic = False
            style.font.color.rgb = color
            _set_fonts(style.element.get_or_add_rPr(), SANS)
            style.paragraph_format.keep_with_next = True

        sans("Title", 20)
        styles["Title"].paragraph_format.space_after = Pt(2)
        _remove_borders(styles["Title"].element)
        sans("Subtitle", 11, bold=False, color=GRIJS)
        styles["Subtitle"].paragraph_format.space_after = Pt(12)
        sans("Heading 1", 12.5)
        styles["Heading 1"].paragraph_format.space_before = Pt(14)
        styles["Heading 1"].paragraph_format.space_after = Pt(4)
        sans("Heading 2", 10.5)
        styles["Heading 2"].paragraph_format.space_before = Pt(10)
        styles["Heading 2"].paragraph_format.space_after = Pt(3)

        kenmerk = styles.add_style("Kenmerk", 1)
        kenmerk.base_style = normal
        kenmerk.font.name = SANS
        kenmerk.font.size = Pt(9)
        _set_fonts(kenmerk.element.get_or_add_rPr(), SANS)
        kenmerk.paragraph_format.space_after = Pt(0)
        kenmerk.paragraph_format.line_spacing = 1.0
        kenmerk.paragraph_format.left_indent = Cm(0.2)
        _shade(kenmerk.element, "EEF2F7")

        lid = styles.add_style("Lid", 1)
        lid.base_style = normal
        lid.paragraph_format.left_indent = Cm(1.0)
        lid.paragraph_format.first_line_indent = Cm(-1.0)
        lid.paragraph_format.tab_stops.add_tab_stop(Cm(1.0))

        opsomming = styles.add_style("Opsomming", 1)
        opsomming.base_style = normal
        opsomming.paragraph_format.left_indent = Cm(1.6)
        opsomming.paragraph_format.first_line_indent = Cm(-0.6)
        opsomming.paragraph_format.space_after = Pt(2)
        opsomming.paragraph_format.tab_stops.add_tab_stop(Cm(1.6))

        blok = styles.add_style("Handtekening", 1)
        blok.base_style = normal
        blok.paragraph_format.space_after = Pt(1)
        blok.paragraph_format.keep_with_next = True
        blok.paragraph_format.keep_together = True

        footer = styles["Footer"]
        footer.paragraph_format.tab_stops.clear_all()
        footer.font.name = SANS
        footer.font.size = Pt(8)
        footer.font.color.rgb = GRIJS
        _set_fonts(footer.element.get_or_add_rPr(), SANS)

        for name in ("Table Grid",):
            _set_fonts(styles[name].element.get_or_add_rPr(), SANS)

    def _footer(self) -> None:
        section = self.doc.sections[0]
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.doc.styles["Footer"]
        width = Cm(21.0 - 2 * 2.5)  # A4 minus the margins of _page_setup
        paragraph.paragraph_format.tab_stops.clear_all()
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run("{{ traject_id }}")
        paragraph.add_run(" – ")
        paragraph.add_run("{{ titel }}")
        paragraph.add_run(" (")
        paragraph.add_run("{{ document }}")
        paragraph.add_run(")\tpagina ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" van ")
        _field(paragraph, "NUMPAGES", "1")

    # -- content ------------------------------------------------------------------------

    def p(self, *delen: Deel, style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        for deel in delen:
            if isinstance(deel, tuple):
                soort, tekst = deel
                run = paragraph.add_run(tekst)
                run.bold = soort == "b"
                run.italic = soort == "i"
            else:
                paragraph.add_run(deel)
        return paragraph

    def tag(self, tag: str) -> None:
        """A paragraph holding only a paragraph-level tag (``{%p if ... %}``)."""
        self.doc.add_paragraph().add_run(tag)

    def kop(self, tekst: str) -> None:
        self.doc.add_paragraph(tekst, style="Heading 1")

    def titel(self, titel: str, ondertitel: str, bovenschrift: str | None = None) -> None:
        if bovenschrift:
            boven = self.p(bovenschrift, style="Subtitle")
            boven.paragraph_format.space_after = Pt(0)
        self.doc.add_paragraph(titel, style="Title")
        self.p(ondertitel, style="Subtitle")

    def kenmerken(self) -> None:
        self.kop("Kenmerken")
        self.tag("{%p for k in kenmerken %}")
        paragraph = self.doc.add_paragraph(style="Kenmerk")
        label = paragraph.add_run("{{ k.label }}")
        label.bold = True
        paragraph.add_run(": ")
        paragraph.add_run("{{ k.waarde }}")
        self.tag("{%p endfor %}")
        ruimte = self.doc.add_paragraph()
        ruimte.paragraph_format.space_after = Pt(6)

    def artikel(self, kop: str) -> None:
        self.artikel_nummer += 1
        self.lid_nummer = 0
        self.doc.add_paragraph(f"Artikel {self.artikel_nummer}  {kop}", style="Heading 2")

    def lid(self, *delen: Deel) -> None:
        self.lid_nummer += 1
        self.p(f"{self.artikel_nummer}.{self.lid_nummer}\t", *delen, style="Lid")

    def punt(self, letter: str, *delen: Deel) -> None:
        self.p(f"{letter}.\t", *delen, style="Opsomming")

    def handtekening(
        self,
        rol_label: str,
        naam: str,
        functie: str | None = None,
        namens: str | None = None,
    ) -> None:
        """A signature block: heading, Naam, (Functie, Namens), empty Plaats and Datum, line.

        Place and date are left to each signer (domein.md §2): a wet-ink signer writes them,
        a digital signature carries its own time. A natural person signing for themself has
        no Functie line.
        """
        kop = self.p((("b", f"Handtekening {rol_label}")), style="Handtekening")
        kop.paragraph_format.space_before = Pt(16)
        self.p("Naam: ", naam, style="Handtekening")
        if functie:
            self.p("Functie: ", functie, style="Handtekening")
        if namens:
            self.p("Namens: ", namens, style="Handtekening")
        self.p("Plaats: ______________________", style="Handtekening")
        self.p("Datum: ______________________", style="Handtekening")
        lijn = self.p("________________________________________", style="Handtekening")
        lijn.paragraph_format.space_before = Pt(22)
        lijn.paragraph_format.keep_with_next = False

    def werkproces_tabel(self, lijst: str = "werkprocessen") -> None:
        table = self.doc.add_table(rows=4, cols=2)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        kop = table.rows[0].cells
        for cell, tekst in zip(kop, ("Werkproces (kwalificatie)", "Omschrijving"), strict=True):
            run = cell.paragraphs[0].add_run(tekst)
            run.bold = True
            _shade_cell(cell, "DCE4EF")
        _repeat_header(table.rows[0])
        table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for wp in {lijst} %}}")
        table.rows[2].cells[0].paragraphs[0].add_run("{{ wp.regel }}")
        table.rows[2].cells[1].paragraphs[0].add_run("{{ wp.titel }}")
        table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
        for row in table.rows:
            row.cells[0].width = Cm(6.0)
            row.cells[1].width = Cm(10.0)
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(2)
                    for run in paragraph.runs:
                        run.font.name = SANS
                        run.font.size = Pt(9.5)
                        _set_fonts(run._r.get_or_add_rPr(), SANS)

    def pagina_rand(self) -> None:
        """A border around every page: the frame of the mbo-verklaring."""
        sect_pr = self.doc.sections[0]._sectPr
        borders = OxmlElement("w:pgBorders")
        borders.set(qn("w:offsetFrom"), "page")
        for side in ("top", "left", "bottom", "right"):
            border = OxmlElement(f"w:{side}")
            border.set(qn("w:val"), "double")
            border.set(qn("w:sz"), "6")
            border.set(qn("w:space"), "24")
            border.set(qn("w:color"), "1F3864")
            borders.append(border)
        # pgBorders follows pgMar in the schema's sequence.
        sect_pr.find(qn("w:pgMar")).addnext(borders)

    def save(self, path: Path) -> None:
        core = self.doc.core_properties
        core.title = f"Sjabloon {self.document_type}"
        core.author = "overeenkomsten"
        core.comments = "Sjabloon voor overeenkomsten (praktijkleren in het mbo)"
        core.language = "nl-NL"
        core.last_modified_by = "overeenkomsten"
        core.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        path.write_bytes(_clean_package(buffer.getvalue()))


# -- small XML helpers -------------------------------------------------------------------


def _set_fonts(r_pr: Any, font: str) -> None:
    """Set all four font slots of a ``w:rPr`` (no theme fonts: they fall back to Calibri)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _shading(fill: str) -> Any:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def _shade(style_element: Any, fill: str) -> None:
    p_pr = style_element.get_or_add_pPr()
    p_pr.insert_element_before(_shading(fill), *_PPR_AFTER_SHD)


def _shade_cell(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.insert_element_before(_shading(fill), *_TCPR_AFTER_SHD)


# The elements that follow w:shd in the schema sequences of w:pPr and w:tcPr (ECMA-376).
_PPR_AFTER_SHD = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_TCPR_AFTER_SHD = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _remove_borders(style_element: object) -> None:
    p_pr = style_element.find(qn("w:pPr"))  # type: ignore[attr-defined]
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instrText / separate / result / end runs."""

    def run_with(child: object) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


_DROP_PARTS = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/")
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>0</TotalTime>'
    "<Application>overeenkomsten</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "<AppVersion>16.0000</AppVersion></Properties>"
)


_RELATIONSHIP_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels")


def _clean_package(data: bytes) -> bytes:
    """Drop python-docx's sample parts (thumbnail, customXml, stylesWithEffects)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename.startswith(_DROP_PARTS):
                continue
            content = source.read(item.filename)
            if item.filename in _RELATIONSHIP_PARTS:
                content = _drop_references(content)
            elif item.filename == "docProps/app.xml":
                content = _APP_XML.encode("utf-8")
            elif item.filename == "word/settings.xml":
                text = content.decode("utf-8")
                text = text.replace(
                    '<w:themeFontLang w:val="en-US"', '<w:themeFontLang w:val="nl-NL"'
                )
                text = text.replace("<w:savePreviewPicture/>", "")
                text = re.sub(r"<w:rsids>.*?</w:rsids>", "", text)
                content = text.encode("utf-8")
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _drop_references(content: bytes) -> bytes:
    text = content.decode("utf-8")
    for part in ("thumbnail.jpeg", "stylesWithEffects.xml", "customXml/item1.xml", "itemProps1"):
        text = re.sub(rf"<(Relationship|Override)[^>]*{re.escape(part)}[^>]*/>", "", text)
    return text.encode("utf-8")


# -- the four documents --------------------------------------------------------------------
#
# Written to domein.md v2 section 2. Conventions the check relies on (X15): articles are a
# paragraph "Artikel N  Titel", members a paragraph "N.M<TAB>..."; every fact a rule uses
# (dates, crebo, names, BRIN, KvK, hours, amounts, werkprocessen) is printed as plain text in
# a clause, dates as Dutch long dates, in the formats of the Kenmerken block. No machine
# codes in sentences; an official abbreviation only after its words.

INSTELLING_PARTIJ: tuple[Deel, ...] = (
    ("b", "{{ instelling.naam }}"),
    ", BRIN {{ instelling.brin }}, gevestigd aan {{ instelling.straat }} "
    "{{ instelling.huisnummer }}, {{ instelling.postcode }} {{ instelling.plaats }}, hierbij "
    "vertegenwoordigd door {{ instelling.ondertekenaar.naam }}, "
    "{{ instelling.ondertekenaar.functie }}, hierna: de instelling;",
)
LEERBEDRIJF_PARTIJ: tuple[Deel, ...] = (
    ("b", "{{ leerbedrijf.naam }}"),
    ", KvK-nummer {{ leerbedrijf.kvk }}, door SBB erkend leerbedrijf met leerbedrijf-ID "
    "{{ leerbedrijf.leerbedrijf_id }}, gevestigd aan {{ leerbedrijf.straat }} "
    "{{ leerbedrijf.huisnummer }}, {{ leerbedrijf.postcode }} {{ leerbedrijf.plaats }}, "
    "hierbij vertegenwoordigd door {{ leerbedrijf.ondertekenaar.naam }}, "
    "{{ leerbedrijf.ondertekenaar.functie }}, hierna: het leerbedrijf;",
)
REGIO_PARTIJ: tuple[Deel, ...] = (
    ("b", "{{ rmt.partij }}"),
    ", handelend namens {{ rmt.naam }} (arbeidsmarktregio {{ rmt.arbeidsmarktregio }}), "
    "hierbij vertegenwoordigd door {{ rmt.ondertekenaar.naam }}, "
    "{{ rmt.ondertekenaar.functie }}, hierna: de regio;",
)
KANDIDAAT_GEBOREN = ", geboren op {{ kandidaat.geboortedatum|datum }}"
KANDIDAAT_ADRES = (
    ", wonende aan {{ kandidaat.straat }} {{ kandidaat.huisnummer }}, "
    "{{ kandidaat.postcode }} {{ kandidaat.woonplaats }}"
)
# The BSN only in the OOK (domein.md section 9).
KANDIDAAT_NUMMER = (
    ", {% if kandidaat.bsn %}burgerservicenummer {{ kandidaat.bsn }}"
    "{% else %}onderwijsnummer {{ kandidaat.onderwijsnummer }}{% endif %}"
)
VERTEGENWOORDIGD = (
    "{% if minderjarig %}, die minderjarig is en bij het sluiten van deze overeenkomst wordt "
    "vertegenwoordigd door de wettelijk vertegenwoordiger "
    "{{ kandidaat.wettelijk_vertegenwoordiger.naam }}{% endif %}"
)
OPLEIDING = (
    "de opleiding {{ opleiding.naam }}, crebonummer {{ opleiding.crebo }}, niveau "
    "{{ opleiding.niveau }}, in de derde leerweg (leertraject {{ opleiding.leerweg }})"
)
EINDDOEL_TEKST = (
    "{% if einddoel == 'diploma' %}het mbo-diploma van de kwalificatie {{ opleiding.naam }}"
    "{% elif einddoel == 'certificaat' %}het mbo-certificaat {{ opleiding.certificaat }}, "
    "een deel van de kwalificatie {{ opleiding.naam }}"
    "{% else %}een praktijkverklaring als onderdeel van een mbo-verklaring{% endif %}"
)
PRIJS = (
    "{% if financiering.opleidingskosten is not none %}De prijs van de opleiding (de "
    "opleidingskosten) bedraagt {{ financiering.opleidingskosten|bedrag }}.{% else %}De "
    "prijs van de opleiding legt de instelling vóór de startdatum schriftelijk vast."
    "{% endif %}"
)
BETALER = (
    "De opleidingskosten worden betaald door {{ betaler }}"
    "{% if financiering.betaald_door == 'RMT' %}, namens {{ rmt.naam }}{% endif %}"
    "{% if financiering.regeling %}, in het kader van {{ financiering.regeling }}{% endif %}."
)
GESCHILLEN = (
    "{% if instelling.geschillen %}{{ instelling.geschillen }}{% else %}de "
    "geschillencommissie die de instelling daarvoor heeft ingesteld of waarbij zij is "
    "aangesloten{% endif %}"
)
UITKERING = (
    "Of de kandidaat tijdens de beroepspraktijkvorming zijn of haar uitkering behoudt, "
    "beslist de uitkeringsinstantie. De kandidaat vraagt de uitkeringsinstantie vóór de "
    "startdatum om toestemming en meldt het besluit aan de andere partijen. Deze "
    "overeenkomst regelt het behoud van de uitkering niet."
)


def handtekening_instelling(s: Sjabloon) -> None:
    s.handtekening(
        "namens de instelling",
        "{{ instelling.ondertekenaar.naam }}",
        "{{ instelling.ondertekenaar.functie }}",
        "{{ instelling.naam }}",
    )


def handtekening_leerbedrijf(s: Sjabloon) -> None:
    s.handtekening(
        "namens het leerbedrijf",
        "{{ leerbedrijf.ondertekenaar.naam }}",
        "{{ leerbedrijf.ondertekenaar.functie }}",
        "{{ leerbedrijf.naam }}",
    )


def handtekening_regio(s: Sjabloon) -> None:
    s.handtekening(
        "namens de regio",
        "{{ rmt.ondertekenaar.naam }}",
        "{{ rmt.ondertekenaar.functie }}",
        "{{ rmt.partij }}",
    )


def handtekening_kandidaat(s: Sjabloon) -> None:
    s.handtekening("kandidaat", "{{ kandidaat.volledige_naam }}")


def handtekening_vertegenwoordiger(s: Sjabloon) -> None:
    s.tag("{%p if minderjarig %}")
    s.handtekening(
        "wettelijk vertegenwoordiger", "{{ kandidaat.wettelijk_vertegenwoordiger.naam }}"
    )
    s.tag("{%p endif %}")


def ondertekening(s: Sjabloon) -> None:
    """The date of drafting, once; each signer writes place and date in its own block."""
    s.kop("Ondertekening")
    s.p(
        "Opgemaakt op {{ ondertekening.datum|datum }} te {{ ondertekening.plaats }}. Partijen "
        "ondertekenen elk in hun eigen blok hieronder, met de plaats en de datum van hun "
        "ondertekening. Een digitale handtekening draagt haar eigen datum en tijd."
    ).paragraph_format.keep_with_next = True


def slot(s: Sjabloon, andere: str) -> None:
    s.artikel("Slotbepalingen")
    s.lid(
        "Wijzigingen van deze overeenkomst gelden alleen als alle partijen ze schriftelijk "
        "vastleggen."
    )
    s.lid("Op deze overeenkomst is Nederlands recht van toepassing.")
    s.lid(f"Deze overeenkomst hoort bij traject {{{{ traject_id }}}}. {andere}")


def onderwijsovereenkomst() -> Sjabloon:
    s = Sjabloon("OOK")
    s.titel("Onderwijsovereenkomst", "Praktijkleren in het mbo – derde leerweg")
    s.kenmerken()

    s.kop("Partijen")
    s.p("De ondergetekenden:")
    s.p("1.\t", *INSTELLING_PARTIJ, style="Lid")
    s.p(
        "2.\t",
        ("b", "{{ kandidaat.volledige_naam }}"),
        KANDIDAAT_GEBOREN
        + KANDIDAAT_ADRES
        + KANDIDAAT_NUMMER
        + ", hierna: de kandidaat"
        + VERTEGENWOORDIGD
        + ";",
        style="Lid",
    )
    s.p(
        "overwegende dat de kandidaat bij de instelling een beroepsopleiding volgt in de derde "
        "leerweg, die niet door de overheid wordt bekostigd, en die combineert met werk bij "
        "een erkend leerbedrijf (praktijkleren in het mbo), en dat partijen hun afspraken "
        "daarover in deze overeenkomst vastleggen, komen het volgende overeen."
    )

    s.artikel("Opleiding en einddoel")
    s.lid(f"De instelling verzorgt voor de kandidaat {OPLEIDING}.")
    s.lid(f"Het einddoel van de opleiding is {EINDDOEL_TEKST}.")

    s.artikel("Duur van de opleiding")
    s.lid(
        "De opleiding begint op {{ startdatum|datum }} en eindigt naar verwachting op "
        "{{ einddatum|datum }}."
    )
    s.lid(
        "De beroepspraktijkvorming bij {{ leerbedrijf.naam }} is vastgelegd in de "
        "praktijkovereenkomst van dit traject; die begint op dezelfde datum als de opleiding."
    )
    s.lid(
        "Bereikt de kandidaat het einddoel eerder of later, dan leggen partijen een andere "
        "einddatum schriftelijk vast."
    )

    s.artikel("Plaats en tijd van het onderwijs")
    s.lid(
        "{% if opleiding.lesplaats and opleiding.lesdagen %}Het onderwijs van de instelling "
        "wordt gegeven in {{ opleiding.lesplaats }}, op {{ opleiding.lesdagen }}."
        "{% elif opleiding.lesplaats %}Het onderwijs van de instelling wordt gegeven in "
        "{{ opleiding.lesplaats }}. De lesdagen maakt de instelling uiterlijk twee weken vóór "
        "de startdatum schriftelijk bekend.{% elif opleiding.lesdagen %}Het onderwijs van de "
        "instelling wordt gegeven op {{ opleiding.lesdagen }}. De lesplaats maakt de "
        "instelling uiterlijk twee weken vóór de startdatum schriftelijk bekend.{% else %}"
        "Waar en wanneer het onderwijs van de instelling wordt gegeven, maakt de instelling "
        "uiterlijk twee weken vóór de startdatum schriftelijk bekend.{% endif %}"
    )
    s.lid(
        "Het grootste deel van de opleiding is beroepspraktijkvorming (bpv) bij het "
        "leerbedrijf {{ leerbedrijf.naam }} in {{ leerbedrijf.plaats }}."
    )
    s.lid("De instelling meldt wijzigingen in plaats of tijd van het onderwijs op tijd.")

    s.artikel("Examinering")
    s.lid(
        "De examinering gebeurt volgens de examenregeling van de instelling, onder "
        "verantwoordelijkheid van de {{ instelling.examencommissie.naam }}. De kandidaat "
        "ontvangt de examenregeling vóór de startdatum."
    )
    s.lid(
        "{% if einddoel == 'praktijkverklaring' %}Aan het eind van het traject legt de "
        "praktijkopleider van het leerbedrijf in een praktijkverklaring vast welke "
        "werkprocessen de kandidaat naar zijn of haar oordeel heeft geleerd. De "
        "examencommissie neemt de praktijkverklaring op in een mbo-verklaring.{% else %}De "
        "kandidaat legt de examens af die nodig zijn voor "
        "{{ 'het mbo-diploma' if einddoel == 'diploma' else 'het mbo-certificaat' }}. De "
        "examencommissie reikt het uit zodra de kandidaat aan de eisen voldoet.{% endif %}"
    )

    s.artikel("Rechten en plichten")
    s.lid(
        "De instelling zorgt voor goed onderwijs en goede begeleiding. De bpv-begeleider van "
        "de instelling is {{ instelling.bpv_begeleider.naam }}"
        "{% if instelling.bpv_begeleider.email %} ({{ instelling.bpv_begeleider.email }})"
        "{% endif %}."
    )
    s.lid(
        "De kandidaat neemt deel aan het onderwijs en de beroepspraktijkvorming, houdt zich aan "
        "de regels van de instelling en van het leerbedrijf, en meldt veranderingen in zijn of "
        "haar situatie die voor de opleiding van belang zijn."
    )
    s.lid(
        "De overige rechten en plichten van de kandidaat staan in het studentenstatuut van de "
        "instelling, dat de kandidaat vóór de startdatum ontvangt."
    )

    s.artikel("Verzuim")
    s.lid(
        "Kan de kandidaat niet aan het onderwijs of het werk deelnemen, dan meldt hij of zij "
        "dat vóór aanvang bij de instelling en bij het leerbedrijf."
    )
    s.lid(
        "De instelling registreert verzuim. Bij ongeoorloofd verzuim neemt zij contact op met "
        "de kandidaat en informeert zij het leerbedrijf en {{ rmt.naam }}"
        "{% if minderjarig %}, en, zolang de kandidaat minderjarig is, ook de wettelijk "
        "vertegenwoordiger{% endif %}."
    )

    s.artikel("Extra ondersteuning")
    s.lid(
        "Heeft de kandidaat door een beperking of om een andere reden extra ondersteuning "
        "nodig, dan leggen de instelling en de kandidaat schriftelijk vast welke "
        "ondersteuning de instelling biedt."
    )
    s.lid("De kandidaat kan op elk moment om extra ondersteuning vragen bij de bpv-begeleider.")

    s.artikel("Prijs en betaling")
    s.lid(PRIJS)
    s.lid(BETALER + " De instelling factureert aan {{ betaler }}.")
    s.lid(
        "{% if financiering.bij_voortijdig_einde %}{{ financiering.bij_voortijdig_einde }}"
        "{% else %}Eindigt de opleiding eerder dan gepland, dan wordt de prijs naar rato "
        "berekend per begonnen maand.{% endif %}"
    )

    s.artikel("Beëindiging en ontbinding")
    s.lid("Deze overeenkomst eindigt:")
    s.punt("a", "op de dag waarop de kandidaat het einddoel heeft behaald;")
    s.punt("b", "op de geplande einddatum, tenzij partijen schriftelijk verlenging afspreken;")
    s.punt("c", "door opzegging of ontbinding volgens dit artikel.")
    s.lid(
        "De kandidaat kan de overeenkomst op elk moment schriftelijk opzeggen met een "
        "opzegtermijn van één maand."
    )
    s.lid(
        "De instelling kan de overeenkomst ontbinden als de kandidaat ernstig tekortschiet in "
        "zijn of haar verplichtingen, als de praktijkovereenkomst eindigt en er binnen vier "
        "weken geen nieuwe is, of als de financiering wegvalt. De instelling hoort de "
        "kandidaat eerst."
    )
    s.lid(
        "Eindigt de overeenkomst voordat het einddoel is behaald, dan ontvangt de kandidaat een "
        "overzicht van wat hij of zij heeft behaald."
    )

    s.artikel("Klachten en geschillen")
    s.lid(
        "Een klacht over de uitvoering van deze overeenkomst dient de kandidaat in volgens de "
        "klachtenregeling van de instelling."
    )
    s.lid(
        "Komen partijen er samen niet uit, dan kan de kandidaat het geschil voorleggen aan "
        f"{GESCHILLEN}."
    )
    s.lid("Dit laat het recht van partijen onverlet om het geschil aan de rechter voor te leggen.")

    s.artikel("Privacy")
    s.lid(
        "De instelling is verwerkingsverantwoordelijke voor de persoonsgegevens van de "
        "kandidaat die zij voor deze overeenkomst verwerkt. Zij verwerkt ze om de opleiding "
        "en de examinering uit te voeren, de kandidaat in te schrijven en verantwoording af "
        "te leggen aan degene die de opleiding betaalt, op grond van de uitvoering van deze "
        "overeenkomst en de wettelijke verplichtingen van de instelling (artikel 6, eerste "
        "lid, onder b en c, van de Algemene verordening gegevensbescherming (AVG))."
    )
    s.lid(
        "De instelling gebruikt het burgerservicenummer of het onderwijsnummer van de "
        "kandidaat alleen als persoonsgebonden nummer, zoals de Wet educatie en "
        "beroepsonderwijs toestaat. Het nummer staat alleen in deze overeenkomst en niet in "
        "de andere overeenkomsten van dit traject."
    )
    s.lid(
        "De instelling bewaart de gegevens niet langer dan nodig is voor deze doelen en de "
        "wettelijke bewaartermijnen."
    )
    s.lid(
        "De kandidaat heeft het recht op inzage, rectificatie, verwijdering en beperking van "
        "zijn of haar gegevens en op bezwaar, en kan een klacht indienen bij de Autoriteit "
        "Persoonsgegevens."
    )

    slot(
        s,
        "Voor dit traject worden ook een praktijkovereenkomst en een plaatsingsovereenkomst "
        "gesloten.",
    )

    ondertekening(s)
    handtekening_instelling(s)
    handtekening_kandidaat(s)
    handtekening_vertegenwoordiger(s)
    return s


def praktijkovereenkomst() -> Sjabloon:
    s = Sjabloon("POK")
    s.titel("Praktijkovereenkomst", "Beroepspraktijkvorming in de derde leerweg – leerbaan")
    s.kenmerken()

    s.kop("Partijen")
    s.p("De ondergetekenden:")
    s.p("1.\t", *INSTELLING_PARTIJ, style="Lid")
    s.p("2.\t", *LEERBEDRIJF_PARTIJ, style="Lid")
    s.p(
        "3.\t",
        ("b", "{{ kandidaat.volledige_naam }}"),
        KANDIDAAT_GEBOREN + KANDIDAAT_ADRES + ", hierna: de kandidaat" + VERTEGENWOORDIGD + ";",
        style="Lid",
    )
    s.p(
        "overwegende dat de kandidaat bij de instelling een opleiding volgt waarvan de "
        "beroepspraktijkvorming (bpv) bij het leerbedrijf deel uitmaakt, en dat partijen "
        "daarvoor een praktijkovereenkomst sluiten als bedoeld in artikel 7.2.8 van de Wet "
        "educatie en beroepsonderwijs, komen het volgende overeen."
    )

    s.artikel("Opleiding en leerbaan")
    s.lid(f"De kandidaat volgt bij de instelling {OPLEIDING}.")
    s.lid(f"Het einddoel is {EINDDOEL_TEKST}.")
    s.lid(
        "De bpv vindt plaats in een leerbaan: de kandidaat leert het beroep in de praktijk, "
        "door mee te werken in het leerbedrijf onder begeleiding van een praktijkopleider. "
        "Het leerbedrijf is door SBB erkend om in deze kwalificatie op te leiden."
    )
    s.lid(
        "{% if kandidaat.inkomen == 'loon' %}De kandidaat ontvangt tijdens de bpv loon van "
        "het leerbedrijf.{% else %}De kandidaat heeft geen arbeidsovereenkomst met het "
        f"leerbedrijf en heeft een uitkering. {UITKERING}{{% endif %}}"
    )

    s.artikel("Periode en omvang van de beroepspraktijkvorming")
    s.lid("De bpv begint op {{ startdatum|datum }} en eindigt op {{ einddatum|datum }}.")
    s.lid(
        "De kandidaat besteedt gemiddeld {{ bpv.uren_per_week|getal }} uur per week aan de "
        "bpv, in totaal {{ bpv_uren|getal }} uur over {{ bpv_weken|getal }} weken."
    )
    s.lid(
        "Deze uren zijn als volgt verdeeld over de studiejaren (een studiejaar loopt van "
        "1 augustus tot en met 31 juli):"
    )
    s.tag("{%p for sj in bpv_uren_per_studiejaar %}")
    # No dates here: a date in a clause is a fact the check compares with the Kenmerken.
    s.p("–\t", "studiejaar {{ sj.studiejaar }}: {{ sj.uren|getal }} uur", style="Opsomming")
    s.tag("{%p endfor %}")
    s.lid("Werktijden, vakantie en vrije dagen spreekt de kandidaat af met het leerbedrijf.")

    s.artikel("Begeleiding")
    s.lid(
        "Het leerbedrijf wijst {{ praktijkopleider.naam }}, {{ praktijkopleider.functie }}, "
        "aan als praktijkopleider. De praktijkopleider begeleidt de kandidaat op de werkplek"
        "{% if praktijkopleider.email %}, e-mail {{ praktijkopleider.email }}{% endif %}"
        "{% if praktijkopleider.telefoon %}, telefoon {{ praktijkopleider.telefoon }}"
        "{% endif %}."
    )
    s.lid(
        "De instelling wijst {{ instelling.bpv_begeleider.naam }} aan als bpv-begeleider"
        "{% if instelling.bpv_begeleider.email %}, e-mail {{ instelling.bpv_begeleider.email }}"
        "{% endif %}. De bpv-begeleider bewaakt de voortgang en de kwaliteit van de bpv."
    )
    s.lid(
        "{% if jobcoach %}Jobcoach {{ jobcoach.naam }} ({{ jobcoach.organisatie }}) "
        "ondersteunt de kandidaat en het leerbedrijf en houdt contact met de praktijkopleider "
        "en de bpv-begeleider.{% else %}Bij deze bpv is geen jobcoach betrokken.{% endif %}"
    )
    s.lid(
        "De praktijkopleider en de bpv-begeleider hebben ten minste eens per acht weken "
        "contact over de voortgang, en ten minste twee keer per studiejaar een gesprek met de "
        "kandidaat op de werkplek. Ontstaan er problemen, dan meldt de praktijkopleider of de "
        "kandidaat dit direct bij de bpv-begeleider."
    )

    s.artikel("Wat de kandidaat leert en hoe dat wordt beoordeeld")
    s.lid(
        "{% if einddoel == 'praktijkverklaring' %}Het deel van de kwalificatie "
        "{{ opleiding.naam }} (crebonummer {{ opleiding.crebo }}) dat de kandidaat in de bpv "
        "leert, bestaat uit de volgende werkprocessen:{% elif einddoel == 'certificaat' %}"
        "De kandidaat leert in de bpv het deel van de kwalificatie {{ opleiding.naam }} "
        "(crebonummer {{ opleiding.crebo }}) dat hoort bij het mbo-certificaat "
        "{{ opleiding.certificaat }}{% if werkprocessen %}, met in elk geval de volgende "
        "werkprocessen:{% else %}.{% endif %}{% else %}De kandidaat leert in de bpv de hele "
        "kwalificatie {{ opleiding.naam }} (crebonummer {{ opleiding.crebo }}, niveau "
        "{{ opleiding.niveau }}), voor het deel dat in de beroepspraktijk wordt geleerd"
        "{% if werkprocessen %}, met in elk geval de volgende werkprocessen:{% else %}."
        "{% endif %}{% endif %}"
    )
    s.tag("{%p for wp in werkprocessen %}")
    s.p("–\t", "{{ wp.regel }}", " ", "{{ wp.titel }}", style="Opsomming")
    s.tag("{%p endfor %}")
    s.lid(
        "De praktijkopleider beoordeelt geregeld wat de kandidaat beheerst en bespreekt dat "
        "met de kandidaat en de bpv-begeleider. De instelling beoordeelt de bpv en neemt "
        "daarbij het oordeel van het leerbedrijf in aanmerking."
    )
    s.lid(
        "{% if einddoel == 'praktijkverklaring' %}Aan het eind van de bpv legt de "
        "praktijkopleider in een praktijkverklaring vast welke van deze werkprocessen de "
        "kandidaat naar zijn of haar oordeel heeft geleerd; de examencommissie van de "
        "instelling neemt die op in een mbo-verklaring.{% else %}De beroepsgerichte examens "
        "worden afgenomen volgens de examenregeling van de instelling, zo veel mogelijk in de "
        "praktijk bij het leerbedrijf.{% endif %}"
    )

    s.artikel("Verplichtingen van partijen")
    s.lid(
        "Het leerbedrijf biedt de kandidaat een werkplek waar hij of zij leert wat in deze "
        "overeenkomst staat, zorgt voor een veilige werkomgeving, geeft de praktijkopleider "
        "tijd voor de begeleiding en laat de kandidaat het onderwijs bij de instelling volgen."
    )
    s.lid(
        "De instelling verzorgt het onderwijs volgens de onderwijsovereenkomst, begeleidt de "
        "kandidaat via de bpv-begeleider en zorgt voor de examinering."
    )
    s.lid(
        "De kandidaat volgt de aanwijzingen van de praktijkopleider, houdt zich aan de "
        "huisregels van het leerbedrijf en houdt zijn of haar voortgang bij."
    )

    s.artikel("Verzekering en aansprakelijkheid")
    s.lid(
        "{% if leerbedrijf.verzekering %}{{ leerbedrijf.verzekering }}{% else %}Partijen hebben "
        "nagegaan dat de kandidaat tijdens de bpv verzekerd is tegen aansprakelijkheid en "
        "ongevallen{% if kandidaat.inkomen == 'uitkering' %}, ook nu de kandidaat geen "
        "arbeidsovereenkomst met het leerbedrijf heeft{% endif %}.{% endif %}"
    )

    s.artikel("Privacy")
    s.lid(
        "Het leerbedrijf en de instelling wisselen over de kandidaat alleen de gegevens uit "
        "die nodig zijn voor de bpv: aanwezigheid, voortgang en beoordeling. Zij gebruiken die "
        "gegevens alleen voor de begeleiding, de beoordeling en de examinering van de "
        "kandidaat, volgens de Algemene verordening gegevensbescherming (AVG)."
    )
    s.lid(
        "De kandidaat kan bij het leerbedrijf en bij de instelling vragen welke gegevens over "
        "hem of haar zijn uitgewisseld."
    )

    s.artikel("Tussentijdse beëindiging")
    s.lid("Deze overeenkomst eindigt vóór de einddatum:")
    s.punt("a", "als de onderwijsovereenkomst eindigt;")
    s.punt("b", "als SBB de erkenning van het leerbedrijf intrekt;")
    s.punt("c", "als alle partijen dat schriftelijk afspreken;")
    s.punt("d", "door opzegging volgens het volgende lid.")
    s.lid(
        "Elke partij kan deze overeenkomst schriftelijk opzeggen met een termijn van één maand "
        "als voortzetting redelijkerwijs niet van haar kan worden gevraagd, bijvoorbeeld "
        "omdat een andere partij ernstig tekortschiet of omdat de kandidaat bij het "
        "leerbedrijf niet kan leren wat in deze overeenkomst staat. Zij overlegt eerst met de "
        "andere partijen."
    )
    s.lid(
        "Eindigt deze overeenkomst tussentijds, dan zoekt de instelling met de kandidaat en "
        "{{ rmt.naam }} binnen vier weken een ander leerbedrijf."
    )

    s.artikel("Geschillen")
    s.lid(
        "Partijen proberen een geschil eerst samen op te lossen, zo nodig met bemiddeling van "
        "de bpv-begeleider. Komen zij er niet uit, dan kan de kandidaat de klachtenregeling "
        f"van de instelling gebruiken en het geschil voorleggen aan {GESCHILLEN}."
    )
    s.lid("Dit laat het recht van partijen onverlet om het geschil aan de rechter voor te leggen.")

    slot(
        s,
        "Voor dit traject worden ook een onderwijsovereenkomst en een plaatsingsovereenkomst "
        "gesloten.",
    )

    ondertekening(s)
    handtekening_instelling(s)
    handtekening_leerbedrijf(s)
    handtekening_kandidaat(s)
    handtekening_vertegenwoordiger(s)
    return s


def plaatsingsovereenkomst() -> Sjabloon:
    s = Sjabloon("PLOK")
    s.titel(
        "Plaatsingsovereenkomst praktijkleren in het mbo",
        "{{ rmt.naam }} – arbeidsmarktregio {{ rmt.arbeidsmarktregio }}",
    )
    s.kenmerken()

    s.kop("Partijen")
    s.p("De ondergetekenden:")
    s.p("1.\t", *REGIO_PARTIJ, style="Lid")
    s.p("2.\t", *LEERBEDRIJF_PARTIJ, style="Lid")
    s.p(
        "3.\t",
        ("b", "{{ kandidaat.volledige_naam }}"),
        KANDIDAAT_GEBOREN
        + ", wonende te {{ kandidaat.woonplaats }}, deelnemer aan traject {{ traject_id }}, "
        "hierna: de kandidaat" + VERTEGENWOORDIGD + ";",
        style="Lid",
    )
    s.p("komen het volgende overeen.")

    s.artikel("Doel van de plaatsing")
    s.lid(
        "De regio plaatst de kandidaat bij het leerbedrijf voor praktijkleren in het mbo: de "
        "kandidaat leert een beroep in de praktijk bij het leerbedrijf en volgt daarbij "
        f"{OPLEIDING} bij {{{{ instelling.naam }}}} (BRIN {{{{ instelling.brin }}}})."
    )
    s.lid(f"Het einddoel is {EINDDOEL_TEKST}.")

    s.artikel("Status van de kandidaat")
    s.lid(
        "De kandidaat is bij de start van de plaatsing "
        "{% if kandidaat.status == 'werkzoekend' %}werkzoekend{% else %}werkend{% endif %}."
    )
    s.lid(
        "{% if kandidaat.inkomen == 'loon' %}De kandidaat ontvangt tijdens de plaatsing loon "
        "van het leerbedrijf.{% else %}De kandidaat heeft een uitkering. Of de kandidaat "
        "die tijdens de plaatsing behoudt, beslist de uitkeringsinstantie. De kandidaat vraagt "
        "de uitkeringsinstantie vóór de startdatum om toestemming en meldt het besluit aan de "
        "regio en het leerbedrijf. Deze overeenkomst legt dat vast; zij regelt het behoud van "
        "de uitkering niet.{% endif %}"
    )

    s.artikel("Duur van de plaatsing")
    s.lid(
        "De plaatsing begint op {{ startdatum|datum }}, de startdatum van de opleiding, en "
        "eindigt op {{ plaatsing_eind|datum }}."
    )
    s.lid(
        "De plaatsing duurt {{ plaatsing_dagen }} dagen ({{ plaatsing_weken|getal }} weken) en "
        "valt daarmee binnen de maximale duur van 40 weken."
    )
    s.lid(
        "{% if plaatsing_eind < einddatum %}De opleiding loopt langer door dan de plaatsing, "
        "zoals de onderwijsovereenkomst bepaalt.{% else %}De opleiding eindigt tegelijk met de "
        "plaatsing.{% endif %}"
    )

    s.artikel("Financiering")
    s.lid(
        "{% if financiering.opleidingskosten is not none %}De opleidingskosten bedragen "
        "{{ financiering.opleidingskosten|bedrag }}.{% else %}De opleidingskosten legt de "
        "instelling vóór de startdatum schriftelijk vast.{% endif %} " + BETALER
    )
    # One conditional member at the end of the article, so that numbering never skips.
    s.tag(
        "{%p if (financiering.betaald_door == 'RMT' and opleiding_langer_dan_40_weken) or "
        "financiering.praktijkplaatssubsidie %}"
    )
    s.lid(
        "{% if financiering.betaald_door == 'RMT' and opleiding_langer_dan_40_weken %}De "
        "opleiding duurt langer dan 40 weken. De betaling namens {{ rmt.naam }} geldt voor ten "
        "hoogste 40 weken; wie de kosten daarna betaalt, leggen partijen apart schriftelijk "
        "vast.{% if financiering.praktijkplaatssubsidie %} {% endif %}{% endif %}"
        "{% if financiering.praktijkplaatssubsidie %}Het leerbedrijf kan voor deze "
        "praktijkplaats subsidie aanvragen op grond van "
        "{{ financiering.praktijkplaatssubsidie.regeling }}: "
        "{{ subsidie_per_40_weken|bedrag }} per 40 weken, voor deze plaatsing naar rato "
        "{{ subsidie|bedrag }}. Het leerbedrijf vraagt de subsidie zelf aan; de verstrekker "
        "van de subsidie beslist over de aanvraag.{% endif %}"
    )
    s.tag("{%p endif %}")

    s.artikel("Jobcoach")
    s.lid(
        "{% if jobcoach %}De kandidaat wordt tijdens de plaatsing begeleid door jobcoach "
        "{{ jobcoach.naam }} ({{ jobcoach.organisatie }}). De jobcoach ondersteunt de "
        "kandidaat en het leerbedrijf en houdt contact met de praktijkopleider.{% else %}Bij "
        "deze plaatsing is geen jobcoach betrokken. De regio kan alsnog een jobcoach inzetten "
        "als dat nodig blijkt.{% endif %}"
    )

    s.artikel("Verplichtingen")
    s.lid(
        "Het leerbedrijf biedt de kandidaat een leerbaan, wijst {{ praktijkopleider.naam }} "
        "({{ praktijkopleider.functie }}) aan als praktijkopleider en sluit met de instelling "
        "en de kandidaat een praktijkovereenkomst."
    )
    s.lid(
        "Het leerbedrijf meldt verzuim van de kandidaat en een tussentijds einde van de "
        "plaatsing binnen vijf werkdagen aan de regio. Het leerbedrijf en de instelling melden "
        "de voortgang en de uitkomst van het traject aan de regio."
    )
    s.lid(
        "De kandidaat neemt deel aan het werk en de opleiding en meldt veranderingen in zijn "
        "of haar situatie aan de regio."
    )
    s.lid(
        "De regio is het aanspreekpunt voor de kandidaat en het leerbedrijf en volgt de "
        "voortgang van de plaatsing."
    )

    s.artikel("Tussentijdse beëindiging")
    s.lid(
        "De plaatsing eindigt eerder als de opleiding of de praktijkovereenkomst eindigt, als "
        "de kandidaat ander werk vindt, of als alle partijen dat schriftelijk afspreken."
    )
    s.lid(
        "Elke partij kan de plaatsing schriftelijk opzeggen met een termijn van twee weken, na "
        "overleg met de andere partijen."
    )

    s.artikel("Privacy")
    s.lid(
        "Partijen verwerken de persoonsgegevens van de kandidaat in deze overeenkomst alleen "
        "voor de uitvoering van de plaatsing en de verantwoording over de financiering, "
        "volgens de Algemene verordening gegevensbescherming (AVG). De kandidaat wordt in "
        "deze overeenkomst aangeduid met naam, geboortedatum en trajectnummer."
    )

    slot(
        s,
        "Voor dit traject worden ook een onderwijsovereenkomst en een "
        "praktijkovereenkomst gesloten.",
    )

    ondertekening(s)
    handtekening_regio(s)
    handtekening_leerbedrijf(s)
    handtekening_kandidaat(s)
    handtekening_vertegenwoordiger(s)
    return s


def praktijkverklaring() -> Sjabloon:
    """The PV inside its mbo-verklaring, made at the end of the trajectory from
    ``afronding``: the period that took place and only the werkprocessen learned."""
    s = Sjabloon("PV")
    s.pagina_rand()
    s.titel(
        "Praktijkverklaring",
        "Onderdeel van de mbo-verklaring van {{ instelling.naam }} – praktijkleren in het mbo",
        bovenschrift="mbo-verklaring",
    )
    s.kenmerken()

    s.kop("mbo-verklaring")
    s.p(
        "De {{ instelling.examencommissie.naam }} van {{ instelling.naam }} (BRIN "
        "{{ instelling.brin }}) verklaart dat ",
        ("b", "{{ kandidaat.volledige_naam }}"),
        ", geboren op {{ kandidaat.geboortedatum|datum }}, van {{ startdatum|datum }} tot en "
        "met {{ periode_eind|datum }} heeft deelgenomen aan praktijkleren in het mbo in de "
        "derde leerweg, bij het leerbedrijf {{ leerbedrijf.naam }} in {{ leerbedrijf.plaats }}, "
        "in het kader van de kwalificatie {{ opleiding.naam }} (crebonummer "
        "{{ opleiding.crebo }}). De praktijkverklaring hieronder maakt deel uit van deze "
        "mbo-verklaring.",
    )

    s.kop("Praktijkverklaring van het leerbedrijf")
    s.p(
        "Het leerbedrijf {{ leerbedrijf.naam }} (KvK-nummer {{ leerbedrijf.kvk }}, "
        "leerbedrijf-ID {{ leerbedrijf.leerbedrijf_id }}) in {{ leerbedrijf.plaats }} verklaart "
        "dat {{ kandidaat.volledige_naam }} in de periode van {{ startdatum|datum }} tot en met "
        "{{ periode_eind|datum }} naar het oordeel van praktijkopleider "
        "{{ praktijkopleider.naam }} ({{ praktijkopleider.functie }}) de volgende "
        "werkprocessen in de praktijk heeft geleerd:"
    )
    s.werkproces_tabel("pv_werkprocessen")
    bron = s.p("De werkprocessen komen uit de kwalificatiedossiers met de vermelde crebonummers.")
    bron.paragraph_format.space_before = Pt(6)
    bron.paragraph_format.keep_with_next = True
    s.handtekening(
        "praktijkopleider",
        "{{ praktijkopleider.naam }}",
        "{{ praktijkopleider.functie }}",
        "{{ leerbedrijf.naam }}",
    )

    s.kop("Vaststelling door de examencommissie")
    s.p(
        "De examencommissie heeft de praktijkverklaring vastgesteld en neemt haar op in de "
        "mbo-verklaring van de kandidaat. Een mbo-verklaring laat zien welke onderdelen van "
        "het beroep de kandidaat in de praktijk heeft geleerd; zij is geen diploma of "
        "certificaat."
    ).paragraph_format.keep_with_next = True
    s.tag("{%p if datum_afgifte %}")
    s.p(
        "Deze mbo-verklaring is afgegeven op {{ datum_afgifte|datum }}."
    ).paragraph_format.keep_with_next = True
    s.tag("{%p endif %}")
    s.handtekening(
        "namens de examencommissie",
        "{{ instelling.examencommissie.voorzitter }}",
        "voorzitter van de {{ instelling.examencommissie.naam }}",
        "{{ instelling.naam }}",
    )
    return s


BOUWERS = {
    "OOK": onderwijsovereenkomst,
    "POK": praktijkovereenkomst,
    "PLOK": plaatsingsovereenkomst,
    "PV": praktijkverklaring,
}


def build(target: Path) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    for naam, bouwer in BOUWERS.items():
        path = target / f"{naam}.docx"
        bouwer().save(path)
        yield path


if __name__ == "__main__":
    doel = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sjablonen"
    for gemaakt in build(doel):
        print(
            f"geschreven: {gemaakt.relative_to(ROOT) if gemaakt.is_relative_to(ROOT) else gemaakt}"
        )
