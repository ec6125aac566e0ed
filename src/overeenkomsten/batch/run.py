"""The RMT back office's batch: every valid row its document set, every bad row reported.

Rows stream from the intake (constant memory per row). Valid rows go, in chunks, to worker
processes that each hold compiled templates and their own LibreOffice profile; a chunk's
PDFs are converted in one LibreOffice run. Each trajectory's folder appears whole or not at
all (:mod:`overeenkomsten.documenten.genereer`), and a keyed fingerprint beside it lets a
rerun skip what did not change. Nothing of one row depends on another, so a bad row never
costs a good one, and the output does not depend on the number of workers.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import IO

from overeenkomsten.batch.samenvatting import SummaryRow, SummaryStore, read_summary
from overeenkomsten.batch.vingerafdruk import (
    STATE_DIR,
    fingerprint,
    load_key,
    store_fingerprint,
    stored_fingerprint,
    templates_digest,
)
from overeenkomsten.controle import check_documents
from overeenkomsten.documenten.genereer import DocumentGenerator
from overeenkomsten.documenten.render import default_template_dir
from overeenkomsten.errors import InputError, OvereenkomstenError, Problem
from overeenkomsten.intake import IntakeRij, open_intake
from overeenkomsten.intake.foutenrapport import ReportRow, write_error_report
from overeenkomsten.intake.kolommen import TRAJECT_KOLOMMEN, match_headers
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import documents_for
from overeenkomsten.paden import document_filename, safe_name, traject_folder
from overeenkomsten.register import KwalificatieRegister

ERROR_REPORT = "foutenrapport.xlsx"
Progress = Callable[[int, int], None]


@dataclass
class BatchResult:
    """What a batch did: the totals, the rows with errors, and where the reports are.

    All rows are in ``uit/samenvatting.json`` (:meth:`rijen` reads them): a batch does not
    hold every row in memory.
    """

    uit: Path
    totalen: dict[str, int]
    fout_rijen: list[SummaryRow]
    bestandsproblemen: list[Problem] = field(default_factory=list)
    foutenrapport: Path | None = None

    def rijen(self) -> list[SummaryRow]:
        """Every row's outcome, in input order, as written to the summary."""
        return read_summary(self.uit)


@dataclass(frozen=True)
class _Job:
    rij: int | None
    traject: Traject
    vingerafdruk: str


@dataclass(frozen=True)
class _Outcome:
    rij: int | None
    traject_id: str
    vingerafdruk: str
    map: Path | None
    bestanden: list[str]
    fouten: list[str]
    waarschuwingen: list[str]


def run_batch(
    intake: Path,
    uit: Path,
    *,
    pdf: bool = True,
    werkers: int | None = None,
    opnieuw: bool = False,
    sjablonen: Path | None = None,
    register: KwalificatieRegister | None = None,
    voortgang: Progress | None = None,
    chunk: int | None = None,
) -> BatchResult:
    """Validate every row of ``intake`` and write the set of every valid row under ``uit``.

    Raises :class:`InputError` (and friends) only when the batch cannot run at all: an
    unreadable intake, a broken template folder, LibreOffice missing when PDFs are asked,
    or another batch running on the same output folder.
    """
    werkers = max(1, werkers or os.cpu_count() or 1)
    stream = open_intake(intake, register)
    # Fail before any work when templates or LibreOffice are unusable (exit 2, nothing half).
    DocumentGenerator(sjablonen, pdf=pdf).close()
    uit.mkdir(parents=True, exist_ok=True)
    with _exclusive(uit):
        _remove_leftovers(uit)
        key = load_key(uit)
        digest = templates_digest((sjablonen or default_template_dir()).glob("*.docx"))
        rows = SummaryStore(uit / STATE_DIR)
        invalid: list[ReportRow] = []
        size = chunk or (8 if pdf else 25)
        total = stream.aantal
        done = 0
        # folder name (case folded) -> (row, traject_id) that has it; small, for 10,000 rows
        folders: dict[str, tuple[int | None, str]] = {}
        id_kolom = match_headers(stream.kolommen, TRAJECT_KOLOMMEN).getypt.get("traject_id")

        def finish(row_key: int, row: SummaryRow) -> None:
            nonlocal done
            rows.add(row_key, row)
            done += 1
            if voortgang is not None:
                voortgang(done, total)

        def jobs() -> Iterator[tuple[int, _Job]]:
            for position, item in enumerate(stream):
                row_key = item.rij if item.rij is not None else position
                if item.traject is not None:
                    this = (item.rij, item.traject.traject_id)
                    owner = folders.setdefault(_folder_key(item.traject), this)
                    if owner != this:
                        item.problemen.append(_folder_clash(item, owner, id_kolom))
                        item.traject = None
                if item.traject is None:
                    invalid.append(ReportRow(item.rij, item.ruwe_waarden, item.fouten))
                    finish(row_key, _failed_row(item))
                    continue
                mark = fingerprint(key, item.traject, digest, pdf=pdf)
                if not opnieuw and _unchanged(uit, item.traject, mark, pdf=pdf):
                    finish(row_key, _unchanged_row(uit, item))
                    continue
                yield row_key, _Job(item.rij, item.traject, mark)

        for row_key, outcome in _generate(jobs(), uit, sjablonen, pdf, werkers, size):
            if outcome.map is not None and not outcome.fouten:
                store_fingerprint(outcome.map, outcome.vingerafdruk)
            finish(row_key, _made_row(outcome))

        rows.write(uit)
        rows.close()
        report = _write_report(uit, stream.kolommen, invalid, stream.bestandsproblemen)
    return BatchResult(uit, rows.totalen, rows.fout_rijen, list(stream.bestandsproblemen), report)


