"""The dossier: ``bundel`` (``controleer DOSSIER.pdf`` is routed by ``controleer`` itself)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from overeenkomsten import api, opstart
from overeenkomsten._getallen import aantal
from overeenkomsten.cli.app import (
    ExitStatus,
    erkenningen_option,
    existing_path,
    key_options,
    main,
    password_from_env,
    register_option,
    stderr,
    stdout,
    vertrouwd_option,
)
from overeenkomsten.cli.controle import show


@main.command("bundel", voorladen=opstart.CONTROLE)
@click.argument("map", metavar="MAP", type=existing_path())
@click.option(
    "--uit",
    required=True,
    type=existing_path(),
    metavar="DOSSIER.pdf",
    help="Het dossier dat wordt geschreven.",
)
@key_options(
    "--zegel",
    "Verzegel het dossier (PAdES) met dit sleutelbestand (PKCS#12) van uw organisatie.",
    required=False,
    metavar="P12",
    van="het zegelbestand",
)
@vertrouwd_option
@erkenningen_option
@register_option
@click.option(
    "--ook-bij-fouten",
    is_flag=True,
    help="Bundel ook als de controle fouten vindt; het voorblad meldt dat dan in rood.",
)
def bundel(
    map: Path,
    uit: Path,
    zegel: Path | None,
    wachtwoord_env: str | None,
    vertrouwd: tuple[Path, ...],
    erkenningen: Path | None,
    register: Path | None,
    ook_bij_fouten: bool,
) -> ExitStatus:
    """Bundel de ondertekende PDF's van een traject tot één dossier-PDF.

    MAP bevat de PDF's van één traject (en eventueel traject.json). Het dossier krijgt een
    voorblad met het oordeel van de controle en een inhoudsopgave, leesbare kopieën met
    bladwijzers, de originelen ongewijzigd als bijlage en manifest.json. Exitcode 0:
    dossier geschreven; 1: geweigerd omdat de controle fouten vond; 2: onbruikbare invoer.
    """
    if wachtwoord_env is not None and zegel is None:
        raise click.UsageError("--wachtwoord-env hoort bij --zegel.")
    resultaat = api.bundel(
        map,
        uit,
        zegel=zegel,
        wachtwoord=password_from_env(wachtwoord_env, zegel),
        vertrouwd=list(vertrouwd),
        erkenningen=erkenningen,
        register=register,
        ook_bij_fouten=ook_bij_fouten,
    )
    if resultaat.geweigerd:
        show(stdout(), resultaat.rapport)
        stderr().print(f"Niet gebundeld: {resultaat.reden}", markup=False)
        return ExitStatus.BEVINDINGEN
    console = stdout()
    manifest = resultaat.manifest
    originelen = len(manifest.documenten) if manifest else 0
    verzegeld = ", verzegeld" if zegel else ""
    console.print(
        f"Dossier geschreven: {resultaat.uit} ({aantal(resultaat.paginas, 'pagina')}, "
        f"{aantal(originelen, 'origineel')} als bijlage{verzegeld}).",
        markup=False,
    )
    oordeel = resultaat.rapport.oordeel
    console.print(f"Oordeel van de controle: {oordeel}", markup=False)
    for bevinding in resultaat.rapport.bevindingen:
        console.print(f"  {bevinding.ernst} ({bevinding.regel}): {bevinding.bericht}", markup=False)
    if oordeel == "fouten":
        console.print(
            Text(
                "LET OP: gebundeld ondanks fouten (--ook-bij-fouten); het voorblad meldt dit.",
                style="bold red",
            )
        )
    return ExitStatus.OK
