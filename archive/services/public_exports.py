"""CSV and JSON exports of the public lists, produced row by row for streaming responses.

Rows come from queryset.iterator() so an export of the whole archive never holds it in memory;
an article's names come in its own row, gathered by the database (archive.services.json_arrays).
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import BigIntegerField, ExpressionWrapper, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from ..kinds import KINDS, KindOfEntity
from ..links import safe_external_url
from ..models import Article, Entity, Mention
from .json_arrays import OrderedJSONArray, loads, stream_rows
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
        value = "; ".join(map(str, value))
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
        # Most cells are text that needs nothing done: checked here, without a call per cell.
        yield writer.writerow(
            [
                value
                if type(value) is str and not value.startswith(_FORMULA_STARTS)
                else _csv_cell(value)
                for value in map(row.get, fieldnames)
            ]
        )


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


def entity_code() -> ExpressionWrapper:
    """A mention's entity as one number: the entity's id times the number of kinds, plus its
    kind's place in the registry (`entity_decoder` reads it back). A JSON array of numbers is
    what costs the database least to build (half the processor time of [kind, id] pairs on
    PostgreSQL) and Python least to read."""
    count = len(KINDS)
    return ExpressionWrapper(
        Coalesce(*(F(kind.mention_column) * count + place for place, kind in enumerate(KINDS))),
        output_field=BigIntegerField(),
    )


def entity_decoder() -> Callable[[int], tuple[KindOfEntity, int]]:
    """A function giving the (kind, entity id) of an `entity_code()`, for the kinds registered
    now (read once, not once per mention)."""
    kinds = list(KINDS)
    count = len(kinds)

    def decode(code: int) -> tuple[KindOfEntity, int]:
        entity_id, place = divmod(code, count)
        return kinds[place], entity_id

    return decode


def mentioned_entities(mentions: QuerySet[Mention]) -> OrderedJSONArray:
    """The entities of the article's `mentions`, in text order, as a JSON array of
    `entity_code()`s: the article's row carries them, so that an export is one query whatever
    its size and makes no Python object per mention. Codes, not names: a join per mention to
    the entity tables costs the database more than a lookup in a dictionary costs Python."""
    return OrderedJSONArray(
        mentions.filter(article_id=OuterRef("pk")), entity_code(), ("start", "id"), json_item=False
    )


def _public_names() -> dict[int, tuple[str, str]]:
    """{entity_code(): (export field, name)} of every public record, read once per export (a
    query per kind): an export's memory grows with the records, never with its rows."""
    count = len(KINDS)
    return {
        pk * count + place: (kind.export_field, name)
        for place, kind in enumerate(KINDS)
        for pk, name in kind.model.objects.filter(
            review_status__in=PUBLIC_REVIEW_STATUSES, merged_into__isnull=True
        ).values_list("id", "name")
    }


def article_rows(articles: QuerySet[Article], absolute_url: Callable[[str], str]) -> Iterator[Row]:
    """A row per article of `articles`, in its order, read with one query (a server-side cursor
    on PostgreSQL, CHUNK_SIZE rows at a time) and one per entity kind, whatever their number.

    Each lists the names of the public records the article mentions through a mention no
    curator rejected, once each, in the order the text first names them."""
    # Slugs are ASCII slugs, so the address of every article is this one with its slug put in.
    page_address = absolute_url(Article(slug=_SLUG_PLACEHOLDER).get_absolute_url())
    names = _public_names()
    fields = [kind.export_field for kind in KINDS]
    mentions = Mention.objects.filter(review_status__in=PUBLIC_REVIEW_STATUSES)
    rows = stream_rows(
        articles.annotate(named=mentioned_entities(mentions)).values_list(
            *_ARTICLE_COLUMNS, "named"
        ),
        CHUNK_SIZE,
    )
    for pk, slug, title, published_on, origin, source, byline, url, lede, words, named in rows:
        found: dict[str, list[str]] = {field: [] for field in fields}
        for code in loads(named):
            public = names.get(code)
            if public is not None:  # None: the record is rejected or merged away
                found[public[0]].append(public[1])
        row = {
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
        }
        for field in fields:
            row[field] = list(dict.fromkeys(found[field]))  # once each, where first named
        yield row


# --- entities ----------------------------------------------------------------------------------

_COMMON_ENTITY_FIELDS = ["id", "name", "slug", "public_url", "other_names", "article_count"]


def entity_fields(kind: str) -> list[str]:
    """The columns of a `kind` export: what every entity has, then the model's own details."""
    return [*_COMMON_ENTITY_FIELDS, *KINDS[kind].model().public_details()]


def entity_rows(
    kind: str, entities: QuerySet[Entity], absolute_url: Callable[[str], str]
) -> Iterator[Row]:
    """Rows for `entities` (annotated with article_count, related records selected)."""
    for entity in stream_rows(entities, CHUNK_SIZE):
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
