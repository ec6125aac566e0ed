"""The kwalificatie register: which crebonummers exist, with their niveau and validity.

The package ships the 2015 register (Regeling vaststelling kwalificatiedossiers 2015,
Bijlage 1) as its default. It is old, so an unknown crebo against it is only a warning;
a user's own SBB *codelijst* (``--register``) is authoritative, so there it is an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from overeenkomsten._tekst import normalize_header
from overeenkomsten.errors import ConfigurationError, InputError
from overeenkomsten.tabellen import read_csv_table, read_table

_ALIASES: dict[str, tuple[str, ...]] = {
    "crebo": ("crebo", "crebonummer", "crebo code", "crebocode", "code"),
    "naam": ("naam", "kwalificatie", "naam kwalificatie", "omschrijving", "titel"),
    "niveau": ("niveau", "mbo niveau", "kwalificatieniveau"),
    "geldig_van": ("geldig van", "geldig vanaf", "begindatum", "datum ingang", "ingangsdatum"),
    "geldig_tot": ("geldig tot", "geldig tot en met", "einddatum", "datum einde", "vervaldatum"),
}


@dataclass(frozen=True)
class Kwalificatie:
    """One kwalificatie (qualification) of the mbo, identified by its crebonummer."""

    crebo: str
    naam: str
    niveau: int
    geldig_van: dt.date | None = None
    geldig_tot: dt.date | None = None


class KwalificatieRegister:
    """A lookup of kwalificaties by crebonummer."""

    def __init__(self, items: Iterable[Kwalificatie], *, bron: str, is_default: bool) -> None:
        self._items = {k.crebo: k for k in items}
        self.bron = bron
        self.is_default = is_default

    def __len__(self) -> int:
        return len(self._items)

    def get(self, crebo: str) -> Kwalificatie | None:
        return self._items.get(crebo)

    @classmethod
    def default(cls) -> KwalificatieRegister:
        """The bundled 2015 register (read once per process)."""
        return _default_register()

    @classmethod
    def from_file(cls, path: Path) -> KwalificatieRegister:
        """Read a user's register (SBB codelijst) from .csv or .xlsx."""
        if not path.is_file():
            raise ConfigurationError(
                f"Het kwalificatieregister '{path}' bestaat niet.", code="register-ontbreekt"
            )
        try:
            items = list(_parse_rows(read_table(path, "het kwalificatieregister"), str(path)))
        except InputError as exc:
            raise ConfigurationError(exc.bericht, code="register-onleesbaar") from exc
        if not items:
            raise ConfigurationError(
                f"Het kwalificatieregister '{path}' bevat geen kwalificaties.",
                code="register-leeg",
            )
        return cls(items, bron=str(path), is_default=False)


def _column_map(headers: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in headers:
        folded = normalize_header(header)
        for key, aliases in _ALIASES.items():
            if key not in found and (folded in aliases or folded.replace(" ", "_") == key):
                found[key] = header
    return found


def _parse_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_rows(rows: Iterable[Mapping[str, object]], bron: str) -> Iterator[Kwalificatie]:
    columns: dict[str, str] | None = None
    for number, row in enumerate(rows, start=2):
        if columns is None:
            columns = _column_map(row.keys())
            missing = [k for k in ("crebo", "naam", "niveau") if k not in columns]
            if missing:
                raise ConfigurationError(
                    f"Het kwalificatieregister '{bron}' mist de kolom(men): "
                    + ", ".join(missing)
                    + ".",
                    code="register-kolom-ontbreekt",
                )
        crebo = str(row.get(columns["crebo"]) or "").strip()
        if not crebo:
            continue
        try:
            niveau = int(str(row.get(columns["niveau"])).strip())
            van = _parse_date(row.get(columns["geldig_van"])) if "geldig_van" in columns else None
            tot = _parse_date(row.get(columns["geldig_tot"])) if "geldig_tot" in columns else None
        except ValueError as exc:
            raise ConfigurationError(
                f"Het kwalificatieregister '{bron}' heeft op rij {number} een ongeldige "
                "waarde: het niveau moet een getal zijn en geldig_van en geldig_tot een datum "
                "(bijvoorbeeld 2026-09-01).",
                code="register-waarde-ongeldig",
            ) from exc
        yield Kwalificatie(crebo, str(row.get(columns["naam"]) or "").strip(), niveau, van, tot)


@cache
def _default_register() -> KwalificatieRegister:
    source = resources.files("overeenkomsten") / "data" / "kwalificaties-2015.csv"
    with resources.as_file(source) as path:
        rows = list(read_csv_table(path, "het meegeleverde kwalificatieregister"))
    # The 2015 geldig_vanaf says when a kwalificatie was established, not a limit on
    # trajectories: only a user's register with explicit validity limits the startdatum.
    items = [
        Kwalificatie(row["crebo"].strip(), row["kwalificatie"].strip(), int(row["niveau"]))
        for row in rows
    ]
    return KwalificatieRegister(items, bron="kwalificaties 2015 (meegeleverd)", is_default=True)
