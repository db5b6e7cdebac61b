"""The page header: which line is the headline, and which lines are its date and byline."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date

from rapidfuzz import fuzz

from archive.pipeline.cleaning.lines import (
    Header,
    Line,
    ends_sentence,
    is_headline_shaped,
    is_name_line,
    is_prose,
    word_count,
)
from archive.pipeline.cleaning.rules import (
    BRAND_WORDS,
    DATELINE_LOOKAHEAD,
    DOMAIN_ONLY,
    HANGING_WORDS,
    JOURNALIST_TITLE,
    LEDE_OVERLAP_TO_SWITCH,
    MENU_FURNITURE,
    PUBLISHED_IN_BODY,
    STEM_LETTERS,
    WORD,
)
from archive.pipeline.dates import (
    TIME_PATTERN,
    WEEKDAY_PATTERN,
    Dateline,
    find_dates,
    looks_like_place,
    parse_dateline,
)
from archive.pipeline.extraction.rules import Stage, rule
from archive.pipeline.types import BlockKind


def _with_wrapped_lines(lines: Sequence[Line], index: int, wrap_width: int | None = None) -> str:
    """The line at `index` with the lines a hard-wrapped paragraph continues it on: each starts
    in lower case right below it ("... has launched a flood warning" / "system. According").
    Judged line by line, a wrapped paragraph has no line of prose, and its first lines would
    compete with the headline. On a page wrapped across blank lines (`wrap_width`), a line as
    long as the wrapped ones that ends no sentence goes on in the next paragraph too."""
    parts = [lines[index].text]
    following = index + 1
    while following < len(lines) and not lines[following].junk:
        text = lines[following].text
        wrapped = not lines[following].blank_before and text[:1].islower()
        if not (wrapped or (wrap_width and _goes_on_after_blank(parts[-1], wrap_width))):
            break
        parts.append(text)
        following += 1
    return " ".join(parts)


#: Wrapped lines fill the width nearly to its end; a shorter line is a paragraph of its own.
_WRAP_FILL = 0.85
_WRAPPED_LINE_WORDS = 10
_BLANK_WRAPS_TO_TRUST = 2


@rule("clean-lines-wrapped-across-blank-lines", Stage.STEP)
def blank_wrap_width(lines: Sequence[Line]) -> int | None:
    """'... will be providing free' / (blank) / 'WiFi in targeted areas ...': some pages are
    hard-wrapped with a blank line after every line, so a paragraph's first line looks like a
    headline. A page shows it where lines that end no sentence go on, after a blank line, in
    lower case (twice or more); the width is the shortest such line."""
    widths = [
        len(line.text)
        for line, nxt in itertools.pairwise(lines)
        if not line.junk
        and not nxt.junk
        and nxt.blank_before
        and nxt.text[:1].islower()
        and not ends_sentence(line.text)
        and word_count(line.text) >= _WRAPPED_LINE_WORDS
    ]
    return min(widths) if len(widths) >= _BLANK_WRAPS_TO_TRUST else None


def _goes_on_after_blank(text: str, wrap_width: int) -> bool:
    return (
        not ends_sentence(text)
        and word_count(text) >= _WRAPPED_LINE_WORDS
        and len(text) >= _WRAP_FILL * wrap_width
    )


def _site_like(text: str, site_names: Sequence[str]) -> bool:
    folded = text.casefold()
    if DOMAIN_ONLY.match(text):
        return True
    for name in site_names:
        if name and (folded == name.casefold() or fuzz.ratio(folded, name.casefold()) >= 90):
            return True
    words = folded.split()
    return (
        len(words) <= 4
        and any(word in BRAND_WORDS for word in words)
        and not any(character.isdigit() for character in text)
        and all(word[:1].isupper() or not word[:1].isalpha() for word in text.split())
    )


def _matches_title(text: str, title: str) -> bool:
    first, second = text.casefold(), title.casefold()
    if first == second:
        return True
    return fuzz.token_set_ratio(first, second) >= 85 and abs(len(first) - len(second)) < 80


def find_header(
    lines: Sequence[Line],
    *,
    hint_title: str,
    site_names: Sequence[str],
    today: date | None,
) -> Header:
    content = [index for index, line in enumerate(lines) if not line.junk]
    wrap_width = blank_wrap_width(lines)
    first_prose = next(
        (index for index in content if is_prose(_with_wrapped_lines(lines, index, wrap_width))),
        len(lines),
    )
    header = Header()
    # Date lines sit in the header, or among the first lines after it (below a standfirst).
    window = [index for index in content if index < first_prose]
    window += [index for index in content if index >= first_prose][:DATELINE_LOOKAHEAD]
    parsed_window = {
        index: parsed
        for index in window
        if (parsed := parse_dateline(lines[index].text, today)) is not None
    }
    datelines = {
        index: parsed
        for index, parsed in parsed_window.items()
        # Past the first paragraph only an unmistakable date line counts: there, a bare date
        # or "Date: 12 June" is more likely an event's date than the page's.
        if index < first_prose
        or parsed.byline
        or PUBLISHED_IN_BODY.match(lines[index].text)
        or _date_under_the_standfirst(lines, content, first_prose, index, parsed)
    }
    header.furniture = set(datelines)
    header.headline_index = _choose_headline(
        lines,
        content,
        first_prose,
        datelines,
        hint_title=hint_title,
        site_names=site_names,
        today=today,
    )
    for index in teaser_headlines_above(lines, header.headline_index):
        lines[index].junk, lines[index].reason = BlockKind.TEASER, "teaser above the headline"
    header.datelines = _page_datelines(lines, header.headline_index, datelines, today)
    header.body_start = 0 if header.headline_index is None else header.headline_index + 1
    dated = sorted(index for index, parsed in datelines.items() if parsed.has_date)
    if header.headline_index is not None and dated and dated[0] > header.headline_index:
        between = [
            index for index in range(header.headline_index + 1, dated[0]) if not lines[index].junk
        ]
        if len(between) == 1 and is_name_line(lines[between[0]].text):
            header.name_line_byline = lines[between[0]].text
            header.furniture.add(between[0])
        for index in between:
            # "Written by the news team", "Jane Doe Technology editor" under the headline.
            text = lines[index].text
            if is_author_line(text):
                header.furniture.add(index)
                if not header.name_line_byline:
                    header.name_line_byline = _author_of(text)
    return header


#: A standfirst is a paragraph or two of at most this many words each.
STANDFIRST_MAX_WORDS = 60
#: What a line that is only a date may hold besides its date: a weekday, a time, punctuation.
_DATE_LINE_REST = re.compile(r"[\W_]*")


@rule("clean-date-under-the-standfirst", Stage.REJECT)
def _date_under_the_standfirst(
    lines: Sequence[Line], content: list[int], first_prose: int, index: int, parsed: Dateline
) -> bool:
    """'<headline> / <standfirst> / 18 July 2025': a line that is only a date (and a time),
    right under a standfirst that opens the page, dates the page, though the standfirst reads
    as prose. Not when another line further down is only a date too: a chronology's dates
    head its entries ('4 March 2024' / ... / '6 March 2024' / ...)."""
    if parsed.published is None or first_prose not in content:
        return False
    opening, position = content.index(first_prose), content.index(index)
    # Right under the standfirst; or two lines down when the page's first line is itself read
    # as prose (a headline ending in a full stop) and the standfirst follows it.
    if opening > 1 or position - opening != 1 + (opening == 0):
        return False
    if any(word_count(lines[i].text) > STANDFIRST_MAX_WORDS for i in content[opening:position]):
        return False
    if not _only_a_date(lines[index].text):
        return False
    return not any(_only_a_date(lines[i].text) for i in content[position + 1 :])


def _only_a_date(text: str) -> bool:
    rest = text
    for pattern in (TIME_PATTERN, WEEKDAY_PATTERN):
        rest = pattern.sub(" ", rest)
    for found in reversed(find_dates(rest)):
        rest = rest[: found.start] + " " + rest[found.end :]
    return bool(find_dates(text)) and bool(_DATE_LINE_REST.fullmatch(rest))


def _author_of(author_line: str) -> str:
    """'Written by SmartCitiesWorld news team' -> the desk; 'Jane Doe North of England
    correspondent' -> 'Jane Doe' (a name is two words often enough; the job is not kept)."""
    labelled = LABELLED_BYLINE_LINE.match(author_line)
    if labelled:
        return author_line[labelled.end() :].strip(" :")
    return " ".join(author_line.split()[:2])


