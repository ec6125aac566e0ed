"""Signatures that were there and are gone: stripped, hidden, or made unreadable (X7 v2).

Hiding evidence must never make a document look merely unsigned (``onvolledig``) when it
was signed and then changed (``fouten``). Three traces are looked for:

* an earlier revision of the file has a filled signature field that the latest revision
  lacks (the signature was removed, or the form holding it was removed or broken);
* the file cannot be read any more, but an earlier state of it (up to an earlier
  ``%%EOF``) can and was signed: an update after the signature broke the file;
* no signature is left, but the file still carries traces of this tool's signatures (the
  signature appearance text, an empty signature field named after a role, or pyHanko as
  producer): the file was rewritten without its signatures.

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
    if stripped:
        return [*found, *stripped]
    if not found and _tool_traces(reader):
        return [hidden_record("onbekend", "onbekend", "herschreven")]
    return found


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
        cert = signed_data["certificates"][0].chosen
        name = cert.subject.native.get("common_name")
        if isinstance(name, list):
            name = name[0]
        return str(name) if name else "onbekend"
    except Exception:  # noqa: BLE001
        return "onbekend"


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
