# ruff: noqa: RUF001 - typographic quotes, dashes and arrows are the data this module reads.
"""Lines of a page and what each one is: content, or a kind of site furniture."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from archive.pipeline.cleaning.furniture import (
    PRESS_CONTACT_HEADING,
    is_photo_credit,
    is_widget_line,
)
from archive.pipeline.cleaning.rules import (
    ABBREVIATIONS,
    AD_PATTERN,
    AUTHOR_BOX_HEADING,
    BANNER_LABEL,
    BANNER_LINES,
    BARE_LIST_MARKER,
    BREADCRUMB,
    CAPTION_ENDING_IN_CREDIT,
    CAPTION_ENDING_IN_CREDIT_SENTENCE,
    CAPTION_WITH_CREDIT,
    CASHTAG_LINE,
    CHEVRON_LINK,
    COMMENTS_PATTERN,
    CONTACT_PATTERN,
    COOKIE_CONTEXT,
    COPYRIGHT_PATTERN,
    END_MARKER,
    FOLLOW_PATTERN,
    IMAGE_MARKUP,
    INLINE_TEASER,
    INVISIBLE,
    JOURNALIST_TITLE,
    LEADING_DATE_LABEL,
    LEADING_DATE_LINES,
    LINK_LABEL,
    LINK_PROMPT,
    LINK_PROMPT_TO_ADDRESS,
    LIST_ITEM,
    LOGIN_PATTERN,
    MARKDOWN_HEADING,
    MAX_HEADLINE_CHARS,
    MAX_HEADLINE_WORDS,
    MENU_FURNITURE,
    NAME_PARTICLES,
    NAVIGATION_WORDS,
    NEWSLETTER_GREETING,
    NEWSLETTER_PATTERNS,
    PHOTO_PATTERN,
    PROSE_ALWAYS_WORDS,
    PROSE_MIN_WORDS,
    PROVIDED_BY_PATTERN,
    READING_PATTERN,
    REVIEW_PROSE_BLOCK_WORDS,
    SECTION_TRAIL,
    SENTENCE_END,
    SHARE_PATTERN,
    SITE_PROMPT,
    SOCIAL_WORDS,
    SOURCE_CITATION,
    SPACES,
    TAGS_PATTERN,
    TEASER_MARKER,
    TICKER_SEPARATOR,
    URL_OR_EMAIL,
    WIRE_CREDIT,
)
from archive.pipeline.dates import (
    SECTION_WORDS,
    TIME_PATTERN,
    Dateline,
    find_dates,
    looks_like_byline,
    looks_like_place,
    parse_dateline,
)
from archive.pipeline.extraction.rules import Stage, rule
from archive.pipeline.extraction.vocabulary import COMPANY_SUFFIXES
from archive.pipeline.types import BlockKind


@dataclass
class Line:
    text: str
    blank_before: bool  # a blank line (or a removed line) separates it from the previous line
    junk: str = ""  # "" = content; else the BlockKind of site furniture it is
    reason: str = ""  # why it is junk, for the removal record
    index: int = -1  # position in the page's list of lines (stays with copies)
    # Parts of the raw line set apart by runs of spaces or tabs (a scraped horizontal menu).
    spaced_items: tuple[str, ...] = ()
    menu: bool = False  # a site menu (not a rubric): what is above it is the site's header

    @property
    def words(self) -> int:
        return len(self.text.split())


#: The `junk` of a placeholder line where a teaser block was cut out: a paragraph boundary.
BOUNDARY = "boundary"


@dataclass
class Paragraph:
    text: str
    sources: list[int]  # `Line.index` of the lines it was assembled from


@dataclass
class Header:
    headline_index: int | None = None
    # The page's own date/byline lines (e.g. "By Jane Doe" then "May 25, 2021"), in order.
    datelines: list[Dateline] = field(default_factory=list)
    furniture: set[int] = field(default_factory=set)  # date/byline lines to drop from the body
    body_start: int = 0
    name_line_byline: str = ""  # "Jane Doe" alone on the line above the date line

    @property
    def published(self) -> date | None:
        return next((line.published for line in self.datelines if line.published), None)

    @property
    def ambiguous_numeric(self) -> tuple[int, int, int] | None:
        return next(
            (line.ambiguous_numeric for line in self.datelines if line.ambiguous_numeric), None
        )

    @property
    def byline(self) -> str:
        labelled = [line.byline for line in self.datelines if line.has_byline_label and line.byline]
        plain = [line.byline for line in self.datelines if line.byline]
        return (labelled or plain or [self.name_line_byline])[0]


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, whitespace-normalised, remembering where blank lines were."""
    lines: list[Line] = []
    blank_before = False
    for raw in text.split("\n"):
        visible = raw.translate(INVISIBLE).strip()
        normalised = SPACES.sub(" ", visible)
        normalised = spaced_glued_sentences(MARKDOWN_HEADING.sub("", normalised))
        if not normalised:
            blank_before = True
            continue
        if lines and BARE_LIST_MARKER.match(lines[-1].text):
            # "3." alone, its item text on the next line: a scraping artefact, rejoin them.
            lines[-1].text = f"{lines[-1].text} {normalised}"
        else:
            items = ()
            if "  " in visible or "\t" in visible:
                parts = re.split(r"\s{2,}|\t", visible)
                items = tuple(part for part in parts if part) if len(parts) >= 3 else ()
            lines.append(Line(normalised, blank_before or not lines, spaced_items=items))
        blank_before = False
    return lines


