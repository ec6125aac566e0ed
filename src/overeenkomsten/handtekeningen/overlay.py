"""Overlays (X7 v2): a visible appearance added after the first signature that covers text.

A later signature, a document timestamp or an annotation can paint anything over a page
("1 februari 2031" over the start date) without changing one signed byte: the page then
shows something else than what was signed. Every annotation added (or moved, or given a
new appearance) in a revision after the first signature is compared with the positions of
the page's text (PDFium's glyph boxes; pypdf's text visitor, as :mod:`.plaatsing` uses to
place signatures in free space, when PDFium cannot open the file); one that covers text
is an overlay, whoever added it.

Where an appearance may draw is judged as well, since viewers differ in how strictly they
keep it to its rectangle: an added appearance whose rectangle lies (partly) off the page,
or whose own box (``/BBox`` through ``/Matrix``) is larger than its rectangle (a conforming
viewer shrinks it, others paint it over the page), is an overlay too: no signing program
draws a signature that way.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from overeenkomsten.handtekeningen.plaatsing import Box, TextLine, overlaps, text_lines
from overeenkomsten.handtekeningen.sporen import hidden_record
from overeenkomsten.handtekeningen.types import Handtekening

_MAX_PAGES = 200
_HIDDEN = 2  # never drawn, on screen or on paper
_NO_VIEW = 32  # not on screen; still printed with Print (4), shown on hover with ToggleNoView (256)
_SHOWN_ANYWAY = 4 | 256
_MIN_SIZE = 1.0  # points: an invisible signature has an empty rectangle
_SLACK = 2.0  # points an appearance's box may exceed its rectangle (rounding)
_PAGE_SLACK = 1.0  # points a rectangle may stick out of the page

_COVERED_SHARE = 0.2  # of the smaller rectangle: one appearance lies over another

Vorm = Literal["buiten-pagina", "groter-dan-vlak", "over-vlak"]


@dataclass(frozen=True)
class Overlay:
    """One annotation that covers text: where, whose, added in which revision."""

    pagina: int  # 1-based
    rechthoek: Box
    veld: str | None
    revisie: int
    tekst: str
    vorm: Vorm | None = None  # drawn off the page, or larger than its rectangle


def check_overlays(
    reader: PdfFileReader, data: bytes, found: list[Handtekening]
) -> list[Handtekening]:
    """``found`` with every overlay reported: the signature whose widget covers text gets
    ``afwijking="overlay"``; an overlay that is no signature's becomes its own record."""
    revisions = [h.revisie for h in found if h.revisie is not None]
    if not revisions:
        return found
    first = min(revisions)
    try:
        overlays = list(_find(reader, data, first))
    # untrusted input: when the pages cannot be compared, nothing is claimed either way
    except Exception:  # noqa: BLE001
        return found
    if not overlays:
        return found
    result = list(found)
    for overlay in overlays:
        uitleg = _explain(overlay)
        index = next(
            (
                i
                for i, h in enumerate(result)
                if overlay.veld is not None
                and h.veld == overlay.veld
                and h.revisie == overlay.revisie
            ),
            None,
        )
        if index is None:
            extra = hidden_record(
                overlay.veld or "aantekening", "onbekend", "overlay", overlay.revisie
            )
            result.append(replace(extra, wijzigingen=uitleg, toelichting=uitleg))
        elif result[index].afwijking is None:
            h = result[index]
            result[index] = replace(
                h, afwijking="overlay", toegestaan=False, wijzigingen=uitleg, toelichting=uitleg
            )
    return result


def _explain(overlay: Overlay) -> str:
    wat = f"het zichtbare vlak van veld '{overlay.veld}'" if overlay.veld else "een aantekening"
    tekst = overlay.tekst if len(overlay.tekst) <= 60 else overlay.tekst[:57] + "..."
    if overlay.vorm is not None:
        hoe, gevolg = {
            "buiten-pagina": (
                "ligt (deels) buiten de pagina",
                "afhankelijk van het programma komt het dan over de tekst te staan",
            ),
            "groter-dan-vlak": (
                "tekent een beeld dat groter is dan zijn vlak",
                "afhankelijk van het programma komt het dan over de tekst te staan",
            ),
            "over-vlak": (
                "ligt over het zichtbare vlak van een eerdere handtekening of aantekening",
                "wat daar eerder te zien was, is dan verborgen",
            ),
        }[overlay.vorm]
        return (
            f"Overlay: {wat} (toegevoegd in revisie {overlay.revisie + 1}, na de eerste "
            f"handtekening) op pagina {overlay.pagina} {hoe}; {gevolg}, dus wat er te zien "
            "is, is niet zeker wat er ondertekend is."
        )
    return (
        f"Overlay: {wat} (toegevoegd in revisie {overlay.revisie + 1}, na de eerste "
        f'handtekening) bedekt tekst op pagina {overlay.pagina} ("{tekst}"); wat er te zien '
        "is, is dan niet wat er ondertekend is."
    )


