# ruff: noqa: RUF001 - typographic quotes, dashes and arrows are the data this module reads.
"""Line-level rules of the cleaner: the shapes and patterns of site furniture."""

from __future__ import annotations

import re

from archive.pipeline.types import BlockKind
from archive.pipeline.wordlists import lines, terms

MAX_HEADLINE_WORDS = 30
MAX_HEADLINE_CHARS = 250
MAX_TITLE_CHARS = 500  # Article.title
FIRST_SENTENCE_TITLE_CHARS = 120
PROSE_MIN_WORDS = 12  # a sentence of at least this many words ending in punctuation
PROSE_ALWAYS_WORDS = 30  # this many words is prose even without final punctuation
DATELINE_LOOKAHEAD = 3  # content lines after the headline where a date line may sit
SHORT_BODY_WORDS = 40
LEDE_OVERLAP_TO_SWITCH = 2  # shared content words that make a line the lede's headline
STEM_LETTERS = 4

# ----- line shapes --------------------------------------------------------------------------

SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")
ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
LIST_ITEM = re.compile(
    r"^(?:[•◦▪▫●○■□►▶▸‣➢➤➔→✓✔☐☑·*+\-–—]|\d{1,3}[.)]|[a-z][.)]|[A-Z]\)|\(\d{1,3}\)|\([a-z]\))\s+\S"
)
BARE_LIST_MARKER = re.compile(r"^(?:\d{1,3}[.)]|\(\d{1,3}\))$")
URL_OR_EMAIL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^[\w-]+(?:\.[\w-]+)+/\S*$")
DOMAIN_ONLY = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?$", re.I)
WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\u2060\ufeff\u00ad"), None)
SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
EMPTY_QUOTES = re.compile(r"\s*(?:\"\"|“”|„“|«\s*»|\(\s*\)|\[\s*\])")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
#: A clock time a news feed prints before a headline ("21:05 Headline"): two digits for the
#: hour, a capital after it ("9:30 curfew lifted" is the headline's own time).
TITLE_CLOCK = re.compile(r"^\d{2}:\d{2}\s+(?=[A-ZА-ЯЁ«\"“])")
#: Separators left with nothing after them ("Headline | |").
EMPTY_SEPARATORS = re.compile(r"(?:\s*\|)+\s*$")
# Last words that cannot end a sentence: a line ending on one continues on the next line.
HANGING_WORDS = terms("hanging_words.txt")

# ----- junk vocabularies ----------------------------------------------------------------------


def any_of(name: str) -> str:
    """The lines of `data/NAME` as one regular-expression group of alternatives."""
    return "(?:" + "|".join(lines(name)) + ")"


def line_of(name: str, tail: str = "") -> re.Pattern[str]:
    """A whole line that is one of the entries of the list `name` (then `tail`), in any case."""
    return re.compile(r"^" + any_of(name) + tail + r"$", re.I)


NAVIGATION_WORDS = terms("navigation_words.txt")
SOCIAL_WORDS = terms("social_words.txt")
# Words that mark a short line at the top of a page as a site's name rather than a headline.
BRAND_WORDS = terms("brand_words.txt")

