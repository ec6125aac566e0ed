"""Validate raw records and explain every problem in Dutch.

Readers (Excel, JSON) call :func:`validate_record` for each record and get the
:class:`Traject` (or None) with all problems; they only add where each problem is in their
terms (sheet, row and column, or JSON path). pydantic's English messages never reach a user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from overeenkomsten.errors import Problem, mask_bsn
from overeenkomsten.model.berichten import dutch_message
from overeenkomsten.model.regels import Klok, RuleFinding
from overeenkomsten.model.traject import Traject
from overeenkomsten.register import KwalificatieRegister


def path_of(loc: Sequence[str | int]) -> str:
    """``("kandidaat", "bsn")`` -> ``kandidaat.bsn``; ``(2, "werkprocessen", 0)`` ->
    ``[2].werkprocessen[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _mask(loc: Sequence[str | int], value: Any) -> Any:
    if loc and loc[-1] == "bsn" and value is not None:
        return mask_bsn(value)
    if isinstance(value, dict | list):
        return None  # a whole object is no useful "waarde" in a report
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "..."
    return value


def problems_from_error(exc: ValidationError, prefix: Sequence[str | int] = ()) -> list[Problem]:
    """Every error of ``exc`` as a Dutch :class:`Problem` with its JSON path."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        code, bericht = dutch_message(err)
        problems.append(
            Problem(
                code=code, bericht=bericht, waarde=_mask(loc, err.get("input")), pad=path_of(loc)
            )
        )
    return problems


def problems_from_warnings(
    findings: Sequence[RuleFinding], prefix: Sequence[str | int] = ()
) -> list[Problem]:
    return [
        Problem(
            code=f.code,
            bericht=f.bericht,
            ernst="waarschuwing",
            waarde=_mask(f.loc, f.waarde),
            pad=path_of((*prefix, *f.loc)),
        )
        for f in findings
    ]


def validate_record(
    data: Any,
    register: KwalificatieRegister | None = None,
    prefix: Sequence[str | int] = (),
    vandaag: dt.date | Klok | None = None,
) -> tuple[Traject | None, list[Problem]]:
    """Validate one raw record: the Traject (None when invalid) and all errors and warnings.

    ``prefix`` is prepended to every path (``[2]`` for the third record of a JSON list).
    ``vandaag`` fixes "today" for the rules (default: the system date).
    """
    warnings: list[RuleFinding] = []
    context = {
        "register": register or KwalificatieRegister.default(),
        "waarschuwingen": warnings,
        "vandaag": vandaag,
    }
    try:
        traject = Traject.model_validate(data, context=context)
    except ValidationError as exc:
        return None, problems_from_error(exc, prefix) + problems_from_warnings(warnings, prefix)
    return traject, problems_from_warnings(warnings, prefix)
