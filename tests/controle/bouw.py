"""Test helpers: small documents that follow the Kenmerken contract, and edits as a person
would make them in Word (with python-docx), on these or on the real generated sets."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
from lxml import etree  # type: ignore[import-untyped]

from overeenkomsten.controle.extract import DocumentBron, read_document
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import (
    HASH_KEY,
    LABEL_VORMEN,
    ROL_LABELS,
    TITELS,
    DocumentType,
    Rol,
    documents_to_make,
    kenmerken,
    metadata_key,
    record_hash,
    required_roles,
    werkproces_regel,
)

_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def signer(traject: Traject, rol: Rol) -> tuple[str, str]:
    """Name and function printed under a role's signature block."""
    if rol == "kandidaat":
        return traject.kandidaat.volledige_naam, "kandidaat"
    if rol == "instelling":
        return traject.instelling.ondertekenaar.naam, traject.instelling.ondertekenaar.functie
    if rol == "leerbedrijf":
        return traject.leerbedrijf.ondertekenaar.naam, traject.leerbedrijf.ondertekenaar.functie
    if rol == "rmt":
        return traject.rmt.ondertekenaar.naam, traject.rmt.ondertekenaar.functie
    if rol == "praktijkopleider":
        return traject.praktijkopleider.naam, traject.praktijkopleider.functie
    if rol == "examencommissie":
        return traject.instelling.examencommissie.voorzitter, "voorzitter"
    vertegenwoordiger = traject.kandidaat.wettelijk_vertegenwoordiger
    assert vertegenwoordiger is not None
    return vertegenwoordiger.naam, "wettelijk vertegenwoordiger"


def contract_lines(traject: Traject, document: DocumentType) -> list[str]:
    """The paragraphs of a minimal document that follows the contract."""
    lines = [TITELS[document], "Kenmerken"]
    lines += [f"{label}: {value}" for label, value in kenmerken(traject, document).items()]
    if document in ("OOK", "PLOK") and traject.kandidaat.bsn:
        lines.append(
            f"{traject.kandidaat.volledige_naam}, burgerservicenummer {traject.kandidaat.bsn}, "
            "hierna: de kandidaat;"
        )
    if document == "POK":
        lines += [f"{werkproces_regel(w.code, w.crebo)} {w.titel}" for w in traject.werkprocessen]
    if document == "PV":
        # What was learned (domein.md section 2); a PV of a record without afronding (as the
        # release before v2 made it, at the start) lists the planned werkprocessen.
        listed = traject.behaalde_werkprocessen if traject.afronding else traject.werkprocessen
        lines += [f"{werkproces_regel(w.code, w.crebo)} {w.titel}" for w in listed]
    for rol in required_roles(traject, document):
        naam, functie = signer(traject, rol)
        lines += [f"Handtekening {ROL_LABELS[rol]}", f"Naam: {naam}", f"Functie: {functie}"]
        lines.append("Handtekening: ______________________")
    return lines


def feiten(traject: Traject, document: DocumentType, naam: str | None = None) -> DocumentFeiten:
    """The facts of a contract document, read back through the real docx reader."""
    path = io.BytesIO()
    write_docx(path, contract_lines(traject, document), properties(traject, document))
    return read_document(DocumentBron(naam or f"{document}.docx", path.getvalue()))


def properties(traject: Traject, document: DocumentType) -> dict[str, str]:
    found = {metadata_key(label): value for label, value in kenmerken(traject, document).items()}
    found[HASH_KEY] = record_hash(traject)
    return found


def write_docx(
    target: Path | io.BytesIO, lines: Iterable[str], props: dict[str, str] | None = None
) -> None:
    """A .docx with one paragraph per line (the label in bold, as a template would)."""
    document = docx.Document()
    for line in lines:
        paragraph = document.add_paragraph()
        label, sep, value = line.partition(": ")
        if sep and len(label) < 30:
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        else:
            paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue() if props is None else with_custom_properties(buffer.getvalue(), props)
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