NEWSLETTER_PATTERNS = lines("newsletter_patterns.txt")
COOKIE_CONTEXT = re.compile(
    r"\b(?:we use|this (?:web)?site|our (?:web)?site|accept|consent|browsing|your experience|"
    r"cookie (?:policy|settings|preferences)|privacy|personali[sz]e|analytics|third[- ]party)\b",
    re.I,
)
LOGIN_PATTERN = line_of("login_controls.txt")
SHARE_PATTERN = line_of("share_labels.txt", r"\s*:?")
AD_PATTERN = line_of("advertisement_labels.txt")
COPYRIGHT_PATTERN = re.compile(
    r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b|^powered by \w|^(?:website |site )?"
    r"(?:designed|developed|built) by \w",
    re.I,
)
TAGS_PATTERN = re.compile(
    r"^" + any_of("tag_labels.txt") + r"\s*[:|]|^#[\w-]+(?:[\s,]+#[\w-]+)*$", re.I
)
# An image the scraper kept as markup, on a line of its own: "<img src=... alt=...>",
# "<image>...</image>", a Markdown image "![alt](address)". The alt text inside describes the
# picture; it is not the story's text.
IMAGE_MARKUP = re.compile(
    r"^(?:<img\b[^>]*>|<image\b[^>]*>.*</image>|!\[[^\]]*\]\([^)\s]*\))$", re.I | re.S
)
PHOTO_PATTERN = re.compile(
    r"^[(\[]?(?:photo|photos|photograph|image|images|picture|pictures|pic|credit|credits|"
    r"(?:photo|image|picture|video) credits?|image source|featured image|main image|"
    r"header image|top image|cover image|illustration|graphic|video|pictured|caption)"
    r"\s*(?:credit|courtesy|source|by)?\s*[:|–—]\s*\S"
    r"|^[(\[]?(?:photo|image|picture|video|illustration|graphic)s?\s+(?:courtesy|credit|by|via|"
    r"from|source)\b"
    # The same labels in other languages ("Фото: ..."), from their data files.
    r"|^[(\[]?" + any_of("photo_credit_labels_ru.txt") + r"\s*[:|–—]\s*\S",
    re.I,
)
# A caption ending in its credit: "The new tram in Vienna (Photo: Wiener Linien)".
CAPTION_WITH_CREDIT = re.compile(
    r"[(\[](?:photo|image|picture|foto)s?(?: credit)?\s*:[^)\]]{1,80}[)\]]$", re.I
)
# ... and without brackets, as a scraper joins the caption to its credit line: "The new tram in
# Vienna Credit: Wiener Linien". Written capitalised: prose does not write "Credit:" mid-line.
CAPTION_ENDING_IN_CREDIT = re.compile(
    r"\S\s+(?:Photo |Image |Picture )?(?:Credits?|Photo|Image|Picture)\s*:\s*[A-Z][^.:;!?]{0,50}$"
)
# ... or in a sentence of its own after the caption's: "Sensors on a lamppost. Photo by Jane Doe
# on Unsplash." A story's sentence does not say who took a photo of it.
CAPTION_ENDING_IN_CREDIT_SENTENCE = re.compile(
    r"[.!?]\s+(?:Photo|Image|Picture|Photograph)s?\s+(?:by|courtesy of|via)\s+[A-Z][^.:;!?]{0,80}"
    r"\.?$"
)
READING_PATTERN = line_of("reading_widgets.txt")
COMMENTS_PATTERN = line_of("comment_headings.txt")
TEASER_MARKER = line_of("teaser_headings.txt", r"\s*:?")
INLINE_TEASER = re.compile(r"^" + any_of("inline_teaser_labels.txt") + r"\s*[:|»›>–—]\s*\S", re.I)
# Prompts whose link was the point: "Click here to read more from X", "Read the full story at X".
LINK_PROMPT = re.compile(
    r"^(?:(?:click|tap) here\b|(?:read|see|view) (?:more|the full (?:story|article|report|"
    r"release|interview)) (?:at|on|from|here|via)\b|continue reading (?:at|on)\b)",
    re.I,
)
# ... and a prompt to click or follow a link that ends in the address it sends to: "To watch
# the session, follow this link: https://...". "For more information, visit: <address>" is a
# release's reference and stays.
LINK_PROMPT_TO_ADDRESS = re.compile(
    r"^(?:(?:to|for) [^.!?]{3,80}?,?\s)?(?:please )?(?:click|tap|follow)\b"
    r"[^.!?]{0,80}?:?\s*(?:https?://|www\.)\S+$",
    re.I,
)
# A link's label alone on a line: "Read article", "View the full report".
LINK_LABEL = line_of("link_labels.txt", r"\s*[.:»›→]?")
#: "View the annual report >": a link's label, a verb opening it and a chevron closing it.
CHEVRON_LINK = re.compile(r"^" + any_of("link_verbs.txt") + r"\b.{0,160}\s[>›»]$", re.I)
#: "View All" under a box of other stories (view_all_links.txt).
VIEW_ALL_LINK = line_of("view_all_links.txt", r"\s*[.:»›>→]?")
# The story a page was taken from, cited under it: "<Headline> (<Outlet>, Sept. 20, 2015)".
SOURCE_CITATION = re.compile(
    r"^(?P<headline>[^()]{10,200}?)\s*\((?P<outlet>[^(),]{2,60}),\s*"
    r"(?P<date>(?:[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+)?\d{4})\)$"
)
# Press contacts: "Media contact", "Contact for journalists", "Inquiries: Smart City Division".
CONTACT_PATTERN = re.compile(
    r"^(?:(?:media|press|for media|for press|for the media)\s+)?(?:contacts?|enquiries|inquiries)"
    r"(?:\s+(?:for|to)\s+(?:journalists|(?:the\s+)?media|press|editors))?\s*(?::.{0,160})?$",
    re.I,
)
# A wire service's credit line above a release: "News provided by", then the company's name.
PROVIDED_BY_PATTERN = re.compile(r"^(?:news|content|press release) (?:provided|distributed) by$")
# Calls to follow the site elsewhere: "Follow The X channel on WhatsApp", "Download the TNIE
# app", "Now we are on Telegram too", "Was this page helpful?".
FOLLOW_PATTERN = re.compile(
    r"^(?:(?:follow|join|find)\b.{0,60}\bon (?:whatsapp|telegram|twitter|x|facebook|linkedin|"
    r"instagram|youtube|google news|threads)\b.{0,30}|download (?:the|our)\b.{0,40}\bapps?\b.*|"
    r".{0,20}\bwe are (?:now )?(?:also )?on (?:telegram|whatsapp|google news)\b.*|"
    r"was this (?:page|article|information|content) (?:helpful|useful)\??(?:\s*yes\s*/?\s*no)?)$"
)
# Prompts of the site or mail client, never part of an article: "Version for the visually
# impaired", "View this email in your browser", "Become a member".
SITE_PROMPT = line_of("site_prompts.txt")
# A banner or ticker over the site header: "LOAD-SHEDDING UPDATE: Stage 2 from 16:00 today.",
# "Ukraine war latest: ... • ...". Its label ends in one of these words, then a colon.
BANNER_LABEL = re.compile(
    r"^(?P<label>[^\W\d_][\w'’ -]{0,40}?\s)?(?:update|updates|alert|alerts|notice|warning|"
    r"breaking|breaking news|live|live updates|just in|developing|news ?flash|latest|status)\s*:",
    re.I,
)
BANNER_LINES = 6  # banners and tickers sit above the site header, among the first lines
TICKER_SEPARATOR = re.compile(r"\s+[•·|]\s+")
#: A removed block of this many words that reads like prose asks for a review (removal.py), and
#: a ticker's item is shorter: a part that long is a paragraph a table's "|" runs through.
REVIEW_PROSE_BLOCK_WORDS = 40
# A wire service's editing credit at the end of a story: "Reporting by X; editing by Y".
WIRE_CREDIT = re.compile(
    r"^(?:additional )?(?:reporting|writing|compiled|research) by\b.{1,120}"
    r"(?:(?:;|,|and)\s*(?:additional reporting|editing|edited|writing) by\b.{1,80})*\.?$",
    re.I,
)
REPORTING_BY = re.compile(r"^(?:additional )?reporting by\s+(?P<name>[^;,]+)", re.I)
# "(NASDAQ: ITRI)", "(NYSE: IBM; TSX: X)": a stock ticker in brackets, not a name of anything.
EXCHANGE_TICKER = re.compile(
    r"\s*\((?:(?:NASDAQ|Nasdaq|NYSE|NYSE American|LSE|TSX|TSXV|ASX|SIX|HKEX|SGX|TSE|"
    r"Euronext(?: \w+)?|Xetra|FWB|BSE|NSE|OTC(?:QX|QB)?|KRX|JSE|BMV|B3|OMX)"
    r"(?:\s+\w+)?\s*:\s*[A-Z0-9.]{1,8}(?:\s*[;,]\s*)?)+\)"
)
# "$ITRI" alone on a line: a cash tag under a wire release.
CASHTAG_LINE = re.compile(r"^(?:\$[A-Z]{1,6}\s*)+$")
# "Q." / "A." opening the lines of an interview. Left as they are, "A. Taumata Arowai" reads
# like an initial and a surname; "A:" does not.
QA_MARKER = re.compile(r"^(?P<marker>[QA])\.\s+(?=\S)")

