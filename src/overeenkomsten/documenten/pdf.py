"""From .docx to PDF with LibreOffice, many documents per LibreOffice start.

Starting LibreOffice costs about 1.4 s; converting a document in a running one about
0.1-0.2 s (domein.md section 8). So :meth:`PdfConverter.convert` hands all documents of a
batch to one ``soffice --convert-to pdf`` call. Each converter has its own LibreOffice
profile (``-env:UserInstallation``): two LibreOffice processes on one profile fail
silently, so parallel workers must each have their own converter.

LibreOffice does not copy a .docx's custom properties into the PDF, so afterwards the PDF's
document information gets them (the Kenmerken facts and the record hash) with pypdf, and
the PDF is written beside its .docx atomically.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from multiprocessing.util import Finalize
from pathlib import Path
from types import TracebackType

from pypdf import PdfReader, PdfWriter

from overeenkomsten._getallen import aantal
from overeenkomsten.bestanden import atomic_path
from overeenkomsten.documenten._modes import as_file
from overeenkomsten.documenten.metadata import read_custom_properties
from overeenkomsten.errors import ConversionError

START_TIMEOUT = 90.0  # seconds for LibreOffice to start (a fresh profile takes longest)
PER_DOCUMENT_TIMEOUT = 15.0
WORK_PREFIX = "overeenkomsten-pdf-"
_OWNER = "eigenaar"  # in a work folder: the pid of its process, and of its LibreOffice


def find_soffice(soffice: str | None = None) -> str:
    """The LibreOffice program; a Dutch :class:`ConversionError` when it is missing."""
    candidates = [soffice] if soffice else ["soffice", "libreoffice"]
    for candidate in candidates:
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    raise ConversionError(
        "LibreOffice (soffice) is niet gevonden, en dat is nodig om PDF's te maken. "
        "Installeer het met 'make setup' (of scripts/setup.sh), of maak alleen Word-bestanden "
        "met --geen-pdf.",
        code="libreoffice-ontbreekt",
    )


class PdfConverter:
    """Converts .docx files to PDF with one LibreOffice start per batch.

    Use one converter per worker (process or thread): it owns a private LibreOffice
    profile, removed by :meth:`close`.
    """

    def __init__(
        self,
        soffice: str | None = None,
        *,
        werkmap: Path | None = None,
        start_timeout: float = START_TIMEOUT,
        per_document_timeout: float = PER_DOCUMENT_TIMEOUT,
    ) -> None:
        self.soffice = find_soffice(soffice)
        self.start_timeout = start_timeout
        self.per_document_timeout = per_document_timeout
        # The copies of the documents hold personal data: the engine keeps them inside the
        # output folder (``werkmap``), so that a killed run leaves nothing in $TMPDIR.
        # LibreOffice itself needs a usable temporary folder: without one, say so now (the
        # command line names TMPDIR) rather than after a conversion that cannot succeed.
        system_tmp = Path(tempfile.gettempdir())
        werkmap = system_tmp if werkmap is None else werkmap
        remove_stale_work(werkmap)
        self._work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=werkmap)).resolve()
        self._profile = self._work / "profiel"
        self._runs = 0
        self._mark()
        # Also when the converter is dropped or its process ends without close(), a
        # multiprocessing worker included (those skip atexit): no profiles left in /tmp.
        self._cleanup = Finalize(
            self, shutil.rmtree, args=(str(self._work),), kwargs={"ignore_errors": True},
            exitpriority=0,
        )  # fmt: skip

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._cleanup()

    def _mark(self, soffice: int | None = None) -> None:
        """Record who uses the work folder, for :func:`remove_stale_work` after a crash."""
        owner = f"{os.getpid()} {soffice}" if soffice is not None else str(os.getpid())
        (self._work / _OWNER).write_text(owner, encoding="ascii")

    def convert(self, documents: Sequence[Path]) -> list[Path]:
        """Convert every .docx to a PDF beside it (same name, ``.pdf``); return the PDFs.

        One LibreOffice run for all; documents that did not come out (a timeout, a crash)
        get one retry in a fresh run. Raises :class:`ConversionError` when some still fail.
        """
        if not documents:
            return []
        self._runs += 1
        batch = self._work / f"batch-{self._runs}"
        inbox, outbox = batch / "in", batch / "uit"
        inbox.mkdir(parents=True)
        outbox.mkdir()
        try:
            # Copies with numbered names: documents from different folders may share a name.
            staged = []
            for index, document in enumerate(documents):
                name = f"{index:06d}.docx"
                shutil.copyfile(document, inbox / name)
                staged.append(name)
            missing = self._run(staged, inbox, outbox)
            if missing:
                self._profile = self._work / f"profiel-{self._runs}-opnieuw"
                missing = self._run(missing, inbox, outbox)
            if missing:
                names = ", ".join(documents[int(name[:6])].name for name in missing[:5])
                more = f" en nog {len(missing) - 5}" if len(missing) > 5 else ""
                raise ConversionError(
                    f"LibreOffice kon {aantal(len(missing), 'document')} niet naar PDF "
                    f"omzetten, ook niet bij een tweede poging: {names}{more}.",
                    code="pdf-conversie-mislukt",
                )
            results = []
            for index, document in enumerate(documents):
                target = document.with_suffix(".pdf")
                _finish_pdf(outbox / f"{index:06d}.pdf", document, target)
                results.append(target)
            return results
        finally:
            shutil.rmtree(batch, ignore_errors=True)

    def _run(self, names: Sequence[str], inbox: Path, outbox: Path) -> list[str]:
        """One LibreOffice run over ``names``; the names whose PDF did not appear."""
        command = [
            self.soffice,
            f"-env:UserInstallation={self._profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outbox),
            *names,
        ]
        timeout = self.start_timeout + self.per_document_timeout * len(names)
        scratch = self._work / "tmp"  # LibreOffice's own temporary files: removed with _work
        scratch.mkdir(exist_ok=True)
        process = subprocess.Popen(
            command,
            cwd=inbox,
            env={**os.environ, "TMPDIR": str(scratch)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # so that a timeout can stop soffice.bin as well
        )
        self._mark(process.pid)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
        else:
            _kill_group(process)  # a stray child would keep the profile locked
        self._mark()
        return [name for name in names if not _nonempty(outbox / name.replace(".docx", ".pdf"))]


def remove_stale_work(tmp: Path) -> None:
    """Remove the work folders (profile, copies) of converters whose process is gone.

    A converter removes its folder when it closes, but not when its process is killed
    (SIGKILL, out of memory, power cut); its LibreOffice may even still be converting.
    Folders of a live process, and folders without an owner record (being created, or not
    made by this module), are left alone.
    """
    for work in tmp.glob(f"{WORK_PREFIX}*"):
        try:
            pids = [int(pid) for pid in (work / _OWNER).read_text(encoding="ascii").split()]
        except (OSError, ValueError):
            continue
        if not pids or _alive(pids[0]):
            continue
        if len(pids) > 1:
            _kill_processes_using(work)
        shutil.rmtree(work, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _kill_processes_using(work: Path) -> None:
    """Stop the LibreOffice processes whose command line names ``work`` (its profile and
    output folder are in there). Without /proc (macOS) they end by themselves."""
    needle = str(work).encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _finish_pdf(converted: Path, docx: Path, target: Path) -> None:
    """Copy the .docx's custom properties into the PDF's metadata; write it atomically."""
    properties = read_custom_properties(docx)
    writer = PdfWriter(clone_from=PdfReader(converted))
    if properties:
        writer.add_metadata({f"/{name}": value for name, value in properties.items()})
    with atomic_path(target) as tmp:
        with tmp.open("wb") as handle:
            writer.write(handle)
        as_file(tmp)
