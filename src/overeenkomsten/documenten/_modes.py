"""Ordinary permissions for what we create through ``tempfile`` (which makes it private).

``mkdtemp`` and ``mkstemp`` create 0700 folders and 0600 files; output that other people
open (a shared dossier folder) should get the permissions the user's umask gives.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


@cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def as_folder(path: Path) -> None:
    path.chmod(0o777 & ~_umask())


def as_file(path: Path) -> None:
    path.chmod(0o666 & ~_umask())
