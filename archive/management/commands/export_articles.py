"""`manage.py export_articles`: articles with their entities and quotes, as JSON Lines or CSV."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.models import ArticleStatus
from archive.services.export import ALL_STATUSES, DEFAULT_BASE_URL, FORMATS, export_articles
from archive.services.wording import plural


class Command(BaseCommand):
    help = (
        "Export articles (published ones by default) with their organizations, people, "
        "events, places and quotes, to stdout or a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="jsonl")
        parser.add_argument(
            "--output", metavar="FILE", default="", help="Write here instead of stdout."
        )
        parser.add_argument(
            "--status",
            choices=[*ArticleStatus.values, ALL_STATUSES],
            default=ArticleStatus.PUBLISHED,
            help="Which articles (default: published; 'all' for every status).",
        )
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Where the archive is served, for article URLs (default: {DEFAULT_BASE_URL}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        arguments = {
            "format": options["format"],
            "status": options["status"],
            "base_url": options["base_url"],
        }
        output = options["output"]
        if not output:
            # The data itself goes to stdout: no messages may be mixed into it.
            try:
                export_articles(self.stdout._out, **arguments)
                self.stdout.flush()
            except BrokenPipeError:
                # The reader stopped early (`| head`): that is not an error. Point stdout at
                # /dev/null so the interpreter's final flush does not complain either.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = export_articles(stream, **arguments)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}") from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"Exported {plural(count, 'article')} to {output}.")