def _find(reader: PdfFileReader, data: bytes, first: int) -> Iterator[Overlay]:
    total = int(reader.xrefs.total_revisions)
    added: list[tuple[int, int, Box, str | None]] = []  # (page, revision, rect, field)
    previous = _annotations(reader, first)
    for revision in range(first + 1, total):
        current = _annotations(reader, revision)
        for page, annots in current.items():
            before = previous.get(page, {})
            for key, (rect, veld, vorm) in annots.items():
                if before.get(key) != (rect, veld, vorm) or key not in before:
                    if vorm is None and _covers_another(key, rect, before):
                        vorm = "over-vlak"
                    if vorm is not None:
                        yield Overlay(page + 1, rect, veld, revision, "", vorm)
                    elif _area(rect) > 0:
                        added.append((page, revision, rect, veld))
        previous = current
    if not added:
        return
    try:
        yield from _covered_pdfium(data, added)
    except _NoPdfiumError:
        yield from _covered_pypdf(data, added)


class _NoPdfiumError(Exception):
    """PDFium cannot open the file; pypdf's text positions are used instead."""


def _covered_pdfium(
    data: bytes, added: list[tuple[int, int, Box, str | None]]
) -> Iterator[Overlay]:
    """Text under each rectangle, from PDFium's text layer (exact glyph boxes, fast)."""
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PDFium refuses what pypdf may still read
        raise _NoPdfiumError from exc
    try:
        for page_index, revision, rect, veld in added:
            if page_index >= len(document):
                continue
            page = document[page_index]
            textpage = page.get_textpage()
            try:
                covered = " ".join(str(textpage.get_text_bounded(*rect)).split())
            finally:
                textpage.close()
                page.close()
            if _is_text(covered):
                yield Overlay(page_index + 1, rect, veld, revision, covered)
    finally:
        document.close()


def _covered_pypdf(data: bytes, added: list[tuple[int, int, Box, str | None]]) -> Iterator[Overlay]:
    """Text under each rectangle, from pypdf's text positions (estimated widths)."""
    pages = PdfReader(io.BytesIO(data)).pages
    lines: dict[int, list[TextLine]] = {}
    for page, revision, rect, veld in added:
        if page >= len(pages):
            continue
        if page not in lines:
            lines[page] = [line for line in text_lines(pages[page]) if _is_text(line.text)]
        for line in lines[page]:
            if _covers(rect, line):
                yield Overlay(page + 1, rect, veld, revision, line.text.strip())
                break


def _is_text(text: str) -> bool:
    """Text worth protecting: not only rules, dots or blanks (a signature line)."""
    return any(char.isalnum() for char in text)


def _covers(rect: Box, line: TextLine) -> bool:
    if not overlaps(rect, line.extent):
        return False
    height = min(rect[3], line.top) - max(rect[1], line.bottom)
    width = min(rect[2], line.right) - max(rect[0], line.x)
    return height > 0.3 * line.size and width > 0.5 * line.size


def _annotations(
    reader: PdfFileReader, revision: int
) -> dict[int, dict[Any, tuple[Box, str | None, Vorm | None]]]:
    """Per page index: each visible annotation (by object, and its appearance) -> its
    rectangle, the signature field it belongs to, and whether it draws off the page or
    beyond its rectangle."""
    resolver = reader.get_historical_resolver(revision)
    found: dict[int, dict[Any, tuple[Box, str | None, Vorm | None]]] = {}
    for index, (page, page_box) in enumerate(_walk(resolver.root["/Pages"])):
        if index >= _MAX_PAGES:
            break
        annots = page.get("/Annots")
        if annots is None:
            continue
        entries: dict[Any, tuple[Box, str | None, Vorm | None]] = {}
        for position, ref in enumerate(annots.get_object()):
            annot = ref.get_object()
            rect = _rect(annot)
            if rect is None or _never_drawn(annot):
                continue
            if "/AP" not in annot:
                continue
            vorm = _shape_problem(annot, rect, page_box)
            if vorm is None and _area(rect) == 0:
                continue  # an invisible signature
            key = (getattr(ref, "reference", None) or position, _appearance_key(annot))
            entries[key] = (rect, _field_name(annot), vorm)
        found[index] = entries
    return found


