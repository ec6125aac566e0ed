"""The ``genereer`` use case: an intake file in, a document set per valid record out.

Every record is validated as ``valideer`` does (the same problems, the same summary); an
invalid record produces nothing, the valid ones get their complete set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from overeenkomsten.controle import Rapport
from overeenkomsten.documenten.genereer import refuse_duplicates
from overeenkomsten.errors import InputError, Problem
from overeenkomsten.instellingen import Settings
from overeenkomsten.intake import open_intake
from overeenkomsten.intake.rapport import ValidatieRapport
from overeenkomsten.model import Traject
from overeenkomsten.motor.sets import SetMaker, SetUitkomst
from overeenkomsten.motor.uitvoer import output_folder

BATCH_SIZE = 100  # trajectories per LibreOffice run: bounded temporary space, fewer starts


@dataclass
class GenereerResultaat:
    """What ``genereer`` did: the validation of the input and the sets written."""

    validatie: ValidatieRapport
    sets: list[SetUitkomst] = field(default_factory=list)
    controles: dict[str, Rapport] = field(default_factory=dict)
    """traject_id -> the check of its fresh documents against the record."""

    @property
    def sets_met_fouten(self) -> list[str]:
        """Sets not (completely) made, or whose fresh documents fail the auditor's rules."""
        return [s.traject_id for s in self.sets if s.fouten]

    @property
    def nieuwe_versies(self) -> list[str]:
        """The new versions written (``<id>_<DOC>_v<n>.docx/.pdf``): domein.md section 7."""
        return [naam for s in self.sets for naam in s.nieuwe_versies]

    @property
    def ongeldig(self) -> int:
        """Records that produced nothing because they have errors."""
        return self.validatie.trajecten_met_fouten


def generate_from_input(
    invoer: Path,
    uit: Path,
    settings: Settings,
    *,
    traject_id: str | None = None,
    pdf: bool = True,
    gevalideerd: Callable[[ValidatieRapport], None] | None = None,
    gemaakt: Callable[[SetUitkomst], None] | None = None,
) -> GenereerResultaat:
    """Validate ``invoer`` (.xlsx or .json) and write the set of every valid record.

    ``traject_id`` limits the run to that one trajectory: problems of other trajectories
    (their rows, or file-level problems about them) are then not this run's. ``gemaakt``
    is called for each set as soon as it is written (``gevalideerd`` with the validation,
    before anything is written) (so that a later failure, a full
    disk, still leaves the user knowing what was made). Raises :class:`InputError` when
    the input is unreadable or does not hold ``traject_id``, :class:`TemplateError` for a
    broken template, :class:`ConversionError` when PDFs are asked for without LibreOffice;
    in all those cases before anything is written.
    """
    validatie, trajecten = _read(invoer, settings, traject_id)
    resultaat = GenereerResultaat(validatie)
    if gevalideerd is not None:
        gevalideerd(validatie)
    if not trajecten:
        return resultaat
    refuse_duplicates(trajecten)  # over all groups, before anything is written
    settings.check_templates()
    if pdf:
        settings.libreoffice()
    with output_folder(uit, opdracht="genereer"), SetMaker(settings, uit, pdf=pdf) as maker:
        for groep in _groups(trajecten, BATCH_SIZE):
            for uitkomst in maker.make(groep, gemaakt):
                resultaat.sets.append(uitkomst)
                if uitkomst.rapport is not None:
                    resultaat.controles[uitkomst.traject_id] = uitkomst.rapport
    return resultaat


def _read(
    invoer: Path, settings: Settings, traject_id: str | None
) -> tuple[ValidatieRapport, list[Traject]]:
    """The validation of ``invoer`` (limited to ``traject_id`` when given) and its valid
    records."""
    stream = open_intake(invoer, settings.register)
    validatie = ValidatieRapport(invoer, stream.aantal, list(stream.bestandsproblemen))
    trajecten: list[Traject] = []
    gezien = 0
    for rij in stream:
        if traject_id is not None and rij.traject_id != traject_id:
            continue
        gezien += 1
        validatie.rijproblemen.extend(rij.problemen)
        if rij.problemen or not rij.geldig:
            validatie.trajecten_met_problemen += 1
        if rij.traject is None:
            validatie.trajecten_met_fouten += 1
        else:
            trajecten.append(rij.traject)
    if traject_id is not None:
        if not gezien:
            raise InputError(
                f"Het traject '{traject_id}' staat niet in '{invoer}'.",
                code="traject-niet-gevonden",
            )
        validatie.aantal = gezien
        validatie.bestandsproblemen = [
            p for p in validatie.bestandsproblemen if not _about_another(p, traject_id)
        ]
    return validatie, trajecten


def _about_another(problem: Problem, traject_id: str) -> bool:
    """True for a file-level problem located on a row of another trajectory (an orphan
    Werkprocessen row, a second row of another id): not this run's business. Problems
    of the file as a whole (a missing column) have no row and always count."""
    return problem.rij is not None and str(problem.waarde or "").strip() != traject_id


def _groups(items: list[Traject], size: int) -> Iterator[list[Traject]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
