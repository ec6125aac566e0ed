"""The data folder (``OVEREENKOMSTEN_DATA``): everything one installation keeps.

Read by the settings and by the ``web`` command; it imports nothing of Django, so the
command can prepare the folder before Django starts.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

SLEUTEL = "geheim.key"


def prepare(data: Path) -> Path:
    """Make the data folder and its parts; returns the folder as an absolute path."""
    data = data.expanduser().resolve()
    if not data.exists():
        # Records hold BSNs: a folder made here is the server's user's alone.
        data.mkdir(parents=True, mode=0o700)
    for part in (data / "bestanden", data / "werk", data / "statisch"):
        part.mkdir(mode=0o700, exist_ok=True)
    return data


def secret_key(data: Path) -> str:
    """The installation's secret key, from ``<data>/geheim.key``; made on first use.

    Written with mode 0600 under a temporary name and linked into place, so that two
    processes starting at once (the server and its worker) end up with one key.
    """
    path = data / SLEUTEL
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        temporary = data / f".{SLEUTEL}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(50))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won: its key counts
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    return path.read_text(encoding="ascii").strip()
