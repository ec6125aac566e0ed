"""What the dossier says about its originals: manifest, cover content and metadata.

Everything here is derived from the originals, the check's report and the record; the BSN
never gets through (domein.md section 9): the summary leaves it out, and the record's BSN
is scrubbed from every finding before it is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overeenkomsten import __version__
from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle import Rapport, read_document
from overeenkomsten.dossier.manifest import (
    Manifest,
    ManifestControle,
    ManifestDocument,
    Programma,
    scrub,
    signature_dict,
)
from overeenkomsten.dossier.opbouw import Metagegevens, page_count
from overeenkomsten.dossier.status import signature_line
from overeenkomsten.dossier.voorblad import IndexRegel, VoorbladInhoud
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import LABELS, TITELS, DocumentType
from overeenkomsten.model.traject import Traject


@dataclass(frozen=True)
class Origineel:
    """One signed PDF to bundle: its bytes, type, signatures and page-label prefix.

    ``handtekeningen`` is None when they could not be inspected (``reden`` says why).
    """

    pad: Path
    data: bytes
    soort: DocumentType | None
    handtekeningen: tuple[Handtekening, ...] | None
    reden: str | None
    label: str
    #: For a wet-ink scan covered by an attestation: who checked the paper, and which
    #: parties' signatures were seen (shown on the cover instead of digital signatures).
    handmatig: str | None = None

    @property
    def titel(self) -> str:
        return TITELS[self.soort] if self.soort else self.pad.name

    @property
    def bladwijzer(self) -> str:
        return f"{self.label}: {self.titel}" if self.soort else self.pad.name


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


def summary_from_documents(
    originelen: Sequence[Origineel], rapport: Rapport
) -> list[tuple[str, str]]:
    """Without traject.json: the Kenmerken that the first recognised document prints (as
    the check read them: the file is not read, nor its signatures validated, again)."""
    gelezen = {d.naam: d for d in rapport.feiten}
    for origineel in originelen:
        if origineel.soort is None:
            continue
        feiten = gelezen.get(origineel.pad.name)
        kenmerken = (feiten or read_document(origineel.pad)).kenmerken
        if kenmerken:
            return [(label, kenmerken[label]) for label in LABELS if label in kenmerken]
    return []


def build_manifest(
    traject: Traject | None,
    originelen: Sequence[Origineel],
    rapport: Rapport,
    *,
    moment: dt.datetime,
    zegel: bool,
    ook_bij_fouten: bool,
) -> Manifest:
    geheimen = secrets(traject)
    regels = summary(traject) if traject else summary_from_documents(originelen, rapport)
    regels = [(label, waarde) for label, waarde in regels if label != "Document"]
    samenvatting = dict(regels)
    documenten = [
        ManifestDocument(
            document=o.soort,
            titel=o.titel,
            bestand=o.pad.name,
            sha256=hashlib.sha256(o.data).hexdigest(),
            grootte=len(o.data),
            paginas=(paginas := page_count(o.data)),
            paginalabels=_labels(o.label, paginas),
            handtekeningen=[signature_dict(h) for h in o.handtekeningen or ()],
        )
        for o in originelen
    ]
    return Manifest(
        traject_id=traject.traject_id if traject else samenvatting.get("Traject"),
        traject=scrub(samenvatting, geheimen) or None,
        afronding=_afronding(traject),
        gemaakt_op=moment,
        programma=Programma(naam="overeenkomsten", versie=__version__),
        zegel=zegel,
        ook_bij_fouten=ook_bij_fouten and rapport.oordeel == "fouten",
        documenten=documenten,
        controle=ManifestControle(
            oordeel=rapport.oordeel,
            bevindingen=scrub([b.as_dict() for b in rapport.bevindingen], geheimen),
        ),
    )


def _afronding(traject: Traject | None) -> dict[str, object] | None:
    """The record's afronding as JSON (from traject.json; it holds no BSN)."""
    afronding = getattr(traject, "afronding", None)
    if afronding is None:
        return None
    found: dict[str, object] = afronding.model_dump(mode="json")
    return found


def secrets(traject: Traject | None) -> tuple[str, ...]:
    """The BSN of the record, to be masked wherever it might turn up."""
    if traject is not None and traject.kandidaat.bsn:
        return (traject.kandidaat.bsn,)
    return ()


def _labels(label: str, paginas: int) -> str | None:
    if paginas == 0:
        return None
    if paginas == 1:
        return f"{label}-1"
    return f"{label}-1 t/m {label}-{paginas}"


def cover_content(
    manifest: Manifest,
    originelen: Sequence[Origineel],
    *,
    vertrouwd_opgegeven: bool,
) -> VoorbladInhoud:
    """What the cover page shows, all taken from the (already scrubbed) manifest."""
    index = []
    for origineel, document in zip(originelen, manifest.documenten, strict=True):
        if origineel.handmatig is not None:
            lines: tuple[str, ...] = (origineel.handmatig,)
        elif origineel.handtekeningen is None:
            lines = (f"niet gecontroleerd: {origineel.reden}",)
        else:
            lines = tuple(signature_line(h) for h in origineel.handtekeningen)
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
        oordeel=manifest.controle.oordeel,
        bevindingen=[
            (str(b["ernst"]), str(b["regel"]), str(b["bericht"]))
            for b in manifest.controle.bevindingen
        ],
        ook_bij_fouten=manifest.ook_bij_fouten,
        index=index,
        gemaakt_op=manifest.gemaakt_op,
        versie=__version__,
        zegel=manifest.zegel,
        vertrouwd_opgegeven=vertrouwd_opgegeven,
    )


def metadata(manifest: Manifest) -> Metagegevens:
    """Title and subject name the trajectory and the verdict; never a person or a BSN."""
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
