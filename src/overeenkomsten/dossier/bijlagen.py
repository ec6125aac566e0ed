"""Embedded files: the signed originals, byte for byte, and the manifest.

Each is an embedded file (PDF 32000-1, 7.11.4) listed in the catalog's name tree and, as
PDF/A-3 does with associated files, in the catalog's ``/AF`` array with an
``/AFRelationship``: ``/Source`` for an original (the pages are a copy of it), ``/Data``
for the manifest. The bytes are stored without a filter, so what comes out is exactly
what went in; a signed PDF extracted from the dossier still validates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Literal

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from overeenkomsten.errors import InputError

Relatie = Literal["Source", "Data"]


@dataclass(frozen=True)
class Bijlage:
    """One embedded file as found in a PDF."""

    naam: str
    data: bytes
    relatie: str
    mime: str | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def attach(
    writer: PdfWriter,
    naam: str,
    data: bytes,
    *,
    relatie: Relatie,
    mime: str,
    beschrijving: str,
    moment: dt.datetime,
) -> None:
    """Embed ``data`` as ``naam`` and register it as an associated file of the document."""
    embedded = writer.add_attachment(naam, data)
    embedded.alternative_name = TextStringObject(naam)
    embedded.description = TextStringObject(beschrijving)
    embedded.associated_file_relationship = NameObject(f"/{relatie}")
    embedded.subtype = NameObject(f"/{mime}")
    embedded.size = NumberObject(len(data))
    # /CheckSum is an MD5 by definition of the PDF format; the SHA-256 is in the manifest
    embedded.checksum = ByteStringObject(hashlib.md5(data, usedforsecurity=False).digest())
    embedded.modification_date = moment
    spec = embedded.pdf_object.indirect_reference
    root = writer.root_object
    if "/AF" not in root:
        root[NameObject("/AF")] = ArrayObject()
    af = root["/AF"].get_object()
    assert isinstance(af, ArrayObject)
    af.append(spec)


def read_attachments(pdf: bytes, naam: str = "het dossier") -> list[Bijlage]:
    """Every embedded file of ``pdf`` (an empty list for a PDF without any)."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            raise InputError(
                f"{naam} is versleuteld met een wachtwoord en kan niet worden gelezen.",
                code="pdf-versleuteld",
            )
        return [
            Bijlage(
                naam=str(item.name),
                data=item.content,
                relatie=str(item.associated_file_relationship).lstrip("/"),
                mime=str(item.subtype).lstrip("/") if item.subtype else None,
            )
            for item in reader.attachment_list
        ]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise InputError(
            f"{naam} is geen leesbare PDF: het bestand is beschadigd of wijkt af van de norm.",
            code="pdf-onleesbaar",
        ) from exc