#: "... by 2050.Ursula", "(2021-2027).Our", "Doe,President of": a sentence end or comma with
#: the space after it lost, before a capitalised word.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z0-9)\]\"”’'])([.,;!?])(?=[A-Z][a-z])")
_GLUED_MIN_WORDS = 8  # a line of prose; menus and file names keep their dots


@rule("clean-spaces-after-glued-sentences", Stage.REPAIR)
def spaced_glued_sentences(text: str) -> str:
    """Some scrapers drop the space or line break between two sentences ("companies.The
    restrictions"): the glued words read as one unknown name ("Leyen,President"). A space goes
    back after the stop or comma, on lines of prose only, never inside an address or e-mail.
    A line in another script is left alone: there a Latin "X.Yz" is a name ("Data.Hub" in a
    Russian sentence), not two English sentences."""
    if len(text.split()) < _GLUED_MIN_WORDS or _mostly_non_latin(text):
        return text
    return " ".join(
        token if "/" in token or "@" in token else _GLUED_SENTENCE.sub(r"\1 ", token)
        for token in text.split(" ")
    )


def _mostly_non_latin(text: str) -> bool:
    letters = [character for character in text if character.isalpha()]
    latin = sum(1 for character in letters if character.isascii())
    return latin * 2 < len(letters)


def split_glued_datelines(lines: list[Line]) -> list[Line]:
    """Give a labelled date at the start of one of the first lines a line of its own."""
    result: list[Line] = []
    for position, line in enumerate(lines):
        label = LEADING_DATE_LABEL.match(line.text) if position < LEADING_DATE_LINES else None
        dates = find_dates(line.text[label.end() :]) if label else []
        if label and dates and dates[0].start == 0:
            cut = label.end() + dates[0].end
            rest = line.text[cut:].strip(" |,;-–—")
            if word_count(rest) >= 6:
                result.append(Line(line.text[:cut], line.blank_before))
                result.append(Line(rest, blank_before=True))
                continue
        result.append(line)
    return result


def word_count(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text))


def is_list_item(text: str) -> bool:
    return bool(LIST_ITEM.match(text))


def without_list_marker(text: str) -> str:
    """'- How one port city cut its bill' -> 'How one port city cut its bill'."""
    match = LIST_ITEM.match(text)
    return text[match.end() - 1 :] if match else text


