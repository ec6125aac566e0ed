"""Commands for the RMT back office: ``batch`` and ``status``."""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from overeenkomsten import api, opstart
from overeenkomsten._getallen import aantal, getal
from overeenkomsten._tekst import dutch_date, scrub_bsn
from overeenkomsten.cli.app import (
    ExitStatus,
    erkenningen_option,
    existing_path,
    main,
    register_option,
    sjablonen_option,
    stderr,
    stdout,
    vertrouwd_option,
    visible,
)
from overeenkomsten.errors import OvereenkomstenError

if TYPE_CHECKING:  # imported when used: every command starts a second faster without them
    from overeenkomsten.batch.run import BatchResult
    from overeenkomsten.batch.status import DocumentStatus, TrajectStatus
    from overeenkomsten.controle.documentstaat import Partij

ProgressCallback = Callable[[int, int], None]


@main.command("batch")
@click.argument("intake", metavar="INTAKE.xlsx", type=existing_path())
@click.option(
    "--uit",
    type=existing_path(),
    required=True,
    metavar="MAP",
    help="Map voor de documentensets, samenvatting en het foutenrapport.",
)
@click.option(
    "--pdf/--geen-pdf", default=True, show_default=True, help="Maak ook PDF's (met LibreOffice)."
)
@click.option(
    "--werkers",
    type=click.IntRange(1, 64),
    metavar="N",
    help="Aantal parallelle werkers (standaard: het aantal processorkernen).",
)
@click.option(
    "--opnieuw", is_flag=True, help="Maak alle sets opnieuw, ook als er niets veranderd is."
)
@sjablonen_option
@register_option
def batch(
    intake: Path,
    uit: Path,
    pdf: bool,
    werkers: int | None,
    opnieuw: bool,
    sjablonen: Path | None,
    register: Path | None,
) -> ExitStatus:
    """Maak van elke geldige rij van een intakewerkboek de documentenset.

    Ongeldige rijen komen in MAP/foutenrapport.xlsx; MAP/samenvatting.csv en .json geven per
    rij wat er gebeurd is. Een tweede keer draaien slaat ongewijzigde trajecten over.
    Exitcode 0: alle rijen gemaakt of ongewijzigd; 1: er zijn rijen met fouten; 2: de
    invoer of de installatie is onbruikbaar.
    """
    telling: Counter[str] = Counter()
    try:
        with _progress() as voortgang:
            result = api.batch(
                intake,
                uit,
                pdf=pdf,
                werkers=werkers,
                opnieuw=opnieuw,
                sjablonen=sjablonen,
                register=register,
                voortgang=voortgang,
                klaar=lambda rij: telling.update([rij.status]),
            )
    except (OSError, OvereenkomstenError):  # a full disk; a template that cannot be filled
        _print_partial(telling, uit)
        raise  # the error boundary says what went wrong (with the path or the template)
    _print_result(result)
    return ExitStatus.BEVINDINGEN if result.totalen["fout"] else ExitStatus.OK


