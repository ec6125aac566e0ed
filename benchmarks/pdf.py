"""PDF benchmark (issue 3): one LibreOffice run for many documents against one per file.

Renders ``--documenten`` documents (the four of each trajectory) and converts them:

* per file: one ``soffice --convert-to pdf`` call per document, as a script would;
* batched: :class:`PdfConverter`, one LibreOffice start for all, including copying the
  metadata into every PDF with pypdf.

Both use their own private LibreOffice profile, made (warmed up) before timing. Prints the
time per document and the ratio (target: at least 5x), measured in this one run.
Run: ``python benchmarks/pdf.py [--documenten 40]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from overeenkomsten.documenten import DocumentGenerator, PdfConverter, find_soffice

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import trajectories  # noqa: E402


def per_file(soffice: str, documents: list[Path], profile: Path, uit: Path) -> float:
    def convert(document: Path) -> None:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(uit),
                str(document),
            ],
            check=True,
            capture_output=True,
        )

    convert(documents[0])  # the profile is created on the first start: not timed
    started = time.perf_counter()
    for document in documents:
        convert(document)
    elapsed = time.perf_counter() - started
    missing = [d.name for d in documents if not (uit / f"{d.stem}.pdf").is_file()]
    assert not missing, missing
    return elapsed


def batched(soffice: str, documents: list[Path], warm_up: Path) -> float:
    with PdfConverter(soffice) as converter:
        converter.convert([warm_up])  # the profile is created on the first start: not timed
        started = time.perf_counter()
        pdfs = converter.convert(documents)
        elapsed = time.perf_counter() - started
    assert all(p.is_file() for p in pdfs)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documenten", type=int, default=40)
    args = parser.parse_args()
    soffice = find_soffice()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        bron = root / "docx"
        bron.mkdir()
        generator = DocumentGenerator(pdf=False)
        documents: list[Path] = []
        for traject in trajectories((args.documenten + 3) // 4):
            for name, data in generator.render(traject).items():
                if len(documents) < args.documenten:
                    (bron / name).write_bytes(data)
                    documents.append(bron / name)
        warm_up = root / "opwarmen.docx"
        warm_up.write_bytes(documents[0].read_bytes())
        los_uit = root / "los"
        los_uit.mkdir()
        los = per_file(soffice, documents, root / "profiel-los", los_uit)
        samen = batched(soffice, documents, warm_up)
    n = len(documents)
    print(f"{n} documenten naar PDF")
    print(f"een soffice-aanroep per bestand: {los / n:.2f} s per document (totaal {los:.1f} s)")
    print(f"een LibreOffice-run voor alles:  {samen / n:.2f} s per document (totaal {samen:.1f} s)")
    print(f"verhouding: {los / samen:.1f}x sneller (doel: minstens 5x)")


if __name__ == "__main__":
    main()
