"""SBB erkenningen (*recognitions*): which leerbedrijf may train for which crebo, and when.

A user supplies them as a .csv or .xlsx (``--erkenningen``) with one row per recognition:
the leerbedrijf by its SBB leerbedrijf-ID or its KvK-nummer, the crebo, and the dates it is
valid from and until (either may be empty: open-ended). Rule X6 uses them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from overeenkomsten._tekst import normalize_header
from overeenkomsten.controle.tekst import parse_date
from overeenkomsten.errors import ConfigurationError, InputError
from overeenkomsten.tabellen import read_table

_ALIASES: dict[str, tuple[str, ...]] = {
    "leerbedrijf_id": ("leerbedrijf id", "leerbedrijfid", "leerbedrijf", "id leerbedrijf"),
    "kvk": ("kvk", "kvk nummer", "kvknummer", "kvk nr"),
    "crebo": ("crebo", "crebonummer", "crebo code", "crebocode", "kwalificatie crebo"),
    "geldig_van": (
        "geldig van",
        "geldig vanaf",
        "erkend van",
        "erkend vanaf",
        "begindatum",
        "ingangsdatum",
        "datum ingang",
        "van",
    ),
    "geldig_tot": (
        "geldig tot",
        "geldig tot en met",
        "erkend tot",
        "erkend tot en met",
        "einddatum",
        "datum einde",
        "vervaldatum",
        "tot",
    ),
}


@dataclass(frozen=True)
class Erkenning:
    """One recognition of a leerbedrijf for one crebo, valid from/until (inclusive)."""

    crebo: str
    leerbedrijf_id: str | None = None
    kvk: str | None = None
    geldig_van: dt.date | None = None
    geldig_tot: dt.date | None = None

    def covers(self, dag: dt.date) -> bool:
        return (self.geldig_van is None or self.geldig_van <= dag) and (
            self.geldig_tot is None or dag <= self.geldig_tot
        )


def read_erkenningen(path: Path) -> list[Erkenning]:
    """Read a list of erkenningen; an unusable file raises :class:`ConfigurationError`."""
    if not path.is_file():
        raise ConfigurationError(
            f"Het erkenningenbestand '{path}' bestaat niet.", code="erkenningen-ontbreekt"
        )
    try:
        rows = list(read_table(path, "het erkenningenbestand"))
    except InputError as exc:
        raise ConfigurationError(exc.bericht, code="erkenningen-onleesbaar") from exc
    return list(_parse(rows, path))


def _columns(headers: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in headers:
        folded = normalize_header(header).replace(".", " ").replace("_", " ")
        for key, aliases in _ALIASES.items():
            if key not in found and folded in aliases:
                found[key] = header
    return found


def _parse(rows: Iterable[Mapping[str, object]], path: Path) -> Iterator[Erkenning]:
    columns: dict[str, str] | None = None
    count = 0
    for number, row in enumerate(rows, start=2):
        if columns is None:
            columns = _columns(str(h) for h in row)
            if "crebo" not in columns or not {"leerbedrijf_id", "kvk"} & set(columns):
                raise ConfigurationError(
                    f"Het erkenningenbestand '{path}' heeft de kolommen crebo en "
                    "leerbedrijf_id of kvk nodig (en eventueel geldig_van en geldig_tot).",
                    code="erkenningen-kolom-ontbreekt",
                )
        crebo = _digits(row.get(columns["crebo"]))
        if not crebo:
            continue
        try:
            yield Erkenning(
                crebo=crebo,
                leerbedrijf_id=_digits(row.get(columns.get("leerbedrijf_id", ""))) or None,
                kvk=_kvk(row.get(columns.get("kvk", ""))),
                geldig_van=_date(row.get(columns.get("geldig_van", ""))),
                geldig_tot=_date(row.get(columns.get("geldig_tot", ""))),
            )
            count += 1
        except ValueError as exc:
            raise ConfigurationError(
                f"Het erkenningenbestand '{path}' heeft op rij {number} een ongeldige datum "
                f"('{exc}'; schrijf bijvoorbeeld 2026-09-01 of 1-9-2026).",
                code="erkenningen-waarde-ongeldig",
            ) from exc
    if count == 0:
        raise ConfigurationError(
            f"Het erkenningenbestand '{path}' bevat geen erkenningen.", code="erkenningen-leeg"
        )


def _digits(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[\s.]", "", str(value))


def _kvk(value: object) -> str | None:
    """A KvK-nummer has 8 digits; Excel drops a leading zero of a number."""
    digits = _digits(value)
    return digits.zfill(8) if digits else None


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValueError(str(value))
    return parsed