def is_prose(text: str) -> bool:
    """A line of running text: a real sentence, not a label, headline or menu item."""
    words = word_count(text)
    if is_list_item(text):
        return False
    if words >= PROSE_ALWAYS_WORDS:
        return True
    if words < PROSE_MIN_WORDS or not ends_sentence(text):
        return False
    # A title-case question or exclamation is a headline; a sentence ending in a full stop is
    # prose however many names it lists, and so is a line in capitals.
    asks = text.rstrip(" \"'”’»)").endswith(("?", "!"))
    return not (asks and not text.isupper() and is_title_cased(text))


#: A headline in title case capitalises nearly every longer word; a sentence does not, however
#: many names it holds.
_TITLE_CASE_SHARE = 0.85
_TITLE_CASE_MIN_WORDS = 5
_LONGER_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


@rule("clean-title-case-is-no-prose", Stage.REJECT)
def is_title_cased(text: str) -> bool:
    """'Can Harbour Repair Crews Keep Pace With the New Lamps?': a question or an exclamation
    written in title case is a headline, not a sentence of the story, however long it is."""
    longer = _LONGER_WORD.findall(text)
    if len(longer) < _TITLE_CASE_MIN_WORDS:
        return False
    return sum(word[0].isupper() for word in longer) >= _TITLE_CASE_SHARE * len(longer)


def is_headline_shaped(text: str) -> bool:
    """Short, no full stop at the end, starts like a title, not a list item or a URL."""
    words = word_count(text)
    if not 2 <= words <= MAX_HEADLINE_WORDS or len(text) > MAX_HEADLINE_CHARS:
        return False
    if text.endswith((".", ",", ";", ":", "…")):
        return False
    if is_list_item(text) or URL_OR_EMAIL.match(text):
        return False
    if SECTION_TRAIL.match(text) or NEWSLETTER_GREETING.match(text):
        return False
    first_word = text.split()[0]
    # "86 speakers..." and "eBay opens..." are fine; "and the city said" is a continuation.
    if first_word[0].islower() and not any(character.isupper() for character in first_word):
        return False
    letters = sum(1 for character in text if character.isalpha())
    return letters >= len(text) * 0.4  # "Tech in Moscow #17 (7 - 13 December 2020)" is fine


#: What a line is: (kind, reason), or ("", "") for a line that may be article content.
Verdict = tuple[str, str]
CONTENT: Verdict = ("", "")


