"""``bundel``: the signed PDFs of one trajectory become one dossier PDF.

The dossier holds a cover page (summary, the check's verdict, an index with signers and
SHA-256 hashes), a readable copy of every document, every original attached byte for byte,
and ``manifest.json``; optionally it is sealed. It is refused when the check finds a
``fout``, unless the user insists (``ook_bij_fouten``), and then the cover says so in red.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overeenkomsten import __version__
from overeenkomsten._tekst import dutch_date
from overeenkomsten.bestanden import write_atomic
from overeenkomsten.controle import DocumentFeiten, Rapport, check_documents, read_document
from overeenkomsten.dossier.bijlagen import attach
from overeenkomsten.dossier.herkennen import is_dossier
from overeenkomsten.dossier.manifest import (
    MANIFEST_NAAM,
    Manifest,
    ManifestControle,
    ManifestDocument,
    Programma,
    scrub,
    signature_dict,
)
from overeenkomsten.dossier.opbouw import Kopie, Metagegevens, new_dossier, page_count
from overeenkomsten.dossier.status import NL, signature_line
from overeenkomsten.dossier.voorblad import IndexRegel, VoorbladInhoud, cover_pdf
from overeenkomsten.errors import ConfigurationError, InputError
from overeenkomsten.handtekeningen.sleutels import load_signer
from overeenkomsten.handtekeningen.zegel import seal_pdf
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES, LABELS, TITELS
from overeenkomsten.model.traject import Traject
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister

RECORD_NAAM = "traject.json"


@dataclass(frozen=True)
class Bundelresultaat:
    """What ``bundel`` did: the dossier written (None when refused) and the check's report."""

    uit: Path | None
    rapport: Rapport
    manifest: Manifest | None
    paginas: int = 0

    @property
    def geweigerd(self) -> bool:
        return self.uit is None


@dataclass(frozen=True)
class _Origineel:
    pad: Path
    data: bytes
    feiten: DocumentFeiten
    label: str


def bundle_dossier(
    map: Path,
    uit: Path,
    *,
    zegel: Path | None = None,
    wachtwoord: bytes | None = None,
    vertrouwd: Sequence[Path] = (),
    erkenningen: Path | None = None,
    register: Path | None = None,
    ook_bij_fouten: bool = False,
    nu: dt.datetime | None = None,
    soffice: str | None = None,
) -> Bundelresultaat:
    """Bundle the PDFs in ``map`` (and its traject.json) into the dossier ``uit``.

    Raises :class:`InputError` when ``map`` holds no PDF or its traject.json is unusable,
    :class:`~overeenkomsten.errors.SignatureError` for an unusable seal key. Returns a
    refused result (nothing written) when the check finds a ``fout`` and ``ook_bij_fouten``
    is not set. ``soffice`` is the LibreOffice program for the cover (default: found on
    the PATH).
    """
    if zegel is not None:
        load_signer(zegel, wachtwoord)  # a wrong password must fail before any work
    kwalificaties = KwalificatieRegister.from_file(register) if register else None
    traject = _load_record(map, kwalificaties)
    originelen = _originals(map, uit, vertrouwd)
    rapport = check_documents(
        [o.pad for o in originelen],
        vertrouwd=vertrouwd,
        erkenningen=erkenningen,
        register=kwalificaties,
        traject=traject,
    )
    if rapport.oordeel == "fouten" and not ook_bij_fouten:
        return Bundelresultaat(None, rapport, None)
    moment = (nu or dt.datetime.now(dt.UTC)).astimezone(NL)
    geheimen = _secrets(traject, originelen)
    manifest = _manifest(
        traject, originelen, rapport, geheimen, moment, zegel is not None, ook_bij_fouten
    )
    voorblad = cover_pdf(_cover(manifest, originelen, rapport, geheimen, bool(vertrouwd)), soffice)
    writer, _opbouw = new_dossier(
        voorblad,
        [Kopie(o.label, _bookmark(o), o.data) for o in originelen],
        _metadata(manifest),
    )
    for origineel in originelen:
        attach(
            writer,
            origineel.pad.name,
            origineel.data,
            relatie="Source",
            mime="application/pdf",
            beschrijving=f"Origineel van {_bookmark(origineel)}, byte voor byte.",
            moment=moment,
        )
    attach(
        writer,
        MANIFEST_NAAM,
        manifest.to_json(),
        relatie="Data",
        mime="application/json",
        beschrijving="Manifest: documenten, SHA-256, handtekeningen en het oordeel.",
        moment=moment,
    )
    data = _write(writer)
    if zegel is not None:
        data = seal_pdf(data, zegel, wachtwoord)
    write_atomic(uit, data)
    return Bundelresultaat(uit, rapport, manifest, len(writer.pages))


