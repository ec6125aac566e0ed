"""The spreadsheet intake (.xlsx, .ods, .csv): sheet ``Trajecten`` joined with the sheets
of :data:`~overeenkomsten.intake.bladen.BIJBLADEN` (``Werkprocessen``, ...) by traject_id.

One validation for every caller: each trajectory's record is built from its row and its
rows on every joined sheet, and every problem found on any of them is that trajectory's
problem (located at the sheet, row and column where the user can fix it). A trajectory
with a ``fout`` anywhere has no :class:`~overeenkomsten.model.Traject`. Problems that
belong to no trajectory (a missing column, a werkproces row whose traject_id is in no
row of Trajecten) are file-level.

The workbook is read once (:func:`~overeenkomsten.basis.werkboek.open_werkboek` takes a
snapshot): the joined sheets (small) into an index by traject_id, a first pass over
``Trajecten`` for duplicate ids, orphan rows and hidden rows, so that every file-level
problem is known before the first record is handed out; then one row at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overeenkomsten._tekst import dutch_date, scrub_bsn
from overeenkomsten.basis.werkboek import (
    CellError,
    Langzaam,
    Rij,
    UncalculatedFormula,
    Werkboek,
    is_empty,
    open_werkboek,
)
from overeenkomsten.errors import InputError, Problem, mask_bsn
from overeenkomsten.intake.bladen import BIJBLADEN, Bijblad
from overeenkomsten.intake.kolommen import (
    BLAD_TRAJECTEN,
    EEN_VAN,
    KOPPEN,
    TRAJECT_KOLOMMEN,
    Kolom,
    Kolomindeling,
    header_key,
    match_headers,
    nest,
    suggest,
)
from overeenkomsten.intake.stroom import IntakeRij, IntakeStream, Soort
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister

_BSN_PAD = "kandidaat.bsn"
_WERKPROCESSEN_KOLOM = "werkprocessen"  # a column of codes separated by | (CSV habit)
_MAX_GENOEMD = 10  # row numbers named in one message


@dataclass(slots=True)
class _Regel:
    """One row of a joined sheet: its row number, values by column key, and warnings."""

    rij: int
    waarden: dict[str, object]
    samengevoegd: tuple[tuple[int, str], ...] = ()
    extra: list[Problem] = field(default_factory=list)  # problems found while indexing


@dataclass
class _Blad:
    """A sheet as found: its real name, its file, and how its headers map onto columns."""

    naam: str
    bestand: Path
    indeling: Kolomindeling
    breedte: int
    kopregel: int = 1  # the header's row number (CSV: 2 after a "sep=;" line)
    verborgen: set[str] = field(default_factory=set)  # pads already reported file-level


@dataclass
class _Bij:
    """A joined sheet as found, and its rows by traject_id."""

    spec: Bijblad
    blad: _Blad
    index: dict[str, list[_Regel]] = field(default_factory=dict)


def id_key(value: object) -> str | None:
    """A traject_id as the key that joins the sheets (and finds duplicates)."""
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

    def __init__(self, path: Path, register: KwalificatieRegister | None = None) -> None:
        self.path = path
        self.register = register
        self._bij: list[_Bij] = []
        self._dubbel: dict[str, list[int]] = {}
        self._book: Werkboek | None = None
        self._bsn_koppen: list[tuple[int, str]] = []
        self._codes_kolom: int | None = None

    def open(self) -> IntakeStream:
        """Take the snapshot, read headers and joined sheets, and do the first pass."""
        problems: list[Problem] = []
        book = open_werkboek(self.path)
        self._book = book
        naam = book.find_sheet(BLAD_TRAJECTEN)
        if naam is None:
            raise InputError(
                f"Het werkboek '{self.path}' heeft geen blad '{BLAD_TRAJECTEN}' (wel: "
                f"{', '.join(book.sheetnames)}). Begin met 'overeenkomsten "
                "intake-sjabloon' of hernoem het blad met de trajecten.",
                code="blad-trajecten-ontbreekt",
            )
        self._trajecten = self._sheet(book, naam, TRAJECT_KOLOMMEN, problems)
        koppen = self._trajecten.indeling.koppen
        self._bsn_koppen = [
            (i, typed)
            for i, typed in enumerate(koppen)
            if typed
            and _masked("x" * 9, self._trajecten.indeling.kolommen.get(i), typed) != "x" * 9
        ]
        self._codes_kolom = next(
            (i for i, typed in enumerate(koppen) if header_key(typed) == _WERKPROCESSEN_KOLOM),
            None,
        )
        verborgen: dict[str, list[int]] = {}
        for spec in BIJBLADEN:
            bij_naam = book.find_sheet(spec.naam)
            if bij_naam is None:
                continue
            bij = _Bij(spec, self._sheet(book, bij_naam, spec.kolommen, problems))
            self._read_joined(book, bij, verborgen)
            self._bij.append(bij)
        ids, aantal = self._first_pass(book, verborgen)
        if aantal == 0:
            raise InputError(
                f"Het blad '{self._trajecten.naam}' van '{self.path}' bevat geen trajecten "
                "(alleen de kopregel of niets).",
                code="geen-trajecten",
            )
        problems += self._orphans(ids)
        if verborgen:
            problems.append(self._hidden_rows(verborgen))
        return IntakeStream(
            bestand=self.path,
            soort=_soort(book),
            kolommen=[k for k in self._trajecten.indeling.koppen if k],
            aantal=aantal,
            bestandsproblemen=[_scrubbed(p) for p in problems],
            rijen=self._rows,
        )

    # --- the file as a whole -----------------------------------------------------------

    def _file_of(self, book: Werkboek, sheet: str) -> Path:
        bestand = getattr(book, "bestand", None)
        return bestand(sheet) if callable(bestand) else self.path

    def _sheet(
        self, book: Werkboek, naam: str, kolommen: Sequence[Kolom], problems: list[Problem]
    ) -> _Blad:
        kopregel, header = book.header_row(naam)
        if not header:
            raise InputError(
                f"Het blad '{naam}' van '{self.path}' heeft geen kopregel (rij 1 is leeg).",
                code="kopregel-ontbreekt",
            )
        blad = _Blad(
            naam, self._file_of(book, naam), match_headers(header, kolommen), len(header), kopregel
        )
        indeling = blad.indeling
        missing = indeling.missing(kolommen)
        onbekend = [
            (index, typed)
            for index, typed in indeling.onbekend
            if header_key(typed) != _WERKPROCESSEN_KOLOM or kolommen is not TRAJECT_KOLOMMEN
        ]
        hints = {typed: suggest(typed, missing) for _, typed in onbekend}
        for kolom in missing:
            if kolom.verplicht:
                blad.verborgen.add(kolom.pad)
                typed = next((t for t, h in hints.items() if h == kolom.kop), None)
                problems.append(self._missing_column(blad, kolom.kop, kolom.pad, typed=typed))
        if kolommen is TRAJECT_KOLOMMEN and all(p not in indeling.getypt for p in EEN_VAN):
            blad.verborgen.add(EEN_VAN[0])
            problems.append(
                self._missing_column(blad, KOPPEN[EEN_VAN[0]], EEN_VAN[0], KOPPEN[EEN_VAN[1]])
            )
        for index, typed in onbekend:
            hint = hints[typed]
            problems.append(
                Problem(
                    code="kolom-onbekend",
                    bericht=f"De kolom '{typed}' is onbekend en wordt niet gelezen."
                    + (f" Bedoelt u '{hint}'?" if hint else ""),
                    ernst="waarschuwing",
                    bestand=str(blad.bestand),
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
                    bestand=str(blad.bestand),
                    blad=naam,
                    rij=1,
                    kolom=typed,
                    pad=kolom.pad,
                )
            )
        return blad

    def _missing_column(
        self, blad: _Blad, kop: str, pad: str, of: str | None = None, typed: str | None = None
    ) -> Problem:
        alternatief = f" (of '{of}')" if of else ""
        hint = f" Is dat de kolom '{typed}'? Geef die dan deze kop." if typed else ""
        return Problem(
            code="kolom-ontbreekt",
            bericht=f"De kolom '{kop}'{alternatief} ontbreekt in blad '{blad.naam}'. Voeg die "
            f"kolom toe; als kop mag ook '{pad}'.{hint}",
            bestand=str(blad.bestand),
            blad=blad.naam,
            kolom=kop,
            pad=pad,
        )

    def _read_joined(self, book: Werkboek, bij: _Bij, verborgen: dict[str, list[int]]) -> None:
        """Index a joined sheet by traject_id. A row with an empty traject_id directly
        below rows of one trajectory is that trajectory's problem (it was meant to belong
        to it, and must not silently drop out of its record)."""
        blad = bij.blad
        positie = blad.indeling.positie
        if "traject_id" not in positie:
            return  # reported as a missing column; no row can be attached
        keys = [k.pad for k in bij.spec.kolommen[1:] if k.pad in positie]
        vorige: str | None = None
        for rij in book.rows(blad.naam, min_row=blad.kopregel + 1, max_col=blad.breedte):
            if rij.leeg:
                continue
            if rij.verborgen:
                verborgen.setdefault(blad.naam, []).append(rij.nummer)
            key = id_key(rij.waarden[positie["traject_id"]])
            regel = _Regel(rij.nummer, {k: rij.waarden[positie[k]] for k in keys}, rij.samengevoegd)
            if key is None and vorige is not None:
                regel.extra.append(
                    self._at(
                        Problem(
                            code="traject-id-leeg",
                            bericht=f"Deze rij heeft geen traject-ID; hij hoort waarschijnlijk "
                            f"bij traject '{vorige}' (de rij erboven) en telt nu niet mee. Vul "
                            "het traject-ID in.",
                            pad="traject_id",
                        ),
                        blad,
                        rij.nummer,
                        blad.indeling.getypt["traject_id"],
                    )
                )
                bij.index.setdefault(vorige, []).append(_Regel(rij.nummer, {}, (), regel.extra))
                continue
            vorige = key or vorige
            bij.index.setdefault(key or "", []).append(regel)

    def _first_pass(self, book: Werkboek, verborgen: dict[str, list[int]]) -> tuple[set[str], int]:
        """All traject_ids (to find orphans) and the duplicates; the number of records."""
        blad = self._trajecten
        index = blad.indeling.positie.get("traject_id")
        kolom = (index if index is not None else 0) + 1
        try:
            return self._scan(book.scan_column(blad.naam, kolom, min_row=blad.kopregel + 1),
                              index is not None, verborgen)  # fmt: skip
        except Langzaam:
            self._dubbel.clear()
            verborgen.pop(blad.naam, None)
            rows = Werkboek.scan_column(book, blad.naam, kolom, min_row=blad.kopregel + 1)
            return self._scan(rows, index is not None, verborgen)

    def _scan(
        self,
        rows: Iterator[tuple[int, object, bool, bool]],
        has_id: bool,
        verborgen: dict[str, list[int]],
    ) -> tuple[set[str], int]:
        first: dict[str, int] = {}
        aantal = 0
        naam = self._trajecten.naam
        for nummer, value, hidden, empty in rows:
            if empty:
                continue
            aantal += 1
            if hidden:
                verborgen.setdefault(naam, []).append(nummer)
            key = id_key(value) if has_id else None
            if key is None:
                continue
            if key in first:
                self._dubbel.setdefault(key, [first[key]]).append(nummer)
            else:
                first[key] = nummer
        return set(first), aantal

    def _orphans(self, ids: set[str]) -> list[Problem]:
        """Rows of joined sheets whose traject_id is in no row of Trajecten. One that
        differs from an existing id only in letter case or spaces was meant for it: the
        error is that trajectory's (it must not silently lose the row); the others are
        file-level."""
        problems = []
        gevouwen = {_fold(i): i for i in ids} if any(k not in ids for b in self._bij
                                                     for k in b.index) else {}  # fmt: skip
        for bij in self._bij:
            for key in [k for k in bij.index if k not in ids]:
                regels = bij.index.pop(key)
                bedoeld = gevouwen.get(_fold(key)) if key else None
                for regel in regels:
                    if bedoeld is not None:
                        bij.index.setdefault(bedoeld, []).append(
                            _Regel(regel.rij, {}, (), [*regel.extra, self._typo(bij, regel, key,
                                                                                 bedoeld)])
                        )  # fmt: skip
                        continue
                    problems.extend(regel.extra)
                    if not regel.waarden:
                        continue
                    bericht = (
                        f"Deze rij hoort bij traject-ID '{key}', maar dat traject staat "
                        f"niet in blad '{self._trajecten.naam}'."
                        if key
                        else "Vul het traject-ID in van het traject waar deze rij bij hoort."
                    )
                    problems.append(
                        Problem(
                            code="werkproces-zonder-traject"
                            if bij.spec.sleutel == "werkprocessen"
                            else f"{bij.spec.sleutel}-zonder-traject",
                            bericht=bericht,
                            waarde=key or None,
                            bestand=str(bij.blad.bestand),
                            blad=bij.blad.naam,
                            rij=regel.rij,
                            kolom=bij.blad.indeling.getypt["traject_id"],
                        )
                    )
        return problems

    def _typo(self, bij: _Bij, regel: _Regel, key: str, bedoeld: str) -> Problem:
        problem = Problem(
            code="traject-id-anders-geschreven",
            bericht=f"Traject-ID '{key}' staat zo niet in blad '{self._trajecten.naam}'; "
            f"bedoelt u '{bedoeld}'? Schrijf het precies zo (hoofdletters en spaties tellen), "
            "anders telt deze rij niet mee.",
            waarde=key,
            pad="traject_id",
        )
        return self._at(problem, bij.blad, regel.rij, bij.blad.indeling.getypt["traject_id"])

    def _hidden_rows(self, verborgen: dict[str, list[int]]) -> Problem:
        totaal = sum(len(rijen) for rijen in verborgen.values())
        delen = []
        for blad, rijen in verborgen.items():
            genoemd = [str(r) for r in rijen[:_MAX_GENOEMD]]
            if len(rijen) > _MAX_GENOEMD:
                genoemd.append(f"nog {len(rijen) - _MAX_GENOEMD}")
            delen.append(f"blad '{blad}' {'rij' if len(rijen) == 1 else 'rijen'} "
                         f"{opsomming(genoemd)}")  # fmt: skip
        wat = "rij is" if totaal == 1 else "rijen zijn"
        return Problem(
            code="rijen-verborgen",
            bericht=f"{totaal} {wat} verborgen of weggefilterd ({'; '.join(delen)}). Ze zijn "
            "wel gelezen en verwerkt; maak ze zichtbaar (filter uit, rijen zichtbaar maken) "
            "om te controleren wat erin staat.",
            ernst="waarschuwing",
            bestand=str(self.path),
            blad=next(iter(verborgen)),
            extra={"aantal": totaal},
        )

    # --- one row at a time -------------------------------------------------------------

    def _rows(self) -> Iterator[IntakeRij]:
        assert self._book is not None
        blad = self._trajecten
        for rij in self._book.rows(blad.naam, min_row=blad.kopregel + 1, max_col=blad.breedte):
            if not rij.leeg:
                yield self._record(rij)

    def _record(self, rij: Rij) -> IntakeRij:
        blad = self._trajecten
        problems: list[Problem] = []
        skip = set(blad.verborgen)
        flat, ruw, codes = self._cells(rij, problems, skip)
        traject_id = id_key(flat.get("traject_id"))
        record = nest(flat)
        gebruikt = self._join(record, traject_id, problems, skip)
        if not is_empty(codes):
            record["werkprocessen"] = list(record.get("werkprocessen") or []) + _codes(
                codes, flat.get("opleiding.crebo")
            )
        traject, found = validate_record(record, self.register)
        for problem in found:
            if problem.pad not in skip:
                problems.append(self._locate(problem, rij.nummer, gebruikt))
        if traject_id in self._dubbel:
            problems.append(self._duplicate(traject_id, rij.nummer))
        if any(p.ernst == "fout" for p in problems):
            traject = None
            ruw = {k: _scrub_value(v) for k, v in ruw.items()}
        problems = [_scrubbed(p) for p in problems]
        problems.sort(key=self._order)
        return IntakeRij(rij.nummer, None, traject_id, traject, problems, ruw)

    def _cells(
        self, rij: Rij, problems: list[Problem], skip: set[str]
    ) -> tuple[dict[str, object], dict[str, object], object]:
        """The row's values by path, by header as typed (for a report), and the cell of a
        ``werkprocessen`` column if there is one."""
        blad = self._trajecten
        flat: dict[str, object] = {}
        waarden = rij.waarden
        ruw = dict(zip(blad.indeling.koppen, waarden, strict=False))
        ruw.pop("", None)
        for index, typed in self._bsn_koppen:
            if waarden[index] is not None:
                ruw[typed] = _masked(waarden[index], blad.indeling.kolommen.get(index), typed)
        codes = waarden[self._codes_kolom] if self._codes_kolom is not None else None
        for index, kolom in blad.indeling.kolommen.items():
            value = waarden[index]
            if value is not None and type(value) is not str:
                typed = blad.indeling.koppen[index]
                value, problem = _cell(value, kolom)
                if problem is not None:
                    problem.waarde = _masked(problem.waarde, kolom, typed)
                    problems.append(self._at(problem, blad, rij.nummer, typed))
                    if problem.ernst == "fout":
                        skip.add(kolom.pad)
                        value = None
            flat[kolom.pad] = value
        for index, ref in rij.samengevoegd:
            typed = blad.indeling.koppen[index] if index < len(blad.indeling.koppen) else ""
            problems.append(self._at(_merged(ref), blad, rij.nummer, typed or None))
        return flat, ruw, codes

    def _join(
        self,
        record: dict[str, Any],
        traject_id: str | None,
        problems: list[Problem],
        skip: set[str],
    ) -> list[tuple[_Bij, list[_Regel]]]:
        """Put this trajectory's rows of every joined sheet into its record."""
        gebruikt: list[tuple[_Bij, list[_Regel]]] = []
        for bij in self._bij:
            regels = bij.index.get(traject_id, []) if traject_id else []
            for regel in regels:
                problems.extend(regel.extra)
            regels = [r for r in regels if r.waarden]
            waarden = [self._joined_values(bij, i, r, problems, skip) for i, r in enumerate(regels)]
            record[bij.spec.sleutel] = bij.spec.samenvoegen(waarden)
            gebruikt.append((bij, regels))
            if bij.spec.tegenstrijdig is not None:
                for position, key, bericht in bij.spec.tegenstrijdig(waarden):
                    problem = Problem(
                        code=f"{bij.spec.sleutel}-tegenstrijdig",
                        bericht=bericht,
                        waarde=waarden[position].get(key),
                        pad=_joined_path(bij, position, key),
                    )
                    typed = bij.blad.indeling.getypt.get(key)
                    problems.append(self._at(problem, bij.blad, regels[position].rij, typed))
        return gebruikt

    def _joined_values(
        self, bij: _Bij, index: int, regel: _Regel, problems: list[Problem], skip: set[str]
    ) -> dict[str, Any]:
        waarden: dict[str, Any] = {}
        kolommen = {k.pad: k for k in bij.spec.kolommen}
        indeling = bij.blad.indeling
        for key, value in regel.waarden.items():
            kolom = kolommen[key]
            if value is not None:
                value, problem = _cell(value, kolom)
                if problem is not None:
                    typed = indeling.getypt[kolom.pad]
                    problem.pad = _joined_path(bij, index, kolom.pad)
                    problems.append(self._at(problem, bij.blad, regel.rij, typed))
                    if problem.ernst == "fout":
                        skip.add(problem.pad)
                        value = None
            waarden[kolom.pad] = value
        for position, ref in regel.samengevoegd:
            typed = indeling.koppen[position] if position < len(indeling.koppen) else ""
            problems.append(self._at(_merged(ref), bij.blad, regel.rij, typed or None))
        return waarden

    def _at(self, problem: Problem, blad: _Blad, rij: int | None, kolom: str | None) -> Problem:
        problem.bestand = str(blad.bestand)
        problem.blad = blad.naam
        problem.rij = rij
        problem.kolom = kolom
        return problem

    def _locate(
        self, problem: Problem, rij: int, gebruikt: list[tuple[_Bij, list[_Regel]]]
    ) -> Problem:
        pad = problem.pad or ""
        for bij, regels in gebruikt:
            if not pad.startswith(bij.spec.sleutel):
                continue
            found = bij.spec.zoek(pad, [r.waarden for r in regels])
            if found is not None:
                position, key = found
                indeling = bij.blad.indeling
                kolom = indeling.getypt.get(key) or next(
                    (k.kop for k in bij.spec.kolommen if k.pad == key), None
                )
                return self._at(problem, bij.blad, regels[position].rij, kolom)
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
        bladen = [self._trajecten] + [b.blad for b in self._bij]
        number = next((i for i, b in enumerate(bladen) if b.naam == problem.blad), 0)
        indeling = bladen[number].indeling
        key = (problem.pad or "").rsplit(".", 1)[-1] if number else (problem.pad or "")
        return (number, problem.rij or 0, indeling.positie.get(key, 10_000))


