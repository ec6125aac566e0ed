"""``overeenkomsten web-beheer opruimen``: remove what has outlived its retention period."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from overeenkomsten.web.avg import ruim_op


class Command(BaseCommand):
    help = (
        "Verwijder trajecten (met documenten, dossiers en bestanden) waarvan het einde plus "
        "de bewaartermijn van de organisatie verstreken is, en oude intakes, batches en "
        "auditrapporten."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--droog",
            action="store_true",
            help="Toon alleen wat verwijderd zou worden; verwijder niets.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        droog = bool(options["droog"])
        rapport = ruim_op(droog=droog)
        werkwoord = "zou worden verwijderd" if droog else "verwijderd"
        self.stdout.write(f"Trajecten {werkwoord}: {len(rapport.trajecten)}")
        for traject_id in rapport.trajecten:
            self.stdout.write(f"  {traject_id}")
        self.stdout.write(
            f"Intakes: {rapport.intakes}, batches: {rapport.batches}, "
            f"auditrapporten: {rapport.auditrapporten}"
        )
        if not droog:
            self.stdout.write(f"Bestanden verwijderd: {rapport.bestanden}")
