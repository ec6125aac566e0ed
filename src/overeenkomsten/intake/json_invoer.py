"""The JSON intake: one record or a list of records (domein.md section 10).

Problems name the JSON path (``kandidaat.bsn``; ``[2].kandidaat.bsn`` for the third record
of a list). A file that is not JSON at all is an :class:`InputError` with the line and
column of the mistake, explained in Dutch.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from overeenkomsten.errors import InputError, Problem, os_reason
from overeenkomsten.grenzen import megabytes
from overeenkomsten.intake.excel import id_key, opsomming
from overeenkomsten.intake.stroom import IntakeRij, IntakeStream
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister

MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 32

_JSON_MESSAGES = {
    "Expecting value": "hier verwacht het bestand een waarde (tekst tussen dubbele "
    "aanhalingstekens, een getal, true, false, null, een object of een lijst)",
    "Expecting ',' delimiter": "hier ontbreekt een komma tussen twee onderdelen",
    "Expecting ':' delimiter": "hier ontbreekt de dubbele punt na de naam van een veld",
    "Expecting property name enclosed in double quotes": "hier hoort de naam van een veld "
    'tussen dubbele aanhalingstekens ("naam"); staat er een komma na het laatste veld?',
    "Unterminated string starting at": "hier begint een tekst die niet wordt afgesloten "
    "met een dubbel aanhalingsteken",
    "Invalid control character at": "er staat een stuurteken (een regeleinde, tab of "
    "NUL-teken) binnen een tekst",
    "Invalid \\escape": "er staat een ongeldige backslash-code (\\) in een tekst",
    "Invalid \\uXXXX escape": "er staat een ongeldige \\u-code in een tekst",
    "Extra data": "na het einde van de JSON staat nog meer tekst",
}


def load_json(path: Path) -> Any:
    """The parsed JSON of ``path``, or an :class:`InputError` in Dutch."""
    if not path.exists():
        raise InputError(f"Het bestand '{path}' bestaat niet.", code="bestand-ontbreekt")
    if not path.is_file():
        raise InputError(f"'{path}' is een map, geen bestand.", code="bestand-is-map")
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise InputError(
                f"Het JSON-bestand '{path}' is te groot ({megabytes(size)}, hoogstens "
                f"{megabytes(MAX_JSON_BYTES)}).",
                code="json-te-groot",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"Het bestand '{path}' kan niet worden gelezen ({os_reason(exc)[0]}).",
            code="bestand-onleesbaar",
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"Het bestand '{path}' is geen UTF-8-tekst (byte {exc.start + 1}); sla de JSON "
            "op als UTF-8.",
            code="json-geen-utf8",
        ) from exc
    if not text.strip():
        raise InputError(f"Het bestand '{path}' is leeg.", code="bestand-leeg")
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        uitleg = _JSON_MESSAGES.get(exc.msg, "de JSON is hier ongeldig")
        raise InputError(
            f"Het bestand '{path}' is geen geldige JSON: regel {exc.lineno}, kolom "
            f"{exc.colno}: {uitleg}.",
            code="json-ongeldig",
        ) from exc
    except (RecursionError, ValueError) as exc:
        raise _too_deep(path) from exc
    if _depth(value) > MAX_DEPTH:
        raise _too_deep(path)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _too_deep(path: Path) -> InputError:
    return InputError(
        f"Het bestand '{path}' is geen bruikbaar trajectrecord: de JSON is te diep genest "
        f"(meer dan {MAX_DEPTH} niveaus) of bevat NaN of Infinity.",
        code="json-ongeldig",
    )


def _depth(value: Any) -> int:
    """Nesting depth, without recursion (a hostile file must not exhaust the stack)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


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
