"""The hostile corpus: broken, oversized and malicious workbooks and PDFs, made on demand.

Big inputs (zip bombs, 10,000 pages, 100 MB) are generated here, in the test run, never
committed. Each builder writes one file and returns its path.
"""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from overeenkomsten.intake.kolommen import KOPPEN

MB = 1024 * 1024
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

# -- workbooks -------------------------------------------------------------------------------


def truncated(source: Path, target: Path, keep: float = 0.5) -> Path:
    """The first half of a real file: what a broken download or a full disk leaves."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def _copy_zip(
    source: Path, target: Path, change: Mapping[str, Any] | None = None
) -> zipfile.ZipFile:
    """A new zip at ``target`` with the members of ``source``; ``change`` maps a member to
    a function of its bytes. Returned open, so that the caller can add members."""
    change = change or {}
    out = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(source) as original:
        for info in original.infolist():
            data = original.read(info)
            if info.filename in change:
                data = change[info.filename](data)
            out.writestr(info.filename, data)
    return out


def shared_strings_bomb(source: Path, target: Path, megabytes: int) -> Path:
    """A real zip bomb: one shared string of ``megabytes`` MB of 'A', deflated to ~1/1000.

    The shared-strings part is registered in the package, so a reader that did not refuse
    the file would load every byte of it.
    """
    archive = _copy_zip(
        source,
        target,
        {
            "[Content_Types].xml": lambda d: d.replace(
                b"</Types>",
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'
                "</Types>".encode(),
            ),
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdBom" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
                "</Relationships>".encode(),
            ),
        },
    )
    with archive, archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
        part.write(f'<sst xmlns="{SHEET_NS}" count="1" uniqueCount="1"><si><t>'.encode())
        block = b"A" * MB
        for _ in range(megabytes):
            part.write(block)
        part.write(b"</t></si></sst>")
    return target


def lying_sizes(source: Path, target: Path, member: str, declared: int) -> Path:
    """A zip whose directory claims ``member`` unpacks to ``declared`` bytes, while its
    deflated data unpacks to far more: the bomb that a size check alone would let in."""
    data = bytearray(source.read_bytes())
    name = member.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == name:
            local = struct.unpack_from("<I", data, position + 42)[0]
            struct.pack_into("<I", data, position + 24, declared)  # central directory
            struct.pack_into("<I", data, local + 22, declared)  # local header
        position = data.find(b"PK\x01\x02", position + 4)
    target.write_bytes(bytes(data))
    return target


def million_rows(source: Path, target: Path) -> Path:
    """A real cell in the last row Excel has (1,048,576), with nothing in between."""
    book = openpyxl.load_workbook(source)
    book["Trajecten"].cell(row=1_048_576, column=1, value="RMT-LAATSTE-RIJ")
    book.save(target)
    return target


def claimed_dimension(source: Path, target: Path) -> Path:
    """A sheet whose ``<dimension>`` claims the whole grid (A1:XFD1048576)."""
    pattern = re.compile(rb'<dimension ref="[^"]*"/>')
    replacement = b'<dimension ref="A1:XFD1048576"/>'
    _copy_zip(
        source, target, {"xl/worksheets/sheet1.xml": lambda d: pattern.sub(replacement, d)}
    ).close()
    return target


def with_macros(source: Path, target: Path) -> Path:
    """The intake saved as a macro-enabled workbook (.xlsm) with a VBA project part.

    The part is an OLE container header and the text of an auto-run macro: this tool never
    opens it (openpyxl drops VBA unless asked to keep it), which is what the test shows.
    """
    macro_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    vba_rel = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    archive = _copy_zip(
        source,
        target,
        {
            "[Content_Types].xml": lambda d: d.replace(
                sheet_type.encode(), macro_type.encode()
            ).replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b"</Types>",
            ),
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdVba" Type="{vba_rel}" Target="vbaProject.bin"/>'
                "</Relationships>".encode(),
            ),
        },
    )
    with archive:
        archive.writestr(
            "xl/vbaProject.bin",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 504
            + b'Attribute VB_Name = "ThisWorkbook"\r\nSub Workbook_Open()\r\n'
            + b'  Shell "cmd /c echo vijandig"\r\nEnd Sub\r\n',
        )
    return target


def set_cells(source: Path, target: Path, cells: Mapping[tuple[int, str], object]) -> Path:
    """``source`` with cells of sheet Trajecten changed: (Excel row, record path) -> value.

    Saved by openpyxl in its ordinary mode, as Excel saves: texts in the shared-strings
    table. A text starting with '=' becomes a formula without a stored result (what a
    program writes), unless it is wrapped in :class:`Tekst`.
    """
    book = openpyxl.load_workbook(source)
    sheet = book["Trajecten"]
    headers = [c.value for c in sheet[1]]
    for (row, path), value in cells.items():
        cell = sheet.cell(row=row, column=headers.index(KOPPEN[path]) + 1)
        cell.value = str(value) if isinstance(value, Tekst) else value
        if isinstance(value, Tekst):
            cell.data_type = "s"
    book.save(target)
    return target


class Tekst(str):
    """A text that must stay text in the workbook, even when it starts with '='."""


_INLINE = re.compile(
    rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>',
    re.DOTALL,
)


def to_shared_strings(source: Path, target: Path) -> Path:
    """``source`` (openpyxl writes every text into its cell) with its texts moved into a
    shared-strings table, as Excel and LibreOffice store them."""
    table: dict[bytes, int] = {}

    def share(data: bytes) -> bytes:
        def cell(found: re.Match[bytes]) -> bytes:
            index = table.setdefault(found.group(3), len(table))
            return b'<c %st="s"%s><v>%d</v></c>' % (found.group(1), found.group(2), index)

        return _INLINE.sub(cell, data)

    sheets = [f"xl/worksheets/sheet{n}.xml" for n in range(1, 10)]
    archive = _copy_zip(
        source,
        target,
        {
            **dict.fromkeys(sheets, share),
            "[Content_Types].xml": lambda d: d.replace(
                b"</Types>",
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'
                "</Types>".encode(),
            ),
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdSst" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
                "</Relationships>".encode(),
            ),
        },
    )
    with archive:
        items = b"".join(b"<si><t>%s</t></si>" % text for text in table)
        archive.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
            % (SHEET_NS.encode(), len(table), len(table), items),
        )
    return target


def raw_text(path: Path, member: str, raw: Mapping[str, bytes]) -> Path:
    """Replace placeholder texts in ``member`` by raw XML text: Excel's ``_x0000_``
    escapes, or a text longer than openpyxl would ever write (32,767 characters)."""
    changed = path.with_suffix(".tmp.xlsx")

    def patch(data: bytes) -> bytes:
        for placeholder, value in raw.items():
            assert placeholder.encode() in data, placeholder
            data = data.replace(placeholder.encode(), value)
        return data

    _copy_zip(path, changed, {member: patch}).close()
    shutil.move(changed, path)
    return path


# -- PDFs ------------------------------------------------------------------------------------


def encrypted(source: Path, target: Path) -> Path:
    """``source`` encrypted with AES-256 and a user password: it opens only with 'geheim'."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="geheim", owner_password="eigenaar", algorithm="AES-256")
    writer.write(target)
    return target


