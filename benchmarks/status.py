"""``status`` benchmark (issue 12): a batch folder of many trajectories, partly signed.

Makes ``--sets`` document sets with PDFs (one batch run), signs the OOK and POK of every set
with the test PKI (four signatures per set: what a folder looks like a week before the
start), then times ``status`` over the folder with one worker and with the default
workers, and the ``--xlsx`` overview. Prints figures measured in this one run (no
thresholds: machines are noisy). Run: ``.venv/bin/python benchmarks/status.py [--sets 50]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.batch.helpers import records, write_intake  # noqa: E402
from tests.plugins.pki import make_test_pki  # noqa: E402

OP_TIJD = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)


def _base() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "tests" / "data" / "traject.json").read_text())
    return data


def _timed(label: str, count: int, run: Any) -> float:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.1f} s ({count / elapsed:.1f} trajecten per seconde)")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", type=int, default=50)
    args = parser.parse_args()
    from overeenkomsten.api import batch as run_batch
    from overeenkomsten.batch.overzicht import write_overview
    from overeenkomsten.batch.status import batch_status
    from overeenkomsten.handtekeningen.basis import Vertrouwensbasis

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        intake = write_intake(folder / "intake.xlsx", records(_base(), args.sets))
        uit = folder / "uit"
        started = time.perf_counter()
        result = run_batch(intake, uit, pdf=True, werkers=2)
        assert result.totalen["fout"] == 0, result.totalen
        print(f"{args.sets} sets met PDF gemaakt in {time.perf_counter() - started:.1f} s")
        pki = make_test_pki(folder / "pki")
        started = time.perf_counter()
        signed = 0
        for pdf in sorted(uit.glob("*/*_OOK.pdf")) + sorted(uit.glob("*/*_POK.pdf")):
            rollen = ("instelling", "kandidaat") if "_OOK" in pdf.name else ("leerbedrijf",)
            for rol in (*rollen, "kandidaat") if "_POK" in pdf.name else rollen:
                pki.sign(pdf, rol, tijdstip=OP_TIJD)
                signed += 1
        print(f"{signed} handtekeningen gezet in {time.perf_counter() - started:.1f} s")
        roots = Vertrouwensbasis.from_files([pki.root_pem])
        vandaag = dt.date(2026, 9, 1)
        found: list[Any] = []
        _timed(
            "status, 1 werker",
            args.sets,
            lambda: found.append(batch_status(uit, vertrouwd=roots, vandaag=vandaag, werkers=1)),
        )
        _timed(
            "status, standaard aantal werkers",
            args.sets,
            lambda: found.append(batch_status(uit, vertrouwd=roots, vandaag=vandaag)),
        )
        assert [t.as_dict() for t in found[0]] == [t.as_dict() for t in found[1]]
        _timed(
            "overzicht (.xlsx) schrijven",
            args.sets,
            lambda: write_overview(folder / "overzicht.xlsx", found[1]),
        )


if __name__ == "__main__":
    main()
