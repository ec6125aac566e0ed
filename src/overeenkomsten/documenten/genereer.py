"""Render the documents of trajectories, and write FRESH sets (tests, benchmarks).

``genereer`` and ``batch`` do not use this: they use the one engine,
:class:`overeenkomsten.motor.sets.SetMaker`, which updates existing sets file by file and
never overwrites what it did not write (domein.md section 7). A
:class:`DocumentGenerator` renders (:meth:`~DocumentGenerator.render`) and writes sets
only into folders that do not exist yet: it refuses an existing trajectory folder rather
than replace or delete anything in it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from overeenkomsten.documenten._modes import as_folder
from overeenkomsten.documenten.context import record_context
from overeenkomsten.documenten.pdf import PdfConverter
from overeenkomsten.documenten.render import TemplateSet
from overeenkomsten.errors import InputError
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import documents_to_make, record_hash
from overeenkomsten.paden import document_filename, safe_name, traject_folder

RECORD_FILENAME = "traject.json"


@dataclass(frozen=True)
class Documentenset:
    """The files written for one trajectory (``map`` is its folder)."""

    traject_id: str
    map: Path
    bestanden: list[Path] = field(default_factory=list)


class DocumentGenerator:
    """Renders document sets; reusable for any number of trajectories.

    ``sjablonen``: a folder with OOK.docx, POK.docx, PLOK.docx and PV.docx (default: the
    shipped templates). ``pdf``: also make PDFs (needs LibreOffice; checked at once, so a
    missing LibreOffice stops before anything is written).
    """

    def __init__(
        self,
        sjablonen: Path | None = None,
        *,
        pdf: bool = True,
        soffice: str | None = None,
        converter: PdfConverter | None = None,
    ) -> None:
        self.templates = TemplateSet(sjablonen)
        self.templates.compile_all()
        self.pdf = pdf
        self._own_converter = pdf and converter is None
        self.converter: PdfConverter | None = None
        if pdf:
            self.converter = converter if converter is not None else PdfConverter(soffice)

    def __enter__(self) -> DocumentGenerator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._own_converter and self.converter is not None:
            self.converter.close()

    def render(self, traject: Traject) -> dict[str, bytes]:
        """File name -> bytes of the .docx files of one trajectory (nothing written).

        The documents are those of :func:`documents_to_make`, the one rule the engine also
        follows: the praktijkverklaring (PV) only once the record has an ``afronding``."""
        base = record_context(traject)
        digest = record_hash(traject)
        return {
            document_filename(traject.traject_id, document, "docx"): self.templates.render(
                traject, document, base=base, digest=digest
            )
            for document in documents_to_make(traject)
        }

    def generate(self, traject: Traject, uit: Path) -> list[Path]:
        """Write one trajectory's set to ``uit/<traject_id>/``; the files written."""
        return self.generate_many([traject], uit)[0].bestanden

    def generate_many(self, trajecten: Sequence[Traject], uit: Path) -> list[Documentenset]:
        """Write the sets of all ``trajecten`` (in that order), PDFs in one LibreOffice run.

        Nothing of a trajectory is visible before its whole set is complete; on an error no
        new folder is left behind. A trajectory folder that already exists is refused
        (:class:`InputError`, code ``map-bestaat``): updating a set is the engine's job.
        """
        refuse_duplicates(trajecten)
        if uit.exists() and not uit.is_dir():
            raise InputError(
                f"De uitvoermap '{uit}' is een bestand, geen map.", code="uitvoermap-ongeldig"
            )
        uit.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Traject, Path, Path]] = []
        try:
            for traject in trajecten:
                final = traject_folder(uit, traject.traject_id)
                if os.path.lexists(final):
                    raise InputError(
                        f"De map '{final}' bestaat al; een bestaande set werkt 'genereer' of "
                        "'batch' bij.",
                        code="map-bestaat",
                    )
                work = Path(tempfile.mkdtemp(prefix=f".{safe_name(traject.traject_id)}.", dir=uit))
                as_folder(work)
                staged.append((traject, final, work))
                for name, data in self.render(traject).items():
                    _write(work / name, data)
                record = json.dumps(traject.model_dump(mode="json"), ensure_ascii=False, indent=2)
                _write(work / RECORD_FILENAME, (record + "\n").encode("utf-8"))
            if self.converter is not None:
                self.converter.convert(
                    [path for _, _, work in staged for path in sorted(work.glob("*.docx"))]
                )
            sets = []
            for traject, final, work in staged:
                names = sorted(p.name for p in work.iterdir())
                os.rename(work, final)  # final does not exist: nothing is replaced
                sets.append(Documentenset(traject.traject_id, final, [final / n for n in names]))
            return sets
        finally:
            for _, _, work in staged:
                shutil.rmtree(work, ignore_errors=True)


def refuse_duplicates(trajecten: Sequence[Traject]) -> None:
    """Refuse ids that would share a folder (equal, or equal once made safe, or differing
    only in case, which Windows and macOS do not tell apart): the second would overwrite
    the first."""
    seen: dict[str, str] = {}
    for traject in trajecten:
        folder = safe_name(traject.traject_id).casefold()
        if folder in seen:
            other = seen[folder]
            same = other == traject.traject_id
            raise InputError(
                f"Het traject-ID '{traject.traject_id}' komt meer dan eens voor; elk traject "
                "krijgt een eigen map, dus elk ID mag maar een keer voorkomen."
                if same
                else f"De traject-ID's '{other}' en '{traject.traject_id}' krijgen dezelfde "
                "map (in mapnamen worden tekens als / \\ : vervangen en tellen hoofdletters "
                "op Windows en macOS niet mee); geef een van beide een ander ID.",
                code="traject-dubbel",
            )
        seen[folder] = traject.traject_id


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
