"""factory_boy factories for every model; tests build data with these, never by hand."""

import hashlib

import factory
from django.contrib.auth import get_user_model

from archive import models
from archive.services import entity_counts, name_keys


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Smart City News {n}")
    slug = factory.Sequence(lambda n: f"smart-city-news-{n}")
    domain = factory.Sequence(lambda n: f"news{n}.example.org")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    title = factory.Sequence(lambda n: f"City {n} launches a digital twin")
    slug = factory.Sequence(lambda n: f"city-{n}-launches-a-digital-twin")
    body = factory.Sequence(
        lambda n: (
            f"City {n} launched a digital twin of its streets.\n\n"
            "The model helps planners test new bus lanes."
        )
    )
    raw_text = factory.LazyAttribute(lambda o: f"{o.title}\n{o.body}")
    lede = factory.LazyAttribute(lambda o: o.body.split("\n\n")[0])
    published_on = factory.Faker("date_between", start_date="-5y", end_date="today")
    published_on_origin = factory.LazyAttribute(
        lambda o: models.DateOrigin.DATELINE if o.published_on else models.DateOrigin.NONE
    )
    source = factory.SubFactory(SourceFactory)
    word_count = factory.LazyAttribute(lambda o: len(o.body.split()))
    content_hash = factory.LazyAttribute(
        lambda o: hashlib.sha256(f"{o.title}\n{o.body}".encode()).hexdigest()
    )
    origin = factory.Sequence(lambda n: f"seeds/article_{n}.txt")
    status = models.ArticleStatus.PUBLISHED


