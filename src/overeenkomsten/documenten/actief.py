"""Active content in a Word template: macro projects, ActiveX controls, and links to things
outside the package (a remote image, an attached template on a server, a linked object,
an ``INCLUDEPICTURE`` field).

A template is untrusted input (domein.md section 8). A macro project would travel into
every generated document; a remote image makes LibreOffice fetch a URL at every conversion
(telling a server who converts what, and when). ``sjablonen-controle`` refuses such a
template (:func:`find_active_content`); rendering removes the same things
(:func:`strip_active_content`), so no generated document carries them even when the check
was skipped. Hyperlinks stay: a link in the text is not fetched by anyone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

_MACRO_PART = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml)$|^word/activeX/|^customUI/|(^|/)customizations\.xml$",
    re.IGNORECASE,
)
_MACRO_CONTENT_TYPE = re.compile(r"macroEnabled|vbaProject|vbaData|activeX|keyMapCustomizations")
_MAIN_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
_MAIN_MACRO_TEMPLATE = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_REL_TYPE = re.compile(
    r"/(vbaProject|wordVbaData|control|activeXControlBinary|keyMapCustomizations|"
    r"attachedToolbars|extensibility)$"
)
_RELATIONSHIP = re.compile(
    r"<Relationship\b[^>]*?/>|<Relationship\b[^>]*?>.*?</Relationship>", re.S
)
_ATTRIBUTE = {name: re.compile(rf'\b{name}\s*=\s*"([^"]*)"') for name in ("Id", "Type", "Target")}
_EXTERNAL = re.compile(r'\bTargetMode\s*=\s*"External"', re.IGNORECASE)
_OVERRIDE = re.compile(r"<(?:Override|Default)\b[^>]*?/>")
#: Field codes that fetch or run something when a document is opened or converted.
_FIELD = r"(?:INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT)\b"
_FIELD_TEXT = re.compile(rf"(<w:instrText\b[^>]*>)\s*{_FIELD}[^<]*(</w:instrText>)")
_FIELD_SIMPLE = re.compile(rf'(\bw:instr\s*=\s*")\s*{_FIELD}[^"]*(")')


@dataclass(frozen=True)
class ActiveContent:
    """One piece of active content: where (a part of the package) and what, in Dutch."""

    onderdeel: str
    omschrijving: str
    soort: str  # "macro" or "extern"


def find_active_content(entries: Iterable[tuple[str, bytes]]) -> list[ActiveContent]:
    """Everything :func:`strip_active_content` would remove, described for the user."""
    found: list[ActiveContent] = []
    for name, data in entries:
        if _MACRO_PART.search(name):
            found.append(
                ActiveContent(name, "een macroproject of ActiveX-besturingselement", "macro")
            )
        elif name == "[Content_Types].xml":
            text = data.decode("utf-8", "replace")
            if _MAIN_MACRO in text or _MAIN_MACRO_TEMPLATE in text:
                found.append(ActiveContent(name, "een document met macro's (.docm)", "macro"))
        elif name.endswith(".rels"):
            for relationship in _RELATIONSHIP.findall(data.decode("utf-8", "replace")):
                found.extend(_judge(name, relationship))
        elif name.endswith(".xml") and (b"instrText" in data or b"w:instr=" in data):
            text = data.decode("utf-8", "replace")
            for match in (*_FIELD_TEXT.finditer(text), *_FIELD_SIMPLE.finditer(text)):
                veld = re.search(_FIELD, match.group(0))
                found.append(
                    ActiveContent(
                        name,
                        f"een veld {veld.group(0) if veld else ''} dat iets van buiten het "
                        "document haalt",
                        "extern",
                    )
                )
    return found


def _judge(rels: str, relationship: str) -> list[ActiveContent]:
    kind = _attribute(relationship, "Type")
    target = _attribute(relationship, "Target")
    if _MACRO_REL_TYPE.search(kind):
        return [ActiveContent(rels, f"een verwijzing naar een macroproject ({target})", "macro")]
    if _EXTERNAL.search(relationship) and not kind.endswith("/hyperlink"):
        soort = kind.rsplit("/", 1)[-1] or "onderdeel"
        return [
            ActiveContent(
                rels,
                f"een {_KIND_NAMES.get(soort, soort)} buiten het document ({target[:120]})",
                "extern",
            )
        ]
    return []


_KIND_NAMES = {
    "image": "afbeelding",
    "attachedTemplate": "gekoppeld sjabloon",
    "oleObject": "gekoppeld object",
    "subDocument": "subdocument",
    "frame": "frame",
    "package": "ingesloten pakket",
    "aFChunk": "ingevoegd document",
}


def _attribute(element: str, name: str) -> str:
    match = _ATTRIBUTE[name].search(element)
    return match.group(1) if match else ""


def strip_active_content(entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """``entries`` without macro parts, macro and external relationships (hyperlinks stay),
    references to the removed relationships, and fetching fields. A package without any
    of these comes back unchanged, byte for byte."""
    if not find_active_content(entries):
        return entries
    removed: dict[str, set[str]] = {}  # owner part -> relationship ids removed
    kept: list[tuple[str, bytes]] = []
    for name, data in entries:
        if _MACRO_PART.search(name):
            continue
        if name.endswith(".rels"):
            text, ids = _strip_relationships(data.decode("utf-8"))
            if ids:
                removed[_owner(name)] = ids
            data = text.encode("utf-8")
        elif name == "[Content_Types].xml":
            data = _strip_content_types(data.decode("utf-8")).encode("utf-8")
        kept.append((name, data))
    result = []
    for name, data in kept:
        if name.endswith(".xml"):
            text = data.decode("utf-8")
            for identifier in removed.get(name, ()):
                text = _drop_references(text, identifier)
            text = _FIELD_TEXT.sub(r"\1\2", text)
            text = _FIELD_SIMPLE.sub(r"\1\2", text)
            data = text.encode("utf-8")
        result.append((name, data))
    return result


def _strip_relationships(text: str) -> tuple[str, set[str]]:
    ids: set[str] = set()

    def keep(match: re.Match[str]) -> str:
        if _judge("", match.group(0)):
            ids.add(_attribute(match.group(0), "Id"))
            return ""
        return match.group(0)

    return _RELATIONSHIP.sub(keep, text), ids


def _strip_content_types(text: str) -> str:
    text = text.replace(_MAIN_MACRO, _MAIN).replace(_MAIN_MACRO_TEMPLATE, _MAIN)
    return _OVERRIDE.sub(
        lambda m: "" if _MACRO_CONTENT_TYPE.search(m.group(0)) else m.group(0), text
    )


def _owner(rels: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def _drop_references(text: str, identifier: str) -> str:
    """Remove the elements that only point at ``identifier`` (an attached template) and
    the attributes that refer to it elsewhere (a linked image's ``r:link``)."""
    quoted = re.escape(identifier)
    text = re.sub(rf'<w:attachedTemplate\b[^>]*"{quoted}"[^>]*/>', "", text)
    return re.sub(rf'\s[\w]+:(?:link|id|embed|href|pict)="{quoted}"', "", text)
