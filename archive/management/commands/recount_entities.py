"""`manage.py recount_entities [--kind organization ...]`: repair the records' stored counts.

The services that change what is counted keep the counts right (archive.services.entity_counts);
this recounts every record after rows were written some other way (a bulk load, a restore, a
hand edit in the database).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from archive.kinds import KINDS
from archive.services.entity_counts import recount_all


class Command(BaseCommand):
    help = "Recount every record's published articles, mentions and stories."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            choices=KINDS.values(),
            help="Only records of this kind (repeatable); all kinds by default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        changed = recount_all(options["kind"])
        seconds = time.perf_counter() - started
        self.stdout.write(f"Recounted; {changed} records had wrong counts ({seconds:.1f} s).")