def classify_junk(text: str) -> Verdict:
    """The kind of site furniture a line is and the rule that says so, or CONTENT."""
    folded = text.casefold()
    bare = folded.strip(" \t|•·»«›‹>←→<:-–—*")
    words = word_count(text)
    if END_MARKER.match(bare) or END_MARKER.match(folded):
        return BlockKind.FOOTER, "end mark of a release"
    if not any(character.isalnum() for character in text):
        return BlockKind.SEPARATOR, "no letters or digits"
    if IMAGE_MARKUP.match(text.strip()):
        return BlockKind.CAPTION, "image markup"
    if _is_news_ticker(text):
        return BlockKind.TEASER, "news ticker: other stories' headlines with their times"
    if words <= 12 and TEASER_MARKER.match(bare):
        # Before menu words: "Read more" over a list of teasers ends the story.
        return BlockKind.TEASER, "heading of a teaser block"
    if words <= 20 and is_widget_line(text):
        return BlockKind.WIDGET, "typography or accessibility controls"
    if bare in NAVIGATION_WORDS:
        return BlockKind.NAVIGATION, "menu word"
    if words <= 12 and (_is_menu_line(folded) or _is_rubric_line(text)):
        return BlockKind.NAVIGATION, "menu or section labels on one line"
    if words <= 40 and (_is_long_menu(text) or _is_word_menu(text)):
        return BlockKind.NAVIGATION, "menu on one line"
    if words <= 25 and SITE_PROMPT.match(bare):
        return BlockKind.PROMPT, "prompt of the site"
    if words <= 25 and (BREADCRUMB.match(bare) or SECTION_TRAIL.match(text.strip())):
        return BlockKind.NAVIGATION, "breadcrumb trail"
    if words <= 12 and COMMENTS_PATTERN.match(bare):
        return BlockKind.COMMENTS, "comments section"
    if words <= 30 and PHOTO_PATTERN.match(bare):
        return BlockKind.CREDIT, "photo credit"
    if words <= 40 and COPYRIGHT_PATTERN.search(folded):
        if is_photo_credit(text):
            return BlockKind.CREDIT, "photo credit"
        return BlockKind.FOOTER, "copyright line"
    if words <= 12 and (SHARE_PATTERN.match(bare) or _is_social_line(bare)):
        return BlockKind.SHARE_BAR, "share buttons"
    if words <= 20 and _is_share_sequence(bare):
        return BlockKind.SHARE_BAR, "share buttons"
    if words <= 15 and LOGIN_PATTERN.match(bare):
        return BlockKind.NAVIGATION, "login controls"
    if words <= 15 and AD_PATTERN.match(bare):
        return BlockKind.ADVERTISEMENT, "advertisement label"
    if words <= 10 and READING_PATTERN.match(bare):
        return BlockKind.WIDGET, "reading-time, audio or print control"
    if words <= 14 and _is_reading_furniture(bare):
        return BlockKind.WIDGET, "reading-time, audio or print control"  # "4 min read"
    if words <= 25 and (CONTACT_PATTERN.match(bare) or PRESS_CONTACT_HEADING.match(bare)):
        return BlockKind.PRESS_CONTACT, "press contact heading"
    if words <= 5 and PROVIDED_BY_PATTERN.match(bare):
        return BlockKind.CREDIT, "wire service credit"
    if words <= 15 and FOLLOW_PATTERN.match(bare):
        return BlockKind.SHARE_BAR, "call to follow the site"
    if words <= 30 and WIRE_CREDIT.match(bare):
        return BlockKind.CREDIT, "reporting and editing credit"
    if words <= 6 and CASHTAG_LINE.match(text):
        return BlockKind.CREDIT, "stock ticker"
    if words <= 12 and text.startswith("SOURCE "):
        return BlockKind.CREDIT, "wire service credit"  # PR Newswire's closing "SOURCE X"
    if words <= 40 and any(re.search(pattern, bare) for pattern in NEWSLETTER_PATTERNS):
        return BlockKind.NEWSLETTER, "newsletter sign-up"
    if words <= 80 and re.search(r"\bcookies?\b", folded) and COOKIE_CONTEXT.search(folded):
        return BlockKind.COOKIE_NOTICE, "cookie notice"
    # The folded line keeps its colon: "Tagged as:" with its tags lost by the scraper.
    if words <= 40 and (TAGS_PATTERN.match(bare) or TAGS_PATTERN.match(folded.strip())):
        return BlockKind.TAGS, "tags"
    if words <= 30 and CAPTION_WITH_CREDIT.search(bare):
        return BlockKind.CAPTION, "caption with its credit"
    if 6 <= words <= 40 and (
        CAPTION_ENDING_IN_CREDIT.search(text) or CAPTION_ENDING_IN_CREDIT_SENTENCE.search(text)
    ):
        return BlockKind.CAPTION, "caption with its credit"
    if words <= 25 and INLINE_TEASER.match(bare):
        return BlockKind.RELATED_LINKS, "link to a related story"
    if words <= 20 and LINK_PROMPT.match(bare):
        return BlockKind.PROMPT, "prompt to follow a link"
    if words <= 30 and LINK_PROMPT_TO_ADDRESS.match(text.strip()):
        return BlockKind.PROMPT, "prompt to follow a link"
    if words <= 8 and LINK_LABEL.match(bare):
        return BlockKind.RELATED_LINKS, "label of a link"
    if words <= 20 and CHEVRON_LINK.match(text.strip()):
        return BlockKind.RELATED_LINKS, "link with a chevron"
    if words <= 40 and _is_source_citation(text.strip()):
        return BlockKind.RELATED_LINKS, "citation of the story's source"
    return CONTENT


