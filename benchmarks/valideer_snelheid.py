"""How much faster is ``valideer`` than the release before issue 10? Both in one run.

Writes an intake workbook of ``--rijen`` trajectories (default 20,000) with the intake
template, checks out the old release (commit bd6231f, the last before the intake was
rewritten) with ``git worktree add`` into a temporary folder, and times
``python -m overeenkomsten valideer`` on the same workbook in fresh processes: first the
old code (``PYTHONPATH`` = the worktree's ``src``, same virtual environment), then this
tree, alternating ``--herhalingen`` times. Both the wall-clock time and the CPU time
(user + system of the child process) are reported; the ratio is taken over CPU time,
because on a shared machine the wall-clock time of two runs minutes apart depends on what
else runs (measured here: the same old release took 82 s and 185 s). The best run of each
counts. Target (issue 10): at least 4x.

Run: ``python benchmarks/valideer_snelheid.py [--rijen 20000] [--herhalingen 1]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake_geheugen import write_workbook  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUDE_RELEASE = "bd6231f"
DOEL = 4.0


def timed(path: Path, src: Path | None) -> float:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "valideer", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode not in (0, 1):
        raise SystemExit(f"valideer faalde ({result.returncode}): {result.stderr[-2000:]}")
    print(f"  {'oud ' if src else 'nieuw'}: {seconds:6.1f} s klok, {cpu:6.1f} s CPU  "
          f"{result.stdout.splitlines()[-1]}")  # fmt: skip
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=20_000)
    parser.add_argument("--herhalingen", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="valideer-snelheid-") as tmp:
        folder = Path(tmp)
        path = folder / f"intake-{args.rijen}.xlsx"
        write_workbook(path, args.rijen)
        oud = folder / "oud"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(oud), OUDE_RELEASE],
            check=True,
            capture_output=True,
        )
        try:
            oude, nieuwe = [], []
            for _ in range(args.herhalingen):
                oude.append(timed(path, oud / "src"))
                nieuwe.append(timed(path, None))
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(oud)],
                check=False,
                capture_output=True,
            )
    factor = min(oude) / min(nieuwe)
    print(f"{args.rijen} rijen: oud {min(oude):.1f} s CPU, nieuw {min(nieuwe):.1f} s CPU: "
          f"{factor:.1f}x sneller (doel >= {DOEL:.0f}x)")  # fmt: skip
    return 0 if factor >= DOEL else 1


if __name__ == "__main__":
    sys.exit(main())
