"""``overeenkomsten web-beheer opruimen``: remove what has outlived its retention period."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from overeenkomsten.web.avg import TAKEN_DAGEN, ruim_op


def _dagen(waarde: str) -> int:
    try:
        dagen = int(waarde)
    except ValueError:
        dagen = -1
    if dagen < 0:
        raise ArgumentTypeError(f"'{waarde}' is geen aantal dagen (een geheel getal, 0 of meer)")
    return dagen


class Command(BaseCommand):
    help = (
        "Verwijder trajecten (met documenten, dossiers en bestanden) waarvan het einde plus "
        "de bewaartermijn van de organisatie verstreken is, en oude intakes, batches en "
        "auditrapporten, exports van het overzicht die ouder zijn dan een dag, en "
        "resultaten van achtergrondtaken die langer dan --taken-dagen geleden klaar waren."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--droog",
            action="store_true",
            help="Toon alleen wat verwijderd zou worden; verwijder niets.",
        )
        parser.add_argument(
            "--taken-dagen",
            type=_dagen,
            default=TAKEN_DAGEN,
            help="Resultaten van achtergrondtaken die langer dan dit aantal dagen geleden "
            f"klaar waren, worden verwijderd (standaard {TAKEN_DAGEN}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        droog = bool(options["droog"])
        rapport = ruim_op(droog=droog, taken_dagen=int(options["taken_dagen"]))
        werkwoord = "zou worden verwijderd" if droog else "verwijderd"
        self.stdout.write(f"Trajecten {werkwoord}: {len(rapport.trajecten)}")
        for traject_id in rapport.trajecten:
            self.stdout.write(f"  {traject_id}")
        self.stdout.write(
            f"Intakes: {rapport.intakes}, batches: {rapport.batches}, "
            f"auditrapporten: {rapport.auditrapporten}"
        )
        self.stdout.write(
            f"Exports van het overzicht (ouder dan een dag) {werkwoord}: {rapport.exports}"
        )
        self.stdout.write(f"Afgeronde achtergrondtaken {werkwoord}: {rapport.taakresultaten}")
        if not droog:
            self.stdout.write(f"Bestanden verwijderd: {rapport.bestanden}")
