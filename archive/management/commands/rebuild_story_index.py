"""`manage.py rebuild_story_index`: fingerprint every article again and group its copies.

For articles imported before stories existed, or after STORY_NUM_PERM, STORY_SHINGLE_SIZE or
STORY_LSH_BANDS changed. Stories already made (and curators' splits) are kept.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from archive.models import Article
from archive.services.stories import rebuild_index


class Command(BaseCommand):
    help = "Recompute every article's story fingerprint and group copies not yet in a story."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        grouped = Article.objects.filter(story__isnull=False).count()
        self.stdout.write(f"Fingerprinted {count} articles; {grouped} are in a story.")
