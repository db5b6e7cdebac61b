"""The entity kinds: one abstract base (names, aliases, review, merging) and a model per kind."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import classproperty
from simple_history.models import HistoricalRecords

from ..kinds import KINDS, KindOfEntity
from ..links import safe_external_url
from .choices import ReviewStatus
from .fields import optional_link


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
        """Annotate `article_count`, published articles with a visible mention of the entity,
        `mention_count`, those mentions (a name said ten times in one article counts ten), and
        `story_count`, the stories those articles tell (copies of one article count once).

        They are the stored counts (COUNT_FIELDS, kept by archive.services.entity_counts): a
        list ordered by them walks an index instead of counting mentions per record."""
        return self.annotate(**{name: F(field) for name, field in COUNT_FIELDS.items()})


#: The counts each entity stores, as {name lists and templates use: column}. Only
#: archive.services.entity_counts writes them; they are not history (no curator sets them).
COUNT_FIELDS = {
    "article_count": "public_article_count",
    "mention_count": "public_mention_count",
    "story_count": "public_story_count",
}

#: The review queue's order: a record's mentions that are not rejected, in any article (drafts
#: too: a curator reviews what an import suggested before it is published).
QUEUE_COUNT_FIELD = "queue_mention_count"

#: Every stored count: written only by archive.services.entity_counts, never history, never
#: copied by a merge's snapshot.
STORED_COUNTS = [*COUNT_FIELDS.values(), QUEUE_COUNT_FIELD]


def _stored_count(what: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(default=0, editable=False, help_text=what)


class Entity(models.Model):
    """What every entity kind shares: names, review status, merging."""

    #: Fields that only make sense together: a merge copies them as a group into a survivor
    #: that has none of them.
    filled_together: ClassVar[tuple[tuple[str, ...], ...]] = ()

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=220, unique=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names, spellings and acronyms."
    )
    description = models.TextField(blank=True, default="")
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SUGGESTED
    )
    merged_into = optional_link(
        "self",
        related_name="merged_duplicates",
        help_text="The record that survived a merge; this one redirects there.",
    )
    curated_fields = models.JSONField(default=list, blank=True)
    public_article_count = _stored_count("Published articles with a visible mention of it.")
    public_mention_count = _stored_count("Its visible mentions in published articles.")
    public_story_count = _stored_count("The stories those articles tell.")
    queue_mention_count = _stored_count("Its mentions that are not rejected, in any article.")
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
    articles, mentions = F("public_article_count").desc(), F("public_mention_count").desc()
    return [
        models.Index(fields=["name", "id"], name=f"{prefix}_name_idx"),
        models.Index(fields=["review_status", "name"], name=f"{prefix}_review_idx"),
        # The lists' "most mentions" and "most articles" orders (archive.filters) and the
        # home page's most mentioned: the first rows of the index, no count per record.
        models.Index(mentions, articles, Lower("name"), F("id"), name=f"{prefix}_mentions_idx"),
        models.Index(articles, mentions, Lower("name"), F("id"), name=f"{prefix}_articles_idx"),
        # The review queue's records tab (entity_queries.suggested_entities): the suggested
        # canonical records, most mentioned first, read in order from the index (a merge of
        # the kinds' indexes when all kinds are shown) instead of counting every record's
        # mentions to sort them. The few records merged away are skipped on the way. Not a
        # partial index: SQLite cannot match a partial index's condition to a bound status.
        models.Index(
            "review_status",
            F(QUEUE_COUNT_FIELD).desc(),
            "name",
            "id",
            name=f"{prefix}_queue_idx",
        ),
    ]


class Place(Entity):
    class Kind(models.TextChoices):
        CITY = "city", "City"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = optional_link(
        "self", related_name="places_within", limit_choices_to={"kind": "country"}
    )
    country_code = models.CharField(
        max_length=2, blank=True, default="", help_text="ISO 3166-1 alpha-2 of the country."
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=STORED_COUNTS)

    filled_together = (("latitude", "longitude"),)

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


class OrganizationType(models.TextChoices):
    """The type of organization, as curators classify them."""

    GOVERNMENT = "government", "Government"
    COMPANY = "company", "Company"
    INTERNATIONAL = "international", "International body"
    NGO = "ngo", "NGO"
    ACADEMIC = "academic", "Academic"
    MEDIA = "media", "Media"
    OTHER = "other", "Other"


class Organization(Entity):
    Kind = OrganizationType

    acronym = models.CharField(max_length=30, blank=True, default="")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = optional_link(
        Place, related_name="organizations", limit_choices_to={"kind": "country"}
    )
    website = models.URLField(blank=True, default="")

    history = HistoricalRecords(excluded_fields=STORED_COUNTS)

    class Meta(Entity.Meta):
        indexes = _entity_indexes("organization")
        constraints = [
            *_entity_constraints("organization"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationType.values),
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
    affiliation = optional_link(Organization, related_name="people")

    history = HistoricalRecords(excluded_fields=STORED_COUNTS)

    class Meta(Entity.Meta):
        verbose_name_plural = "people"
        indexes = _entity_indexes("person")
        constraints = _entity_constraints("person")

    def public_details(self) -> dict[str, Any]:
        """What public exports say of a person beyond what every entity has."""
        return {"role": self.role, "affiliation": self.affiliation.name if self.affiliation else ""}


class EventType(models.TextChoices):
    """The type of event, as curators classify them."""

    FORUM = "forum", "Forum"
    CONFERENCE = "conference", "Conference"
    SUMMIT = "summit", "Summit"
    EXHIBITION = "exhibition", "Exhibition"
    AWARD = "award", "Award"
    ANNOUNCEMENT = "announcement", "Announcement"
    OTHER = "other", "Other"


class Event(Entity):
    Kind = EventType

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When only the year is known."
    )
    place = optional_link(Place, related_name="events")
    is_online = models.BooleanField(default=False)
    organizers = models.ManyToManyField(Organization, blank=True, related_name="organized_events")

    history = HistoricalRecords(m2m_fields=[organizers], excluded_fields=STORED_COUNTS)

    filled_together = (("start_date", "end_date", "year"),)

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
                condition=Q(kind__in=EventType.values),
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
