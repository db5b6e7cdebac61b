"""The archive's data model.

Four entity kinds (organizations, people, events, places) share one abstract base, so that names,
aliases, review status and merging behave the same for each; a Mention links an article's exact
character span to exactly one entity of any kind.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
from django.urls import reverse
from django.utils.functional import classproperty
from simple_history.models import HistoricalRecords

from .kinds import KINDS, KindOfEntity
from .links import safe_external_url


class ReviewStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested by the machine"
    CONFIRMED = "confirmed", "Confirmed by a curator"
    REJECTED = "rejected", "Rejected"


#: The kinds of entity as stored choices, built from the registry (archive.kinds) so that a
#: kind is defined in one place; `EntityKind.ORGANIZATION == "organization"`.
EntityKind = models.TextChoices(
    "EntityKind", [(kind.value.upper(), (kind.value, kind.label)) for kind in KINDS]
)


# --------------------------------------------------------------------------------------------
# Sources and articles
# --------------------------------------------------------------------------------------------


class SourceQuerySet(models.QuerySet):
    def with_article_counts(self) -> SourceQuerySet:
        return self.annotate(
            article_count=models.Count(
                "articles", filter=Q(articles__status="published"), distinct=True
            )
        )


class Source(models.Model):
    """The publisher or site an article came from."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    domain = models.CharField(max_length=253, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="source_name_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:article-list") + f"?source={self.slug}"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DateOrigin(models.TextChoices):
    """How an article's publication date was obtained (never invented)."""

    NONE = "", "Unknown"
    DATELINE = "dateline", "Date line in the page"
    METADATA = "metadata", "Page or record metadata"
    CURATOR = "curator", "Entered by a curator"


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)

    def with_source(self) -> ArticleQuerySet:
        return self.select_related("source")

    def with_entities(self) -> ArticleQuerySet:
        return self.prefetch_related(
            models.Prefetch(
                "mentions",
                queryset=Mention.objects.visible().select_related(
                    "organization", "person", "event", "place"
                ),
            )
        )

    def needing_review(self) -> ArticleQuerySet:
        return self.filter(needs_review=True)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self) -> ArticleQuerySet:
        # The PostgreSQL tsvector is large and only the search backend reads it (in SQL).
        return super().get_queryset().defer("search_vector")