class EntityFactory(factory.django.DjangoModelFactory):
    """What the four kinds share: the stored name keys, as the services that create records
    write them (archive.services.name_keys)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def name_keys(obj, create, extracted, **kwargs):
        if create:
            name_keys.sync_name_keys([obj])


class PlaceFactory(EntityFactory):
    class Meta:
        model = models.Place

    name = factory.Sequence(lambda n: f"Placeville {n}")
    slug = factory.Sequence(lambda n: f"placeville-{n}")
    kind = models.Place.Kind.CITY


class OrganizationFactory(EntityFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Department of Urban Data {n}")
    slug = factory.Sequence(lambda n: f"department-of-urban-data-{n}")
    kind = models.Organization.Kind.GOVERNMENT


class PersonFactory(EntityFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Alex Example{n}")
    slug = factory.Sequence(lambda n: f"alex-example-{n}")
    role = "Chief Digital Officer"


class EventFactory(EntityFactory):
    class Meta:
        model = models.Event

    name = factory.Sequence(lambda n: f"Smart City Summit {n}")
    slug = factory.Sequence(lambda n: f"smart-city-summit-{n}")
    kind = models.Event.Kind.SUMMIT


class MentionFactory(factory.django.DjangoModelFactory):
    """A mention of an organization by default; pass person=/event=/place= with kind= for others."""

    class Meta:
        model = models.Mention
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    kind = models.EntityKind.ORGANIZATION
    organization = factory.LazyAttribute(
        lambda o: OrganizationFactory() if o.kind == models.EntityKind.ORGANIZATION else None
    )
    start = 0
    text = factory.LazyAttribute(lambda o: o.article.body[o.start : o.start + 4])
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))
    sentence = factory.LazyAttribute(lambda o: o.article.body.split("\n\n")[0])
    extractor = "test"
    confidence = 0.9

    @factory.post_generation
    def counted(obj, create, extracted, **kwargs):
        # The loader and the curation services recount a record after writing its mentions;
        # a mention made here is counted the same way (counted=False leaves the counts be).
        if create and extracted is not False:
            entity_counts.recount_entities(entity_counts.entities_of_mentions([obj]))


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quote

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(PersonFactory)
    speaker_name = factory.LazyAttribute(lambda o: o.speaker.name if o.speaker else "")
    text = "We will open the data."
    start = 1
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportRun

    status = models.ImportRun.Status.FINISHED


class ImportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportRecord

    run = factory.SubFactory(ImportRunFactory)
    path = factory.Sequence(lambda n: f"seeds/file_{n}.txt")
    outcome = models.ImportRecord.Outcome.CREATED
    article = factory.SubFactory(ArticleFactory)


# --------------------------------------------------------------------------------------------
# Pipeline results (plain dataclasses, for loader tests): what a parsed document looks like.
# --------------------------------------------------------------------------------------------


def build_import_result(
    origin: str = "inbox/article.txt",
    title: str = "Lisbon opens its urban data platform",
    body: str = "Lisbon opened its urban data platform on Monday.\n\nThe city will publish data.",
    *,
    entities: list | None = None,
    quotes: list | None = None,
    published_on=None,
    has_headline: bool = True,
    source_name: str = "",
    source_domain: str = "",
    raw_hash: str = "",
    removed: list | None = None,
    review_reasons: list | None = None,
):
    """An ImportResult as the pipeline would return it.

    `entities` is a list of ExtractedEntity; every occurrence of an entity's name or aliases in
    `body` becomes a mention (whole words only), so tests only spell out the entities.
    `quotes` is a list of (quoted_text, speaker_key) pairs found verbatim in the body.
    """
    import re

    from archive.pipeline.types import (
        ExtractedMention,
        ExtractedQuote,
        Extraction,
        ImportResult,
        ParsedPage,
    )

    entities = entities or []
    mentions = []
    taken: set[tuple[int, int]] = set()
    # Longest names first, so "Lisbon" never claims the start of "Lisbon Data Forum".
    names = [(name, entity) for entity in entities for name in {entity.name, *entity.aliases}]
    for name, entity in sorted(names, key=lambda pair: len(pair[0]), reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", body):
            span = (match.start(), match.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.add(span)
            mentions.append(
                ExtractedMention(
                    entity_key=entity.key,
                    start=span[0],
                    end=span[1],
                    text=match.group(0),
                    extractor="test",
                    confidence=0.9,
                )
            )
    mentions.sort(key=lambda mention: mention.start)
    extracted_quotes = []
    for text, speaker_key in quotes or []:
        start = body.index(text)
        extracted_quotes.append(
            ExtractedQuote(text=text, start=start, end=start + len(text), speaker_key=speaker_key)
        )
    page = ParsedPage(
        title=title,
        body=body,
        raw_text=f"{title}\n{body}",
        lede=body.split("\n\n")[0],
        published_on=published_on,
        published_on_origin="dateline" if published_on else "",
        has_headline=has_headline,
        source_name=source_name,
        source_domain=source_domain,
        removed=removed or [],
        review_reasons=review_reasons or [],
    )
    content_hash = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    return ImportResult(
        origin=origin,
        content_hash=content_hash,
        raw_hash=raw_hash or content_hash,
        page=page,
        extraction=Extraction(entities=entities, mentions=mentions, quotes=extracted_quotes),
    )


def extracted_entity(key: str, kind: str, name: str, *aliases: str, known_id=None, **attributes):
    """An ExtractedEntity; keyword arguments become its kind-specific attributes."""
    from archive.pipeline.types import ExtractedEntity

    return ExtractedEntity(
        key=key,
        kind=kind,
        name=name,
        aliases=list(aliases),
        attributes=attributes,
        known_id=known_id,
    )


# --- Curation (added for the admin / curation desk tests) -----------------------------------


class MergeSuggestionFactory(factory.django.DjangoModelFactory):
    """A suggestion about two fresh organizations (pass first_id/second_id to point elsewhere)."""

    class Meta:
        model = models.MergeSuggestion

    kind = models.EntityKind.ORGANIZATION
    first_id = factory.LazyFunction(lambda: OrganizationFactory().pk)
    second_id = factory.LazyAttribute(lambda o: OrganizationFactory().pk)
    first_name = "First"
    second_name = "Second"
    score = 95.0
    reason = "similar names"


class EntityMergeFactory(factory.django.DjangoModelFactory):
    """A merge row only (no rows moved): for list pages; use the curation service for real ones."""

    class Meta:
        model = models.EntityMerge

    kind = models.EntityKind.ORGANIZATION
    survivor_id = factory.Sequence(lambda n: 2 * n + 1)
    merged_id = factory.Sequence(lambda n: 2 * n + 2)
    survivor_name = "Survivor"
    merged_name = "Merged"
    snapshot = factory.LazyFunction(dict)


def role_user(
    group_name: str, username: str | None = None, password: str = "correct horse battery staple"
):
    """A staff user in the Curator or Viewer group (groups re-created if a flush removed them)."""
    from django.contrib.auth.models import Group

    from archive.services.roles import sync_role_groups

    if not Group.objects.filter(name=group_name).exists():
        sync_role_groups()
    user = UserFactory(
        username=username or f"{group_name.lower()}-{UserFactory._meta.next_sequence()}",
        is_staff=True,
    )
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def mention_of(entity, article=None, start=0, status="suggested", **fields):
    """A mention of `entity`, of whichever kind, in `article` (a new one by default)."""
    links = {"organization": None, entity.entity_kind.mention_field: entity}
    return MentionFactory(
        article=article or ArticleFactory(),
        kind=entity.kind_of_entity,
        **links,
        start=start,
        review_status=status,
        **fields,
    )


def mention_everywhere(article, entity, text: str | None = None, **fields) -> list:
    """A Mention of `entity` at every occurrence of `text` (default: its name) in the body.

    Sentences are the body's sentence around each occurrence, as the extractor records them.
    """
    import re

    text = text or entity.name
    created = []
    for match in re.finditer(re.escape(text), article.body):
        sentence_start = max(article.body.rfind(". ", 0, match.start()) + 2, 0)
        if sentence_start == 1:
            sentence_start = 0
        sentence_start = max(sentence_start, article.body.rfind("\n", 0, match.start()) + 1)
        sentence_end = article.body.find(".", match.end())
        sentence_end = len(article.body) if sentence_end == -1 else sentence_end + 1
        entity_fields = {"organization": None, entity.kind_of_entity: entity}
        created.append(
            MentionFactory(
                article=article,
                kind=entity.kind_of_entity,
                **entity_fields,
                start=match.start(),
                text=match.group(0),
                sentence=article.body[sentence_start:sentence_end].strip(),
                **fields,
            )
        )
    return created


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Story


class ArticleFingerprintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ArticleFingerprint

    article = factory.SubFactory(ArticleFactory)
    signature = factory.LazyFunction(lambda: bytes(512))


class StoryBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StoryBand

    key = factory.Sequence(lambda n: n)
    article = factory.SubFactory(ArticleFactory)


def story_change(count: int = 2):
    """A curator's join of `count` new articles into one story (a StoryChange)."""
    from archive.services.stories import join_articles

    return join_articles(ArticleFactory.create_batch(count))