END_MARKER = re.compile(r"^(?:#{3,}|-+\s*ends?\s*-+|ends|end|-30-|\*{3,}\s*end\s*\*{3,})$", re.I)
#: A trail's last segment is often the page's own headline, which may be long.
BREADCRUMB = re.compile(
    r"^(?:you are here\s*:?.*|"
    r"(?:home|homepage|start|main|news)\s*(?:[>»›/|→]\s*[^>»›/|→]{1,160}){1,6})$",
    re.I,
)
#: "Front page \u203a News and events \u203a News": short segments joined by angle quotes (or by
#: two or more ">"), whatever the first segment says; a trail of site sections, not a headline.
#: Its last segment may be the page's own headline, as long as a headline is; it then opens as
#: a headline does, not in lower case. A segment ending in a full stop, colon, semicolon or
#: comma ends a sentence ("Go to Settings > Privacy and switch it off."): an instruction.
_LAST_SEGMENT = r"(?:(?![a-zа-яё][^>»›]{50})[^>»›]{0,159}[^>»›.:;,])"
SECTION_TRAIL = re.compile(
    rf"^(?:[^>»›]{{1,50}}(?:\s[»›]\s[^>»›]{{1,50}}){{0,5}}\s[»›]\s{_LAST_SEGMENT}"
    rf"|[^>»›]{{1,50}}(?:\s>\s[^>»›]{{1,50}}){{1,5}}\s>\s{_LAST_SEGMENT})$"
)
#: "Your monthly update from the City of Hobart", "Our weekly newsletter": a newsletter's
#: greeting line above its items, never an article's headline.
NEWSLETTER_GREETING = re.compile(
    r"^(?:your|our|the)\s+(?:\w+\s+){0,2}(?:update|newsletter|digest|briefing|bulletin|"
    r"round-?up|news\s+round-?up)\b(?:\s+(?:from|for|of)\b.*)?$",
    re.I,
)
LINK_INTRO = re.compile(r"\b" + any_of("link_intro_words.txt") + r"\b", re.I)
DANGLING_LINK_END = re.compile(r"\b(?:visit|at|see|here|website|via|on|from|to)\s*[.:]?$", re.I)
# "date 2025-09-19 MOSCOW, September 19. /TASS/. Moscow signed..." - a labelled date glued to
# the first paragraph by the scraper.
LEADING_DATE_LABEL = re.compile(r"^(?:date|dated|published|posted|updated)(?:\s+on)?\s*:?\s*", re.I)
LEADING_DATE_LINES = 5
PUBLISHED_IN_BODY = re.compile(
    r"^(?:originally |first )?(?:published|posted|publication date)\b", re.I
)

JUNK_KINDS_THAT_END_THE_ARTICLE = frozenset({BlockKind.FOOTER, BlockKind.COMMENTS})
#: Kinds of lines that read as the site's menu bar (a run of menu labels goes on across them).
MENU_FURNITURE = frozenset({BlockKind.NAVIGATION, BlockKind.WIDGET, BlockKind.ADVERTISEMENT})

ABBREVIATIONS = terms("abbreviations.txt")


#: The job that follows an author's name on news sites: "Jane Doe North of England correspondent".
JOURNALIST_TITLE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|journalist|columnist|contributor|"
    r"news\s+desk|news\s+team|staff)$",
    re.IGNORECASE,
)


NAME_PARTICLES = terms("name_particles.txt")

#: A blog theme's author box heading: "About <name> <count> Articles", "About the author:
#: <name> <count> Posts".
AUTHOR_BOX_HEADING = re.compile(
    r"^about\s+(?:the\s+author\s*:?\s*)?\S.{0,60}?\s+\d{1,5}\s+(?:articles|posts|stories)$", re.I
)