def _generate(
    jobs: Iterator[tuple[int, _Job]],
    uit: Path,
    sjablonen: Path | None,
    pdf: bool,
    werkers: int,
    size: int,
) -> Iterator[tuple[int, _Outcome]]:
    """Generate chunks of jobs, in this process or in ``werkers`` processes."""
    chunks = _chunks(jobs, size)
    if werkers == 1:
        _init_worker(sjablonen, pdf)
        try:
            for keys, batch in chunks:
                yield from zip(keys, _work(batch, uit), strict=True)
        finally:
            _close_worker()
        return
    context = get_context("spawn")  # no fork of a threaded parent; each worker starts clean
    with ProcessPoolExecutor(
        werkers, mp_context=context, initializer=_init_worker, initargs=(sjablonen, pdf)
    ) as pool:
        pending: dict[Future[list[_Outcome]], list[int]] = {}
        for keys, batch in chunks:
            pending[pool.submit(_work, batch, uit)] = keys
            if len(pending) >= 2 * werkers:  # bounded: memory stays flat for any row count
                yield from _collect(pending, FIRST_COMPLETED)
        while pending:
            yield from _collect(pending, FIRST_COMPLETED)


def _collect(
    pending: dict[Future[list[_Outcome]], list[int]], mode: str
) -> Iterator[tuple[int, _Outcome]]:
    finished, _ = wait(pending, return_when=mode)
    for future in finished:
        keys = pending.pop(future)
        yield from zip(keys, future.result(), strict=True)


def _chunks(jobs: Iterator[tuple[int, _Job]], size: int) -> Iterator[tuple[list[int], list[_Job]]]:
    keys: list[int] = []
    batch: list[_Job] = []
    for key, job in jobs:
        keys.append(key)
        batch.append(job)
        if len(batch) == size:
            yield keys, batch
            keys, batch = [], []
    if batch:
        yield keys, batch


_GENERATOR: DocumentGenerator | None = None


def _init_worker(sjablonen: Path | None, pdf: bool) -> None:
    global _GENERATOR
    _GENERATOR = DocumentGenerator(sjablonen, pdf=pdf)


def _close_worker() -> None:
    global _GENERATOR
    if _GENERATOR is not None:
        _GENERATOR.close()
        _GENERATOR = None


def _work(jobs: list[_Job], uit: Path) -> list[_Outcome]:
    """Generate and check one chunk; a failing chunk is retried row by row."""
    assert _GENERATOR is not None
    try:
        sets = _GENERATOR.generate_many([job.traject for job in jobs], uit)
    except OvereenkomstenError:
        if len(jobs) == 1:
            raise
        return [outcome for job in jobs for outcome in _work_one(job, uit)]
    return [_checked(job, s.map, s.bestanden) for job, s in zip(jobs, sets, strict=True)]


def _work_one(job: _Job, uit: Path) -> list[_Outcome]:
    try:
        return _work([job], uit)
    except OvereenkomstenError as exc:
        return [
            _Outcome(job.rij, job.traject.traject_id, job.vingerafdruk, None, [], [str(exc)], [])
        ]


def _checked(job: _Job, folder: Path, files: list[Path]) -> _Outcome:
    """The fresh set must pass the auditor's rules (a failure is a bug in our templates).

    The Word files are checked: the PDFs are converted from exactly those files, and reading
    PDF text back costs about as much as LibreOffice itself. ``controleer`` on the folder
    checks the PDFs.
    """
    rapport = check_documents([p for p in files if p.suffix == ".docx"], traject=job.traject)
    fouten = [f"{b.regel}: {b.bericht}" for b in rapport.bevindingen if b.ernst == "fout"]
    waarschuwingen = [
        f"{b.regel}: {b.bericht}" for b in rapport.bevindingen if b.ernst == "waarschuwing"
    ]
    return _Outcome(
        job.rij,
        job.traject.traject_id,
        job.vingerafdruk,
        folder,
        [f"{folder.name}/{p.name}" for p in files],
        fouten,
        waarschuwingen,
    )


