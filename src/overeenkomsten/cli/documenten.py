"""Commands that make documents: ``genereer`` and ``sjablonen-controle``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from overeenkomsten import api
from overeenkomsten._getallen import aantal
from overeenkomsten.cli.app import (
    ExitStatus,
    existing_path,
    main,
    register_option,
    sjablonen_option,
    stdout,
)
from overeenkomsten.cli.intake import problem_table

if TYPE_CHECKING:
    from rich.console import Console

    from overeenkomsten.controle import Rapport
    from overeenkomsten.intake.rapport import ValidatieRapport
    from overeenkomsten.motor.sets import SetUitkomst


@main.command("genereer")
@click.argument("invoer", metavar="INVOER", type=existing_path())
@click.option(
    "--uit",
    type=existing_path(),
    required=True,
    metavar="MAP",
    help="Map waarin per traject een map <traject_id> komt met de documenten.",
)
@click.option(
    "--traject", "traject_id", metavar="ID", help="Maak alleen de documenten van dit traject."
)
@click.option(
    "--pdf/--geen-pdf",
    default=True,
    show_default=True,
    help="Maak ook PDF's (daarvoor is LibreOffice nodig).",
)
@sjablonen_option
@register_option
def genereer(
    invoer: Path,
    uit: Path,
    traject_id: str | None,
    pdf: bool,
    sjablonen: Path | None,
    register: Path | None,
) -> ExitStatus:
    """Maak de documenten (OOK, POK, PLOK, PV) van elk geldig traject.

    INVOER is een intakewerkboek (.xlsx) of een JSON-bestand. Per traject komen in
    MAP/<traject_id>/ de OOK, POK, PLOK en (bij einddoel praktijkverklaring) de PV, als
    Word-bestand en PDF, met traject.json. Een traject met fouten krijgt geen documenten;
    de fouten staan in de uitvoer, zoals bij valideer. Exitcode 0: alles gemaakt; 1: er
    waren ongeldige trajecten; 2: de invoer, de sjablonen of LibreOffice zijn onbruikbaar.
    """
    console = stdout()
    # Each set is printed as soon as it is written: after a failure (a full disk) the user
    # still sees what was made.
    resultaat = api.genereer(
        invoer,
        uit,
        traject_id=traject_id,
        pdf=pdf,
        sjablonen=sjablonen,
        register=register,
        gevalideerd=lambda validatie: _print_validation(console, validatie),
        gemaakt=lambda uitkomst: _print_set(console, uitkomst),
    )
    validatie = resultaat.validatie
    gemaakt = sum(s.gemaakt for s in resultaat.sets)
    zin = f"{aantal(gemaakt, 'traject')} gemaakt in {uit}"
    if resultaat.ongeldig:
        zin += f"; {resultaat.ongeldig} ongeldig (daarvoor is niets gemaakt)"
    console.print(zin + ".", markup=False)
    if resultaat.sets_met_fouten:
        console.print(
            "Let op: een vers gemaakte set voldoet niet aan de controleregels. Dat is een "
            "fout in de sjablonen; controleer ze met 'overeenkomsten sjablonen-controle'.",
            markup=False,
        )
    ok = validatie.geldig and not resultaat.sets_met_fouten
    return ExitStatus.OK if ok else ExitStatus.BEVINDINGEN


def _print_validation(console: Console, validatie: ValidatieRapport) -> None:
    if validatie.problemen:
        console.print(problem_table(validatie.problemen))
    console.print(validatie.samenvatting(), markup=False)


def _print_set(console: Console, uitkomst: SetUitkomst) -> None:
    geschreven = [p.name for p in uitkomst.bestanden if p.suffix != ".json"]
    if uitkomst.rapport is not None:
        console.print(
            f"Gemaakt: {uitkomst.map} ({aantal(len(geschreven), 'bestand')} en "
            "traject.json); "
            f"controle: {_verdict(uitkomst.rapport)}",
            markup=False,
        )
    else:
        console.print(f"Niet gemaakt: {uitkomst.traject_id}", markup=False)
    if uitkomst.nieuwe_versies:
        console.print(
            f"  Nieuwe versie (het vorige document is ondertekend of niet van ons): "
            f"{', '.join(uitkomst.nieuwe_versies)}",
            markup=False,
        )
    if uitkomst.behouden:
        console.print(f"  Ongewijzigd gelaten: {', '.join(uitkomst.behouden)}", markup=False)
    for fout in uitkomst.fouten:
        console.print(f"  {fout}", markup=False)


def _verdict(rapport: Rapport) -> str:
    """Unsigned fresh sets are 'onvolledig' by design: say why, in plain Dutch."""
    if rapport.oordeel == "fouten":
        return f"FOUTEN ({rapport.aantal('fout')})"
    if rapport.oordeel == "onvolledig":
        return "geen fouten; onvolledig omdat nog niet (digitaal) ondertekend"
    return "in orde"


@main.command("sjablonen-controle")
@click.argument("map", metavar="[MAP]", required=False, type=existing_path())
def sjablonen_controle(map: Path | None) -> ExitStatus:
    """Controleer Word-sjablonen op fouten voordat u ze gebruikt.

    MAP bevat OOK.docx, POK.docx, PLOK.docx en PV.docx (standaard: de meegeleverde
    sjablonen). Gevonden worden: tags die Word over meerdere stukken tekst heeft verdeeld,
    onbekende variabelen, niet afgesloten blokken, en een ontbrekend Kenmerken-blok of
    handtekeningblok.

    Exitcode 0: in orde; 1: problemen gevonden; 2: de map bestaat niet.
    """
    rapport = api.controleer_sjablonen(map)
    console = stdout()
    console.print(
        f"Gecontroleerd in {rapport.map}: {', '.join(rapport.gecontroleerd) or 'geen sjablonen'}.",
        markup=False,
    )
    for bevinding in rapport.bevindingen:
        console.print(f"- {bevinding}", markup=False)
    if rapport.in_orde:
        console.print("Geen problemen gevonden.", markup=False)
        return ExitStatus.OK
    console.print(f"{aantal(len(rapport.bevindingen), 'probleem')} gevonden.", markup=False)
    return ExitStatus.BEVINDINGEN
