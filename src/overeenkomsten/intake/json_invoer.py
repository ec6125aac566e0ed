"""The JSON intake: one record or a list of records (domein.md section 10).

Problems name the JSON path (``kandidaat.bsn``; ``[2].kandidaat.bsn`` for the third record
of a list). A file that is not JSON at all is an :class:`InputError` with the line and
column of the mistake, explained in Dutch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from overeenkomsten.basis.jsonbestand import load_json
from overeenkomsten.errors import InputError, Problem
from overeenkomsten.intake.excel import id_key, opsomming
from overeenkomsten.intake.stroom import IntakeRij, IntakeStream
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister


def open_json(path: Path, register: KwalificatieRegister | None = None) -> IntakeStream:
    """One record or a list of records, as an :class:`IntakeStream`."""
    data = load_json(path)
    if isinstance(data, dict):
        records: list[Any] = [data]
        is_list = False
    elif isinstance(data, list):
        records, is_list = data, True
        if not records:
            raise InputError(
                f"Het bestand '{path}' bevat een lege lijst: geen trajecten.",
                code="geen-trajecten",
            )
    else:
        raise InputError(
            f"Het bestand '{path}' moet een trajectrecord (een JSON-object) of een lijst van "
            "records bevatten.",
            code="json-geen-record",
        )
    ids = [id_key(r.get("traject_id")) if isinstance(r, dict) else None for r in records]
    counts = Counter(i for i in ids if i is not None)

    def rows() -> Iterator[IntakeRij]:
        for index, record in enumerate(records):
            prefix: tuple[int, ...] = (index,) if is_list else ()
            traject, problems = validate_record(record, register, prefix)
            traject_id = ids[index]
            if traject_id is not None and counts[traject_id] > 1:
                others = [f"[{i}]" for i, x in enumerate(ids) if x == traject_id]
                problems.append(
                    Problem(
                        code="traject-id-dubbel",
                        bericht=f"Traject-ID '{traject_id}' staat in meer dan een record "
                        f"({opsomming(others)}); elk traject heeft een eigen ID.",
                        waarde=traject_id,
                        pad=f"[{index}].traject_id" if is_list else "traject_id",
                    )
                )
                traject = None
            for problem in problems:
                problem.bestand = str(path)
            yield IntakeRij(
                rij=None,
                index=index if is_list else None,
                traject_id=traject_id,
                traject=traject,
                problemen=problems,
            )

    return IntakeStream(
        bestand=path,
        soort="json",
        kolommen=[],
        aantal=len(records),
        bestandsproblemen=[],
        rijen=rows,
    )
