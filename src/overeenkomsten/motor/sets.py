"""The one engine that makes document sets, for ``genereer`` and ``batch`` alike.

:meth:`SetMaker.make` takes a group of validated trajectories and, per trajectory:

1. renders its documents (one model function decides which);
2. decides per document, against the newest version already in the folder
   (:func:`~overeenkomsten.trajectmap.document_versions`), what to do (domein.md
   section 7): nothing when its visible text is unchanged and that version is signed,
   attested or not the tool's; in place when the newest version is the tool's own
   unsigned file; else a new version ``<id>_<DOC>_v<n>``;
3. converts all documents of the group to PDF in one LibreOffice run;
4. puts every file in place one by one under the trajectory lock, never touching a file
   it did not write (:class:`~overeenkomsten.trajectmap.boekhouding.Boekhouding`);
5. checks the fresh documents against the record in memory (the auditor's rules).

It returns a typed :class:`SetUitkomst` per trajectory. Everything temporary lives in the
output folder's ``.overeenkomsten/`` (personal data never goes to ``$TMPDIR``).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Literal

from overeenkomsten.basis.slot import trajectory_lock
from overeenkomsten.bestanden import sync_filesystem
from overeenkomsten.controle import Rapport, check_documents
from overeenkomsten.controle.artikelen import page_line
from overeenkomsten.controle.extract import (
    DocumentBron,
    pdf_lines_and_metadata,
    visible_lines,
)
from overeenkomsten.controle.ooxml import PackageError, read_word
from overeenkomsten.controle.tekstvergelijking import find_template
from overeenkomsten.documenten.context import document_context, record_context
from overeenkomsten.documenten.metadata import core_xml
from overeenkomsten.documenten.pdf import PdfConverter
from overeenkomsten.documenten.render import TemplateSet, compile_template
from overeenkomsten.errors import OvereenkomstenError, TemplateError
from overeenkomsten.instellingen import Settings
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import (
    RECORD_KEY,
    SJABLOON_HASH_KEY,
    DocumentType,
    documents_to_make,
    record_hash,
)
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.paden import safe_name
from overeenkomsten.trajectmap.boekhouding import Boekhouding, sha256_of, temp_dir
from overeenkomsten.trajectmap.record import RECORD_FILENAME
from overeenkomsten.trajectmap.versies import Versie, document_versions, version_stem

Actie = Literal["nieuw", "bijgewerkt", "nieuwe-versie", "behouden"]
ATTESTATION_SUFFIX = ".attestatie.pdf"
_REDUNDANT_ON_FRESH_DOCUMENTS = frozenset({"X15"})
"""X15 renders each template again and compares the text: on documents just rendered from
those templates it holds by construction, and it is most of the check's time (0.4 s a set)."""


@dataclass
class DocumentPlan:
    """What the engine does with one document of one trajectory."""

    document: DocumentType
    actie: Actie
    nummer: int
    docx: bytes
    reden: str = ""

    def stem(self, traject_id: str) -> str:
        return version_stem(traject_id, self.document, self.nummer)


@dataclass
class SetUitkomst:
    """The outcome for one trajectory.

    ``bestanden``: the files written in this run (paths); ``nieuwe_versies``: the names of
    new versions (``<id>_<DOC>_v<n>.pdf`` or ``.docx``) among them; ``behouden``: documents
    left as they were (signed, attested or the user's, and not changed in content);
    ``fouten``: why the set was not (completely) made, or the auditor's ``fout`` findings
    on the fresh documents; ``rapport``: that check.
    """

    traject_id: str
    map: Path | None
    bestanden: list[Path] = field(default_factory=list)
    nieuwe_versies: list[str] = field(default_factory=list)
    behouden: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)
    rapport: Rapport | None = None

    @property
    def gemaakt(self) -> bool:
        return self.map is not None and not self.fouten