def _fold(traject_id: str) -> str:
    return "".join(traject_id.split()).casefold()


def _soort(book: Werkboek) -> Soort:
    from overeenkomsten.basis.csv_werkboek import CsvWerkboek
    from overeenkomsten.basis.ods import OdsWerkboek

    if isinstance(book, CsvWerkboek):
        return "csv"
    return "ods" if isinstance(book, OdsWerkboek) else "xlsx"


def _joined_path(bij: _Bij, index: int, key: str) -> str:
    return f"{bij.spec.sleutel}[{index}].{key}" if bij.spec.sleutel == "werkprocessen" else (
        f"{bij.spec.sleutel}.{key}"
    )  # fmt: skip


_CODE = re.compile(r"\s*([A-Za-z]\d+-[Kk]\d+-[Ww]\d+)\s*[:\-\u2013]?\s*(.*)", re.DOTALL)


def _codes(value: object, crebo: object) -> list[dict[str, object]]:
    """Werkprocessen from one cell: ``B1-K1-W1 Ontvangt goederen|B1-K1-W2 ...`` (the crebo
    is the opleiding's)."""
    out: list[dict[str, object]] = []
    for part in str(value).split("|"):
        if not part.strip():
            continue
        match = _CODE.fullmatch(part)
        code, titel = (match[1], match[2].strip() or None) if match else (part.strip(), None)
        out.append({"code": code, "titel": titel, "crebo": crebo})
    return out


