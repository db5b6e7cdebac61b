"""Entity pages and lists: finding a record (through merges), what its page shows beside it.

A fixed number of queries per page, whatever the number of mentions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    F,
    QuerySet,
    Value,
)
from django.db.models.functions import (
    Greatest,
    Length,
    Substr,
)
from django.http import Http404

from ..kinds import KINDS
from ..models import (
    Entity,
    Event,
    Mention,
    Organization,
    Place,
    ReviewStatus,
)
from .research import MAX_MERGE_CHAIN


def entity_list_queryset(kind: str, *, include_rejected: bool = False) -> QuerySet[Entity]:
    """Public `kind` records (with rejected ones too, for staff) with their article counts and
    the records a list row shows, in the list's default order (a FilterSet orders them as
    asked). Records merged away are never listed."""
    model = KINDS[kind].model
    records = model.objects.canonical() if include_rejected else model.objects.public()
    queryset = with_detail_relations(records.with_article_counts(), kind)
    return queryset.order_by("name", "id")


def resolve_entity(kind: str, slug: str) -> tuple[Entity, Entity | None]:
    """(the entity with this slug, the record it was merged into or None).

    Raises Http404 for an unknown slug, a rejected entity, or a merge chain that ends in a
    rejected record or loops.
    """
    model = KINDS[kind].model
    entity = with_detail_relations(model.objects.all(), kind).filter(slug=slug).first()
    if entity is None:
        raise Http404(f"No {kind} {slug!r}.")
    if entity.merged_into_id is None:
        if entity.review_status == ReviewStatus.REJECTED:
            raise Http404(f"No {kind} {slug!r}.")
        return entity, None
    survivor: Entity = entity
    seen = {entity.pk}
    while survivor.merged_into_id is not None:
        if survivor.merged_into_id in seen or len(seen) > MAX_MERGE_CHAIN:
            raise Http404(f"No {kind} {slug!r}.")
        seen.add(survivor.merged_into_id)
        survivor = model.objects.get(pk=survivor.merged_into_id)
    if survivor.review_status == ReviewStatus.REJECTED:
        raise Http404(f"No {kind} {slug!r}.")
    return entity, survivor


def with_detail_relations(queryset: QuerySet[Entity], kind: str) -> QuerySet[Entity]:
    """`queryset` joined to the single records an entity's page and list show."""
    return queryset.select_related(*KINDS[kind].shown_with)


@dataclass
class MentionSentence:
    """A sentence naming an entity, with where (relative to the sentence) each mention is."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def _span_in_sentence(
    sentence: str, window: str, window_start: int, start: int, end: int, text: str
) -> tuple[int, int] | None:
    """Where body[start:end] lies in `sentence`, found through the body `window` around it.

    The sentence is the body's text, trimmed and possibly shortened with "…" at either end;
    it can contain the mention's words more than once (and inside a longer name), so the span
    is placed by position in the body, not by searching for the words.
    """
    core = sentence.strip("…").strip()
    if core:
        lead = sentence.find(core)
        position = window.find(core)
        while position != -1:
            core_start = window_start + position
            if core_start <= start and end <= core_start + len(core):
                offset = lead + start - core_start
                return offset, offset + (end - start)
            position = window.find(core, position + 1)
    # The body changed since extraction: fall back to the first copy of the words.
    found = sentence.find(text)
    return (found, found + len(text)) if found != -1 and text else None


def mention_sentences(entity: Entity, article_ids: list[int]) -> dict[int, list[MentionSentence]]:
    """{article id: the distinct sentences that mention `entity`, in reading order}.

    Each sentence carries the spans of this entity's mentions in it, so a page can mark the
    mention itself rather than every copy of the name (one query).
    """
    sentences: dict[int, list[MentionSentence]] = defaultdict(list)
    window_start = Greatest(F("start") - Length("sentence"), Value(0))
    rows = (
        Mention.objects.visible()
        .for_entity(entity)
        .filter(article_id__in=article_ids)
        .annotate(
            window_start=window_start,
            window=Substr(
                "article__body",
                window_start + 1,
                F("end") - F("start") + 2 * Length("sentence"),
            ),
        )
        .order_by("article_id", "start", "id")
        .values_list("article_id", "sentence", "text", "start", "end", "window", "window_start")
    )
    for article_id, sentence, text, start, end, window, first in rows:
        shown = sentence.strip() or text
        found = next((item for item in sentences[article_id] if item.text == shown), None)
        if found is None:
            found = MentionSentence(shown)
            sentences[article_id].append(found)
        span = _span_in_sentence(shown, window or "", first, start, end, text)
        if span is not None and span not in found.spans:
            found.spans.append(span)
    return dict(sentences)


def entity_facts(entity: Entity) -> dict[str, list[Entity]]:
    """Public records linked to `entity` by the model (not by co-mention): a fixed few queries."""
    facts: dict[str, list[Entity]] = {}
    if isinstance(entity, Organization):
        facts["people"] = list(entity.people.public().order_by("name")[:50])
        facts["events"] = list(entity.organized_events.public().select_related("place")[:50])
    elif isinstance(entity, Event):
        facts["organizers"] = list(entity.organizers.public().order_by("name"))
    elif isinstance(entity, Place):
        facts["events"] = list(entity.events.public().select_related("place")[:50])
        if entity.kind == Place.Kind.COUNTRY:
            facts["places"] = list(entity.places_within.public().order_by("name")[:100])
    return facts
