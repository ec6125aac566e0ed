"""Reading a whole file a user named, with a size limit and Dutch errors.

Every reader of an untrusted file (a trust root, a key file, a PDF to inspect or bundle, a
JSON record) first needs its bytes: that the path exists, is a file, is not larger than a
limit, and can be read. Each way this fails is one Dutch sentence naming the file.
"""

from __future__ import annotations

from pathlib import Path

from overeenkomsten.errors import InputError, os_reason
from overeenkomsten.grenzen import megabytes


def read_file(
    path: Path,
    wat: str,
    *,
    limit: int | None = None,
    code_te_groot: str = "bestand-te-groot",
    gevolg: str = "en wordt niet gelezen",
) -> bytes:
    """The bytes of ``path``, or an :class:`InputError` that names ``wat`` (what the file
    is, "Het PDF-bestand") and the path.

    With ``limit`` a larger file is refused before it is read into memory (code
    ``code_te_groot``; ``gevolg`` ends the sentence: what is not done with it).
    """
    if path.is_dir():
        raise InputError(f"{wat} {path} is een map, geen bestand.", code="bestand-is-map")
    if not path.is_file():
        raise InputError(f"{wat} {path} bestaat niet.", code="bestand-ontbreekt")
    try:
        if limit is not None:
            size = path.stat().st_size
            if size > limit:
                raise InputError(
                    f"{wat} {path} is te groot ({megabytes(size)}, hoogstens "
                    f"{megabytes(limit)}) {gevolg}.",
                    code=code_te_groot,
                )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{wat} {path} kan niet worden gelezen ({os_reason(exc)[0]}).",
            code="bestand-onleesbaar",
        ) from exc