class SetMaker:
    """Makes document sets in the output folder ``uit``; reusable for any number of groups.

    Holds the compiled templates and (with ``pdf``) one LibreOffice converter with its own
    profile inside ``uit/.overeenkomsten/tmp``. A missing template or LibreOffice stops
    here, before anything is written.
    """

    def __init__(self, settings: Settings, uit: Path, *, pdf: bool) -> None:
        self.settings = settings
        self.uit = uit
        self.templates = TemplateSet(settings.sjablonen)
        self.templates.compile_all()
        self.converter: PdfConverter | None = None
        if pdf:
            self.converter = PdfConverter(settings.libreoffice(), werkmap=temp_dir(uit))

    def __enter__(self) -> SetMaker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self.converter is not None:
            self.converter.close()
            self.converter = None

    # --- the run ----------------------------------------------------------------------

    def make(
        self, trajecten: Sequence[Traject], gemaakt: Callable[[SetUitkomst], None] | None = None
    ) -> list[SetUitkomst]:
        """Make the sets of ``trajecten`` (validated, ids unique per folder), in order.

        A problem of one trajectory (a folder that is a file or a link, a file changed
        while the run was busy) is in its outcome; an operating-system error (disk full,
        no permission) is raised with its path, after ``gemaakt`` was called for every
        trajectory completed before it.
        """
        work = Path(tempfile.mkdtemp(prefix="groep-", dir=temp_dir(self.uit)))
        try:
            planned: list[tuple[Traject, Path, list[DocumentPlan], SetUitkomst]] = []
            staged: list[Path] = []
            for number, traject in enumerate(trajecten):
                uitkomst = SetUitkomst(traject.traject_id, None)
                folder = self._folder(traject, uitkomst)
                plans = self._plan(traject, folder) if folder is not None else []
                for plan in plans:
                    if plan.actie != "behouden":
                        path = work / f"{len(staged):06d}.docx"
                        path.write_bytes(plan.docx)
                        staged.append(path)
                record = json.dumps(traject.model_dump(mode="json"), ensure_ascii=False, indent=2)
                (work / f"record-{number}.json").write_bytes((record + "\n").encode("utf-8"))
                planned.append((traject, folder or self.uit, plans, uitkomst))
            if self.converter is not None and staged:
                self.converter.convert(staged)
            sync_filesystem(work)  # one flush for the whole group, before any rename
            outcomes = []
            index = 0
            for number, (traject, folder, plans, uitkomst) in enumerate(planned):
                if not uitkomst.fouten:
                    count = sum(plan.actie != "behouden" for plan in plans)
                    chosen = staged[index : index + count]
                    record_file = work / f"record-{number}.json"
                    self._commit(traject, folder, plans, chosen, uitkomst, record_file)
                    index += count
                    self._check(traject, plans, uitkomst)
                outcomes.append(uitkomst)
                if gemaakt is not None:
                    gemaakt(uitkomst)
            return outcomes
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _folder(self, traject: Traject, uitkomst: SetUitkomst) -> Path | None:
        """The trajectory's folder inside ``uit`` (made when its first file is written); a
        file or a link in its place is a problem of this trajectory (never followed, never
        replaced)."""
        folder = self.uit / safe_name(traject.traject_id)
        if folder.is_symlink():
            uitkomst.fouten.append(
                f"'{folder}' is een snelkoppeling (symlink); die volgt overeenkomsten niet. "
                "Verwijder of hernoem hem en probeer het opnieuw."
            )
            return None
        if folder.exists() and not folder.is_dir():
            uitkomst.fouten.append(
                f"'{folder}' is een bestand, geen map; hernoem het en probeer het opnieuw."
            )
            return None
        uitkomst.map = folder
        return folder

    def _plan(self, traject: Traject, folder: Path) -> list[DocumentPlan]:
        base = record_context(traject)
        digest = record_hash(traject)
        boekhouding = Boekhouding(folder)
        versions = document_versions(folder, traject.traject_id)

        def render(document: DocumentType, nummer: int) -> bytes:
            return self.templates.render(traject, document, base=base, digest=digest, versie=nummer)

        plans = []
        # The one model rule (domein.md section 2, v2): the PV only with afronding; adding
        # afronding later adds the PV to the existing set.
        for document in documents_to_make(traject):
            existing = versions.get(document, [])
            if not existing:
                plans.append(DocumentPlan(document, "nieuw", 1, render(document, 1)))
                continue
            newest = existing[0]
            docx = render(document, newest.nummer)
            protected = _protected(newest, boekhouding)
            same = self._same_text(traject, document, docx, newest)
            if same and protected:
                plans.append(DocumentPlan(document, "behouden", newest.nummer, docx, protected))
            elif not protected:
                plans.append(DocumentPlan(document, "bijgewerkt", newest.nummer, docx))
            else:
                nummer = max(v.nummer for v in existing) + 1
                plans.append(
                    DocumentPlan(document, "nieuwe-versie", nummer, render(document, nummer))
                )
        return plans

    def _same_text(
        self, traject: Traject, document: DocumentType, docx: bytes, versie: Versie
    ) -> bool:
        """True when the fresh ``docx`` reads the same as ``versie`` (domein.md section 7),
        comparing like with like. With its Word file: the two Word texts. With only its
        PDF (the user kept the PDFs, or the Word file is unreadable): the Word text the PDF
        was made from, rendered again from the record and template its metadata names,
        against the fresh one. A PDF's own text differs from a Word file's in form (line
        breaks, hyphenation, page numbers), so it is compared directly only when that
        record or template is gone, normalised the same way on both sides. Unreadable
        counts as different: a new version never loses data."""
        fresh = visible_text(docx)
        if fresh is None:
            return False
        if versie.docx is not None:
            try:
                existing = visible_text(versie.docx.read_bytes())
            except OSError:
                existing = None
            if existing is not None or versie.pdf is None:
                return existing == fresh
            # its Word file is unreadable (damaged, emptied): its PDF counts
        if versie.pdf is None:
            return False
        try:
            content = pdf_lines_and_metadata(versie.pdf.read_bytes())
        except OSError:
            return False
        if content is None:
            return False
        lines, metadata = content
        before = self._render_recorded(traject, document, metadata, versie.nummer)
        if before is not None:
            return before == fresh and _prints_same_bsn(traject, fresh, lines)
        return _same_printed_text(docx, lines)

    def _render_recorded(
        self, traject: Traject, document: DocumentType, metadata: dict[str, str], nummer: int
    ) -> str | None:
        """The visible text of the Word file a PDF of this tool was made from: its embedded
        (BSN-free) record rendered with the template of its recorded SHA-256 (the current
        one, or an older one still among the shipped or the user's templates); None when
        the PDF names no record or template that can be found."""
        raw = metadata.get(RECORD_KEY)
        digest = metadata.get(SJABLOON_HASH_KEY)
        if not raw or not digest:
            return None
        old = _recorded_record(raw, traject, self.settings)
        if old is None:
            return None
        try:
            if self.templates.get(document).sha256 == digest:
                return visible_text(self.templates.render(old, document, versie=nummer))
            path = find_template(digest, self.settings.sjablonen)
            if path is None:
                return None
            context = document_context(old, document)
            context["versie"] = nummer
            return visible_text(compile_template(path).render(context, core_xml(old, document), {}))
        except TemplateError:
            return None

    def _commit(
        self,
        traject: Traject,
        folder: Path,
        plans: list[DocumentPlan],
        staged: list[Path],
        uitkomst: SetUitkomst,
        record_file: Path,
    ) -> None:
        """Put the set in place file by file, under the trajectory lock, re-checking that
        nothing to be replaced changed since the plan (a signature added meanwhile).

        The digests of everything about to be renamed are recorded (and saved) first, then
        each file is renamed into place: a run killed in between leaves whole files that
        the next run still knows as its own.
        """
        suffixes = ("docx", "pdf") if self.converter is not None else ("docx",)
        folder.mkdir(exist_ok=True)
        with trajectory_lock(folder):
            boekhouding = Boekhouding(folder)
            moves: list[tuple[Path, str]] = []
            writes = [p for p in plans if p.actie != "behouden"]
            for plan, docx in zip(writes, staged, strict=True):
                stem = plan.stem(traject.traject_id)
                targets = [folder / f"{stem}.{suffix}" for suffix in suffixes]
                if not all(boekhouding.may_replace(t) for t in targets):
                    uitkomst.fouten.append(
                        f"{stem} is tijdens het maken gewijzigd (ondertekend?) en is niet "
                        "overschreven; start de opdracht opnieuw."
                    )
                    continue
                for suffix, target in zip(suffixes, targets, strict=True):
                    source = docx if suffix == "docx" else docx.with_suffix(".pdf")
                    moves.append((source, target.name))
                    if plan.actie == "nieuwe-versie":
                        uitkomst.nieuwe_versies.append(target.name)
            for plan in plans:
                if plan.actie == "behouden":
                    uitkomst.behouden.append(f"{plan.stem(traject.traject_id)} ({plan.reden})")
            record = folder / RECORD_FILENAME
            if boekhouding.may_replace(record) or _is_record_of(record, traject.traject_id):
                moves.append((record_file, RECORD_FILENAME))
            else:
                uitkomst.fouten.append(
                    f"{record} is niet door overeenkomsten gemaakt en is niet overschreven."
                )
            for source, name in moves:
                digest = sha256_of(source)
                if digest is not None:
                    boekhouding.expect(name, digest)
            boekhouding.save()
            for source, name in moves:
                uitkomst.bestanden.append(boekhouding.adopt(source, name))

    def _check(self, traject: Traject, plans: list[DocumentPlan], uitkomst: SetUitkomst) -> None:
        """The fresh documents must pass the auditor's rules against the record in memory
        (a ``fout`` here is a bug in the templates). The Word files are checked: the PDFs
        are converted from exactly these bytes."""
        bronnen = [
            DocumentBron(f"{plan.stem(traject.traject_id)}.docx", plan.docx) for plan in plans
        ]
        try:
            rapport = check_documents(
                bronnen,
                traject=traject,
                register=self.settings.register,
                zonder=_REDUNDANT_ON_FRESH_DOCUMENTS,
            )
        except OvereenkomstenError as exc:  # pragma: no cover - the check reads no files here
            uitkomst.fouten.append(str(exc))
            return
        uitkomst.rapport = rapport
        for bevinding in rapport.bevindingen:
            text = f"{bevinding.regel}: {bevinding.bericht}"
            if bevinding.ernst == "fout":
                uitkomst.fouten.append(text)
            elif bevinding.ernst == "waarschuwing":
                uitkomst.waarschuwingen.append(text)


