"""Commands about intake files: ``valideer`` and ``intake-sjabloon``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from rich.text import Text

from overeenkomsten import api
from overeenkomsten.cli.app import ExitStatus, existing_path, main, register_option, stdout, visible
from overeenkomsten.cli.tabel import Overzicht
from overeenkomsten.errors import Problem


@main.command("valideer")
@click.argument("invoer", metavar="INVOER", type=existing_path())
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Toon het resultaat als JSON: {"fouten": [...], "waarschuwingen": [...]}.',
)
@register_option
def valideer(invoer: Path, as_json: bool, register: Path | None) -> ExitStatus:
    """Controleer een intakebestand (.xlsx, .ods, .csv of .json) en toon alle fouten en
    waarschuwingen.

    Exitcode 0: geen fouten; 1: er zijn fouten; 2: het bestand is onbruikbaar.
    """
    rapport = api.valideer(invoer, register)
    if as_json:
        print(json.dumps(rapport.as_json(), ensure_ascii=False, indent=2))
    else:
        console = stdout()
        if len(rapport.problemen) > TABEL_TOT:
            print("\n".join(problem_line(p) for p in rapport.problemen))
        elif rapport.problemen:
            console.print(problem_table(rapport.problemen))
        console.print(rapport.samenvatting(), markup=False)
    return ExitStatus.OK if rapport.geldig else ExitStatus.BEVINDINGEN


#: Up to this many problems form a table. More are printed one line each: rich lays out a
#: table of 20,000 rows in 10 s of CPU, longer than reading and validating them.
TABEL_TOT = 100


def problem_line(p: Problem) -> str:
    """One problem on one line: ``fout: intake.xlsx, blad Trajecten, rij 7, Startdatum:
    <bericht> (waarde: ...)``."""
    waar = ", ".join(
        part
        for part in (
            Path(p.bestand).name if p.bestand else "",
            f"blad {p.blad}" if p.blad else "",
            f"rij {p.rij}" if p.rij is not None else "",
            p.kolom or p.pad or "",
        )
        if part
    )
    waarde = "" if p.waarde is None else f" (waarde: {_display(p.waarde)})"
    return visible(f"{p.ernst}: {waar}: {p.bericht}{waarde}")


def problem_table(problemen: list[Problem]) -> Overzicht:
    koppen = ("Bestand", "Blad", "Rij", "Kolom of pad", "Waarde", "Ernst", "Bericht")
    rijen = [
        [
            Text(_display(value))
            for value in (
                Path(p.bestand).name if p.bestand else None,
                p.blad,
                p.rij,
                p.kolom or p.pad,
                p.waarde,
                p.ernst,
                p.bericht,
            )
        ]
        for p in problemen
    ]
    return Overzicht(koppen, rijen, breed=100, kop=3)


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value.day}-{value.month}-{value.year} {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day}-{value.month}-{value.year}"
    return visible(str(value))  # before the table is laid out, so columns stay aligned


@main.command("intake-sjabloon")
@click.argument("bestand", metavar="BESTAND.xlsx", type=existing_path())
@click.option("--overschrijf", is_flag=True, help="Vervang het bestand als het al bestaat.")
def intake_sjabloon(bestand: Path, overschrijf: bool) -> ExitStatus:
    """Schrijf het lege intakewerkboek (bladen Trajecten, Werkprocessen en Toelichting)."""
    pad = api.write_intake_template(bestand, overschrijf=overschrijf)
    stdout().print(
        f"Intakesjabloon geschreven: {pad}. Vul blad Trajecten (een rij per traject) en "
        "controleer daarna met: overeenkomsten valideer " + str(pad),
        markup=False,
    )
    return ExitStatus.OK
