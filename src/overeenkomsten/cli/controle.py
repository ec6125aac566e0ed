"""The auditor's check: ``controleer``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from overeenkomsten import api
from overeenkomsten._getallen import aantal
from overeenkomsten.cli.app import (
    ExitStatus,
    erkenningen_option,
    existing_path,
    main,
    register_option,
    stdout,
    vertrouwd_option,
)
from overeenkomsten.cli.tabel import Overzicht
from overeenkomsten.controle import Rapport

OORDEEL = {
    "in orde": "IN ORDE",
    "fouten": "FOUTEN",
    "onvolledig": "ONVOLLEDIG (niet alles kon gecontroleerd worden)",
}
STIJL = {"fout": "bold red", "waarschuwing": "yellow", "niet-gecontroleerd": "cyan"}


@main.command("controleer")
@click.argument("pad", metavar="PAD", type=existing_path())
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Toon het resultaat als JSON: {"oordeel": ..., "bevindingen": [...]}.',
)
@click.option(
    "--streng",
    is_flag=True,
    help="Exitcode 1 ook als iets niet gecontroleerd kon worden.",
)
@vertrouwd_option
@erkenningen_option
@register_option
def controleer(
    pad: Path,
    as_json: bool,
    streng: bool,
    vertrouwd: tuple[Path, ...],
    erkenningen: Path | None,
    register: Path | None,
) -> ExitStatus:
    """Controleer de documenten van een traject tegen elkaar (regels X0-X14).

    PAD is een map met de documenten van een traject (.docx en/of PDF, namen maken niet
    uit), of een dossier-PDF (gemaakt met 'bundel'): dan worden de originelen in het
    dossier gecontroleerd. Exitcode 0: geen fouten; 1: fouten (met --streng ook: niet alles
    gecontroleerd); 2: PAD of een opgegeven bestand is onbruikbaar.
    """
    rapport = api.controleer(pad, vertrouwd, erkenningen, register)
    if as_json:
        print(json.dumps(rapport.as_dict(), ensure_ascii=False, indent=2))
    else:
        show(stdout(), rapport)
    if rapport.oordeel == "fouten" or (streng and rapport.oordeel == "onvolledig"):
        return ExitStatus.BEVINDINGEN
    return ExitStatus.OK


def show(console: Console, rapport: Rapport) -> None:
    """The report in Dutch: verdict first, then the findings per rule, then what passed."""
    tellingen = (
        f"{aantal(rapport.aantal('fout'), 'fout')}, "
        f"{aantal(rapport.aantal('waarschuwing'), 'waarschuwing')}, "
        f"{rapport.aantal('niet-gecontroleerd')} niet gecontroleerd"
    )
    for regel in rapport.kop:  # about the check itself: "niet verzegeld", "sjabloon onbekend"
        console.print(Text(regel, style="bold"))
    console.print(Text(f"Oordeel: {OORDEEL[rapport.oordeel]}", style="bold"))
    console.print(tellingen, markup=False)
    console.print()
    console.print(Text("Gelezen documenten", style="bold"))
    for naam, soort in rapport.documenten.items():
        console.print(f"  {soort:<12} {naam}", markup=False)
    for naam, reden in rapport.overgeslagen.items():
        console.print(f"  {'niet gebruikt':<12} {naam}: {reden}", markup=False)
    if rapport.bevindingen:
        console.print()
        console.print(_table(rapport))
    if rapport.geslaagd:
        console.print()
        console.print(Text("In orde bevonden", style="bold"))
        for code in rapport.geslaagd:
            console.print(f"  {code:<4} {rapport.regels.get(code, '')}", markup=False)


def _table(rapport: Rapport) -> Overzicht:
    rijen = [
        (
            Text(bevinding.regel),
            Text(bevinding.ernst, style=STIJL[bevinding.ernst]),
            Text("\n".join(bevinding.documenten)),
            Text(bevinding.bericht),
        )
        for bevinding in rapport.bevindingen
    ]
    return Overzicht(
        ("Regel", "Ernst", "Documenten", "Bericht"), rijen, titel="Bevindingen per regel", breed=80
    )