def _covers_another(
    key: Any, rect: Box, before: dict[Any, tuple[Box, str | None, Vorm | None]]
) -> bool:
    """True when ``rect`` lies over a good part of another annotation's visible rectangle
    that was there before (an earlier signature's appearance painted over)."""
    for other_key, (other, _veld, _vorm) in before.items():
        if other_key[0] == key[0] or not overlaps(rect, other):
            continue
        width = min(rect[2], other[2]) - max(rect[0], other[0])
        height = min(rect[3], other[3]) - max(rect[1], other[1])
        smaller = min(_area(rect), _area(other))
        if smaller > 0 and width * height >= _COVERED_SHARE * smaller:
            return True
    return False


def _never_drawn(annot: Any) -> bool:
    """Hidden, or off the screen without being printed or shown on hover."""
    try:
        flags = int(annot.get("/F", 0))
    except (TypeError, ValueError):
        return False
    if flags & _HIDDEN:
        return True
    return bool(flags & _NO_VIEW) and not flags & _SHOWN_ANYWAY


def _area(box: Box) -> float:
    width, height = box[2] - box[0], box[3] - box[1]
    return width * height if width >= _MIN_SIZE and height >= _MIN_SIZE else 0.0


def _shape_problem(annot: Any, rect: Box, page_box: Box | None) -> Vorm | None:
    """Whether an appearance can be drawn elsewhere than its rectangle on the page."""
    sizes = list(_appearance_sizes(annot))
    if not any(w >= _MIN_SIZE and h >= _MIN_SIZE for w, h in sizes):
        return None  # draws nothing
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    if any(w > width + _SLACK or h > height + _SLACK for w, h in sizes):
        return "groter-dan-vlak"
    if page_box is not None and _area(rect) > 0:
        x1, y1, x2, y2 = page_box
        if (
            rect[0] < x1 - _PAGE_SLACK
            or rect[1] < y1 - _PAGE_SLACK
            or rect[2] > x2 + _PAGE_SLACK
            or rect[3] > y2 + _PAGE_SLACK
        ):
            return "buiten-pagina"
    return None


def _appearance_sizes(annot: Any) -> Iterator[tuple[float, float]]:
    """Width and height of each appearance's box in the annotation's space: its ``/BBox``
    through its ``/Matrix``; the normal, rollover (mouse over) and down (clicked)
    appearances, and each state of a field with states."""
    try:
        appearances = annot["/AP"]
    except (KeyError, TypeError, AttributeError):
        return
    streams: list[Any] = []
    for kind in ("/N", "/R", "/D"):
        try:
            entry = appearances[kind]
        except (KeyError, TypeError, AttributeError):
            continue
        if not isinstance(entry, dict):
            continue
        if "/BBox" in entry:
            streams.append(entry)
        else:
            streams.extend(value.get_object() for value in list(entry.values())[:8])
    for stream in streams[:24]:
        try:
            x1, y1, x2, y2 = (float(v) for v in stream["/BBox"])
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        matrix = [float(v) for v in stream.get("/Matrix", (1, 0, 0, 1, 0, 0))][:6]
        if len(matrix) != 6:
            continue
        a, b, c, d, _e, _f = matrix
        corners = [(x, y) for x in (x1, x2) for y in (y1, y2)]
        xs = [a * x + c * y for x, y in corners]
        ys = [b * x + d * y for x, y in corners]
        yield max(xs) - min(xs), max(ys) - min(ys)


def _walk(
    node: Any, depth: int = 0, inherited: Box | None = None
) -> Iterator[tuple[Any, Box | None]]:
    """Each page with its visible box (CropBox, else MediaBox, inherited from the tree)."""
    node = node.get_object()
    if depth > 32:
        return
    media = _box(node, "/MediaBox") or inherited
    if str(node.get("/Type", "")) == "/Pages" or "/Kids" in node:
        for kid in node.get("/Kids", []):
            yield from _walk(kid, depth + 1, media)
    else:
        yield node, _box(node, "/CropBox") or media


def _box(node: Any, key: str) -> Box | None:
    try:
        x1, y1, x2, y2 = (float(v) for v in node[key])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _rect(annot: Any) -> Box | None:
    """The annotation's rectangle, normalised (an empty one too: an invisible widget)."""
    return _box(annot, "/Rect")


def _appearance_key(annot: Any) -> Any:
    """What identifies the drawn appearance: the normal appearance's object, if indirect."""
    try:
        normal = annot["/AP"].raw_get("/N")
        return getattr(normal, "reference", None) or repr(normal)[:200]
    except (KeyError, TypeError, AttributeError):
        return None


def _field_name(annot: Any) -> str | None:
    """The (partial) name of the signature field a widget belongs to."""
    node = annot
    for _ in range(8):
        if "/T" in node:
            ft = node.get("/FT")
            parent = node.get("/Parent")
            if ft is None and parent is not None:
                ft = parent.get_object().get("/FT")
            return str(node["/T"]) if str(ft) == "/Sig" else None
        parent = node.get("/Parent")
        if parent is None:
            return None
        node = parent.get_object()
    return None
