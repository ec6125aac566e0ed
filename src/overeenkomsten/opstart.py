"""Start-up of a process that ends after its job: import first, then freeze what is loaded.

Python's cyclic garbage collector walks, on each full collection, every object it tracks.
A check imports pydantic, pyHanko, pypdf and the renderer: a few hundred thousand objects
(functions, classes, schemas) that live as long as the process. Collected as usual, the
check walks them again and again while it works: about a fifth of its time. So a command
collects nothing while it starts, imports what its work will need, and then moves
everything that exists into the permanent generation (:func:`gc.freeze`) and collects
again: later collections look only at what the work itself makes.

What is frozen is never collected; in a process that ends after its job (a command, a
worker of a bulk check) that is only what start-up left behind. A long-running server
(``overeenkomsten web``) freezes once, at start, which is also what its workers want.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterable

#: What a check (``controleer``, ``status``, ``bundel``) imports on its way when it meets
#: PDFs: PDFium's text layer and pyHanko's validation. A check of a folder without PDFs
#: imports them for nothing (about 0.2 s); every signed set needs them. The renderer that
#: X15 compares a document's text with is left out: a check of a text it has compared
#: before (``controle/tekstcache.py``) does not need it.
CONTROLE = (
    "overeenkomsten.instellingen",
    "overeenkomsten.dossier.herkennen",
    "overeenkomsten.handtekeningen.inspectie",
    "overeenkomsten.controle.tekstvergelijking",
    "overeenkomsten.controle.ooxml",
    "pypdfium2",
    "pypdf.filters",
    "pyhanko.pdf_utils.filters",
    "cryptography.hazmat.backends.openssl",
    "rich._emoji_codes",  # the report's markup
)

_begun = [False]  # begin() ran in this process: ready() may freeze and collect again


def begin() -> None:
    """Collect nothing while the process starts (imports make little garbage). Only for
    the process's own start: a test runner or an application calling the command line in
    its own process keeps its collector as it is."""
    gc.disable()
    _begun[0] = True


def ready(modules: Iterable[str] = ()) -> None:
    """Import ``modules`` (what the work will import on its way); after :func:`begin`,
    freeze everything that exists now and collect again from here on."""
    for module in modules:
        importlib.import_module(module)
    if _begun[0]:
        _begun[0] = False
        gc.freeze()
        gc.enable()


def worker(modules: Iterable[str]) -> None:
    """The start of a worker process (a bulk check's): import, freeze, collect again."""
    begin()
    ready(modules)