def _choose_headline(
    lines: Sequence[Line],
    content: list[int],
    first_prose: int,
    datelines: dict[int, Dateline],
    *,
    hint_title: str,
    site_names: Sequence[str],
    today: date | None = None,
) -> int | None:
    if hint_title:
        searchable = [index for index in content if index <= first_prose][:15]
        return next(
            (index for index in searchable if _matches_title(lines[index].text, hint_title)), None
        )
    candidates = [
        index
        for index in content
        if index < first_prose
        and index not in datelines
        and is_headline_shaped(lines[index].text)
        and not _site_like(lines[index].text, site_names)
        and not is_author_line(lines[index].text)
    ]
    dated = [index for index, parsed in datelines.items() if parsed.has_date or parsed.byline]
    # A today's-date widget in the site header is no anchor for the headline: the page's own
    # date line is. Only when every date looks like a widget does the first one serve.
    anchors = [
        index for index in dated if not _looks_like_widget(lines, index, datelines[index], today)
    ]
    anchor = min(anchors or dated) if dated else None
    # What sits above the site's menu is the site's header (name, tagline, banner), never the
    # headline: a headline and its date line are not separated by a menu.
    end = anchor if anchor is not None else first_prose
    menus = [index for index in range(min(end, len(lines))) if lines[index].menu]
    if menus:
        candidates = [index for index in candidates if index > max(menus) or index > end]
    if anchor is None:
        candidates = below_site_furniture(candidates, lines, first_prose)
    strong = [index for index in candidates if word_count(lines[index].text) >= 3]
    if anchor is not None and not any(index < anchor for index in strong):
        stopped = headline_ending_in_a_full_stop(lines, content, anchor, first_prose)
        if stopped:
            return stopped[0]
    if not strong:
        return None
    chosen = strong[0]
    if anchor is not None:
        before = [index for index in strong if index < anchor]
        if before:
            chosen = _headline_above_date_line(lines, before)
    return _the_lede_s_headline(lines, strong, chosen, first_prose)


