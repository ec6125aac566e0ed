"""One family of errors, and the structured problems that validation returns.

Exceptions are for when something cannot run at all (an unreadable workbook, a missing
LibreOffice); problems found *in* an input are returned as :class:`Problem` items so that
every problem of a file is reported at once. Every error and problem carries a stable
kebab-case ``code`` and a Dutch ``bericht`` (message) meant for the user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Ernst = Literal["fout", "waarschuwing"]


@dataclass(frozen=True)
class Location:
    """Where something happened, in the user's terms (file, sheet, Excel row, column header)."""

    bestand: str | None = None
    blad: str | None = None
    rij: int | None = None
    kolom: str | None = None
    pad: str | None = None


class OvereenkomstenError(Exception):
    """Root of every error this package raises on purpose.

    ``bericht`` is a complete Dutch sentence for the user; ``code`` is stable for scripts.
    """

    default_code = "fout"

    def __init__(
        self, bericht: str, *, code: str | None = None, locatie: Location | None = None
    ) -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.code = code or self.default_code
        self.locatie = locatie or Location()

    def __str__(self) -> str:
        plaats = ", ".join(
            f"{naam} {waarde}"
            for naam, waarde in asdict(self.locatie).items()
            if waarde is not None
        )
        return f"{self.bericht} ({plaats})" if plaats else self.bericht


class InputError(OvereenkomstenError):
    """An input file cannot be read at all (missing, not a workbook, encrypted, too large)."""

    default_code = "invoer-onleesbaar"


class TemplateError(OvereenkomstenError):
    """A Word template is missing, broken, or uses something the record does not have."""

    default_code = "sjabloon-fout"


class ConversionError(OvereenkomstenError):
    """LibreOffice is missing or could not convert a document to PDF."""

    default_code = "conversie-fout"


class BundleError(OvereenkomstenError):
    """A dossier cannot be bundled, sealed or read."""

    default_code = "bundel-fout"


class SignatureError(OvereenkomstenError):
    """A PDF cannot be signed (bad key file, wrong password, unknown role)."""

    default_code = "handtekening-fout"


class ConfigurationError(OvereenkomstenError):
    """A setting or option is wrong (for instance an unreadable register or trust root)."""

    default_code = "configuratie-fout"


@dataclass
class Problem:
    """One validation problem (``fout``) or warning (``waarschuwing``) in an input.

    The field names are the JSON keys of ``valideer --json`` (domein.md section 11).
    ``waarde`` is already masked where it is a BSN.
    """

    code: str
    bericht: str
    ernst: Ernst = "fout"
    waarde: Any = None
    pad: str | None = None
    bestand: str | None = None
    blad: str | None = None
    rij: int | None = None
    kolom: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The problem as the JSON object of the command-line contract."""
        return {
            "bestand": self.bestand,
            "blad": self.blad,
            "rij": self.rij,
            "kolom": self.kolom,
            "pad": self.pad,
            "waarde": self.waarde,
            "code": self.code,
            "bericht": self.bericht,
        }


def mask_bsn(value: object) -> str:
    """Mask a BSN for display: only the last four characters stay (``*****2333``)."""
    text = "" if value is None else str(value)
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]
