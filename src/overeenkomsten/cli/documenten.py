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
    from overeenkomsten.controle import Rapport


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
    resultaat = api.genereer(
        invoer, uit, traject_id=traject_id, pdf=pdf, sjablonen=sjablonen, register=register
    )
    console = stdout()
    validatie = resultaat.validatie
    if validatie.problemen:
        console.print(problem_table(validatie.problemen))
    console.print(validatie.samenvatting(), markup=False)
    for documentenset in resultaat.sets:
        documenten = [p.name for p in documentenset.bestanden if p.suffix != ".json"]
        rapport = resultaat.controles[documentenset.traject_id]
        console.print(
            f"Gemaakt: {documentenset.map} ({aantal(len(documenten), 'bestand')} en "
            "traject.json); "
            f"controle: {_verdict(rapport)}",
            markup=False,
        )
        for bevinding in rapport.bevindingen:
            if bevinding.ernst == "fout":
                console.print(f"  {bevinding.regel}: {bevinding.bericht}", markup=False)
    gemaakt = len(resultaat.sets)
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
