"""``manifest.json``: what a dossier holds, so that a reader can verify it without us.

The manifest names every original (file name, SHA-256, size, pages, page labels), the
signatures found in it at bundling time, the check's verdict and findings, and who made the
dossier when. Keys are Dutch and part of the dossier format (docs/dossier.md). The BSN is
never in it (domein.md section 9): the trajectory summary leaves it out, and findings are
scrubbed of the record's BSN before they are written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from overeenkomsten.basis.pdf import MANIFEST_NAAM as MANIFEST_NAAM
from overeenkomsten.errors import BundleError
from overeenkomsten.handtekeningen.types import Handtekening

FORMAAT = "overeenkomsten-dossier"
FORMAATVERSIE = 1


class _Deel(BaseModel):
    # A dossier made by a newer version may carry more keys: read what we know.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Programma(_Deel):
    naam: str
    versie: str


class ManifestDocument(_Deel):
    """One original: ``bestand`` is both its file name and its attachment name."""

    document: str | None = Field(description="OOK, POK, PLOK, PV, of null als onbekend")
    titel: str
    bestand: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    grootte: int = Field(ge=0)
    paginas: int = Field(ge=0)
    paginalabels: str | None = None
    handtekeningen: list[dict[str, Any]] = Field(default_factory=list)


class ManifestControle(_Deel):
    oordeel: str
    bevindingen: list[dict[str, Any]] = Field(default_factory=list)


class Manifest(_Deel):
    formaat: Literal["overeenkomsten-dossier"] = "overeenkomsten-dossier"
    formaatversie: int = FORMAATVERSIE
    traject_id: str | None
    traject: dict[str, str] | None = None
    #: The record's ``afronding`` (the end of the trajectory: real end date, werkprocessen
    #: learned, date of issue; never a BSN), null before the end (X11).
    afronding: dict[str, Any] | None = None
    gemaakt_op: dt.datetime
    programma: Programma
    zegel: bool
    ook_bij_fouten: bool = False
    documenten: list[ManifestDocument]
    controle: ManifestControle

    def to_json(self) -> bytes:
        return json.dumps(
            self.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=False
        ).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse a manifest; :class:`BundleError` (``manifest-ongeldig``) when it is not one."""
        try:
            return cls.model_validate_json(data)
        except ValidationError as exc:
            plekken = ", ".join(
                ".".join(str(p) for p in err["loc"]) or "(geheel)" for err in exc.errors()[:5]
            )
            raise BundleError(
                f"Het manifest van het dossier is ongeldig of beschadigd (bij: {plekken}).",
                code="manifest-ongeldig",
            ) from exc


def signature_dict(handtekening: Handtekening) -> dict[str, Any]:
    """A signature as JSON-safe dict (times as ISO 8601)."""
    out: dict[str, Any] = {}
    for key, value in dataclasses.asdict(handtekening).items():
        out[key] = value.isoformat() if isinstance(value, dt.datetime) else value
    return out


def scrub(value: Any, geheimen: tuple[str, ...]) -> Any:
    """``value`` with every occurrence of each secret (a BSN) masked, recursively."""
    if not geheimen:
        return value
    if isinstance(value, str):
        for geheim in geheimen:
            if geheim:
                value = value.replace(geheim, "*" * (len(geheim) - 4) + geheim[-4:])
        return value
    if isinstance(value, dict):
        return {scrub(k, geheimen): scrub(v, geheimen) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v, geheimen) for v in value]
    return value
