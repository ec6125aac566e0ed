"""Locks on folders, so that two writers never check-then-write the same folder at once.

Two kinds (domein.md section 7, issue 10):

* a **run lock** per output folder, held by ``batch`` and ``genereer`` for their whole run:
  a second run on the same folder stops at once with a Dutch message;
* a short **trajectory lock** per trajectory folder, taken by every writer (the engine,
  ``onderteken``, ``attesteer``, ``bundel``) around its check-then-write, waiting a while
  for the other writer to finish.

Both are ``flock`` locks on the folder itself (its directory descriptor): nothing is
written to lock, a lock dies with its process (also on ``kill -9``), and a folder that is
not ours (``onderteken`` in a user's Downloads) gets no lock file. These are the command
line's locks; a web application would use its database's locks instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from overeenkomsten._getallen import aantal
from overeenkomsten.errors import InputError

WAIT_SECONDS = 30.0
"""How long a writer waits for another writer of the same trajectory folder."""


@contextlib.contextmanager
def run_lock(map: Path, *, opdracht: str) -> Iterator[None]:
    """Hold the run lock of the output folder ``map`` (which must exist).

    ``opdracht`` names the command in the Dutch message a second run gets: ``batch``,
    ``genereer``.
    """
    with _flock(map, wait=0.0) as locked:
        if not locked:
            raise InputError(
                f"Er draait al een opdracht (batch of genereer) in de map '{map}'. Wacht tot "
                f"die klaar is voordat u {opdracht} start, of kies een andere map met --uit.",
                code="map-bezig",
            )
        yield


@contextlib.contextmanager
def trajectory_lock(map: Path, *, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the short lock of the trajectory folder ``map`` around a check-then-write.

    Waits up to ``wait`` seconds for another writer; then a Dutch :class:`InputError`
    (code ``traject-bezig``). A folder that does not exist is not locked (there is nothing
    to overwrite in it).
    """
    if not map.is_dir():
        yield
        return
    with _flock(map, wait=wait) as locked:
        if not locked:
            raise InputError(
                f"Een andere opdracht schrijft al {aantal(round(wait), 'seconde')} in de map "
                f"'{map}'. "
                "Probeer het zo nog eens.",
                code="traject-bezig",
            )
        yield


@contextlib.contextmanager
def _flock(map: Path, *, wait: float) -> Iterator[bool]:
    descriptor = os.open(map, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
        yield True
    finally:
        os.close(descriptor)
