"""One family of errors, and the structured problems that validation returns.

Exceptions are for when something cannot run at all (an unreadable workbook, a missing
LibreOffice); problems found *in* an input are returned as :class:`Problem` items so that
every problem of a file is reported at once. Every error and problem carries a stable
kebab-case ``code`` and a Dutch ``bericht`` (message) meant for the user.
"""

from __future__ import annotations

import errno
import os
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


_IN_USE = (
    "het is in gebruik door een ander programma",
    "Sluit het bestand in dat programma (bijvoorbeeld Excel of een PDF-lezer) en probeer "
    "het opnieuw.",
)
_NO_ACCESS = (
    "geen toegang: het is alleen-lezen of vergrendeld, u hebt er geen rechten op, of het is "
    "geopend in een ander programma",
    "Sluit het in andere programma's (zoals Excel of een PDF-lezer), controleer de rechten, "
    "of kies een andere map (bijvoorbeeld met --uit).",
)
_FULL = (
    "de schijf is vol",
    "Maak ruimte vrij, of kies een map op een andere schijf, en probeer het opnieuw.",
)
_NETWORK = (
    "de (netwerk)schijf reageert niet",
    "Controleer de verbinding met de schijf en probeer het opnieuw.",
)
_TOO_MANY = (
    "er staan te veel bestanden tegelijk open",
    "Sluit andere programma's, of gebruik minder werkers (--werkers), en probeer het opnieuw.",
)
#: errno -> (what happened, what to do), in Dutch. The operating system's own text is
#: English (``strerror``) and never shown.
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: ("uw schijfruimte (quotum) is op", _FULL[1]),
    errno.EFBIG: ("het bestand wordt te groot voor deze schijf", _FULL[1]),
    errno.EACCES: _NO_ACCESS,
    errno.EPERM: _NO_ACCESS,
    errno.EROFS: (
        "de schijf is alleen-lezen",
        "Kies een map waarin geschreven mag worden (bijvoorbeeld met --uit).",
    ),
    errno.ENOENT: (
        "het bestaat niet (meer)",
        "Controleer het pad. Is het bestand of de map tijdens het werk verplaatst of "
        "verwijderd? Zet het terug en probeer het opnieuw.",
    ),
    errno.EISDIR: ("dit is een map, maar hier is een bestand nodig", "Geef een bestandsnaam op."),
    errno.ENOTDIR: (
        "een deel van dit pad is een bestand, maar daar is een map nodig",
        "Geef een map op, of kies een andere naam.",
    ),
    errno.EEXIST: ("het bestaat al", "Kies een andere naam of verplaats het bestaande."),
    errno.ENOTEMPTY: ("de map is niet leeg", "Kies een andere map of maak deze leeg."),
    errno.EBUSY: _IN_USE,
    errno.ETXTBSY: _IN_USE,
    errno.EAGAIN: _IN_USE,
    errno.EMFILE: _TOO_MANY,
    errno.ENFILE: _TOO_MANY,
    errno.ENAMETOOLONG: (
        "de naam of het pad is te lang voor het bestandssysteem",
        "Kies een map met een korter pad.",
    ),
    errno.ELOOP: (
        "het pad verwijst via symbolische koppelingen naar zichzelf",
        "Controleer de koppelingen (symlinks) in het pad.",
    ),
    errno.EIO: (
        "de schijf gaf een lees- of schrijffout",
        "Controleer de schijf, USB-stick of netwerkverbinding en probeer het opnieuw.",
    ),
    errno.ENOMEM: (
        "er is niet genoeg geheugen",
        "Sluit andere programma's, of gebruik minder werkers (--werkers).",
    ),
    errno.EXDEV: (
        "het kan niet van de ene schijf naar de andere worden verplaatst",
        "Kies een uitvoermap op dezelfde schijf, of meld dit aan de beheerder.",
    ),
    errno.EINVAL: (
        "de naam of de handeling is ongeldig voor dit bestandssysteem",
        "Kies een andere map of naam (sommige tekens mogen niet in bestandsnamen).",
    ),
    errno.ETIMEDOUT: _NETWORK,
    errno.EHOSTDOWN: _NETWORK,
    errno.ENETDOWN: _NETWORK,
    errno.ESTALE: _NETWORK,
}
#: Windows: a file opened by another program (Excel, a PDF reader) is locked for writing.
_WINDOWS_IN_USE = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def os_reason(exc: OSError) -> tuple[str, str]:
    """What an operating-system error means and what the user can do, both in Dutch.

    Messages inside the library use the first part (``"... kan niet worden gelezen (geen
    toegang ...)"``); the command line's error boundary builds a whole sentence with both.
    """
    if getattr(exc, "winerror", None) in _WINDOWS_IN_USE:
        return _IN_USE
    found = _OS_REASONS.get(exc.errno or 0)
    if found is not None:
        return found
    return (
        f"het besturingssysteem meldt foutcode {exc.errno}" if exc.errno else "onbekende fout",
        "Controleer het bestand of de map en probeer het opnieuw; blijft het misgaan, meld het "
        "dan aan de beheerder.",
    )


def os_path(exc: OSError) -> str | None:
    """The path an operating-system error is about, as the user would recognise it.

    A failed rename names the temporary file first and the user's file second; the
    user's file is the one to mention.
    """
    for name in (exc.filename2, exc.filename):
        if isinstance(name, str | bytes | os.PathLike):
            return os.fsdecode(name)
    return None
