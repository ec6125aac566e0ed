"""A small, deterministic zip writer for .docx packages.

Why not :mod:`zipfile`: a template's static parts (styles, theme, numbering, ...) are the
same for every document, so they are compressed once when the template is compiled and
copied as compressed bytes into every package; :mod:`zipfile` can only recompress them.
Every entry gets the same timestamp (1980-01-01 00:00), so the same input gives the same
bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0
_VERSION = 20  # 2.0: deflate
_DEFLATED = 8
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class ZipMember:
    """One compressed entry, ready to be written into any number of packages."""

    name: bytes
    flags: int
    crc: int
    size: int
    compressed: bytes

    @cached_property
    def local_entry(self) -> bytes:
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            _VERSION,
            self.flags,
            _DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            self.crc,
            len(self.compressed),
            self.size,
            len(self.name),
            0,
        )
        return header + self.name + self.compressed

    def central_entry(self, offset: int) -> bytes:
        header = struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            _VERSION,
            _VERSION,
            self.flags,
            _DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            self.crc,
            len(self.compressed),
            self.size,
            len(self.name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        return header + self.name


def compress(name: str, data: bytes, level: int = 6) -> ZipMember:
    """Deflate ``data`` as the zip entry ``name``."""
    try:
        encoded = name.encode("ascii")
        flags = 0
    except UnicodeEncodeError:
        encoded = name.encode("utf-8")
        flags = _UTF8_FLAG
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    return ZipMember(encoded, flags, zlib.crc32(data), len(data), body)


def write_zip(members: Sequence[ZipMember]) -> bytes:
    """The complete zip archive of ``members``, in the order given."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        entry = member.local_entry
        central.append(member.central_entry(offset))
        chunks.append(entry)
        offset += len(entry)
    directory = b"".join(central)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0
    )
    return b"".join(chunks) + directory + end
