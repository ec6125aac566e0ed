"""The auditor's check: ``controleer``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from overeenkomsten import api, opstart
from overeenkomsten._getallen import aantal
from overeenkomsten.cli.app import (
    ExitStatus,
    erkenningen_option,
    existing_path,
    main,
    register_option,
    sjablonen_option,
    stdout,
    vertrouwd_option,
)
from overeenkomsten.cli.tabel import Overzicht
from overeenkomsten.controle import Rapport
from overeenkomsten.controle.overzicht import Trajectoordeel, worst

OORDEEL = {
    "in orde": "IN ORDE",
    "fouten": "FOUTEN",
    "onvolledig": "ONVOLLEDIG (niet alles kon gecontroleerd worden)",
}
STIJL = {"fout": "bold red", "waarschuwing": "yellow", "niet-gecontroleerd": "cyan"}


@main.command("controleer", voorladen=opstart.CONTROLE)
@click.argument("paden", metavar="PAD...", nargs=-1, type=existing_path())
@click.option(
    "--alle",
    type=existing_path(),
    metavar="MAP",
    help="Controleer elk traject in MAP: elke map met documenten en elk dossier-PDF.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Toon het resultaat als JSON: {"oordeel": ..., "bevindingen": [...]}; bij meer '
    'trajecten {"trajecten": [{"pad", "oordeel", "bevindingen"}]}.',
)
@click.option(
    "--xlsx",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BESTAND",
    help="Schrijf een overzicht (.xlsx): een regel per traject met oordeel en aantallen, "
    "en een blad met alle bevindingen.",
)
@click.option(
    "--streng",
    is_flag=True,
    help="Exitcode 1 ook als iets niet gecontroleerd kon worden.",
)
@vertrouwd_option
@erkenningen_option
@register_option
@sjablonen_option
def controleer(
    paden: tuple[Path, ...],
    alle: Path | None,
    as_json: bool,
    xlsx: Path | None,
    streng: bool,
    vertrouwd: tuple[Path, ...],
    erkenningen: Path | None,
    register: Path | None,
    sjablonen: Path | None,
) -> ExitStatus:
    """Controleer de documenten van een of meer trajecten (regels X0-X17).

    PAD is een map met de documenten van een traject (.docx en/of PDF, namen maken niet
    uit), of een dossier-PDF (gemaakt met 'bundel'): dan worden de originelen in het
    dossier gecontroleerd. Geef meer PAD's, of --alle MAP, voor een overzicht van veel
    trajecten in een keer. Exitcode 0: geen fouten; 1: fouten (met --streng ook: niet alles
    gecontroleerd); 2: PAD of een opgegeven bestand is onbruikbaar.
    """
    alle_paden = list(paden) + (api.trajectpaden(alle) if alle is not None else [])
    if not paden and alle is None:
        raise click.UsageError("Geef een PAD (map of dossier) of --alle MAP.")
    if len(alle_paden) == 1 and alle is None and xlsx is None:
        rapport = api.controleer(alle_paden[0], vertrouwd, erkenningen, register, sjablonen)
        if as_json:
            print(json.dumps(rapport.as_dict(), ensure_ascii=False, indent=2))
        else:
            show(stdout(), rapport)
        return _exit(rapport.oordeel, streng)
    oordelen = api.controleer_alle(alle_paden, vertrouwd, erkenningen, register, sjablonen)
    if xlsx is not None:
        api.schrijf_overzicht(xlsx, oordelen)
    if as_json:
        trajecten = [o.as_dict() for o in oordelen]
        print(json.dumps({"trajecten": trajecten}, ensure_ascii=False, indent=2))
    else:
        show_overview(stdout(), oordelen, xlsx)
    return _exit(worst(oordelen), streng)


@main.command("uitleg")
@click.argument("regel", metavar="REGEL", required=False)
def uitleg(regel: str | None) -> ExitStatus:
    """Leg een regel van de controle uit (bijvoorbeeld: uitleg X16), met wat u eraan doet.

    Zonder REGEL: alle regels op een rij.
    """
    console = stdout()
    gevonden = api.uitleg(regel)
    for uitleg in gevonden:
        if regel is None:
            console.print(Text(f"{uitleg.code:<8} {uitleg.titel}"))
            continue
        console.print(Text(f"{uitleg.code}: {uitleg.titel}", style="bold"))
        console.print()
        console.print(Text(uitleg.wat))
        console.print()
        console.print(Text("Wat te doen", style="bold"))
        console.print(Text(uitleg.doen))
    if regel is None:
        console.print()
        console.print("Meer over een regel: overeenkomsten uitleg X15", markup=False)
    return ExitStatus.OK


def _exit(oordeel: str, streng: bool) -> ExitStatus:
    if oordeel == "fouten" or (streng and oordeel == "onvolledig"):
        return ExitStatus.BEVINDINGEN
    return ExitStatus.OK


def show_overview(console: Console, oordelen: list[Trajectoordeel], xlsx: Path | None) -> None:
    """One line per trajectory, worst verdicts counted at the end."""
    rijen = [
        (
            Text(o.pad),
            Text(o.traject_id or ""),
            Text(o.oordeel, style="bold red" if o.oordeel == "fouten" else ""),
            str(o.aantal("fout")),
            str(o.aantal("waarschuwing")),
            str(o.aantal("niet-gecontroleerd")),
        )
        for o in oordelen
    ]
    koppen = ("Pad", "Traject", "Oordeel", "Fouten", "Waarsch.", "Niet gecontr.")
    console.print(Overzicht(koppen, rijen, titel="Overzicht per traject", breed=80))
    counts = {v: sum(1 for o in oordelen if o.oordeel == v) for v in ("in orde", "onvolledig")}
    counts["fouten"] = sum(1 for o in oordelen if o.oordeel == "fouten")
    console.print(
        f"{len(oordelen)} trajecten: {counts['in orde']} in orde, {counts['onvolledig']} "
        f"onvolledig, {counts['fouten']} met fouten.",
        markup=False,
    )
    if xlsx is not None:
        console.print(f"Overzicht geschreven: {xlsx}", markup=False)


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
    if rapport.record is not None:
        console.print(
            f"  {'record':<12} {rapport.record}: alleen de afronding is eruit gelezen (X11, "
            "X17); verder gaat de controle over de documenten zelf",
            markup=False,
        )
    if rapport.bevindingen:
        console.print()
        console.print(_table(rapport))
    if rapport.geslaagd:
        console.print()
        console.print(Text("In orde bevonden", style="bold"))
        for code in rapport.geslaagd:
            console.print(f"  {code:<4} {rapport.regels.get(code, '')}", markup=False)
    if rapport.niet_van_toepassing:
        console.print()
        console.print(Text("Niet van toepassing (het document ontbreekt)", style="bold"))
        for code in rapport.niet_van_toepassing:
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