#: Furniture of a site's header: what stands between it and the story's own header.
HEADER_FURNITURE = frozenset(
    {
        BlockKind.NAVIGATION,
        BlockKind.PROMPT,
        BlockKind.NEWSLETTER,
        BlockKind.COOKIE_NOTICE,
        BlockKind.ADVERTISEMENT,
    }
)


@rule("clean-headline-below-site-furniture", Stage.FILTER)
def below_site_furniture(
    candidates: list[int], lines: Sequence[Line], first_prose: int
) -> list[int]:
    """On a page without a date line, the headline candidates below the last piece of site
    furniture (a menu, a login, subscribe or feed prompt) above the story: what stands above
    that furniture is the site's header (its name, department, motto, phone and address),
    never the headline. Kept only when a candidate of three words or more is left there, and
    when most of the page's text stands below that furniture."""
    barriers = [
        index
        for index in range(min(first_prose, len(lines)))
        if lines[index].junk in HEADER_FURNITURE
    ]
    if not barriers:
        return candidates
    last = max(barriers)
    # Furniture below most of the page's text (a share bar, "most read" links) closes the
    # story instead of opening it: what stands above it is the story, not the site's header.
    words = [0 if line.junk else word_count(line.text) for line in lines]
    if 2 * sum(words[last + 1 :]) < sum(words):
        return candidates
    below = [index for index in candidates if index > last]
    if any(word_count(lines[index].text) >= 3 for index in below):
        return below
    return candidates


def _the_lede_s_headline(
    lines: Sequence[Line], candidates: list[int], chosen: int, first_prose: int
) -> int:
    """Where the page opens with other stories' headlines (a teaser carousel), the one the
    rules of position chose may be a teaser: a headline shares words with its story's opening
    paragraph, a teaser with another story. Switch only when the chosen line shares none and
    another candidate shares several."""
    if first_prose >= len(lines):
        return chosen
    lede = _stems(" ".join(line.text for line in lines[first_prose : first_prose + 2]))
    overlap = {index: len(_stems(lines[index].text) & lede) for index in candidates}
    if overlap[chosen] > 0 or repeated_below(lines, chosen, first_prose):
        return chosen
    best = max(candidates, key=lambda index: (overlap[index], index))
    return best if overlap[best] >= LEDE_OVERLAP_TO_SWITCH else chosen


@rule("clean-headline-repeated-below-it", Stage.REJECT)
def repeated_below(lines: Sequence[Line], index: int, first_prose: int) -> bool:
    """'Eyes Everywhere!' over a standfirst that shares the lede's words: a page that repeats
    the chosen line in its header, below it and above the story's first paragraph (over the
    image, in a "read" link), confirms it as its headline, however few words it shares with
    the opening paragraph. A repeat further down (a "most read" list) says nothing."""
    text = lines[index].text.strip()
    return any(line.text.strip() == text for line in lines[index + 1 : first_prose])


