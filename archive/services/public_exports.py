"""CSV and JSON exports of the public lists, produced row by row for streaming responses.

Rows come from queryset.iterator() so an export of the whole archive never holds it in memory;
an article's names come in its own row, gathered by the database (archive.services.json_arrays).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson
from django.db.models import BigIntegerField, ExpressionWrapper, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from ..kinds import KINDS
from ..links import safe_external_url
from ..models import Article, Entity, Mention
from .json_arrays import OrderedJSONArray, integer_texts
from .research import PUBLIC_REVIEW_STATUSES
from .row_streams import stream_rows

CHUNK_SIZE = 500
# Spreadsheet programs run a cell that starts with one of these as a formula; a leading
# apostrophe makes them show it as text ("CSV injection"). JSON exports keep values as they are.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]


#: What makes the csv module's default dialect ("excel": quotes only where needed) quote a
#: cell: its delimiter, its quote character or a character of its line ending.
_NEEDS_QUOTES = re.compile(r'[,"\r\n]').search
_QUOTE_OR_BREAK = re.compile(r'["\r\n]').search


def csv_line(cells: list[str]) -> str:
    """The line `csv.writer(stream).writerow(cells)` writes for `cells`, all of them text:
    each quoted only if it holds a comma, a quote or a line break, quotes doubled inside.
    Made of str methods because the csv module handles each character in a loop of its own,
    which was a third of a CSV export's processor time (tests/services/test_public_exports.py
    holds it to the csv module's output)."""
    if len(cells) == 1 and not cells[0]:
        return '""\r\n'  # what the csv module writes for a row of one empty cell
    line = ",".join(cells)
    # Most lines need no quotes: checked on the whole line (a search, a count) rather than
    # a search per cell. Its only commas are then the separators.
    if line.count(",") == len(cells) - 1 and not _QUOTE_OR_BREAK(line):
        return line + "\r\n"
    return (
        ",".join(
            ['"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES(cell) else cell for cell in cells]
        )
        + "\r\n"
    )


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
    yield "\ufeff" + csv_line(fieldnames)  # BOM: spreadsheets then read UTF-8 correctly
    for row in rows:
        # What _csv_cell makes of each value, with the usual types (text, lists of names,
        # numbers) written out here: a function call per cell was a third of the CSV's time.
        texts = [
            value
            if type(value) is str
            else "; ".join(map(str, value))
            if type(value) is list
            else str(value)
            if type(value) is int
            else _csv_cell(value)  # already neutralised: none of its cells starts with one
            for value in map(row.get, fieldnames)
        ]
        yield csv_line(["'" + text if text.startswith(_FORMULA_STARTS) else text for text in texts])


def batched_text(chunks: Iterable[str], size: int = CHUNK_SIZE) -> Iterator[str]:
    """`chunks` joined `size` at a time. A streaming response encodes each chunk it is given
    and a WSGI server writes each to the socket on its own: a line at a time, that was a
    call and a send per row. Memory stays flat: `size` lines at most are held."""
    group: list[str] = []
    for chunk in chunks:
        group.append(chunk)
        if len(group) >= size:
            yield "".join(group)
            group = []
    if group:
        yield "".join(group)


def encode_json(value: Any) -> str:
    """`value` as compact JSON text, the exports' one encoder: characters as they are (not
    \\u-escaped), dates and datetimes in ISO 8601 (what date.isoformat() writes), a type orjson
    does not know a TypeError. orjson writes an article's body three times as fast as the
    standard library's encoder, whose cost was a third of the command's export per row."""
    return orjson.dumps(value).decode()


def json_chunks(rows: Iterable[Row]) -> Iterator[str]:
    """A JSON array, one element per chunk."""
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + encode_json(row)
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
    kind's place in the registry (code % number of kinds gives it back). A JSON array of numbers is
    what costs the database least to build (half the processor time of [kind, id] pairs on
    PostgreSQL) and Python least to read."""
    count = len(KINDS)
    return ExpressionWrapper(
        Coalesce(*(F(kind.mention_column) * count + place for place, kind in enumerate(KINDS))),
        output_field=BigIntegerField(),
    )


def mentioned_entities(mentions: QuerySet[Mention]) -> OrderedJSONArray:
    """The entities of the article's `mentions`, in text order, as a JSON array of
    `entity_code()`s: the article's row carries them, so that an export is one query whatever
    its size and makes no Python object per mention. Codes, not names: a join per mention to
    the entity tables costs the database more than a lookup in a dictionary costs Python."""
    return OrderedJSONArray(
        mentions.filter(article_id=OuterRef("pk")), entity_code(), ("start", "id"), json_item=False
    )


def _public_names() -> list[dict[str, str]]:
    """For each kind (in registry order), {entity_code() as decimal text: name} of its public
    records, read once per export (a query per kind): an export's memory grows with the
    records, never with its rows. Keyed by text to be read with json_arrays.integer_texts."""
    count = len(KINDS)
    return [
        {
            str(pk * count + place): name
            for pk, name in kind.model.objects.filter(
                review_status__in=PUBLIC_REVIEW_STATUSES, merged_into__isnull=True
            ).values_list("id", "name")
        }
        for place, kind in enumerate(KINDS)
    ]


def _shared_names(names: dict[str, str]) -> bool:
    """Whether two of a kind's public records have one name: only then can an article's
    list of distinct records hold a name twice."""
    return len(set(names.values())) < len(names)


def article_values(articles: QuerySet[Article]) -> QuerySet:
    """The tuples an article export reads, one per article of `articles` in its order: the
    article's columns, then the codes of the public entities it names (one query; the bench
    times its bare SQL as the export's floor)."""
    mentions = Mention.objects.filter(review_status__in=PUBLIC_REVIEW_STATUSES)
    return articles.annotate(named=mentioned_entities(mentions)).values_list(
        *_ARTICLE_COLUMNS, "named"
    )


def article_rows(articles: QuerySet[Article], absolute_url: Callable[[str], str]) -> Iterator[Row]:
    """A row per article of `articles`, in its order, read with one query (a server-side cursor
    on PostgreSQL, CHUNK_SIZE rows at a time) and one per entity kind, whatever their number.

    Each lists the names of the public records the article mentions through a mention no
    curator rejected, once each, in the order the text first names them."""
    # Slugs are ASCII slugs, so the address of every article is this one with its slug put in.
    page_address = absolute_url(Article(slug=_SLUG_PLACEHOLDER).get_absolute_url())
    kinds = [
        (kind.export_field, names.get, _shared_names(names))
        for kind, names in zip(KINDS, _public_names(), strict=True)
    ]
    rows = stream_rows(article_values(articles), CHUNK_SIZE)
    # This loop is most of an export's Python time (profiled at 100,000 articles): no Python
    # step per mention (map and filter walk an article's codes in C), no dict per row but the
    # row. A code no kind's names hold is a rejected or merged-away record: left out.
    for pk, slug, title, published_on, origin, source, byline, url, lede, words, named in rows:
        codes = dict.fromkeys(integer_texts(named))  # each record once, where first named
        row = {
            "id": pk,
            "title": title,
            "public_url": page_address.replace(_SLUG_PLACEHOLDER, slug),
            # What either writer would make of the date (str() in CSV, isoformat() in JSON).
            "published_on": published_on.isoformat() if published_on is not None else None,
            "published_on_origin": origin,
            "source": source or "",
            "byline": byline,
            "original_url": safe_external_url(url),
            "lede": lede,
            "word_count": words,
        }
        for field, name_of, twice in kinds:
            listed = list(filter(None, map(name_of, codes)))  # names are never empty
            row[field] = list(dict.fromkeys(listed)) if twice else listed
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
