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


def article_rows(articles: QuerySet[Article], absolute_url: Callable[[str], str]) -> Iterator[Row]:
    queryset = articles.select_related("source").defer("body", "raw_text", "search_vector")
    rows = queryset.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        names = public_entity_names([article.pk for article in chunk])
        for article in chunk:
            named = names.get(article.pk, {})
            yield {
                "id": article.pk,
                "title": article.title,
                "public_url": absolute_url(article.get_absolute_url()),
                "published_on": article.published_on,
                "published_on_origin": article.published_on_origin,
                "source": article.source.name if article.source else "",
                "byline": article.byline,
                "original_url": safe_external_url(article.url),
                "lede": article.lede,
                "word_count": article.word_count,
                **{kind.export_field: named.get(kind.value, []) for kind in KINDS},
            }


def public_entity_names(article_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """{article id: {kind: names of its public entities, in text order}} in one query.

    Plain tuples rather than model instances: an export reads some thirty mentions per
    article, and building five objects for each was most of its time.
    """
    name_columns = [
        kind.mention_lookup(field) for kind in KINDS for field in ("name", "review_status")
    ]
    merged_columns = [kind.mention_lookup("merged_into_id") for kind in KINDS]
    rows = (
        Mention.objects.filter(article_id__in=article_ids, review_status__in=PUBLIC_REVIEW_STATUSES)
        .order_by("article_id", "start", "id")
        .values_list("article_id", "kind", *name_columns, *merged_columns)
    )
    kinds = KINDS.values()
    names: dict[int, dict[str, list[str]]] = {}
    for article_id, kind, *values in rows:
        position = kinds.index(kind)
        name, status = values[2 * position], values[2 * position + 1]
        merged_into = values[len(name_columns) + position]
        if name is None or status not in PUBLIC_REVIEW_STATUSES or merged_into is not None:
            continue
        listed = names.setdefault(article_id, {}).setdefault(kind, [])
        if name not in listed:
            listed.append(name)
    return names


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