def _stems(text: str) -> set[str]:
    """Content words cut to their first letters: 'opens' and 'opened' meet as 'open'."""
    return {
        word.casefold()[:STEM_LETTERS]
        for word in WORD.findall(text)
        if len(word) >= STEM_LETTERS and word.casefold() not in HANGING_WORDS
    }


@rule("clean-teaser-carousel-above-headline", Stage.FINDER)
def teaser_headlines_above(lines: Sequence[Line], headline_index: int | None) -> list[int]:
    """Other stories' headlines above the headline: two or more headline-shaped lines of four
    words or more there make a teaser carousel (one alone is the site's tagline)."""
    if headline_index is None:
        return []
    # Above the site's menu or prompts stands the site's header, not other stories.
    barriers = [
        index
        for index in range(headline_index)
        if lines[index].menu or lines[index].junk in HEADER_FURNITURE
    ]
    start = max(barriers) + 1 if barriers else 0
    teasers = [
        index
        for index in range(start, headline_index)
        if not lines[index].junk
        and word_count(lines[index].text) >= 4
        and is_headline_shaped(lines[index].text)
    ]
    return teasers if len(teasers) >= 2 else []


#: "Written by SmartCitiesWorld news team", "Posted by admin": a byline, whoever it names.
LABELLED_BYLINE_LINE = re.compile(
    r"^(?:written|words|posted|reported|story|text|report|article|interview(?:ed)?)\s+by\b",
    re.IGNORECASE,
)


def is_author_line(text: str) -> bool:
    """A byline standing alone, which is never the headline: "Written by the news team", or a
    name followed by the author's job ("Jane Doe Technology editor")."""
    if LABELLED_BYLINE_LINE.match(text):
        return True
    words = text.split()
    if not 3 <= len(words) <= 9 or ends_sentence(text) or not JOURNALIST_TITLE.search(text):
        return False
    # The line must open with a person's name: two or three capitalised words.
    return all(word[:1].isupper() and word.isalpha() for word in words[:2])


def _is_name_label(text: str) -> bool:
    """'Ministry of Housing & Urban Affairs': every word capitalised (or a particle) and no verb
    or lowercase word a headline would have: a publisher's or section's name, not a headline."""
    words = text.replace("&", " and ").split()
    small_words = {"of", "and", "for", "the"}
    return all(word[:1].isupper() or word.casefold() in small_words for word in words)


#: A standfirst under a headline: at least this many words, and two more than the headline.
STANDFIRST_MIN_WORDS = 8


_SENTENCE_INSIDE = re.compile(r"[.!?]\s+\S")


@rule("clean-headline-ending-in-a-full-stop", Stage.FINDER)
def headline_ending_in_a_full_stop(
    lines: Sequence[Line], content: list[int], anchor: int, first_prose: int
) -> list[int]:
    """Some sites end their headlines with a full stop, which makes them look like a sentence
    of the story. Where no headline-shaped line stands above the page's date line, the content
    line right above it (only blank lines between, no menu) is the headline when it is one
    sentence of headline length ending in a single full stop: the story starts below the
    date line, not above it."""
    above = [index for index in content if index < anchor]
    if not above:
        return []
    index = above[-1]
    if _is_standfirst_below(lines, above):
        # "<headline.> / <standfirst> / <date>": the headline stands above its standfirst, and
        # it may be the page's first line read as prose.
        index = above[-2]
        if index > first_prose:
            return []
    elif index >= first_prose:
        return []
    text = lines[index].text.strip()
    if any(lines[i].menu for i in range(index, anchor)):
        return []
    if not text.endswith(".") or text.endswith(".."):
        return []
    bare = text[:-1]
    if _SENTENCE_INSIDE.search(bare) or is_author_line(bare) or word_count(bare) < 3:
        return []
    return [index] if is_headline_shaped(bare) else []


def _is_standfirst_below(lines: Sequence[Line], above: list[int]) -> bool:
    """Whether the last of the content lines `above` the date line is a standfirst under a
    shorter line: one or two sentences of prose, at most STANDFIRST_MAX_WORDS."""
    if len(above) < 2:
        return False
    standfirst, over = lines[above[-1]].text, lines[above[-2]].text
    words = word_count(standfirst)
    return is_prose(standfirst) and word_count(over) < words <= STANDFIRST_MAX_WORDS


