"""The archive's data model, one module per part of it.

Four entity kinds (organizations, people, events, places) share one abstract base, so that names,
aliases, review status and merging behave the same for each; a Mention links an article's exact
character span to exactly one entity of any kind. Which models are entity kinds, and everything
else known about a kind, is in the registry (archive.kinds).
"""

from .articles import (
    Article,
    ArticleManager,
    ArticleQuerySet,
    ArticleSearchRow,
    ArticleStatus,
    DateOrigin,
    FullTextDocument,
    FullTextMatch,
    Source,
    SourceQuerySet,
)
from .choices import EntityKind, ReviewStatus
from .curation import EntityMerge, MergeSuggestion
from .entities import Entity, EntityQuerySet, Event, Organization, Person, Place
from .imports import ImportRecord, ImportRun
from .lookups import Prefix
from .mention_groups import MentionGroup
from .mentions import Mention, MentionQuerySet, Quote
from .name_keys import EntityNameKey
from .stories import ArticleFingerprint, Story, StoryBand, StoryChange

__all__ = [
    "Article",
    "ArticleFingerprint",
    "ArticleManager",
    "ArticleQuerySet",
    "ArticleSearchRow",
    "ArticleStatus",
    "DateOrigin",
    "Entity",
    "EntityKind",
    "EntityMerge",
    "EntityNameKey",
    "EntityQuerySet",
    "Event",
    "FullTextDocument",
    "FullTextMatch",
    "ImportRecord",
    "ImportRun",
    "Mention",
    "MentionGroup",
    "MentionQuerySet",
    "MergeSuggestion",
    "Organization",
    "Person",
    "Place",
    "Prefix",
    "Quote",
    "ReviewStatus",
    "Source",
    "SourceQuerySet",
    "Story",
    "StoryBand",
    "StoryChange",
]
