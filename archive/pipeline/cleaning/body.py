# ruff: noqa: RUF001 - typographic quotes, dashes and arrows are the data this module reads.
"""The body: teaser blocks and footers cut, lines joined back into paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from archive.pipeline.cleaning.lines import (
    BOUNDARY,
    Line,
    Paragraph,
    ends_sentence,
    is_headline_shaped,
    is_list_item,
    is_prose,
    without_list_marker,
    word_count,
)
from archive.pipeline.cleaning.rules import (
    DANGLING_LINK_END,
    ELLIPSIS_END,
    EMPTY_QUOTES,
    HANGING_WORDS,
    JUNK_KINDS_THAT_END_THE_ARTICLE,
    LINK_INTRO,
    QA_MARKER,
    URL_OR_EMAIL,
)
from archive.pipeline.dates import parse_dateline
from archive.pipeline.types import BlockKind


def cut_teasers_and_footers(lines: Sequence[Line]) -> list[Line]:
    """Drop teaser blocks (with their headlines and blurbs) and everything after a footer.

    A teaser block ("Previous Article", "Related posts", "You may also like"...) that comes
    after article text ends the article unless two paragraphs of prose follow it, which means
    it was an inline box and the story goes on.
    """
    kept: list[Line] = []
    seen_prose = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.junk in JUNK_KINDS_THAT_END_THE_ARTICLE and seen_prose:
            _mark_dropped(lines[index:], BlockKind.FOOTER, "below the end of the article")
            break
        if line.junk == BlockKind.TEASER:
            # Taking full-sentence blurbs as part of the block is right at the end of a page,
            # but when the story goes on, a "blurb" may be its next paragraph: keep it then.
            block_end = _teaser_block_end(lines, index + 1, take_blurbs=True)
            if seen_prose and not _story_resumes(lines, block_end):
                _mark_dropped(lines[index:], BlockKind.TEASER, "teaser block after the story")
                break
            kept.append(Line("", True, BOUNDARY))  # keeps the paragraph boundary
            end = _teaser_block_end(lines, index + 1, take_blurbs=False)
            _mark_dropped(lines[index + 1 : end], BlockKind.TEASER, "in a teaser block")
            index = end
            continue
        kept.append(line)
        if not line.junk and is_prose(line.text):
            seen_prose = True
        index += 1
    return kept


def _teaser_block_end(lines: Sequence[Line], start: int, *, take_blurbs: bool) -> int:
    index = start
    after_teaser_headline = False
    while index < len(lines):
        text = lines[index].text
        if lines[index].junk:
            index += 1
            continue
        if ELLIPSIS_END.search(text) or parse_dateline(text) is not None:
            index += 1
            continue
        # The block's headlines may come as a bulleted or numbered list of links, which
        # carries no blurbs: a sentence after the list is the story again.
        if is_headline_shaped(without_list_marker(text)) and word_count(text) <= 20:
            after_teaser_headline = not is_list_item(text)
            index += 1
            continue
        if (
            take_blurbs
            and after_teaser_headline
            and not is_list_item(text)
            and word_count(text) <= 60
        ):
            after_teaser_headline = False  # the blurb under a teaser headline
            index += 1
            continue
        break
    return index


def _story_resumes(lines: Sequence[Line], start: int) -> bool:
    previous_was_prose = False
    for line in lines[start:]:
        if line.junk in JUNK_KINDS_THAT_END_THE_ARTICLE or line.junk == BlockKind.TEASER:
            return False
        if line.junk:
            continue
        prose = is_prose(line.text) and not ELLIPSIS_END.search(line.text)
        if prose and previous_was_prose:
            return True
        previous_was_prose = prose
    return False


def trim_trailing_teasers(lines: list[Line]) -> list[Line]:
    """Truncated blurbs ('...') at the very end, and the teaser headlines above them."""
    content = [line for line in lines if not line.junk]
    while (
        len(content) > 1
        and ELLIPSIS_END.search(content[-1].text)
        and not content[-1].text.endswith(('"', "”"))
    ):
        _mark_dropped([content.pop()], BlockKind.TEASER, "truncated blurb at the end")
        while len(content) > 1 and is_headline_shaped(content[-1].text):
            _mark_dropped([content.pop()], BlockKind.TEASER, "teaser headline at the end")
    keep = {id(line) for line in content}
    return [line for line in lines if line.junk or id(line) in keep]


def is_hard_wrapped(lines: Sequence[Line]) -> bool:
    """Text wrapped at a fixed width (e-mails, plain-text releases): join lines in a block."""
    texts = [line.text for line in lines if not is_list_item(line.text) and len(line.text) >= 20]
    if len(texts) < 6:
        return False
    width = max(len(text) for text in texts)
    if width > 100:
        return False
    near_width = [text for text in texts if len(text) >= width * 0.7]
    unfinished = [text for text in near_width if not ends_sentence(text)]
    return len(near_width) >= len(texts) * 0.6 and len(unfinished) >= len(near_width) * 0.4


def _continues(previous: str, line: Line, hard_wrapped: bool) -> bool:
    """Does `line` continue the sentence or paragraph that `previous` ended on?"""
    text = line.text
    if is_list_item(text):
        return False
    if previous.endswith(":"):
        return False
    starts_lower = text[:1].islower()
    last_word = previous.rsplit(None, 1)[-1].casefold().strip("\"'“”‘’()") if previous else ""
    hanging = last_word in HANGING_WORDS or previous.endswith((",", "-", "–", "—", "(", "/", "&"))
    if ends_sentence(previous):
        # Hard-wrapped paragraphs run on across sentence ends; otherwise a line is a paragraph.
        return hard_wrapped and not line.blank_before
    if not line.blank_before:
        return starts_lower or hanging or hard_wrapped
    # Across a blank line only when the sentence visibly breaks off mid-way.
    return (starts_lower or hanging) and word_count(previous) >= 6


def assemble_paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """Paragraphs (lists as one block of one-item lines), in order, with their source lines."""
    content = [line for line in lines if not line.junk or line.junk == BOUNDARY]
    hard_wrapped = is_hard_wrapped([line for line in content if not line.junk])
    blocks: list[list[str]] = []
    sources: list[list[int]] = []
    block_is_list = False
    for line in content:
        if line.junk:  # a removed teaser block: a hard paragraph boundary
            blocks.append([])
            sources.append([])
            block_is_list = False
            continue
        text = EMPTY_QUOTES.sub("", line.text).strip()
        if not text:
            _mark_dropped([line], BlockKind.OTHER, "nothing but empty quotation marks")
            continue
        current = blocks[-1] if blocks and blocks[-1] else None
        if current is not None:
            sources[-1].append(line.index)
        if is_list_item(text):
            if current is not None and block_is_list:
                current.append(text)
                continue
            block_is_list = True
        elif current is not None and block_is_list:
            last_item = current[-1]
            if not line.blank_before and text[:1].islower() and not ends_sentence(last_item):
                current[-1] = _join(last_item, text)  # a wrapped list item
                continue
            block_is_list = False
        elif current is not None and _continues(current[-1], line, hard_wrapped):
            current[-1] = _join(current[-1], text)
            continue
        else:
            block_is_list = False
        if current is not None:
            sources[-1].pop()
        blocks.append([text])
        sources.append([line.index])
    return [
        Paragraph("\n".join(block), source)
        for block, source in zip(blocks, sources, strict=True)
        if block
    ]


def _join(first: str, second: str) -> str:
    if re.search(r"\w-$", first) and second[:1].islower():
        return first + second  # "long-\nterm" -> "long-term"
    return f"{first} {second}"


def tidy_paragraphs(
    paragraphs: list[Paragraph], title: str, lines: Sequence[Line]
) -> list[Paragraph]:
    """Drop orphaned link introductions, duplicates and a repeated headline (each recorded on
    its source lines)."""
    tidied: list[Paragraph] = []
    seen: set[str] = set()
    folded_title = " ".join(title.split()).casefold()
    for position, paragraph in enumerate(paragraphs):
        key = " ".join(paragraph.text.split()).casefold()
        dropped = [lines[index] for index in paragraph.sources]
        if key == folded_title:
            _mark_dropped(dropped, BlockKind.DUPLICATE_HEADLINE, "the headline repeated")
            continue
        if key in seen:
            _mark_dropped(dropped, BlockKind.DUPLICATE, "a paragraph repeated")
            continue
        following = paragraphs[position + 1].text if position + 1 < len(paragraphs) else ""
        if _is_orphan_link_intro(paragraph.text, following):
            _mark_dropped(dropped, BlockKind.PROMPT, "introduces a link that was not kept")
            continue
        seen.add(key)
        tidied.append(paragraph)
    return tidied


def mark_interview_turns(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """'Q. ...' / 'A. ...' turns of an interview become 'Q: ...' / 'A: ...'. Only on pages with
    at least two of each, so that 'A. Smith said' elsewhere stays a name with an initial."""
    markers = [match.group("marker") for p in paragraphs if (match := QA_MARKER.match(p.text))]
    if markers.count("Q") < 2 or markers.count("A") < 2:
        return paragraphs
    return [
        Paragraph(QA_MARKER.sub(r"\g<marker>: ", paragraph.text, count=1), paragraph.sources)
        for paragraph in paragraphs
    ]


def _is_orphan_link_intro(paragraph: str, following: str) -> bool:
    """'For more information, visit:' whose link was stripped (nothing it introduces follows)."""
    if "\n" in paragraph or word_count(paragraph) > 15:
        return False
    if not LINK_INTRO.search(paragraph):
        return False
    introduces_something = bool(
        following and (is_list_item(following) or URL_OR_EMAIL.match(following.split("\n")[0]))
    )
    if paragraph.endswith(":"):
        return not introduces_something
    return bool(DANGLING_LINK_END.search(paragraph)) and not introduces_something


def _mark_dropped(lines: Sequence[Line], kind: str, reason: str) -> None:
    """Record why content lines were dropped; lines already known as furniture keep their kind."""
    for line in lines:
        if not line.junk:
            line.junk, line.reason = kind, reason