def _headline_above_date_line(lines: Sequence[Line], before: list[int]) -> int:
    """The headline sits right above its date line, unless what sits there is the author's
    name, or a long standfirst under a shorter headline, or sub-headlines (shorter, each
    under a longer line) stacked under the headline."""
    position = len(before) - 1
    if position >= 1 and is_name_line(lines[before[position]].text):
        position -= 1
    below_headline = position
    stack_top = position
    # Sub-headlines hang right under the headline; a blank line above a line ends the stack
    # (what is above it is a site name and tagline, or a standfirst-less header).
    while (
        stack_top >= 1
        and before[stack_top - 1] + 1 == before[stack_top]
        and not lines[before[stack_top]].blank_before
    ):
        stack_top -= 1
    if position - stack_top >= 2:
        # Three or more lines stacked on the date line: headline, then its sub-headlines. The
        # headline is the top one, below any publisher's name.
        while stack_top < position and _is_name_label(lines[before[stack_top]].text):
            stack_top += 1
        return before[stack_top]
    while position >= 1:
        current, previous = before[position], before[position - 1]
        previous_text = lines[previous].text
        if (
            previous + 1 == current
            and word_count(previous_text) > word_count(lines[current].text)
            and not _is_name_label(previous_text)
        ):
            position -= 1
            continue
        break
    if position == below_headline and position >= 1:
        current, previous = before[position], before[position - 1]
        # Headline and standfirst sit directly on top of each other; anything in between
        # (a menu, say) means the upper line belongs to the site header, like a tagline.
        directly_above = previous + 1 == current
        current_words, previous_words = (
            word_count(lines[current].text),
            word_count(lines[previous].text),
        )
        if (
            directly_above
            and previous_words >= 4
            and current_words >= max(STANDFIRST_MIN_WORDS, previous_words + 2)
            and not _is_name_label(lines[previous].text)
            and not _is_tagline(lines, previous)
        ):
            position -= 1
    return before[position]


def _is_tagline(lines: Sequence[Line], index: int) -> bool:
    """'THE CIVIC STACK' / 'A weekly letter on cities...': a line glued under a short site
    name (no blank line between) is the site's tagline, not a headline over its standfirst."""
    if index == 0 or lines[index].blank_before:
        return False
    above = lines[index - 1]
    return (
        not above.junk
        and word_count(above.text) <= 4
        and (above.text.isupper() or _is_name_label(above.text))
    )


def _page_datelines(
    lines: Sequence[Line],
    headline_index: int | None,
    datelines: dict[int, Dateline],
    today: date | None,
) -> list[Dateline]:
    """The page's own date/byline lines: after the headline, or right before it if no widget."""
    ordered = sorted(datelines.items())
    if headline_index is None:
        return [
            parsed
            for index, parsed in ordered
            if not _looks_like_widget(lines, index, parsed, today)
        ]
    after = [parsed for index, parsed in ordered if index > headline_index]
    before: list[Dateline] = []
    # Walk up from the headline over date lines only: anything else breaks adjacency.
    for index in range(headline_index - 1, -1, -1):
        if index in datelines:
            if _looks_like_widget(lines, index, datelines[index], today):
                break
            before.insert(0, datelines[index])
        elif not lines[index].junk and looks_like_place(lines[index].text):
            continue  # "28 April 2022 / Brussels / headline": a press release's place line
        elif not lines[index].junk or lines[index].junk != BlockKind.SHARE_BAR:
            break
    return after + before


def _looks_like_widget(
    lines: Sequence[Line], index: int, parsed: Dateline, today: date | None
) -> bool:
    """A today's-date widget in the site header: a bare date among navigation lines.

    Publication labels and bylines are never part of such widgets. A weekday prefix ("Sunday,
    22 November 2026"), today's date, or navigation right above the date all point to one.
    """
    if parsed.has_publication_label or parsed.byline:
        return False
    if parsed.has_weekday:
        return True
    if parsed.published is not None and parsed.published == (today or date.today()):
        return True
    above = [line for line in lines[max(0, index - 2) : index]]
    return any(
        line.junk in MENU_FURNITURE or line.junk in (BlockKind.SHARE_BAR, BlockKind.SITE_HEADER)
        for line in above
    )
