"""Test data for batches: many valid records with real BSNs, and workbooks made from them."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from overeenkomsten.intake.kolommen import flatten
from overeenkomsten.intake.sjabloon import write_template


def valid_bsns(start: int = 10_000_000) -> Iterator[str]:
    """9-digit numbers that pass the elfproef, in order."""
    prefix = start
    while True:
        digits = [int(c) for c in f"{prefix:08d}"]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            yield f"{prefix:08d}{check}"
        prefix += 1


def records(base: dict[str, Any], count: int, *, prefix: str = "RMT-B") -> list[dict[str, Any]]:
    """``count`` distinct valid records; every third one a diploma trajectory."""
    bsns = valid_bsns()
    out = []
    for number in range(count):
        record = copy.deepcopy(base)
        record["traject_id"] = f"{prefix}-{number:04d}"
        record["kandidaat"]["bsn"] = next(bsns)
        record["kandidaat"]["achternaam"] = f"Yılmaz-{number}"
        if number % 3:
            record["einddoel"] = "diploma"
            record["werkprocessen"] = []
        out.append(record)
    return out


def write_intake(path: Path, trajecten: Sequence[dict[str, Any]]) -> Path:
    """An intake workbook made with the intake template, as a back office would fill it."""
    rows = []
    werkprocessen = []
    for record in trajecten:
        flat = dict(record)
        for werkproces in flat.pop("werkprocessen", []):
            werkprocessen.append({"traject_id": record["traject_id"], **werkproces})
        rows.append(flatten(flat))
    return write_template(path, rows, werkprocessen)
