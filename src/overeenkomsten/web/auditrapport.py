"""The audit report: what the library's check of a dossier found, in the words a page and a
PDF show (stored as JSON on :class:`~overeenkomsten.web.models.AuditRapport`).

:func:`gegevens` turns the library's :class:`~overeenkomsten.controle.Rapport` into plain
data once, in the task: the verdict, every finding with the rule's explanation and what
to do (the same texts as ``overeenkomsten uitleg``), and per document its signatures in
the words of the dossier's cover page. The page never re-reads a PDF.

:func:`maak_pdf` writes the report to file. Why python-docx and LibreOffice: the library
already makes its one report-like PDF, the dossier's cover page, that way (it needs real
layout in the documents' fonts, Unicode names included), and LibreOffice is required for
the documents anyway; a second PDF engine (an HTML renderer) would add a dependency for
the same result. One LibreOffice start per report.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.shared import Cm, Pt, RGBColor

from overeenkomsten import __version__, api
from overeenkomsten._tekst import dutch_date, scrub_bsn
from overeenkomsten.documenten.pdf import PdfConverter
from overeenkomsten.dossier.status import OORDEEL_UITLEG, signature_line
from overeenkomsten.model.kenmerken import ROL_LABELS
from overeenkomsten.web.advies import wat_de_regel_zegt, wat_te_doen, web_bericht

if TYPE_CHECKING:
    from overeenkomsten.controle import Rapport

ERNST_TITEL = {
    "fout": "Fout",
    "waarschuwing": "Waarschuwing",
    "niet-gecontroleerd": "Niet gecontroleerd",
}
OORDEEL_TITEL = {"in orde": "In orde", "fouten": "Fouten", "onvolledig": "Onvolledig"}
ROOD = RGBColor(0xC0, 0x00, 0x00)
GRIJS = RGBColor(0x55, 0x55, 0x55)
FONT = "Liberation Sans"


def _uitleg() -> dict[str, Any]:
    return {u.code: u for u in api.uitleg()}


def _handtekeningen(rapport: Rapport) -> list[dict[str, Any]]:
    """Per document that counts: its signatures in words, or why none can be checked."""
    if rapport.staat is None:
        return []
    uit = []
    for staat in rapport.staat.documenten:
        regels = [signature_line(h) for h in staat.document.handtekeningen or ()]
        if staat.attestatie is not None:
            a = staat.attestatie
            partijen = ", ".join(ROL_LABELS.get(p, p) for p in a.partijen)
            regels.append(
                f"handmatig vastgesteld door {a.gecontroleerd_door} ({partijen}; getekend op "
                f"{dutch_date(a.getekend_op)})"
                + ("" if a.geldig else f": NIET in orde: {a.toelichting}")
            )
        uit.append(
            {
                "document": staat.naam,
                "soort": staat.type,
                "versie": staat.versie,
                "regels": [web_bericht(scrub_bsn(r)) for r in regels],
                "reden": scrub_bsn(staat.reden) if staat.reden and not regels else None,
                "ontbreekt": [ROL_LABELS.get(r, r) for r in staat.ontbreekt],
            }
        )
    return uit


def met_uitleg(bevindingen: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings as ``controleer --json`` gives them, each with its rule's title, what the
    rule checks and what to do (``uitleg``), and its BSNs masked."""
    uitleg = _uitleg()
    uit = []
    for b in bevindingen:
        regel = uitleg.get(str(b.get("regel")))
        uit.append(
            {
                **b,
                "ernst_titel": ERNST_TITEL.get(str(b.get("ernst")), str(b.get("ernst"))),
                "bericht": web_bericht(scrub_bsn(str(b.get("bericht", "")))),
                "documenten": list(b.get("documenten", [])),
                "titel": regel.titel if regel else "",
                "wat": wat_de_regel_zegt(regel),
                "doen": wat_te_doen(regel),
            }
        )
    return uit


def gegevens(naam: str, rapport: Rapport) -> dict[str, Any]:
    """One checked dossier as plain data (BSNs masked in every text)."""
    bevindingen = met_uitleg(
        [
            {
                "regel": b.regel,
                "ernst": b.ernst,
                "code": b.code,
                "bericht": b.bericht,
                "documenten": list(b.documenten),
            }
            for b in rapport.bevindingen
        ]
    )
    return {
        "naam": naam,
        "oordeel": rapport.oordeel,
        "oordeel_titel": OORDEEL_TITEL[rapport.oordeel],
        "oordeel_uitleg": OORDEEL_UITLEG.get(rapport.oordeel, ""),
        "kop": [scrub_bsn(k) for k in rapport.kop],
        "aantallen": {
            "fout": rapport.aantal("fout"),
            "waarschuwing": rapport.aantal("waarschuwing"),
            "niet_gecontroleerd": rapport.aantal("niet-gecontroleerd"),
        },
        "bevindingen": bevindingen,
        "handtekeningen": _handtekeningen(rapport),
        "geslaagd": [[code, rapport.regels.get(code, "")] for code in rapport.geslaagd],
        "niet_van_toepassing": [
            [code, rapport.regels.get(code, "")] for code in rapport.niet_van_toepassing
        ],
        "overgeslagen": {k: scrub_bsn(v) for k, v in rapport.overgeslagen.items()},
    }


