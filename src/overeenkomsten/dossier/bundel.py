"""``bundel``: the signed PDFs of one trajectory become one dossier PDF.

The dossier holds a cover page (summary, the check's verdict, an index with signers and
SHA-256 hashes), a readable copy of every document, every original attached byte for byte,
and ``manifest.json``; optionally it is sealed. It is refused when the check finds a
``fout``, unless the user insists (``ook_bij_fouten``), and then the cover says so in red.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overeenkomsten._tekst import dutch_date
from overeenkomsten.basis.bestand import read_file
from overeenkomsten.basis.jsonbestand import load_json
from overeenkomsten.bestanden import write_atomic
from overeenkomsten.controle import Rapport, check_documents
from overeenkomsten.controle.erkenningen import Erkenning
from overeenkomsten.dossier.bijlagen import attach
from overeenkomsten.dossier.herkennen import is_dossier
from overeenkomsten.dossier.inhoud import Origineel, build_manifest, cover_content, metadata
from overeenkomsten.dossier.manifest import MANIFEST_NAAM, Manifest
from overeenkomsten.dossier.opbouw import Kopie, new_dossier
from overeenkomsten.dossier.status import NL
from overeenkomsten.dossier.voorblad import cover_pdf
from overeenkomsten.errors import InputError
from overeenkomsten.grenzen import MAX_PDF_BYTES
from overeenkomsten.handtekeningen import inspect_signatures
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.handtekeningen.sleutels import load_signer
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.handtekeningen.zegel import seal_pdf
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES, DocumentType
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
    #: Why nothing was written (None when the dossier was written).
    reden: str | None = None

    @property
    def geweigerd(self) -> bool:
        return self.uit is None


def bundle_dossier(
    map: Path,
    uit: Path,
    *,
    zegel: Path | None = None,
    wachtwoord: bytes | None = None,
    vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN,
    erkenningen: Sequence[Erkenning] | None = None,
    register: KwalificatieRegister | None = None,
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
    traject = _load_record(map, register)
    bestanden = _pdf_files(map, uit)
    rapport = check_documents(
        list(bestanden),
        vertrouwd=vertrouwd,
        erkenningen=erkenningen,
        register=register,
        traject=traject,
    )
    reden = refusal(rapport)
    if reden is not None and not ook_bij_fouten:
        return Bundelresultaat(None, rapport, None, reden=reden)
    originelen = _originals(bestanden, rapport, vertrouwd)
    moment = (nu or dt.datetime.now(dt.UTC)).astimezone(NL)
    manifest = build_manifest(
        traject,
        originelen,
        rapport,
        moment=moment,
        zegel=zegel is not None,
        ook_bij_fouten=ook_bij_fouten,
    )
    voorblad = cover_pdf(
        cover_content(manifest, originelen, vertrouwd_opgegeven=vertrouwd.opgegeven), soffice
    )
    writer, _opbouw = new_dossier(
        voorblad, [Kopie(o.label, o.bladwijzer, o.data) for o in originelen], metadata(manifest)
    )
    for origineel in originelen:
        attach(
            writer,
            origineel.pad.name,
            origineel.data,
            relatie="Source",
            mime="application/pdf",
            beschrijving=f"Ondertekend origineel: {origineel.bladwijzer}.",
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
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if zegel is not None:
        data = seal_pdf(data, zegel, wachtwoord)
    write_atomic(uit, data)
    return Bundelresultaat(uit, rapport, manifest, len(writer.pages))


def _by_hand(rapport: Rapport, naam: str) -> str | None:
    """The cover's line for a wet-ink scan its attestation covers (domein.md section 7):
    checked by hand, never a verified digital signature."""
    staat = rapport.staat
    found = (
        next((s for s in staat.documenten if s.naam == naam and s.attestatie is not None), None)
        if staat is not None
        else None
    )
    if found is None or found.attestatie is None:
        return None
    a = found.attestatie
    if not a.geldig:
        return f"scan; de attestatie {a.pad.name} geldt niet: {a.toelichting}"
    gezien = ", ".join(p.rol for p in found.partijen if p.stand == "handmatig vastgesteld")
    return (
        f"handmatig vastgesteld (geen digitale handtekening): {gezien or 'geen partij'}; "
        f"papier gecontroleerd door {a.gecontroleerd_door}, getekend op "
        f"{dutch_date(a.getekend_op)} volgens de attestatie ({a.pad.name})"
    )


#: Findings that say a document carries no digital signature that can be checked.
_NIET_ONDERTEKEND = ("geen-digitale-handtekening", "pdf-zonder-tekst")


def refusal(rapport: Rapport) -> str | None:
    """Why ``bundel`` writes no dossier: a ``fout``, or documents without a signature that
    can be checked (unsigned, or a scan without attestation). A dossier is the proof of
    what was signed; one of unsigned documents proves nothing."""
    if rapport.oordeel == "fouten":
        return (
            "de controle vond fouten (zie hierboven). Los ze op, of bundel toch met "
            "--ook-bij-fouten; het voorblad meldt de fouten dan in rood."
        )
    unsigned = sorted(
        {naam for b in rapport.bevindingen if b.code in _NIET_ONDERTEKEND for naam in b.documenten}
    )
    if unsigned:
        return (
            f"niet ondertekend of niet digitaal controleerbaar: {', '.join(unsigned)}. Laat "
            "de documenten digitaal ondertekenen (onderteken), of leg een scan van een "
            "papieren handtekening vast met attesteer; bundel alleen bij uitzondering toch "
            "met --ook-bij-fouten."
        )
    return None


def _load_record(map: Path, register: KwalificatieRegister | None) -> Traject | None:
    """The validated traject.json of ``map``, None when there is none."""
    if not map.is_dir():
        raise InputError(f"De map '{map}' bestaat niet of is geen map.", code="map-ontbreekt")
    pad = map / RECORD_NAAM
    if not pad.is_file():
        return None
    data = load_json(pad)  # size, depth and syntax checked, in Dutch (InputError)
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    traject, problemen = validate_record(data, register)
    if traject is None:
        fouten = "; ".join(f"{p.pad}: {p.bericht}" for p in problemen if p.ernst == "fout")
        raise InputError(f"{pad} is geen geldig trajectrecord ({fouten}).", code="record-ongeldig")
    return traject


def _pdf_files(map: Path, uit: Path) -> dict[Path, bytes]:
    """The PDFs of ``map``, without the dossier being written or older dossiers."""
    found: dict[Path, bytes] = {}
    doel = uit.resolve()
    for pad in sorted(map.iterdir(), key=lambda p: p.name.casefold()):
        if not pad.is_file() or pad.suffix.lower() != ".pdf" or pad.name.startswith("."):
            continue
        if pad.resolve() == doel:
            continue
        data = read_file(
            pad,
            "Het PDF-bestand",
            limit=MAX_PDF_BYTES,
            code_te_groot="pdf-te-groot",
            gevolg="om te bundelen",
        )
        if not is_dossier(data):
            found[pad] = data
    if not found:
        raise InputError(
            f"In de map '{map}' staan geen PDF-bestanden om te bundelen.", code="geen-pdf"
        )
    return found


def _originals(
    bestanden: dict[Path, bytes], rapport: Rapport, vertrouwd: Vertrouwensbasis
) -> list[Origineel]:
    # Signatures were validated once by the check; they are not validated again here.
    gelezen = {d.naam: d for d in rapport.feiten if d.bron == "pdf"}
    """The originals in document order (OOK, POK, PLOK, PV, others), with their signatures.

    The type is what the check recognised. Page-label prefixes are the type; a second POK
    becomes POK2, a file of unknown type DOC1, DOC2, ...
    """
    order: dict[str, int] = {soort: index for index, soort in enumerate(DOCUMENT_TYPES)}
    typed: list[tuple[Path, bytes, DocumentType | None]] = []
    for pad, data in bestanden.items():
        herkend = rapport.documenten.get(pad.name)
        soort = next((t for t in DOCUMENT_TYPES if t == herkend), None)
        typed.append((pad, data, soort))
    typed.sort(key=lambda t: (order.get(t[2] or "", len(order)), t[0].name.casefold()))
    used: dict[str, int] = {}
    originelen = []
    for pad, data, soort in typed:
        basis = soort or "DOC"
        used[basis] = used.get(basis, 0) + 1
        label = basis if soort and used[basis] == 1 else f"{basis}{used[basis]}"
        feiten = gelezen.get(pad.name)
        if feiten is not None and (
            feiten.handtekeningen is not None or feiten.handtekeningen_reden
        ):
            handtekeningen, reden = feiten.handtekeningen, feiten.handtekeningen_reden
        else:
            handtekeningen, reden = _signatures(data, vertrouwd)
        originelen.append(
            Origineel(pad, data, soort, handtekeningen, reden, label, _by_hand(rapport, pad.name))
        )
    return originelen


def _signatures(
    data: bytes, vertrouwd: Vertrouwensbasis
) -> tuple[tuple[Handtekening, ...] | None, str | None]:
    try:
        return tuple(inspect_signatures(data, vertrouwd)), None
    except InputError as exc:
        return None, exc.bericht
    except Exception as exc:  # noqa: BLE001 - a hostile file: one reason, never a crash
        return None, f"de handtekeningen konden niet gelezen worden ({type(exc).__name__})"
