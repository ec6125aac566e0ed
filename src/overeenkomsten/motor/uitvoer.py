"""The output folder of a run (``--uit``): checked, made, locked, and tidied of what an
interrupted run of the tool left (only that: the tool's own ``.overeenkomsten/tmp``)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from overeenkomsten.basis.slot import run_lock
from overeenkomsten.documenten.pdf import remove_stale_work
from overeenkomsten.errors import InputError
from overeenkomsten.trajectmap.boekhouding import STATE_DIR, TMP, remove_temporaries


@contextlib.contextmanager
def output_folder(uit: Path, *, opdracht: str) -> Iterator[Path]:
    """Make ``uit`` when missing, hold its run lock, and remove the temporary files of an
    earlier run that was killed. Raises :class:`InputError` when ``uit`` is a file or
    another run holds the lock; an OSError (no permission, read-only) goes up with its path.
    """
    if os.path.lexists(uit) and not uit.is_dir():
        raise InputError(
            f"De uitvoermap '{uit}' is een bestand, geen map. Geef met --uit een map op (of "
            "een naam die nog niet bestaat).",
            code="uitvoermap-ongeldig",
        )
    uit.mkdir(parents=True, exist_ok=True)
    with run_lock(uit, opdracht=opdracht):
        remove_leftovers(uit)
        yield uit


def remove_leftovers(uit: Path) -> None:
    """What a killed run left: LibreOffice work folders (their processes are stopped) and
    temporary files, all inside ``.overeenkomsten/tmp`` of ``uit`` and of each trajectory
    folder. Nothing else is touched: a user's own dot-folders and ``.*.tmp`` files stay,
    and symlinks are not followed."""
    tmp = uit / STATE_DIR / TMP
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(tmp.lstat().st_mode):
            remove_stale_work(tmp)
    remove_temporaries(uit)
    for entry in os.scandir(uit):
        if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
            remove_temporaries(Path(entry.path))