def _write(writer: object) -> bytes:
    import io

    out = io.BytesIO()
    writer.write(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _load_record(map: Path, register: KwalificatieRegister | None) -> Traject | None:
    """The validated traject.json of ``map``, None when there is none."""
    if not map.is_dir():
        raise InputError(f"De map '{map}' bestaat niet of is geen map.", code="map-ontbreekt")
    pad = map / RECORD_NAAM
    if not pad.is_file():
        return None
    try:
        data = json.loads(pad.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{pad} is geen leesbaar JSON-bestand.", code="record-onleesbaar") from exc
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    traject, problemen = validate_record(data, register)
    if traject is None:
        fouten = "; ".join(f"{p.pad}: {p.bericht}" for p in problemen if p.ernst == "fout")
        raise InputError(f"{pad} is geen geldig trajectrecord ({fouten}).", code="record-ongeldig")
    return traject


def _originals(map: Path, uit: Path, vertrouwd: Sequence[Path]) -> list[_Origineel]:
    """The PDFs of ``map`` in document order, without the dossier itself or older dossiers."""
    gevonden: list[tuple[Path, bytes, DocumentFeiten]] = []
    doel = uit.resolve()
    for pad in sorted(map.iterdir(), key=lambda p: p.name.casefold()):
        if not pad.is_file() or pad.suffix.lower() != ".pdf" or pad.name.startswith("."):
            continue
        if pad.resolve() == doel:
            continue
        try:
            data = pad.read_bytes()
        except OSError as exc:
            raise InputError(
                f"{pad} kan niet worden gelezen ({exc.strerror}).", code="bestand-onleesbaar"
            ) from exc
        if is_dossier(data):
            continue
        try:
            feiten = read_document(pad, vertrouwd=vertrouwd)
        except ConfigurationError:
            raise
        gevonden.append((pad, data, feiten))
    if not gevonden:
        raise InputError(
            f"In de map '{map}' staan geen PDF-bestanden om te bundelen.", code="geen-pdf"
        )
    order: dict[str, int] = {t: i for i, t in enumerate(DOCUMENT_TYPES)}
    gevonden.sort(key=lambda g: (order.get(g[2].type or "", 99), g[0].name.casefold()))
    return _labelled(gevonden)


def _labelled(gevonden: list[tuple[Path, bytes, DocumentFeiten]]) -> list[_Origineel]:
    """Page-label prefixes: OOK, POK, ...; a second POK becomes POK2, an unknown file DOC1."""
    used: dict[str, int] = {}
    out = []
    for pad, data, feiten in gevonden:
        basis = feiten.type or "DOC"
        used[basis] = used.get(basis, 0) + 1
        n = used[basis]
        label = basis if feiten.type and n == 1 else f"{basis}{n}"
        out.append(_Origineel(pad, data, feiten, label))
    return out


def _bookmark(origineel: _Origineel) -> str:
    soort = origineel.feiten.type
    if soort is None:
        return origineel.pad.name
    return f"{origineel.label}: {TITELS[soort]}"


def _secrets(traject: Traject | None, originelen: Sequence[_Origineel]) -> tuple[str, ...]:
    """Every BSN we know of: it must not reach the cover, the manifest or metadata."""
    found = {bsn for o in originelen for bsn in o.feiten.bsn}
    if traject is not None and traject.kandidaat.bsn:
        found.add(traject.kandidaat.bsn)
    return tuple(sorted(b for b in found if b))


def summary(traject: Traject) -> list[tuple[str, str]]:
    """The trajectory in a few lines for the cover and the manifest (never the BSN)."""
    opleiding = traject.opleiding
    instelling, leerbedrijf = traject.instelling, traject.leerbedrijf
    opleider = traject.praktijkopleider
    einddoel: str = traject.einddoel
    if opleiding.certificaat:
        einddoel += f" ({opleiding.certificaat})"
    start = dutch_date(traject.startdatum)
    return [
        ("Traject", traject.traject_id),
        ("Einddoel", einddoel),
        (
            "Opleiding",
            f"{opleiding.naam} (crebo {opleiding.crebo}, niveau {opleiding.niveau}, "
            f"leerweg {opleiding.leerweg})",
        ),
        ("Kandidaat", traject.kandidaat.volledige_naam),
        ("Instelling", f"{instelling.naam} (BRIN {instelling.brin})"),
        (
            "Leerbedrijf",
            f"{leerbedrijf.naam} (KvK {leerbedrijf.kvk}, "
            f"leerbedrijf-ID {leerbedrijf.leerbedrijf_id})",
        ),
        ("Praktijkopleider", f"{opleider.naam}, {opleider.functie}"),
        ("RMT", f"{traject.rmt.naam} (namens: {traject.rmt.partij})"),
        ("Opleiding loopt", f"{start} t/m {dutch_date(traject.einddatum)}"),
        (
            "Plaatsing (PLOK)",
            f"{start} t/m {dutch_date(traject.plaatsing_eind)} ({traject.plaatsing_dagen} dagen)",
        ),
        (
            "Ondertekening",
            f"{traject.ondertekening.plaats}, {dutch_date(traject.ondertekening.datum)}",
        ),
    ]


def _summary_from_documents(originelen: Sequence[_Origineel]) -> list[tuple[str, str]]:
    """Without traject.json: the Kenmerken the first readable document prints."""
    for origineel in originelen:
        kenmerken = origineel.feiten.kenmerken
        if origineel.feiten.bruikbaar and kenmerken:
            regels = [(label, kenmerken[label]) for label in LABELS if label in kenmerken]
            return [(label, waarde) for label, waarde in regels if label != "Document"]
    return []


def _traject_id(traject: Traject | None, originelen: Sequence[_Origineel]) -> str | None:
    if traject is not None:
        return traject.traject_id
    for origineel in originelen:
        if origineel.feiten.bruikbaar and "Traject" in origineel.feiten.kenmerken:
            return origineel.feiten.kenmerken["Traject"]
    return None


def _manifest(
    traject: Traject | None,
    originelen: Sequence[_Origineel],
    rapport: Rapport,
    geheimen: tuple[str, ...],
    moment: dt.datetime,
    verzegeld: bool,
    ook_bij_fouten: bool,
) -> Manifest:
    regels = summary(traject) if traject else _summary_from_documents(originelen)
    documenten = []
    for o in originelen:
        paginas = page_count(o.data)
        documenten.append(
            ManifestDocument(
                document=o.feiten.type,
                titel=TITELS[o.feiten.type] if o.feiten.type else o.pad.name,
                bestand=o.pad.name,
                sha256=hashlib.sha256(o.data).hexdigest(),
                grootte=len(o.data),
                paginas=paginas,
                paginalabels=_labels(o.label, paginas),
                handtekeningen=[signature_dict(h) for h in o.feiten.handtekeningen or ()],
            )
        )
    return Manifest(
        traject_id=_traject_id(traject, originelen),
        traject=scrub(dict(regels), geheimen) if regels else None,
        gemaakt_op=moment,
        programma=Programma(naam="overeenkomsten", versie=__version__),
        zegel=verzegeld,
        ook_bij_fouten=ook_bij_fouten and rapport.oordeel == "fouten",
        documenten=documenten,
        controle=ManifestControle(
            oordeel=rapport.oordeel,
            bevindingen=scrub([b.as_dict() for b in rapport.bevindingen], geheimen),
        ),
    )


def _labels(label: str, paginas: int) -> str | None:
    if paginas == 0:
        return None
    if paginas == 1:
        return f"{label}-1"
    return f"{label}-1 t/m {label}-{paginas}"


def _cover(
    manifest: Manifest,
    originelen: Sequence[_Origineel],
    rapport: Rapport,
    geheimen: tuple[str, ...],
    vertrouwd_opgegeven: bool,
) -> VoorbladInhoud:
    index = []
    for origineel, document in zip(originelen, manifest.documenten, strict=True):
        handtekeningen = origineel.feiten.handtekeningen
        if handtekeningen is None and origineel.feiten.handtekeningen_reden:
            lines: tuple[str, ...] = (origineel.feiten.handtekeningen_reden,)
        elif origineel.feiten.leesfout is not None and not handtekeningen:
            lines = (f"niet gecontroleerd: {origineel.feiten.leesfout.bericht}",)
        else:
            lines = tuple(signature_line(h) for h in handtekeningen or ())
        index.append(
            IndexRegel(
                document=origineel.label,
                titel=document.titel,
                bestand=document.bestand,
                paginas=document.paginalabels or "geen kopie (niet te lezen)",
                handtekeningen=lines,
                sha256=document.sha256,
                grootte=document.grootte,
            )
        )
    return VoorbladInhoud(
        traject_id=manifest.traject_id,
        samenvatting=list((manifest.traject or {}).items()),
        oordeel=rapport.oordeel,
        bevindingen=[
            (b.ernst, b.regel, str(scrub(b.bericht, geheimen))) for b in rapport.bevindingen
        ],
        ook_bij_fouten=manifest.ook_bij_fouten,
        index=index,
        gemaakt_op=manifest.gemaakt_op,
        versie=__version__,
        zegel=manifest.zegel,
        vertrouwd_opgegeven=vertrouwd_opgegeven,
    )


def _metadata(manifest: Manifest) -> Metagegevens:
    traject = manifest.traject_id or "onbekend traject"
    soorten = ", ".join(d.document or d.bestand for d in manifest.documenten)
    return Metagegevens(
        titel=f"Dossier {traject}",
        onderwerp=(
            f"Praktijkleren in het mbo: dossier van traject {traject} ({soorten}); "
            f"oordeel van de controle: {manifest.controle.oordeel}."
        ),
        trefwoorden=f"praktijkleren; derde leerweg; dossier; {traject}",
        maker=f"overeenkomsten {__version__}",
    )
