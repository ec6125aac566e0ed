"""Where a party's visible signature goes: on its signature block, when we can find it.

Every document prints a block per party that starts with the paragraph
``Handtekening {ROL_LABELS[rol]}`` (see :mod:`overeenkomsten.model.kenmerken`), followed by
``Naam: ...`` and ``Functie: ...``. We read the text positions with pypdf and put a box
below the block, or beside it, wherever no text is printed. When the heading is not found,
or there is no free room, the signature is invisible: it is just as valid, only not drawn.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PageObject, PdfReader
from pypdf.errors import PyPdfError

from overeenkomsten.model.kenmerken import ROL_LABELS, Rol, handtekening_koppen

BOX_WIDTH = 200.0
BOX_HEIGHT = 50.0
MIN_HEIGHT = 28.0
MARGIN = 24.0  # bottom: stay off the page edge
RIGHT_MARGIN = 57.0  # 2 cm, the narrowest usual page margin: boxes stay in the text area
GAP = 4.0
BLOCK_LINES = 4  # lines under the heading that belong to the block (Naam, Functie, ...)

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class TextLine:
    """One piece of text drawn on a page: baseline start and an estimated extent."""

    x: float
    y: float
    size: float
    text: str

    @property
    def right(self) -> float:
        # pypdf gives no glyph widths here; half the font size per character is a fair
        # upper bound for the proportional fonts our templates use.
        return self.x + 0.55 * self.size * len(self.text)

    @property
    def top(self) -> float:
        return self.y + 0.8 * self.size

    @property
    def bottom(self) -> float:
        return self.y - 0.25 * self.size

    @property
    def extent(self) -> Box:
        return (self.x, self.bottom, self.right, self.top)


@dataclass(frozen=True)
class Placement:
    """Page index (0-based) and rectangle (x1, y1, x2, y2 in PDF points) of the field."""

    page: int
    box: Box


def heading(rol: Rol) -> str:
    return f"Handtekening {ROL_LABELS[rol]}"


def find_placement(pdf: bytes, rol: Rol) -> Placement | None:
    """The box for ``rol``'s signature on its block, or None (sign invisibly)."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            return None
        pages = list(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
    targets = [_normalise(kop) for kop in handtekening_koppen(rol)]  # v2 and older headings
    for index, page in enumerate(pages):
        try:
            lines = text_lines(page)
            annotations = _annotation_boxes(page)
            width = float(page.mediabox.right)
            floor = float(page.mediabox.bottom)
        except (PyPdfError, ValueError, KeyError, TypeError, ZeroDivisionError):
            continue
        for line in lines:
            if any(_matches(line.text, target) for target in targets):
                box = _free_box(line, lines, annotations, page_right=width, page_bottom=floor)
                if box is not None:
                    return Placement(index, box)
    return None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _matches(text: str, target: str) -> bool:
    """The line is the heading (and not a longer heading that starts the same way)."""
    text = _normalise(text)
    if not text.startswith(target):
        return False
    rest = text[len(target) :]
    return not rest or not rest[0].isalnum()


def text_lines(page: PageObject) -> list[TextLine]:
    """The text pieces of a page with their position in user space."""
    pieces: list[TextLine] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        # the text position is the text matrix's origin mapped through the CTM
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        for part in text.splitlines():
            if part.strip():
                pieces.append(TextLine(x, y, float(size) * scale, part))

    page.extract_text(visitor_text=visit)
    return _merge_lines(pieces)


def _merge_lines(pieces: list[TextLine]) -> list[TextLine]:
    """Join pieces on one baseline that directly follow each other into one line."""
    merged: list[TextLine] = []
    for piece in sorted(pieces, key=lambda p: (-round(p.y, 0), p.x)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and abs(last.y - piece.y) < 1.0
            and piece.x - last.right < 1.5 * piece.size
        ):
            merged[-1] = TextLine(last.x, last.y, last.size, f"{last.text} {piece.text}")
        else:
            merged.append(piece)
    return merged


def _annotation_boxes(page: PageObject) -> list[Box]:
    """Rectangles of the page's annotations: earlier signatures must not be covered."""
    boxes: list[Box] = []
    for annotation in page.get("/Annots") or []:
        rect = annotation.get_object().get("/Rect")
        if rect is not None and len(rect) == 4:
            x1, y1, x2, y2 = (float(v) for v in rect)
            boxes.append((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    return boxes


def _free_box(
    head: TextLine,
    lines: list[TextLine],
    annotations: list[Box],
    *,
    page_right: float,
    page_bottom: float,
) -> Box | None:
    """Below the block, else beside it, else a lower box below it; None when all are taken."""
    block = _block(head, lines)
    last = block[-1]
    left = head.x
    right_edge = page_right - RIGHT_MARGIN
    right = min(left + BOX_WIDTH, right_edge)
    below_top = last.bottom - GAP
    beside_left = max(max(line.right for line in block) + 3 * GAP, page_right / 2)
    candidates: list[Box] = [
        (left, below_top - BOX_HEIGHT, right, below_top),
        (
            beside_left,
            last.bottom,
            min(beside_left + BOX_WIDTH, right_edge),
            max(head.top, last.bottom + BOX_HEIGHT),
        ),
        (left, below_top - MIN_HEIGHT, right, below_top),
    ]
    taken = [line.extent for line in lines if line not in block] + annotations
    for box in candidates:
        x1, y1, x2, y2 = box
        if x2 - x1 < BOX_WIDTH / 2 or y1 < page_bottom + MARGIN:
            continue
        if not any(overlaps(box, other) for other in taken):
            return box
    return None


def _block(head: TextLine, lines: list[TextLine]) -> list[TextLine]:
    """The heading and the lines right under it in the same column (Naam, Functie)."""
    block = [head]
    for line in sorted(lines, key=lambda p: -p.y):
        if len(block) > BLOCK_LINES or line.y >= head.y:
            continue
        previous = block[-1]
        if abs(line.x - head.x) > 2.0 or line.text.startswith("Handtekening"):
            continue
        if previous.y - line.y > 3.0 * line.size:
            break
        block.append(line)
    return block


def overlaps(box: Box, other: Box) -> bool:
    return other[0] < box[2] and other[2] > box[0] and other[1] < box[3] and other[3] > box[1]
