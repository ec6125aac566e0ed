"""The settings of one command, resolved once at the ``api`` edge and handed down.

A user names configuration as files (``--register``, ``--sjablonen``);
:func:`resolve_settings` reads each of them exactly once, with a Dutch error for each way
it can fail, and returns a frozen :class:`Settings`. The engine (``genereer``, ``batch``)
and its workers take that, never a path to a configuration file, as pyHanko builds its
validation context once and passes it to every validation. (Trust roots and erkenningen
are still resolved by the check and the signature module themselves.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from overeenkomsten.documenten.pdf import find_soffice
from overeenkomsten.documenten.render import TemplateSet, default_template_dir
from overeenkomsten.errors import ConversionError
from overeenkomsten.register import KwalificatieRegister


@dataclass(frozen=True)
class Settings:
    """Everything a command was configured with, read and checked.

    ``register``: the kwalificatie register; ``sjablonen``: the template folder in use
    (the shipped one unless ``--sjablonen``); ``soffice``: the LibreOffice program, None
    when it is not installed (only PDFs need it: :meth:`libreoffice`).
    """

    register: KwalificatieRegister
    sjablonen: Path
    soffice: str | None = None

    def check_templates(self) -> None:
        """Compile the templates (cached per process): a broken or hostile template stops a
        run before anything is written, not even the output folder."""
        TemplateSet(self.sjablonen).compile_all()

    def libreoffice(self) -> str:
        """The LibreOffice program; a Dutch :class:`ConversionError` when it is missing."""
        return find_soffice(self.soffice)

    @cached_property
    def sjablonen_digest(self) -> str:
        """A digest of the template files' bytes: editing a template regenerates a set."""
        digest = hashlib.sha256()
        for path in sorted(self.sjablonen.glob("*.docx")):
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()


def resolve_settings(*, register: Path | None = None, sjablonen: Path | None = None) -> Settings:
    """Read every configuration file named, once. Raises
    :class:`~overeenkomsten.errors.ConfigurationError` for an unusable register, before any
    work starts."""
    try:
        soffice: str | None = find_soffice()
    except ConversionError:
        soffice = None
    return Settings(
        register=KwalificatieRegister.default()
        if register is None
        else KwalificatieRegister.from_file(register),
        sjablonen=default_template_dir() if sjablonen is None else sjablonen,
        soffice=soffice,
    )
