"""Digital signatures (PAdES, pyHanko): sign, inspect, seal. pyHanko lives only here.

pyHanko takes about a second to import, so the functions load on first use: importing
the :class:`Handtekening` record (as the check and the command line do) stays cheap.
"""

from __future__ import annotations

import importlib
import logging
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


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
