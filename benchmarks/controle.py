"""Check benchmark (issue 11): one signed set, and bulk audit, with every check on.

Makes the example trajectory's set (LibreOffice), signs every document for every required
party with a test PKI (pyHanko), then measures in this one run:

* one set: ``overeenkomsten controleer MAP --vertrouwd ROOT --crl CRL --erkenningen CSV``
  (every rule runs; the verdict is ``in orde``) as a new process, wall time including
  start-up (target: at most 1.0 s), best and median of ``--keer``:
  the first check of a set (an empty X15 cache, as an auditor meets a new dossier) and a
  repeated check (the cache knows the set's text, ``controle/tekstcache.py``);
* bulk: ``controleer --alle PARENT`` over ``--sets`` copies of that set, sets per second
  (target: at least 3 per second on 2 cores).

Run: ``python benchmarks/controle.py [--sets 30] [--keer 5]``, after ``scripts/setup.sh``
(which compiles the package's bytecode, as Python does on a user's machine at its first
start; where ``PYTHONDONTWRITEBYTECODE`` is set and nothing is compiled, every start pays
about 0.1 s more).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.plugins.documenten import PV_ONDERTEKEND, afgerond, valid_traject  # noqa: E402
from tests.plugins.pki import make_test_pki  # noqa: E402

from overeenkomsten.documenten import DocumentGenerator  # noqa: E402
from overeenkomsten.model.kenmerken import documents_for, required_roles  # noqa: E402

VOORAF = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)


def signed_set(work: Path) -> tuple[Path, Path, Path, Path]:
    data = json.loads((ROOT / "tests" / "data" / "traject.json").read_text(encoding="utf-8"))
    # a trajectory that has ended: the set has its praktijkverklaring (4 documents)
    traject = valid_traject(afgerond(data))
    pki = make_test_pki(work / "pki")
    with DocumentGenerator(pdf=True) as generator:
        (documentenset,) = generator.generate_many([traject], work / "uit")
    folder = work / "set"
    folder.mkdir()
    for path in documentenset.map.glob("*.pdf"):
        shutil.copy(path, folder / path.name)
    for document in documents_for(traject):
        (pdf,) = folder.glob(f"*_{document}.pdf")
        for rol in required_roles(traject, document):
            pki.sign(pdf, rol, tijdstip=PV_ONDERTEKEND if document == "PV" else VOORAF)
    erkenningen = work / "erkenningen.csv"
    erkenningen.write_text(
        "leerbedrijf_id,crebo,geldig_van,geldig_tot\n"
        f"{traject.leerbedrijf.leerbedrijf_id},{traject.opleiding.crebo},2020-01-01,2035-12-31\n",
        encoding="utf-8",
    )
    return folder, pki.root_pem, pki.crl, erkenningen


#: CPU seconds (user + system) of every command run, beside its wall time: on a shared,
#: busy machine the wall time says more about the neighbours than about the check.
CPU: list[float] = []


def command(*args: str | Path, cache: Path | str, src: Path | None = None) -> float:
    """Wall seconds of one ``overeenkomsten`` command; its CPU seconds go to :data:`CPU`.
    A check that fails (exit 2: an option the other checkout lacks, no templates) would be
    timed as fast: it stops the benchmark instead."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "COLUMNS": "120", "OVEREENKOMSTEN_CACHE": str(cache)}
    if src is not None:  # another checkout's code (--vergelijk), same interpreter
        env["PYTHONPATH"] = str(src)
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", *map(str, args)],
        check=False,
        capture_output=True,
        env=env,
    )
    if result.returncode not in (0, 1):
        sys.exit(
            f"{' '.join(map(str, args[:2]))} gave exit {result.returncode}"
            f"{f' (code of {src})' if src else ''}:\n{result.stderr.decode()[-2000:]}"
        )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def timed(*args: str | Path, cache: Path | str, src: Path | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one command."""
    wall = command(*args, cache=cache, src=src)
    return wall, CPU[-1]


def summary(times: list[tuple[float, float]]) -> str:
    walls = [w for w, _c in times]
    cpus = [c for _w, c in times]
    return (
        f"wall best {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
        f"CPU best {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=int, default=30)
    parser.add_argument("--keer", type=int, default=5)
    parser.add_argument(
        "--vergelijk",
        type=Path,
        help="the src/ folder of another checkout (e.g. a git worktree of an older commit): "
        "its check is timed in the same run, interleaved, for a before/after ratio",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-controle-") as tmp:
        work = Path(tmp)
        folder, root, crl, erkenningen = signed_set(work)
        check = (
            "controleer",
            folder,
            "--vertrouwd",
            root,
            "--crl",
            crl,
            "--erkenningen",
            erkenningen,
        )
        result = subprocess.run(
            [sys.executable, "-m", "overeenkomsten", *map(str, check), "--json"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "OVEREENKOMSTEN_CACHE": "uit"},
        )
        verdict = json.loads(result.stdout)["oordeel"]
        first: list[tuple[float, float]] = []
        again: list[tuple[float, float]] = []
        uit: list[tuple[float, float]] = []
        ander: list[tuple[float, float]] = []
        for index in range(args.keer):  # interleaved: a busy machine weighs on all alike
            cache = work / f"cache-{index}"
            first.append(timed(*check, cache=cache))
            again.append(timed(*check, cache=cache))
            uit.append(timed(*check, cache="uit"))
            if args.vergelijk is not None:
                ander.append(timed(*check, cache="uit", src=args.vergelijk))
        parent = work / "alle"
        parent.mkdir()
        for index in range(args.sets):
            shutil.copytree(folder, parent / f"traject-{index:03d}")
        bulk, bulk_cpu = timed(
            "controleer",
            "--alle",
            parent,
            "--vertrouwd",
            root,
            "--crl",
            crl,
            "--erkenningen",
            erkenningen,
            cache=work / "bulk",
        )
    print(
        f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; "
        f"verdict of the signed set: {verdict}"
    )
    print("one signed set (4 PDFs, 11 pages, 11 signatures), new process (target <= 1.0 s):")
    print(f"  first check (empty cache):  {summary(first)}")
    print(f"  checked again (cache warm): {summary(again)}")
    print(f"  cache switched off:         {summary(uit)}")
    if ander:
        ratio = statistics.median(c for _w, c in first) / statistics.median(c for _w, c in ander)
        print(f"  {args.vergelijk} (compared): {summary(ander)}")
        print(f"  CPU ratio first check / compared: {ratio:.2f}")
    print(
        f"bulk: {args.sets} sets in {bulk:.1f} s = {args.sets / bulk:.1f} sets/s, "
        f"{bulk_cpu / args.sets:.2f} CPU s per set (target >= 3 per second on 2 cores)"
    )


if __name__ == "__main__":
    main()
