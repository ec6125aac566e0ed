"""The use cases of the toolkit; the command line calls only these.

Each section belongs to one stage of the pipeline (intake, documenten, controle, dossier,
batch). Functions never print or exit: they return results or raise
:class:`~overeenkomsten.errors.OvereenkomstenError`.

Configuration is resolved here, once per call, into a frozen
:class:`~overeenkomsten.instellingen.Settings` that the stages receive loaded. A function
takes the files a user names (``register``, ``sjablonen``, ``vertrouwd``, ``erkenningen``),
or ``instellingen``: settings built once by :func:`instellingen` from files or from
material an application holds already (PEM bytes of trust roots, a register, a list of
erkenningen), then reused for any number of calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overeenkomsten.model import Traject

if TYPE_CHECKING:
    from overeenkomsten.batch.run import BatchResult
    from overeenkomsten.batch.samenvatting import SummaryRow
    from overeenkomsten.batch.status import TrajectStatus
    from overeenkomsten.controle import Rapport
    from overeenkomsten.controle.erkenningen import Erkenning
    from overeenkomsten.controle.feiten import DocumentFeiten
    from overeenkomsten.controle.overzicht import Trajectoordeel
    from overeenkomsten.controle.uitleg import Uitleg
    from overeenkomsten.dossier import Bundelresultaat
    from overeenkomsten.handtekeningen import Handtekening
    from overeenkomsten.handtekeningen.basis import Vertrouwensbasis
    from overeenkomsten.handtekeningen.types import Attestatie, Ondertekening
    from overeenkomsten.intake.rapport import ValidatieRapport
    from overeenkomsten.register import KwalificatieRegister

# --- record ---------------------------------------------------------------------------


def record_schema() -> dict[str, Any]:
    """The JSON Schema of one trajectory record (a JSON file may hold one or a list)."""
    return Traject.model_json_schema()


# --- settings -------------------------------------------------------------------------


def instellingen(
    *,
    register: Path | KwalificatieRegister | None = None,
    sjablonen: Path | None = None,
    vertrouwd: Vertrouwensbasis | Sequence[Path | bytes] = (),
    crl: Sequence[Path | bytes] = (),
    erkenningen: Path | Sequence[Erkenning] | None = None,
) -> Settings:
    """Settings for any number of calls, each file read once: from paths, or from
    material already loaded (``vertrouwd``: PEM or DER bytes of root certificates, or a
    :class:`~overeenkomsten.handtekeningen.basis.Vertrouwensbasis`). The environment is
    not read. Raises :class:`~overeenkomsten.errors.ConfigurationError` (Dutch, naming the
    file) for an unusable register, trust root, CRL or erkenningen file."""
    from overeenkomsten.instellingen import resolve_settings

    return resolve_settings(
        register=register,
        sjablonen=sjablonen,
        vertrouwd=vertrouwd,
        crl=crl,
        erkenningen=erkenningen,
    )


def _settings(
    given: Settings | None,
    *,
    register: Path | None = None,
    sjablonen: Path | None = None,
    vertrouwd: Sequence[Path] | None = None,
    erkenningen: Path | None = None,
) -> Settings:
    """The call's settings: ``given`` as is, or resolved from the files named.

    ``vertrouwd`` is None for a use case that judges no signature; else, when empty, the
    files in ``OVEREENKOMSTEN_VERTROUWD`` (read here, at the edge, and nowhere below).
    """
    if given is not None:
        if register or sjablonen or vertrouwd or erkenningen:
            raise TypeError("Give either instellingen or the files it replaces, not both.")
        return given
    from overeenkomsten.handtekeningen.basis import trust_roots_from_env
    from overeenkomsten.instellingen import resolve_settings

    return resolve_settings(
        register=register,
        sjablonen=sjablonen,
        vertrouwd=() if vertrouwd is None else trust_roots_from_env(vertrouwd),
        erkenningen=erkenningen,
    )


# --- intake ---------------------------------------------------------------------------


def load_register(path: Path | None = None) -> KwalificatieRegister:
    """The kwalificatie register: a user's SBB codelijst (.xlsx or .csv), else the bundled
    2015 register. Raises :class:`~overeenkomsten.errors.ConfigurationError`."""
    from overeenkomsten.register import KwalificatieRegister

    return KwalificatieRegister.default() if path is None else KwalificatieRegister.from_file(path)


def valideer(
    path: Path, register_path: Path | None = None, *, instellingen: Settings | None = None
) -> ValidatieRapport:
    """Every error and warning of an intake file (.xlsx or .json), read in one stream.

    Raises :class:`~overeenkomsten.errors.InputError` when the file cannot be read at all.
    """
    from overeenkomsten.intake.rapport import validate_file

    register = (
        load_register(register_path)
        if instellingen is None
        else _settings(instellingen, register=register_path).register
    )
    return validate_file(path, register)


def write_intake_template(path: Path, overschrijf: bool = False) -> Path:
    """Write the empty intake workbook (sheets Trajecten, Werkprocessen, Toelichting)."""
    from overeenkomsten.errors import InputError
    from overeenkomsten.intake.sjabloon import write_template

    if path.exists() and not overschrijf:
        raise InputError(
            f"Het bestand '{path}' bestaat al; kies een andere naam of gebruik --overschrijf.",
            code="bestand-bestaat",
        )
    return write_template(path)


def valideer_met_foutenrapport(
    path: Path, foutenrapport: Path, register_path: Path | None = None
) -> ValidatieRapport:
    """:func:`valideer`, and the invalid rows written to ``foutenrapport`` (.xlsx) as
    ``batch`` writes its foutenrapport, in the same single read of the file. Nothing is
    written when the file has no fouten."""
    from overeenkomsten.intake.rapport import validate_file

    return validate_file(path, load_register(register_path), foutenrapport=foutenrapport)


# --- handtekeningen -------------------------------------------------------------------


def onderteken(
    pdf: Path,
    rol: str,
    p12: Path,
    wachtwoord: bytes | None = None,
    uit: Path | None = None,
    *,
    tsa: str | None = None,
    toch: bool = False,
) -> Ondertekening:
    """Sign ``pdf`` as the party ``rol`` with the key in ``p12`` (in place, or into ``uit``).

    Earlier signatures stay valid (incremental update). With ``tsa`` (an RFC 3161 service's
    URL) the signature carries a trusted timestamp. Refuses (a
    :class:`~overeenkomsten.errors.SignatureError`) a PDF that is not one of the tool's
    documents, a role the document does not have, and a certificate whose name is not the
    person printed for ``rol`` unless ``toch`` (X16); also wrong password, field already
    signed, unreadable or encrypted PDF. Returns what was written, with warnings (signing
    an OOK or POK after its startdatum).
    """
    import datetime as dt

    from overeenkomsten.basis.bestand import read_file
    from overeenkomsten.basis.slot import trajectory_lock
    from overeenkomsten.bestandssoort import not_a_pdf
    from overeenkomsten.controle.extract import read_document
    from overeenkomsten.controle.ondertekening import advise_signing
    from overeenkomsten.controle.ondertekenspoor import record_signing
    from overeenkomsten.errors import SignatureError
    from overeenkomsten.handtekeningen import sign_pdf
    from overeenkomsten.handtekeningen.sleutels import load_signer
    from overeenkomsten.handtekeningen.types import Ondertekening, as_rol
    from overeenkomsten.handtekeningen.vertrouwen import describe_certificate

    gekozen = as_rol(rol)
    signer = load_signer(p12, wachtwoord)
    assert signer.signing_cert is not None  # load_signer guarantees one
    certificaat = describe_certificate(signer.signing_cert)
    data = read_file(pdf, "Het PDF-bestand")  # a Dutch error when missing or unreadable
    wrong_kind = not_a_pdf(data, pdf)  # a .docx: "a PDF is needed", not "damaged"
    if wrong_kind is not None:
        raise SignatureError(wrong_kind, code="pdf-onleesbaar")
    doc = read_document(pdf)
    advies = advise_signing(
        doc, gekozen, certificaat.namen, dt.datetime.now(dt.UTC), _record_beside(pdf)
    )
    if advies.weigering is not None:
        code, bericht = advies.weigering
        raise SignatureError(bericht, code=code)
    waarschuwingen = list(advies.waarschuwingen)
    if advies.naam_wijkt_af is not None:
        if not toch:
            raise SignatureError(
                f"{advies.naam_wijkt_af} Niet ondertekend. Is het dezelfde persoon onder een "
                "andere naam, zet die naam dan als naam_op_certificaat in het traject; wilt u "
                "toch tekenen, gebruik dan --toch (de controle meldt dit dan als fout, X16).",
                code="naam-wijkt-af",
            )
        waarschuwingen.append(
            f"{advies.naam_wijkt_af} Toch ondertekend (--toch): de controle meldt dit als fout "
            "(X16)."
        )
    # The short lock of the folder written in: the engine never puts a new version in
    # place while a signature is being added there (check-then-write, domein.md section 7).
    with trajectory_lock((uit or pdf).parent):
        written = sign_pdf(pdf, gekozen, p12, wachtwoord, uit, tsa=tsa)
        try:  # the firm fact behind "rewritten without its signatures" (X7)
            record_signing(doc, gekozen, written)
        except OSError:
            waarschuwingen.append(
                f"Ondertekend, maar niet vastgelegd in {written.parent}/.overeenkomsten/ "
                "(de map is niet te beschrijven): wordt het bestand later zonder zijn "
                "handtekeningen opgeslagen, dan kan de controle dat minder zeker zien."
            )
    return Ondertekening(
        written, gekozen, certificaat.naam, tuple(waarschuwingen), tijdstempel=tsa is not None
    )


def _record_beside(pdf: Path) -> Traject | None:
    """The validated traject.json beside ``pdf``, if there is a usable one."""
    from overeenkomsten.basis.jsonbestand import load_json
    from overeenkomsten.errors import OvereenkomstenError
    from overeenkomsten.model.validatie import validate_record

    path = pdf.parent / "traject.json"
    if not path.is_file():
        return None
    try:
        record, _problems = validate_record(load_json(path))
    except OvereenkomstenError:
        return None
    return record


def attesteer(
    scan: Path,
    partijen: Sequence[str],
    getekend_op: str,
    p12: Path,
    wachtwoord: bytes | None = None,
    *,
    document: str | None = None,
    uit: Path | None = None,
) -> Attestatie:
    """Record a manual check of a wet-ink scan (domein.md section 7): writes
    ``<scan>.attestatie.pdf`` signed with the checker's key and returns it as judged.

    ``partijen`` are roles (``kandidaat``, ``leerbedrijf``, or ``"kandidaat,leerbedrijf"``);
    ``getekend_op`` the date written on the paper, as people write dates. Raises
    :class:`~overeenkomsten.errors.SignatureError` (unknown role, a date in the future, an
    existing attestation, key or password) and :class:`~overeenkomsten.errors.InputError`.
    """
    from overeenkomsten.basis.slot import trajectory_lock
    from overeenkomsten.errors import InputError
    from overeenkomsten.handtekeningen.attestatie import make_attestation, read_attestation
    from overeenkomsten.model.velden import parse_date

    try:
        datum = parse_date(getekend_op)
    except ValueError as exc:
        raise InputError(
            f"--getekend-op '{getekend_op}' is geen datum; schrijf bijvoorbeeld 7-9-2026 of "
            "2026-09-07.",
            code="datum-ongeldig",
        ) from exc
    # written beside the scan under the folder's short lock, like a signature (section 7)
    with trajectory_lock((uit or scan).parent):
        pad = make_attestation(scan, partijen, datum, p12, wachtwoord, document=document, uit=uit)
    attestatie = read_attestation(pad, scan)
    assert attestatie is not None  # just written
    return attestatie


def handtekeningen(
    pdf: Path | bytes, vertrouwd: Sequence[Path] = (), *, instellingen: Settings | None = None
) -> list[Handtekening]:
    """Every signature in ``pdf``, checked offline; ``vertrouwd`` are trust-root PEM files
    (and CRLs; without them: ``OVEREENKOMSTEN_VERTROUWD``), or ``instellingen`` holds them.

    Raises :class:`~overeenkomsten.errors.InputError` when the PDF cannot be read and
    :class:`~overeenkomsten.errors.ConfigurationError` for an unusable trust root.
    """
    from overeenkomsten.handtekeningen import inspect_signatures

    settings = _settings(instellingen, vertrouwd=vertrouwd)
    return inspect_signatures(pdf, settings.vertrouwd)


# --- controle -------------------------------------------------------------------------


def controleer(
    pad: Path,
    vertrouwd: Sequence[Path] = (),
    erkenningen: Path | None = None,
    register: Path | None = None,
    sjablonen: Path | None = None,
    *,
    instellingen: Settings | None = None,
) -> Rapport:
    """Check the documents of one trajectory against each other (domein.md section 5).

    ``pad`` is a folder with the trajectory's documents (.docx and/or PDF, any names) or one
    document. Returns the :class:`~overeenkomsten.controle.Rapport` (verdict, findings,
    passed rules). Raises :class:`~overeenkomsten.errors.InputError` when ``pad`` does not
    exist, :class:`~overeenkomsten.errors.ConfigurationError` when ``erkenningen``,
    ``register`` or a ``vertrouwd`` root is unusable (before any document is read).
    ``sjablonen``: the user's own templates, to compare documents made with them with their
    template's text (X15).
    """
    settings = _settings(
        instellingen,
        vertrouwd=vertrouwd,
        erkenningen=erkenningen,
        register=register,
        sjablonen=sjablonen,
    )
    return _check_path(settings, pad)


def _check_path(settings: Settings, pad: Path) -> Rapport:
    """One trajectory (a folder, a document or a dossier PDF) with loaded settings; a
    module-level function, so that worker processes can run it."""
    from overeenkomsten.controle import check_documents
    from overeenkomsten.dossier.herkennen import is_dossier_file

    if is_dossier_file(pad):  # a dossier PDF (bundel): its attached originals are checked
        from overeenkomsten.dossier.lezen import check_dossier  # only then: seal, copies

        return check_dossier(
            pad,
            vertrouwd=settings.vertrouwd,
            erkenningen=settings.erkenningen,
            register=settings.register,
            sjablonen=settings.sjablonen,
        )
    return check_documents(
        pad,
        vertrouwd=settings.vertrouwd,
        erkenningen=settings.erkenningen,
        register=settings.register,
        sjablonen=settings.sjablonen,
    )


def trajectpaden(parent: Path) -> list[Path]:
    """The trajectories in ``parent`` (``controleer --alle``): its folders and dossier PDFs.
    Raises :class:`~overeenkomsten.errors.InputError` when ``parent`` is no folder."""
    from overeenkomsten.controle.overzicht import trajectory_paths

    return trajectory_paths(parent)


def controleer_alle(
    paden: Sequence[Path],
    vertrouwd: Sequence[Path] = (),
    erkenningen: Path | None = None,
    register: Path | None = None,
    sjablonen: Path | None = None,
    werkers: int | None = None,
    *,
    instellingen: Settings | None = None,
) -> list[Trajectoordeel]:
    """Check many trajectories (folders or dossiers) in worker processes; one
    :class:`~overeenkomsten.controle.overzicht.Trajectoordeel` per path, in order.

    A path that cannot be checked is a row with a ``niet-gecontroleerd`` finding; a path
    that does not exist raises :class:`~overeenkomsten.errors.InputError` and an unusable
    option :class:`~overeenkomsten.errors.ConfigurationError` before any
    path is read. The options are loaded once; the workers receive them loaded.
    """
    from functools import partial

    from overeenkomsten.controle.overzicht import check_many
    from overeenkomsten.errors import InputError

    for pad in paden:
        if not pad.exists():  # given on the command line: unusable input (exit 2)
            raise InputError(f"'{pad}' bestaat niet.", code="pad-ontbreekt")
    settings = _settings(
        instellingen,
        vertrouwd=vertrouwd,
        erkenningen=erkenningen,
        register=register,
        sjablonen=sjablonen,
    )
    return check_many(paden, partial(_check_path, settings), werkers=werkers)


def uitleg(regel: str | None = None) -> list[Uitleg]:
    """The explanation of one rule of the check (``X16``), or of every rule, in Dutch with
    what to do. Raises :class:`~overeenkomsten.errors.InputError` for an unknown rule."""
    from overeenkomsten.controle.uitleg import REGELS, explain

    return [explain(regel)] if regel is not None else list(REGELS.values())


def schrijf_overzicht(pad: Path, oordelen: Sequence[Trajectoordeel]) -> None:
    """Write the bulk overview as .xlsx (sheets Trajecten and Bevindingen), atomically."""
    from overeenkomsten.controle.overzicht import write_xlsx

    write_xlsx(pad, oordelen)


# --- dossier --------------------------------------------------------------------------


def bundel(
    map: Path,
    uit: Path,
    *,
    zegel: Path | None = None,
    wachtwoord: bytes | None = None,
    vertrouwd: Sequence[Path] = (),
    erkenningen: Path | None = None,
    register: Path | None = None,
    ook_bij_fouten: bool = False,
    instellingen: Settings | None = None,
) -> Bundelresultaat:
    """Bundle the PDFs in ``map`` (and its traject.json) into one dossier PDF ``uit``.

    Cover page, readable copies, the originals attached byte for byte, manifest.json, and
    with ``zegel`` (a PKCS#12 file) a PAdES seal. When the check finds a ``fout`` nothing is
    written (``geweigerd``) unless ``ook_bij_fouten``. Raises
    :class:`~overeenkomsten.errors.InputError` (no PDFs, bad traject.json),
    :class:`~overeenkomsten.errors.ConfigurationError` (an unusable option's file),
    :class:`~overeenkomsten.errors.SignatureError` (seal key or password) and
    :class:`~overeenkomsten.errors.ConversionError` (LibreOffice missing).
    """
    from overeenkomsten.basis.slot import trajectory_lock
    from overeenkomsten.dossier import bundle_dossier

    settings = _settings(
        instellingen, vertrouwd=vertrouwd, erkenningen=erkenningen, register=register
    )
    # The set is read and the dossier written under the folder's short lock: a run that
    # is updating the set waits, and the dossier never mixes two versions of it.
    with trajectory_lock(map):
        return bundle_dossier(
            map,
            uit,
            zegel=zegel,
            wachtwoord=wachtwoord,
            vertrouwd=settings.vertrouwd,
            erkenningen=settings.erkenningen,
            register=settings.register,
            ook_bij_fouten=ook_bij_fouten,
            soffice=settings.soffice,
        )


def controleer_dossier(
    pdf: Path,
    vertrouwd: Sequence[Path] = (),
    erkenningen: Path | None = None,
    register: Path | None = None,
    *,
    instellingen: Settings | None = None,
) -> Rapport:
    """Verify a dossier PDF (attachments against its manifest, the seal) and check its
    originals with every rule; ``controleer`` routes a dossier here by itself."""
    from overeenkomsten.dossier import check_dossier

    settings = _settings(
        instellingen, vertrouwd=vertrouwd, erkenningen=erkenningen, register=register
    )
    return check_dossier(
        pdf,
        vertrouwd=settings.vertrouwd,
        erkenningen=settings.erkenningen,
        register=settings.register,
    )


# --- documenten -----------------------------------------------------------------------

if TYPE_CHECKING:
    from overeenkomsten.documenten.lint import SjabloonRapport
    from overeenkomsten.instellingen import Settings
    from overeenkomsten.motor.genereer import GenereerResultaat
    from overeenkomsten.motor.sets import SetUitkomst


def genereer(
    invoer: Path,
    uit: Path,
    *,
    traject_id: str | None = None,
    pdf: bool = True,
    sjablonen: Path | None = None,
    register: Path | None = None,
    gevalideerd: Callable[[ValidatieRapport], None] | None = None,
    gemaakt: Callable[[SetUitkomst], None] | None = None,
    instellingen: Settings | None = None,
) -> GenereerResultaat:
    """Validate an intake file and write ``uit/<traject_id>/`` with the OOK, POK, PLOK
    (and the PV once the record has ``afronding``) as .docx and PDF plus ``traject.json``,
    for every valid record, and check every fresh set against its record (``.controles``).

    Nothing signed or made by the user is overwritten: a changed document beside a signed
    one becomes ``<id>_<DOC>_v<n>`` (``.nieuwe_versies``). Invalid records produce
    nothing; their problems are in ``.validatie`` (the same as ``valideer``). ``gevalideerd``
    is called with the validation before anything is written, ``gemaakt`` with each set
    as soon as it is written. Raises
    :class:`~overeenkomsten.errors.InputError` (unreadable input, unknown ``traject_id``,
    another run in ``uit``), :class:`~overeenkomsten.errors.TemplateError` and
    :class:`~overeenkomsten.errors.ConversionError` (LibreOffice missing) before writing;
    an ``OSError`` (full disk, no permission) with its path while writing.
    """
    from overeenkomsten.motor.genereer import generate_from_input

    settings = _settings(instellingen, register=register, sjablonen=sjablonen)
    return generate_from_input(
        invoer,
        uit,
        settings,
        traject_id=traject_id,
        pdf=pdf,
        gevalideerd=gevalideerd,
        gemaakt=gemaakt,
    )


def controleer_sjablonen(map: Path | None = None) -> SjabloonRapport:
    """Check the Word templates in ``map`` (default: the shipped ones): split tags, unknown
    variables, unclosed blocks, and whether they still render the Kenmerken and signature
    blocks. Raises :class:`~overeenkomsten.errors.TemplateError` when ``map`` is missing."""
    from overeenkomsten.documenten.lint import check_templates

    return check_templates(map)


# --- batch ----------------------------------------------------------------------------


def batch(
    intake: Path,
    uit: Path,
    *,
    pdf: bool = True,
    werkers: int | None = None,
    opnieuw: bool = False,
    sjablonen: Path | None = None,
    register: Path | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    klaar: Callable[[SummaryRow], None] | None = None,
    instellingen: Settings | None = None,
) -> BatchResult:
    """Every row of an intake workbook: a document set per valid row, a report of the rest.

    The same engine as :func:`genereer` (nothing signed or made by the user is
    overwritten; changed documents beside signed ones become new versions). Writes
    ``uit/samenvatting.json``/``.csv`` and, when rows are invalid,
    ``uit/foutenrapport.xlsx``. A rerun skips unchanged trajectories. ``klaar`` is called
    with each row's outcome as soon as it is known (a caller can say what was done before
    an operating-system error, which is raised with its path).
    """
    from overeenkomsten.batch.run import run_batch

    settings = _settings(instellingen, register=register, sjablonen=sjablonen)
    return run_batch(
        intake,
        uit,
        settings,
        pdf=pdf,
        werkers=werkers,
        opnieuw=opnieuw,
        voortgang=voortgang,
        klaar=klaar,
    )


def status(
    uit: Path,
    vertrouwd: Sequence[Path] = (),
    *,
    vandaag: dt.date | None = None,
    xlsx: Path | None = None,
    werkers: int | None = None,
    erkenningen: Path | None = None,
    instellingen: Settings | None = None,
) -> list[TrajectStatus]:
    """Per trajectory folder in ``uit``: documents (found by content), signatures, what is
    missing or late, the check's verdict, deadlines, dossiers.

    Signatures are judged as ``controleer`` judges them (``vertrouwd``: trust roots), and
    with ``erkenningen`` (the SBB list) rule X6 too, as ``controleer`` does. ``vandaag``
    is today's date for the deadlines; with ``xlsx`` the back office's overview is also
    written there (atomically). Raises :class:`~overeenkomsten.errors.InputError`
    when ``uit`` is no folder, :class:`~overeenkomsten.errors.ConfigurationError` for an
    unusable trust root or erkenningen list.
    """
    from overeenkomsten.batch.overzicht import write_overview
    from overeenkomsten.batch.status import batch_status

    settings = _settings(instellingen, vertrouwd=vertrouwd, erkenningen=erkenningen)
    trajecten = batch_status(
        uit,
        vertrouwd=settings.vertrouwd,
        erkenningen=settings.erkenningen,
        vandaag=vandaag,
        werkers=werkers,
    )
    if xlsx is not None:
        write_overview(xlsx, trajecten)
    return trajecten


def status_uit_opslag(
    data: dict[str, Any], record: dict[str, Any] | None, vandaag: dt.date | None = None
) -> TrajectStatus:
    """A trajectory's status back from what :meth:`TrajectStatus.as_dict` stored (no PDF is
    read); with ``record`` and ``vandaag`` its deadlines are worked out for that day."""
    from pydantic import ValidationError

    from overeenkomsten.batch.status import status_from_dict

    traject: Traject | None = None
    if record:
        try:
            traject = Traject.model_validate(record)
        except ValidationError:
            traject = None
    return status_from_dict(data, traject, vandaag)


def schrijf_statusoverzicht(pad: Path, trajecten: Sequence[TrajectStatus]) -> int:
    """Write the back office's overview (the workbook of ``status --xlsx``) atomically;
    returns the number of rows."""
    from overeenkomsten.batch.overzicht import write_overview

    return write_overview(pad, trajecten)


def lees_document(pad: Path) -> DocumentFeiten:
    """What one file says, read as ``controleer`` reads it: which document (by content, not
    by name), of which trajectory, its signatures. Never raises for a bad file: its
    ``leesfout`` says why it could not be read."""
    from overeenkomsten.controle.extract import read_document

    return read_document(pad)
