"""What a page *shows*, beyond its text: a fingerprint of its drawing and its annotations.

The check compares a dossier's readable copies with the attached originals by their text.
Someone who rewrites an unsealed dossier can change what a copy shows without changing its
text: a white box and hand-drawn figures over the start date, a font whose glyphs draw
other digits, or an annotation whose appearance paints "1 februari 2031" over the page.
``bundel`` copies each page's drawing instructions and resources unchanged (only the
signature widgets become read-only stamps with the same appearance, :mod:`.opbouw`), so a
copy's drawing must be the original's, and every annotation it shows must be one the
original page shows at the same place.

The fingerprint hashes the decoded content streams, the resources they use (fonts,
images, forms, recursively) and the page geometry; how the streams are compressed and how
objects are numbered play no part, so a dossier saved again by another tool still matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

#: Keys that say how a stream is stored, not what it holds.
_STORAGE = {"/Length", "/Filter", "/DecodeParms", "/DL", "/F", "/FFilter", "/FDecodeParms"}
#: Page entries that decide what is drawn, and where (PDF 32000-1, 7.7.3.3).
_GEOMETRY = ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit", "/Group")
#: Annotations a copy may carry without a counterpart: links (they draw nothing, unless
#: they bring an appearance of their own: then they are compared like any other).
_HARMLESS = {"/Link"}


@dataclass(frozen=True)
class Beeld:
    """A page's drawing (``tekening``, a hash) and its visible annotations (subtype,
    rounded rectangle, hash of the appearance)."""

    tekening: str
    aantekeningen: frozenset[tuple[str, tuple[int, ...], str]]
    links: int


class _Hasher:
    """Canonical hashes of PDF objects, each indirect object hashed once."""

    def __init__(self) -> None:
        self._done: dict[int, bytes] = {}
        self._busy: set[int] = set()

    def digest(self, obj: Any) -> bytes:
        return hashlib.sha256(self._canon(obj, 0)).digest()

    def _canon(self, obj: Any, depth: int) -> bytes:
        if depth > 64:
            return b"<diep>"
        if isinstance(obj, IndirectObject):
            key = id(obj.get_object())
            if key in self._done:
                return self._done[key]
            if key in self._busy:
                return b"<kring>"
            self._busy.add(key)
            try:
                value = hashlib.sha256(self._canon(obj.get_object(), depth + 1)).digest()
            finally:
                self._busy.discard(key)
            self._done[key] = value
            return value
        if isinstance(obj, StreamObject):
            try:
                data = obj.get_data()
            except Exception:  # noqa: BLE001 - a filter pypdf cannot undo: the stored bytes
                data = bytes(obj._data or b"")
            head = self._dict(obj, depth, skip=_STORAGE)
            return b"S" + head + hashlib.sha256(data).digest()
        if isinstance(obj, DictionaryObject):
            return self._dict(obj, depth, skip=set())
        if isinstance(obj, ArrayObject):
            return b"[" + b",".join(self._canon(item, depth + 1) for item in obj) + b"]"
        return repr(obj).encode("utf-8", "replace")

    def _dict(self, obj: DictionaryObject, depth: int, skip: set[str]) -> bytes:
        parts = [
            str(key).encode("utf-8", "replace") + b"=" + self._canon(obj.raw_get(key), depth + 1)
            for key in sorted(obj.keys())
            if key not in skip and key != "/Parent"
        ]
        return b"{" + b",".join(parts) + b"}"


def _inherited(page: DictionaryObject, key: str) -> Any:
    node: Any = page
    for _ in range(64):
        if not isinstance(node, DictionaryObject):
            return None
        if key in node:
            return node.raw_get(key)
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _contents(page: DictionaryObject) -> bytes:
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams: Iterable[Any] = (
        contents
        if isinstance(contents, ArrayObject)
        else [contents]
        if contents is not None
        else []
    )
    parts = []
    for stream in streams:
        stream = stream.get_object()
        if isinstance(stream, StreamObject):
            try:
                parts.append(stream.get_data())
            except Exception:  # noqa: BLE001 - undecodable: the stored bytes
                parts.append(bytes(stream._data or b""))
    return b"\n".join(parts)


def page_views(pages: Iterable[Any]) -> list[Beeld]:
    """The :class:`Beeld` of each page (pypdf page objects of one reader)."""
    hasher = _Hasher()
    views = []
    for page in pages:
        drawing = hashlib.sha256()
        drawing.update(hashlib.sha256(_contents(page)).digest())
        for key in ("/Resources", *_GEOMETRY):
            drawing.update(key.encode() + hasher.digest(_inherited(page, key)))
        annotations: set[tuple[str, tuple[int, ...], str]] = set()
        links = 0
        raw = page.get("/Annots")
        raw = raw.get_object() if raw is not None else None
        for ref in raw if isinstance(raw, ArrayObject) else []:
            annotation = ref.get_object()
            if not isinstance(annotation, DictionaryObject):
                continue
            subtype = str(annotation.get("/Subtype"))
            if subtype in _HARMLESS and "/AP" not in annotation:
                links += 1
                continue
            annotations.add((subtype, _box(annotation), _appearance(hasher, annotation)))
        views.append(Beeld(drawing.hexdigest(), frozenset(annotations), links))
    return views


def _box(annotation: DictionaryObject) -> tuple[int, ...]:
    try:
        rect: Any = annotation["/Rect"].get_object()
        return tuple(round(float(v) * 2) for v in rect)
    except (KeyError, TypeError, ValueError, AttributeError):
        return ()


def _appearance(hasher: _Hasher, annotation: DictionaryObject) -> str:
    appearance = annotation.get("/AP")
    appearance = appearance.get_object() if appearance is not None else None
    if not isinstance(appearance, DictionaryObject) or NameObject("/N") not in appearance:
        return "geen"
    return hasher.digest(appearance.raw_get("/N")).hex()


def shows_nothing(annotation: tuple[str, tuple[int, ...], str]) -> bool:
    """An annotation that draws nothing a reader can see (a zero-size box)."""
    box = annotation[1]
    return len(box) == 4 and (box[0] == box[2] or box[1] == box[3])


def copy_differences(original: Beeld, kopie: Beeld) -> list[str]:
    """Why ``kopie`` does not show what ``original`` shows (Dutch, for a finding)."""
    problems = []
    if original.tekening != kopie.tekening:
        problems.append("de tekening (inhoud, lettertypen of afbeeldingen) is anders")
    # the copy's stamps are the original's widgets: same place, same appearance
    allowed = {(box, look) for _subtype, box, look in original.aantekeningen}
    extra = sorted(
        subtype.lstrip("/")
        for subtype, box, look in kopie.aantekeningen
        if (box, look) not in allowed and not shows_nothing((subtype, box, look))
    )
    if extra:
        problems.append(
            f"er staan aantekeningen op die het origineel niet heeft ({', '.join(extra)})"
        )
    return problems
