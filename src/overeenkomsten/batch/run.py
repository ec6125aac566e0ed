"""The RMT back office's batch: every valid row its document set, every bad row reported.

The batch is policy around the engine (:class:`~overeenkomsten.motor.sets.SetMaker`, the
same one ``genereer`` uses): which rows to make (the one validation of the intake; a
trajectory with a problem on any sheet is not made), a keyed fingerprint so that a rerun
skips what did not change, worker processes that each hold an engine with its own
LibreOffice, one run lock on the output folder, and the reports. Rows stream from the
intake; nothing of one row depends on another, so a bad row never costs a good one, and
the output does not depend on the number of workers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from overeenkomsten.batch.samenvatting import SummaryRow, SummaryStore, read_summary
from overeenkomsten.batch.vingerafdruk import (
    fingerprint,
    load_key,
    store_fingerprint,
    stored_fingerprint,
)
from overeenkomsten.errors import OvereenkomstenError, Problem, TemplateError
from overeenkomsten.instellingen import Settings
from overeenkomsten.intake import IntakeRij, open_intake
from overeenkomsten.intake.foutenrapport import ReportRow, write_intake_error_report
from overeenkomsten.intake.kolommen import TRAJECT_KOLOMMEN, match_headers
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import documents_to_make
from overeenkomsten.motor.sets import SetMaker, SetUitkomst
from overeenkomsten.motor.uitvoer import output_folder
from overeenkomsten.paden import safe_name
from overeenkomsten.trajectmap.boekhouding import STATE_DIR, Boekhouding
from overeenkomsten.trajectmap.versies import document_versions

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
    nieuwe_versies: list[str] = field(default_factory=list)

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
    vingerafdruk: str
    uitkomst: SetUitkomst


def run_batch(
    intake: Path,
    uit: Path,
    settings: Settings,
    *,
    pdf: bool = True,
    werkers: int | None = None,
    opnieuw: bool = False,
    voortgang: Progress | None = None,
    klaar: Callable[[SummaryRow], None] | None = None,
    chunk: int | None = None,
) -> BatchResult:
    """Validate every row of ``intake`` and write the set of every valid row under ``uit``.

    Raises :class:`InputError` (and friends) only when the batch cannot run at all: an
    unreadable intake, a broken template folder, LibreOffice missing when PDFs are asked,
    ``uit`` a file, or another run on the same output folder; an ``OSError`` (a full
    disk, no permission) with its path, after the summary of the rows done so far has
    been written (as far as the disk allows). ``klaar`` is called with each row's outcome
    as soon as it is known, so that a caller can say what was done before a failure.
    """
    werkers = max(1, werkers or os.cpu_count() or 1)
    settings.check_templates()  # exit 2 before anything is written
    if pdf:
        settings.libreoffice()  # exit 2 before any work when LibreOffice is missing
    stream = open_intake(intake, settings.register)
    with output_folder(uit, opdracht="batch"):
        key = load_key(uit)
        rows = SummaryStore(uit / STATE_DIR)
        invalid: list[ReportRow] = []
        nieuw: list[str] = []
        # A LibreOffice start costs ~1.5 s: with PDFs each worker gets as few, large groups
        # as the rows allow (at most 25 trajectories, so that memory and latency stay small).
        size = chunk or (min(25, max(1, -(-stream.aantal // werkers))) if pdf else 25)
        total = stream.aantal
        done = 0
        callbacks = _callbacks(voortgang, klaar)
        # folder name (case folded) -> (row, traject_id) that has it; small, for 10,000 rows
        folders: dict[str, tuple[int | None, str]] = {}
        id_kolom = match_headers(stream.kolommen, TRAJECT_KOLOMMEN).getypt.get("traject_id")

        def finish(row_key: int, row: SummaryRow) -> None:
            nonlocal done
            rows.add(row_key, row)
            done += 1
            for callback in callbacks:
                callback(row, done, total)

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
                mark = fingerprint(key, item.traject, settings.sjablonen_digest, pdf=pdf)
                if not opnieuw and _unchanged(uit, item.traject, mark, pdf=pdf):
                    finish(row_key, _unchanged_row(uit, item))
                    continue
                yield row_key, _Job(item.rij, item.traject, mark)

        try:
            for row_key, outcome in _generate(jobs(), uit, settings, pdf, werkers, size):
                made = outcome.uitkomst
                if made.gemaakt and made.map is not None:
                    store_fingerprint(made.map, outcome.vingerafdruk)
                nieuw.extend(made.nieuwe_versies)
                finish(row_key, _made_row(outcome))
        finally:
            # Also after a failure (a full disk): the rows done so far are summarised.
            with contextlib.suppress(OSError):
                rows.write(uit)
            rows.close()
        report = _write_report(uit, stream.kolommen, invalid, stream.bestandsproblemen)
    return BatchResult(
        uit, rows.totalen, rows.fout_rijen, list(stream.bestandsproblemen), report, nieuw
    )


def _callbacks(
    voortgang: Progress | None, klaar: Callable[[SummaryRow], None] | None
) -> list[Callable[[SummaryRow, int, int], None]]:
    callbacks: list[Callable[[SummaryRow, int, int], None]] = []
    if klaar is not None:
        callbacks.append(lambda row, _done, _total: klaar(row))
    if voortgang is not None:
        callbacks.append(lambda _row, done, total: voortgang(done, total))
    return callbacks


def _generate(
    jobs: Iterator[tuple[int, _Job]],
    uit: Path,
    settings: Settings,
    pdf: bool,
    werkers: int,
    size: int,
) -> Iterator[tuple[int, _Outcome]]:
    """Generate chunks of jobs, in this process or in ``werkers`` processes."""
    chunks = _chunks(jobs, size)
    if werkers == 1:
        _init_worker(settings, uit, pdf, None)
        try:
            for keys, batch in chunks:
                yield from zip(keys, _work(batch), strict=True)
        finally:
            _close_worker()
        return
    context = get_context("spawn")  # no fork of a threaded parent; each worker starts clean
    with ProcessPoolExecutor(
        werkers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings, uit, pdf, os.getpid()),
    ) as pool:
        pending: dict[Future[list[_Outcome]], list[int]] = {}
        for keys, batch in chunks:
            pending[pool.submit(_work, batch)] = keys
            if len(pending) >= 2 * werkers:  # bounded: memory stays flat for any row count
                yield from _collect(pending)
        while pending:
            yield from _collect(pending)


def _collect(pending: dict[Future[list[_Outcome]], list[int]]) -> Iterator[tuple[int, _Outcome]]:
    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
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


_MAKER: SetMaker | None = None


def _init_worker(settings: Settings, uit: Path, pdf: bool, parent: int | None) -> None:
    global _MAKER
    if parent is not None:
        die_with_parent(parent)
    _MAKER = SetMaker(settings, uit, pdf=pdf)


def _close_worker() -> None:
    global _MAKER
    if _MAKER is not None:
        _MAKER.close()
        _MAKER = None


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the batch process dies (also on ``kill -9``):
    a worker must never go on writing without the run lock its parent held."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _work(jobs: list[_Job]) -> list[_Outcome]:
    """Make one chunk; a chunk that fails as a whole (a document LibreOffice cannot
    convert) is retried row by row, so that one row never costs the others.

    A template that cannot be rendered (over its time or size limits, a broken tag) is
    not a problem of a row: it stops the batch with exit 2, as it stops ``genereer``
    (unusable setup, domein.md section 11); the rows done so far stay summarised."""
    assert _MAKER is not None
    try:
        made = _MAKER.make([job.traject for job in jobs])
    except TemplateError:
        raise
    except OvereenkomstenError as exc:
        if len(jobs) == 1:
            uitkomst = SetUitkomst(jobs[0].traject.traject_id, None, fouten=[str(exc)])
            return [_Outcome(jobs[0].rij, jobs[0].vingerafdruk, uitkomst)]
        return [outcome for job in jobs for outcome in _work([job])]
    return [
        _Outcome(job.rij, job.vingerafdruk, uitkomst)
        for job, uitkomst in zip(jobs, made, strict=True)
    ]


def _unchanged(uit: Path, traject: Traject, mark: str, *, pdf: bool) -> bool:
    """Made before from the same record and templates, and every document still there."""
    folder = uit / safe_name(traject.traject_id)
    if folder.is_symlink() or stored_fingerprint(folder) != mark:
        return False
    versions = document_versions(folder, traject.traject_id)
    for document in documents_to_make(traject):
        newest = versions.get(document)
        if not newest or newest[0].docx is None or (pdf and newest[0].pdf is None):
            return False
    return True


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
    folder = uit / safe_name(item.traject.traject_id)
    files = sorted(
        f"{folder.name}/{p.name}" for p in folder.iterdir() if not p.name.startswith(".")
    )
    return SummaryRow(
        item.rij, item.traject_id, "ongewijzigd", files, [], _messages(item.waarschuwingen)
    )


def _made_row(outcome: _Outcome) -> SummaryRow:
    made = outcome.uitkomst
    folder = made.map.name if made.map is not None else ""
    return SummaryRow(
        outcome.rij,
        made.traject_id,
        "fout" if made.fouten else "gemaakt",
        [f"{folder}/{p.name}" for p in made.bestanden],
        list(made.fouten),
        list(made.waarschuwingen),
        [f"{folder}/{naam}" for naam in made.nieuwe_versies],
    )


def _write_report(
    uit: Path, kolommen: list[str], invalid: list[ReportRow], overige: list[Problem]
) -> Path | None:
    """The foutenrapport; an old one of ours is removed when every row is fine now. One the
    user made or changed is never touched: the new report then gets a free name."""
    boekhouding = Boekhouding(uit)
    path = uit / ERROR_REPORT
    if not invalid and not any(p.ernst == "fout" for p in overige):
        if boekhouding.is_ours(path):
            path.unlink()
        return None
    number = 1
    while not boekhouding.may_replace(path):
        number += 1
        path = uit / f"foutenrapport-{number}.xlsx"
    with boekhouding.staged(path.name) as tmp:
        write_intake_error_report(tmp, kolommen, invalid, overige)
    boekhouding.save()
    return path
