"""Library work from the web application: a scratch folder, files in and out of Django's
storage, an organisation's check settings, and database locks.

The library works on paths; the web application keeps its files in Django's storage (a
folder or S3). A task takes what it needs into a fresh folder under ``<data>/werk/``
(:func:`werkmap`, :func:`haal`, :func:`haal_map`), calls :mod:`overeenkomsten.api`, and
saves what it made back (:func:`bewaar`, :func:`bewaar_map`). Two workers on two machines
never share a scratch folder; they coordinate through row locks (:func:`vergrendeld`),
never through file locks.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction

from overeenkomsten import api
from overeenkomsten.web.models import Intrekkingslijst, Organisatie, Vertrouwd

if TYPE_CHECKING:
    from overeenkomsten.instellingen import Settings

M = TypeVar("M", bound=models.Model)


@contextmanager
def werkmap() -> Iterator[Path]:
    """A fresh scratch folder under ``<data>/werk/``, removed afterwards."""
    root = Path(settings.WERK)
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="taak-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def haal(naam: str, doel: Path) -> Path:
    """Copy the stored file ``naam`` to ``doel`` (a local path)."""
    doel.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(naam, "rb") as bron, doel.open("wb") as uit:
        shutil.copyfileobj(bron, uit)
    return doel


def bewaar(pad: Path, naam: str) -> str:
    """Store the local file ``pad`` as ``naam``; returns the name the storage gave it (a
    free name when ``naam`` exists: nothing stored is overwritten)."""
    with pad.open("rb") as bron:
        return default_storage.save(naam, File(bron, name=pad.name))


def _bestanden(prefix: str) -> Iterator[str]:
    mappen, bestanden = default_storage.listdir(prefix)
    for bestand in bestanden:
        yield str(PurePosixPath(prefix) / bestand)
    for map in mappen:
        yield from _bestanden(str(PurePosixPath(prefix) / map))


def haal_map(prefix: str, doel: Path) -> Path:
    """Copy every stored file under ``prefix`` into the local folder ``doel``."""
    if default_storage.exists(prefix):
        for naam in _bestanden(prefix):
            haal(naam, doel / PurePosixPath(naam).relative_to(prefix))
    return doel


def bewaar_map(map: Path, prefix: str, *, vervang: bool = False) -> list[str]:
    """Store every file in the local folder ``map`` under ``prefix``; returns the names.

    ``vervang``: a stored file of the same name is replaced when its content differs (for
    a set folder the library keeps, which never overwrites what was signed); otherwise a
    clashing name gets a free one. Scratch files (``tmp`` folders) are skipped.
    """
    namen = []
    for pad in sorted(p for p in map.rglob("*") if p.is_file()):
        relatief = pad.relative_to(map)
        if "tmp" in relatief.parts[:-1]:
            continue
        naam = str(PurePosixPath(prefix) / relatief.as_posix())
        if vervang and default_storage.exists(naam):
            if _zelfde(naam, pad):
                namen.append(naam)
                continue
            default_storage.delete(naam)
        namen.append(bewaar(pad, naam))
    return namen


def _zelfde(naam: str, pad: Path) -> bool:
    if default_storage.size(naam) != pad.stat().st_size:
        return False
    with default_storage.open(naam, "rb") as bron:
        return _sha256(bron) == _sha256(pad.open("rb"))


def _sha256(bron: Any) -> str:
    digest = hashlib.sha256()
    with bron:
        for blok in iter(lambda: bron.read(1 << 20), b""):
            digest.update(blok)
    return digest.hexdigest()


def sha256_pad(pad: Path) -> str:
    """The SHA-256 of a local file."""
    return _sha256(pad.open("rb"))


def sha256(naam: str) -> str:
    """The SHA-256 of a stored file."""
    return _sha256(default_storage.open(naam, "rb"))


def verwijder_map(prefix: str) -> int:
    """Delete every stored file under ``prefix``; returns how many."""
    if not prefix or not default_storage.exists(prefix):
        return 0
    namen = list(_bestanden(prefix))
    for naam in namen:
        default_storage.delete(naam)
    return len(namen)


def instellingen(organisatie: Organisatie, map: Path) -> Settings:
    """The settings of a check for ``organisatie``: its trust roots and revocation lists
    (CRLs), loaded by the library as ``--vertrouwd`` and ``--crl`` are, and its SBB
    erkenningen list (taken into ``map``: the library reads a file). Every task that judges
    signatures builds its settings here, so each uses the same material. The environment
    (``OVEREENKOMSTEN_VERTROUWD``) is not read: an organisation trusts what it uploaded.
    Raises :class:`~overeenkomsten.errors.ConfigurationError` for unusable material."""
    roots = [
        root.pem.encode("ascii")
        for root in Vertrouwd.objects.filter(organisatie=organisatie).order_by("pk")
    ]
    crls = [
        bytes(lijst.der)
        for lijst in Intrekkingslijst.objects.filter(organisatie=organisatie).order_by("pk")
    ]
    return api.instellingen(
        vertrouwd=roots, crl=crls, erkenningen=erkenningen_pad(organisatie, map)
    )


#: Where an organisation's list of SBB erkenningen is stored (its suffix kept: the library
#: reads .csv, .xlsx and .ods by their extension).
ERKENNINGEN = "erkenningen/{pk}/erkenningen{suffix}"
ERKENNINGEN_SUFFIXEN = (".csv", ".xlsx", ".ods", ".json")


def erkenningen_naam(organisatie: Organisatie) -> str | None:
    """The stored name of the organisation's SBB erkenningen list, None when it has none."""
    for suffix in ERKENNINGEN_SUFFIXEN:
        naam = ERKENNINGEN.format(pk=organisatie.pk, suffix=suffix)
        if default_storage.exists(naam):
            return naam
    return None


def erkenningen_pad(organisatie: Organisatie, map: Path) -> Path | None:
    """The organisation's SBB erkenningen list as a file in ``map`` (rule X6), or None."""
    naam = erkenningen_naam(organisatie)
    if naam is None:
        return None
    return haal(naam, map / PurePosixPath(naam).name)


@contextmanager
def vergrendeld(model: type[M], pk: int) -> Iterator[M]:
    """The row ``pk`` of ``model``, locked for this transaction (``SELECT ... FOR UPDATE``
    on PostgreSQL; SQLite's write transaction serialises writers)."""
    with transaction.atomic():
        yield model._default_manager.select_for_update().get(pk=pk)