# --- deciding ---------------------------------------------------------------------------


def _protected(versie: Versie, boekhouding: Boekhouding) -> str:
    """Why ``versie`` may not be replaced ('' when it may): signed or otherwise changed
    since the tool wrote it, not written by the tool, or attested (a wet-ink scan)."""
    for path in versie.bestanden:
        if (
            path.with_name(path.name + ".attestatie.pdf").exists()
            or path.with_suffix(ATTESTATION_SUFFIX).exists()
        ):
            return "geattesteerd"
    for path in versie.bestanden:
        if not boekhouding.is_ours(path):
            return "ondertekend of gewijzigd" if path.suffix == ".pdf" else "niet door ons gemaakt"
    return ""


_VERSION_LINE = re.compile(r"^versie\s*:?\s*\d*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def visible_text(data: bytes) -> str | None:
    """The text a reader sees, without white space and without a printed version line: two
    documents with the same visible text are the same document (domein.md section 7)."""
    lines = visible_lines(data)
    if lines is None:
        return None
    kept = [line for line in lines if not _VERSION_LINE.match(line.strip())]
    return _SPACE.sub("", "".join(kept))


def _recorded_record(raw: str, traject: Traject, settings: Settings) -> Traject | None:
    """The record embedded in a document's metadata. The BSN is never embedded (domein.md
    section 9): the fresh record's stands in for it, and :func:`_prints_same_bsn` checks
    the printed one separately."""
    try:
        data = json.loads(raw)
        kandidaat = data["kandidaat"]
        if not kandidaat.get("bsn") and not kandidaat.get("onderwijsnummer"):
            kandidaat["bsn"] = traject.kandidaat.bsn or _BSN_STAND_IN
    except (ValueError, TypeError, KeyError):
        return None
    old, _ = validate_record(data, settings.register)
    return old


_BSN_STAND_IN = "111222333"


def _prints_same_bsn(traject: Traject, fresh: str, lines: Sequence[str]) -> bool:
    """When the fresh document prints the BSN, the PDF's text must print the same one."""
    bsn = traject.kandidaat.bsn
    if not bsn or bsn not in fresh:
        return True
    return bsn in _SPACE.sub("", "".join(lines))


_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|blad|blz\.?|page)\s*)?\d+\s*(?:(?:van|/|of)\s*\d+)?$", re.IGNORECASE
)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_DASHES_AND_BULLETS = re.compile(
    r"[-\u2010\u2011\u2012\u2013\ufffe\x02\u2022\u25aa\u25cf\u00b7\u2023\u25e6]"
)


