"""CSV and JSON exports of the public lists, produced row by row for streaming responses.

Rows come from queryset.iterator() so an export of the whole archive never holds it in memory.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from ..kinds import KINDS
from ..links import safe_external_url
from ..models import Article, Entity, Mention
from .research import PUBLIC_REVIEW_STATUSES

CHUNK_SIZE = 500
# Spreadsheet programs run a cell that starts with one of these as a formula; a leading
# apostrophe makes them show it as text ("CSV injection"). JSON exports keep values as they are.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]


class _EchoBuffer:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> str:
    if type(value) is str:  # most cells: the quick path
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return text


def csv_lines(fieldnames: list[str], rows: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(_EchoBuffer())
    yield "\ufeff" + writer.writerow(fieldnames)  # BOM: spreadsheets then read UTF-8 correctly
    for row in rows:
        yield writer.writerow([_csv_cell(row.get(name)) for name in fieldnames])


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"Cannot export {type(value).__name__}")


def json_chunks(rows: Iterable[Row]) -> Iterator[str]:
    """A JSON array, one element per chunk."""
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps(
            row, default=_json_default, ensure_ascii=False
        )
        first = False
    yield "\n]\n"


# --- articles ----------------------------------------------------------------------------------


def article_fields() -> list[str]:
    """The columns of an article export: one list of names per registered entity kind."""
    return [
        "id",
        "title",
        "public_url",
        "published_on",
        "published_on_origin",
        "source",
        "byline",
        "original_url",
        "lede",
        "word_count",
        *(kind.export_field for kind in KINDS),
    ]


#: The article columns an export reads: plain values, not model instances (an export of the
#: whole archive builds no Article object and reverses no URL per row).
_ARTICLE_COLUMNS = (
    "id",
    "slug",
    "title",
    "published_on",
    "published_on_origin",
    "source__name",
    "byline",
    "url",
    "lede",
    "word_count",
)
_SLUG_PLACEHOLDER = "slug-placeholder"
_IDS_PER_QUERY = 10_000


def article_rows(articles: QuerySet[Article], absolute_url: Callable[[str], str]) -> Iterator[Row]:
    # Slugs are ASCII slugs, so the address of every article is this one with its slug put in.
    page_address = absolute_url(Article(slug=_SLUG_PLACEHOLDER).get_absolute_url())
    rows = articles.values_list(*_ARTICLE_COLUMNS).iterator(chunk_size=CHUNK_SIZE)
    names = PublicNames()
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        named_in = names.of_articles([row[0] for row in chunk])
        for pk, slug, title, published_on, origin, source, byline, url, lede, words in chunk:
            named = named_in.get(pk, {})
            yield {
                "id": pk,
                "title": title,
                "public_url": page_address.replace(_SLUG_PLACEHOLDER, slug),
                "published_on": published_on,
                "published_on_origin": origin,
                "source": source or "",
                "byline": byline,
                "original_url": safe_external_url(url),
                "lede": lede,
                "word_count": words,
                **{kind.export_field: named.get(kind.value, []) for kind in KINDS},
            }


class PublicNames:
    """The names of the public entities that articles mention, for an export read in chunks.

    Each chunk costs one query for its mentions (entity ids only, no join) and one per kind for
    the records not met in an earlier chunk: the entities everyone names are read once per
    export, not once per mention.
    """

    def __init__(self) -> None:
        # {kind: {entity id: name, or None when the record is not public}}
        self._names: dict[str, dict[int, str | None]] = {kind.value: {} for kind in KINDS}

    def of_articles(self, article_ids: list[int]) -> dict[int, dict[str, list[str]]]:
        """{article id: {kind: names of its public entities, in text order}}."""
        mentions = (
            Mention.objects.filter(
                article_id__in=article_ids, review_status__in=PUBLIC_REVIEW_STATUSES
            )
            .annotate(entity_id=KINDS.mentioned_entity_id())
            .order_by("article_id", "start", "id")
            .values_list("article_id", "kind", "entity_id")
        )
        ids_by_article: dict[int, dict[str, list[int]]] = {}
        for article_id, kind, entity_id in mentions:
            if entity_id is not None:
                ids_by_article.setdefault(article_id, {}).setdefault(kind, []).append(entity_id)
        self._load(ids_by_article.values())
        return {
            article_id: {
                kind: list(dict.fromkeys(name for i in ids if (name := self._names[kind][i])))
                for kind, ids in by_kind.items()
            }
            for article_id, by_kind in ids_by_article.items()
        }

    def _load(self, named: Iterable[dict[str, list[int]]]) -> None:
        """Read the names of the records in `named` not read before."""
        wanted: dict[str, set[int]] = {kind: set() for kind in self._names}
        for by_kind in named:
            for kind, ids in by_kind.items():
                wanted[kind].update(ids)
        for kind, ids in wanted.items():
            known = self._names[kind]
            ids -= known.keys()
            if not ids:
                continue
            known.update(dict.fromkeys(ids))
            ordered = sorted(ids)
            # In batches: SQLite allows some 30,000 parameters in a statement.
            for start in range(0, len(ordered), _IDS_PER_QUERY):
                public = KINDS[kind].model.objects.filter(
                    id__in=ordered[start : start + _IDS_PER_QUERY],
                    review_status__in=PUBLIC_REVIEW_STATUSES,
                    merged_into__isnull=True,
                )
                known.update(public.values_list("id", "name"))


# --- entities ----------------------------------------------------------------------------------

_COMMON_ENTITY_FIELDS = ["id", "name", "slug", "public_url", "other_names", "article_count"]


def entity_fields(kind: str) -> list[str]:
    """The columns of a `kind` export: what every entity has, then the model's own details."""
    return [*_COMMON_ENTITY_FIELDS, *KINDS[kind].model().public_details()]


def entity_rows(
    kind: str, entities: QuerySet[Entity], absolute_url: Callable[[str], str]
) -> Iterator[Row]:
    """Rows for `entities` (annotated with article_count, related records selected)."""
    for entity in entities.iterator(chunk_size=CHUNK_SIZE):
        row: Row = {
            "id": entity.pk,
            "name": entity.name,
            "slug": entity.slug,
            "public_url": absolute_url(entity.get_absolute_url()),
            "other_names": [name for name in entity.all_names if name != entity.name],
            "article_count": getattr(entity, "article_count", None),
        }
        row |= entity.public_details()
        yield row
