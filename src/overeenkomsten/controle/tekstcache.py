"""A remembered outcome of the X15 text comparison, so that a set checked again is not
rendered again.

Rendering a document's template for its record costs more than everything else the check
does to that document's text (importing docxtpl and compiling the template: about a quarter
of a second for a set). What the comparison needs from the render is only the list of
expected sentences, and in the common case (nothing changed) only whether the document's
sentences are exactly those. So the cache keeps, per template hash, document type, record
and tool code, a fingerprint of the expected sentences; a document whose own sentences
give the same fingerprint has nothing to report, and one that differs is rendered as
before (the diff is shown from the real render, never from the cache).

Privacy (domein.md section 9): the cache holds no text and no record, only keyed hashes
(HMAC-SHA256 with a random key made on first use and readable by the user alone), so
nothing in it can be reversed into a name or a date. It lives in
``$OVEREENKOMSTEN_CACHE`` or else ``$XDG_CACHE_HOME/overeenkomsten`` (``~/.cache``);
``OVEREENKOMSTEN_CACHE=uit`` switches it off. Any problem with the folder (read-only, full,
another user's) only means the comparison renders, as without a cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from overeenkomsten import __version__

UIT = {"uit", "0", "nee", "off", "false"}
_KEY_FILE = "sleutel"
_FOLDER = "x15"


def cache_folder() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    chosen = os.environ.get("OVEREENKOMSTEN_CACHE", "").strip()
    if chosen.casefold() in UIT:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "overeenkomsten"


def fingerprint(sentences: Sequence[str]) -> str:
    """The hash of a list of sentences, as compared."""
    return hashlib.sha256(json.dumps(list(sentences), ensure_ascii=False).encode()).hexdigest()


def remembered(sleutel: Sequence[str]) -> str | None:
    """The fingerprint stored for ``sleutel`` (template hash, type, record), or None."""
    path = _entry(sleutel)
    if path is None:
        return None
    try:
        value = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value if len(value) == 64 else None


def remember(sleutel: Sequence[str], waarde: str) -> None:
    """Store ``waarde`` (a fingerprint) for ``sleutel``; a problem only means no cache."""
    path = _entry(sleutel)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _replace(path, waarde.encode("ascii"))
    except OSError:
        return


def _replace(path: Path, data: bytes) -> None:
    """Put ``data`` in place as ``path`` through a fresh temporary file (never a name
    someone could have planted a link at). No fsync: a lost entry is only a miss."""
    descriptor, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def _entry(sleutel: Sequence[str]) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    key = _secret(folder)
    if key is None:
        return None
    message = json.dumps([__version__, _code_version(), *sleutel], ensure_ascii=False)
    name = hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()
    return folder / _FOLDER / name[:2] / name


def _secret(folder: Path) -> bytes | None:
    """The cache's own random key (made once, readable by the user alone)."""
    path = folder / _KEY_FILE
    try:
        data = path.read_bytes()
        if len(data) == 32 and _private(path):
            return data
    except OSError:
        pass
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _replace(path, os.urandom(32))  # mkstemp: 0600; two at once: the last key stays
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == 32 else None


def _private(path: Path) -> bool:
    """The key is the user's own: not readable by others (else anyone could forge hits)."""
    try:
        stat = path.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # not POSIX: the user's profile folder is private already
        return True
    return bool(stat.st_uid == getuid() and not stat.st_mode & 0o077)


@cache
def _code_version() -> str:
    """The package's code as installed: a change to any module (in development, without a
    new version number) starts a new cache. A stat per file, no reading."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()
