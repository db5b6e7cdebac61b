"""Furniture that only shows across several lines: what one line's wording cannot tell.

- a box (cookie notice, newsletter sign-up, credit) hard-wrapped over several lines: the
  block's lines joined back are classified as one line would be;
- a typography widget written one control per line ('Georgia' / 'Verdana' / 'A+');
- a search form's field labels, their boxes left empty by the scraper ('Keyword:' / 'From:');
- a box's list of other stories over its "View All" link;
- a photo caption glued to its credit line, above or below it;
- a press release's tail: an "About <Company>" heading and the boilerplate under it.

Each pass only marks lines that are still content, so what a line's own wording said wins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from archive.pipeline.cleaning.furniture import (
    REFERENCE_HEADING,
    company_tail_name,
    is_widget_fragment,
)
from archive.pipeline.cleaning.lines import (
    CONTACT_DETAIL,
    CONTACT_DETAIL_INSIDE,
    Line,
    classify_junk,
    ends_sentence,
    is_list_item,
    is_prose,
    mark_contact_details,
    word_count,
)
from archive.pipeline.cleaning.rules import VIEW_ALL_LINK
from archive.pipeline.extraction.rules import Stage, rule
from archive.pipeline.types import BlockKind
from archive.pipeline.wordlists import lines as list_lines

#: Kinds a wrapped box can be recognised as from its joined text.
WRAPPED_BOX_KINDS = frozenset(
    {
        BlockKind.COOKIE_NOTICE,
        BlockKind.NEWSLETTER,
        BlockKind.CREDIT,
        BlockKind.CAPTION,
        BlockKind.PROMPT,
        BlockKind.RELATED_LINKS,
        BlockKind.PRESS_CONTACT,
    }
)
WRAPPED_BOX_MAX_LINES = 6
WRAPPED_LINE_MIN_WORDS = 6  # a line this long that ends mid-sentence goes on below
CAPTION_MAX_WORDS = 40
#: A tail is the end of a release: at most this share of the page's content words follow it.
TAIL_MAX_SHARE = 0.4
#: What a tail holds besides its boilerplate: the contacts, a credit, separators.
TAIL_FURNITURE = frozenset({BlockKind.PRESS_CONTACT, BlockKind.CREDIT, BlockKind.SEPARATOR})
#: Its first paragraph names the publisher within this many characters.
TAIL_NAME_WITHIN = 80


def mark_blocks(lines: Sequence[Line]) -> None:
    """Mark the furniture of several lines (see the module's docstring), in place."""
    _unmark_wrapped_prose(lines)
    _mark_wrapped_boxes(lines)
    _mark_widget_runs(lines)
    _mark_empty_form_fields(lines)
    _mark_lists_over_view_all(lines)
    _mark_captions(lines)
    _mark_reference_contacts(lines)
    _mark_company_tails(lines)
    mark_image_names(lines)
    mark_picture_descriptions(lines)
    mark_alt_text_repeated_by_captions(lines)


def text_blocks(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of lines with no blank line between them."""
    blocks: list[list[Line]] = []
    for line in lines:
        if line.blank_before or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _mark(lines: Sequence[Line], kind: BlockKind, reason: str) -> None:
    for line in lines:
        if not line.junk:
            line.junk, line.reason = kind, reason


def _unmark_wrapped_prose(lines: Sequence[Line]) -> None:
    """A line of a hard-wrapped paragraph is text, whatever it says on its own ('home', 'news'
    and 'read more' can fall on a line of their own when a sentence wraps): one glued between
    a long unfinished line and a following line of the same paragraph is content again."""
    for index in range(1, len(lines) - 1):
        previous, line, following = lines[index - 1], lines[index], lines[index + 1]
        if (
            line.junk
            and not line.menu
            and not previous.junk
            and not following.junk
            and not line.blank_before
            and not following.blank_before
            and word_count(previous.text) >= WRAPPED_LINE_MIN_WORDS
            and not ends_sentence(previous.text)
            and line.text[:1].islower()
        ):
            line.junk, line.reason = "", ""


@rule("clean-wrapped-boxes", Stage.STEP)
def _mark_wrapped_boxes(lines: Sequence[Line]) -> None:
    """A cookie notice, newsletter box, credit or press contact hard-wrapped over a few lines:
    no line but the last ends a sentence, so the lines joined are classified as one."""
    for block in text_blocks(lines):
        if not 2 <= len(block) <= WRAPPED_BOX_MAX_LINES or all(line.junk for line in block):
            continue
        kinds = {line.junk for line in block if line.junk}
        if kinds and not kinds <= WRAPPED_BOX_KINDS:
            continue
        # Wrapped at a width: no line but the last ends a sentence (lines that do are
        # paragraphs of their own, glued by a scraper).
        if any(ends_sentence(line.text) for line in block[:-1]):
            continue
        kind, reason = classify_junk(" ".join(line.text for line in block))
        if kind in WRAPPED_BOX_KINDS:
            _mark(block, kind, f"{reason}, wrapped over several lines")


@rule("clean-widget-runs", Stage.STEP)
def _mark_widget_runs(lines: Sequence[Line]) -> None:
    """Widget controls one per line: three in a row, or two next to a widget line. Short
    control names look like a menu to the line rules; here they are the widget they are."""
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and (
            lines[end].junk == BlockKind.WIDGET or _widget_fragment(lines[end])
        ):
            end += 1
        run = lines[index:end]
        fragments = [line for line in run if line.junk != BlockKind.WIDGET]
        if len(run) >= 3 or (len(run) >= 2 and len(fragments) < len(run)):
            for line in fragments:
                line.junk, line.reason = BlockKind.WIDGET, "typography or accessibility controls"
                line.menu = False
        index = max(end, index + 1)


#: A form's labels: at least this many in one block, and three quarters of its lines.
FORM_MIN_LABELS = 3
FORM_FIELD_MAX_WORDS = 5


@rule("clean-empty-form-fields", Stage.STEP)
def _mark_empty_form_fields(lines: Sequence[Line]) -> None:
    """'Keyword:' / 'Date from:' / 'Pick a date' / 'Document type:': a search form scraped
    without its boxes, one short label per line ending in a colon, its buttons between them.
    A fact box ('Where:' / 'City Hall', 'Saturday:' / '9am to 1pm') keeps its values on the
    lines below: more of its lines are values, and values hold digits where buttons do not."""
    for block in text_blocks(lines):
        texts = [line.text.strip() for line in block if line.text.strip()]
        if len(texts) < FORM_MIN_LABELS or any(
            word_count(text) > FORM_FIELD_MAX_WORDS for text in texts
        ):
            continue
        labels = sum(1 for text in texts if text.endswith(":"))
        values = [text for text in texts if not text.endswith(":")]
        if (
            labels >= FORM_MIN_LABELS
            and labels * 4 >= len(texts) * 3
            and not any(re.search(r"\d", text) for text in values)
        ):
            _mark(block, BlockKind.WIDGET, "a search form's field labels, without their boxes")


#: A summary under a teaser in such a box: at most this many words.
TEASER_SUMMARY_MAX_WORDS = 60


@rule("clean-lists-over-a-view-all-link", Stage.STEP)
def _mark_lists_over_view_all(lines: Sequence[Line]) -> None:
    """'1. Library hours change' / '2. Ferry timetable' / 'View All': the numbered or bulleted
    items right above a box's "View All" link (`view_all_links.txt`), each perhaps with a line of
    summary under it, are other stories' teasers; two items at least."""
    for index, line in enumerate(lines):
        if not VIEW_ALL_LINK.match(line.text.strip()):
            continue
        items: list[Line] = []
        cursor = index - 1
        below_is_item = True  # the link itself closes the box: an item must stand above it
        while cursor >= 0:
            above = lines[cursor]
            if is_list_item(above.text.strip()):
                items.append(above)
                below_is_item = True
            elif not (
                # A teaser's summary stands between two items, never last in the box.
                items
                and below_is_item
                and cursor > 0
                and is_list_item(lines[cursor - 1].text.strip())
                and word_count(above.text) <= TEASER_SUMMARY_MAX_WORDS
            ):
                break
            else:
                below_is_item = False
            cursor -= 1
        if len(items) >= 2:
            _mark(lines[cursor + 1 : index], BlockKind.TEASER, "other stories above a 'View All'")
            _mark([line], BlockKind.RELATED_LINKS, "link to all of a box's stories")


def _widget_fragment(line: Line) -> bool:
    return line.junk in ("", BlockKind.NAVIGATION) and is_widget_fragment(line.text)


@rule("clean-captions-by-credits", Stage.STEP)
def _mark_captions(lines: Sequence[Line]) -> None:
    """A short block of its own glued to a photo credit, above or below it, is its caption."""
    for block in text_blocks(lines):
        credits = [position for position, line in enumerate(block) if line.junk == BlockKind.CREDIT]
        if len(block) != 2 or len(credits) != 1:
            continue
        caption = block[1 - credits[0]]
        if not caption.junk and word_count(caption.text) <= CAPTION_MAX_WORDS:
            _mark([caption], BlockKind.CAPTION, "caption above or below a photo credit")


@rule("clean-reference-contacts", Stage.STEP)
def _mark_reference_contacts(lines: Sequence[Line]) -> None:
    """'For reference:' over a name, phone or e-mail is a press-contact heading; over prose it
    introduces background the story keeps."""
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        if line.junk or following.junk or not REFERENCE_HEADING.match(line.text):
            continue
        if _is_contact(following.text):
            line.junk, line.reason = BlockKind.PRESS_CONTACT, "press contact heading"
    mark_contact_details(lines)


def _is_contact(text: str) -> bool:
    """A contact's details, or a contact's name (a few words, no sentence)."""
    if CONTACT_DETAIL.match(text) or CONTACT_DETAIL_INSIDE.search(text):
        return True
    return word_count(text) <= 6 and not ends_sentence(text)


@rule("clean-company-tails", Stage.STEP)
def _mark_company_tails(lines: Sequence[Line]) -> None:
    """'About Acme' after the story, then a paragraph that names Acme: the publisher's
    boilerplate, with everything under it that is not already a press contact."""
    content = [line for line in lines if not line.junk]
    prose = [position for position, line in enumerate(content) if is_prose(line.text)]
    if len(prose) < 2:
        return
    total = sum(line.words for line in content)
    for position in range(prose[1] + 1, len(content) - 1):
        name = company_tail_name(content[position].text)
        following = content[position + 1]
        if name is None or not is_prose(following.text):
            continue
        if name and name.split()[0].casefold() not in following.text[:TAIL_NAME_WITHIN].casefold():
            continue
        if sum(line.words for line in content[position:]) > total * TAIL_MAX_SHARE:
            continue
        start = content[position].index
        for line in lines[start:]:
            if line.junk and line.junk not in TAIL_FURNITURE:
                break  # a teaser block or footer below the tail is what it is
            _mark([line], BlockKind.COMPANY_TAIL, "about the publisher, under the story")
        return


#: An image's file name or alt text is a few words; a caption is longer and reads as a sentence.
IMAGE_NAME_MAX_WORDS = 10
IMAGE_NAME_PUNCTUATION = frozenset('.;:!?…"“”«»()')  # commas list what a picture shows
#: "T-Bay-city-hall_Cropped", "IMG_2041-web": one token of parts joined by "_" and "-".
FILE_NAME = re.compile(r"^(?=[^_]*_)[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+){2,}$")


@rule("clean-image-names", Stage.STEP)
def mark_image_names(lines: Sequence[Line]) -> None:
    """An image's file name or alt text that a scraper left where the picture stood: a short
    block of its own, all lowercase at its start, without punctuation or digits (a date line
    has them), between a finished paragraph or heading and a line that starts a new one.
    Running text never stands alone like that: a paragraph starts with a capital, and the rest
    of a broken sentence follows a line that does not end it."""
    for block in text_blocks(lines):
        for line in block:
            if not line.junk and is_file_name(line.text):
                _mark([line], BlockKind.CAPTION, "image file name")
        single = len(block) == 1
        if single and _looks_like_image_name(block[0].text) and _alone(block[0], lines):
            _mark(block, BlockKind.CAPTION, "image file name or alt text")


#: Alt text that says it describes a picture ("... skyline with a network in the background",
#: "Rooftop solar infographic"): a longer line than a file name, starting with a capital.
PICTURE_DESCRIPTION_MAX_WORDS = 16
PICTURE_OPENERS = re.compile(
    r"(?:" + "|".join(re.escape(term) for term in list_lines("picture_openers.txt")) + r")\b", re.I
)
PICTURE_WORDS = re.compile(
    r"\b(?:" + "|".join(re.escape(term) for term in list_lines("picture_words.txt")) + r")\b", re.I
)


@rule("clean-picture-descriptions", Stage.STEP)
def mark_picture_descriptions(lines: Sequence[Line]) -> None:
    """An image's alt text that names the picture as a picture (a banner, an infographic, what
    stands in the background), alone between a finished paragraph or heading and the next
    paragraph: short, in sentence case, without a sentence's punctuation or digits. A heading
    is written in title case or capitals; a sentence of the story ends in a full stop."""
    for block in text_blocks(lines):
        if len(block) != 1 or not _alone(block[0], lines):
            continue
        text = block[0].text
        # "Image of ...": what the picture shows, also as the page's first line.
        opens = PICTURE_OPENERS.match(text.strip()) and _sentence_case(text.split())
        if opens or (block[0].index > 0 and _describes_a_picture(text)):
            _mark(block, BlockKind.CAPTION, "alt text describing a picture")


@rule("clean-alt-text-repeated-by-caption", Stage.STEP)
def mark_alt_text_repeated_by_captions(lines: Sequence[Line]) -> None:
    """An image's alt text kept as a line of its own right above the caption that opens with
    the same words ("Sensors on a lamppost" over "Sensors on a lamppost. Photo by ..."): the
    scraper kept both the picture's description and its caption."""
    for line, following in itertools.pairwise(lines):
        text = line.text.strip().rstrip(".").casefold()
        if (
            not line.junk
            and following.junk in {BlockKind.CAPTION, BlockKind.CREDIT}
            and 2 <= word_count(text) <= CAPTION_MAX_WORDS
            and following.text.strip().casefold().startswith(text)
        ):
            _mark([line], BlockKind.CAPTION, "alt text repeated by its caption")


def _alone(line: Line, lines: Sequence[Line]) -> bool:
    """Whether `line` (a block of its own, not junk yet) stands between a finished paragraph,
    a heading or furniture and a new paragraph: where a scraper leaves an image's name or alt
    text. Running text never stands alone like that: a paragraph starts with a capital, and
    the rest of a broken sentence follows a line that does not end it. The page's first line
    has nothing before it."""
    if line.junk or line.index < 0 or line.index + 1 >= len(lines):
        return False
    after = lines[line.index + 1]
    if line.index == 0:
        return after.blank_before and after.text[:1].isupper()
    before = lines[line.index - 1]
    return (
        after.blank_before
        and after.text[:1].isupper()
        and (before.junk or ends_sentence(before.text) or not is_prose(before.text))
    )


def _describes_a_picture(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= PICTURE_DESCRIPTION_MAX_WORDS or not PICTURE_WORDS.search(text):
        return False
    if any(character in IMAGE_NAME_PUNCTUATION or character.isdigit() for character in text):
        return False
    return _sentence_case(words)


def _sentence_case(words: list[str]) -> bool:
    """Not a heading in title case: fewer than half the words after the first capitalised."""
    capitalised = sum(1 for word in words[1:] if word[:1].isupper())
    return capitalised * 2 < len(words) - 1


def is_file_name(text: str) -> bool:
    """An image's file name alone on a line: parts joined by hyphens and underscores, never
    a word or a name of the story (a name has no underscore)."""
    return len(text) <= 80 and bool(FILE_NAME.match(text))


def _looks_like_image_name(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= IMAGE_NAME_MAX_WORDS
        and words[0].isalpha()
        and words[0].islower()
        and not any(
            character in IMAGE_NAME_PUNCTUATION or character.isdigit() for character in text
        )
    )