class Article(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField(help_text="Cleaned text; paragraphs separated by blank lines.")
    raw_text = models.TextField(blank=True, default="", help_text="The text exactly as read.")
    lede = models.TextField(blank=True, default="")
    published_on = models.DateField(null=True, blank=True)
    published_on_origin = models.CharField(
        max_length=20, choices=DateOrigin.choices, blank=True, default=DateOrigin.NONE
    )
    byline = models.CharField(max_length=300, blank=True, default="")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True, default="", help_text="Original page.")
    origin = models.CharField(
        max_length=2000, blank=True, default="", help_text="File path or URL it was imported from."
    )
    language = models.CharField(max_length=16, blank=True, default="en")
    word_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    needs_review = models.BooleanField(
        default=False, help_text="Flagged by the importer for a curator (e.g. no headline)."
    )
    review_note = models.CharField(max_length=500, blank=True, default="")
    # What the cleaner took out of the page: [{"kind", "reason", "text", "position"}], where
    # position counts the body paragraphs above the block (see pipeline.types.RemovedBlock).
    removed_blocks = models.JSONField(
        default=list, blank=True, help_text="Blocks the cleaner removed, with kind and reason."
    )
    curated_fields = models.JSONField(
        default=list, blank=True, help_text="Fields a curator edited; re-imports keep them."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text index on PostgreSQL, kept up to date by a database trigger (see the
    # article_search_index migration and archive/search.py). Unused, always NULL, on SQLite,
    # which indexes articles in an FTS5 table instead.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["raw_text", "search_vector"])
    objects = ArticleManager()

    class Meta:
        permissions = [
            ("publish_article", "Can publish, withdraw and unpublish articles"),
            ("reextract_article", "Can re-run entity extraction on articles"),
        ]
        # Undated articles last on every database (PostgreSQL would put NULLs first).
        ordering = [F("published_on").desc(nulls_last=True), "-id"]
        indexes = [
            # The lists' order, undated last: SQLite sorts NULLs last in a descending index by
            # itself. PostgreSQL sorts them first, so migration 0010 gives it its own index
            # with NULLS LAST (SQLite cannot say that in an index).
            models.Index(fields=["-published_on", "-id"], name="article_recent_idx"),
            # The importer's duplicate check: is this file or URL already in the archive?
            models.Index(fields=["origin"], name="article_origin_idx"),
            models.Index(fields=["status", "-published_on"], name="article_status_date_idx"),
            models.Index(fields=["title"], name="article_title_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True, published_on_origin="")
                | Q(published_on__isnull=False) & ~Q(published_on_origin=""),
                name="article_date_has_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


class FullTextDocument(models.TextField):
    """SQLite FTS5's hidden column named after its table: what MATCH and bm25() take."""


@FullTextDocument.register_lookup
class FullTextMatch(models.Lookup):
    """`search_row__document__match="..."`: the rows the FTS5 query finds. As a lookup (not
    a bare expression) it makes the join to the index an inner one, which FTS5 requires."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class ArticleSearchRow(models.Model):
    """A row of SQLite's full-text index of articles (archive.search_backends.sqlite).

    Django neither creates nor writes this table (triggers keep it in step, and PostgreSQL
    has none); the model only lets a search join the index through the ORM. `document` is
    FTS5's hidden column named after the table, which MATCH and bm25() take.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_row",
    )
    document = FullTextDocument(db_column="archive_article_fts")

    class Meta:
        managed = False
        db_table = "archive_article_fts"

    def __str__(self) -> str:
        return f"search index row of article {self.article_id}"


# --------------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------------


class EntityQuerySet(models.QuerySet):
    def public(self) -> EntityQuerySet:
        """What researchers may see: not rejected and not merged away."""
        return self.exclude(review_status=ReviewStatus.REJECTED).filter(merged_into__isnull=True)

    def canonical(self) -> EntityQuerySet:
        return self.filter(merged_into__isnull=True)

    def suggested(self) -> EntityQuerySet:
        return self.filter(review_status=ReviewStatus.SUGGESTED)

    def confirmed(self) -> EntityQuerySet:
        return self.filter(review_status=ReviewStatus.CONFIRMED)

    def rejected(self) -> EntityQuerySet:
        return self.filter(review_status=ReviewStatus.REJECTED)

    def with_article_counts(self) -> EntityQuerySet:
        """Annotate `article_count`: published articles with a visible mention of the entity."""
        return self.annotate(
            article_count=models.Count(
                "mentions__article",
                filter=Q(mentions__article__status=ArticleStatus.PUBLISHED)
                & ~Q(mentions__review_status=ReviewStatus.REJECTED),
                distinct=True,
            )
        )

    def with_mention_counts(self) -> EntityQuerySet:
        return self.annotate(mention_count=models.Count("mentions", distinct=True))


class Entity(models.Model):
    """What every entity kind shares: names, review status, merging."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=220, unique=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names, spellings and acronyms."
    )
    description = models.TextField(blank=True, default="")
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SUGGESTED
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_duplicates",
        help_text="The record that survived a merge; this one redirects there.",
    )
    curated_fields = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(self.entity_kind.detail_url_name, kwargs={"slug": self.slug})

    @classproperty
    def entity_kind(cls) -> KindOfEntity:
        """This model's entry in the registry of kinds."""
        return KINDS.of(cls)

    @classproperty
    def kind_of_entity(cls) -> str:
        return cls.entity_kind.value

    def public_details(self) -> dict[str, Any]:
        """What public exports say of the record beyond what every entity has (per kind)."""
        return {}

    @property
    def all_names(self) -> list[str]:
        return [self.name, *[a for a in self.aliases if a != self.name]]

    @property
    def is_public(self) -> bool:
        return self.review_status != ReviewStatus.REJECTED and self.merged_into_id is None

    def validate_constraints(self, exclude=None) -> None:
        # Curators never edit `merged_into` on a form (it is read-only), but its stored value
        # decides whether the one-name-per-canonical-record constraint applies: check it too,
        # so a taken name is a form error rather than an IntegrityError.
        super().validate_constraints(exclude=set(exclude or ()) - {"merged_into"})


def _entity_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=~Q(name=""), name=f"{prefix}_name_not_empty"),
        models.CheckConstraint(condition=~Q(slug=""), name=f"{prefix}_slug_not_empty"),
        models.CheckConstraint(
            condition=Q(review_status__in=ReviewStatus.values), name=f"{prefix}_review_valid"
        ),
        models.CheckConstraint(
            condition=~Q(merged_into=F("id")), name=f"{prefix}_not_merged_into_itself"
        ),
        # One canonical record per name, whatever the case (issue 12: concurrent importers
        # must not both create it; the loser's IntegrityError makes the loader retry and find
        # the winner's). Records merged away or rejected keep their names and are left out.
        models.UniqueConstraint(
            Lower("name"),
            condition=Q(merged_into__isnull=True) & ~Q(review_status=ReviewStatus.REJECTED),
            name=f"{prefix}_unique_canonical_name",
            violation_error_message="Another record already has this name; merge the two instead.",
        ),
    ]


def _entity_indexes(prefix: str) -> list[models.Index]:
    return [
        models.Index(fields=["name", "id"], name=f"{prefix}_name_idx"),
        models.Index(fields=["review_status", "name"], name=f"{prefix}_review_idx"),
    ]


class Place(Entity):
    class Kind(models.TextChoices):
        CITY = "city", "City"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places_within",
        limit_choices_to={"kind": "country"},
    )
    country_code = models.CharField(
        max_length=2, blank=True, default="", help_text="ISO 3166-1 alpha-2 of the country."
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta(Entity.Meta):
        indexes = _entity_indexes("place")
        constraints = [
            *_entity_constraints("place"),
            models.CheckConstraint(
                condition=Q(kind__in=["city", "region", "country"]), name="place_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(country=F("id")), name="place_not_within_itself"),
        ]

    def public_details(self) -> dict[str, Any]:
        """What public exports say of a place beyond what every entity has."""
        return {
            "type": self.get_kind_display(),
            "country": self.country.name if self.country else "",
            "country_code": self.country_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }


class Organization(Entity):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government"
        COMPANY = "company", "Company"
        INTERNATIONAL = "international", "International body"
        NGO = "ngo", "NGO"
        ACADEMIC = "academic", "Academic"
        MEDIA = "media", "Media"
        OTHER = "other", "Other"

    acronym = models.CharField(max_length=30, blank=True, default="")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
        limit_choices_to={"kind": "country"},
    )
    website = models.URLField(blank=True, default="")

    history = HistoricalRecords()

    class Meta(Entity.Meta):
        indexes = _entity_indexes("organization")
        constraints = [
            *_entity_constraints("organization"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "government",
                        "company",
                        "international",
                        "ngo",
                        "academic",
                        "media",
                        "other",
                    ]
                ),
                name="organization_kind_valid",
            ),
        ]

    def public_details(self) -> dict[str, Any]:
        """What public exports say of an organization beyond what every entity has."""
        return {
            "type": self.get_kind_display(),
            "acronym": self.acronym,
            "country": self.country.name if self.country else "",
            "website": safe_external_url(self.website),
        }


