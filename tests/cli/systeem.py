"""Real operating-system failures for command-line tests: read-only and full file systems
(tmpfs mounts), denied access, locked (immutable) files.

Root ignores permission bits, so :func:`without_override` runs a command as root without
the capabilities that bypass them (``setpriv``), and :func:`lock` marks a file immutable
(``chattr +i``, which binds root too). Where the machine does not allow mounts or these
tools, the test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 120


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return " ".join((self.stdout + self.stderr).split())  # the console wraps lines


def run(
    *args: str | Path,
    prefix: Sequence[str] = (),
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Run:
    """``python -m overeenkomsten ARGS``, optionally behind ``prefix`` (setpriv, unshare)."""
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "overeenkomsten", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def assert_dutch_failure(result: Run, *fragments: str) -> None:
    """Exit 2, the fragments, and none of the signs of an unmapped error."""
    assert result.code == 2, result
    for fragment in fragments:
        assert fragment in result.output, (fragment, result)
    for english in ("Traceback", "onverwachts", "Errno", "denied", "No space", "Read-only"):
        assert english not in result.output, (english, result)


@contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted at ``folder`` with ``options`` (``ro``, ``size=64k``)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount van een tmpfs is hier niet toegestaan: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def without_override() -> list[str]:
    """A command prefix under which permission bits apply (also when running as root)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root negeert bestandsrechten en setpriv ontbreekt om dat uit te zetten")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


@contextmanager
def lock(path: Path) -> Iterator[Path]:
    """``path`` immutable (as a file held open by Excel on Windows): no write, rename or
    delete succeeds, for root too."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is hier niet mogelijk: {done.stderr!r}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)
