"""Reading a dossier back: extract the originals, verify them, and check them.

``controleer DOSSIER.pdf`` lands here. The readable copies in the dossier are not what is
checked: the attached originals are (they are what was signed). Each is compared with the
manifest (SHA-256; missing or extra attachments), the seal is validated and every revision
after it reviewed, and then all rules of the check run on the originals, exactly as on a
folder. Dossier findings use the check's :class:`Bevinding` with the rules ``DOSSIER``
(attachments against the manifest) and ``ZEGEL`` (the seal).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from overeenkomsten.basis.bestand import read_file
from overeenkomsten.controle import Bevinding, DocumentBron, Rapport, check_documents
from overeenkomsten.controle.erkenningen import Erkenning
from overeenkomsten.controle.rapport import ATTESTATIE_REDEN, ATTESTATIE_SUFFIX
from overeenkomsten.dossier.bijlagen import Bijlage, Probleem, inventory
from overeenkomsten.dossier.kopieen import check_pages
from overeenkomsten.dossier.manifest import MANIFEST_NAAM, Manifest
from overeenkomsten.errors import BundleError
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.handtekeningen.zegel import Zegelcontrole, check_seal, count_revisions
from overeenkomsten.register import KwalificatieRegister

DOSSIER_REGELS = {
    "DOSSIER": "Bijlagen gelijk aan het manifest; kopieen en voorblad gelijk aan de originelen",
    "ZEGEL": "Zegel over het dossier intact; daarna niets gewijzigd",
}


@dataclass
class Dossierinhoud:
    """What a dossier holds: its manifest (None when unreadable) and its originals."""

    manifest: Manifest | None
    originelen: list[Bijlage]
    manifestfout: str | None = None
    overige: list[Bijlage] = field(default_factory=list)
    #: Problems with the embedded files themselves (unreadable, hidden, renamed, twice).
    problemen: list[Probleem] = field(default_factory=list)


def read_dossier(pdf: bytes, naam: str = "het dossier") -> Dossierinhoud:
    """The manifest and the attached originals of a dossier.

    Raises :class:`BundleError` (``geen-dossier``) when ``pdf`` carries no manifest.
    """
    gevonden = inventory(pdf, naam)
    bijlagen = gevonden.bijlagen
    problemen = list(gevonden.problemen)
    manifesten = [b for b in bijlagen if b.naam == MANIFEST_NAAM]
    if not manifesten:
        if MANIFEST_NAAM in gevonden.onleesbaar:
            return Dossierinhoud(
                None,
                [b for b in bijlagen if _is_pdf(b)],
                f"Het manifest ({MANIFEST_NAAM}) kan niet worden uitgepakt.",
                [b for b in bijlagen if not _is_pdf(b)],
                problemen,
            )
        raise BundleError(
            f"{naam} is geen dossier: er zit geen {MANIFEST_NAAM} in.", code="geen-dossier"
        )
    if len(manifesten) > 1:
        problemen.append(
            Probleem(
                "manifest-dubbel",
                MANIFEST_NAAM,
                f"Het dossier bevat {len(manifesten)} bijlagen met de naam {MANIFEST_NAAM}: "
                "er is er later een bijgezet. Het eerste is gebruikt; lees geen van beide "
                "als het manifest van het dossier.",
            )
        )
    originelen = [b for b in bijlagen if b.naam != MANIFEST_NAAM and _is_pdf(b)]
    overige = [b for b in bijlagen if b.naam != MANIFEST_NAAM and not _is_pdf(b)]
    try:
        manifest: Manifest | None = Manifest.from_json(manifesten[0].data)
        fout = None
    except BundleError as exc:
        manifest, fout = None, exc.bericht
    return Dossierinhoud(manifest, originelen, fout, overige, problemen)


def check_dossier(
    pdf: Path,
    *,
    vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN,
    erkenningen: Sequence[Erkenning] | None = None,
    register: KwalificatieRegister | None = None,
    sjablonen: Path | None = None,
) -> Rapport:
    """Verify a dossier and run every rule on its originals; one report for both."""
    data = read_file(pdf, "Het dossier")
    inhoud = read_dossier(data, pdf.name)
    zegel = check_seal(data, vertrouwd)
    eigen = [
        *_attachment_findings(inhoud),
        *_seal_findings(data, inhoud, zegel, pdf.name),
    ]
    with tempfile.TemporaryDirectory(prefix="overeenkomsten-dossier-") as work:
        rapport = check_documents(
            _sources(inhoud.originelen, Path(work)),
            vertrouwd=vertrouwd,
            erkenningen=erkenningen,
            register=register,
            sjablonen=sjablonen,
        )
        for feiten in rapport.feiten:
            feiten.pad = None  # the folder is gone after the check
    for bijlage in inhoud.originelen:
        if bijlage.naam.lower().endswith(ATTESTATIE_SUFFIX):
            rapport.overgeslagen.setdefault(bijlage.naam, ATTESTATIE_REDEN)
    eigen.extend(
        check_pages(
            data, inhoud.manifest, inhoud.originelen, rapport.feiten, pdf.name, rapport.oordeel
        )
    )
    geslaagd = [regel for regel in DOSSIER_REGELS if not any(b.regel == regel for b in eigen)]
    kop = list(rapport.kop)
    if zegel is None:
        kop.insert(
            0,
            "Dit dossier is niet verzegeld: wijzigingen na het bundelen zijn niet aan een zegel "
            "te zien. Het is gecontroleerd op de originelen in de bijlagen.",
        )
    return Rapport(
        bevindingen=[*eigen, *rapport.bevindingen],
        geslaagd=[*geslaagd, *rapport.geslaagd],
        regels={**DOSSIER_REGELS, **rapport.regels},
        documenten=rapport.documenten,
        overgeslagen=rapport.overgeslagen,
        niet_van_toepassing=rapport.niet_van_toepassing,
        feiten=rapport.feiten,
        staat=rapport.staat,
        kop=kop,
    )


def _sources(originelen: Sequence[Bijlage], folder: Path) -> list[Path | DocumentBron]:
    """The originals to check, as files in ``folder`` (a private temporary folder), so that
    a scan and its attestation (``<scan>.attestatie.pdf``) find each other as they do in a
    trajectory's folder. The attestation is read beside its scan, not as a document. An
    attachment whose name is no plain file name, or is used twice, is checked in memory
    under its own name (the manifest comparison names it)."""
    sources: list[Path | DocumentBron] = []
    used: set[str] = set()
    for bijlage in originelen:
        naam = bijlage.naam
        plain = naam == Path(naam).name and naam not in {"", ".", ".."} and "\x00" not in naam
        if not plain or naam.casefold() in used:
            sources.append(DocumentBron(naam, bijlage.data))
            continue
        used.add(naam.casefold())
        path = folder / naam
        try:
            path.write_bytes(bijlage.data)
        except OSError:  # a name this file system refuses: checked in memory
            sources.append(DocumentBron(naam, bijlage.data))
            continue
        if not naam.lower().endswith(ATTESTATIE_SUFFIX):
            sources.append(path)
    return sources


def _is_pdf(bijlage: Bijlage) -> bool:
    return bijlage.data.startswith(b"%PDF") or bijlage.naam.lower().endswith(".pdf")


def _attachment_findings(inhoud: Dossierinhoud) -> Iterator[Bevinding]:
    """Each original against the manifest: present, unchanged, and nothing added."""
    for probleem in inhoud.problemen:
        yield Bevinding("DOSSIER", "fout", probleem.code, probleem.bericht, (probleem.naam,))
    onleesbaar = {p.naam for p in inhoud.problemen if p.code == "bijlage-onleesbaar"}
    manifest = inhoud.manifest
    if manifest is None:
        yield Bevinding(
            "DOSSIER",
            "fout",
            "manifest-ongeldig",
            f"{inhoud.manifestfout} De bijlagen zijn daarom niet met het manifest vergeleken.",
            (MANIFEST_NAAM,),
        )
        return
    gevonden = {b.naam: b for b in inhoud.originelen}
    namen = [b.naam for b in [*inhoud.originelen, *inhoud.overige]]
    for naam in sorted({n for n in namen if namen.count(n) > 1}):
        yield Bevinding(
            "DOSSIER",
            "fout",
            "bijlage-dubbel",
            f"Het dossier bevat {namen.count(naam)} bijlagen met de naam {naam}: er is er "
            "later een bijgezet.",
            (naam,),
        )
    bekend = set()
    for document in manifest.documenten:
        bekend.add(document.bestand)
        bijlage = gevonden.get(document.bestand)
        if bijlage is None and document.bestand in onleesbaar:
            continue  # said above
        if bijlage is None:
            yield Bevinding(
                "DOSSIER",
                "fout",
                "bijlage-ontbreekt",
                f"Het manifest noemt {document.bestand} ({document.document or 'document'}), "
                "maar die bijlage zit niet in het dossier.",
                (document.bestand,),
            )
        elif bijlage.sha256 != document.sha256:
            yield Bevinding(
                "DOSSIER",
                "fout",
                "bijlage-gewijzigd",
                f"De bijlage {document.bestand} is niet meer het origineel: de SHA-256 is "
                f"{bijlage.sha256}, het manifest noemt {document.sha256}.",
                (document.bestand,),
                {document.bestand: bijlage.sha256, MANIFEST_NAAM: document.sha256},
            )
    for bijlage in [*inhoud.originelen, *inhoud.overige]:
        if bijlage.naam not in bekend:
            yield Bevinding(
                "DOSSIER",
                "fout",
                "bijlage-onbekend",
                f"De bijlage {bijlage.naam} staat niet in het manifest: die is er later "
                "bijgevoegd.",
                (bijlage.naam,),
            )


def _seal_findings(
    data: bytes, inhoud: Dossierinhoud, controle: Zegelcontrole | None, naam: str
) -> Iterator[Bevinding]:
    """The seal: intact, valid and trusted, and nothing but validation data after it."""
    dossier = (naam,)
    if controle is None:
        if inhoud.manifest is not None and inhoud.manifest.zegel:
            yield Bevinding(
                "ZEGEL",
                "fout",
                "zegel-ontbreekt",
                "Het manifest zegt dat het dossier verzegeld is, maar er is geen zegel: "
                "het is verwijderd of het dossier is opnieuw opgeslagen.",
                dossier,
            )
        elif count_revisions(data) > 1:
            yield Bevinding(
                "ZEGEL",
                "waarschuwing",
                "dossier-gewijzigd",
                "Het dossier is niet verzegeld en is na het bundelen gewijzigd (er is een "
                "revisie aan toegevoegd). De bijlagen zijn wel met het manifest vergeleken.",
                dossier,
            )
        return
    zegel = controle.handtekening
    if not (zegel.intact and zegel.geldig):
        uitleg = zegel.toelichting or "de zegel is beschadigd"
        yield Bevinding(
            "ZEGEL",
            "fout",
            "zegel-ongeldig",
            f"Het zegel over het dossier is niet in orde: {uitleg}",
            dossier,
        )
    for wijziging in controle.wijzigingen:
        yield Bevinding("ZEGEL", "fout", "gewijzigd-na-zegel", wijziging, dossier)
    if zegel.intact and zegel.geldig and not zegel.vertrouwd:
        # X7 v2: trust checked and failed is a fout; without roots it is not checked
        yield Bevinding(
            "ZEGEL",
            "fout" if zegel.vertrouwen_fout else "niet-gecontroleerd",
            "zegel-niet-vertrouwd",
            f"Het zegel van {zegel.ondertekenaar} is intact, maar niet vertrouwd: "
            f"{zegel.toelichting or 'het certificaat valt niet onder een vertrouwde basis'}",
            dossier,
        )