class Person(Entity):
    role = models.CharField(
        max_length=500, blank=True, default="", help_text="Current role or title."
    )
    affiliation = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    history = HistoricalRecords()

    class Meta(Entity.Meta):
        verbose_name_plural = "people"
        indexes = _entity_indexes("person")
        constraints = _entity_constraints("person")

    def public_details(self) -> dict[str, Any]:
        """What public exports say of a person beyond what every entity has."""
        return {"role": self.role, "affiliation": self.affiliation.name if self.affiliation else ""}


class Event(Entity):
    class Kind(models.TextChoices):
        FORUM = "forum", "Forum"
        CONFERENCE = "conference", "Conference"
        SUMMIT = "summit", "Summit"
        EXHIBITION = "exhibition", "Exhibition"
        AWARD = "award", "Award"
        ANNOUNCEMENT = "announcement", "Announcement"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When only the year is known."
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    is_online = models.BooleanField(default=False)
    organizers = models.ManyToManyField(Organization, blank=True, related_name="organized_events")

    history = HistoricalRecords(m2m_fields=[organizers])

    class Meta(Entity.Meta):
        ordering = [F("start_date").desc(nulls_last=True), "name", "id"]
        indexes = [
            *_entity_indexes("event"),
            models.Index(fields=["-start_date", "name", "id"], name="event_date_idx"),
        ]
        constraints = [
            *_entity_constraints("event"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1800, year__lte=2200),
                name="event_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "forum",
                        "conference",
                        "summit",
                        "exhibition",
                        "award",
                        "announcement",
                        "other",
                    ]
                ),
                name="event_kind_valid",
            ),
        ]

    def public_details(self) -> dict[str, Any]:
        """What public exports say of an event beyond what every entity has."""
        return {
            "type": self.get_kind_display(),
            "start_date": self.start_date,
            "end_date": self.end_date,
            "year": self.year,
            "place": self.place.name if self.place else "",
            "is_online": self.is_online,
        }


