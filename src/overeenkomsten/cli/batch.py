"""Commands for the RMT back office: ``batch`` and ``status``."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from overeenkomsten import api
from overeenkomsten.cli.app import (
    ExitStatus,
    existing_path,
    main,
    register_option,
    sjablonen_option,
    stderr,
    stdout,
    visible,
)

if TYPE_CHECKING:  # imported when used: every command starts a second faster without them
    from overeenkomsten.batch.run import BatchResult
    from overeenkomsten.batch.status import TrajectStatus

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
        )
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
            bar.update(task, completed=done, total=total, snelheid=f"{rate:.1f} per seconde")

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
                f"{done} van {total} rijen klaar ({rate:.1f} per seconde)",
                file=sys.stderr,
                flush=True,
            )

    yield report


def _print_result(result: BatchResult) -> None:
    console = stdout()
    totals = result.totalen
    console.print(
        f"{totals['rijen']} rijen: {totals['gemaakt']} gemaakt, "
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
            console.print(f"... en nog {len(wrong) - 50} rijen met fouten.", markup=False)
    if result.foutenrapport is not None:
        console.print(f"Foutenrapport: {result.foutenrapport}", markup=False)
    console.print(f"Samenvatting: {result.uit / 'samenvatting.csv'} en .json", markup=False)


@main.command("status")
@click.argument("map_", metavar="MAP", type=existing_path())
@click.option("--json", "as_json", is_flag=True, help="Toon het resultaat als JSON.")
def status(map_: Path, as_json: bool) -> ExitStatus:
    """Toon per traject in een batchmap: documenten, handtekeningen, wat ontbreekt, dossier."""
    trajecten = api.status(map_)
    if as_json:
        payload = {"trajecten": [t.as_dict() for t in trajecten]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    _print_status(trajecten)
    return ExitStatus.OK


def _print_status(trajecten: list[TrajectStatus]) -> None:
    console = stdout()
    if not trajecten:
        console.print("Geen trajecten gevonden (geen mappen met een traject.json).")
        return
    table = Table(header_style="bold")
    for kop in ("Traject", "Document", "Word", "PDF", "Ondertekend door", "Ontbreekt", "Dossier"):
        table.add_column(kop, overflow="fold")
    for traject in trajecten:
        dossier = ", ".join(traject.dossiers) or "nee"
        if traject.problemen:
            table.add_row(
                Text(traject.traject_id),
                "",
                "",
                "",
                "",
                Text("; ".join(traject.problemen)),
                dossier,
            )
        for index, doc in enumerate(traject.documenten):
            missing = ", ".join(doc.ontbreekt) if doc.pdf else "PDF ontbreekt"
            if doc.problemen:
                missing = "; ".join([*(p.rstrip(".") for p in doc.problemen), missing])
            table.add_row(
                Text(traject.traject_id if index == 0 else ""),
                doc.document,
                "ja" if doc.docx else "nee",
                "ja" if doc.pdf else "nee",
                ", ".join(doc.ondertekend) or "-",
                Text(missing or "-"),
                dossier if index == 0 else "",
            )
    console.print(table)
    klaar = sum(t.compleet for t in trajecten)
    console.print(f"{klaar} van {len(trajecten)} trajecten volledig ondertekend.", markup=False)