#: A news ticker scraped onto one line: "3 May 2026, 09:00: <headline> 3 May 2026, 08:30: ...".
TICKER_MIN_STAMPS = 3
_STAMP_GAP = re.compile(r"[,\s]*")
_STAMP_END = re.compile(r"\s*:\s")


@rule("clean-news-tickers", Stage.REJECT)
def _is_news_ticker(text: str) -> bool:
    """Three or more stamps of a date, a time and a colon on one line, each opening another
    story's headline ("3 May 2026, 09:00: ..."): a ticker of the site's latest news, not the
    story, which gives its times in sentences ("on 3 May 2026, 09:00, a second ...")."""
    if text.count(":") < 2 * TICKER_MIN_STAMPS:
        return False
    stamps = 0
    for found in find_dates(text):
        gap = _STAMP_GAP.match(text, found.end)
        time = TIME_PATTERN.match(text, gap.end())
        if time and _STAMP_END.match(text, time.end()):
            stamps += 1
    return stamps >= TICKER_MIN_STAMPS


def _is_source_citation(text: str) -> bool:
    """'<Headline> (<Outlet>, <date>)': another story's headline with its outlet and date, the
    link to the story a page was taken from. A headline does not end in a full stop."""
    match = SOURCE_CITATION.match(text)
    return bool(match) and is_headline_shaped(match["headline"].strip())


def _is_reading_furniture(bare: str) -> bool:
    parts = [part for part in re.split(r"\s*[|•·]\s*", bare) if part]
    return len(parts) >= 2 and all(READING_PATTERN.match(part) for part in parts)


def _is_menu_line(folded: str) -> bool:
    """'Home | News | Events | Contact': a menu written on one line."""
    parts = [part.strip() for part in re.split(r"\s*[|•·/]\s*", folded) if part.strip()]
    if len(parts) < 2:
        return False
    navigation = sum(1 for part in parts if part in NAVIGATION_WORDS or part in SOCIAL_WORDS)
    return navigation * 2 > len(parts) and all(word_count(part) <= 4 for part in parts)


def _is_long_menu(text: str) -> bool:
    """'Noticias | Movilidad | Gobierno digital | Eventos | Opinión': four or more short parts
    without digits or sentence punctuation. A story is filed under two or three sections at
    most, so this many is a menu, whatever the case of its words."""
    parts = [part.strip() for part in re.split(r"\s+[|•·]\s+|\s*\|\s*", text) if part.strip()]
    return len(parts) >= 4 and all(_is_menu_item(part) for part in parts)


def _is_menu_item(part: str) -> bool:
    return (
        1 <= len(part.split()) <= 4
        and len(part) <= 40
        and not re.search(r"\d", part)
        and not re.search(r"[.!?:;]$", part)
        and not re.match(r"(?i)by\b", part)  # "By Jane Doe | ...": a byline, not a menu
        and (part[:1].isupper() or not part[:1].isalpha())
    )


MENU_SMALL_WORDS = frozenset({"&", "and", "of", "us", "we", "the", "our", "in"})


def _is_word_menu(text: str) -> bool:
    """'Home About Maps Archive Contact': a menu whose items lost their separators. Every word
    is capitalised, there is no punctuation, and most words are usual menu words."""
    words = text.split()
    if not 4 <= len(words) <= 14 or re.search(r"[\d.,;:!?\"“”]", text):
        return False
    if not all(word[:1].isupper() or word in MENU_SMALL_WORDS for word in words):
        return False
    folded = [word.casefold() for word in words if word not in MENU_SMALL_WORDS]
    menu_words = sum(1 for word in folded if word in NAVIGATION_WORDS)
    return menu_words >= 3 and menu_words * 3 >= len(folded) * 2


def _is_spaced_menu(items: Sequence[str]) -> bool:
    """'About the Ministry   Activity   Press center   Contacts': items set apart by runs of
    spaces, as a scraper leaves a horizontal menu."""
    return len(items) >= 3 and all(_is_menu_item(item) for item in items)


