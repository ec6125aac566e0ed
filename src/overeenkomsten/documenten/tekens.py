"""Characters the template fonts lack (emoji, symbols, CJK) get a run of their own.

When a run's font lacks a character, LibreOffice draws it from a fallback font *after* the
rest of the run, so the text layer of the PDF reads ``Fatma  Yılmaz😀`` for
``Fatma 😀 Yılmaz``: the check that reads the facts back from the PDF would see another
name. In a run of its own, with a font that has the glyph (Symbola, installed by the
setup), the character stays where it belongs, in the PDF's text as on paper.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

SYMBOL_FONT = "Symbola"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Liberation covers Latin, Greek, Cyrillic, punctuation, currency (U+20AC) and letterlike
# symbols; from the arrows (U+2190) on, and for the emoji joiner, it has no glyphs.
_UNCOVERED = re.compile("[\u200d\u2190-\U0010ffff]+")


def needs_own_runs(value: object) -> bool:
    """Whether a text, or any text inside a context of dicts and lists, has characters
    the template fonts lack. Checking the values is much cheaper than the rendered XML."""
    if isinstance(value, str):
        return _UNCOVERED.search(value) is not None
    if isinstance(value, dict):
        return any(needs_own_runs(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(needs_own_runs(item) for item in value)
    return False


def isolate_uncovered(root: Any) -> bool:
    """Split runs so that every stretch of uncovered characters has its own run in
    :data:`SYMBOL_FONT`. Returns whether anything changed."""
    changed = False
    for text in list(root.iter(f"{_W}t")):
        run = text.getparent()
        if run is None or run.tag != f"{_W}r" or not _UNCOVERED.search(text.text or ""):
            continue
        _split_run(run)
        changed = True
    return changed


def _split_run(run: Any) -> None:
    properties = run.find(f"{_W}rPr")
    pieces: list[Any] = []
    for child in run:
        if child is properties:
            continue
        if child.tag == f"{_W}t" and child.text and _UNCOVERED.search(child.text):
            position = 0
            for match in _UNCOVERED.finditer(child.text):
                if match.start() > position:
                    pieces.append(_run(properties, child.text[position : match.start()], False))
                pieces.append(_run(properties, match.group(0), True))
                position = match.end()
            if position < len(child.text):
                pieces.append(_run(properties, child.text[position:], False))
        else:
            piece = etree.Element(f"{_W}r")
            if properties is not None:
                piece.append(copy.deepcopy(properties))
            piece.append(copy.deepcopy(child))
            pieces.append(piece)
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)


def _run(properties: Any, text: str, symbol: bool) -> Any:
    run = etree.Element(f"{_W}r")
    if properties is not None:
        run.append(copy.deepcopy(properties))
    if symbol:
        r_pr = run.find(f"{_W}rPr")
        if r_pr is None:
            r_pr = etree.SubElement(run, f"{_W}rPr")
        fonts = r_pr.find(f"{_W}rFonts")
        if fonts is None:
            fonts = etree.Element(f"{_W}rFonts")
            style = r_pr.find(f"{_W}rStyle")
            r_pr.insert(0 if style is None else 1, fonts)
        fonts.attrib.clear()
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(f"{_W}{slot}", SYMBOL_FONT)
    element = etree.SubElement(run, f"{_W}t")
    element.set(_XML_SPACE, "preserve")
    element.text = text
    return run
