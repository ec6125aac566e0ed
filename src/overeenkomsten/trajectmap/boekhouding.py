"""What the tool wrote in a folder, by SHA-256, so that it never touches anything else.

Domein.md section 7: the tool records the SHA-256 of every file it writes (in the folder's
``.overeenkomsten/``) and never deletes or overwrites a file it did not write, or whose
bytes changed since it wrote it (a signature, a user's edit). :class:`Boekhouding` is that
record for one folder; :meth:`Boekhouding.write` is the only way the engine puts a file in
place: through a temporary file inside ``.overeenkomsten/tmp/`` (never in ``$TMPDIR``,
never beside the user's files), renamed in one step, recorded at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

STATE_DIR = ".overeenkomsten"
LEDGER = "geschreven.json"
TMP = "tmp"


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a regular file (not followed through a symlink); None when absent."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except FileNotFoundError:
        return None


def state_dir(folder: Path) -> Path:
    """``folder/.overeenkomsten``, made when missing; refused when it is a symlink or a file
    (the tool never writes through a link it did not make)."""
    path = folder / STATE_DIR
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        path.mkdir(exist_ok=True)
        return path
    if not stat.S_ISDIR(mode):
        raise NotADirectoryError(20, "geen map (of een snelkoppeling)", str(path))
    return path


def temp_dir(folder: Path) -> Path:
    """``folder/.overeenkomsten/tmp``: where this folder's temporary files live."""
    path = state_dir(folder) / TMP
    path.mkdir(exist_ok=True)
    return path


def remove_temporaries(folder: Path) -> None:
    """Remove what an interrupted run left in ``folder/.overeenkomsten/tmp`` (only there:
    everything in it is the tool's by construction). Symlinks are not followed."""
    path = folder / STATE_DIR / TMP
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(path.lstat().st_mode) and stat.S_ISDIR(
            (folder / STATE_DIR).lstat().st_mode
        ):
            shutil.rmtree(path, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


KEPT_DIGESTS = 8
"""Per name, the SHA-256 of the last writes remembered: the digest is recorded *before* a
file is put in place, so a run killed between the two still knows the file is its own."""


class Boekhouding:
    """The files the tool wrote in one folder: name -> SHA-256 of the bytes it wrote there
    (the last few writes; a signed or edited file matches none of them)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, list[str]] = {}
        path = folder / STATE_DIR / LEDGER
        with contextlib.suppress(OSError, ValueError, AttributeError):
            data = json.loads(path.read_text(encoding="utf-8"))
            for name, digests in data.get("bestanden", {}).items():
                if isinstance(digests, list):
                    self._files[str(name)] = [str(d) for d in digests][-KEPT_DIGESTS:]

    def is_ours(self, path: Path) -> bool:
        """True when the tool wrote ``path`` and its bytes are unchanged since."""
        recorded = self._files.get(path.name, [])
        return bool(recorded) and path.parent == self.folder and sha256_of(path) in recorded

    def expect(self, name: str, digest: str) -> None:
        """Record that the tool is about to put bytes with ``digest`` in place as ``name``
        (call :meth:`save` before the rename)."""
        digests = [d for d in self._files.get(name, []) if d != digest]
        self._files[name] = [*digests, digest][-KEPT_DIGESTS:]

    def may_replace(self, path: Path) -> bool:
        """True when ``path`` does not exist (not even as a broken link) or is ours."""
        if not os.path.lexists(path):
            return True
        return self.is_ours(path)

    def write(self, name: str, data: bytes) -> Path:
        """Put ``data`` in place as ``folder/name`` and record it (the caller has checked
        :meth:`may_replace` under the trajectory lock)."""
        with self.staged(name) as tmp:
            tmp.write_bytes(data)
        return self.folder / name

    def adopt(self, staged: Path, name: str) -> Path:
        """Move a finished temporary file (on this file system) into place as ``name``;
        its digest is recorded (and saved) first when it was not expected yet."""
        target = self.folder / name
        os.chmod(staged, 0o666 & ~_umask())
        digest = sha256_of(staged)
        if digest is not None and digest not in self._files.get(name, []):
            self.expect(name, digest)
            self.save()
        os.replace(staged, target)
        return target

    @contextlib.contextmanager
    def staged(self, name: str) -> Iterator[Path]:
        """A temporary path in ``.overeenkomsten/tmp``; on success it becomes ``name``."""
        fd, tmp_name = tempfile.mkstemp(prefix="schrijf-", suffix=".tmp", dir=temp_dir(self.folder))
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            yield tmp
            with tmp.open("rb") as handle:
                os.fsync(handle.fileno())
            self.adopt(tmp, name)
        finally:
            tmp.unlink(missing_ok=True)

    def save(self) -> None:
        """Write the record itself (atomically, inside ``.overeenkomsten``)."""
        data = json.dumps({"bestanden": dict(sorted(self._files.items()))}, indent=1) + "\n"
        fd, tmp_name = tempfile.mkstemp(prefix="schrijf-", suffix=".tmp", dir=temp_dir(self.folder))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, state_dir(self.folder) / LEDGER)
        finally:
            Path(tmp_name).unlink(missing_ok=True)
