"""Rendering benchmark (issue 3): compiled templates against a plain docxtpl loop.

Both sides render the same four shipped templates for the same trajectories with the same
context and write each .docx to a file:

* plain: ``DocxTemplate(path).render(context, jinja_env, autoescape=True); save(file)``
  per document (``jinja_env`` only adds the Dutch filters the templates use);
* ours: :class:`TemplateSet` (each template compiled once, per record only the Jinja render
  and the zip written, with core and custom properties), compile time included.

Prints the time per document of each and the ratio (target: at least 10x), measured in this
one run. Run: ``python benchmarks/render.py [--trajecten 200]``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from overeenkomsten.documenten import DocumentGenerator, default_template_dir
from overeenkomsten.documenten.context import FILTERS, document_context
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES
from overeenkomsten.model.validatie import validate_record

ROOT = Path(__file__).resolve().parent.parent
ACHTERNAMEN = ("Yılmaz", "de Vries", "Jansen & Zn", "Özdemir", "Bakker", "El Amrani", "Visser")


def trajectories(count: int) -> list[Traject]:
    """``count`` different valid praktijkverklaring trajectories (four documents each)."""
    base = json.loads((ROOT / "tests" / "data" / "traject.json").read_text(encoding="utf-8"))
    result = []
    for index in range(count):
        data: dict[str, Any] = copy.deepcopy(base)
        start = dt.date(2026, 9, 7) + dt.timedelta(days=index % 60)
        data["traject_id"] = f"RMT-BENCH-{index:05d}"
        data["startdatum"] = start.isoformat()
        data["einddatum"] = (start + dt.timedelta(days=250 + index % 30)).isoformat()
        data["kandidaat"]["achternaam"] = f"{ACHTERNAMEN[index % len(ACHTERNAMEN)]} {index}"
        data["bpv"]["uren_per_week"] = 16 + index % 24
        traject, problems = validate_record(data)
        if traject is None:
            raise SystemExit(f"ongeldig benchmarkrecord: {[p.bericht for p in problems]}")
        result.append(traject)
    return result


Timing = tuple[float, float]  # (wall-clock seconds, CPU seconds of this process)


def plain_docxtpl(trajecten: list[Traject], folder: Path, uit: Path) -> Timing:
    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)
    wall, cpu = time.perf_counter(), time.process_time()
    for traject in trajecten:
        for document in DOCUMENT_TYPES:
            template = DocxTemplate(folder / f"{document}.docx")
            template.render(document_context(traject, document), env, autoescape=True)
            template.save(uit / f"{traject.traject_id}_{document}.docx")
    return time.perf_counter() - wall, time.process_time() - cpu


def compiled(trajecten: list[Traject], folder: Path, uit: Path) -> Timing:
    """What ``genereer`` does per trajectory, without PDF and without the folder moves."""
    wall, cpu = time.perf_counter(), time.process_time()
    generator = DocumentGenerator(folder, pdf=False)  # compiles the four templates
    for traject in trajecten:
        for name, data in generator.render(traject).items():
            (uit / name).write_bytes(data)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trajecten", type=int, default=200)
    args = parser.parse_args()
    trajecten = trajectories(args.trajecten)
    documenten = len(trajecten) * len(DOCUMENT_TYPES)
    folder = default_template_dir()
    with tempfile.TemporaryDirectory() as temp:
        plain_uit, ours_uit = Path(temp, "docxtpl"), Path(temp, "gecompileerd")
        plain_uit.mkdir()
        ours_uit.mkdir()
        ours = compiled(trajecten, folder, ours_uit)
        plain = plain_docxtpl(trajecten, folder, plain_uit)
        assert len(list(ours_uit.iterdir())) == len(list(plain_uit.iterdir())) == documenten
    print(f"{len(trajecten)} trajecten x {len(DOCUMENT_TYPES)} documenten = {documenten}")
    for soort, index in (("kloktijd", 0), ("CPU-tijd", 1)):
        per_plain = plain[index] / documenten * 1000
        per_ours = ours[index] / documenten * 1000
        print(
            f"{soort}: docxtpl {per_plain:.2f} ms per document, gecompileerd {per_ours:.2f} ms "
            f"(incl. compileren); verhouding {plain[index] / ours[index]:.1f}x sneller"
        )
    print("doel: minstens 10x sneller per document")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
