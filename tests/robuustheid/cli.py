"""Run the real command line in a subprocess, with a memory cap and a time limit.

Every hostile input must end in a clear Dutch message and a contract exit code, without a
traceback, within bounded time and memory. :func:`run_cli` starts ``python -m
overeenkomsten`` with an address-space limit (``RLIMIT_AS``), kills its whole process group
when the time limit passes, and measures the peak resident memory of the command (and of
the children it waited for, LibreOffice included) with ``wait4``.
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


def run_cli(
    *args: str | Path,
    timeout: float = TIME_LIMIT,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> CliRun:
    """Run ``python -m overeenkomsten ARGS`` and return what happened (never raises)."""
    command = [sys.executable, "-m", "overeenkomsten", *(str(a) for a in args)]
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
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
        return CliRun(
            args=tuple(str(a) for a in args),
            code=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            max_rss_mb=usage.ru_maxrss / 1024,
            timed_out=killed.is_set(),
        )


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