@contextmanager
def _progress() -> Iterator[ProgressCallback]:
    """A rich progress bar on a terminal; plain lines every 10 seconds otherwise."""
    if sys.stderr.isatty():
        bar = Progress(
            TextColumn("Trajecten"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[snelheid]}"),
            TextColumn("nog"),
            TimeRemainingColumn(),
            console=stderr(),
            transient=True,
        )
        task = bar.add_task("batch", total=None, snelheid="")
        started = time.monotonic()

        def update(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            bar.update(task, completed=done, total=total, snelheid=f"{getal(rate, 1)} per seconde")

        with bar:
            yield update
        return
    started = last = time.monotonic()

    def report(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= 10 or done == total:
            last = now
            rate = done / max(now - started, 1e-6)
            print(
                f"{done} van {aantal(total, 'rij')} klaar ({getal(rate, 1)} per seconde)",
                file=sys.stderr,
                flush=True,
            )

    yield report


def _print_partial(telling: Counter[str], uit: Path) -> None:
    """After an error that stops the run (a full disk, a template that cannot be filled):
    what was done before it (the rows made are whole:
    every file is written to a temporary name first and renamed when complete)."""
    if not sum(telling.values()):
        return
    stdout().print(
        f"Voor de fout waren {sum(telling.values())} rijen klaar: {telling['gemaakt']} "
        f"gemaakt, {telling['ongewijzigd']} ongewijzigd, {telling['fout']} met fouten. Elk "
        f"bestand in {uit} is compleet; start de batch opnieuw om de rest te maken "
        "(wat al klaar is, wordt overgeslagen).",
        markup=False,
    )


def _print_result(result: BatchResult) -> None:
    console = stdout()
    totals = result.totalen
    console.print(
        f"{aantal(totals['rijen'], 'rij')}: {totals['gemaakt']} gemaakt, "
        f"{totals['ongewijzigd']} ongewijzigd, {totals['fout']} met fouten.",
        markup=False,
    )
    wrong = result.fout_rijen
    if wrong:
        table = Table(header_style="bold")
        for kop in ("Rij", "Traject", "Fouten"):
            table.add_column(kop, overflow="fold")
        for row in wrong[:50]:
            table.add_row(
                str(row.rij or ""),
                Text(visible(row.traject_id or "")),
                Text(visible("\n".join(row.fouten))),
            )
        console.print(table)
        if len(wrong) > 50:
            console.print(f"... en nog {aantal(len(wrong) - 50, 'rij')} met fouten.", markup=False)
    if result.nieuwe_versies:
        console.print(
            f"Nieuwe versies naast een ondertekend document ({len(result.nieuwe_versies)}): "
            f"{', '.join(result.nieuwe_versies[:20])}"
            + (" ..." if len(result.nieuwe_versies) > 20 else ""),
            markup=False,
        )
    if result.foutenrapport is not None:
        console.print(f"Foutenrapport: {result.foutenrapport}", markup=False)
    console.print(f"Samenvatting: {result.uit / 'samenvatting.csv'} en .json", markup=False)


@main.command("status", voorladen=opstart.CONTROLE)
@click.argument("map_", metavar="MAP", type=existing_path())
@click.option("--json", "as_json", is_flag=True, help="Toon het resultaat als JSON.")
@click.option(
    "--xlsx",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="OVERZICHT.xlsx",
    help="Schrijf ook het overzicht voor de backoffice: per traject de volgende termijn, "
    "per ontbrekende handtekening wie (naam, rol, e-mail) en wanneer.",
)
@vertrouwd_option
@erkenningen_option
@click.option(
    "--vandaag",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    hidden=True,
    help="Rekent de termijnen alsof het deze datum is (JJJJ-MM-DD).",
)
def status(
    map_: Path,
    as_json: bool,
    xlsx: Path | None,
    vertrouwd: tuple[Path, ...],
    erkenningen: Path | None,
    vandaag: dt.datetime | None,
) -> ExitStatus:
    """Toon per traject in een batchmap: documenten, handtekeningen, wat ontbreekt of te
    laat is, het oordeel van de controle, de volgende termijn en het dossier.

    Documenten worden herkend aan hun inhoud, net als bij 'controleer': een hernoemde,
    ondertekende PDF telt gewoon mee.
    """
    today = vandaag.date() if vandaag is not None else dt.date.today()
    trajecten = api.status(map_, vertrouwd, vandaag=today, xlsx=xlsx, erkenningen=erkenningen)
    if as_json:
        payload = {"vandaag": today.isoformat(), "trajecten": [t.as_dict() for t in trajecten]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    _print_status(trajecten, today)
    untrusted = any(
        p.stand == "ondertekend" and not p.vertrouwd
        for t in trajecten
        for d in t.documenten
        for p in d.partijen
    )
    if untrusted and not vertrouwd:
        _wrap(
            stdout(),
            "Let op: of de certificaten te vertrouwen zijn, is niet gecontroleerd. Geef de "
            "vertrouwde basiscertificaten met --vertrouwd of OVEREENKOMSTEN_VERTROUWD.",
            "",
        )
    if xlsx is not None:
        stdout().print(Text(f"Overzicht: {xlsx}"))
    return ExitStatus.OK


_BREEDTE = 80


def _wrap(console: Console, text: str, indent: str, hang: int = 0) -> None:
    for line in textwrap.wrap(
        visible(scrub_bsn(text)),
        width=_BREEDTE,
        initial_indent=indent,
        subsequent_indent=" " * (len(indent) + hang),
        break_on_hyphens=False,
    ):
        console.print(Text(line))


def _party(p: Partij) -> str:
    details = [p.naam or p.ondertekenaar or ""]
    if p.dag is not None:
        details.append(dutch_date(p.dag))
    if p.stand == "handmatig vastgesteld":
        details.append("handmatig vastgesteld")
    elif p.stand == "ondertekend" and not p.vertrouwd:
        details.append("vertrouwen niet vastgesteld")
    if p.te_laat:
        details.append("NA de startdatum")
    inner = ", ".join(d for d in details if d)
    return f"{p.rol} ({inner})" if inner else p.rol


def _document_lines(doc: DocumentStatus) -> list[str]:
    if not doc.aanwezig:
        lines = ["niet gevonden" + (" (er is alleen een Word-bestand)" if doc.docx else "")]
    else:
        versie = f" (versie {doc.versie})" if doc.versie and doc.versie > 1 else ""
        lines = [f"bestand: {doc.bestand}{versie}"]
        getekend = [_party(p) for p in doc.partijen if p.getekend]
        if getekend:
            lines.append("ondertekend: " + "; ".join(getekend))
    if doc.ontbreekt:
        namen = {p.rol: p for p in doc.partijen}
        missing = [
            _party(namen[r])
            if r in namen and namen[r].stand == "ontbreekt"
            else (f"{r} (niet in orde)" if r in namen else r)
            for r in doc.ontbreekt
        ]
        lines.append("ontbreekt: " + "; ".join(missing))
    for oud in doc.vervangen:
        nu = "ondertekend" if doc.aanwezig and not doc.ontbreekt else "wacht op ondertekening"
        was = "ondertekend" if oud.ondertekend else "niet ondertekend"
        lines.append(f"v{doc.versie} {nu}; v{oud.versie} {was} (vervangen: {oud.naam})")
    lines.extend(doc.problemen)
    return lines


def _print_status(trajecten: list[TrajectStatus], vandaag: dt.date) -> None:
    console = stdout()
    if not trajecten:
        console.print("Geen trajecten gevonden (geen mappen met een traject.json).")
        return
    for traject in trajecten:
        fouten = traject.aantallen.get("fout", 0)
        oordeel = f" (controle: {traject.oordeel}" if traject.oordeel else ""
        if oordeel:
            oordeel += f", {aantal(fouten, 'fout')})" if fouten else ")"
        map_ = f", map {traject.map}" if traject.map != traject.traject_id else ""
        _wrap(console, f"{traject.traject_id}{oordeel}{map_}", "")
        for probleem in traject.problemen:
            _wrap(console, f"Probleem: {probleem}", "  ", 10)
        volgende = traject.volgende
        if volgende is not None:
            _wrap(console, f"Volgende: {volgende.tekst(vandaag)}", "  ", 10)
        for termijn in traject.termijnen:
            if termijn.verlopen and termijn is not volgende:
                _wrap(console, f"Verlopen: {termijn.tekst(vandaag)}", "  ", 10)
        for doc in traject.documenten:
            for index, line in enumerate(_document_lines(doc)):
                label = f"{doc.document:<5} " if index == 0 else " " * 6
                _wrap(console, line, f"  {label}", 2)
        if traject.dossiers:
            _wrap(console, f"Dossier: {', '.join(traject.dossiers)}", "  ", 9)
        console.print()
    klaar = sum(t.compleet for t in trajecten)
    verlopen = sum(1 for t in trajecten if any(x.verlopen for x in t.termijnen))
    console.print(
        f"{klaar} van {aantal(len(trajecten), 'traject')} volledig ondertekend.", markup=False
    )
    if verlopen:
        wat = "heeft" if verlopen == 1 else "hebben"
        console.print(f"{aantal(verlopen, 'traject')} {wat} een verlopen termijn.", markup=False)
