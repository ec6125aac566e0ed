"""Manual attestation of a wet-ink scan (*attestatie*, domein.md section 7).

A scan of a paper signature has no digital signature to verify. The instelling checks the
paper and records what it saw: ``attesteer SCAN.pdf --partijen kandidaat,leerbedrijf
--getekend-op DATUM --p12 F`` writes ``<scan>.attestatie.pdf``, a short Dutch statement
(document, the scan's SHA-256, the parties whose signatures were seen, the date written on
the paper, who checked and when) signed with the checker's own key (PAdES), so that it is
tamper-evident and judged for trust like any signature. The same facts are stored as JSON
in the PDF's document information (key :data:`INFO_KEY`), inside what the signature covers.
Changing the scan afterwards voids the attestation: its SHA-256 no longer matches.

:func:`attestations_in` and :func:`attestation_for` tell, for a scan, whether a valid
attestation covers it, for which parties and which date; ``controleer`` and ``status``
show such a document as "handmatig vastgesteld", never as a verified digital signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import fields

from overeenkomsten._tekst import dutch_date
from overeenkomsten.basis.bestand import read_file
from overeenkomsten.bestanden import write_atomic
from overeenkomsten.errors import InputError, SignatureError
from overeenkomsten.grenzen import MAX_PDF_BYTES
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.handtekeningen.inspectie import inspect_signatures
from overeenkomsten.handtekeningen.types import Attestatie, Handtekening, as_rol
from overeenkomsten.handtekeningen.vertrouwen import describe_certificate
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES, ROL_LABELS, Rol

SUFFIX = ".attestatie.pdf"
INFO_KEY = "/OvereenkomstenAttestatie"
VELD = "attestatie"
FORMAAT = "overeenkomsten-attestatie"
_DOCUMENT_IN_NAAM = re.compile(r"_(OOK|POK|PLOK|PV)(?:_v\d+)?$", re.IGNORECASE)


def attestation_path(scan: Path) -> Path:
    """``POK.pdf`` -> ``POK.attestatie.pdf`` beside it."""
    return scan.with_name(scan.stem + SUFFIX)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(read_file(path, "De scan")).hexdigest()


def make_attestation(
    scan: Path,
    partijen: Sequence[str],
    getekend_op: dt.date,
    p12: Path,
    wachtwoord: bytes | None,
    *,
    document: str | None = None,
    uit: Path | None = None,
    nu: dt.datetime | None = None,
) -> Path:
    """Write and sign the attestation of ``scan``; returns its path (default
    ``<scan>.attestatie.pdf``). Refuses (Dutch :class:`SignatureError` / :class:`InputError`)
    unknown roles, a date in the future, an existing attestation and a scan that is not a
    PDF."""
    data = read_file(scan, "De scan")
    if not data.startswith(b"%PDF-"):
        raise InputError(f"{scan} is geen PDF (verwacht: de scan als PDF).", code="geen-pdf")
    if len(data) > MAX_PDF_BYTES:
        raise InputError(f"{scan} is te groot om te attesteren.", code="pdf-te-groot")
    rollen = _roles(partijen)
    moment = nu or dt.datetime.now(dt.UTC)
    if getekend_op > moment.date():
        raise SignatureError(
            f"De datum op het papier ({dutch_date(getekend_op)}) ligt in de toekomst.",
            code="datum-in-toekomst",
        )
    soort = _document(document, scan)
    target = uit or attestation_path(scan)
    if target.exists():
        raise SignatureError(
            f"{target} bestaat al; een attestatie wordt niet overschreven. Geef met --uit een "
            "andere naam, of verplaats de oude.",
            code="attestatie-bestaat",
        )
    from overeenkomsten.handtekeningen.sleutels import load_signer  # signing stack: lazy

    signer = load_signer(p12, wachtwoord)
    assert signer.signing_cert is not None  # load_signer guarantees one
    controleur = describe_certificate(signer.signing_cert).naam
    feiten = {
        "formaat": FORMAAT,
        "versie": 1,
        "scan": scan.name,
        "scan_sha256": hashlib.sha256(data).hexdigest(),
        "document": soort,
        "partijen": list(rollen),
        "getekend_op": getekend_op.isoformat(),
        "gecontroleerd_door": controleur,
        "gecontroleerd_op": moment.isoformat(),
    }
    unsigned = _statement_pdf(feiten)
    write_atomic(target, _sign(unsigned, p12, wachtwoord, moment))
    return target


def read_attestation(
    pad: Path, scan: Path | None = None, vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN
) -> Attestatie | None:
    """The attestation in ``pad`` judged against ``scan`` (default: the scan it names,
    beside it); None when ``pad`` is not an attestation of this tool."""
    try:
        data = read_file(pad, "De attestatie")
        feiten = _facts(data)
    except (InputError, PdfError, ValueError, KeyError, TypeError):
        return None
    if feiten is None:
        return None
    try:
        found = inspect_signatures(data, vertrouwd)
    except InputError:
        found = []
    handtekening = next((h for h in found if h.veld == VELD), None)
    scan_path = scan or pad.with_name(str(feiten.get("scan", "")))
    problemen = _problems(handtekening, found, feiten, scan_path)
    return Attestatie(
        scan=scan_path,
        pad=pad,
        document=str(feiten.get("document", "onbekend")),
        scan_sha256=str(feiten.get("scan_sha256", "")),
        partijen=tuple(_known_roles(feiten.get("partijen", []))),
        getekend_op=_date(feiten.get("getekend_op")),
        gecontroleerd_door=str(feiten.get("gecontroleerd_door", "onbekend")),
        gecontroleerd_op=_moment(feiten.get("gecontroleerd_op")),
        handtekening=handtekening,
        geldig=not problemen,
        toelichting=" ".join(problemen),
        problemen=tuple(problemen),
    )


def attestations_in(
    folder: Path, vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN
) -> list[Attestatie]:
    """Every attestation in ``folder`` (``*.attestatie.pdf``), each judged against the scan
    it names."""
    found = []
    for pad in sorted(folder.glob(f"*{SUFFIX}")):
        attestatie = read_attestation(pad, vertrouwd=vertrouwd)
        if attestatie is not None:
            found.append(attestatie)
    return found


def attestation_for(scan: Path, attestaties: Iterable[Attestatie]) -> Attestatie | None:
    """The attestation that covers ``scan``: the one whose SHA-256 is the scan's (found by
    content, whatever the file is called), else the one that names it (then invalid: the
    scan was changed). A valid one is preferred."""
    try:
        digest = sha256_of(scan)
    except InputError:
        return None
    candidates = list(attestaties)
    by_hash = [a for a in candidates if a.scan_sha256 == digest]
    for attestatie in by_hash:
        judged = _against(attestatie, scan, digest)
        if judged.geldig:
            return judged
    if by_hash:
        return _against(by_hash[0], scan, digest)
    named = [a for a in candidates if a.scan.name == scan.name]
    return _against(named[0], scan, digest) if named else None


def is_attestation(path: Path) -> bool:
    """An attestation file (by its name): never a document of the trajectory itself."""
    return path.name.lower().endswith(SUFFIX)


# --- judging -----------------------------------------------------------------------------


def _against(attestatie: Attestatie, scan: Path, digest: str) -> Attestatie:
    """``attestatie`` judged against the scan at ``scan`` (hash ``digest``)."""
    from dataclasses import replace

    problemen = [p for p in attestatie.problemen if not p.startswith("De scan")]
    if digest != attestatie.scan_sha256:
        problemen.append(SCAN_GEWIJZIGD)
    return replace(
        attestatie,
        scan=scan,
        geldig=not problemen,
        toelichting=" ".join(problemen),
        problemen=tuple(problemen),
    )


SCAN_GEWIJZIGD = (
    "De scan is na de attestatie gewijzigd of vervangen (de SHA-256 klopt niet): de "
    "attestatie geldt niet meer."
)


def _problems(
    handtekening: Handtekening | None,
    found: list[Handtekening],
    feiten: dict[str, Any],
    scan: Path,
) -> list[str]:
    problemen: list[str] = []
    if handtekening is None:
        problemen.append("De attestatie is niet (meer) ondertekend door wie controleerde.")
    elif not handtekening.in_orde:
        problemen.append(
            f"De handtekening onder de attestatie is niet in orde: {handtekening.toelichting}"
        )
    elif handtekening.vertrouwen_fout:
        problemen.append(f"De handtekening onder de attestatie: {handtekening.toelichting}")
    if any(h.veld != VELD and not h.in_orde for h in found):
        problemen.append("De attestatie is na ondertekening gewijzigd.")
    try:
        digest = sha256_of(scan)
    except InputError:
        problemen.append(f"De scan {scan.name} die de attestatie noemt, is niet gevonden.")
    else:
        if digest != feiten.get("scan_sha256"):
            problemen.append(SCAN_GEWIJZIGD)
    return problemen


def _facts(data: bytes) -> dict[str, Any] | None:
    """The JSON facts from the document information of the attestation, or None."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    info = reader.trailer_view.get("/Info")
    if info is None:
        return None
    raw = info.get_object().get(INFO_KEY)
    if raw is None:
        return None
    feiten = json.loads(str(raw))
    if not isinstance(feiten, dict) or feiten.get("formaat") != FORMAAT:
        return None
    return feiten


