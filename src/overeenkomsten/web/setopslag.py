"""The document sets of an organisation in storage, kept stable across batches.

Each organisation has one folder of sets in storage, ``sets/<organisatie>/``, laid out as
the command line's ``--uit`` folder: ``<traject>/`` per trajectory (documents,
``traject.json`` and the library's ledger ``.overeenkomsten/``) and the batch key
``.overeenkomsten/sleutel``. A batch fetches the sets of its trajectories into a scratch
folder, lets the library work there as it works on a user's folder (a signed document is
never overwritten: a changed one becomes ``_v2``; an unchanged trajectory is skipped), and
stores back only the files it changed. A file changed in storage while the batch ran (a
signed PDF uploaded meanwhile) is never overwritten: that trajectory is reported instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.storage import default_storage

from overeenkomsten.trajectmap.versies import document_versions
from overeenkomsten.web.models import Document, Organisatie, Traject
from overeenkomsten.web.werk import bewaar, haal, sha256, sha256_pad, vergrendeld

STAAT = ".overeenkomsten"  # the library's ledger folder (batch/vingerafdruk.STATE_DIR)
SLEUTEL = f"{STAAT}/sleutel"


def sets_prefix(organisatie: Organisatie) -> str:
    """Where an organisation's sets live in storage."""
    return f"sets/{organisatie.pk}"


def opgeslagen_bestanden(prefix: str) -> Iterator[str]:
    """Every stored file under ``prefix`` (recursively)."""
    if not default_storage.exists(prefix):
        return
    mappen, bestanden = default_storage.listdir(prefix)
    for bestand in sorted(bestanden):
        yield f"{prefix}/{bestand}"
    for map in sorted(mappen):
        yield from opgeslagen_bestanden(f"{prefix}/{map}")


@dataclass
class Werkkopie:
    """The sets fetched into a scratch ``uit`` folder: what each file was when fetched."""

    organisatie: Organisatie
    uit: Path
    opgehaald: dict[str, str] = field(default_factory=dict)  # storage name -> sha256

    @property
    def prefix(self) -> str:
        return sets_prefix(self.organisatie)

    def haal(self, mapnamen: set[str]) -> None:
        """Fetch the batch key and the sets named ``mapnamen`` (folder names)."""
        namen = (
            [f"{self.prefix}/{SLEUTEL}"]
            if default_storage.exists(f"{self.prefix}/{SLEUTEL}")
            else []
        )
        for mapnaam in sorted(mapnamen):
            namen.extend(opgeslagen_bestanden(f"{self.prefix}/{mapnaam}"))
        for naam in namen:
            lokaal = haal(naam, self.uit / PurePosixPath(naam).relative_to(self.prefix))
            self.opgehaald[naam] = sha256_pad(lokaal)

    def bewaar_sleutel(self) -> None:
        lokaal = self.uit / SLEUTEL
        naam = f"{self.prefix}/{SLEUTEL}"
        if lokaal.is_file() and naam not in self.opgehaald:
            _vervang(naam, lokaal)

    def gewijzigd(self, mapnaam: str) -> list[tuple[str, Path]]:
        """(storage name, local file) of every file of a set the library wrote."""
        map = self.uit / mapnaam
        uit = []
        for pad in sorted(p for p in map.rglob("*") if p.is_file()):
            relatief = pad.relative_to(map)
            if relatief.parts[:2] == (STAAT, "tmp"):
                continue
            naam = f"{self.prefix}/{mapnaam}/{relatief.as_posix()}"
            if self.opgehaald.get(naam) != sha256_pad(pad):
                uit.append((naam, pad))
        return uit

    def bewaar_set(self, mapnaam: str) -> Traject | None:
        """Store what the library changed in one set and record the trajectory and its
        documents, under the trajectory's row lock. None when a file of the set changed in
        storage since it was fetched (nothing of this set is stored then)."""
        map = self.uit / mapnaam
        record = json.loads((map / "traject.json").read_text(encoding="utf-8"))
        traject_id = str(record.get("traject_id") or "")
        traject, _ = Traject.objects.get_or_create(
            organisatie=self.organisatie,
            traject_id=traject_id,
            defaults={"brin": _brin(record), "kandidaat_naam": _kandidaat(record)},
        )
        with vergrendeld(Traject, traject.pk) as vast:
            gewijzigd = self.gewijzigd(mapnaam)
            for naam, _pad in gewijzigd:
                wanneer_opgehaald = self.opgehaald.get(naam)
                bestaat = default_storage.exists(naam)
                if (wanneer_opgehaald is None and bestaat) or (
                    wanneer_opgehaald is not None
                    and (not bestaat or sha256(naam) != wanneer_opgehaald)
                ):
                    return None
            for naam, pad in gewijzigd:
                _vervang(naam, pad)
            vast.record = record
            vast.brin = _brin(record)
            vast.kandidaat_naam = _kandidaat(record)
            vast.einddatum = _datum(record.get("einddatum"))
            vast.map_pad = f"{self.prefix}/{mapnaam}"
            vast.save()
            _documenten(vast, map, traject_id)
            return vast


def _vervang(naam: str, pad: Path) -> None:
    if default_storage.exists(naam):
        default_storage.delete(naam)
    opgeslagen = bewaar(pad, naam)
    if opgeslagen != naam:  # another writer took the name in between: never lose a file
        raise OSError(f"opslag gaf '{opgeslagen}' in plaats van '{naam}'")


def _documenten(traject: Traject, map: Path, traject_id: str) -> None:
    """One made Document row per version of each document in the set (the PDF when there
    is one, else the Word file), found as the library finds versions. Rows of received
    files (``bron`` ontvangen) are never matched here: they keep their own file."""
    for soort, versies in document_versions(map, traject_id).items():
        for versie in versies:
            pad = versie.pdf or versie.docx
            if pad is None:
                continue
            naam = f"{traject.map_pad}/{pad.name}"
            sha = sha256_pad(pad)
            Document.objects.update_or_create(
                traject=traject,
                soort=soort,
                versie=versie.nummer,
                bron=Document.Bron.GEMAAKT,
                defaults={"bestand": naam, "sha256": sha},
            )


def _brin(record: dict[str, Any]) -> str:
    return str((record.get("instelling") or {}).get("brin") or "")[:8]


def _kandidaat(record: dict[str, Any]) -> str:
    kandidaat = record.get("kandidaat") or {}
    delen = (kandidaat.get(k) for k in ("voornamen", "tussenvoegsel", "achternaam"))
    return " ".join(str(d) for d in delen if d)[:300]


def _datum(waarde: Any) -> date | None:
    try:
        return date.fromisoformat(str(waarde)) if waarde else None
    except ValueError:
        return None
