"""The Excel intake: sheet ``Trajecten`` (one row per trajectory) plus ``Werkprocessen``.

Reading streams: the Werkprocessen sheet (small) is read into a dict by traject_id first,
and a cheap first pass over ``Trajecten`` finds duplicate traject_ids and werkproces rows
that belong to no trajectory, so that every file-level problem is known before the first
record is handed out. Then each row is validated on its own, and each problem is pointed
at the sheet, Excel row and column header as the user typed it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overeenkomsten._tekst import dutch_date
from overeenkomsten.errors import InputError, Problem, mask_bsn
from overeenkomsten.intake.kolommen import (
    BLAD_TRAJECTEN,
    BLAD_WERKPROCESSEN,
    EEN_VAN,
    KOPPEN,
    KOPPEN_WERKPROCESSEN,
    TRAJECT_KOLOMMEN,
    WERKPROCES_KOLOMMEN,
    Kolom,
    Kolomindeling,
    header_key,
    match_headers,
    nest,
    suggest,
)
from overeenkomsten.intake.stroom import IntakeRij, IntakeStream
from overeenkomsten.intake.werkboek import CellError, UncalculatedFormula, Werkboek, is_empty
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister

_WERKPROCES_PAD = re.compile(r"werkprocessen\[(\d+)\](?:\.(.+))?")
_BSN_PAD = "kandidaat.bsn"


@dataclass(frozen=True, slots=True)
class _Werkproces:
    """One row of sheet Werkprocessen: its Excel row and its values (kept small: a batch
    may hold tens of thousands)."""

    rij: int
    waarden: tuple[object, ...]  # in the order of ExcelReader._wp_keys


@dataclass
class _Blad:
    """A sheet as found: its real name and how its headers map onto columns."""

    naam: str
    indeling: Kolomindeling
    breedte: int
    verborgen: set[str] = field(default_factory=set)  # pads already reported file-level


def id_key(value: object) -> str | None:
    """A traject_id as the key that joins the two sheets (and finds duplicates)."""
    if value is None or isinstance(value, CellError):
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def opsomming(items: Sequence[object]) -> str:
    """``[3, 7, 9]`` -> ``3, 7 en 9``."""
    texts = [str(i) for i in items]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " en " + texts[-1]


class ExcelReader:
    """Reads an intake workbook into :class:`IntakeRij` items, streaming."""

    _trajecten: _Blad
    _wp: _Blad | None

    def __init__(self, path: Path, register: KwalificatieRegister | None = None) -> None:
        self.path = path
        self.register = register
        self._werkprocessen: dict[str, list[_Werkproces]] = {}
        self._wp_keys: tuple[str, ...] = ()
        self._dubbel: dict[str, list[int]] = {}

    def open(self) -> IntakeStream:
        """Check the workbook, read its headers and Werkprocessen, and do the first pass."""
        problems: list[Problem] = []
        with Werkboek(self.path) as book:
            naam = book.find_sheet(BLAD_TRAJECTEN)
            if naam is None:
                raise InputError(
                    f"Het werkboek '{self.path}' heeft geen blad '{BLAD_TRAJECTEN}' (wel: "
                    f"{', '.join(book.sheetnames)}). Begin met 'overeenkomsten "
                    "intake-sjabloon' of hernoem het blad met de trajecten.",
                    code="blad-trajecten-ontbreekt",
                )
            self._trajecten = self._sheet(book, naam, TRAJECT_KOLOMMEN, problems)
            wp_naam = book.find_sheet(BLAD_WERKPROCESSEN)
            self._wp = None
            if wp_naam is not None:
                self._wp = self._sheet(book, wp_naam, WERKPROCES_KOLOMMEN, problems)
                self._read_werkprocessen(book, self._wp)
            ids, aantal = self._first_pass(book)
        if aantal == 0:
            raise InputError(
                f"Het blad '{self._trajecten.naam}' van '{self.path}' bevat geen trajecten "
                "(alleen de kopregel of niets).",
                code="geen-trajecten",
            )
        problems += self._orphans(ids)
        return IntakeStream(
            bestand=self.path,
            soort="xlsx",
            kolommen=[k for k in self._trajecten.indeling.koppen if k],
            aantal=aantal,
            bestandsproblemen=problems,
            rijen=self._rows,
        )

    # --- the file as a whole -----------------------------------------------------------

    def _sheet(
        self, book: Werkboek, naam: str, kolommen: Sequence[Kolom], problems: list[Problem]
    ) -> _Blad:
        header = book.header(naam)
        if not header:
            raise InputError(
                f"Het blad '{naam}' van '{self.path}' heeft geen kopregel (rij 1 is leeg).",
                code="kopregel-ontbreekt",
            )
        blad = _Blad(naam, match_headers(header, kolommen), len(header))
        indeling = blad.indeling
        missing = indeling.missing(kolommen)
        for kolom in missing:
            if kolom.verplicht:
                blad.verborgen.add(kolom.pad)
                problems.append(self._missing_column(naam, kolom.kop, kolom.pad))
        if kolommen is TRAJECT_KOLOMMEN and all(p not in indeling.getypt for p in EEN_VAN):
            blad.verborgen.add(EEN_VAN[0])
            problems.append(
                self._missing_column(naam, KOPPEN[EEN_VAN[0]], EEN_VAN[0], KOPPEN[EEN_VAN[1]])
            )
        for index, typed in indeling.onbekend:
            hint = suggest(typed, kolommen)
            problems.append(
                Problem(
                    code="kolom-onbekend",
                    bericht=f"De kolom '{typed}' is onbekend en wordt niet gelezen."
                    + (f" Bedoelt u '{hint}'?" if hint else ""),
                    ernst="waarschuwing",
                    bestand=str(self.path),
                    blad=naam,
                    rij=1,
                    kolom=typed,
                    extra={"positie": index},
                )
            )
        for _, typed, kolom in indeling.dubbel:
            problems.append(
                Problem(
                    code="kolom-dubbel",
                    bericht=f"De kolom '{typed}' staat er twee keer in (ook als "
                    f"'{indeling.getypt[kolom.pad]}'); alleen de eerste wordt gelezen. "
                    "Verwijder een van beide.",
                    bestand=str(self.path),
                    blad=naam,
                    rij=1,
                    kolom=typed,
                    pad=kolom.pad,
                )
            )
        return blad

    def _missing_column(self, blad: str, kop: str, pad: str, of: str | None = None) -> Problem:
        alternatief = f" (of '{of}')" if of else ""
        return Problem(
            code="kolom-ontbreekt",
            bericht=f"De kolom '{kop}'{alternatief} ontbreekt in blad '{blad}'. Voeg die kolom "
            f"toe; als kop mag ook '{pad}'.",
            bestand=str(self.path),
            blad=blad,
            kolom=kop,
            pad=pad,
        )

    def _read_werkprocessen(self, book: Werkboek, blad: _Blad) -> None:
        positie = blad.indeling.positie
        if "traject_id" not in positie:
            return  # reported as a missing column; no row can be attached
        self._wp_keys = tuple(k.pad for k in WERKPROCES_KOLOMMEN[1:] if k.pad in positie)
        for rij, values in book.rows(blad.naam, min_row=2, max_col=blad.breedte):
            if all(is_empty(v) for v in values):
                continue
            key = id_key(values[positie["traject_id"]])
            waarden = tuple(values[positie[k]] for k in self._wp_keys)
            self._werkprocessen.setdefault(key or "", []).append(_Werkproces(rij, waarden))

    def _first_pass(self, book: Werkboek) -> tuple[set[str], int]:
        """All traject_ids (to find orphans) and the duplicates; the number of records."""
        index = self._trajecten.indeling.positie.get("traject_id")
        first: dict[str, int] = {}
        aantal = 0
        for rij, values in book.rows(
            self._trajecten.naam, min_row=2, max_col=self._trajecten.breedte
        ):
            if all(is_empty(v) for v in values):
                continue
            aantal += 1
            key = id_key(values[index]) if index is not None else None
            if key is None:
                continue
            if key in first:
                self._dubbel.setdefault(key, [first[key]]).append(rij)
            else:
                first[key] = rij
        return set(first), aantal

    def _orphans(self, ids: set[str]) -> list[Problem]:
        problems = []
        for key in [k for k in self._werkprocessen if k not in ids]:
            assert self._wp is not None
            for wp in self._werkprocessen.pop(key):
                bericht = (
                    f"Dit werkproces hoort bij traject-ID '{key}', maar dat traject staat "
                    f"niet in blad '{self._trajecten.naam}'."
                    if key
                    else "Vul het traject-ID in van het traject waar dit werkproces bij hoort."
                )
                problems.append(
                    Problem(
                        code="werkproces-zonder-traject",
                        bericht=bericht,
                        waarde=key or None,
                        bestand=str(self.path),
                        blad=self._wp.naam,
                        rij=wp.rij,
                        kolom=self._wp.indeling.getypt["traject_id"],
                    )
                )
        return problems

    # --- one row at a time -------------------------------------------------------------

    def _rows(self) -> Iterator[IntakeRij]:
        with Werkboek(self.path) as book:
            blad = self._trajecten
            for rij, values in book.rows(blad.naam, min_row=2, max_col=blad.breedte):
                if not all(is_empty(v) for v in values):
                    yield self._record(rij, values)

    def _record(self, rij: int, values: Sequence[object]) -> IntakeRij:
        blad = self._trajecten
        problems: list[Problem] = []
        skip = set(blad.verborgen)
        flat: dict[str, object] = {}
        ruw: dict[str, object] = {}
        for index, typed in enumerate(blad.indeling.koppen):
            value = values[index] if index < len(values) else None
            kolom = blad.indeling.kolommen.get(index)
            if typed:
                ruw[typed] = _masked(value, kolom, typed)
            if kolom is None:
                continue
            problem = _cell_problem(value, kolom)
            if problem is not None:
                problem.waarde = _masked(problem.waarde, kolom, typed)
                problems.append(self._at(problem, blad, rij, typed))
                skip.add(kolom.pad)
                value = None
            flat[kolom.pad] = value
        traject_id = id_key(flat.get("traject_id"))
        record = nest(flat)
        werkprocessen = self._werkprocessen.get(traject_id, []) if traject_id else []
        record["werkprocessen"] = [
            self._werkproces_values(i, wp, problems, skip) for i, wp in enumerate(werkprocessen)
        ]
        traject, found = validate_record(record, self.register)
        for problem in found:
            if problem.pad not in skip:
                problems.append(self._locate(problem, rij, werkprocessen))
        if traject_id in self._dubbel:
            problems.append(self._duplicate(traject_id, rij))
        if any(p.ernst == "fout" for p in problems):
            traject = None
        problems.sort(key=self._order)
        return IntakeRij(rij, None, traject_id, traject, problems, ruw)

    def _werkproces_values(
        self, index: int, wp: _Werkproces, problems: list[Problem], skip: set[str]
    ) -> dict[str, Any]:
        assert self._wp is not None
        waarden: dict[str, Any] = {}
        kolommen = {k.pad: k for k in WERKPROCES_KOLOMMEN}
        for key, value in zip(self._wp_keys, wp.waarden, strict=True):
            kolom = kolommen[key]
            problem = _cell_problem(value, kolom)
            if problem is not None:
                pad = f"werkprocessen[{index}].{kolom.pad}"
                problem.pad = pad
                typed = self._wp.indeling.getypt[kolom.pad]
                problems.append(self._at(problem, self._wp, wp.rij, typed))
                skip.add(pad)
                value = None
            waarden[kolom.pad] = value
        return waarden

    def _at(self, problem: Problem, blad: _Blad, rij: int, kolom: str | None) -> Problem:
        problem.bestand = str(self.path)
        problem.blad = blad.naam
        problem.rij = rij
        problem.kolom = kolom
        return problem

    def _locate(self, problem: Problem, rij: int, werkprocessen: list[_Werkproces]) -> Problem:
        pad = problem.pad or ""
        match = _WERKPROCES_PAD.fullmatch(pad)
        if match and self._wp is not None and int(match[1]) < len(werkprocessen):
            key = match[2] or ""
            kolom = self._wp.indeling.getypt.get(key) or KOPPEN_WERKPROCESSEN.get(key)
            return self._at(problem, self._wp, werkprocessen[int(match[1])].rij, kolom)
        blad = self._trajecten
        return self._at(problem, blad, rij, blad.indeling.getypt.get(pad) or KOPPEN.get(pad))

    def _duplicate(self, traject_id: str, rij: int) -> Problem:
        rijen = self._dubbel[traject_id]
        problem = Problem(
            code="traject-id-dubbel",
            bericht=f"Traject-ID '{traject_id}' staat in meer dan een rij (rijen "
            f"{opsomming(rijen)}); elk traject heeft een eigen ID.",
            waarde=traject_id,
            pad="traject_id",
        )
        return self._at(
            problem, self._trajecten, rij, self._trajecten.indeling.getypt["traject_id"]
        )

    def _order(self, problem: Problem) -> tuple[int, int, int]:
        werkproces = self._wp is not None and problem.blad == self._wp.naam
        indeling = self._wp.indeling if werkproces and self._wp else self._trajecten.indeling
        key = (problem.pad or "").rsplit(".", 1)[-1] if werkproces else (problem.pad or "")
        return (int(werkproces), problem.rij or 0, indeling.positie.get(key, 10_000))


def _masked(value: object, kolom: Kolom | None, typed: str) -> object:
    is_bsn = kolom.pad == _BSN_PAD if kolom else "bsn" in header_key(typed)
    if is_bsn and value is not None and not (isinstance(value, str) and value.startswith("*")):
        return mask_bsn(value)
    return value


def _cell_problem(value: object, kolom: Kolom) -> Problem | None:
    """A problem for a cell whose value cannot reach the record as it is."""
    if isinstance(value, UncalculatedFormula):
        return Problem(
            code="cel-formule-zonder-waarde",
            bericht=f"In deze cel staat een formule ({value}) waarvan de uitkomst niet in het "
            "bestand is opgeslagen (het werkboek is door een programma gemaakt). Open het in "
            "Excel of LibreOffice en sla het op, of vul de waarde zelf in.",
            waarde=str(value),
            pad=kolom.pad,
        )
    if isinstance(value, CellError):
        return Problem(
            code="cel-excel-fout",
            bericht=f"In deze cel staat een Excel-fout ({value}), meestal van een formule die "
            "niet werkt. Herstel de formule of vul de waarde zelf in.",
            waarde=str(value),
            pad=kolom.pad,
        )
    if isinstance(value, dt.date) and kolom.soort != "datum":
        day = value.date() if isinstance(value, dt.datetime) else value
        return Problem(
            code="datum-in-tekstkolom",
            bericht=f"Excel heeft deze waarde als datum opgeslagen ({dutch_date(day)}). Zet "
            "de kolom op 'Tekst' en typ de waarde opnieuw.",
            waarde=day.isoformat(),
            pad=kolom.pad,
        )
    if isinstance(value, dt.time | dt.timedelta):
        return Problem(
            code="tijd-in-cel",
            bericht="Excel heeft deze waarde als tijd opgeslagen; typ de waarde opnieuw.",
            waarde=str(value),
            pad=kolom.pad,
        )
    return None
