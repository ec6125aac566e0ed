"""The settings of one command, resolved once at the ``api`` edge and handed down.

A user names configuration as files (``--register``, ``--sjablonen``, ``--vertrouwd``,
``--crl``, ``--erkenningen``); an application (the web app) may hold the same material
already loaded: a register, PEM bytes of an organisation's trust roots from its database,
a list of erkenningen. :func:`resolve_settings` takes either, reads each file exactly once
with a Dutch :class:`~overeenkomsten.errors.ConfigurationError` for each way it can fail
(the command line turns it into exit 2), and returns a frozen :class:`Settings`. Every
stage below takes that, or the loaded piece it needs, never a path to a configuration file
and never the environment, as pyHanko builds its validation context once and passes it to
every validation. A :class:`Settings` is picklable: worker processes receive it loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from overeenkomsten.controle.erkenningen import Erkenning, read_erkenningen
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.paden import default_template_dir
from overeenkomsten.register import KwalificatieRegister


@dataclass(frozen=True)
class Settings:
    """Everything a command was configured with, read and checked.

    ``register``: the kwalificatie register; ``sjablonen``: the template folder in use
    (the shipped one unless ``--sjablonen``); ``soffice``: the LibreOffice program to use,
    None to look for it on the PATH when PDFs are needed (:meth:`libreoffice`);
    ``vertrouwd``: trust roots and revocation lists, loaded (empty: none given);
    ``erkenningen``: the SBB erkenningen, None when not given (rule X6 is then not
    checked).
    """

    register: KwalificatieRegister
    sjablonen: Path
    soffice: str | None = None
    vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN
    erkenningen: tuple[Erkenning, ...] | None = None

    def check_templates(self) -> None:
        """Compile the templates (cached per process): a broken or hostile template stops a
        run before anything is written, not even the output folder."""
        from overeenkomsten.documenten.render import TemplateSet

        TemplateSet(self.sjablonen).compile_all()

    def libreoffice(self) -> str:
        """The LibreOffice program; a Dutch :class:`ConversionError` when it is missing."""
        from overeenkomsten.documenten.pdf import find_soffice

        return find_soffice(self.soffice)

    @cached_property
    def sjablonen_digest(self) -> str:
        """A digest of the template files' bytes: editing a template regenerates a set."""
        digest = hashlib.sha256()
        for path in sorted(self.sjablonen.glob("*.docx")):
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()


def resolve_settings(
    *,
    register: Path | KwalificatieRegister | None = None,
    sjablonen: Path | None = None,
    vertrouwd: Vertrouwensbasis | Sequence[Path | bytes] = (),
    crl: Sequence[Path | bytes] = (),
    erkenningen: Path | Sequence[Erkenning] | None = None,
    soffice: str | None = None,
) -> Settings:
    """Read every configuration file named, once, before any work starts.

    Each option takes a path (as a user names it) or the material already loaded:
    ``register`` a :class:`KwalificatieRegister` (None: the bundled one); ``vertrouwd`` a
    :class:`Vertrouwensbasis`, or files and PEM/DER bytes of root certificates (a file or
    bytes holding a revocation list is used as one), ``crl`` revocation lists as files or
    bytes; ``erkenningen`` a list of :class:`Erkenning` (None: not given). The environment
    (``OVEREENKOMSTEN_VERTROUWD``) is not read here: the ``api`` reads it for the commands
    that judge signatures. Raises :class:`~overeenkomsten.errors.ConfigurationError` for
    an unusable register, trust root, CRL or erkenningen file.
    """
    if isinstance(register, Path):
        register = KwalificatieRegister.from_file(register)
    if isinstance(erkenningen, Path):
        erkenningen = read_erkenningen(erkenningen)
    return Settings(
        register=KwalificatieRegister.default() if register is None else register,
        sjablonen=default_template_dir() if sjablonen is None else sjablonen,
        soffice=soffice,
        vertrouwd=load_trust(vertrouwd, crl),
        erkenningen=None if erkenningen is None else tuple(erkenningen),
    )


def load_trust(
    vertrouwd: Vertrouwensbasis | Sequence[Path | bytes], crl: Sequence[Path | bytes] = ()
) -> Vertrouwensbasis:
    """Trust roots and CRLs from files, bytes, or both; loaded once."""
    if isinstance(vertrouwd, Vertrouwensbasis):
        if not crl:
            return vertrouwd
        extra = load_trust((), crl)
        return Vertrouwensbasis(vertrouwd.roots, vertrouwd.crls + extra.crls)
    if not vertrouwd and not crl:
        return ZONDER_VERTROUWEN
    return Vertrouwensbasis.from_sources(vertrouwd, crl)
