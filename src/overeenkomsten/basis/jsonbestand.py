"""Reading a JSON file a user or the tool wrote, safely and with Dutch errors.

Size, nesting depth, encoding and syntax are checked before anything trusts the value;
the intake, ``traject.json`` readers (controle, dossier, status) and the engine share it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from overeenkomsten.basis.bestand import read_file
from overeenkomsten.errors import InputError

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
    data = read_file(
        path,
        "Het JSON-bestand",
        limit=MAX_JSON_BYTES,
        code_te_groot="json-te-groot",
        gevolg="en wordt niet gelezen",
    )
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
