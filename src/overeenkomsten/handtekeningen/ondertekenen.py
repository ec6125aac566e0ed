"""Sign a PDF for one party (PAdES), in a field named after the party's role.

Each signature is an incremental update: the bytes that earlier parties signed stay exactly
as they were, so their signatures stay valid and the parties can sign one after another.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.stamp import TextStampStyle

from overeenkomsten._tekst import dutch_date
from overeenkomsten.basis.bestand import read_file
from overeenkomsten.bestanden import write_atomic
from overeenkomsten.bestandssoort import not_a_pdf
from overeenkomsten.errors import SignatureError
from overeenkomsten.handtekeningen.plaatsing import find_placement
from overeenkomsten.handtekeningen.sleutels import load_signer
from overeenkomsten.handtekeningen.types import as_rol
from overeenkomsten.model.kenmerken import ROL_LABELS, Rol

STAMP_TEXT = "Digitaal ondertekend door\n%(ondertekenaar)s\n%(tijd)s"


@dataclass(frozen=True)
class LocalTimestampAuthority:
    """A time stamping authority whose key you hold yourself (RSA, in a PKCS#12 file).

    Its timestamp tokens are only as trustworthy as that key: a checker trusts them when the
    TSA certificate chains to one of its trust roots. Tests use one to make signatures whose
    signing time comes from a timestamp rather than from the signer's own claim.
    """

    p12: Path
    wachtwoord: bytes | None = None


def sign_pdf(
    pdf: Path,
    rol: Rol,
    p12: Path,
    wachtwoord: bytes | None,
    uit: Path | None = None,
    *,
    tijdstip: dt.datetime | None = None,
    tijdstempel: LocalTimestampAuthority | None = None,
    tsa: str | None = None,
) -> Path:
    """Sign ``pdf`` for ``rol`` with the key in ``p12``; write to ``uit`` (default: in place).

    ``tijdstip`` overrides the signing time the signer states (default: now; a naive time is
    taken as local time). With ``tijdstempel`` the signature also carries a timestamp token
    for that time; with ``tsa`` (an RFC 3161 timestamp service's URL) a token from that
    service, so that the signing time is no longer only the signer's claim. Returns the
    path written.
    """
    rol = as_rol(rol)
    data = read_file(pdf, "Het PDF-bestand")
    signer = load_signer(p12, wachtwoord)
    moment = _aware(tijdstip) if tijdstip is not None else None
    timestamper: TimeStamper | None = None
    if tsa is not None:
        timestamper = _http_timestamper(tsa)
    elif tijdstempel is not None:
        timestamper = _timestamper(tijdstempel, moment)
    writer = _open_for_signing(data, pdf, rol)
    placement = find_placement(data, rol)
    field_spec = fields.SigFieldSpec(
        sig_field_name=rol,
        on_page=placement.page if placement else 0,
        box=tuple(round(v) for v in placement.box) if placement else None,  # type: ignore[arg-type]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=rol,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=_reason(rol),
    )
    pdf_signer = _PdfSigner(
        metadata,
        signer,
        timestamper=timestamper,
        stamp_style=TextStampStyle(stamp_text=STAMP_TEXT, border_width=1, background=None),
        new_field_spec=field_spec,
        system_time=moment,
    )
    shown = moment or dt.datetime.now(dt.UTC)
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(
            writer,
            output=output,
            appearance_text_params={
                "ondertekenaar": _stamp_safe(_common_name(signer)),
                "tijd": _stamp_safe(_shown_time(shown)),
            },
        )
    except TimestampRequestError as exc:
        raise SignatureError(
            f"De tijdstempeldienst {tsa} gaf geen bruikbaar antwoord; {pdf} is niet "
            "ondertekend. Controleer het adres (--tsa) en de verbinding.",
            code="tijdstempel-fout",
        ) from exc
    except SigningError as exc:
        # e.g. a sealed (certified) document that forbids further signatures
        raise SignatureError(
            f"{pdf} kan niet worden ondertekend: het document staat geen nieuwe handtekening "
            "toe (het is bijvoorbeeld verzegeld).",
            code="ondertekenen-geweigerd",
        ) from exc
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SignatureError(
            f"{pdf} kan niet worden ondertekend: de PDF is beschadigd of wijkt af van de norm.",
            code="pdf-onleesbaar",
        ) from exc
    target = uit or pdf
    write_atomic(target, output.getvalue())
    return target


class _PdfSigner(signers.PdfSigner):
    """pyHanko's signer with a chosen signing time (pyHanko always takes the clock's)."""

    def __init__(self, *args: Any, system_time: dt.datetime | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._system_time = system_time

    def init_signing_session(
        self, pdf_out: Any, existing_fields_only: bool = False
    ) -> signers.pdf_signer.PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        if self._system_time is not None:
            session.system_time = self._system_time
        return session


def _open_for_signing(data: bytes, pdf: Path, rol: Rol) -> IncrementalPdfFileWriter:
    wrong_kind = not_a_pdf(data, pdf)
    if wrong_kind is not None:
        raise SignatureError(wrong_kind, code="pdf-onleesbaar")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise SignatureError(
            f"{pdf} is geen leesbare PDF: het bestand is beschadigd, afgebroken of geen PDF.",
            code="pdf-onleesbaar",
        ) from exc
    if writer.prev.encrypted:
        raise SignatureError(
            f"{pdf} is versleuteld met een wachtwoord; haal de beveiliging eraf en "
            "onderteken dan opnieuw.",
            code="pdf-versleuteld",
        )
    try:
        existing = list(fields.enumerate_sig_fields(writer.prev, with_name=rol))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SignatureError(
            f"De formuliervelden van {pdf} zijn onleesbaar: de PDF is beschadigd.",
            code="pdf-onleesbaar",
        ) from exc
    if any(value is not None for _name, value, _ref in existing):
        raise SignatureError(
            f"{pdf} is al ondertekend in het veld '{rol}'; een rol ondertekent één keer.",
            code="veld-al-ondertekend",
        )
    return writer


def _http_timestamper(url: str) -> TimeStamper:
    if not url.startswith(("http://", "https://")):
        raise SignatureError(
            f"'{url}' is geen adres van een tijdstempeldienst (verwacht: http:// of https://).",
            code="tijdstempel-fout",
        )
    return HTTPTimeStamper(url, timeout=20)


def _timestamper(tsa: LocalTimestampAuthority, moment: dt.datetime | None) -> DummyTimeStamper:
    authority = load_signer(tsa.p12, tsa.wachtwoord)
    if authority.signing_key.algorithm != "rsa":
        raise SignatureError(
            f"{tsa.p12} is geen bruikbare tijdstempeldienst: die moet een RSA-sleutel hebben.",
            code="tijdstempel-fout",
        )
    return DummyTimeStamper(
        tsa_cert=authority.signing_cert,
        tsa_key=authority.signing_key,
        certs_to_embed=authority.cert_registry,
        fixed_dt=moment,
    )


def _reason(rol: Rol) -> str:
    label = ROL_LABELS[rol]
    return f"Ondertekend {label}" if label.startswith("namens") else f"Ondertekend als {label}"


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


def _common_name(signer: signers.SimpleSigner) -> str:
    if signer.signing_cert is None:  # pragma: no cover  (load_signer guarantees one)
        return "onbekend"
    subject = signer.signing_cert.subject
    name = subject.native.get("common_name")
    return str(name) if name else str(subject.human_friendly)


def _shown_time(moment: dt.datetime) -> str:
    try:
        local = moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    except ZoneInfoNotFoundError:  # pragma: no cover  (no tz database on this system)
        local = moment.astimezone(dt.UTC)
    return f"{dutch_date(local.date())} {local:%H:%M} ({local.tzname()})"


def _stamp_safe(text: str) -> str:
    """Text the stamp's standard font can draw: letters outside Latin-1 lose their accent."""
    out = []
    for char in text:
        if ord(char) < 0x100:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(base or {"ı": "i", "ł": "l", "Ł": "L", "đ": "d"}.get(char, "?"))
    return "".join(out)
