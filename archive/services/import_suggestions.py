"""Merge suggestions for the records an import created, made when the import ends.

A record an import creates may be one the archive already has under another spelling or in
another script: "Сергей Орлов" from a Russian page and "Sergei Orlov" from an English one,
"Sergey" and "Sergej", "ДИТ" and "DIT". The importer never merges them (a wrong merge silently
mixes two people's articles); it stores a MergeSuggestion that curators see in the admin's
"Merge suggestions" and accept or dismiss (archive.services.duplicates). Only pairs with a new
record are looked at, so an import does not re-suggest what curators already dismissed, and
the cost is one pass over each kind's names per import run, not per document.
"""

from __future__ import annotations

from datetime import datetime

from archive.kinds import KINDS
from archive.models import MergeSuggestion, ReviewStatus
from archive.services.duplicates import suggest_merges
from archive.services.entity_queries import entity_model


def suggest_merges_after_import(created_since: datetime) -> list[MergeSuggestion]:
    """Suggest likely duplicates of the records created since `created_since` (a run's start)."""
    suggestions: list[MergeSuggestion] = []
    for kind in KINDS.values():
        new_ids = set(
            entity_model(kind)
            .objects.canonical()
            .filter(created_at__gte=created_since)
            .exclude(review_status=ReviewStatus.REJECTED)
            .values_list("pk", flat=True)
        )
        if new_ids:
            suggestions.extend(suggest_merges(kind, among=new_ids))
    return suggestions
