"""Digital signatures (PAdES, pyHanko): sign, inspect, seal. pyHanko lives only here.

pyHanko takes about a second to import, so the functions load on first use: importing
the :class:`Handtekening` record (as the check and the command line do) stays cheap.

A check needs only pyHanko's validation, but ``pyhanko/sign/__init__.py`` re-exports the
signers, and importing any ``pyhanko.sign.*`` module runs it: that drags in the signing
stack with aiohttp and requests (a third of a check's start-up). :func:`_lazy_pyhanko_sign`
makes that package initialiser run only when one of its re-exported names is used.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import threading
from types import ModuleType
from typing import TYPE_CHECKING

from overeenkomsten.handtekeningen.types import Handtekening

if TYPE_CHECKING:
    from overeenkomsten.handtekeningen.inspectie import inspect_signatures
    from overeenkomsten.handtekeningen.ondertekenen import LocalTimestampAuthority, sign_pdf

__all__ = ["Handtekening", "LocalTimestampAuthority", "inspect_signatures", "sign_pdf"]

_LAZY = {
    "inspect_signatures": "inspectie",
    "sign_pdf": "ondertekenen",
    "LocalTimestampAuthority": "ondertekenen",
}

# pyHanko logs every untrusted certificate as a warning with a traceback; without a
# handler Python would print those (English) tracebacks to the user's terminal. An
# application that configures logging still receives them.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def _lazy_pyhanko_sign() -> None:
    """Register the package ``pyhanko.sign`` without running its ``__init__`` yet.

    Its submodules (``pyhanko.sign.validation``, ``.fields``, ``.signers``...) import as
    usual. The first use of a name only the ``__init__`` defines (``pyhanko.sign.PdfSigner``,
    ``from pyhanko.sign import DEFAULT_MD``) runs the ``__init__`` then, so every caller
    still sees the whole package. Does nothing when ``pyhanko.sign`` is already imported.
    """
    if "pyhanko.sign" in sys.modules:
        return
    spec = importlib.util.find_spec("pyhanko.sign")
    if spec is None or spec.loader is None:  # pragma: no cover - pyHanko is a dependency
        return
    loader = spec.loader
    package = importlib.util.module_from_spec(spec)
    lock = threading.Lock()  # the web app's threads may be the first to ask

    def initialise(name: str) -> object:
        if not name.startswith("__"):
            try:  # a submodule: ``from pyhanko.sign import fields`` asks hasattr first
                return importlib.import_module(f"pyhanko.sign.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"pyhanko.sign.{name}":
                    raise
        with lock:
            if "__getattr__" in vars(package):
                del package.__getattr__
                loader.exec_module(package)
        return getattr(package, name)

    package.__getattr__ = initialise  # type: ignore[method-assign]
    sys.modules["pyhanko.sign"] = package
    parent: ModuleType = importlib.import_module("pyhanko")
    parent.sign = package  # type: ignore[attr-defined]


_lazy_pyhanko_sign()


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