def _is_rubric_line(text: str) -> bool:
    """'Mobility | Environment', 'Smart Cities • Data': the section labels a story is filed
    under, written between headline and byline. Each part is one to three capitalised words
    without digits; a headline with its site name ("Oslo opens ... | Cities Today") has a long
    part and is left alone."""
    parts = [part.strip() for part in re.split(r"\s+[|•·]\s+", text) if part.strip()]
    if len(parts) < 2:
        return False
    return all(
        1 <= len(part.split()) <= 3
        and not re.search(r"\d", part)
        and all(word[:1].isupper() or word in {"&", "and", "of"} for word in part.split())
        for part in parts
    )


SHARE_LEAD = re.compile(
    r"^(?:(?:print version|print)\s*\|?\s*)?(?:share (?:the|this) (?:article|story|post|page|"
    r"interview)|share this(?: \w+)?|share on|share via|share)\s*:?\s*",
    re.I,
)


#: Where one button's label ends and the next begins in a row of buttons flattened to one line
#: ("Share on Facebook Share on X Email this link", "Email the author | Follow on X").
_BUTTON_BREAK = re.compile(r"\s*[|•·]\s*|\s+(?=(?:share|email|e-mail|tweet|print|follow)\b)")


def _is_share_sequence(bare: str) -> bool:
    """A row of two or more share or contact buttons, each of them a share label."""
    parts = [part for part in _BUTTON_BREAK.split(bare) if part]
    return len(parts) >= 2 and all(SHARE_PATTERN.match(part) for part in parts)


def _is_social_line(bare: str) -> bool:
    """'Facebook | X | Email', and 'Share: Telegram Facebook X' or 'SHARE in f X ✉': a share
    label followed by network names, one-letter icons and symbols only."""
    lead = SHARE_LEAD.match(bare)
    rest = bare[lead.end() :] if lead else bare
    tokens = [token for token in re.split(r"[\s|,·•/:]+", rest) if token]
    if lead and not tokens:
        return True
    return bool(tokens) and all(
        token in SOCIAL_WORDS
        or (lead is not None and (len(token) <= 2 or not any(ch.isalnum() for ch in token)))
        for token in tokens
    )


def mark_junk(lines: Sequence[Line], site_names: Sequence[str] = ()) -> None:
    """Set `junk` on every line that is site furniture, including whole navigation menus."""
    folded_sites = {name.casefold() for name in site_names if name}
    for position, line in enumerate(lines):
        line.junk, line.reason = classify_junk(line.text)
        if not line.junk and line.text.casefold() in folded_sites:
            line.junk, line.reason = BlockKind.SITE_HEADER, "the site's name"
        if line.junk == BlockKind.NAVIGATION and _is_site_menu(line):
            line.menu = True
        elif (
            not line.junk
            and line.spaced_items
            and _is_spaced_menu(line.spaced_items)
            and parse_dateline(line.text) is None
        ):
            line.junk, line.reason, line.menu = (
                BlockKind.NAVIGATION,
                "menu set apart by spaces",
                True,
            )
        if not line.junk and position < BANNER_LINES and is_banner(line.text):
            line.junk, line.reason = BlockKind.SITE_HEADER, "banner or ticker"
    _mark_navigation_runs(lines)
    mark_contact_details(lines)
    _mark_author_boxes(lines)


def _is_site_menu(line: Line) -> bool:
    """A navigation line that is the site's menu, not a story's section labels (a rubric of
    two or three sections sits between headline and date line; a menu sits above both)."""
    text = line.text
    if _is_rubric_line(text) and not _is_long_menu(text):
        return False
    bare = text.casefold().strip(" \t|•·»«›‹>←→<:-–—*")
    if _is_social_line(bare) or BREADCRUMB.match(bare):
        return False
    return _is_long_menu(text) or _is_word_menu(text) or _is_menu_line(text.casefold())


