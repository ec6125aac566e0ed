"""Templates with active content: a macro project, an ActiveX control, a remote image, an
attached template on a server, an INCLUDEPICTURE field (built from the shipped templates)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

from overeenkomsten.documenten.render import default_template_dir

VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
TEMPLATE_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
NORMAL_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_BLIP_PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/'
    '2006/wordprocessingDrawing"><wp:extent cx="952500" cy="952500"/><wp:docPr id="900" '
    'name="extern"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
    'main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="900" name="extern"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships" r:link="rIdExtern1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
    "</a:graphic></wp:inline></w:drawing></w:r></w:p>"
)


def _rewrite(docx: Path, change: dict[str, bytes | None], add: dict[str, bytes]) -> None:
    original = docx.read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        entries = [(i.filename, source.read(i)) for i in source.infolist()]
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries:
            if name in change:
                replaced = change[name]
                if replaced is not None:
                    package.writestr(name, replaced)
            else:
                package.writestr(name, data)
        for name, data in add.items():
            package.writestr(name, data)


def _read(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as package:
        return package.read(name).decode("utf-8")


def _add_relationship(rels: str, relationship: str) -> bytes:
    return rels.replace("</Relationships>", relationship + "</Relationships>").encode()


def with_macro_project(folder: Path, document: str = "OOK") -> Path:
    """Templates whose ``document`` is a macro-enabled document with a VBA project."""
    shutil.copytree(default_template_dir(), folder)
    docx = folder / f"{document}.docx"
    types = _read(docx, "[Content_Types].xml").replace(NORMAL_MAIN, MACRO_MAIN)
    types = types.replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    rels = _read(docx, "word/_rels/document.xml.rels")
    _rewrite(
        docx,
        {
            "[Content_Types].xml": types.encode(),
            "word/_rels/document.xml.rels": _add_relationship(
                rels, f'<Relationship Id="rIdVba1" Type="{VBA_REL}" Target="vbaProject.bin"/>'
            ),
        },
        {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name" * 20},
    )
    return folder


def with_remote_content(folder: Path, url: str, document: str = "OOK") -> Path:
    """Templates whose ``document`` shows an image linked to ``url``, has an attached
    template at ``url`` and an INCLUDEPICTURE field for ``url``."""
    shutil.copytree(default_template_dir(), folder)
    docx = folder / f"{document}.docx"
    rels = _read(docx, "word/_rels/document.xml.rels")
    body = _read(docx, "word/document.xml")
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space='
        f'"preserve"> INCLUDEPICTURE "{url}/veld.png" \\d </w:instrText></w:r><w:r>'
        '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>plaatje</w:t></w:r><w:r>'
        '<w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    body = body.replace("<w:body>", "<w:body>" + _BLIP_PICTURE + field, 1)
    settings = _read(docx, "word/settings.xml")
    settings = re.sub(
        r"(<w:settings\b[^>]*>)",
        r'\1<w:attachedTemplate xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        r'2006/relationships" r:id="rIdExtern2"/>',
        settings,
        count=1,
    )
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdExtern2" '
        f'Type="{TEMPLATE_REL}" Target="{url}/sjabloon.dotm" TargetMode="External"/>'
        "</Relationships>"
    )
    _rewrite(
        docx,
        {
            "word/document.xml": body.encode(),
            "word/settings.xml": settings.encode(),
            "word/_rels/document.xml.rels": _add_relationship(
                rels,
                f'<Relationship Id="rIdExtern1" Type="{IMAGE_REL}" Target="{url}/beeld.png" '
                'TargetMode="External"/>',
            ),
        },
        {"word/_rels/settings.xml.rels": settings_rels.encode()},
    )
    return folder


def active_parts(docx: Path) -> list[str]:
    """What of the active content is still in a (generated) document."""
    found = []
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8", "replace")
            if "vbaProject" in name or "vbaProject" in text or "macroEnabled" in text:
                found.append(f"macro in {name}")
            for rel in re.findall(r"<Relationship\b[^>]*>", text):
                if 'TargetMode="External"' in rel and "/hyperlink" not in rel:
                    found.append(f"extern in {name}: {rel}")
            if "INCLUDEPICTURE" in text or "attachedTemplate" in text:
                found.append(f"veld of sjabloon in {name}")
    return found