def _known_roles(values: object) -> list[Rol]:
    found: list[Rol] = []
    for value in values if isinstance(values, list) else []:
        try:
            found.append(as_rol(str(value)))
        except SignatureError:
            continue
    return found


def _date(value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date.min


def _moment(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


# --- writing ------------------------------------------------------------------------------


def _roles(partijen: Sequence[str]) -> tuple[Rol, ...]:
    names = [p.strip() for item in partijen for p in item.split(",") if p.strip()]
    if not names:
        raise SignatureError(
            "Noem met --partijen wier handtekeningen u op het papier zag (bijvoorbeeld "
            "kandidaat,leerbedrijf).",
            code="partijen-ontbreken",
        )
    return tuple(dict.fromkeys(as_rol(name) for name in names))


def _document(document: str | None, scan: Path) -> str:
    if document is not None:
        upper = document.strip().upper()
        if upper not in DOCUMENT_TYPES:
            raise SignatureError(
                f"Onbekend document '{document}'. Kies uit: {', '.join(DOCUMENT_TYPES)}.",
                code="document-onbekend",
            )
        return upper
    match = _DOCUMENT_IN_NAAM.search(scan.stem)
    return match.group(1).upper() if match else "onbekend"


def _lines(feiten: dict[str, Any]) -> list[str]:
    partijen = ", ".join(ROL_LABELS[as_rol(r)] for r in feiten["partijen"])
    moment = dt.datetime.fromisoformat(feiten["gecontroleerd_op"])
    document = feiten["document"]
    return [
        "Attestatie van natte handtekeningen",
        "",
        "Dit is een handmatige vaststelling, geen digitale handtekening van de partijen.",
        "",
        f"Document: {document}",
        f"Scan: {feiten['scan']}",
        f"SHA-256 van de scan: {feiten['scan_sha256']}",
        f"Handtekeningen gezien van: {partijen}",
        f"Datum op het papier: {dutch_date(dt.date.fromisoformat(feiten['getekend_op']))}",
        f"Gecontroleerd door: {feiten['gecontroleerd_door']}",
        f"Gecontroleerd op: {dutch_date(moment.date())} {moment:%H:%M} UTC",
        "",
        "De controleur verklaart dat hij of zij de papieren handtekeningen van de genoemde",
        "partijen op dit document heeft gezien. Wordt de scan gewijzigd, dan geldt deze",
        "attestatie niet meer.",
    ]


def _latin1(text: str) -> bytes:
    """Text for the standard Helvetica font (WinAnsi): letters it lacks lose their accent."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1252"))
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore")
            out.append(base or {"ı": b"i", "ł": b"l"}.get(char, b"?"))
    raw = b"".join(out)
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _statement_pdf(feiten: dict[str, Any]) -> bytes:
    """One A4 page with the statement, the facts as JSON in the document information."""
    content = [b"BT", b"/F1 16 Tf", b"56 780 Td", b"20 TL"]
    for index, line in enumerate(_lines(feiten)):
        if index == 1:
            content += [b"/F1 11 Tf", b"15 TL"]
        content.append(b"(" + _latin1(line) + b") Tj T*")
    content.append(b"ET")
    # pyHanko's PDF object API is untyped: used through Any here.
    g: Any = generic
    writer: Any = cast(Any, PdfFileWriter)()
    font = g.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/Type1"),
            pdf_name("/BaseFont"): pdf_name("/Helvetica"),
            pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
        }
    )
    resources = g.DictionaryObject(
        {pdf_name("/Font"): g.DictionaryObject({pdf_name("/F1"): writer.add_object(font)})}
    )
    stream = g.StreamObject(stream_data=b"\n".join(content))
    page = cast(Any, PageObject)(
        contents=writer.add_object(stream),
        media_box=g.ArrayObject([g.NumberObject(v) for v in (0, 0, 595, 842)]),
        resources=resources,
    )
    writer.insert_page(page)
    info = g.DictionaryObject(
        {
            pdf_name("/Title"): pdf_string(f"Attestatie {feiten['document']} ({feiten['scan']})"),
            pdf_name("/Producer"): pdf_string("overeenkomsten"),
            pdf_name(INFO_KEY): pdf_string(json.dumps(feiten, ensure_ascii=False, sort_keys=True)),
        }
    )
    writer.set_info(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _sign(pdf: bytes, p12: Path, wachtwoord: bytes | None, moment: dt.datetime) -> bytes:
    # the signing stack (pyhanko.sign.signers: aiohttp, requests) is for making an
    # attestation only; reading one, as every check does, must not import it
    from pyhanko.sign import signers

    from overeenkomsten.handtekeningen.sleutels import load_signer

    signer = load_signer(p12, wachtwoord)
    metadata = signers.PdfSignatureMetadata(
        field_name=VELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Handmatige vaststelling van natte handtekeningen",
    )
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signers.PdfSigner(metadata, signer).sign_pdf(writer, output=out)
    return out.getvalue()