def is_banner(text: str) -> bool:
    """A status banner or news ticker: 'LOAD-SHEDDING UPDATE: Stage 2 ... today.', 'Ukraine
    war latest: ... • ...', or several headlines on one line. A headline that opens with
    'Update:' is neither shouted, nor a sentence, nor a list of items."""
    parts = [part for part in TICKER_SEPARATOR.split(text) if part.strip()]
    # A ticker's items are headlines, a long one a short paragraph: a part as long as a
    # paragraph whose loss asks for a review makes the line prose that a table's "|" runs
    # through.
    several_headlines = len(parts) >= 2 and all(
        4 <= word_count(part) < REVIEW_PROSE_BLOCK_WORDS for part in parts
    )
    label = BANNER_LABEL.match(text)
    if label:
        # A bare shouted tag ("UPDATE: Council ...") before a headline-shaped rest tags a
        # headline; a banner names its topic ("LOAD-SHEDDING UPDATE:") or reads as a sentence.
        shouted = label.group(0).rstrip(" :").isupper() and label.group("label") is not None
        return shouted or several_headlines or ends_sentence(text)
    return several_headlines and sum(1 for part in parts if ":" in part) >= 1


#: A phone number or an e-mail address somewhere in a line.
CONTACT_DETAIL_INSIDE = re.compile(r"\+?\d[\d() .\-/]{6,}\d|[\w.+-]+@[\w-]+\.[\w.]+")

#: A line of contact details: a phone number, an e-mail address or a web address.
CONTACT_DETAIL = re.compile(
    r"^(?:(?:phone|tel|telephone|mobile|fax|e-?mail|web|website)\s*[.:]?\s*)?"
    r"(?:\+?[\d() .\-/]{7,}|\S+@\S+\.\w+|(?:https?://|www\.)\S+)$",
    re.I,
)


def mark_contact_details(lines: Sequence[Line]) -> None:
    """Under a press-contact heading, the contact's name, phone and e-mail lines are furniture
    too; a page's own "By" line or a sentence ends the block. The wire service's credit under
    "News provided by" is the next line."""
    for index, line in enumerate(lines):
        credit = PROVIDED_BY_PATTERN.match(line.text.casefold().strip(" :"))
        if credit and line.junk == BlockKind.CREDIT and index + 1 < len(lines):
            following = lines[index + 1]
            if not following.junk and word_count(following.text) <= 8:
                following.junk, following.reason = BlockKind.CREDIT, "wire service credit"
            continue
        if line.junk != BlockKind.PRESS_CONTACT and not (
            line.junk and CONTACT_PATTERN.match(line.text)
        ):
            continue  # "Contact" alone may have been taken for a menu item already
        for following in lines[index + 1 : index + 14]:
            text = following.text
            if following.junk:
                continue
            if (
                CONTACT_DETAIL.match(text)
                or (
                    word_count(text) <= 6
                    and (not ends_sentence(text) or _ends_with_abbreviation(text))
                    and not is_list_item(text)
                )
                # "In Washington: Jane Doe, +1 202 473 3611, jdoe@example.org"
                or (word_count(text) <= 16 and CONTACT_DETAIL_INSIDE.search(text))
            ):
                following.junk, following.reason = BlockKind.PRESS_CONTACT, "press contact"
                continue
            break


