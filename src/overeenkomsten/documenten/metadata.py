"""The machine-readable facts of a document: docx core and custom properties.

Core properties (title, author, dates) come from the record, never from the clock, so the
same record gives the same bytes. Custom properties hold the Kenmerken facts under
:func:`~overeenkomsten.model.kenmerken.metadata_key` plus the record hash; the BSN is never
among them (domein.md section 9). The PDF step copies the custom properties into the PDF's
document information.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from overeenkomsten import __version__
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import (
    HASH_KEY,
    PROGRAMMA_KEY,
    RECORD_KEY,
    SJABLOON_HASH_KEY,
    SJABLOON_KEY,
    TITELS,
    DocumentType,
    kenmerken,
    metadata_key,
)
from overeenkomsten.model.kenmerken import VERSION_KEY as VERSION_KEY  # one definition

CORE_PATH = "docProps/core.xml"
CUSTOM_PATH = "docProps/custom.xml"
CUSTOM_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
CORE_CONTENT_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
CORE_REL_TYPE = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)

_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


# The BSN-free record a document was made from (JSON), so that the check can render its
# template again and compare the whole text without traject.json (X15); the template's
# file name and SHA-256 (the check finds the template by its hash); the tool and version.
PROGRAMMA = "overeenkomsten"


def record_json(traject: Traject) -> str:
    """The record as compact JSON without the BSN (domein.md section 9)."""
    data = traject.model_dump(mode="json")
    data["kandidaat"]["bsn"] = None
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def document_properties(
    traject: Traject,
    document: DocumentType,
    record_hash: str,
    sjabloon: tuple[str, str] | None = None,
    versie: int = 1,
) -> dict[str, str]:
    """Custom property name -> value: the Kenmerken facts, the record hash and where the
    document comes from (the BSN-free record, the template's name and SHA-256 as
    ``sjabloon``, the tool's version) and the document's own ``versie``."""
    facts = {metadata_key(label): value for label, value in kenmerken(traject, document).items()}
    facts[HASH_KEY] = record_hash
    facts[RECORD_KEY] = record_json(traject)
    if sjabloon is not None:
        facts[SJABLOON_KEY], facts[SJABLOON_HASH_KEY] = sjabloon
    facts[PROGRAMMA_KEY] = f"{PROGRAMMA} {__version__}"
    facts[VERSION_KEY] = str(versie)
    return facts


def core_xml(traject: Traject, document: DocumentType) -> bytes:
    """``docProps/core.xml`` from the record: dated on the signing date, not today."""
    stamp = dt.datetime.combine(traject.ondertekening.datum, dt.time()).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    root = etree.Element(
        f"{{{_CP}}}coreProperties",
        nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI},
    )
    values = [
        (_DC, "title", f"{TITELS[document]} {traject.traject_id}"),
        (_DC, "subject", f"{traject.opleiding.naam} (crebo {traject.opleiding.crebo})"),
        (_DC, "creator", traject.instelling.naam),
        (_CP, "keywords", traject.traject_id),
        (_DC, "description", "Gemaakt met overeenkomsten (praktijkleren in het mbo)."),
        (_CP, "category", document),
        (_DC, "language", "nl-NL"),
        (_CP, "lastModifiedBy", "overeenkomsten"),
        (_CP, "revision", "1"),
    ]
    for namespace, name, text in values:
        etree.SubElement(root, f"{{{namespace}}}{name}").text = text
    for name in ("created", "modified"):
        element = etree.SubElement(root, f"{{{_DCTERMS}}}{name}")
        element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        element.text = stamp
    return _serialize(root)


def custom_xml(properties: Mapping[str, str], keep: bytes | None = None) -> bytes:
    """``docProps/custom.xml`` with ``properties``; ``keep`` holds a template's own part,
    whose properties survive unless ours have the same name."""
    root = etree.Element(f"{{{_CUSTOM}}}Properties", nsmap={None: _CUSTOM, "vt": _VT})
    pid = 2
    for name, value in properties.items():
        prop = etree.SubElement(root, f"{{{_CUSTOM}}}property", fmtid=_FMTID, pid=str(pid))
        prop.set("name", name)
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
        pid += 1
    if keep:
        for prop in etree.fromstring(keep).iter(f"{{{_CUSTOM}}}property"):
            if prop.get("name") not in properties:
                prop.set("pid", str(pid))
                root.append(prop)
                pid += 1
    return _serialize(root)


def read_custom_properties(docx: Path | bytes) -> dict[str, str]:
    """The custom properties of a .docx (name -> text), empty when it has none."""
    source = io.BytesIO(docx) if isinstance(docx, bytes) else docx
    with zipfile.ZipFile(source) as package:
        if CUSTOM_PATH not in package.namelist():
            return {}
        root = etree.fromstring(package.read(CUSTOM_PATH))
    return {
        str(prop.get("name")): "".join(prop.itertext())
        for prop in root.iter(f"{{{_CUSTOM}}}property")
    }


def _serialize(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data
