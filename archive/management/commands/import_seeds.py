"""`manage.py import_seeds`: import_articles for settings.SEEDS_DIR (what `make run` calls)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from archive.management.commands.import_articles import ImportCommand


class Command(ImportCommand):
    help = "Import the seed articles in settings.SEEDS_DIR (same options as import_articles)."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_import_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        seeds_dir = Path(settings.SEEDS_DIR)
        if not seeds_dir.is_dir():
            raise CommandError(f"The seeds folder {seeds_dir} does not exist.")
        self.run_import([str(seeds_dir)], options)
