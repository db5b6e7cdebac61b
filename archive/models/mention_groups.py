"""The review queue's groups of suggested mentions, stored (issue 11).

The queue's "mentions" tab lists suggested mentions grouped by kind, record and text, the
largest groups first. Grouped on every page view, that was two passes over every suggested
mention (the page and its count: 12 s on SQLite at 100,000 freshly imported articles). Instead
one row here per group: how many suggested mentions it has and the smallest mention id (the
group's reference in the queue's forms).

Only archive.services.mention_groups writes these rows. It is called with the records whose
mentions changed by `entity_counts.recount_entities`, which every service that writes,
reviews, moves or deletes mentions already calls; deleting a record drops its groups; and
`manage.py dbcheck --fix` rebuilds what drifted. No foreign key, as for the name keys: one
table serves the four kinds and entity ids are never reused.
"""

from __future__ import annotations

from django.db import models

from .choices import EntityKind


class MentionGroup(models.Model):
    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    entity_id = models.BigIntegerField()
    text = models.CharField(max_length=500)
    mention_count = models.PositiveIntegerField()
    first_id = models.BigIntegerField(help_text="The group's smallest mention id.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "entity_id", "text"], name="mention_group_unique"
            ),
        ]
        indexes = [
            # The queue's tab, all kinds (entity_queries.suggested_mention_groups):
            #   SELECT ... FROM archive_mentiongroup
            #   ORDER BY mention_count DESC, text, kind, first_id LIMIT 20 OFFSET n
            models.Index(
                fields=["-mention_count", "text", "kind", "first_id"],
                name="mention_group_order_idx",
            ),
            # The same for one kind: ... WHERE kind = %s ORDER BY mention_count DESC, ...
            models.Index(
                fields=["kind", "-mention_count", "text", "first_id"],
                name="mention_group_kind_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.entity_id} {self.text} ({self.mention_count})"
