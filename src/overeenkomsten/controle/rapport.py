"""The check as a whole: read the files, run every rule, and report (*rapport*).

:func:`check_documents` is the one entry point: the ``controleer`` command, the end of
``genereer`` and the dossier all call it, with a folder, a list of files, or originals held
in memory (:class:`DocumentBron`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from overeenkomsten.basis.jsonbestand import load_json
from overeenkomsten.basis.pdf import is_dossier
from overeenkomsten.controle.basis import Context, join
from overeenkomsten.controle.bevinding import Bevinding, Ernst
from overeenkomsten.controle.documentstaat import Trajectstaat, newest_versions, versie
from overeenkomsten.controle.erkenningen import Erkenning
from overeenkomsten.controle.extract import MAX_BYTES, DocumentBron, read_document
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.ondertekenspoor import stripped
from overeenkomsten.controle.regels import RECORD_REGEL, REGELS, Regel
from overeenkomsten.errors import ConfigurationError, InputError
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES
from overeenkomsten.model.traject import Traject
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister

Oordeel = Literal["in orde", "fouten", "onvolledig"]
RECORD_NAAM = "traject.json"
#: ``<scan>.attestatie.pdf`` (handtekeningen.attestatie.SUFFIX, without importing pyHanko)
ATTESTATIE_SUFFIX = ".attestatie.pdf"
#: Why an attestation is not one of the documents: it is read beside the scan it covers.
ATTESTATIE_REDEN = "een attestatie van een scan (handmatig vastgesteld)"


@dataclass
class Rapport:
    """The outcome of a check: findings, the rules that passed, and what was read.

    ``regels`` maps each rule that ran to its Dutch title; ``documenten`` each file used to
    its type (or ``onleesbaar`` / ``niet herkend``); ``overgeslagen`` each file not used to
    the reason; ``record`` the traject.json beside the documents whose ``afronding`` X11 and
    X17 used; ``feiten`` holds what was read from each file (for the dossier's manifest).
    """

    bevindingen: list[Bevinding]
    geslaagd: list[str]
    regels: dict[str, str]
    documenten: dict[str, str] = field(default_factory=dict)
    overgeslagen: dict[str, str] = field(default_factory=dict)
    record: str | None = None
    #: Rules about a document the set does not have (X9, X10, X17 without a PV).
    niet_van_toepassing: list[str] = field(default_factory=list)
    feiten: list[DocumentFeiten] = field(default_factory=list, repr=False)
    staat: Trajectstaat | None = field(default=None, repr=False)
    #: Lines for the report's header, before the findings ("niet verzegeld", "sjabloon
    #: onbekend"): facts about the check itself, not findings.
    kop: list[str] = field(default_factory=list)

    @property
    def oordeel(self) -> Oordeel:
        """``fouten`` when any fout; else ``onvolledig`` when anything was not checked."""
        ernsten = {b.ernst for b in self.bevindingen}
        if "fout" in ernsten:
            return "fouten"
        if "niet-gecontroleerd" in ernsten:
            return "onvolledig"
        return "in orde"

    def aantal(self, ernst: Ernst) -> int:
        return Counter(b.ernst for b in self.bevindingen)[ernst]

    def as_dict(self) -> dict[str, Any]:
        """The report as the JSON of ``controleer --json``."""
        return {
            "oordeel": self.oordeel,
            "kop": list(self.kop),
            "bevindingen": [b.as_dict() for b in self.bevindingen],
            "geslaagd": list(self.geslaagd),
            "documenten": dict(self.documenten),
            "overgeslagen": dict(self.overgeslagen),
            "record": self.record,
            "niet_van_toepassing": list(self.niet_van_toepassing),
        }


Bronnen = Path | Sequence[Path | DocumentBron]


def check_documents(
    bronnen: Bronnen,
    *,
    vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN,
    erkenningen: Sequence[Erkenning] | None = None,
    register: KwalificatieRegister | None = None,
    traject: Traject | Path | None = None,
    sjablonen: Path | None = None,
    zonder: frozenset[str] = frozenset(),
) -> Rapport:
    """Check the documents of one trajectory against each other (domein.md section 5).

    ``bronnen`` is a folder, one file, or a list of files and in-memory documents. With
    ``traject`` (a validated record or a traject.json) the documents are also compared with
    the record (rule TR). ``vertrouwd``, ``erkenningen`` (None: not given, X6 is not
    checked) and ``register`` come loaded (:mod:`overeenkomsten.instellingen`).
    ``sjablonen`` is a folder with the user's own templates, for comparing a document made
    with them with its template's text (X15). Raises :class:`InputError` when the folder
    or file does not exist, :class:`ConfigurationError` when ``traject`` is an unusable
    file. ``zonder``: codes of rules not to run (the engine skips X15 on documents it has
    just rendered from those very templates).
    """
    kwalificaties = register
    lijst = None if erkenningen is None else list(erkenningen)
    record = _traject(traject, kwalificaties)
    sources, overgeslagen = _sources(bronnen)
    read = [read_document(s, vertrouwd=vertrouwd) for s in sources]
    stripped(read)  # signed here by onderteken, no signature now: rewritten (X7)
    if isinstance(bronnen, Path) and bronnen.is_file():
        _refuse_unreadable(bronnen, read[0])
    used, vervangen = newest_versions(_prefer_pdf(read, overgeslagen))
    for oud in vervangen:
        overgeslagen[oud.naam] = f"versie {oud.versie}, vervangen door {oud.door}"
    bevindingen = [_file_finding(d) for d in used if not d.bruikbaar]
    ctx = Context(
        documenten=sorted(
            (d for d in used if d.bruikbaar),
            key=lambda d: (DOCUMENT_TYPES.index(d.type) if d.type else 0, d.naam.casefold()),
        ),
        onleesbaar=[
            d
            for d in used
            if not d.bruikbaar and not (d.leesfout and d.leesfout.code == "geen-document")
        ],
        register=kwalificaties,
        erkenningen=lijst,
        traject=record,
        vervangen=vervangen,
        vertrouwd=vertrouwd,
        sjablonen=sjablonen,
        naast=_beside(bronnen, kwalificaties) if record is None else None,
    )
    if ctx.naast is not None:  # read for the afronding (X11, X17): not an unused file
        overgeslagen.pop(RECORD_NAAM, None)
    elif RECORD_NAAM in overgeslagen and record is None:
        overgeslagen[RECORD_NAAM] = (
            "het trajectrecord is geen geldig record (controleer het met 'valideer') en is "
            "niet gebruikt; de afronding is uit de documenten gelezen"
        )
    # A scan attested by hand is the document its attestation names, not an unread file.
    attested = {s.naam: s.type for s in ctx.staat.documenten if s.attestatie is not None}
    bevindingen = [
        b
        for b in bevindingen
        if not (b.regel == "BESTAND" and b.documenten and set(b.documenten) <= set(attested))
    ]
    regels: list[Regel] = [
        r
        for r in (*REGELS, *([RECORD_REGEL] if ctx.traject is not None else []))
        if r.code not in zonder
    ]
    geslaagd = []
    niet_van_toepassing = []
    for regel in regels:
        if regel.over is not None and not ctx.of(regel.over):
            niet_van_toepassing.append(regel.code)
            continue
        found = list(regel.check(ctx))
        bevindingen.extend(found)
        if not found:
            geslaagd.append(regel.code)
    return Rapport(
        bevindingen=bevindingen,
        geslaagd=geslaagd,
        regels={r.code: r.titel for r in regels},
        documenten={d.naam: attested.get(d.naam) or _kind(d) for d in used},
        overgeslagen=overgeslagen,
        record=RECORD_NAAM if ctx.naast is not None else None,
        niet_van_toepassing=niet_van_toepassing,
        feiten=used,
        staat=ctx.staat,
        kop=ctx.kop,
    )


def _sources(bronnen: Bronnen) -> tuple[list[Path | DocumentBron], dict[str, str]]:
    if not isinstance(bronnen, Path):
        for bron in bronnen:
            if isinstance(bron, Path) and not bron.exists():
                raise InputError(f"Het bestand '{bron}' bestaat niet.", code="pad-ontbreekt")
        return list(bronnen), {}
    if not bronnen.exists():
        raise InputError(f"'{bronnen}' bestaat niet.", code="pad-ontbreekt")
    if bronnen.is_file():
        return [bronnen], {}
    try:
        entries = sorted(bronnen.iterdir(), key=lambda p: p.name.casefold())
    except OSError as exc:
        raise InputError(
            f"De map '{bronnen}' kan niet gelezen worden.", code="map-onleesbaar"
        ) from exc
    sources: list[Path | DocumentBron] = []
    skipped: dict[str, str] = {}
    for entry in entries:
        reden = _skip_reason(entry)
        if reden is not None:
            skipped[entry.name] = reden
        else:
            sources.append(entry)
    return sources, skipped


def _skip_reason(entry: Path) -> str | None:
    """Why a folder entry is not one of the documents to check; None when it may be one."""
    if entry.is_dir():
        return "een map; alleen de bestanden in deze map zelf worden gecontroleerd"
    if entry.name.startswith((".", "~$")):
        return "een tijdelijk of verborgen bestand"
    if entry.name == RECORD_NAAM:
        return "het trajectrecord; de controle gaat over de documenten zelf"
    if entry.name.lower().endswith(ATTESTATIE_SUFFIX):
        return ATTESTATIE_REDEN
    if _is_dossier(entry):
        return (
            "een dossier (gemaakt met 'bundel'), geen los document; controleer het apart "
            f"met: overeenkomsten controleer {entry.name}"
        )
    return None


#: A file without text (a scan) can be read; it is a finding, not an unusable input.
SCAN = "pdf-zonder-tekst"
_READABLE_WITHOUT_TEXT = (SCAN, "docx-zonder-tekst")


def _refuse_unreadable(path: Path, doc: DocumentFeiten) -> None:
    """The one file given to check cannot be read at all: an unusable input (exit 2,
    domein.md section 11), not a finding. In a folder it is a finding."""
    if _hidden_signatures(doc):
        return  # signed, then made unreadable: a fout of X7, not an unusable input
    if doc.leesfout is not None and doc.leesfout.code not in _READABLE_WITHOUT_TEXT:
        raise InputError(f"Het bestand '{path}' {doc.leesfout.bericht}.", code=doc.leesfout.code)


def _is_dossier(path: Path) -> bool:
    """A dossier PDF beside the documents (an earlier ``bundel --uit`` into the same folder)
    is no extra document: its cover and copies would be read as a second set."""
    try:
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-" or path.stat().st_size > MAX_BYTES:
                return False
    except OSError:
        return False  # read_document reports why the file cannot be read
    return is_dossier(path)


def _prefer_pdf(read: list[DocumentFeiten], skipped: dict[str, str]) -> list[DocumentFeiten]:
    """When a .docx and a PDF are the same document, the PDF is the document (it is signed).

    A scan (a PDF without text) cannot be told apart by its content: then a .docx without
    a PDF of its own does not stand in for it (it may be the scan's unsigned draft), and
    the scan stays a ``niet-gecontroleerd`` finding.
    """
    pdfs = [d for d in read if d.bron == "pdf"]
    scans = [d.naam for d in pdfs if d.leesfout is not None and d.leesfout.code == SCAN]
    stems = {Path(d.naam).stem.casefold(): d.naam for d in pdfs}
    kinds = {(d.type, d.waarde("Traject").sleutel, versie(d)): d.naam for d in pdfs if d.bruikbaar}
    used = []
    for doc in read:
        if doc.bron == "docx":
            twin = stems.get(Path(doc.naam).stem.casefold())
            if twin is None and doc.bruikbaar:
                twin = kinds.get((doc.type, doc.waarde("Traject").sleutel, versie(doc)))
            if twin is not None:
                skipped[doc.naam] = f"de PDF {twin} is het document"
                continue
            if scans and doc.bruikbaar:
                skipped[doc.naam] = (
                    f"niet gebruikt: de scan {scans[0]} kan dit document zijn, en een .docx "
                    "telt nooit in plaats van het ondertekende document"
                )
                continue
        used.append(doc)
    return used


def _kind(doc: DocumentFeiten) -> str:
    if doc.bruikbaar and doc.type is not None:
        return doc.type
    return "onleesbaar" if doc.leesfout is not None else "niet herkend"


def _hidden_signatures(doc: DocumentFeiten) -> list[Handtekening]:
    """Signatures of a file that was signed and then made unreadable (X7 v2)."""
    return [h for h in doc.handtekeningen or () if h.afwijking is not None]


def _file_finding(doc: DocumentFeiten) -> Bevinding:
    hidden = _hidden_signatures(doc)
    if hidden:  # hiding evidence never downgrades 'fouten' to 'onvolledig'
        wie = join(list(dict.fromkeys(h.ondertekenaar for h in hidden)))
        return Bevinding(
            "X7",
            "fout",
            "onleesbaar-na-ondertekening",
            f"{doc.naam} is ondertekend (door {wie}) en daarna zo gewijzigd dat het niet meer "
            "te lezen is; wat er na ondertekening is veranderd, is niet na te gaan.",
            (doc.naam,),
        )
    if doc.leesfout is not None:
        code, reden = doc.leesfout.code, doc.leesfout.bericht
    else:
        code = "document-niet-herkend"
        reden = (
            "is gelezen, maar is geen OOK, POK, PLOK of PV (geen Kenmerken-blok of titel gevonden)"
        )
    return Bevinding("BESTAND", "niet-gecontroleerd", code, f"{doc.naam} {reden}.", (doc.naam,))


def _beside(bronnen: Bronnen, register: KwalificatieRegister | None) -> Traject | None:
    """The traject.json beside the documents, for where the trajectory stands (its
    ``afronding``, X11); None when there is none or it is no valid record."""
    if not isinstance(bronnen, Path) or not (bronnen / RECORD_NAAM).is_file():
        return None
    try:
        return _traject(bronnen / RECORD_NAAM, register)
    except ConfigurationError:
        return None


def _traject(
    traject: Traject | Path | None, register: KwalificatieRegister | None
) -> Traject | None:
    if not isinstance(traject, Path):
        return traject
    try:
        data = load_json(traject)  # size, depth and syntax checked
    except InputError as exc:
        raise ConfigurationError(
            f"Het trajectrecord '{traject}' is geen leesbaar JSON-bestand ({exc.bericht})",
            code="record-onleesbaar",
        ) from exc
    record, _ = validate_record(data, register)
    if record is None:
        raise ConfigurationError(
            f"Het trajectrecord '{traject}' is ongeldig; controleer het met 'valideer'.",
            code="record-ongeldig",
        )
    return record