def niet_gecontroleerd(naam: str, bericht: str) -> dict[str, Any]:
    """A dossier the check could not read (the library raised its Dutch error)."""
    return {
        "naam": naam,
        "oordeel": "onvolledig",
        "oordeel_titel": "Niet gecontroleerd",
        "oordeel_uitleg": "Dit bestand kon niet gecontroleerd worden.",
        "kop": [],
        "aantallen": {"fout": 0, "waarschuwing": 0, "niet_gecontroleerd": 1},
        "bevindingen": [
            {
                "regel": "BESTAND",
                "ernst": "niet-gecontroleerd",
                "ernst_titel": ERNST_TITEL["niet-gecontroleerd"],
                "code": "onleesbaar",
                "bericht": scrub_bsn(bericht),
                "documenten": [naam],
                "titel": "",
                "wat": "",
                "doen": "Vraag de afzender om het dossier opnieuw te maken met 'bundel'.",
            }
        ],
        "handtekeningen": [],
        "geslaagd": [],
        "niet_van_toepassing": [],
        "overgeslagen": {},
    }


def eindoordeel(dossiers: Sequence[dict[str, Any]]) -> str:
    """The worst verdict over all dossiers of one report."""
    oordelen = {d["oordeel"] for d in dossiers}
    for oordeel in ("fouten", "onvolledig"):
        if oordeel in oordelen:
            return oordeel
    return "in orde"


# --- the PDF ------------------------------------------------------------------------------


def maak_pdf(
    rapport: dict[str, Any], werkmap: Path, *, organisatie: str, moment: dt.datetime
) -> Path:
    """Write the report (``{"dossiers": [...]}``) as PDF in ``werkmap``; returns its path."""
    docx = werkmap / "auditrapport.docx"
    docx.write_bytes(_docx(rapport, organisatie=organisatie, moment=moment))
    with PdfConverter(werkmap=werkmap) as converter:
        (pdf,) = converter.convert([docx])
    return pdf


def _docx(rapport: dict[str, Any], *, organisatie: str, moment: dt.datetime) -> bytes:
    doc = Document()
    section = doc.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _tekst(doc, "Auditrapport dossiercontrole", size=18, bold=True)
    _tekst(
        doc,
        f"Gecontroleerd door {organisatie} op {dutch_date(moment.date())} om {moment:%H:%M} "
        f"met overeenkomsten {__version__}.",
        color=GRIJS,
    )
    dossiers = rapport.get("dossiers", [])
    _tekst(doc, f"Eindoordeel: {OORDEEL_TITEL.get(eindoordeel(dossiers), '')}", size=13, bold=True)
    for dossier in dossiers:
        _dossier(doc, dossier)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _dossier(doc: Any, d: dict[str, Any]) -> None:
    _tekst(doc, d["naam"], size=14, bold=True, space_before=14)
    fout = d["oordeel"] == "fouten"
    _tekst(doc, f"Oordeel: {d['oordeel_titel']}", bold=True, color=ROOD if fout else None)
    _tekst(doc, d["oordeel_uitleg"])
    for regel in d["kop"]:
        _tekst(doc, regel, color=GRIJS)
    if d["bevindingen"]:
        _tekst(doc, "Bevindingen", size=12, bold=True, space_before=8)
    for b in d["bevindingen"]:
        kop = f"{b['ernst_titel']} ({b['regel']}"
        kop += f": {b['titel']})" if b["titel"] else ")"
        _tekst(doc, kop, bold=True, color=ROOD if b["ernst"] == "fout" else None)
        _tekst(doc, b["bericht"])
        if b["documenten"]:
            _tekst(doc, "Documenten: " + ", ".join(b["documenten"]), size=9, color=GRIJS)
        if b["doen"]:
            _tekst(doc, f"Wat te doen: {b['doen']}", size=9)
    _handtekeningen_docx(doc, d["handtekeningen"])
    if d["geslaagd"]:
        _tekst(doc, "In orde bevonden", size=12, bold=True, space_before=8)
        for code, titel in d["geslaagd"]:
            _tekst(doc, f"{code}: {titel}", size=9, style="List Bullet")
    if d.get("niet_van_toepassing"):
        _tekst(doc, "Niet van toepassing (het document ontbreekt)", size=12, bold=True)
        for code, titel in d["niet_van_toepassing"]:
            _tekst(doc, f"{code}: {titel}", size=9, style="List Bullet")


def _handtekeningen_docx(doc: Any, handtekeningen: list[dict[str, Any]]) -> None:
    if handtekeningen:
        _tekst(doc, "Handtekeningen", size=12, bold=True, space_before=8)
    for h in handtekeningen:
        _tekst(doc, f"{h['soort']} (versie {h['versie']}): {h['document']}", bold=True)
        for regel in h["regels"]:
            _tekst(doc, regel, size=9, style="List Bullet")
        if h["reden"]:
            _tekst(doc, h["reden"], size=9, style="List Bullet")
        if h["ontbreekt"]:
            _tekst(doc, "Ontbreekt: " + ", ".join(h["ontbreekt"]), size=9, color=ROOD)


def _tekst(
    doc: Any,
    text: str,
    *,
    size: float = 10,
    bold: bool = False,
    color: RGBColor | None = None,
    style: str | None = None,
    space_before: float = 0,
) -> None:
    paragraph = doc.add_paragraph(style=style)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = FONT
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color
