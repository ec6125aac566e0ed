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
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from overeenkomsten.basis.pdf import PDF_LEESFOUTEN, all_file_specs, embedded_file_specs
from overeenkomsten.errors import InputError
from overeenkomsten.grenzen import MAX_PDF_BYTES, megabytes

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


@dataclass(frozen=True)
class Probleem:
    """Something wrong with the embedded files themselves (a finding of rule DOSSIER)."""

    code: str
    naam: str
    bericht: str


@dataclass
class Inventaris:
    """Every embedded file of a PDF: the readable ones in its name tree, and what is wrong
    (an attachment that cannot be unpacked, names that disagree, a file hidden elsewhere)."""

    bijlagen: list[Bijlage] = field(default_factory=list)
    problemen: list[Probleem] = field(default_factory=list)

    @property
    def onleesbaar(self) -> set[str]:
        return {p.naam for p in self.problemen if p.code == "bijlage-onleesbaar"}


def read_attachments(pdf: bytes, naam: str = "het dossier") -> list[Bijlage]:
    """Every readable embedded file of ``pdf`` (an empty list for a PDF without any)."""
    return inventory(pdf, naam).bijlagen


def inventory(pdf: bytes, naam: str = "het dossier") -> Inventaris:
    """The embedded files of ``pdf`` and the problems with them.

    Raises :class:`InputError` when ``pdf`` itself cannot be read. One attachment that
    cannot be unpacked (damaged, or larger than a PDF may be) is a problem, not an error.
    """
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            raise InputError(
                f"{naam} is versleuteld met een wachtwoord en kan niet worden gelezen.",
                code="pdf-versleuteld",
            )
        specs = list(embedded_file_specs(reader))
        everywhere = all_file_specs(reader)
    except PDF_LEESFOUTEN as exc:
        raise InputError(
            f"{naam} is geen leesbare PDF: het bestand is beschadigd of wijkt af van de norm.",
            code="pdf-onleesbaar",
        ) from exc
    found = Inventaris()
    actief = _active_content(reader)
    if actief:
        found.problemen.append(
            Probleem(
                "dossier-actief",
                naam,
                f"Het dossier bevat iets dat bij het openen wordt uitgevoerd of getoond "
                f"({', '.join(actief)}). bundel maakt dat nooit: het kan in een PDF-lezer "
                "iets anders laten zien dan er staat. Het is er na het bundelen in gezet.",
            )
        )
    for sleutel, spec in specs:
        _read_one(found, sleutel, spec)
    listed = {id(spec) for _sleutel, spec in specs}
    for spec in everywhere:
        if id(spec) not in listed:
            shown = _spec_names(spec) or ["(zonder naam)"]
            found.problemen.append(
                Probleem(
                    "bijlage-verborgen",
                    shown[0],
                    f"Het dossier bevat een ingebed bestand ({', '.join(shown)}) buiten de "
                    "lijst met bijlagen (bijvoorbeeld aan een pagina gehecht): een PDF-lezer "
                    "laat het zien, maar het hoort niet bij het dossier. Het is er later "
                    "bijgezet.",
                )
            )
    return found


def _active_content(reader: PdfReader) -> list[str]:
    """What in the dossier runs or acts when it is opened or read (PDF 32000-1, 12.6):
    an opening action other than going to a page, JavaScript, additional actions of the
    document or a page, an XFA form. ``bundel`` writes none of them."""
    found: list[str] = []
    try:
        root: Any = reader.trailer["/Root"].get_object()
        opening = root.get("/OpenAction")
        opening = opening.get_object() if opening is not None else None
        if isinstance(opening, DictionaryObject) and opening.get("/S") != "/GoTo":
            found.append(f"openingsactie {opening.get('/S')}")
        if "/AA" in root:
            found.append("acties van het document")
        names = root.get("/Names")
        names = names.get_object() if names is not None else None
        if isinstance(names, DictionaryObject) and "/JavaScript" in names:
            found.append("JavaScript")
        form = root.get("/AcroForm")
        form = form.get_object() if form is not None else None
        if isinstance(form, DictionaryObject) and "/XFA" in form:
            found.append("XFA-formulier")
        if any("/AA" in page for page in reader.pages):
            found.append("acties van een pagina")
        if any(_acts(annotation) for page in reader.pages for annotation in _annotations(page)):
            found.append("acties van een aantekening")
    except PDF_LEESFOUTEN:
        found.append("onleesbare acties")
    return found


def _annotations(page: Any) -> list[DictionaryObject]:
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else None
    if not isinstance(annots, ArrayObject):
        return []
    found = [a.get_object() for a in annots]
    return [a for a in found if isinstance(a, DictionaryObject)]


def _acts(annotation: DictionaryObject) -> bool:
    """An annotation that runs something when clicked or shown: any action but following a
    link (bundel keeps only those, :mod:`.opbouw`)."""
    if "/AA" in annotation:
        return True
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if action is None:
        return False
    if not isinstance(action, DictionaryObject) or "/Next" in action:
        return True  # a chain may continue with JavaScript
    return action.get("/S") not in ("/URI", "/GoTo")


def _spec_names(spec: DictionaryObject) -> list[str]:
    names: list[str] = []
    for key in ("/UF", "/F", "/DOS", "/Mac", "/Unix"):
        try:
            value = spec.get(key)
            value = value.get_object() if value is not None else None
        except PDF_LEESFOUTEN:
            continue
        if isinstance(value, str | bytes) and str(value) not in names:
            names.append(value.decode("latin-1") if isinstance(value, bytes) else str(value))
    return names


def _read_one(found: Inventaris, sleutel: str, spec: DictionaryObject) -> None:
    """Read one attachment of the name tree into ``found`` (or note why it cannot be)."""
    namen = _spec_names(spec)
    if any(n != sleutel for n in namen):
        found.problemen.append(
            Probleem(
                "bijlage-naam-wijkt-af",
                sleutel,
                f"De bijlage {sleutel} draagt ook een andere naam "
                f"({', '.join(n for n in namen if n != sleutel)}): een PDF-lezer kan die "
                "andere naam tonen. Het dossier is na het bundelen veranderd.",
            )
        )
    try:
        ef = cast(DictionaryObject, spec["/EF"].get_object())
        streams: dict[int, Any] = {id(ef[k].get_object()): ef[k].get_object() for k in ef}
        if len(streams) != 1:
            raise ValueError("not one embedded stream")
        (stream,) = streams.values()
        data = stream.get_data()
        if len(data) > MAX_PDF_BYTES:
            raise ValueError("too large")
        subtype = stream.get("/Subtype")
        relatie = spec.get("/AFRelationship")
    except PDF_LEESFOUTEN:
        found.problemen.append(
            Probleem(
                "bijlage-onleesbaar",
                sleutel,
                f"De bijlage {sleutel} kan niet worden uitgepakt: ze is beschadigd, heeft "
                "meer dan één inhoud, of pakt uit tot meer dan "
                f"{megabytes(MAX_PDF_BYTES)}. Ze is niet gecontroleerd.",
            )
        )
        return
    found.bijlagen.append(
        Bijlage(
            naam=sleutel,
            data=data,
            relatie=str(relatie).lstrip("/") if relatie is not None else "None",
            mime=str(subtype).lstrip("/") if subtype is not None else None,
        )
    )
