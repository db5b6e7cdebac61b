"""Stories: the copies of one article (syndicated, lightly rewritten) grouped together.

An article belongs to at most one story (`Article.story`); an article with no copy has none.
Every article's MinHash fingerprint is stored (`ArticleFingerprint`, `StoryBand`) so that the
importer finds copies with an indexed query, in any process and after any restart
(archive.services.stories). `StoryChange` records what a curator split or joined, to undo it.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from .curation import UndoableChange
from .fields import optional_link


class Story(models.Model):
    """Copies of one article; the representative is the earliest dated, then the longest."""

    representative = optional_link("archive.Article", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"story {self.pk}"


class ArticleFingerprint(models.Model):
    """An article body's MinHash signature (4 bytes per permutation)."""

    article = models.OneToOneField(
        "archive.Article", primary_key=True, on_delete=models.CASCADE, related_name="fingerprint"
    )
    signature = models.BinaryField()
    # Articles a curator split out of a story are not grouped again by a later import.
    kept_apart = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"fingerprint of article {self.article_id}"


class StoryBand(models.Model):
    """One LSH band key of an article's signature: copies share at least one key."""

    key = models.BigIntegerField()
    article = models.ForeignKey(
        "archive.Article", on_delete=models.CASCADE, related_name="story_bands"
    )

    class Meta:
        indexes = [models.Index(fields=["key", "article"], name="storyband_key_idx")]

    def __str__(self) -> str:
        return f"band {self.key} of article {self.article_id}"


class StoryChange(UndoableChange):
    """A curator's split or join of stories, with each article's story before and after."""

    class Action(models.TextChoices):
        SPLIT = "split", "Split out of a story"
        JOIN = "join", "Joined into one story"

    action = models.CharField(max_length=10, choices=Action.choices)
    story = optional_link(Story, related_name="changes")
    description = models.CharField(max_length=500, blank=True, default="")
    # snapshot: {"articles": [{"pk", "before", "after"}], "kept_apart": [{"pk", "before", "after"}]}

    def __str__(self) -> str:
        return self.description or f"{self.get_action_display()} ({self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("admin:archive_storychange_change", args=[self.pk])
