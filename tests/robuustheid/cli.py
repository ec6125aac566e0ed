"""Run the real command line in a subprocess, with a memory cap and a time limit.

Every hostile input must end in a clear Dutch message and a contract exit code, without a
traceback, within bounded time and memory. :func:`run_cli` starts ``python -m
overeenkomsten`` with an address-space limit (``RLIMIT_AS``, inherited by LibreOffice),
kills its whole process group when the time limit passes, and measures the command's peak
resident memory: the largest of the command's own (``VmHWM`` in ``/proc/self/status``,
read by the command at exit) and of each process it started and waited for (LibreOffice,
workers). The command's ``ru_maxrss`` seen from here would also count the memory of the
test process it was forked from.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

#: Generous caps: a hang or a blow-up fails, machine noise does not.
TIME_LIMIT = 30.0
ADDRESS_SPACE = 1536 * 1024 * 1024
RSS_LIMIT_MB = 500.0
#: Python (pyHanko, pypdf, openpyxl imported) alone reserves far more address space than it
#: uses; LibreOffice is started by the command and inherits the cap.


@dataclass(frozen=True)
class CliRun:
    """The outcome of one command: exit code, output, wall time and peak memory."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (
            f"overeenkomsten {' '.join(a[:80] for a in self.args)}: exit {self.code}, "
            f"{self.seconds:.1f} s, {self.max_rss_mb:.0f} MB\n"
            f"--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}"
        )


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


#: ``python -m overeenkomsten``, writing its own peak memory (kB) to a file when it ends.
_WRAPPER = """
import atexit, os, resource, runpy, sys

def peak():
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # LibreOffice, workers
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                with open(os.environ["OVEREENKOMSTEN_TEST_PIEK"], "w") as out:
                    out.write(str(max(int(line.split()[1]), children)))

atexit.register(peak)
sys.argv[0] = "overeenkomsten"
runpy.run_module("overeenkomsten", run_name="__main__", alter_sys=True)
"""


def run_cli(
    *args: str | Path,
    timeout: float = TIME_LIMIT,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> CliRun:
    """Run ``python -m overeenkomsten ARGS`` and return what happened (never raises)."""
    command = [sys.executable, "-c", _WRAPPER, *(str(a) for a in args)]
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile() as peak,
    ):
        environment = {**os.environ, **(env or {}), "OVEREENKOMSTEN_TEST_PIEK": peak.name}
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=environment,
            preexec_fn=_limit_memory,
            start_new_session=True,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        measured = Path(peak.name).read_text().strip()
        run = CliRun(
            args=tuple(str(a) for a in args),
            code=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            max_rss_mb=int(measured) / 1024 if measured else usage.ru_maxrss / 1024,
            timed_out=killed.is_set(),
        )
    log = os.environ.get("OVEREENKOMSTEN_TEST_METINGEN")  # a file: one line per command
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            shown = " ".join(Path(a).name if "/" in a else a[:40] for a in run.args)
            handle.write(f"{shown}\t{run.code}\t{run.seconds:.1f}\t{run.max_rss_mb:.0f}\n")
    return run


def run_many(commands: Mapping[str, Sequence[str | Path]], workers: int = 3) -> dict[str, CliRun]:
    """Several independent commands at once (most of each is Python's start-up)."""
    with ThreadPoolExecutor(workers) as pool:
        futures = {name: pool.submit(run_cli, *args) for name, args in commands.items()}
        return {name: future.result() for name, future in futures.items()}


def assert_clean(run: CliRun, code: int, *fragments: str) -> None:
    """Exit ``code``, every Dutch ``fragment`` in the output, no traceback, within the caps."""
    assert not run.timed_out, f"hangt (> {TIME_LIMIT:.0f} s): {run.describe()}"
    assert run.code == code, run.describe()
    assert "Traceback" not in run.output, run.describe()
    assert "onverwachts" not in run.output, run.describe()
    assert run.max_rss_mb < RSS_LIMIT_MB, run.describe()
    text = " ".join(run.output.split())  # the console wraps long messages
    for fragment in fragments:
        assert " ".join(fragment.split()) in text, f"{fragment!r} ontbreekt: {run.describe()}"
