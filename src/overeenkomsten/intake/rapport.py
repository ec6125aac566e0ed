"""The outcome of ``valideer``: every problem of a file, and a Dutch summary line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overeenkomsten._getallen import aantal
from overeenkomsten.errors import Problem
from overeenkomsten.intake import open_intake
from overeenkomsten.register import KwalificatieRegister

if TYPE_CHECKING:
    from overeenkomsten.intake.foutenrapport import ReportRow


@dataclass
class ValidatieRapport:
    """All errors and warnings of one intake file."""

    bestand: Path
    aantal: int  # records in the file
    bestandsproblemen: list[Problem] = field(default_factory=list)
    rijproblemen: list[Problem] = field(default_factory=list)
    trajecten_met_problemen: int = 0  # with a problem, or invalid through a file-level one
    trajecten_met_fouten: int = 0  # invalid records

    @property
    def problemen(self) -> list[Problem]:
        return self.bestandsproblemen + self.rijproblemen

    @property
    def fouten(self) -> list[Problem]:
        return [p for p in self.problemen if p.ernst == "fout"]

    @property
    def waarschuwingen(self) -> list[Problem]:
        return [p for p in self.problemen if p.ernst == "waarschuwing"]

    @property
    def geldig(self) -> bool:
        return not self.fouten

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        """``{"fouten": [...], "waarschuwingen": [...]}`` (domein.md section 11)."""
        return {
            "fouten": [_json_item(p) for p in self.fouten],
            "waarschuwingen": [_json_item(p) for p in self.waarschuwingen],
        }

    def samenvatting(self) -> str:
        """One Dutch sentence: ``3 fouten en 1 waarschuwing in 2 van de 8 trajecten.``"""
        trajecten = _count(self.aantal, "traject", "trajecten")
        if not self.problemen:
            return f"Geen fouten of waarschuwingen in {trajecten}."
        totaal = (
            f"{_count(len(self.fouten), 'fout', 'fouten')} en "
            f"{_count(len(self.waarschuwingen), 'waarschuwing', 'waarschuwingen')}"
        )
        if self.aantal == 1:
            in_trajecten = "in het traject"
        else:
            in_trajecten = f"in {self.trajecten_met_problemen} van de {trajecten}"
        bestand = self.bestandsproblemen
        geheel = ", ".join(
            _count(n, enkelvoud, meervoud)
            for n, enkelvoud, meervoud in (
                (sum(p.ernst == "fout" for p in bestand), "fout", "fouten"),
                (sum(p.ernst != "fout" for p in bestand), "waarschuwing", "waarschuwingen"),
            )
            if n
        )
        if not bestand:
            tekst = f"{totaal} {in_trajecten}"
        elif not self.trajecten_met_problemen:
            tekst = (
                f"{totaal} in het bestand als geheel (kolommen of werkprocesregels); "
                f"{trajecten} gelezen"
            )
        else:
            tekst = (
                f"{totaal} {in_trajecten} en in het bestand als geheel ({geheel} over "
                "kolommen of werkprocesregels)"
            )
        return tekst + "."


def validate_file(
    path: Path,
    register: KwalificatieRegister | None = None,
    *,
    foutenrapport: Path | None = None,
) -> ValidatieRapport:
    """Read a whole intake file, streaming, and keep only its problems.

    With ``foutenrapport`` the invalid rows are also written there, as ``batch`` writes
    its foutenrapport.xlsx (nothing is written when every row is valid)."""
    stream = open_intake(path, register)
    rapport = ValidatieRapport(path, stream.aantal, list(stream.bestandsproblemen))
    invalid: list[ReportRow] = []
    for rij in stream:
        rapport.rijproblemen.extend(rij.problemen)
        if rij.problemen or not rij.geldig:
            rapport.trajecten_met_problemen += 1
        if not rij.geldig:
            rapport.trajecten_met_fouten += 1
            if foutenrapport is not None:
                from overeenkomsten.intake.foutenrapport import ReportRow

                invalid.append(ReportRow(rij.rij, rij.ruwe_waarden, rij.fouten))
    if foutenrapport is not None and (invalid or not rapport.geldig):
        from overeenkomsten.intake.foutenrapport import write_intake_error_report  # openpyxl

        write_intake_error_report(foutenrapport, stream.kolommen, invalid, stream.bestandsproblemen)
    return rapport


def _count(n: int, enkelvoud: str, meervoud: str) -> str:
    return aantal(n, enkelvoud, meervoud, geen=True)


def json_value(value: object) -> object:
    """A problem's ``waarde`` as JSON can hold it."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _json_item(problem: Problem) -> dict[str, Any]:
    item = problem.as_dict()
    item["waarde"] = json_value(item["waarde"])
    return item
