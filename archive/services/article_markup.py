"""An article body as HTML paragraphs with every mention linked to its entity's page.

The body is imported text, so it is never trusted as markup: it is cut at the mention spans,
every piece is escaped, and only then are the pieces wrapped in the elements built here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import EntityKind, Mention

#: CSS modifier per entity kind: <a class="mention mention--org">.
KIND_CSS_MODIFIERS: dict[str, str] = {
    EntityKind.ORGANIZATION: "org",
    EntityKind.PERSON: "person",
    EntityKind.EVENT: "event",
    EntityKind.PLACE: "place",
}
#: How far from its recorded offsets a mention's text is looked for when the body has been
#: edited since extraction (a curator fixed a typo earlier in the paragraph, say).
RELOCATE_WINDOW = 300

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(frozen=True)
class MarkedSpan:
    start: int
    end: int
    mention: Mention


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph (blank-line separated), surrounding space trimmed."""
    bounds = []
    position = 0
    for separator in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = separator.start() if separator else len(body)
        chunk = body[position:end]
        if chunk.strip():
            leading = len(chunk) - len(chunk.lstrip())
            trailing = len(chunk) - len(chunk.rstrip())
            bounds.append((position + leading, end - trailing))
        if separator:
            position = separator.end()
    return bounds


def locate_span(body: str, mention: Mention) -> tuple[int, int] | None:
    """Where the mention's text actually is: its offsets, or the nearest copy close by."""
    text = mention.text
    if not text:
        return None
    if body[mention.start : mention.end] == text:
        return mention.start, mention.end
    low = max(0, mention.start - RELOCATE_WINDOW)
    high = min(len(body), mention.end + RELOCATE_WINDOW)
    candidates = [m.start() for m in re.finditer(re.escape(text), body[low:high])]
    if not candidates:
        return None
    start = low + min(candidates, key=lambda found: abs(low + found - mention.start))
    return start, start + len(text)


def choose_spans(body: str, mentions: Iterable[Mention]) -> list[MarkedSpan]:
    """Non-overlapping spans to mark, in order; of overlapping mentions the longer wins."""
    located = []
    for mention in mentions:
        span = locate_span(body, mention)
        if span is not None:
            located.append(MarkedSpan(span[0], span[1], mention))
    located.sort(key=lambda s: (s.start, -(s.end - s.start), s.mention.pk or 0))
    chosen: list[MarkedSpan] = []
    for span in located:
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return chosen


def _text_html(text: str) -> str:
    # Escape first; the <br> added afterwards is ours. A single newline is a line break
    # (list items are one per line).
    return str(escape(text)).replace("\n", "<br>\n")


def _mention_html(text: str, mention: Mention) -> str:
    entity = mention.entity
    kind_label = EntityKind(mention.kind).label
    return format_html(
        '<a class="mention mention--{modifier}" id="mention-{pk}" href="{url}" '
        'data-kind="{kind}" title="{kind_label}: {name}">{text}'
        '<span class="visually-hidden"> ({kind_label_lower})</span></a>',
        modifier=KIND_CSS_MODIFIERS[mention.kind],
        pk=mention.pk,
        url=entity.get_absolute_url(),
        kind=mention.kind,
        kind_label=kind_label,
        kind_label_lower=kind_label.lower(),
        name=entity.name,
        text=mark_safe(_text_html(text)),
    )


def mark_up_paragraphs(body: str, mentions: Sequence[Mention]) -> list[SafeString]:
    """The body's paragraphs as HTML (without <p>), mentions linked and marked by kind.

    `mentions` must have their entity loaded (Mention.objects.with_entity()). A mention whose
    text is no longer in the body, or that spans two paragraphs, is left unmarked.
    """
    spans = choose_spans(body, mentions)
    paragraphs: list[SafeString] = []
    span_index = 0
    for paragraph_start, paragraph_end in paragraph_bounds(body):
        pieces: list[str] = []
        position = paragraph_start
        while span_index < len(spans) and spans[span_index].start < paragraph_end:
            span = spans[span_index]
            span_index += 1
            if span.start < paragraph_start or span.end > paragraph_end:
                continue  # crosses a paragraph break
            pieces.append(_text_html(body[position : span.start]))
            pieces.append(_mention_html(body[span.start : span.end], span.mention))
            position = span.end
        pieces.append(_text_html(body[position:paragraph_end]))
        paragraphs.append(mark_safe("".join(pieces)))
    return paragraphs


def mark_names(text: str, names: Sequence[str]) -> SafeString:
    """`text` escaped, with whole-word occurrences of any of `names` in <mark> (longest first)."""
    wanted = sorted({name for name in names if name.strip()}, key=len, reverse=True)
    if not wanted:
        return escape(text)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(name) for name in wanted) + r")(?!\w)", re.IGNORECASE
    )
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(str(escape(text[position : match.start()])))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(str(escape(text[position:])))
    return mark_safe("".join(pieces))
