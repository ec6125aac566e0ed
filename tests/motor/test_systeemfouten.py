"""Operating-system failures in the engine: what was made is still reported, every file
that exists is whole, nothing with personal data is left in ``$TMPDIR``, and workers
die with the batch.

The Dutch sentence for each error is the command line's (tests/cli/test_systeemfouten.py);
here the engine's side: a full disk half-way, the intake removed while a run goes on,
``kill -9`` of a batch with workers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten import api
from tests.batch.helpers import records, write_intake
from tests.cli.systeem import assert_dutch_failure, run, tmpfs


def _whole(uit: Path) -> None:
    """Every document present is a complete package; no temporary file outside the tool's
    own ``.overeenkomsten/tmp``."""
    for path in uit.rglob("*"):
        if ".overeenkomsten" in path.parts:
            continue
        assert not path.name.endswith(".tmp"), path
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                assert package.testzip() is None


def test_full_disk_halfway_reports_what_was_made(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    intake = write_intake(tmp_path / "intake.xlsx", records(record_data, 100))
    with tmpfs(tmp_path / "klein", "size=5m") as disk:  # a set is about 80 KB
        result = run("batch", intake, "--uit", disk / "uit", "--geen-pdf", "--werkers", "1")
        assert_dutch_failure(result, str(disk / "uit"))
        assert "Voor de fout waren" in result.output
        assert "Elk bestand" in result.output
        made = [p for p in (disk / "uit").iterdir() if p.name.startswith("RMT-B")]
        assert made, "the disk should have held a few sets"
        _whole(disk / "uit")
        genereer = run("genereer", intake, "--uit", disk / "gen", "--geen-pdf")
        assert_dutch_failure(genereer, str(disk))


def test_intake_removed_during_the_run_is_made_from_what_was_read(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    intake = write_intake(tmp_path / "intake.xlsx", records(record_data, 4))

    def remove_it(done: int, total: int) -> None:
        intake.unlink(missing_ok=True)

    result = api.batch(intake, tmp_path / "uit", pdf=False, werkers=1, voortgang=remove_it)
    assert not intake.exists()
    assert result.totalen["gemaakt"] == 4


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_kill_9_of_a_batch_stops_its_workers_and_leaves_no_personal_data_in_tmpdir(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    intake = write_intake(tmp_path / "intake.xlsx", records(record_data, 400))
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    uit = tmp_path / "uit"
    process = subprocess.Popen(
        [sys.executable, "-m", "overeenkomsten", "batch", str(intake), "--uit", str(uit),
         "--geen-pdf", "--werkers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(tmpdir)},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if uit.is_dir() and sum(1 for p in uit.glob("RMT-B-*")) >= 3:
            break
        time.sleep(0.05)
    workers = _children(process.pid)
    assert workers, "the batch should have started its workers"
    os.kill(process.pid, signal.SIGKILL)  # the parent only: its workers must follow
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()]
    alive = [w for w in alive if " Z " not in Path(f"/proc/{w}/stat").read_text()]
    assert not alive, "workers outlived their batch"
    counted = sum(1 for _ in uit.rglob("*"))
    time.sleep(1.0)
    assert sum(1 for _ in uit.rglob("*")) == counted, "something still writes"
    name = "Yılmaz-".encode()
    for path in tmpdir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert name not in data, path
            assert not data.startswith(b"PK"), path
    _whole(uit)
    again = api.batch(intake, uit, pdf=False, werkers=2)
    assert again.totalen["fout"] == 0
