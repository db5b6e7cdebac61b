"""Mentions (an article names an entity at an exact span) and quotes."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse

from ..kinds import KINDS
from .articles import Article
from .choices import EntityKind, ReviewStatus
from .entities import Entity, Event, Organization, Person, Place
from .fields import optional_link


class MentionQuerySet(models.QuerySet):
    def visible(self) -> MentionQuerySet:
        return self.exclude(review_status=ReviewStatus.REJECTED)

    def machine(self) -> MentionQuerySet:
        """Mentions no curator has touched: a re-import may replace them."""
        return self.filter(review_status=ReviewStatus.SUGGESTED)

    def for_entity(self, entity: Entity) -> MentionQuerySet:
        return self.filter(**{entity.entity_kind.mention_field: entity})

    def with_entity(self) -> MentionQuerySet:
        return self.select_related(*KINDS.mention_fields())


def _link_to(model: type[Entity]) -> models.ForeignKey:
    """A mention's link to an entity of one kind: set for that kind, null for the others.

    No index of its own: the mention's (entity, article) index below starts with it."""
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )


class Mention(models.Model):
    """An article names an entity at characters [start, end) of its cleaned body."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    organization = _link_to(Organization)
    person = _link_to(Person)
    event = _link_to(Event)
    place = _link_to(Place)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500, help_text="The text as written in the body.")
    sentence = models.TextField(blank=True, default="", help_text="The sentence around it.")
    # A person's role is what *this* article calls them ("Mayor", later "former Mayor"): the
    # person's own `role` is only the latest one, so an article page shows this instead.
    role = models.CharField(
        max_length=500, blank=True, default="", help_text="The person's role in this article."
    )
    extractor = models.CharField(max_length=100, blank=True, default="")
    confidence = models.FloatField(default=1.0)
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SUGGESTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "id"]
        indexes = [
            # An article's mentions in text order (its page, the API's mention list) and, after
            # these, what the exports read of each (archive.services.public_exports.
            # mentioned_entities: status and entity, per article): the exports' subquery then
            # reads this index alone, not ~30 table rows scattered over the file per article.
            # Wider rather than a second index, so an import writes no more index entries.
            models.Index(
                fields=["article", "start", "id", "review_status", *KINDS.mention_fields()],
                name="mention_article_pos_idx",
            ),
            models.Index(fields=["kind", "review_status"], name="mention_kind_review_idx"),
            # The facets and the map of a filtered list or a search: the mentions of a list of
            # articles grouped by entity (archive.services.facets, maps.places_query), read
            # from this index alone instead of each mention's row with its sentence.
            models.Index(
                fields=["article", "kind", "review_status", *KINDS.mention_fields()],
                name="mention_article_facets_idx",
            ),
            # An entity's articles: its page, its feed, the article list's entity filter and
            # co-mentions read (entity, article) pairs from these alone, without the table.
            # The review status is in them because every public query leaves out rejected
            # mentions: without it each of a widely named entity's mentions was read from the
            # table (tens of thousands of rows at 20,000 articles) to check it.
            models.Index(
                fields=["organization", "article", "review_status"], name="mention_org_article_idx"
            ),
            models.Index(
                fields=["person", "article", "review_status"], name="mention_person_article_idx"
            ),
            models.Index(
                fields=["event", "article", "review_status"], name="mention_event_article_idx"
            ),
            models.Index(
                fields=["place", "article", "review_status"], name="mention_place_article_idx"
            ),
            # The admin's "by extractor" filter lists the extractors by one seek per distinct
            # value (archive.services.distinct_values), not a DISTINCT over every mention.
            models.Index(fields=["extractor"], name="mention_extractor_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="organization",
                        organization__isnull=False,
                        person__isnull=True,
                        event__isnull=True,
                        place__isnull=True,
                    )
                    | Q(
                        kind="person",
                        organization__isnull=True,
                        person__isnull=False,
                        event__isnull=True,
                        place__isnull=True,
                    )
                    | Q(
                        kind="event",
                        organization__isnull=True,
                        person__isnull=True,
                        event__isnull=False,
                        place__isnull=True,
                    )
                    | Q(
                        kind="place",
                        organization__isnull=True,
                        person__isnull=True,
                        event__isnull=True,
                        place__isnull=False,
                    )
                ),
                name="mention_exactly_one_entity",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="mention_end_after_start"),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")), name="mention_span_matches_text"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="mention_confidence_range",
            ),
            models.UniqueConstraint(
                fields=["article", "kind", "start", "end"], name="mention_unique_span_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.kind}) in {self.article_id}@{self.start}"

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", kwargs={"slug": self.article.slug}) + (
            f"#mention-{self.pk}"
        )

    @property
    def entity(self) -> Entity:
        return getattr(self, KINDS[self.kind].mention_field)

    @entity.setter
    def entity(self, value: Entity) -> None:
        for field in KINDS.mention_fields():
            setattr(self, field, None)
        self.kind = value.kind_of_entity
        setattr(self, value.entity_kind.mention_field, value)


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = optional_link(Person, related_name="quotes")
    speaker_name = models.CharField(max_length=300, blank=True, default="")
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    extractor = models.CharField(max_length=100, blank=True, default="")
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SUGGESTED
    )

    class Meta:
        ordering = ["article", "start", "id"]
        indexes = [models.Index(fields=["article", "start", "id"], name="quote_article_pos_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="quote_end_after_start"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
            models.UniqueConstraint(fields=["article", "start"], name="quote_unique_start"),
        ]

    def __str__(self) -> str:
        who = self.speaker.name if self.speaker_id else (self.speaker_name or "unknown")
        return f"{who}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", kwargs={"slug": self.article.slug}) + (
            f"#quote-{self.pk}"
        )