# TEMPORARY while branches merge: removed once nothing imports it.
ENTITY_MODELS = {
    "organization": Organization,
    "person": Person,
    "event": Event,
    "place": Place,
}


# --------------------------------------------------------------------------------------------
# Mentions and quotes
# --------------------------------------------------------------------------------------------


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


class Mention(models.Model):
    """An article names an entity at characters [start, end) of its cleaned body."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,  # mention_org_article_idx below starts with it
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,  # mention_person_article_idx below starts with it
    )
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,  # mention_event_article_idx below starts with it
    )
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,  # mention_place_article_idx below starts with it
    )
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
            models.Index(fields=["article", "start", "id"], name="mention_article_pos_idx"),
            models.Index(fields=["kind", "review_status"], name="mention_kind_review_idx"),
            # An entity's articles: its page, its feed, the article list's entity filter and
            # co-mentions read (entity, article) pairs from these alone, without the table.
            models.Index(fields=["organization", "article"], name="mention_org_article_idx"),
            models.Index(fields=["person", "article"], name="mention_person_article_idx"),
            models.Index(fields=["event", "article"], name="mention_event_article_idx"),
            models.Index(fields=["place", "article"], name="mention_place_article_idx"),
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
    speaker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
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


# --------------------------------------------------------------------------------------------
# Imports
# --------------------------------------------------------------------------------------------


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"
        UNDONE = "undone", "Undone"
        # Crash safety (issue 12): a run whose process died, and one stopped by SIGINT/SIGTERM.
        ABANDONED = "abandoned", "Abandoned"
        STOPPED = "stopped", "Stopped"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    paths = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    # Who is running it and when it last made progress: a running run whose process is gone
    # is recognised as abandoned (archive.services.import_runs).
    pid = models.PositiveIntegerField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [("undo_importrun", "Can undo an import run")]
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["-started_at", "-id"], name="importrun_recent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="importrun_finished_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.started_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("admin:archive_importrun_change", args=[self.pk])

    @property
    def file_count(self) -> int:
        return (
            self.created_count
            + self.updated_count
            + self.unchanged_count
            + self.duplicate_count
            + self.failed_count
        )


class ImportRecord(models.Model):
    class Outcome(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        UNCHANGED = "unchanged", "Unchanged"
        DUPLICATE = "duplicate", "Duplicate"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="records")
    path = models.CharField(max_length=2000)
    content_hash = models.CharField(max_length=64, blank=True, default="")
    raw_hash = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="sha256 of the input as read: the next run skips it unread when unchanged.",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    error = models.TextField(blank=True, default="")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_records"
    )
    previous_state = models.JSONField(
        null=True, blank=True, help_text="The article as it was before this import updated it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["run", "id"], name="importrecord_run_idx"),
            models.Index(fields=["path", "-id"], name="importrecord_path_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="failed") | Q(error=""),
                name="importrecord_error_only_on_failure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path}: {self.outcome}"

    def get_absolute_url(self) -> str:
        return reverse("admin:archive_importrecord_change", args=[self.pk])


# --------------------------------------------------------------------------------------------
# Curation
# --------------------------------------------------------------------------------------------


class EntityMerge(models.Model):
    """A merge of one entity into another, with what is needed to undo it exactly."""

    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    survivor_id = models.BigIntegerField()
    merged_id = models.BigIntegerField()
    survivor_name = models.CharField(max_length=300)
    merged_name = models.CharField(max_length=300)
    snapshot = models.JSONField(default=dict, help_text="Rows as they were before the merge.")
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entity_merges",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [("merge_entities", "Can merge, split and unmerge entities")]
        ordering = ["-created_at", "-id"]
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
