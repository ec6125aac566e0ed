"""``traject.json``: the newest record of a trajectory, beside its documents."""

from __future__ import annotations

from pathlib import Path

from overeenkomsten.basis.jsonbestand import load_json
from overeenkomsten.errors import InputError
from overeenkomsten.model.traject import Traject
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister

RECORD_FILENAME = "traject.json"


def read_record(map: Path, register: KwalificatieRegister | None = None) -> Traject | None:
    """The validated ``traject.json`` of the folder ``map``; None when it has none.

    Raises :class:`InputError` (in Dutch, naming the file) when the file is unreadable, not
    JSON, or not a valid record.
    """
    pad = map / RECORD_FILENAME
    if not pad.is_file():
        return None
    data = load_json(pad)  # size, depth and syntax checked, in Dutch
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    traject, problemen = validate_record(data, register)
    if traject is None:
        fouten = "; ".join(f"{p.pad}: {p.bericht}" for p in problemen if p.ernst == "fout")
        raise InputError(f"{pad} is geen geldig trajectrecord ({fouten}).", code="record-ongeldig")
    return traject
