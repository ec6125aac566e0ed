"""The ``genereer`` use case: an intake file in, a document set per valid record out.

Every record is validated as ``valideer`` does (the same problems, the same summary); an
invalid record produces nothing, the valid ones get their complete set.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from overeenkomsten.controle import Rapport, check_documents
from overeenkomsten.documenten.genereer import Documentenset, DocumentGenerator, refuse_duplicates
from overeenkomsten.errors import InputError
from overeenkomsten.instellingen import Settings
from overeenkomsten.intake import open_intake
from overeenkomsten.intake.rapport import ValidatieRapport
from overeenkomsten.model import Traject

BATCH_SIZE = 100  # trajectories per LibreOffice run: bounded temporary space, fewer starts


@dataclass
class GenereerResultaat:
    """What ``genereer`` did: the validation of the input and the sets written."""

    validatie: ValidatieRapport
    sets: list[Documentenset] = field(default_factory=list)
    controles: dict[str, Rapport] = field(default_factory=dict)
    """traject_id -> the check of its fresh set (filled in by ``api.genereer``)."""

    @property
    def sets_met_fouten(self) -> list[str]:
        """Fresh sets that fail the auditor's rules: a bug in the templates."""
        return [tid for tid, rapport in self.controles.items() if rapport.oordeel == "fouten"]

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
) -> GenereerResultaat:
    """Validate ``invoer`` (.xlsx or .json) and write the set of every valid record.

    ``traject_id`` limits the run to that one trajectory. Raises :class:`InputError` when
    the input is unreadable or does not hold ``traject_id``, :class:`TemplateError` for a
    broken template, :class:`ConversionError` when PDFs are asked for without LibreOffice;
    in all those cases before anything is written.
    """
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
    resultaat = GenereerResultaat(validatie)
    if not trajecten:
        return resultaat
    refuse_duplicates(trajecten)  # over all groups, before anything is written
    soffice = settings.libreoffice() if pdf else None
    with DocumentGenerator(settings.sjablonen, pdf=pdf, soffice=soffice) as generator:
        for groep in _groups(trajecten, BATCH_SIZE):
            sets = generator.generate_many(groep, uit)
            resultaat.sets.extend(sets)
            # A fresh set must pass the auditor's rules; a fout is a bug in the templates.
            for traject, documentenset in zip(groep, sets, strict=True):
                resultaat.controles[traject.traject_id] = check_documents(
                    documentenset.map, traject=traject, register=settings.register
                )
    return resultaat


def _groups(items: list[Traject], size: int) -> Iterator[list[Traject]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
