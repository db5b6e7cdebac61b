"""Export articles as JSON Lines or CSV, streamed: one query for the articles whatever their
number, memory flat (it grows with the entity records, read once, not with the articles).

One record per article::

    {"slug", "title", "published_on": "YYYY-MM-DD" | null, "source", "byline", "origin",
     "url",                       # the article's page in the archive (absolute)
     "status",                    # published / draft / ... (what a curator decided)
     "organizations", "people", "events", "places",   # sorted canonical names
     "story",                     # int or null: shared by the copies of one story
     "quotes": [{"speaker", "text"}],
     "body"}                      # the cleaned text, as a curator sees it (JSON Lines only)

The entity lists hold the canonical names of the confirmed and suggested (never rejected)
entities the article mentions through a mention no curator rejected; a record merged away is
replaced by the record it was merged into. CSV joins lists with "; " and writes quotes as
"speaker: text"; it leaves the body out, so that it stays a table a spreadsheet opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONArray

from archive.kinds import KINDS, PERSON
from archive.models import Article, Mention, Quote, ReviewStatus
from archive.services.json_arrays import OrderedJSONArray, integer_texts, loads
from archive.services.public_exports import (
    CHUNK_SIZE,
    csv_line,
    encode_json,
    mentioned_entities,
)
from archive.services.row_streams import stream_rows

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
ALL_STATUSES = "all"
FORMATS = ("jsonl", "csv")


def fields() -> tuple[str, ...]:
    """A record's keys, in order: one list of names per registered entity kind."""
    return (
        "slug",
        "title",
        "published_on",
        "source",
        "byline",
        "origin",
        "url",
        "status",
        *(kind.export_field for kind in KINDS),
        "story",
        "quotes",
        "body",
    )


def csv_fields() -> tuple[str, ...]:
    return tuple(field for field in fields() if field != "body")


class _Records:
    """Every record of every kind, as (name, review status, merged into), read once per export
    (a query per kind): the export's memory grows with the records, never with the articles.

    What an article's row needs is worked out here once per record, not once per mention:
    the name each `entity_code()` stands for now (none if that record is rejected), where
    each name comes in the sorted lists, and each person's name and status for quotes."""

    def __init__(self) -> None:
        self.records: dict[str, dict[int, tuple[str, str, int | None]]] = {
            kind.value: {
                pk: (name, status, merged_into)
                for pk, name, status, merged_into in kind.model.objects.values_list(
                    "id", "name", "review_status", "merged_into_id"
                )
            }
            for kind in KINDS
        }
        count = len(KINDS)
        #: For each kind (registry order), {entity_code() as decimal text: the name of the
        #: record standing for it now}, the rejected ones (or merged into one) left out.
        self.names: list[dict[str, str]] = []
        for place, kind in enumerate(KINDS):
            resolved = {
                str(pk * count + place): self.resolve(kind.value, pk)
                for pk in self.records[kind.value]
            }
            self.names.append(
                {
                    code: name
                    for code, (name, status) in resolved.items()
                    if status != ReviewStatus.REJECTED
                }
            )
        #: {name: its place in every sorted list of names} (case-insensitive, then exact)
        self.order: dict[str, int] = {
            name: place
            for place, name in enumerate(
                sorted(
                    {name for names in self.names for name in names.values()},
                    key=lambda name: (name.casefold(), name),
                )
            )
        }
        #: {person id: (name, review status) of the record standing for it}
        self.people: dict[int, tuple[str, str]] = {
            pk: self.resolve(PERSON.value, pk) for pk in self.records[PERSON.value]
        }

    def resolve(self, kind: str, entity_id: int) -> tuple[str, str]:
        """(name, review_status) of the record that stands for `entity_id` now."""
        records = self.records[kind]
        name, status, merged_into = records[entity_id]
        seen = {entity_id}
        while merged_into is not None:
            if merged_into in seen:  # a cycle would be a data error: stop at the last record
                break
            seen.add(merged_into)
            name, status, merged_into = records[merged_into]
        return name, status


#: Article columns a record reads, as plain values (no Article object per row).
_COLUMNS = ("slug", "title", "published_on", "source__name", "byline", "origin", "status")
_SLUG_PLACEHOLDER = "slug-placeholder"


