"""Batch benchmark (issue 6): trajectories per second, workers, plain docxtpl, memory, PDF.

Prints figures and ratios measured in this one run (no thresholds asserted: machines are
noisy). Run: ``.venv/bin/python benchmarks/batch.py [--rijen 1000] [--geheugen 10000]``.

* end to end (read, validate, render, check, write) with 1 and 2 workers, without PDF;
* a plain docxtpl loop over the same rows (``DocxTemplate(path).render(ctx,
  autoescape=True); save``) that only renders and saves; it is slow, so it runs over the
  first ``--plain`` rows and the rate per row is compared;
* peak memory of a whole batch (one process) at 1,000 and at ``--geheugen`` rows;
* with PDF: ``--pdf-rijen`` rows end to end against one warm LibreOffice converting the
  same documents in one call (goal: at most 1.3x), and against one ``soffice
  --convert-to pdf`` call per document (skip with ``--zonder-los``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.batch.helpers import records, write_intake  # noqa: E402


def _base() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "tests" / "data" / "traject.json").read_text())
    return data


def _workbook(folder: Path, rows: int) -> Path:
    return write_intake(folder / f"intake-{rows}.xlsx", records(_base(), rows))


CPU: dict[int, tuple[float, float]] = {}
"""werkers -> (CPU seconds of this process, of its workers) in the last run without PDF."""


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _batch(path: Path, uit: Path, *, werkers: int, pdf: bool) -> float:
    from overeenkomsten.api import batch as run_batch

    own, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = run_batch(path, uit, pdf=pdf, werkers=werkers)
    elapsed = time.perf_counter() - started
    if not pdf:
        CPU[werkers] = (
            _cpu(resource.RUSAGE_SELF) - own,
            _cpu(resource.RUSAGE_CHILDREN) - children,
        )
    assert result.totalen["fout"] == 0, result.totalen
    return elapsed


def _speedup_on_free_cores() -> float:
    """The 2-worker speedup this run's CPU times allow on two otherwise idle cores: the
    parent's share is serial (Amdahl), the workers' share splits over two cores. A shared,
    loaded machine cannot show the wall-clock ratio; this estimate does not depend on it."""
    one = sum(CPU[1])
    parent, workers = CPU[2]
    return one / max(parent, (parent + workers) / 2)


def _plain_loop(path: Path, rows: int, uit: Path) -> float:
    """docxtpl as its README shows it, on our templates and contexts, for ``rows`` rows."""
    from docxtpl import DocxTemplate

    from overeenkomsten.documenten.context import document_context, record_context
    from overeenkomsten.documenten.render import default_template_dir, template_environment
    from overeenkomsten.intake import open_intake
    from overeenkomsten.model.kenmerken import documents_for

    trajecten = [item.traject for item in open_intake(path) if item.traject is not None][:rows]
    env = template_environment()
    folder = default_template_dir()
    uit.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for traject in trajecten:
        base = record_context(traject)
        for document in documents_for(traject):
            template = DocxTemplate(folder / f"{document}.docx")
            template.render(document_context(traject, document, base), env, autoescape=True)
            template.save(uit / f"{traject.traject_id}_{document}.docx")
    return time.perf_counter() - started


def _memory_child(path: str, uit: str) -> None:
    from overeenkomsten.api import batch as run_batch

    run_batch(Path(path), Path(uit), pdf=False, werkers=1)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text()
    print(status.split("VmHWM:")[1].split()[0])


def _peak_memory_mb(path: Path, uit: Path) -> float:
    output = subprocess.run(
        [sys.executable, __file__, "--geheugen-kind", str(path), str(uit)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(output.strip().splitlines()[-1]) / 1024


def _soffice_per_file(docx: list[Path], outdir: Path) -> float:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice ontbreekt"
    profile = Path(tempfile.mkdtemp(prefix="bench-lo-"))
    started = time.perf_counter()
    for path in docx:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(path),
            ],
            check=True,
            capture_output=True,
        )
    elapsed = time.perf_counter() - started
    shutil.rmtree(profile, ignore_errors=True)
    return elapsed


def _warm_libreoffice(docx: list[Path], outdir: Path) -> float:
    """One LibreOffice with a warm profile (made by a first, untimed conversion) converting
    all ``docx`` in one call: the least any batch with PDFs can take."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice ontbreekt"
    profile = Path(tempfile.mkdtemp(prefix="bench-lo-warm-"))
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
    ]
    subprocess.run([*command, str(docx[0])], check=True, capture_output=True)  # warm up
    started = time.perf_counter()
    subprocess.run([*command, *(str(p) for p in docx)], check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(profile, ignore_errors=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rijen", type=int, default=1000)
    parser.add_argument("--plain", type=int, default=100)
    parser.add_argument("--geheugen", type=int, default=10000)
    parser.add_argument("--pdf-rijen", type=int, default=20)
    parser.add_argument("--zonder-geheugen", action="store_true", help="sla de geheugenmeting over")
    parser.add_argument(
        "--zonder-los", action="store_true", help="sla de soffice-per-bestand-meting over"
    )
    parser.add_argument("--geheugen-kind", nargs=2)
    args = parser.parse_args()
    if args.geheugen_kind:
        _memory_child(*args.geheugen_kind)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        path = _workbook(work, args.rijen)
        one = _batch(path, work / "een", werkers=1, pdf=False)
        two = _batch(path, work / "twee", werkers=2, pdf=False)
        plain = _plain_loop(path, args.plain, work / "plain")
        rate_one, rate_two = args.rijen / one, args.rijen / two
        rate_plain = args.plain / plain
        print(f"batch zonder PDF, {args.rijen} rijen, 1 werker: {rate_one:.1f} trajecten/s")
        print(f"batch zonder PDF, {args.rijen} rijen, 2 werkers: {rate_two:.1f} trajecten/s")
        print(
            f"kale docxtpl-lus (alleen renderen en opslaan), {args.plain} rijen: "
            f"{rate_plain:.2f} trajecten/s"
        )
        print(f"verhouding 2 werkers / 1 werker: {rate_two / rate_one:.2f}x (doel >= 1.7)")
        parent, workers = CPU[2]
        print(
            f"CPU-tijd met 2 werkers: hoofdproces {parent:.1f} s, werkers {workers:.1f} s; "
            f"1 werker: {sum(CPU[1]):.1f} s. Verwachte verhouding op 2 vrije kernen: "
            f"{_speedup_on_free_cores():.2f}x (belasting nu: {os.getloadavg()[0]:.1f})"
        )
        print(f"verhouding batch (1 werker) / kale lus: {rate_one / rate_plain:.1f}x (doel >= 5)")
        print(f"verhouding batch (2 werkers) / kale lus: {rate_two / rate_plain:.1f}x")

        if not args.zonder_geheugen:
            small = _workbook(work, 1000)
            big = _workbook(work, args.geheugen)
            mem_small = _peak_memory_mb(small, work / "mem-klein")
            mem_big = _peak_memory_mb(big, work / "mem-groot")
            print(
                f"piekgeheugen hele batch, 1000 rijen: {mem_small:.0f} MB; "
                f"{args.geheugen} rijen: {mem_big:.0f} MB; verhouding {mem_big / mem_small:.2f} "
                "(doel <= 1.2 en < 300 MB)"
            )

        pdf_path = _workbook(work, args.pdf_rijen)
        with_pdf = _batch(pdf_path, work / "pdf", werkers=2, pdf=True)
        docx = sorted((work / "pdf").glob("*/*.docx"))
        warm = _warm_libreoffice(docx, work / "pdf-warm")
        print(
            f"met PDF, {args.pdf_rijen} rijen ({len(docx)} documenten): hele batch (2 werkers) "
            f"{with_pdf:.1f} s; een warme LibreOffice die dezelfde documenten omzet "
            f"{warm:.1f} s; verhouding {with_pdf / warm:.2f}x (doel <= 1.3)"
        )
        if args.zonder_los:
            return
        per_file = _soffice_per_file(docx, work / "pdf-los")
        ours = with_pdf / len(docx)
        theirs = per_file / len(docx)
        print(
            f"met PDF, {args.pdf_rijen} rijen ({len(docx)} documenten), 2 werkers, hele "
            f"batch: {ours:.2f} s/document; een soffice-aanroep per bestand: "
            f"{theirs:.2f} s/document; verhouding {theirs / ours:.1f}x (doel >= 5)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
