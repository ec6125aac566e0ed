"""Signatures that were there and are gone: stripped, hidden, or made unreadable (X7 v2).

Hiding evidence must never make a document look merely unsigned (``onvolledig``) when it
was signed and then changed (``fouten``). Three traces are looked for:

* an earlier revision of the file has a filled signature field that the latest revision
  lacks (the signature was removed, or the form holding it was removed or broken);
* the file cannot be read any more, but an earlier state of it (up to an earlier
  ``%%EOF``) can and was signed: an update after the signature broke the file;
* no signature is left, but the file still carries traces of this tool's signatures (the
  signature appearance text, an empty signature field named after a role, or pyHanko as
  producer): the file was rewritten without its signatures;
* the raw bytes hold a signature of this very file (a ``/ByteRange`` whose gap is a hex
  string at exactly that place) that the latest revision does not show: the chain of
  cross-reference sections was bent (a ``/Prev`` that skips the signed revisions) to hide
  it.

And one trace of a hidden change: bytes after the end of the last revision a reader
follows (objects appended without a cross-reference section, or a whole update that the
final ``startxref`` skips). No signature covers them and no revision accounts for them, yet
some viewers show them: every signature of the file is then not ``toegestaan``.

Each is reported as a :class:`Handtekening` with an ``afwijking``, which every consumer
treats as a broken signature (a ``fout``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields

from overeenkomsten.handtekeningen.types import Afwijking, Handtekening
from overeenkomsten.model.kenmerken import ROLLEN, Rol

STAMP_MARK = b"Digitaal ondertekend door"
_EOF = re.compile(rb"%%EOF")
_BYTERANGE = re.compile(rb"/ByteRange\s*\[")
_BYTERANGE_VALUES = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
_HEX = re.compile(rb"[0-9A-Fa-f\s]*")
#: What a writer may leave after the final %%EOF: line ends, blanks, padding.
_PADDING = b" \t\r\n\x00\x0c"
AANGEHANGEN = (
    "Na de laatste revisie staan nog gegevens in het bestand die bij geen revisie horen "
    "(aangehangen zonder geldige kruisverwijzingen); sommige programma's tonen die wel. Wat "
    "er na ondertekening is toegevoegd, is niet na te gaan."
)
_MAX_PREFIXES = 20

UITLEG: dict[Afwijking, str] = {
    "verwijderd": (
        "Deze handtekening staat in een eerdere versie van het bestand, maar is in de "
        "laatste versie verwijderd of verborgen (het formulier met de handtekeningen is "
        "weggehaald of beschadigd)."
    ),
    "onleesbaar": (
        "Na deze handtekening is het bestand zo gewijzigd dat het niet meer te lezen is; "
        "wat er na ondertekening is veranderd, is niet na te gaan."
    ),
    "herschreven": (
        "Het bestand is opnieuw opgeslagen zonder zijn digitale handtekeningen, maar draagt "
        "nog sporen van ondertekening; de handtekeningen zijn verwijderd."
    ),
    "overlay": "",
}


def broken_record(
    veld: str,
    ondertekenaar: str,
    wijzigingen: str,
    toelichting: str,
    **extra: Any,
) -> Handtekening:
    """A signature that cannot count: not intact, not valid, not trusted, never allowed.
    ``extra`` sets the remaining fields (``afwijking``, ``revisie``, ``vertrouwen``)."""
    return Handtekening(
        veld=veld,
        rol=_rol(veld),
        ondertekenaar=ondertekenaar,
        tijdstip=None,
        tijdstip_bron="onbekend",
        intact=False,
        geldig=False,
        vertrouwd=False,
        dekking="gedeeltelijk",
        wijzigingen=wijzigingen,
        toegestaan=False,
        toelichting=toelichting,
        **extra,
    )


def hidden_record(
    veld: str, ondertekenaar: str, afwijking: Afwijking, revisie: int | None = None
) -> Handtekening:
    """A signature that is gone or cannot be verified any more: always broken."""
    return broken_record(
        veld,
        ondertekenaar,
        UITLEG[afwijking],
        UITLEG[afwijking],
        afwijking=afwijking,
        revisie=revisie,
        vertrouwen="niet-vertrouwd",
    )


def mark(record: Handtekening, afwijking: Afwijking, uitleg: str) -> Handtekening:
    """``record`` with an ``afwijking``: the signature may be sound, what it shows is not."""
    from dataclasses import replace

    return replace(
        record,
        afwijking=afwijking,
        toegestaan=False,
        wijzigingen=uitleg,
        toelichting=uitleg,
    )


def check_evidence(
    reader: PdfFileReader, data: bytes, found: list[Handtekening]
) -> list[Handtekening]:
    """``found`` plus a record for every signature stripped or hidden since it was made."""
    present = {(h.veld, h.revisie) for h in found}
    present_names = {h.veld for h in found}
    stripped: list[Handtekening] = []
    seen: set[str] = set()
    total = int(reader.xrefs.total_revisions)
    for revision in range(total - 1):
        for veld, value in _filled_in(reader, revision):
            if veld in seen:
                continue
            signed_in = _revision_of(reader, value)
            if veld in present_names and (veld, signed_in) in present:
                continue
            if veld in present_names and signed_in is None:
                continue
            seen.add(veld)
            stripped.append(hidden_record(veld, _signer_of(value), "verwijderd", signed_in))
    if not stripped:
        stripped = _hidden_by_xref(reader, data)
    if stripped:
        found = [*found, *stripped]
    elif not found and _tool_traces(reader):
        return [hidden_record("onbekend", "onbekend", "herschreven")]
    if found and _appended_after_last_revision(reader, data):
        found = [_appended(h) for h in found]
    return found


def signed_byte_ranges(data: bytes) -> list[tuple[int, int, int, int]]:
    """The byte ranges in ``data`` that describe a signature of ``data`` itself: from the
    first byte, within the file, the gap exactly one hex string (the signature). A signed
    PDF carried inside (an attachment) has offsets of its own, which do not line up."""
    found: list[tuple[int, int, int, int]] = []
    for match in _BYTERANGE_VALUES.finditer(data):
        start, end1, start2, length2 = (int(v) for v in match.groups())
        if start != 0 or start2 <= end1 + 1 or start2 + length2 > len(data):
            continue
        if data[end1 : end1 + 1] != b"<" or data[start2 - 1 : start2] != b">":
            continue
        if _HEX.fullmatch(data, end1 + 1, start2 - 1) is None:
            continue
        found.append((start, end1, start2, length2))
    return found


def _hidden_by_xref(reader: PdfFileReader, data: bytes) -> list[Handtekening]:
    """Signatures whose bytes are in the file but not in any revision a reader follows."""
    raw = signed_byte_ranges(data)
    if not raw:
        return []
    shown: set[tuple[int, ...]] = set()
    try:
        for _veld, _value, field_ref in fields.enumerate_sig_fields(reader, filled_status=True):
            try:
                byte_range = field_ref.get_object()["/V"]["/ByteRange"]
                shown.add(tuple(int(v) for v in byte_range))
            except Exception:  # noqa: BLE001 - a broken one is judged elsewhere
                continue
    except Exception:  # noqa: BLE001 - a broken form shows no signatures
        pass
    hidden: list[Handtekening] = []
    for byte_range in raw:
        if byte_range in shown:
            continue
        _start, end1, start2, _length2 = byte_range
        signer = _signer_from_hex(data[end1 + 1 : start2 - 1])
        hidden.append(hidden_record("onbekend", signer, "verwijderd"))
    return hidden


def _signer_from_hex(hex_digits: bytes) -> str:
    try:
        der = bytes.fromhex(re.sub(rb"\s", b"", hex_digits).decode("ascii"))
        signed_data = cms.ContentInfo.load(der.rstrip(b"\0"))["content"]
        return _common_name_of(_signer_cert(signed_data))
    except Exception:  # noqa: BLE001
        return "onbekend"


def _appended_after_last_revision(reader: PdfFileReader, data: bytes) -> bool:
    """True when bytes other than padding follow the end of the newest revision a reader
    follows (its cross-reference section, trailer and ``%%EOF``)."""
    try:
        newest = int(reader.xrefs.total_revisions) - 1
        xref_end = int(reader.xrefs.get_xref_container_info(newest).end_location)
    except Exception:  # noqa: BLE001 - no revision structure to compare with
        return False
    eof = data.find(b"%%EOF", xref_end)
    if eof < 0:
        return False
    return bool(data[eof + len(b"%%EOF") :].strip(_PADDING))


def _appended(record: Handtekening) -> Handtekening:
    """``record`` judged with the appended bytes: a change after signing."""
    from dataclasses import replace

    if not record.in_orde:
        return record
    return replace(
        record,
        toegestaan=False,
        wijzigingen="gegevens aangehangen buiten de revisies",
        toelichting=AANGEHANGEN,
    )


def unreadable_after_signing(
    data: bytes, inspect: Callable[[bytes], list[Handtekening]]
) -> list[Handtekening] | None:
    """When ``data`` cannot be read but an earlier state of it was signed: those signatures,
    each marked ``onleesbaar``. None when there is no sign that the file was signed."""
    if not _BYTERANGE.search(data):
        return None
    ends = [m.end() for m in _EOF.finditer(data)][::-1][:_MAX_PREFIXES]
    for end in ends:
        if end >= len(data.rstrip()):
            continue
        try:
            earlier = inspect(data[:end])
        # untrusted input: an earlier state that cannot be read either is just skipped
        except Exception:  # noqa: BLE001
            continue
        if earlier:
            return [
                hidden_record(h.veld, h.ondertekenaar, "onleesbaar", h.revisie) for h in earlier
            ]
    return None


def _filled_in(reader: PdfFileReader, revision: int) -> list[tuple[str, Any]]:
    """The filled signature fields of one revision: (name, the /V reference)."""
    try:
        resolver = reader.get_historical_resolver(revision)
        found = []
        for veld, _value, field_ref in fields.enumerate_sig_fields(resolver, filled_status=True):
            found.append((str(veld), field_ref.get_object().raw_get("/V")))
        return found
    # an earlier revision with a broken form simply shows no signatures
    except Exception:  # noqa: BLE001
        return []


def _revision_of(reader: PdfFileReader, value: Any) -> int | None:
    try:
        return int(reader.xrefs.get_last_change(value.reference))
    except Exception:  # noqa: BLE001
        return None


def _signer_of(value: Any) -> str:
    """The common name of the signer of a signature dictionary, or 'onbekend'."""
    try:
        contents = value.get_object()["/Contents"]
        signed_data = cms.ContentInfo.load(bytes(contents).rstrip(b"\0"))["content"]
        return _common_name_of(_signer_cert(signed_data))
    except Exception:  # noqa: BLE001
        return "onbekend"


def _signer_cert(signed_data: Any) -> Any:
    """The signer's certificate among those embedded (not a CA's that comes first)."""
    certs = [choice.chosen for choice in signed_data["certificates"]]
    return next((cert for cert in certs if not cert.ca), certs[0])


def _common_name_of(cert: Any) -> str:
    name = cert.subject.native.get("common_name")
    if isinstance(name, list):
        name = name[0]
    return str(name) if name else "onbekend"


def _tool_traces(reader: PdfFileReader) -> bool:
    """Traces of a signature by this tool (or pyHanko) in a file without signatures: the
    producer pyHanko wrote, an empty signature field named after a role, or the stamp
    text drawn on a page. (Not the raw bytes: a dossier carries signed files inside.)"""
    try:
        info = reader.trailer_view["/Info"]
        if "pyHanko" in str(info.get("/Producer", "")):
            return True
    except Exception:  # noqa: BLE001
        pass
    try:
        for veld, _value, _ref in fields.enumerate_sig_fields(reader, filled_status=False):
            if str(veld) in ROLLEN:
                return True
        return _stamp_in_xobjects(reader)
    except Exception:  # noqa: BLE001
        return False


def _stamp_in_xobjects(reader: PdfFileReader) -> bool:
    """A flattened signature appearance: a form XObject with the stamp text."""
    for page_ref in _pages(reader):
        try:
            resources = page_ref.get_object().get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources else None
            for _name, ref in xobjects.get_object().items() if xobjects else []:
                stream = ref.get_object()
                if STAMP_MARK in stream.data:
                    return True
        except Exception:  # noqa: BLE001
            continue
    return False


def _pages(reader: PdfFileReader) -> Sequence[Any]:
    try:
        return list(reader.root["/Pages"]["/Kids"])
    except Exception:  # noqa: BLE001
        return []


def _rol(veld: str) -> Rol | None:
    return next((rol for rol in ROLLEN if rol == veld), None)