def _printed_form(lines: Sequence[str], page_lines: frozenset[str]) -> str:
    """Text as printed, without what differs only in form between a Word file and a PDF
    made from it: white space and line breaks, hyphenation and dashes, bullets, soft
    hyphens, ligatures (NFKC), page numbers and the header and footer lines repeated on
    every page."""
    kept = []
    for line in lines:
        text = unicodedata.normalize("NFKC", line.translate(_INVISIBLE)).strip()
        if not text or _PAGE_NUMBER.match(text) or page_line(text) in page_lines:
            continue
        if _VERSION_LINE.match(text):
            continue
        kept.append(text)
    return _DASHES_AND_BULLETS.sub("", _SPACE.sub("", "".join(kept)))


def _same_printed_text(docx: bytes, pdf_lines: Sequence[str]) -> bool:
    """The fresh Word file against a PDF's own text (no record or template to render the
    PDF's Word file again), both in :func:`_printed_form`."""
    try:
        word = read_word(docx)
    except PackageError:
        return False
    if word is None:
        return False
    body = word.lines if word.body < 0 else word.lines[: word.body]
    extra = word.lines[len(body) :]
    page_lines = frozenset(
        page_line(unicodedata.normalize("NFKC", line.translate(_INVISIBLE)).strip())
        for line in extra
    )
    return _printed_form(body, page_lines) == _printed_form(pdf_lines, page_lines)


def _is_record_of(path: Path, traject_id: str) -> bool:
    """True for a traject.json an earlier version of the tool wrote (no ledger yet): a
    JSON object of the same trajectory. It holds no signature; it is replaced."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("traject_id") == traject_id
