"""The record of what the cleaner removed, and when a curator should look at it.

Every line of a page ends up in the title, in a body paragraph, or in a `RemovedBlock` that
says what it was and why it went: nothing is dropped silently. Runs of removed lines of one
kind become one block (with its first line's reason), placed by the number of body paragraphs
above it, so a curator can put it back where it stood.
"""

from __future__ import annotations

from collections.abc import Sequence

from archive.pipeline.cleaning.lines import Line, Paragraph, is_prose
from archive.pipeline.cleaning.rules import REVIEW_PROSE_BLOCK_WORDS
from archive.pipeline.types import BlockKind, RemovedBlock

#: Review the cleaning of a page that loses more than this share of its words...
REVIEW_REMOVED_SHARE = 0.30
#: ... or any removed block of REVIEW_PROSE_BLOCK_WORDS words that reads like prose.
#: Kinds recognised by their own wording whose text is prose by nature (a company's
#: boilerplate, a cookie or newsletter box, an author's biography): removing them is the point.
PROSE_BY_NATURE = frozenset(
    {
        BlockKind.COMPANY_TAIL,
        BlockKind.COOKIE_NOTICE,
        BlockKind.NEWSLETTER,
        BlockKind.AUTHOR_BOX,
    }
)
#: Kinds that are not lost: their content lives on in the article's date and byline.
KEPT_AS_METADATA = frozenset({BlockKind.DATELINE, BlockKind.BYLINE})


def removed_blocks(
    lines: Sequence[Line], kept: Sequence[Paragraph], title_index: int | None
) -> list[RemovedBlock]:
    """The lines in neither the body nor the title, grouped into blocks in page order."""
    kept_lines = {index for paragraph in kept for index in paragraph.sources}
    if title_index is not None:
        kept_lines.add(title_index)
    starts = sorted(min(paragraph.sources) for paragraph in kept if paragraph.sources)
    blocks: list[RemovedBlock] = []
    run: list[Line] = []

    def close() -> None:
        if run:
            position = sum(1 for start in starts if start < run[0].index)
            text = "\n".join(line.text for line in run)
            blocks.append(RemovedBlock(_kind(run[0], title_index), run[0].reason, text, position))
            run.clear()

    for line in lines:
        if line.index in kept_lines:
            close()
            continue
        if run and (
            _kind(line, title_index) != _kind(run[0], title_index)
            or line.index != run[-1].index + 1
        ):
            close()
        if not line.reason:
            line.reason = _fallback_reason(line, title_index)
        run.append(line)
    close()
    return blocks


def _kind(line: Line, title_index: int | None) -> BlockKind:
    if isinstance(line.junk, BlockKind):
        return line.junk
    if title_index is not None and line.index < title_index:
        return BlockKind.SITE_HEADER
    return BlockKind.OTHER


def _fallback_reason(line: Line, title_index: int | None) -> str:
    if title_index is not None and line.index < title_index:
        return "above the headline"
    return "not part of the article's text"


def review_reasons(lines: Sequence[Line], removed: Sequence[RemovedBlock]) -> list[str]:
    """Why a curator should check what the cleaner removed (empty when nothing is doubtful)."""
    reasons: list[str] = []
    total = sum(line.words for line in lines)
    lost = sum(block.word_count for block in removed if block.kind not in KEPT_AS_METADATA)
    if total and lost > total * REVIEW_REMOVED_SHARE:
        reasons.append(f"cleaning removed {lost} of {total} words ({lost * 100 // total}%)")
    for block in removed:
        if block.kind in PROSE_BY_NATURE or block.word_count < REVIEW_PROSE_BLOCK_WORDS:
            continue
        if any(is_prose(text) for text in block.text.split("\n")):
            reasons.append(
                f"removed {block.word_count} words of prose as {block.kind.value.replace('_', ' ')}"
                f" ({block.reason})"
            )
    return reasons
