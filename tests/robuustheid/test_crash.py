"""Crash safety: a batch killed with SIGKILL at random moments, once while LibreOffice is
converting, then run again, ends as a clean run does; no LibreOffice process and no
temporary profile of these runs is left behind.

Every run gets its own temporary folder (``TMPDIR``), so that only what these runs made is
looked at, never other tests' or other users' LibreOffice.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.robuustheid.cli import assert_clean, run_cli

STATE = {".overeenkomsten"}  # keyed per output folder, by design; the tool's temporaries
DATES = {"/CreationDate", "/ModDate"}  # LibreOffice stamps the time (domein.md section 8)


def _work_root(uit: Path) -> Path:
    """Where a run keeps LibreOffice's work folders: inside the output folder, never in
    $TMPDIR (they hold copies of the documents)."""
    return uit / ".overeenkomsten" / "tmp"


def _our_processes(tmp: Path) -> list[str]:
    """Command lines of running processes that use ``tmp`` (LibreOffice's profile is there)."""
    found = []
    needle = str(tmp).encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if needle in command and int(entry.name) != os.getpid():
            found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found


def _libreoffice_of_this_run(tmp: Path, earlier: set[Path]) -> bool:
    """A LibreOffice of the run being watched is converting: one whose work folder is new
    (one from an earlier, killed run may still be running)."""
    new = set(tmp.glob("overeenkomsten-pdf-*")) - earlier
    return any(
        str(work) in command and ("soffice" in command or "oosplash" in command)
        for command in _our_processes(tmp)
        for work in new
    )


def _complete_sets(uit: Path) -> int:
    return sum(1 for p in uit.glob("*/traject.json") if not p.parent.name.startswith("."))


def _killed_run(
    intake: Path, uit: Path, tmp: Path, moment: Callable[[float], bool], limit: float = 60
) -> float:
    """Start a batch with PDFs and SIGKILL its process group when ``moment(elapsed)`` says
    so (or when it has finished by itself); returns when it was killed."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "overeenkomsten", "batch", str(intake), "--uit", str(uit),
         "--werkers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )  # fmt: skip
    while process.poll() is None and time.monotonic() - started < limit:
        if moment(time.monotonic() - started):
            break
        time.sleep(0.005)
    elapsed = time.monotonic() - started
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return elapsed


def _pdf(path: Path) -> tuple[Any, ...]:
    reader = PdfReader(path)
    metadata = {k: str(v) for k, v in (reader.metadata or {}).items() if k not in DATES}
    return tuple(page.extract_text() for page in reader.pages), tuple(sorted(metadata.items()))


def _tree(uit: Path) -> dict[str, Any]:
    """What a run leaves, comparable between runs: .docx as bytes, PDFs by text and
    metadata without dates, the summary without the made/unchanged difference."""
    found: dict[str, Any] = {}
    for path in sorted(uit.rglob("*")):
        relative = path.relative_to(uit)
        if not path.is_file() or STATE & set(relative.parts):
            continue
        if path.suffix == ".pdf":
            found[str(relative)] = _pdf(path)
        elif path.name == "samenvatting.json":
            summary = json.loads(path.read_text("utf-8"))
            for row in summary["rijen"]:
                row["status"] = "klaar" if row["status"] != "fout" else "fout"
                row["bestanden"] = sorted(row["bestanden"])
            summary.pop("totalen")
            found[str(relative)] = summary
        elif path.name == "samenvatting.csv":
            found[str(relative)] = len(path.read_text("utf-8-sig").splitlines())
        else:
            found[str(relative)] = path.read_bytes()
    return found


def _whole(uit: Path) -> None:
    """Whatever a killed run left visible is complete: sets are updated file by file in
    place (domein.md section 7), and each file appears whole or not at all."""
    if not uit.exists():  # killed before it got that far
        return
    for folder in uit.iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            for path in folder.iterdir():
                if path.suffix == ".docx":
                    with zipfile.ZipFile(path) as package:
                        assert package.testzip() is None, path
                elif path.suffix == ".pdf":
                    assert len(PdfReader(path).pages) > 0, path
                elif path.name == "traject.json":
                    json.loads(path.read_text("utf-8"))


@pytest.mark.libreoffice
def test_killed_batch_resumes_to_a_clean_result(
    soffice: str, goed_werkboek: Path, tmp_path: Path
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    clean = run_cli("batch", goed_werkboek, "--uit", tmp_path / "schoon", "--werkers", "1",
                    env={"TMPDIR": str(tmp)}, timeout=120)  # fmt: skip
    assert_clean(clean, 0, "4 rijen: 4 gemaakt")
    duration = clean.seconds
    seed = random.randrange(1_000_000)
    chance = random.Random(seed)
    uit = tmp_path / "afgebroken"
    seen: dict[str, float] = {}
    earlier: set[Path] = set()  # LibreOffice work folders of the runs before this one
    done_before = 0  # complete sets before this run

    def early(elapsed: float) -> bool:  # reading the intake, rendering, or starting up
        return elapsed >= seen.setdefault("vroeg", chance.uniform(0.1, 0.5) * duration)

    def during_libreoffice(elapsed: float) -> bool:
        if "libreoffice" not in seen and _libreoffice_of_this_run(_work_root(uit), earlier):
            seen["libreoffice"] = elapsed + chance.uniform(0.1, 0.8)
        return "libreoffice" in seen and elapsed >= seen["libreoffice"]

    def late(elapsed: float) -> bool:  # sets in place; the summary follows ~60 ms later
        if "laat" not in seen and _complete_sets(uit) > done_before:
            seen["laat"] = elapsed + chance.uniform(0.0, 0.03)
        return "laat" in seen and elapsed >= seen["laat"]

    history = []
    for name, moment in [("vroeg", early), ("tijdens LibreOffice", during_libreoffice),
                         ("laat", late)]:  # fmt: skip
        earlier = set(_work_root(uit).glob("overeenkomsten-pdf-*"))
        done_before = _complete_sets(uit) if uit.exists() else 0
        killed_at = _killed_run(goed_werkboek, uit, tmp, moment)
        _whole(uit)
        summary = (uit / "samenvatting.json").exists()
        history.append(
            f"{name}: na {killed_at:.1f} s, {_complete_sets(uit) if uit.exists() else 0} sets "
            f"klaar{', met samenvatting' if summary else ''}"
        )
    assert "libreoffice" in seen, f"LibreOffice never ran (seed {seed}, {history})"
    rerun = run_cli("batch", goed_werkboek, "--uit", uit, "--werkers", "1",
                    env={"TMPDIR": str(tmp)}, timeout=120)  # fmt: skip
    assert_clean(rerun, 0, "4 rijen:")
    context = f"seed {seed}, schone run {duration:.1f} s, afgebroken: {history}"
    print(context)  # shown with -s, and with the failure
    assert _tree(uit) == _tree(tmp_path / "schoon"), context
    assert _our_processes(uit) == [], context
    assert list(_work_root(uit).glob("overeenkomsten-pdf-*")) == [], context
    assert list(tmp.iterdir()) == [], context  # nothing with personal data in $TMPDIR
