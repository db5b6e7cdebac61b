"""What curators did and may do: merges of records, and suggested merges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .choices import EntityKind
from .fields import optional_link


class UndoableChange(models.Model):
    """What every recorded curator action shares: who did it, when, and whether it was undone.

    The snapshot holds the rows as they were before, which is all an undo needs; each action's
    service (archive.services.merging, archive.services.stories) knows how to read it back.
    """

    snapshot = models.JSONField(default=dict, help_text="Rows as they were before the change.")
    performed_by = optional_link(settings.AUTH_USER_MODEL, related_name="%(class)s_changes")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class EntityMerge(UndoableChange):
    """A merge of one entity into another, with what is needed to undo it exactly."""

    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    survivor_id = models.BigIntegerField()
    merged_id = models.BigIntegerField()
    survivor_name = models.CharField(max_length=300)
    merged_name = models.CharField(max_length=300)

    class Meta(UndoableChange.Meta):
        permissions = [("merge_entities", "Can merge, split and unmerge entities")]
        indexes = [models.Index(fields=["-created_at", "-id"], name="entitymerge_recent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(survivor_id=F("merged_id")), name="entitymerge_distinct_records"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.survivor_name} ({self.kind})"

    def get_absolute_url(self) -> str:
        return reverse("admin:archive_entitymerge_change", args=[self.pk])


class MergeSuggestion(models.Model):
    """Two records of one kind that look like duplicates, for a curator to accept or dismiss."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    first_id = models.BigIntegerField()
    second_id = models.BigIntegerField()
    first_name = models.CharField(max_length=300)
    second_name = models.CharField(max_length=300)
    score = models.FloatField()
    reason = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["status", "-score", "id"], name="mergesuggestion_open_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "first_id", "second_id"], name="mergesuggestion_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(first_id__lt=F("second_id")), name="mergesuggestion_ordered_pair"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="mergesuggestion_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} ≈ {self.second_name} ({self.score:.0f})"

    def get_absolute_url(self) -> str:
        return reverse("admin:archive_mergesuggestion_change", args=[self.pk])