def _unchanged(uit: Path, traject: Traject, mark: str, *, pdf: bool) -> bool:
    folder = traject_folder(uit, traject.traject_id)
    if stored_fingerprint(folder) != mark:
        return False
    suffixes = ("docx", "pdf") if pdf else ("docx",)
    return all(
        (folder / document_filename(traject.traject_id, doc, suffix)).is_file()
        for doc in documents_for(traject)
        for suffix in suffixes
    )


def _folder_key(traject: Traject) -> str:
    """The folder name as a case-insensitive file system (Windows, macOS) compares it."""
    return safe_name(traject.traject_id).casefold()


def _folder_clash(item: IntakeRij, owner: tuple[int | None, str], kolom: str | None) -> Problem:
    """Two ids that would share one folder: the second would overwrite the first."""
    assert item.traject is not None
    owner_rij, owner_id = owner
    waar = f" (rij {owner_rij})" if owner_rij is not None else ""
    return Problem(
        code="traject-map-dubbel",
        bericht=f"Traject-ID '{item.traject.traject_id}' krijgt dezelfde map als traject "
        f"'{owner_id}'{waar}: in mapnamen worden tekens als / \\ : * ? "
        "vervangen en tellen hoofdletters op Windows en macOS niet mee. Geef een van beide "
        "een ander ID.",
        waarde=item.traject.traject_id,
        rij=item.rij,
        kolom=kolom,
        blad="Trajecten" if item.rij is not None else None,
        pad=None if item.rij is not None else "traject_id",
    )


def _messages(problems: list[Problem]) -> list[str]:
    return [f"{p.kolom or p.pad or p.blad}: {p.bericht}" for p in problems]


def _failed_row(item: IntakeRij) -> SummaryRow:
    return SummaryRow(
        item.rij,
        item.traject_id,
        "fout",
        [],
        _messages(item.fouten),
        _messages(item.waarschuwingen),
    )


def _unchanged_row(uit: Path, item: IntakeRij) -> SummaryRow:
    assert item.traject is not None
    folder = traject_folder(uit, item.traject.traject_id)
    files = sorted(
        f"{folder.name}/{p.name}" for p in folder.iterdir() if not p.name.startswith(".")
    )
    return SummaryRow(
        item.rij, item.traject_id, "ongewijzigd", files, [], _messages(item.waarschuwingen)
    )


def _made_row(outcome: _Outcome) -> SummaryRow:
    return SummaryRow(
        outcome.rij,
        outcome.traject_id,
        "fout" if outcome.fouten else "gemaakt",
        outcome.bestanden,
        outcome.fouten,
        outcome.waarschuwingen,
    )


def _write_report(
    uit: Path, kolommen: list[str], invalid: list[ReportRow], overige: list[Problem]
) -> Path | None:
    path = uit / ERROR_REPORT
    if not invalid and not any(p.ernst == "fout" for p in overige):
        path.unlink(missing_ok=True)  # an old report would describe rows that are now fine
        return None
    indeling = match_headers(kolommen, TRAJECT_KOLOMMEN)
    bsn = {indeling.getypt.get("kandidaat.bsn")}
    write_error_report(path, kolommen, invalid, is_bsn_column=lambda h: h in bsn, overige=overige)
    return path


def _remove_leftovers(uit: Path) -> None:
    """Remove what an interrupted run left: temporary folders (their names start with a
    dot) and half-written files (``.<name>.<random>.tmp``, see :mod:`overeenkomsten.bestanden`)
    in the output folder and in each trajectory folder."""
    for entry in uit.iterdir():
        if entry.is_dir() and entry.name.startswith(".") and entry.name != STATE_DIR:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_dir():
            _remove_partial_files(entry)
    _remove_partial_files(uit)


def _remove_partial_files(folder: Path) -> None:
    for entry in folder.glob(".*.tmp"):
        if entry.is_file():
            entry.unlink(missing_ok=True)


@contextlib.contextmanager
def _exclusive(uit: Path) -> Iterator[None]:
    """One batch at a time per output folder; a second one stops with a Dutch message."""
    lock_path = uit / STATE_DIR / "batch.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = lock_path.open("w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                f"Er draait al een batch in de map '{uit}'. Wacht tot die klaar is, of kies "
                "een andere map met --uit.",
                code="batch-bezig",
            ) from None
        yield
    finally:
        handle.close()