def article_queryset(status: str = "published") -> QuerySet[Article]:
    """The articles an export writes, oldest first, each with the entities of its visible
    mentions (public_exports.mentioned_entities) and the [speaker id, speaker name, text] of
    its quotes in its row."""
    queryset = Article.objects.all()
    if status != ALL_STATUSES:
        queryset = queryset.filter(status=status)
    mentions = Mention.objects.visible()
    quotes = Quote.objects.exclude(review_status=ReviewStatus.REJECTED).filter(
        article_id=OuterRef("pk")
    )
    return queryset.annotate(
        named=mentioned_entities(mentions),
        quoted=OrderedJSONArray(
            quotes, JSONArray("speaker_id", "speaker_name", "text"), ("start", "id"), json_item=True
        ),
    ).order_by("id")


def record_values(status: str = "published", *, with_body: bool = True) -> QuerySet:
    """The tuples iter_article_records reads, one per article (one query; the bench times its
    bare SQL as the export's floor)."""
    columns = (*_COLUMNS, "story_id", "named", "quoted", *(("body",) if with_body else ()))
    return article_queryset(status).values_list(*columns)


def iter_article_records(
    status: str = "published", base_url: str = DEFAULT_BASE_URL, *, with_body: bool = True
) -> Iterator[dict]:
    """One export record per article, oldest first: one query for the articles (read
    CHUNK_SIZE rows at a time, by a server-side cursor on PostgreSQL) and one per entity kind,
    whatever the number of articles. `with_body=False` leaves the body out (and unread)."""
    address = base_url.rstrip("/") + Article(slug=_SLUG_PLACEHOLDER).get_absolute_url()
    records = _Records()
    order = records.order.__getitem__
    people = records.people
    kinds = [
        (kind.export_field, names.get) for kind, names in zip(KINDS, records.names, strict=True)
    ]
    rows = stream_rows(record_values(status, with_body=with_body), CHUNK_SIZE)
    for (
        slug,
        title,
        published_on,
        source,
        byline,
        origin,
        state,
        story,
        named,
        quoted,
        *body,
    ) in rows:
        codes = set(integer_texts(named))  # each record once: the names are sorted below
        quotes = []
        for speaker_id, speaker_name, text in loads(quoted):
            speaker = speaker_name
            if speaker_id is not None:
                speaker, speaker_status = people[speaker_id]
                if speaker_status == ReviewStatus.REJECTED:
                    speaker = speaker_name
            quotes.append({"speaker": speaker, "text": text})
        record = {
            "slug": slug,
            "title": title,
            "published_on": published_on.isoformat() if published_on else None,
            "source": source or "",
            "byline": byline,
            "origin": origin,
            "url": address.replace(_SLUG_PLACEHOLDER, slug),
            "status": state,
        }
        for field, name_of in kinds:
            # map and filter walk the codes in C; a code left out is a rejected record.
            record[field] = sorted(set(filter(None, map(name_of, codes))), key=order)
        record["story"] = story  # what stories.story_of() says of an article: its story's id
        record["quotes"] = quotes
        if with_body:
            record["body"] = body[0]
        yield record


def write_jsonl(records: Iterator[dict], stream: TextIO) -> int:
    count = 0
    write = stream.write
    for record in records:
        write(encode_json(record) + "\n")
        count += 1
    return count


def _cell(value: object) -> str:
    """A value as the csv module writes it: None as nothing, a float by repr(), else str()."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def write_csv(records: Iterator[dict], stream: TextIO) -> int:
    """The records as csv.writer would write them (public_exports.csv_line: the same bytes)."""
    columns = csv_fields()
    write = stream.write
    write(csv_line(list(columns)))
    published = columns.index("published_on")
    lists = [columns.index(kind.export_field) for kind in KINDS]
    quoted = columns.index("quotes")
    count = 0
    for record in records:
        row = [record[field] for field in columns]
        row[published] = row[published] or ""
        for place in lists:
            row[place] = "; ".join(row[place])
        row[quoted] = "; ".join(
            f"{quote['speaker']}: {quote['text']}" if quote["speaker"] else quote["text"]
            for quote in row[quoted]
        )
        write(csv_line([value if type(value) is str else _cell(value) for value in row]))
        count += 1
    return count


def export_articles(
    stream: TextIO,
    *,
    format: str = "jsonl",
    status: str = "published",
    base_url: str = DEFAULT_BASE_URL,
) -> int:
    """Write every article with `status` ("all" for any) to `stream`; return how many."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    # CSV leaves the body out: it is not read at all.
    records = iter_article_records(status=status, base_url=base_url, with_body=format == "jsonl")
    return write_csv(records, stream) if format == "csv" else write_jsonl(records, stream)
