"""The registry of entity kinds: everything the archive knows about a kind, defined once.

Views, filters, the admin, review, merging, exports, search and the loader never map a kind to
a model, a field, a URL or a label themselves: they ask this registry. A kind's value
("organization") is at once the `EntityKind` choice stored on mentions, the name of the
mention's foreign key to the entity, and the article list's filter parameter.

Adding a kind (say, laws) means: an `Entity` subclass in `archive.models`, a nullable foreign
key to it on `Mention` named after the kind (and the kind in `mention_exactly_one_entity`),
a `KindOfEntity` entry below, a FilterSet and admin class, and `makemigrations`. The system
check `archive.E010` names whatever of that is missing.

This module imports no models at load time, so `archive.models` can build its choices here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django_filters import FilterSet

    from .models import Entity


@dataclass(frozen=True)
class KindOfEntity:
    """One entity kind and the names every part of the archive knows it by."""

    #: Stored on mentions, the mention's foreign key, the URL names' prefix, the article
    #: list's filter parameter and the CSS class's modifier fall back to it.
    value: str
    label: str  # "Organization"
    plural_label: str  # "Organizations", "People"
    #: <a class="mention mention--org">: kept short where the CSS already uses it.
    css_modifier: str = ""
    #: Single records its list rows and page show beside it (select_related paths).
    shown_with: tuple[str, ...] = ()
    #: The model, as "app_label.ModelName" (default "archive.<Label>"), resolved lazily:
    #: the models import this module.
    model_label: str = ""
    #: The FilterSet of its public list, as a dotted path (default
    #: "archive.filters.<Label>Filter"): the filters import the models.
    filterset_path: str = ""

    def __post_init__(self) -> None:
        defaults = {
            "model_label": f"archive.{self.label}",
            "filterset_path": f"archive.filters.{self.label}Filter",
        }
        for name, default in defaults.items():
            if not getattr(self, name):
                object.__setattr__(self, name, default)

    @property
    def path(self) -> str:
        """The URL path segment of its pages: /organizations/<slug>/."""
        return self.plural_label.lower()

    @property
    def export_field(self) -> str:
        """The key of its names in article exports: "organizations"."""
        return self.plural_label.lower()

    # --- the model and its fields ------------------------------------------------------------

    @cached_property
    def model(self) -> type[Entity]:
        return apps.get_model(self.model_label)

    @property
    def mention_field(self) -> str:
        """The `Mention` foreign key to an entity of this kind."""
        return self.value

    @property
    def mention_column(self) -> str:
        """That foreign key's column, for `values()` and updates by id."""
        return f"{self.mention_field}_id"

    def mention_lookup(self, *path: str) -> str:
        """A lookup from a mention through its entity: `("slug",)` -> "organization__slug"."""
        return "__".join((self.mention_field, *path))

    def article_lookup(self, *path: str) -> str:
        """A lookup from an article through its mentions to the entity's `path`."""
        return "__".join(("mentions", self.mention_field, *path))

    def mentions_of(self, *entity_ids: int) -> Q:
        """Mentions of any of `entity_ids` (of this kind).

        By the link column alone: a check constraint on Mention makes the link and the kind
        agree, and without `kind` a count is answered from the (entity, article, status) index
        alone (the most mentioned record's 30,000 mentions at 100,000 articles: 256 ms reading
        each row on PostgreSQL).
        """
        if len(entity_ids) == 1:
            return Q(**{self.mention_column: entity_ids[0]})
        return Q(**{f"{self.mention_column}__in": entity_ids})

    # --- pages ---------------------------------------------------------------------------

    @property
    def list_url_name(self) -> str:
        return f"archive:{self.value}-list"

    @property
    def detail_url_name(self) -> str:
        return f"archive:{self.value}-detail"

    @property
    def feed_url_name(self) -> str:
        return f"archive:{self.value}-feed"

    @property
    def modifier(self) -> str:
        return self.css_modifier or self.value

    @cached_property
    def filterset(self) -> type[FilterSet]:
        return import_string(self.filterset_path)

    # --- the admin -----------------------------------------------------------------------

    def permission(self, action: str) -> str:
        """The model permission a curator needs to `action` ("change", "add") one of these."""
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    def __str__(self) -> str:
        return self.value


class KindRegistry:
    """The registered kinds, in the order pages list them."""

    def __init__(self) -> None:
        self._kinds: dict[str, KindOfEntity] = {}

    def register(self, kind: KindOfEntity) -> KindOfEntity:
        if kind.value in self._kinds:
            raise ValueError(f"The entity kind {kind.value!r} is registered already.")
        self._kinds[kind.value] = kind
        return kind

    def unregister(self, value: str) -> None:
        del self._kinds[value]

    @contextmanager
    def registered(self, kind: KindOfEntity) -> Iterator[KindOfEntity]:
        """`kind` registered for the duration of a `with` block (tests, experiments)."""
        self.register(kind)
        try:
            yield kind
        finally:
            self.unregister(kind.value)

    def __iter__(self) -> Iterator[KindOfEntity]:
        return iter(list(self._kinds.values()))

    def __len__(self) -> int:
        return len(self._kinds)

    def __contains__(self, value: object) -> bool:
        return str(value) in self._kinds

    def __getitem__(self, value: Any) -> KindOfEntity:
        """The kind named `value` (a string or an `EntityKind`); KeyError for any other."""
        return self._kinds[str(value)]

    def get(self, value: Any) -> KindOfEntity | None:
        return self._kinds.get(str(value))

    def of(self, entity: Entity | type[Entity]) -> KindOfEntity:
        """The kind of an entity or entity model."""
        model = entity if isinstance(entity, type) else type(entity)
        for kind in self._kinds.values():
            if issubclass(model, kind.model):
                return kind
        raise KeyError(f"{model.__name__} is not a registered entity kind.")

    def values(self) -> list[str]:
        return list(self._kinds)

    def choices(self) -> list[tuple[str, str]]:
        return [(kind.value, kind.label) for kind in self._kinds.values()]

    def models(self) -> list[type[Entity]]:
        return [kind.model for kind in self._kinds.values()]

    def mention_fields(self) -> list[str]:
        return [kind.mention_field for kind in self._kinds.values()]

    def mention_columns(self) -> list[str]:
        return [kind.mention_column for kind in self._kinds.values()]

    def mentioned_entity_id(self) -> Coalesce:
        """An expression for a mention's entity id, whatever its kind."""
        return Coalesce(*(F(kind.mention_column) for kind in self._kinds.values()))


KINDS = KindRegistry()

ORGANIZATION = KINDS.register(
    KindOfEntity("organization", "Organization", "Organizations", "org", ("country",))
)
PERSON = KINDS.register(KindOfEntity("person", "Person", "People", shown_with=("affiliation",)))
EVENT = KINDS.register(
    KindOfEntity("event", "Event", "Events", shown_with=("place", "place__country"))
)
PLACE = KINDS.register(KindOfEntity("place", "Place", "Places", shown_with=("country",)))
