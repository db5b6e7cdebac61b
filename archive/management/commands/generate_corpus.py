"""`manage.py generate_corpus`: synthetic scraped pages for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.services.corpus_generator import generate, write_corpus
from archive.services.wording import plural


class Command(BaseCommand):
    help = (
        "Write N synthetic smart-city pages (text files, deterministic for a seed) and their "
        "ground truth (.manifest.jsonl: title, date and the entities each names) to a folder "
        "that imports as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, required=True, help="How many pages.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same pages.")
        parser.add_argument("--output", type=Path, required=True, help="Folder to write to.")

    def handle(self, *args: Any, **options: Any) -> None:
        articles: int = options["articles"]
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        folder: Path = options["output"]
        if folder.exists() and any(folder.glob("*.txt")):
            raise CommandError(f"{folder} already holds pages; choose an empty folder")
        manifest = write_corpus(generate(articles, options["seed"]), folder)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Wrote {plural(articles, 'page')} to {folder} (ground truth: {manifest.name})"
            )