def _merged(ref: str) -> Problem:
    return Problem(
        code="cellen-samengevoegd",
        bericht=f"De cellen {ref} zijn samengevoegd. Elke cel van dat bereik is gelezen met "
        "de waarde van de eerste (linksboven); controleer of dat klopt, of heft de "
        "samenvoeging op en vul elke cel zelf in.",
        ernst="waarschuwing",
        waarde=ref,
    )


def _masked(value: object, kolom: Kolom | None, typed: str) -> object:
    is_bsn = kolom.pad == _BSN_PAD if kolom else "bsn" in header_key(typed)
    if is_bsn and value is not None and not (isinstance(value, str) and value.startswith("*")):
        return mask_bsn(value)
    return value


def _scrub_value(value: object) -> object:
    if isinstance(value, CellError):
        return scrub_bsn(str(value))
    if isinstance(value, str):
        return scrub_bsn(value)
    return value


def _scrubbed(problem: Problem) -> Problem:
    """No message or value quotes a BSN, not even inside a formula or a text (domein.md 8)."""
    problem.bericht = scrub_bsn(problem.bericht)
    problem.waarde = _scrub_value(problem.waarde)
    if isinstance(problem.waarde, int) and not isinstance(problem.waarde, bool):
        scrubbed = scrub_bsn(str(problem.waarde))
        if scrubbed != str(problem.waarde):
            problem.waarde = scrubbed
    return problem


