"""An article body as HTML paragraphs with every mention linked to its entity's page.

The body is imported text, so it is never trusted as markup: it is cut at the mention spans,
every piece is escaped, and only then are the pieces wrapped in the elements built here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..kinds import KINDS
from ..models import Mention

#: How far from its recorded offsets a mention's text is looked for when the body has been
#: edited since extraction (a curator fixed a typo earlier in the paragraph, say).
RELOCATE_WINDOW = 300

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass
class MarkedSpan:
    """A span to mark, with the mentions wholly inside it (marked within it, one level deep)."""

    start: int
    end: int
    mention: Mention
    nested: list[MarkedSpan] = field(default_factory=list)


@dataclass(frozen=True)
class MarkedBody:
    """The body as HTML paragraphs, and the mentions actually marked in them (nested included)."""

    paragraphs: list[SafeString]
    marked: list[Mention]


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
    """Spans to mark, in order: outer spans never overlap; of overlapping mentions the longer
    is the outer one.

    A mention wholly inside an outer one (a place inside an organization's name, which the
    pipeline keeps as a mention of its own) becomes one of its `nested` spans; HTML allows no
    link inside a link, so it is marked inside the outer link rather than linked. A mention
    that only partly overlaps another cannot be marked and is left out.
    """
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
            continue
        outer = chosen[-1]
        inside = span.end <= outer.end
        clear_of_siblings = not outer.nested or span.start >= outer.nested[-1].end
        if inside and clear_of_siblings:
            outer.nested.append(span)
    return chosen


def _text_html(text: str) -> str:
    # Escape first; the <br> added afterwards is ours. A single newline is a line break
    # (list items are one per line).
    return str(escape(text)).replace("\n", "<br>\n")


def _mention_attributes(mention: Mention) -> dict[str, str]:
    entity = mention.entity
    kind_label = KINDS[mention.kind].label
    return {
        "modifier": KINDS[mention.kind].modifier,
        "pk": str(mention.pk),
        "kind": mention.kind,
        "kind_label": kind_label,
        "kind_label_lower": kind_label.lower(),
        "name": entity.name,
        "status": mention.review_status,
    }


def _inner_html(body: str, span: MarkedSpan, element: str) -> str:
    """The outer span's text, escaped, with its nested mentions marked by `element`s."""
    pieces: list[str] = []
    position = span.start
    for inner in span.nested:
        pieces.append(_text_html(body[position : inner.start]))
        pieces.append(
            format_html(
                '<{element} class="mention mention--{modifier} mention--nested '
                'mention--{status}" id="mention-{pk}" data-kind="{kind}" '
                'title="{kind_label}: {name}">{text}'
                '<span class="visually-hidden"> ({kind_label_lower})</span></{element}>',
                element=mark_safe(element),
                text=mark_safe(_text_html(body[inner.start : inner.end])),
                **_mention_attributes(inner.mention),
            )
        )
        position = inner.end
    pieces.append(_text_html(body[position : span.end]))
    return "".join(pieces)


def _mention_html(body: str, span: MarkedSpan, as_links: bool) -> str:
    attributes = _mention_attributes(span.mention)
    inner = mark_safe(_inner_html(body, span, "span" if as_links else "mark"))
    if not as_links:
        return format_html(
            '<mark class="mention mention--{modifier} mention--{status}" id="mention-{pk}" '
            'data-kind="{kind}" title="{kind_label}: {name}">{text}</mark>',
            text=inner,
            **attributes,
        )
    return format_html(
        '<a class="mention mention--{modifier}" id="mention-{pk}" href="{url}" '
        'data-kind="{kind}" title="{kind_label}: {name}">{text}'
        '<span class="visually-hidden"> ({kind_label_lower})</span></a>',
        url=span.mention.entity.get_absolute_url(),
        text=inner,
        **attributes,
    )


def mark_up_body(body: str, mentions: Sequence[Mention], *, as_links: bool = True) -> MarkedBody:
    """The body's paragraphs as HTML (without <p>), mentions marked by kind, and which
    mentions were marked (so that counts shown beside the text can be honest).

    `mentions` must have their entity loaded (Mention.objects.with_entity()). With `as_links`
    each outer mention links to its entity's page (the public site); without, mentions are
    <mark>s (the curation desk). A mention whose text is no longer in the body, that spans
    two paragraphs, or that partly overlaps another, is left unmarked.
    """
    spans = choose_spans(body, mentions)
    paragraphs: list[SafeString] = []
    marked: list[Mention] = []
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
            pieces.append(_mention_html(body, span, as_links))
            marked.append(span.mention)
            marked.extend(inner.mention for inner in span.nested)
            position = span.end
        pieces.append(_text_html(body[position:paragraph_end]))
        paragraphs.append(mark_safe("".join(pieces)))
    return MarkedBody(paragraphs, marked)


def mark_up_paragraphs(body: str, mentions: Sequence[Mention]) -> list[SafeString]:
    """The body's paragraphs as HTML, mentions linked (see mark_up_body)."""
    return mark_up_body(body, mentions).paragraphs


def mark_spans(text: str, spans: Iterable[tuple[int, int]]) -> SafeString:
    """`text` escaped, with each [start, end) span (relative to `text`) in a <mark>.

    Overlapping spans are merged: a mark is never nested in another.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end, len(text))
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    position = 0
    for start, end in merged:
        pieces.append(str(escape(text[position:start])))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(str(escape(text[position:])))
    return mark_safe("".join(pieces))


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