def _javascript(code: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(code),
        }
    )


def with_javascript(source: Path, target: Path) -> Path:
    """``source`` with JavaScript everywhere a reader may run it: on opening the file
    (/OpenAction and the document-level /Names tree), on opening the first page (/AA),
    and behind a link that looks like a web address (/Annots, followed by /Next)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    root = writer._root_object
    root[NameObject("/OpenAction")] = writer._add_object(_javascript("app.alert('open');"))
    names = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("vijandig"), writer._add_object(_javascript("app.alert(1);"))]
            )
        }
    )
    root[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): names})
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): writer._add_object(_javascript("app.launchURL('x');"))}
    )
    link_action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://example.org/"),
            NameObject("/Next"): writer._add_object(_javascript("this.submitForm('x');")),
        }
    )
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    for action in (link_action, launch):
        writer.add_annotation(
            page,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 50, 200, 70)]),
                    NameObject("/A"): action,
                }
            ),
        )
    writer.write(target)
    return target


def many_pages(source: Path, target: Path, pages: int) -> Path:
    """``pages`` pages with real text: the pages of ``source`` over and over."""
    original = PdfReader(source)
    writer = PdfWriter()
    for index in range(pages):
        writer.add_page(original.pages[index % len(original.pages)])
    writer.write(target)
    return target


def heavy_page(target: Path, megabytes: int) -> Path:
    """One page whose drawing instructions unpack to ``megabytes`` MB of text operations
    (a file of a few kilobytes; reading its text would take seconds per megabyte)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    line = b"BT /F1 12 Tf 72 72 Td (vijandig) Tj ET\n"
    stream = StreamObject()
    stream.set_data(line * (megabytes * MB // len(line)))
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    writer.write(target)
    return target


def stream_bomb(target: Path, megabytes: int) -> Path:
    """One page whose content stream inflates from a few hundred kilobytes to
    ``megabytes`` MB of blanks: the zip bomb of PDFs."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    compressor = zlib.compressobj(9)
    block = b" " * MB
    data = b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()
    stream = StreamObject()
    stream._data = data
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(target)
    return target


def oversized(target: Path, size: int) -> Path:
    """A file of ``size`` bytes that starts like a PDF (sparse: it takes no disk space)."""
    with target.open("wb") as handle:
        handle.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        handle.truncate(size)
    return target


_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


def lying_byte_range(signed: Path, target: Path, lie: str) -> Path:
    """A signed PDF whose /ByteRange no longer tells the truth, same length in bytes.

    ``lie``: ``korter`` (the second range stops before the end of the file: bytes outside
    the signature), ``voorbij-einde`` (the second range runs past the end of the file), or
    ``overlap`` (the ranges overlap the signature value itself).
    """
    data = bytearray(signed.read_bytes())
    found = _BYTE_RANGE.search(data)
    assert found is not None, "geen /ByteRange in de ondertekende PDF"
    start1, length1, start2, length2 = (int(v) for v in found.groups())
    ranges = {
        "korter": (start1, length1, start2, length2 // 2),
        "voorbij-einde": (start1, length1, start2, int("9" * len(str(length2)))),
        "overlap": (start1, start2 + length2, 0, length1),
    }[lie]
    text = ("/ByteRange [" + " ".join(str(v) for v in ranges)).encode()
    width = found.end() - found.start() - 1
    assert len(text) <= width, "de leugen past niet in de ruimte van het origineel"
    data[found.start() : found.end()] = text.ljust(width) + b"]"
    target.write_bytes(bytes(data))
    return target


def all_objects(pdf: Path) -> list[Any]:
    """Every dictionary reachable from the trailer of ``pdf``, embedded files excepted."""
    reader = PdfReader(pdf)
    found: list[Any] = []
    seen: set[int] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, DictionaryObject):
            if item.get("/Type") == "/EmbeddedFile":
                continue  # an attached original: kept byte for byte, on purpose
            found.append(item)
            stack.extend(v for k, v in item.items() if k not in ("/Parent", "/P"))
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found