_PHONE = re.compile(r"telefoon$")


def _cell(value: object, kolom: Kolom) -> tuple[object, Problem | None]:
    """A cell's value as the record takes it, and a problem when it cannot reach the
    record as it is (a ``fout``) or was changed on the way (a ``waarschuwing``)."""
    if isinstance(value, CellError):
        return value, _cell_error(value, kolom)
    if isinstance(value, dt.date) and kolom.soort != "datum":
        day = value.date() if isinstance(value, dt.datetime) else value
        return value, Problem(
            code="datum-in-tekstkolom",
            bericht=f"Excel heeft deze waarde als datum opgeslagen ({dutch_date(day)}). Zet "
            "de kolom op 'Tekst' en typ de waarde opnieuw.",
            waarde=day.isoformat(),
            pad=kolom.pad,
        )
    if isinstance(value, dt.time | dt.timedelta):
        return value, Problem(
            code="tijd-in-cel",
            bericht="Excel heeft deze waarde als tijd opgeslagen; typ de waarde opnieuw.",
            waarde=str(value),
            pad=kolom.pad,
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_in_text(value, kolom)
    return value, None


def _number_in_text(value: int | float, kolom: Kolom) -> tuple[object, Problem | None]:
    """Phone numbers and postcodes stored as numbers lose their form (a leading 0)."""
    if _PHONE.search(kolom.pad):
        digits = str(int(value)) if float(value).is_integer() else str(value)
        if digits.isdigit() and len(digits) == 9 and digits[0] != "0":
            return "0" + digits, None  # a Dutch number: 10 digits, the 0 dropped by Excel
        return digits, Problem(
            code="telefoon-als-getal",
            bericht=f"Dit telefoonnummer is als getal opgeslagen ({digits}); daarbij kan een "
            "0 of + verloren zijn gegaan. Zet de kolom op 'Tekst' en typ het nummer opnieuw.",
            ernst="waarschuwing",
            waarde=digits,
            pad=kolom.pad,
        )
    if kolom.pad.endswith("postcode"):
        digits = str(int(value)) if float(value).is_integer() else str(value)
        return value, Problem(
            code="postcode-als-getal",
            bericht=f"Deze postcode is als getal opgeslagen ({digits}): de letters ontbreken. "
            "Een postcode is 4 cijfers en 2 letters, zoals 7511 AB.",
            waarde=digits,
            pad=kolom.pad,
        )
    return value, None


def _cell_error(value: CellError, kolom: Kolom) -> Problem:
    bsn = kolom.pad == _BSN_PAD
    if isinstance(value, UncalculatedFormula):
        formule = "een formule" if bsn else f"een formule ({value})"
        if value.herberekenen:
            waarom = (
                "het werkboek vraagt om bij openen opnieuw te rekenen (zo schrijven "
                "programma's als xlsxwriter het), dus de opgeslagen uitkomst is niet te "
                "vertrouwen"
            )
        else:
            waarom = (
                "de uitkomst ervan is niet in het bestand opgeslagen (het werkboek is door "
                "een programma gemaakt)"
            )
        return Problem(
            code="cel-formule-zonder-waarde",
            bericht=f"In deze cel staat {formule}; {waarom}. Open het in Excel of "
            "LibreOffice en sla het op (dan wordt de uitkomst opgeslagen), of vul de waarde "
            "zelf in.",
            waarde=mask_bsn(value.code) if bsn else str(value),
            pad=kolom.pad,
        )
    return Problem(
        code="cel-excel-fout",
        bericht=f"In deze cel staat een Excel-fout ({value}), meestal van een formule die "
        "niet werkt. Herstel de formule of vul de waarde zelf in.",
        waarde=str(value),
        pad=kolom.pad,
    )
