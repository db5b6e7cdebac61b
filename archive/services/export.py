"""Export articles as JSON Lines or CSV, streamed: memory and queries stay flat per chunk.

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

import csv
import json
from collections.abc import Iterator
from typing import TextIO

from django.db.models import Prefetch

from archive.kinds import KINDS, PERSON
from archive.models import Article, Mention, Quote, ReviewStatus
from archive.services.stories import story_of

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
ALL_STATUSES = "all"
FORMATS = ("jsonl", "csv")
CHUNK_SIZE = 500


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


class _Survivors:
    """Where merged records went, loaded once (merges are few): two queries per kind."""

    def __init__(self) -> None:
        self.merged_into: dict[str, dict[int, int]] = {}
        self.info: dict[str, dict[int, tuple[str, str]]] = {}
        for kind in KINDS:
            model = kind.model
            merged = dict(
                model.objects.filter(merged_into__isnull=False).values_list("id", "merged_into_id")
            )
            self.merged_into[kind.value] = merged
            targets = set(merged.values())
            self.info[kind.value] = {
                pk: (name, status)
                for pk, name, status in model.objects.filter(id__in=targets).values_list(
                    "id", "name", "review_status"
                )
            }

    def resolve(self, kind: str, entity_id: int, name: str, status: str) -> tuple[str, str]:
        """(name, review_status) of the record that stands for `entity_id` now."""
        merged = self.merged_into[kind]
        seen = {entity_id}
        while entity_id in merged:
            entity_id = merged[entity_id]
            if entity_id in seen:  # a cycle would be a data error: stop at the last record
                break
            seen.add(entity_id)
            name, status = self.info[kind].get(entity_id, (name, status))
        return name, status


def article_queryset(status: str = "published"):
    queryset = Article.objects.all()
    if status != ALL_STATUSES:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("source")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.visible().select_related(
                    "organization", "person", "event", "place"
                ),
            ),
            Prefetch(
                "quotes",
                queryset=Quote.objects.exclude(review_status=ReviewStatus.REJECTED)
                .select_related("speaker")
                .order_by("start", "id"),
            ),
        )
        .order_by("id")
    )


def iter_article_records(
    status: str = "published", base_url: str = DEFAULT_BASE_URL
) -> Iterator[dict]:
    """One export record per article, oldest first, fetched CHUNK_SIZE at a time."""
    base_url = base_url.rstrip("/")
    survivors = _Survivors()
    for article in article_queryset(status).iterator(chunk_size=CHUNK_SIZE):
        yield article_record(article, survivors, base_url)


def article_record(article: Article, survivors: _Survivors, base_url: str) -> dict:
    names: dict[str, set[str]] = {kind.export_field: set() for kind in KINDS}
    for mention in article.mentions.all():
        entity = mention.entity
        if entity is None:
            continue
        name, status = survivors.resolve(mention.kind, entity.pk, entity.name, entity.review_status)
        if status != ReviewStatus.REJECTED:
            names[KINDS[mention.kind].export_field].add(name)
    quotes = []
    for quote in article.quotes.all():
        speaker = quote.speaker_name
        if quote.speaker is not None:
            speaker, status = survivors.resolve(
                PERSON.value, quote.speaker.pk, quote.speaker.name, quote.speaker.review_status
            )
            if status == ReviewStatus.REJECTED:
                speaker = quote.speaker_name
        quotes.append({"speaker": speaker, "text": quote.text})
    return {
        "slug": article.slug,
        "title": article.title,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "source": article.source.name if article.source else "",
        "byline": article.byline,
        "origin": article.origin,
        "url": base_url + article.get_absolute_url(),
        "status": article.status,
        **{
            field: sorted(values, key=lambda n: (n.casefold(), n))
            for field, values in names.items()
        },
        "story": story_of(article),
        "quotes": quotes,
        "body": article.body,
    }


def write_jsonl(records: Iterator[dict], stream: TextIO) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[dict], stream: TextIO) -> int:
    writer = csv.writer(stream)
    columns = csv_fields()
    writer.writerow(columns)
    count = 0
    for record in records:
        row = dict(record)
        row["published_on"] = record["published_on"] or ""
        for kind in KINDS:
            row[kind.export_field] = "; ".join(record[kind.export_field])
        row["quotes"] = "; ".join(
            f"{quote['speaker']}: {quote['text']}" if quote["speaker"] else quote["text"]
            for quote in record["quotes"]
        )
        writer.writerow([row[field] for field in columns])
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
    records = iter_article_records(status=status, base_url=base_url)
    return write_csv(records, stream) if format == "csv" else write_jsonl(records, stream)
