"""Does reading an intake workbook stream? Peak memory at 1,000 vs 10,000 rows.

Writes intake workbooks of 1,000 and 10,000 realistic trajectories with the intake
template (openpyxl writes strings inline), and, when LibreOffice Calc is installed, the
same workbooks saved again by LibreOffice (which, like Excel, puts every text in one
shared-strings table that openpyxl must load whole). Each workbook is then streamed through
``open_intake`` in a fresh Python process that reports:

* ``piek-RSS``: the process's peak resident memory (VmHWM), everything included;
* ``groei``: how much that peak grew while reading (peak minus the peak after imports);
* with ``--tracemalloc``, in a second run: the peak of Python allocations while reading.

Target (issue 2): peak memory at 10,000 rows at most 1.2x that at 1,000 rows.
Run: ``python benchmarks/intake_geheugen.py [--tracemalloc] [--zonder-libreoffice]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from overeenkomsten.intake.kolommen import flatten
from overeenkomsten.intake.sjabloon import write_template

SIZES = (1_000, 10_000)
TARGET = 1.2

MEASURE = r"""
import json, sys, time, tracemalloc
from pathlib import Path
from overeenkomsten.intake import open_intake
from overeenkomsten.register import KwalificatieRegister

def peak_rss_kb():
    # VmHWM is this process's own peak; ru_maxrss would include the parent's peak
    # from before exec on Linux.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

use_tracemalloc = sys.argv[2] == "1"
register = KwalificatieRegister.default()
before = peak_rss_kb()
if use_tracemalloc:
    tracemalloc.start()