def maak_set(traject: Traject, folder: Path, *, metadata: bool = True) -> dict[str, Path]:
    """A minimal contract-following .docx set of a trajectory in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for document in documents_to_make(traject):
        path = folder / f"{traject.traject_id}_{document}.docx"
        write_docx(
            path,
            contract_lines(traject, document),
            properties(traject, document) if metadata else None,
        )
        paths[document] = path
    return paths


# --- custom properties ---------------------------------------------------------------------


def with_custom_properties(data: bytes, props: dict[str, str]) -> bytes:
    """``data`` (a .docx) with ``docProps/custom.xml`` holding ``props``."""
    root = etree.Element(f"{{{_CUSTOM}}}Properties", nsmap={None: _CUSTOM, "vt": _VT})
    for pid, (name, value) in enumerate(props.items(), start=2):
        prop = etree.SubElement(root, f"{{{_CUSTOM}}}property")
        prop.set("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}")
        prop.set("pid", str(pid))
        prop.set("name", name)
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    custom = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for item in source.infolist():
            if item.filename == "docProps/custom.xml":
                continue
            content = source.read(item.filename)
            if "docProps/custom.xml" not in names:
                if item.filename == "[Content_Types].xml":
                    content = content.replace(
                        b"</Types>",
                        b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                        b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                    )
                elif item.filename == "_rels/.rels":
                    content = content.replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdCustom1" Type="http://schemas.openxmlformats.org'
                        b'/officeDocument/2006/relationships/custom-properties" '
                        b'Target="docProps/custom.xml"/></Relationships>',
                    )
            target.writestr(item, content)
        target.writestr("docProps/custom.xml", custom)
    return out.getvalue()


def custom_properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        if "docProps/custom.xml" not in package.namelist():
            return {}
        root = etree.fromstring(package.read("docProps/custom.xml"))
    return {str(p.get("name")): "".join(p.itertext()) for p in root.iter(f"{{{_CUSTOM}}}property")}


def set_property(path: Path, key: str, value: str) -> None:
    props = custom_properties(path)
    props[key] = value
    path.write_bytes(with_custom_properties(path.read_bytes(), props))


# --- edits as a person makes them --------------------------------------------------------


def set_kenmerk(path: Path, label: str, value: str, *, metadata: bool = True) -> None:
    """Retype one Kenmerken line in Word; with ``metadata`` also the document property."""
    document = docx.Document(str(path))
    vormen = LABEL_VORMEN.get(label, (label,))  # "Einddatum plaatsing" on a v2 PLOK
    for paragraph in document.paragraphs:
        vorm = next((v for v in vormen if paragraph.text.startswith(f"{v}:")), None)
        if vorm is not None:
            runs = paragraph.runs
            runs[0].text = f"{vorm}: {value}"
            for run in runs[1:]:
                run.text = ""
            break
    else:
        raise AssertionError(f"no Kenmerken line {label!r} in {path.name}")
    document.save(str(path))
    if metadata and custom_properties(path):
        set_property(path, metadata_key(label), value)


def replace_text(path: Path, old: str, new: str) -> None:
    """Retype ``old`` as ``new`` wherever it appears (paragraphs and table cells)."""
    document = docx.Document(str(path))
    changed = False
    for paragraph in _paragraphs(document):
        if old in paragraph.text:
            text = paragraph.text.replace(old, new)
            runs = paragraph.runs
            runs[0].text = text
            for run in runs[1:]:
                run.text = ""
            changed = True
    assert changed, f"{old!r} not found in {path.name}"
    document.save(str(path))


def remove_text(path: Path, text: str) -> None:
    """Delete the table row, or else the paragraph, that holds ``text``."""
    document = docx.Document(str(path))
    body = document.element.body
    for row in list(body.iter(f"{_W}tr")):
        if text in "".join(t.text or "" for t in row.iter(f"{_W}t")):
            row.getparent().remove(row)
            document.save(str(path))
            return
    for paragraph in list(body.iter(f"{_W}p")):
        if text in "".join(t.text or "" for t in paragraph.iter(f"{_W}t")):
            paragraph.getparent().remove(paragraph)
            document.save(str(path))
            return
    raise AssertionError(f"{text!r} not found in {path.name}")


def _paragraphs(document: Any) -> Iterable[Any]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


# --- files that are no readable document ------------------------------------------------


def image_only_pdf() -> bytes:
    """A one-page PDF holding only an image, as a scanner makes it: no text at all."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    image = DecodedStreamObject()
    image.set_data(bytes(range(0, 256, 4)) * 16)  # a 32 x 32 grey gradient
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(32),
            NameObject("/Height"): NumberObject(32),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    content = DecodedStreamObject()
    content.set_data(b"q 500 0 0 700 47 71 cm /Im0 Do Q")
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(content)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
