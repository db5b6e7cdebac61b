"""`manage.py dbcheck [--fix]`: verify the archive's invariants (see archive.services.dbcheck)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from archive.services.dbcheck import run_checks
from archive.services.wording import plural


class Command(BaseCommand):
    help = (
        "Check the archive's invariants (mention spans, foreign keys, merged records, search "
        "index, import run counts) without changing anything; --fix repairs what it can. "
        "Exits 1 if a problem remains."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="Repair what can be repaired.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        fix = options["fix"]
        results = run_checks(fix=fix)
        remaining = 0
        for result in results:
            left = result.count - result.fixed
            remaining += left
            if verbosity >= 1:
                if result.ok:
                    self.stdout.write(self.style.SUCCESS(f"ok       {result.name}"))
                else:
                    fixed = f", {result.fixed} fixed" if fix else ""
                    self.stdout.write(
                        self.style.ERROR(f"PROBLEM  {result.name}: {result.count} found{fixed}")
                    )
            if verbosity >= 1 and not result.ok:
                for problem in result.problems:
                    self.stdout.write(f"         {problem}")
        if remaining:
            hint = "" if fix else " (run with --fix to repair what can be repaired)"
            raise CommandError(
                f"{plural(remaining, 'problem')} {ngettext('remains', 'remain', remaining)}{hint}.",
                returncode=1,
            )