@rule("clean-author-boxes", Stage.STEP)
def _mark_author_boxes(lines: Sequence[Line]) -> None:
    """An author box after the story: the author's name on one line and nothing but a
    journalist's job on the next ('Olena Tkachuk' / 'Reporter'), or a theme's heading that
    counts the author's articles ('About <name> <count> Articles') over a short job line."""
    content = [line for line in lines if not line.junk]
    first_prose = next(
        (position for position, line in enumerate(content) if is_prose(line.text)), len(content)
    )
    for position in range(first_prose + 1, len(content)):
        heading = content[position]
        if AUTHOR_BOX_HEADING.match(heading.text):
            # A theme's author box: the heading that counts the articles, over the job.
            heading.junk, heading.reason = BlockKind.AUTHOR_BOX, "author box heading"
            for following in content[position + 1 : position + 2]:
                if word_count(following.text) <= 6 and not ends_sentence(following.text):
                    following.junk, following.reason = BlockKind.AUTHOR_BOX, "author's job"
    for position in range(first_prose + 1, len(content) - 1):
        name, job = content[position], content[position + 1]
        if name.junk or job.junk:
            continue
        if (
            word_count(job.text) <= 4
            and JOURNALIST_TITLE.search(job.text)
            and job.text[:1].isupper()
            and not ends_sentence(job.text)
            and is_name_line(name.text)
        ):
            for line in (name, job):
                line.junk, line.reason = BlockKind.AUTHOR_BOX, "author's name and job"
            # The bio under it opens with the author's name ("Jane Doe is a reporter...").
            for following in content[position + 2 : position + 4]:
                if following.text.startswith(name.text) or re.match(
                    rf"(?:read )?more (?:by|from) {re.escape(name.text)}", following.text, re.I
                ):
                    following.junk, following.reason = BlockKind.AUTHOR_BOX, "author's biography"


#: Company suffixes as the last word of a line reads them (its full stop stripped).
_LEGAL_FORMS = frozenset(suffix.rstrip(".") for suffix in COMPANY_SUFFIXES)


def _ends_with_abbreviation(text: str) -> bool:
    """'Itron, Inc.': a full stop that ends a company's name, not a sentence."""
    last = text.rsplit(None, 1)[-1].casefold().rstrip(".")
    return last in ABBREVIATIONS or last in _LEGAL_FORMS


def _is_menu_label(text: str) -> bool:
    return (
        word_count(text) <= 3
        and len(text) <= 32
        and not re.search(r"[.!?:;,]$", text)
        and not is_list_item(text)
        and not re.search(r"\d", text)
        and text[:1].isupper()
    )


@rule("clean-navigation-runs", Stage.STEP)
def _mark_navigation_runs(lines: Sequence[Line]) -> None:
    """Three or more short title-case labels in a row are a menu, not an article list.

    A run introduced by a line ending in ':' is a real list (e.g. "Partners:"), and so is a run
    that names places in half its labels or more (a list of winners or members by city and
    country: a menu's labels are sections, not places); a run's last line is spared when it
    leads straight into the article (it may be a short headline).
    """
    index = 0
    while index < len(lines):
        if lines[index].junk or not _is_menu_label(lines[index].text):
            index += 1
            continue
        end = index
        while end < len(lines) and (
            (not lines[end].junk and _is_menu_label(lines[end].text))
            or lines[end].junk in MENU_FURNITURE
        ):
            end += 1
        run = [position for position in range(index, end) if not lines[position].junk]
        previous = lines[index - 1].text if index > 0 else ""
        places = sum(_names_place(lines[position].text) for position in run)
        if len(run) >= 3 and not previous.endswith(":") and places * 2 < len(run):
            if end < len(lines) and word_count(lines[run[-1]].text) >= 2:
                following = lines[end].text
                if is_prose(following) or parse_dateline(following) is not None:
                    run = run[:-1]
            for position in run:
                lines[position].junk = BlockKind.NAVIGATION
                lines[position].reason = "run of short menu labels"
                lines[position].menu = True
        index = max(end, index + 1)


def _names_place(label: str) -> bool:
    """Whether a short label names a place: a country or city alone, a city with its region,
    or "<body> of <place>" (made-up examples: 'Norway', 'Leeds, England', 'Port of Oslo')."""
    return looks_like_place(label) or (
        " of " in label and looks_like_place(label.rsplit(" of ", 1)[1])
    )


def is_name_line(text: str) -> bool:
    """'Jane Doe' alone on a line: two to four capitalised words that are not a place."""
    words = text.split()
    if not 2 <= len(words) <= 5 or not looks_like_byline(text):
        return False
    capitalised = [word for word in words if word[:1].isupper()]
    if len(capitalised) < 2 or any(word.casefold() in SECTION_WORDS for word in capitalised):
        return False
    if any(word not in capitalised and word not in NAME_PARTICLES for word in words):
        return False
    return not looks_like_place(text)