start = time.perf_counter()
stream = open_intake(Path(sys.argv[1]), register)
valid = problems = 0
for rij in stream:
    valid += rij.traject is not None
    problems += len(rij.problemen)
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if use_tracemalloc else 0
after = peak_rss_kb()
print(json.dumps({"rijen": stream.aantal, "geldig": valid, "problemen": problems,
                  "rss_kb": after, "groei_kb": after - before,
                  "tracemalloc_kb": peak // 1024, "seconden": round(seconds, 1)}))
"""

VOORNAMEN = ["Fatma", "Daan", "Anaïs", "Jurre", "Siham", "Joost", "Mila", "Sem", "Noor", "Ömer"]
# (tussenvoegsel, achternaam): a valid record, so that a read measures reading, not warnings
ACHTERNAMEN = [(None, "Yılmaz"), ("de", "Vries"), (None, "Özdemir-van 't Hof"), (None, "Jansen"),
               (None, "Bouzid"), ("ten", "Brinke")]  # fmt: skip
KWALIFICATIES = [
    ("25371", "Logistiek medewerker", 2),
    ("25180", "Kok", 2),
    ("25182", "Zelfstandig werkend kok", 3),
    ("25498", "Helpende Zorg en Welzijn", 2),
]


def bsn(number: int) -> str:
    """A valid BSN (elfproef) derived from ``number``."""
    while True:
        digits = f"{10_000_000 + number % 89_999_999:08d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return digits + str(check)
        number += 1


def record(i: int) -> dict[str, Any]:
    crebo, naam, niveau = KWALIFICATIES[i % len(KWALIFICATIES)]
    start = dt.date(2026, 9, 7) + dt.timedelta(days=i % 60)
    einddoel = ("praktijkverklaring", "diploma", "certificaat")[i % 3]
    return {
        "traject_id": f"RMT-TW-2026-{i:05d}",
        "einddoel": einddoel,
        "startdatum": start.isoformat(),
        "einddatum": (start + dt.timedelta(days=270)).isoformat(),
        "kandidaat": {
            "voornamen": VOORNAMEN[i % len(VOORNAMEN)],
            "tussenvoegsel": ACHTERNAMEN[i % len(ACHTERNAMEN)][0],
            "achternaam": f"{ACHTERNAMEN[i % len(ACHTERNAMEN)][1]} {i}",
            "geboortedatum": (dt.date(1970, 1, 1) + dt.timedelta(days=i * 3 % 9000)).isoformat(),
            "bsn": bsn(i * 7919),
            "straat": f"Straat {i % 500}",
            "huisnummer": str(i % 200 + 1),
            "postcode": f"{7500 + i % 99} AB",
            "woonplaats": "Enschede",
            "email": f"kandidaat{i}@example.nl",
            "telefoon": f"06-{10_000_000 + i}",
            "status": "werkzoekend",
            "inkomen": "uitkering",
        },
        "instelling": {
            "naam": "ROC Twente Voorbeeld",
            "brin": "25LH",
            "straat": "Gieterij",
            "huisnummer": "200",
            "postcode": "7553 VZ",
            "plaats": "Hengelo",
            "ondertekenaar": {"naam": "drs. P. de Vries", "functie": "directeur"},
            "bpv_begeleider": {"naam": "M. Bakker", "email": "m.bakker@example.nl"},
            "examencommissie": {"naam": "Examencommissie", "voorzitter": "E. Smit"},
        },  # fmt: skip
        "opleiding": {
            "crebo": crebo,
            "naam": naam,
            "niveau": niveau,
            "leerweg": "OVO",
            "certificaat": "Certificaat" if einddoel == "certificaat" else None,
        },  # fmt: skip
        "leerbedrijf": {
            "naam": f"Leerbedrijf {i % 700} & Zn. B.V.",
            "kvk": f"{1_000_000 + i % 700:08d}",
            "leerbedrijf_id": str(100_000_000 + i % 700),
            "straat": "Havenweg",
            "huisnummer": "3",
            "postcode": "7553 AA",
            "plaats": "Hengelo",
            "ondertekenaar": {"naam": "J. Jansen", "functie": "bedrijfsleider"},
        },  # fmt: skip
        "praktijkopleider": {"naam": f"A. Opleider {i % 900}", "functie": "teamleider"},
        "rmt": {
            "naam": "RMT Twente",
            "arbeidsmarktregio": "Twente",
            "partij": "Gemeente Enschede",
            "ondertekenaar": {"naam": "K. Visser", "functie": "regisseur RMT"},
        },  # fmt: skip
        "bpv": {"uren_per_week": 32},
        "financiering": {"opleidingskosten": 3250.00, "betaald_door": "RMT"},
        "ondertekening": {
            "plaats": "Enschede",
            "datum": (start - dt.timedelta(days=7)).isoformat(),
        },
    }


def write_workbook(path: Path, rows: int) -> None:
    records = [record(i) for i in range(rows)]
    werkprocessen = [
        {"traject_id": r["traject_id"], "code": f"B1-K1-W{w}", "titel": "Werkproces",
         "crebo": r["opleiding"]["crebo"]}
        for r in records if r["einddoel"] == "praktijkverklaring" for w in (1, 2)
    ]  # fmt: skip
    write_template(path, [flatten(r) for r in records], werkprocessen)


def resave_with_libreoffice(files: list[Path], outdir: Path) -> list[Path]:
    soffice = shutil.which("soffice")
    if soffice is None:
        return []
    subprocess.run(
        [soffice, f"-env:UserInstallation={(outdir / 'profiel').as_uri()}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir),
         *map(str, files)],
        capture_output=True, timeout=1800, check=False, env={**os.environ, "HOME": str(outdir)},
    )  # fmt: skip
    return [outdir / f.name for f in files if (outdir / f.name).is_file()]


def measure(path: Path, use_tracemalloc: bool) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), "1" if use_tracemalloc else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(result.stdout)
    assert figures["geldig"] == figures["rijen"], figures
    return figures


def report(label: str, files: list[Path], use_tracemalloc: bool) -> bool:
    runs = [measure(f, use_tracemalloc=False) for f in files]
    if use_tracemalloc:  # a second run: tracing slows reading down and costs memory itself
        for figures, path in zip(runs, files, strict=True):
            figures["tracemalloc_kb"] = measure(path, use_tracemalloc=True)["tracemalloc_kb"]
    print(f"\n{label}")
    print(
        f"{'rijen':>8} {'piek-RSS MB':>12} {'groei MB':>9} {'tracemalloc MB':>15} {'seconden':>9}"
    )
    for f in runs:
        traced = f"{f['tracemalloc_kb'] / 1024:>15.1f}" if use_tracemalloc else f"{'-':>15}"
        print(
            f"{f['rijen']:>8} {f['rss_kb'] / 1024:>12.1f} {f['groei_kb'] / 1024:>9.1f} "
            f"{traced} {f['seconden']:>9}"
        )
    small, large = runs
    ratio = large["rss_kb"] / small["rss_kb"]
    line = f"verhouding piek-RSS 10.000/1.000: {ratio:.2f}x (doel <= {TARGET}x)"
    if use_tracemalloc:
        traced_ratio = large["tracemalloc_kb"] / max(small["tracemalloc_kb"], 1)
        line += f"; tracemalloc {traced_ratio:.2f}x"
    print(line)
    return ratio <= TARGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zonder-libreoffice", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true", help="meet ook Python-allocaties")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="intake-geheugen-") as tmp:
        folder = Path(tmp)
        files = []
        for rows in SIZES:
            path = folder / f"intake-{rows}.xlsx"
            start = time.perf_counter()
            write_workbook(path, rows)
            print(f"{path.name}: {path.stat().st_size / 1024:.0f} kB in "
                  f"{time.perf_counter() - start:.1f} s geschreven")  # fmt: skip
            files.append(path)
        ok = report("openpyxl-werkboek (tekst inline)", files, args.tracemalloc)
        if not args.zonder_libreoffice:
            saved = resave_with_libreoffice(files, folder / "libreoffice")
            if len(saved) == len(files):
                ok &= report(
                    "opgeslagen door LibreOffice (gedeelde teksttabel)", saved, args.tracemalloc
                )
            else:
                print("\nLibreOffice Calc niet gevonden: die meting is overgeslagen.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
