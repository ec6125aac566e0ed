"""Bulk audit (*overzicht*): many trajectories in one run, one overview.

An auditor with 300 dossiers runs one command: ``controleer`` with several paths, or
``--alle PARENT`` (every trajectory folder and dossier PDF directly in PARENT). Each path
is checked exactly as on its own, in worker processes (the check is CPU-bound: one per
core), and the outcome is one row per trajectory: the verdict and the findings. A path
that cannot be checked at all (it vanished, it is unreadable) is a row with a
``niet-gecontroleerd`` finding, never the end of the run; only an unusable option (a
``--vertrouwd`` file, ``--register``...) stops it, before any path is read: the options are
loaded once, at the ``api`` edge, and the workers receive them loaded.

The overview goes to JSON (``{"trajecten": [{"pad", "oordeel", "bevindingen"}]}``,
domein.md section 11) and to an .xlsx with a sheet per trajectory row and a sheet of
findings. Every cell is text (or a number), never a formula, and a BSN is masked
wherever it appears (domein.md sections 8 and 9).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from overeenkomsten import opstart
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.rapport import Oordeel, Rapport
from overeenkomsten.errors import InputError, mask_bsn

#: Worst first: the exit code and the overview's order follow it.
ERGST: tuple[Oordeel, ...] = ("fouten", "onvolledig", "in orde")


@dataclass(frozen=True)
class Trajectoordeel:
    """One trajectory's outcome: where, its verdict, its findings and what was read."""

    pad: str
    oordeel: Oordeel
    bevindingen: tuple[Bevinding, ...]
    traject_id: str | None = None
    kop: tuple[str, ...] = field(default_factory=tuple)

    def aantal(self, ernst: str) -> int:
        return sum(1 for b in self.bevindingen if b.ernst == ernst)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pad": self.pad,
            "oordeel": self.oordeel,
            "traject_id": self.traject_id,
            "kop": list(self.kop),
            "bevindingen": [b.as_dict() for b in self.bevindingen],
        }


def trajectory_paths(parent: Path) -> list[Path]:
    """The trajectories in ``parent``: its folders and its dossier PDFs, by name."""
    if not parent.is_dir():
        raise InputError(f"'{parent}' bestaat niet of is geen map.", code="map-ontbreekt")
    try:
        entries = sorted(parent.iterdir(), key=lambda p: p.name.casefold())
    except OSError as exc:
        raise InputError(
            f"De map '{parent}' kan niet gelezen worden.", code="map-onleesbaar"
        ) from exc
    from overeenkomsten.basis.pdf import is_dossier_file

    return [
        entry
        for entry in entries
        if not entry.name.startswith(".") and (entry.is_dir() or is_dossier_file(entry))
    ]


Check = Callable[[Path], Rapport]


def check_many(
    paden: Sequence[Path],
    check: Check,
    *,
    werkers: int | None = None,
) -> list[Trajectoordeel]:
    """Check every path (in ``werkers`` processes), in the order given. ``check`` checks
    one path with the run's settings, loaded once (a picklable callable: a module-level
    function, or a :func:`functools.partial` of one, for the worker processes)."""
    werkers = max(1, min(werkers or os.cpu_count() or 1, len(paden)))
    if werkers == 1 or len(paden) < 3:
        return [_one(pad, check) for pad in paden]
    context = get_context("spawn")  # no fork of a threaded parent; each worker starts clean
    with ProcessPoolExecutor(
        werkers, mp_context=context, initializer=opstart.worker, initargs=(opstart.CONTROLE,)
    ) as pool:
        chunk = max(1, len(paden) // (werkers * 4))
        return list(pool.map(_one, paden, [check] * len(paden), chunksize=chunk))


def _one(pad: Path, check: Check) -> Trajectoordeel:
    try:
        rapport = check(pad)
    except InputError as exc:  # this path only: the others are still checked
        bevinding = Bevinding(
            "BESTAND", "niet-gecontroleerd", exc.code or "pad-onbruikbaar", exc.bericht, (pad.name,)
        )
        return Trajectoordeel(str(pad), "onvolledig", (bevinding,))
    return Trajectoordeel(
        str(pad),
        rapport.oordeel,
        tuple(rapport.bevindingen),
        _traject_id(rapport),
        tuple(rapport.kop),
    )


def _traject_id(rapport: Rapport) -> str | None:
    for doc in rapport.feiten:
        value = doc.kenmerken.get("Traject")
        if value:
            return value
    return None


def worst(oordelen: Sequence[Trajectoordeel]) -> Oordeel:
    found = {o.oordeel for o in oordelen}
    return next((o for o in ERGST if o in found), "in orde")


# --- xlsx -----------------------------------------------------------------------------

TRAJECT_KOPPEN = (
    "Pad",
    "Traject",
    "Oordeel",
    "Fouten",
    "Waarschuwingen",
    "Niet gecontroleerd",
    "Opmerking",
)
BEVINDING_KOPPEN = ("Pad", "Traject", "Regel", "Ernst", "Code", "Documenten", "Bericht")
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str | int | float | None:
    """Numbers stay numbers; text is shown as text, never run as a formula, BSNs masked."""
    if value is None or isinstance(value, int | float):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from stdnum.nl import bsn

    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(value))
    text = _NINE_DIGITS.sub(
        lambda m: mask_bsn(m.group()) if bsn.is_valid(m.group()) else m.group(), text
    )
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_xlsx(path: Path, oordelen: Sequence[Trajectoordeel]) -> None:
    """The overview as a workbook: sheet ``Trajecten`` (one row per trajectory) and sheet
    ``Bevindingen`` (one row per finding), written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from overeenkomsten.bestanden import atomic_path

    workbook = Workbook()
    trajecten = workbook.active
    assert trajecten is not None
    trajecten.title = "Trajecten"
    bevindingen = workbook.create_sheet("Bevindingen")
    rows_t: list[tuple[object, ...]] = [
        (
            o.pad,
            o.traject_id or "",
            o.oordeel,
            o.aantal("fout"),
            o.aantal("waarschuwing"),
            o.aantal("niet-gecontroleerd"),
            "; ".join(o.kop),
        )
        for o in oordelen
    ]
    rows_b: list[tuple[object, ...]] = [
        (o.pad, o.traject_id or "", b.regel, b.ernst, b.code, ", ".join(b.documenten), b.bericht)
        for o in oordelen
        for b in o.bevindingen
    ]
    bold = Font(bold=True)
    for sheet, koppen, rows, widths in (
        (trajecten, TRAJECT_KOPPEN, rows_t, (40, 22, 12, 8, 14, 18, 50)),
        (bevindingen, BEVINDING_KOPPEN, rows_b, (40, 22, 8, 18, 28, 34, 100)),
    ):
        for column, kop in enumerate(koppen, start=1):
            sheet.cell(1, column, kop).font = bold
        for line, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                safe = safe_cell(value)
                cell = sheet.cell(line, column, safe)
                if isinstance(safe, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[chr(64 + column)].width = width
    with atomic_path(path) as tmp:
        workbook.save(tmp)
