"""Change detection for reruns: a keyed fingerprint of a record and the templates.

The fingerprint covers the whole record, BSN included, so a corrected BSN regenerates the
documents; because it is an HMAC with a random key kept in the output folder, it cannot be
reversed to a BSN by trying all 10^9 numbers (domein.md section 9).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

from overeenkomsten import __version__
from overeenkomsten.bestanden import write_atomic
from overeenkomsten.model import Traject

STATE_DIR = ".overeenkomsten"
FINGERPRINT_FILE = "vingerafdruk"  # in the trajectory folder's .overeenkomsten/


def load_key(uit: Path) -> bytes:
    """The output folder's secret key, created on first use (readable by the owner only)."""
    path = uit / STATE_DIR / "sleutel"
    if path.is_file():
        key = path.read_bytes()
        if len(key) == 32:
            return key
    key = secrets.token_bytes(32)
    write_atomic(path, key, mode=0o600)
    return key


def fingerprint(key: bytes, traject: Traject, templates: str, *, pdf: bool) -> str:
    record = json.dumps(
        traject.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    material = f"{__version__}\n{templates}\npdf={pdf}\n{record}".encode()
    return hmac.new(key, material, hashlib.sha256).hexdigest()


def stored_fingerprint(folder: Path) -> str | None:
    path = folder / STATE_DIR / FINGERPRINT_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def store_fingerprint(folder: Path, value: str) -> None:
    write_atomic(folder / STATE_DIR / FINGERPRINT_FILE, value.encode("ascii"))
