# ruff: noqa: RUF001 - typographic quotes, dashes and arrows are the data this module reads.
"""Decoded page text in, `ParsedPage` out: headline, date, byline, clean body.

Scraped pages mix the article with site furniture: navigation, date widgets, share buttons,
newsletter boxes, "Previous Article / Next Article" teasers, footers. Everything here works by
general rules of shape, position, repetition and typical phrasing, so that it holds on pages
we have never seen:

1. Lines are normalised and each is classified: content, or a kind of junk (navigation,
   newsletter, cookie, share, teaser marker, footer...). Runs of short title-case lines are
   navigation menus.
2. The header is everything before the first line of prose. The headline is the headline-shaped
   line there (short, no full stop) next to the date line; a page that opens with prose has no
   headline and is titled from its first sentence.
3. A date line counts only when it is short and nothing but date/byline/labels, right after
   the headline (or right before it, unless it looks like a today's-date widget).
4. The body is cut where a teaser block or footer begins at the end, and hard-wrapped lines
   are joined back into paragraphs; lists stay one item per line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from archive.pipeline.dates import (
    SECTION_WORDS,
    Dateline,
    find_dates,
    looks_like_byline,
    looks_like_place,
    parse_date,
    parse_dateline,
    resolve_numeric_date,
    word_set,
)
from archive.pipeline.types import BadInput, ParsedPage

MAX_HEADLINE_WORDS = 30
MAX_HEADLINE_CHARS = 250
MAX_TITLE_CHARS = 500  # Article.title
FIRST_SENTENCE_TITLE_CHARS = 120
PROSE_MIN_WORDS = 12  # a sentence of at least this many words ending in punctuation
PROSE_ALWAYS_WORDS = 30  # this many words is prose even without final punctuation
DATELINE_LOOKAHEAD = 3  # content lines after the headline where a date line may sit
SHORT_BODY_WORDS = 40

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
# Last words that cannot end a sentence: a line ending on one continues on the next line.
HANGING_WORDS = word_set(
    """
    a an the of to in on at by for from with into onto about as and or but nor than that which
    who whom whose its their our your his her my is are was were be been being has have had will
    would can could should may might must such between including like per via across among over
    under after before during through within without toward towards
    """
)

# ----- junk vocabularies ----------------------------------------------------------------------


def phrase_set(text: str) -> frozenset[str]:
    """A vocabulary of phrases separated by '|' (line breaks are only layout)."""
    return frozenset(part.strip() for part in text.replace("\n", " ").split("|") if part.strip())


NAVIGATION_WORDS = phrase_set(
    """
    home|homepage|news|latest news|all news|news & events|news and events|about|about us|
    contact|contact us|events|blog|blogs|search|search for|search...|menu|main menu|navigation|
    toggle navigation|skip to content|skip to main content|skip to navigation|skip to footer|
    jump to|close|close menu|open menu|back|back to top|top|go to top|scroll to top|login|
    log in|logout|log out|sign in|sign out|register|my account|account|subscribe|
    subscribe now|newsletter|newsletters|advertise|advertise with us|advertising|careers|jobs|
    privacy|privacy policy|privacy notice|cookie policy|cookies|cookie settings|terms|
    terms of use|terms and conditions|terms & conditions|terms of service|legal|imprint|
    impressum|disclaimer|accessibility|sitemap|site map|podcast|podcasts|video|videos|
    webinar|webinars|magazine|resources|topics|sections|more|share|share this|share this:|
    share this article|share article|tweet|facebook|twitter|x|linkedin|whatsapp|email|
    e-mail|print|pinterest|reddit|instagram|youtube|telegram|xing|tiktok|copy link|
    link copied|rss|rss feed|feed|language|english|français|deutsch|español|italiano|en|de|
    fr|es|ru|it|previous|next|prev|print this page|follow us|follow|like|reply|editor's pick|
    editors' picks|trending|
    popular|featured|most read|press|press room|press releases|newsroom|media|media centre|
    media center|partners|our partners|team|our team|services|solutions|products|industries|
    case studies|insights|downloads|faq|faqs|help|support|shop|store|cart|donate|join|
    join us|membership|members|login / register|login/register|type and hit enter|go|
    submit|ok|accept|accept all|accept cookies|reject|reject all|decline|agree|i agree|
    got it|settings|manage cookies|preferences|read more|read full article|read the full story|
    continue reading|view all|see all|show more|load more|back to news|opinion|features|
    analysis|interviews|reports|research|whitepapers|white papers|author|
    listen|listen to this article|save|bookmark|tags|categories|archives|archive|
    recent posts|upcoming events|calendar|directory|jobs board|write for us|subscribe today|
    sign up|sign up now|register now|watch|watch now|play|image|photo|gallery|
    photo gallery|english version|en español|in english|русский|deutsch version|mobile|
    who we are|what we do|our work|our impact|get involved|support us|become a member|
    maps|map|stories|donate now|about the ministry|activity|press center|press centre|
    open data|english edition|edition
    """
)
SOCIAL_WORDS = word_set(
    """
    facebook twitter x linkedin whatsapp email e-mail print pinterest reddit telegram instagram
    youtube xing tiktok messenger mastodon threads bluesky flipboard pocket sms copy link share
    tweet
    """
)
# Words that mark a short line at the top of a page as a site's name rather than a headline.
BRAND_WORDS = word_set(
    """
    news world today magazine daily times post journal weekly review insider hub network media
    online tv radio digest wire tribune herald gazette observer dive tech .com portal channel
    monthly quarterly report reporter chronicle
    """
)

NEWSLETTER_PATTERNS = (
    r"\b(?:subscribe|sign[ -]?up|register)\b.{0,60}\b(?:newsletters?|updates|alerts|mailing list"
    r"|briefings?|digest|bulletin)\b",
    r"\b(?:your|to your|in your)\s+inbox\b",
    r"\bour (?:free |weekly |daily |monthly |regular )?(?:e-?)?(?:newsletters?|mailing list)\b",
    r"^(?:stay|keep) (?:updated|informed|up to date|up-to-date|in the loop|ahead|connected)\b",
    r"^(?:get|receive) (?:the latest|our|weekly|daily|exclusive)\b.{0,80}"
    r"\b(?:news|updates|stories|newsletter|insights|offers)\b",
    r"^(?:don'?t|never) miss (?:a|an|out|the latest)\b",
    r"^(?:enter your e-?mail.*|your e-?mail(?: address)?|e-?mail(?: address)?|first name|"
    r"last name|full name|name|company|organi[sz]ation|job title|country|submit|sign up|"
    r"subscribe(?: now| today| for free| here)?|join(?: now| today| us)?)\s*\*?$",
    r"^(?:i agree|i'?ve read|i have read|i accept|by (?:subscribing|signing up|clicking|"
    r"submitting)|you can unsubscribe|unsubscribe at any time|we respect your privacy|"
    r"we (?:will )?never share your|no spam)\b",
)
COOKIE_CONTEXT = re.compile(
    r"\b(?:we use|this (?:web)?site|our (?:web)?site|accept|consent|browsing|your experience|"
    r"cookie (?:policy|settings|preferences)|privacy|personali[sz]e|analytics|third[- ]party)\b",
    re.I,
)
LOGIN_PATTERN = re.compile(
    r"^(?:log ?in|log ?out|sign ?in|sign ?out|register|create (?:an|your|a free) account|"
    r"forgot (?:your )?password\??|lost (?:your )?password\??|remember me|"
    r"you must be (?:logged|signed) in.{0,80}|please (?:log|sign) in.{0,80}|"
    r"(?:log|sign) in (?:to|with) .{1,60}|"
    r"already (?:a member|have an account|registered)\??.{0,40}|"
    r"not a member\??.{0,40}|login ?/ ?register|username|password)$",
    re.I,
)
SHARE_PATTERN = re.compile(
    r"^(?:share|sharing|share this|share this (?:article|story|post|page)|share (?:on|via) .{1,30}|"
    r"tweet(?: this)?|follow us(?: on .{1,40})?|like this|like us on .{1,30}|email this|"
    r"print this|spread the word|click to share.{0,60}|share (?:your )?(?:thoughts|feedback))"
    r"\s*:?$",
    re.I,
)
AD_PATTERN = re.compile(
    r"^(?:advertisement|advertisements|advert|ads?|sponsored|sponsored (?:content|post|article|"
    r"story)|partner content|paid (?:content|post|partnership)|promoted(?: content)?|"
    r"(?:presented|sponsored|supported|brought to you) by .{1,60}|"
    r"(?:story|article) continues (?:below|after (?:the )?(?:ad|advertisement))|"
    r"continue reading below|scroll (?:down )?to continue.{0,40}|ad feedback|report this ad)$",
    re.I,
)
COPYRIGHT_PATTERN = re.compile(
    r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b|^powered by \w|^(?:website |site )?"
    r"(?:designed|developed|built) by \w",
    re.I,
)
TAGS_PATTERN = re.compile(
    r"^(?:tags?|tagged(?: with| as| in)?|topics?|categories|category|filed (?:under|in)|keywords|"
    r"related topics|posted in|labels?|subjects?|sections?)\s*[:|]|^#[\w-]+(?:[\s,]+#[\w-]+)*$",
    re.I,
)
PHOTO_PATTERN = re.compile(
    r"^[(\[]?(?:photo|photos|photograph|image|images|picture|pictures|pic|credit|credits|"
    r"(?:photo|image|picture|video) credits?|image source|featured image|main image|"
    r"header image|top image|cover image|illustration|graphic|video|pictured|caption)"
    r"\s*(?:credit|courtesy|source|by)?\s*[:|–—]\s*\S"
    r"|^[(\[]?(?:photo|image|picture|video|illustration|graphic)s?\s+(?:courtesy|credit|by|via|"
    r"from|source)\b",
    re.I,
)
# A caption ending in its credit: "The new tram in Vienna (Photo: Wiener Linien)".
CAPTION_WITH_CREDIT = re.compile(
    r"[(\[](?:photo|image|picture|foto)s?(?: credit)?\s*:[^)\]]{1,80}[)\]]$", re.I
)
READING_PATTERN = re.compile(
    r"^(?:(?:updated |posted |published )?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|"
    r"weeks?|months?|years?)\s+ago|just now|loading\.*|like loading\.*|"
    r"please enable javascript.{0,80}|javascript (?:is )?(?:disabled|required).{0,80}|"
    r"your browser does not support.{0,80}|"
    r"\d+\s*(?:min|mins|minutes?)\s*(?:read|reading|to read|listen)?(?:\s+time)?|"
    r"(?:estimated )?reading time\s*:?.{0,30}|listen to (?:this|the) (?:article|story).{0,40}|"
    r"\d{1,2}:\d{2}|audio|font size.{0,20}|text size.{0,20}|a\s*a\s*a?|"
    r"print(?: this)?(?: article| page)?|save(?: article| for later)?|"
    r"\d+\s+(?:views?|shares?|likes?|reads?))$",
    re.I,
)
COMMENTS_PATTERN = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies)|comments?|responses?|leave a (?:reply|comment)|"
    r"comments?\s*\(\d+\)|(?:view|show|read|hide) (?:all )?comments?(?:\s*\(\d+\))?|"
    r"add (?:a )?comment|post a comment|join the (?:discussion|conversation)|"
    r"comments are closed.{0,40}|you must be logged in to post a comment.{0,20}|"
    r"be the first to comment.{0,40}|what do you think\?)$",
    re.I,
)
TEASER_MARKER = re.compile(
    r"^(?:(?:previous|next|prev|older|newer)\s*(?:article|post|story|news|item|entry|read)s?|"
    r"more (?:news|stories|articles|posts|interviews|releases) (?:from|by|about) .{1,40}|"
    r"related|related (?:articles?|posts?|stories|news|content|reading|coverage|links?|"
    r"topics?|items?|resources)|more (?:news|stories|articles|posts|from .{1,40}|"
    r"on (?:this|the) topic|like this|in .{1,40}|to read|reading)|"
    r"you (?:may|might|could) also (?:like|enjoy|be interested in|want to read)|"
    r"(?:we )?recommend(?:ed)?(?: for you| articles| stories| reading| posts)?|recommendations|"
    r"read (?:next|more|also|this next)|also read|read also|see also|further reading|"
    r"also on .{1,30}|popular (?:posts|articles|stories|now|news)|"
    r"most (?:read|popular|viewed|shared)(?: articles| stories)?|"
    r"trending(?: now| stories| articles)?|latest (?:news|articles|posts|stories|updates)|"
    r"recent (?:posts|articles|news|stories)|other (?:news|stories|articles)|top stories|"
    r"editor'?s (?:picks?|choice)|don'?t miss|in case you missed it|about the authors?|"
    r"more by (?:this author|.{1,40})|keep reading|what to read next|"
    r"similar (?:articles|posts|stories)|discover more|explore more|"
    r"sponsored (?:stories|links|content)|from (?:our|the) (?:network|partners?)|"
    r"around the web|(?:related|more|latest) (?:\w+ ){0,2}(?:news|articles|stories|posts))\s*:?$",
    re.I,
)
INLINE_TEASER = re.compile(
    r"^(?:related(?: article| story| post| content)?|read more|also read|read also|see also|"
    r"read next|recommended|recommended reading|more|more on this)\s*[:|»›>–—]\s*\S",
    re.I,
)
# Prompts whose link was the point: "Click here to read more from X", "Read the full story at X".
LINK_PROMPT = re.compile(
    r"^(?:(?:click|tap) here\b|(?:read|see|view) (?:more|the full (?:story|article|report|"
    r"release|interview)) (?:at|on|from|here|via)\b|continue reading (?:at|on)\b)",
    re.I,
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
SITE_PROMPT = re.compile(
    r"^(?:(?:version|site|website) for (?:the )?(?:visually impaired|blind|partially sighted)|"
    r"(?:accessible|accessibility|low[- ]vision|high[- ]contrast|text[- ]only) (?:version|mode)|"
    r"(?:view|read|open) (?:this|the|it|this e-?mail|this newsletter|this message|this issue|"
    r"the web version)(?: e-?mail| newsletter| issue| message)? (?:in|on|as) (?:your |a )?"
    r"(?:web )?(?:browser|web page|webpage)\b.*|"
    r"having trouble (?:viewing|reading) this\b.*|"
    r"(?:was this|this (?:e-?mail|newsletter) was) forwarded to you\b.*|"
    r"forwarded this (?:e-?mail|newsletter|message|issue)\b.*|"
    r"become a (?:member|subscriber|supporter|patron|donor)\b.{0,40}|"
    r"support (?:us|our (?:work|journalism|newsroom))\b.{0,40}|"
    r"(?:you are|you're) receiving this (?:e-?mail|newsletter|message)?\b.*|"
    r"unsubscribe\b.*|update your (?:preferences|subscription)\b.*|"
    r"(?:print|printable|mobile|desktop) version)$",
    re.I,
)
# A banner or ticker over the site header: "LOAD-SHEDDING UPDATE: Stage 2 from 16:00 today.",
# "Ukraine war latest: ... • ...". Its label ends in one of these words, then a colon.
BANNER_LABEL = re.compile(
    r"^(?P<label>[^\W\d_][\w'’ -]{0,40}?\s)?(?:update|updates|alert|alerts|notice|warning|"
    r"breaking|breaking news|live|live updates|just in|developing|news ?flash|latest|status)\s*:",
    re.I,
)
BANNER_LINES = 6  # banners and tickers sit above the site header, among the first lines
TICKER_SEPARATOR = re.compile(r"\s+[•·|]\s+")
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
BREADCRUMB = re.compile(
    r"^(?:you are here\s*:?.*|"
    r"(?:home|homepage|start|main|news)\s*(?:[>»›/|→]\s*[^>»›/|→]{1,80}){1,6})$",
    re.I,
)
#: "Front page \u203a News and events \u203a News": short segments joined by angle quotes (or by
#: two or more ">"), whatever the first segment says; a trail of site sections, not a headline.
SECTION_TRAIL = re.compile(
    r"^(?:[^>»›]{1,50}(?:\s[»›]\s[^>»›]{1,50}){1,6}|[^>»›]{1,50}(?:\s>\s[^>»›]{1,50}){2,6})$"
)
#: "Your monthly update from the City of Hobart", "Our weekly newsletter": a newsletter's
#: greeting line above its items, never an article's headline.
NEWSLETTER_GREETING = re.compile(
    r"^(?:your|our|the)\s+(?:\w+\s+){0,2}(?:update|newsletter|digest|briefing|bulletin|"
    r"round-?up|news\s+round-?up)\b(?:\s+(?:from|for|of)\b.*)?$",
    re.I,
)
LINK_INTRO = re.compile(
    r"\b(?:visit|website|web site|web-site|more information|more info|further information|"
    r"more details|further details|learn more|find out more|read more|click|link|links|here|"
    r"source|sources|via|download|register|registration|sign up|follow|watch|see|available|"
    r"details|homepage|portal|page|go to|check out|url|online)\b",
    re.I,
)
DANGLING_LINK_END = re.compile(r"\b(?:visit|at|see|here|website|via|on|from|to)\s*[.:]?$", re.I)
# "date 2025-09-19 MOSCOW, September 19. /TASS/. Moscow signed..." - a labelled date glued to
# the first paragraph by the scraper.
LEADING_DATE_LABEL = re.compile(r"^(?:date|dated|published|posted|updated)(?:\s+on)?\s*:?\s*", re.I)
LEADING_DATE_LINES = 5
PUBLISHED_IN_BODY = re.compile(
    r"^(?:originally |first )?(?:published|posted|publication date)\b", re.I
)

JUNK_KINDS_THAT_END_THE_ARTICLE = frozenset({"copyright", "comments"})
TEASER = "teaser"

# ----- language -----------------------------------------------------------------------------

STOP_WORDS = {
    "en": word_set(
        """
        the and of to in is that for with on as are was by it this from be at
        """
    ),
    "de": word_set(
        """
        der die und das ist nicht mit den von zu für auf dem des sich ein eine
        """
    ),
    "fr": word_set(
        """
        le la les et des est une pour dans que qui sur du pas par avec au
        """
    ),
    "es": word_set(
        """
        el la los las y de que en es por para con una del se como más
        """
    ),
    "it": word_set(
        """
        il la che di e è per una non con del della sono gli nel alla
        """
    ),
    "pt": word_set(
        """
        o a os as e de que em é para com uma não do da dos das no na
        """
    ),
    "nl": word_set(
        """
        de het een en van is dat op te in voor met zijn niet aan
        """
    ),
}
NON_LATIN_SCRIPTS = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
)


# ===========================================================================================
# Lines
# ===========================================================================================


@dataclass
class Line:
    text: str
    blank_before: bool  # a blank line (or a removed line) separates it from the previous line
    junk: str = ""  # "" = content; else the kind of site furniture it is
    # Parts of the raw line set apart by runs of spaces or tabs (a scraped horizontal menu).
    spaced_items: tuple[str, ...] = ()
    menu: bool = False  # a site menu (not a rubric): what is above it is the site's header

    @property
    def words(self) -> int:
        return len(self.text.split())


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
        normalised = MARKDOWN_HEADING.sub("", normalised)
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


def is_prose(text: str) -> bool:
    """A line of running text: a real sentence, not a label, headline or menu item."""
    words = word_count(text)
    if is_list_item(text):
        return False
    return words >= PROSE_ALWAYS_WORDS or (words >= PROSE_MIN_WORDS and ends_sentence(text))


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


def classify_junk(text: str) -> str:
    """The kind of site furniture a line is, or "" when it may be article content."""
    folded = text.casefold()
    bare = folded.strip(" \t|•·»«›‹>←→<:-–—*")
    words = word_count(text)
    if not any(character.isalnum() for character in text):
        return "separator"
    if END_MARKER.match(bare) or END_MARKER.match(folded):
        return "separator"
    if words <= 12 and TEASER_MARKER.match(bare):
        return TEASER  # before menu words: "Read more" over a list of teasers ends the story
    if bare in NAVIGATION_WORDS:
        return "navigation"
    if words <= 12 and (_is_menu_line(folded) or _is_rubric_line(text)):
        return "navigation"
    if words <= 40 and (_is_long_menu(text) or _is_word_menu(text)):
        return "navigation"
    if words <= 25 and SITE_PROMPT.match(bare):
        return "prompt"
    if words <= 25 and (BREADCRUMB.match(bare) or SECTION_TRAIL.match(text.strip())):
        return "navigation"
    if words <= 12 and TEASER_MARKER.match(bare):
        return TEASER
    if words <= 12 and COMMENTS_PATTERN.match(bare):
        return "comments"
    if words <= 40 and COPYRIGHT_PATTERN.search(folded):
        return "copyright"
    if words <= 12 and (SHARE_PATTERN.match(bare) or _is_social_line(bare)):
        return "share"
    if words <= 15 and (LOGIN_PATTERN.match(bare) or AD_PATTERN.match(bare)):
        return "navigation"
    if words <= 10 and READING_PATTERN.match(bare):
        return "navigation"
    if words <= 14 and _is_reading_furniture(bare):
        return "navigation"  # "2 days ago · 4 min read"
    if words <= 25 and CONTACT_PATTERN.match(bare):
        return "contact"
    if words <= 5 and PROVIDED_BY_PATTERN.match(bare):
        return "provided by"
    if words <= 15 and FOLLOW_PATTERN.match(bare):
        return "share"
    if words <= 30 and WIRE_CREDIT.match(bare):
        return "credit"
    if words <= 6 and CASHTAG_LINE.match(text):
        return "ticker"
    if words <= 12 and text.startswith("SOURCE "):
        return "source"  # PR Newswire's closing credit: "SOURCE International Data Corporation"
    if words <= 40 and any(re.search(pattern, bare) for pattern in NEWSLETTER_PATTERNS):
        return "newsletter"
    if words <= 80 and re.search(r"\bcookies?\b", folded) and COOKIE_CONTEXT.search(folded):
        return "cookie"
    if words <= 40 and TAGS_PATTERN.match(bare):
        return "tags"
    if words <= 30 and (PHOTO_PATTERN.match(bare) or CAPTION_WITH_CREDIT.search(bare)):
        return "photo"
    if words <= 25 and INLINE_TEASER.match(bare):
        return "inline teaser"
    if words <= 20 and LINK_PROMPT.match(bare):
        return "link prompt"
    return ""


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
        line.junk = classify_junk(line.text)
        if not line.junk and line.text.casefold() in folded_sites:
            line.junk = "site name"
        if line.junk == "navigation" and _is_site_menu(line):
            line.menu = True
        elif (
            not line.junk
            and line.spaced_items
            and _is_spaced_menu(line.spaced_items)
            and parse_dateline(line.text) is None
        ):
            line.junk, line.menu = "navigation", True
        if not line.junk and position < BANNER_LINES and is_banner(line.text):
            line.junk = "banner"
    _mark_navigation_runs(lines)
    _mark_contact_details(lines)
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
    several_headlines = len(parts) >= 2 and all(word_count(part) >= 4 for part in parts)
    label = BANNER_LABEL.match(text)
    if label:
        shouted = label.group(0).rstrip(" :").isupper()
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


def _mark_contact_details(lines: Sequence[Line]) -> None:
    """Under a press-contact heading, the contact's name, phone and e-mail lines are furniture
    too; a page's own "By" line or a sentence ends the block. The wire service's credit under
    "News provided by" is the next line."""
    for index, line in enumerate(lines):
        credit = PROVIDED_BY_PATTERN.match(line.text.casefold().strip(" :"))
        if credit and line.junk == "provided by" and index + 1 < len(lines):
            following = lines[index + 1]
            if not following.junk and word_count(following.text) <= 8:
                following.junk = "provided by"
            continue
        if line.junk != "contact" and not (line.junk and CONTACT_PATTERN.match(line.text)):
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
                following.junk = "contact"
                continue
            break


def _mark_author_boxes(lines: Sequence[Line]) -> None:
    """An author box without a heading: the author's name on one line and nothing but a
    journalist's job on the next ('Olena Tkachuk' / 'Reporter'), after the story."""
    content = [line for line in lines if not line.junk]
    first_prose = next(
        (position for position, line in enumerate(content) if is_prose(line.text)), len(content)
    )
    for position in range(first_prose + 1, len(content) - 1):
        name, job = content[position], content[position + 1]
        if (
            word_count(job.text) <= 4
            and JOURNALIST_TITLE.search(job.text)
            and job.text[:1].isupper()
            and not ends_sentence(job.text)
            and is_name_line(name.text)
        ):
            name.junk = job.junk = "author box"
            # The bio under it opens with the author's name ("Jane Doe is a reporter...").
            for following in content[position + 2 : position + 4]:
                if following.text.startswith(name.text) or re.match(
                    rf"(?:read )?more (?:by|from) {re.escape(name.text)}", following.text, re.I
                ):
                    following.junk = "author box"


def _ends_with_abbreviation(text: str) -> bool:
    """'Itron, Inc.': a full stop that ends a company's name, not a sentence."""
    last = text.rsplit(None, 1)[-1].casefold().rstrip(".")
    return last in ABBREVIATIONS or last in {"inc", "ltd", "llc", "plc", "gmbh", "ag", "sa", "bv"}


def _is_menu_label(text: str) -> bool:
    return (
        word_count(text) <= 3
        and len(text) <= 32
        and not re.search(r"[.!?:;,]$", text)
        and not is_list_item(text)
        and not re.search(r"\d", text)
        and text[:1].isupper()
    )


def _mark_navigation_runs(lines: Sequence[Line]) -> None:
    """Three or more short title-case labels in a row are a menu, not an article list.

    A run introduced by a line ending in ':' is a real list (e.g. "Partners:"), and a run's last
    line is spared when it leads straight into the article (it may be a short headline).
    """
    index = 0
    while index < len(lines):
        if lines[index].junk or not _is_menu_label(lines[index].text):
            index += 1
            continue
        end = index
        while end < len(lines) and (
            (not lines[end].junk and _is_menu_label(lines[end].text))
            or lines[end].junk == "navigation"
        ):
            end += 1
        run = [position for position in range(index, end) if not lines[position].junk]
        previous = lines[index - 1].text if index > 0 else ""
        if len(run) >= 3 and not previous.endswith(":"):
            if end < len(lines) and word_count(lines[run[-1]].text) >= 2:
                following = lines[end].text
                if is_prose(following) or parse_dateline(following) is not None:
                    run = run[:-1]
            for position in run:
                lines[position].junk = "navigation"
                lines[position].menu = True
        index = max(end, index + 1)


# ===========================================================================================
# Header: headline and date line
# ===========================================================================================


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
    first_prose = next((index for index in content if is_prose(lines[index].text)), len(lines))
    header = Header()
    # Date lines sit in the header, or among the first lines after it (below a standfirst).
    window = [index for index in content if index < first_prose]
    window += [index for index in content if index >= first_prose][:DATELINE_LOOKAHEAD]
    datelines = {
        index: parsed
        for index in window
        if (parsed := parse_dateline(lines[index].text, today)) is not None
        # Past the first paragraph only an unmistakable date line counts: there, a bare date
        # or "Date: 12 June" is more likely an event's date than the page's.
        and (index < first_prose or parsed.byline or PUBLISHED_IN_BODY.match(lines[index].text))
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


def _author_of(author_line: str) -> str:
    """'Written by SmartCitiesWorld news team' -> the desk; 'Jane Doe North of England
    correspondent' -> 'Jane Doe' (a name is two words often enough; the job is not kept)."""
    labelled = LABELLED_BYLINE_LINE.match(author_line)
    if labelled:
        return author_line[labelled.end() :].strip(" :")
    return " ".join(author_line.split()[:2])


NAME_PARTICLES = word_set("de da del della di van von der den du la le dos bin ibn al el y")


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
    strong = [index for index in candidates if word_count(lines[index].text) >= 3]
    if not strong:
        return None
    if anchor is not None:
        date_index = anchor
        before = [index for index in strong if index < date_index]
        if before:
            return _headline_above_date_line(lines, before)
    return strong[0]


#: "Written by SmartCitiesWorld news team", "Posted by admin": a byline, whoever it names.
LABELLED_BYLINE_LINE = re.compile(
    r"^(?:written|words|posted|reported|story|text|report|article|interview(?:ed)?)\s+by\b",
    re.IGNORECASE,
)
#: The job that follows an author's name on news sites: "Jane Doe North of England correspondent".
JOURNALIST_TITLE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|journalist|columnist|contributor|"
    r"news\s+desk|news\s+team|staff)$",
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
            and current_words >= max(12, previous_words + 4)
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
        elif not lines[index].junk or lines[index].junk != "share":
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
    return any(line.junk in ("navigation", "share", "site name") for line in above)


# ===========================================================================================
# Body
# ===========================================================================================


def _without_junk(lines: Sequence[Line]) -> list[Line]:
    """Content lines only; a removed line still separates paragraphs like a blank line."""
    kept: list[Line] = []
    removed_since_last = False
    for line in lines:
        if line.junk:
            removed_since_last = True
            continue
        kept.append(Line(line.text, line.blank_before or removed_since_last, ""))
        removed_since_last = False
    return kept


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
            break
        if line.junk == TEASER:
            # Taking full-sentence blurbs as part of the block is right at the end of a page,
            # but when the story goes on, a "blurb" may be its next paragraph: keep it then.
            block_end = _teaser_block_end(lines, index + 1, take_blurbs=True)
            if seen_prose and not _story_resumes(lines, block_end):
                break
            kept.append(Line("", True, "teaser block"))  # keeps the paragraph boundary
            index = _teaser_block_end(lines, index + 1, take_blurbs=False)
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
        if is_headline_shaped(text) and word_count(text) <= 20:
            after_teaser_headline = True
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
        if line.junk in JUNK_KINDS_THAT_END_THE_ARTICLE or line.junk == TEASER:
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
        content.pop()
        while len(content) > 1 and is_headline_shaped(content[-1].text):
            content.pop()
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


def assemble_paragraphs(lines: Sequence[Line]) -> list[str]:
    """Paragraphs (lists as one block of one-item lines), in order."""
    content = [line for line in lines if not line.junk or line.junk == "teaser block"]
    hard_wrapped = is_hard_wrapped([line for line in content if not line.junk])
    blocks: list[list[str]] = []
    block_is_list = False
    for line in content:
        if line.junk:  # a removed teaser block: a hard paragraph boundary
            blocks.append([])
            block_is_list = False
            continue
        text = EMPTY_QUOTES.sub("", line.text).strip()
        if not text:
            continue
        current = blocks[-1] if blocks and blocks[-1] else None
        if is_list_item(text):
            if current is not None and block_is_list:
                current.append(text)
            else:
                blocks.append([text])
                block_is_list = True
            continue
        if current is not None and block_is_list:
            last_item = current[-1]
            if not line.blank_before and text[:1].islower() and not ends_sentence(last_item):
                current[-1] = _join(last_item, text)  # a wrapped list item
                continue
        elif current is not None and _continues(current[-1], line, hard_wrapped):
            current[-1] = _join(current[-1], text)
            continue
        blocks.append([text])
        block_is_list = False
    return ["\n".join(block) for block in blocks if block]


def _join(first: str, second: str) -> str:
    if re.search(r"\w-$", first) and second[:1].islower():
        return first + second  # "long-\nterm" -> "long-term"
    return f"{first} {second}"


def tidy_paragraphs(paragraphs: list[str], title: str) -> list[str]:
    """Drop orphaned link introductions, duplicates and a repeated headline."""
    tidied: list[str] = []
    seen: set[str] = set()
    folded_title = " ".join(title.split()).casefold()
    for position, paragraph in enumerate(paragraphs):
        key = " ".join(paragraph.split()).casefold()
        if key in seen or key == folded_title:
            continue
        following = paragraphs[position + 1] if position + 1 < len(paragraphs) else ""
        if _is_orphan_link_intro(paragraph, following):
            continue
        seen.add(key)
        tidied.append(paragraph)
    return tidied


def mark_interview_turns(paragraphs: list[str]) -> list[str]:
    """'Q. ...' / 'A. ...' turns of an interview become 'Q: ...' / 'A: ...'. Only on pages with
    at least two of each, so that 'A. Smith said' elsewhere stays a name with an initial."""
    markers = [match.group("marker") for p in paragraphs if (match := QA_MARKER.match(p))]
    if markers.count("Q") < 2 or markers.count("A") < 2:
        return paragraphs
    return [QA_MARKER.sub(r"\g<marker>: ", paragraph, count=1) for paragraph in paragraphs]


def _wire_byline(lines: Sequence[Line]) -> str:
    """'Reporting by Jane Doe; editing by John Roe' at the end of a wire story: the reporter."""
    for line in lines:
        if line.junk == "credit" and (match := REPORTING_BY.match(line.text)):
            return clean_byline(match.group("name").rstrip(" ."))
    return ""


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


# ===========================================================================================
# Title, lede, language, source
# ===========================================================================================


def tidy_title(title: str, site_names: Sequence[str]) -> str:
    """One line, no site name suffix ("Headline | Site"), at most MAX_TITLE_CHARS."""
    title = MARKDOWN_HEADING.sub("", " ".join(title.split()))
    parts = re.split(r"\s+[|–—:-]\s+|\s+::\s+|\s*\|\s*", title)
    if len(parts) > 1:
        tail = parts[-1]
        if any(
            tail.casefold() == name.casefold() or fuzz.ratio(tail.casefold(), name.casefold()) >= 85
            for name in site_names
            if name
        ) or DOMAIN_ONLY.match(tail):
            title = title[: title.rfind(tail)].rstrip(" |–—:-")
    if len(title) > MAX_TITLE_CHARS:
        title = _truncate_at_word(title, MAX_TITLE_CHARS)
    return title


# A wire-service dateline opening the first paragraph: "MOSCOW, September 19. /TASS/. ",
# "LONDON (Reuters) - ", "BARCELONA, Spain, May 25, 2021 /PRNewswire/ -- ". Not part of a title.
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z'.\-]+(?:\s[A-Z][A-Z'.\-]+)*(?:,[^–—\n]{1,60}?)?\s*"
    r"(?:/[^/\n]{1,40}/|\([A-Za-z .]{1,40}\))?\s*(?:\.|--|—|–|-|:)\s+(?=[A-Z\"“])"
)


def title_from_first_sentence(paragraph: str) -> str:
    sentence = first_sentence(WIRE_DATELINE.sub("", paragraph, count=1))
    sentence = sentence.rstrip(" .")
    if len(sentence) <= FIRST_SENTENCE_TITLE_CHARS:
        return sentence
    return _truncate_at_word(sentence, FIRST_SENTENCE_TITLE_CHARS)


def _truncate_at_word(text: str, limit: int) -> str:
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    words = cut.split()
    while len(words) > 1 and words[-1].casefold().strip(",;:") in HANGING_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:-–—") + "…"


ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof st inc ltd co corp jr sr vs e.g i.e etc u.s u.k no fig gov sen rep gen col
    lt sgt capt dept univ approx est jan feb mar apr jun jul aug sep sept oct nov dec
    """
)


def first_sentence(paragraph: str) -> str:
    for match in re.finditer(r"[.!?…][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])", paragraph):
        before = paragraph[: match.start()]
        last_token = before.rsplit(None, 1)[-1] if before.split() else ""
        bare = last_token.casefold().strip("\"'“‘(")
        if bare in ABBREVIATIONS or re.fullmatch(r"[a-z]", bare):
            continue  # "Mr. Smith", "J. Doe"
        return paragraph[: match.end()].strip()
    return paragraph.strip()


def choose_lede(paragraphs: Sequence[str]) -> str:
    texts = [paragraph for paragraph in paragraphs if not is_list_item(paragraph.split("\n")[0])]
    for paragraph in texts:
        if ends_sentence(paragraph) or word_count(paragraph) >= 15:
            return paragraph
    return texts[0] if texts else ""


def detect_language(text: str) -> str:
    """A cheap guess: 'en' unless the text is clearly in another language."""
    sample = text[:20_000]
    letters = sum(1 for character in sample if character.isalpha())
    if letters == 0:
        return "en"
    for code, pattern in NON_LATIN_SCRIPTS:
        if len(pattern.findall(sample)) > letters * 0.4:
            return code
    words = [word.casefold() for word in WORD.findall(sample)]
    if len(words) < 20:
        return "en"
    counts = {code: sum(1 for word in words if word in stop) for code, stop in STOP_WORDS.items()}
    best = max(counts, key=lambda code: counts[code])
    if best != "en" and counts[best] >= 0.08 * len(words) and counts[best] > 2 * counts["en"]:
        return best
    return "en"


def domain_of(url: str) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    host = host.casefold().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def clean_byline(byline: str) -> str:
    byline = " ".join(byline.split()).strip(" ,;|-–—")
    byline = re.sub(r"^(?:written\s+by|words\s+by|posted\s+by|by)\s*:?\s+", "", byline, flags=re.I)
    return byline[:300]


# ===========================================================================================
# Entry point
# ===========================================================================================


def clean_page(
    text: str,
    *,
    hint_title: str = "",
    hint_published: str = "",
    hint_byline: str = "",
    hint_url: str = "",
    hint_source: str = "",
    today: date | None = None,
) -> ParsedPage:
    """Parse decoded page text into a ParsedPage (BadInput when no article text is left).

    Hints come from page or record metadata and win over what the text says; `today` is only
    for tests (date widgets and dates in the future are judged against it).
    """
    warnings: list[str] = []
    domain = domain_of(hint_url)
    site_names = [name for name in (hint_source, domain) if name]
    lines = split_glued_datelines(split_lines(text))
    if not lines:
        raise BadInput("the page has no text")
    mark_junk(lines, site_names)
    header = find_header(lines, hint_title=hint_title, site_names=site_names, today=today)

    body_lines = _body_lines(lines, header)
    body_lines = cut_teasers_and_footers(body_lines)
    body_lines = trim_trailing_teasers(body_lines)
    published_in_body, body_lines = _take_labelled_dates(body_lines, today)
    paragraphs = assemble_paragraphs(body_lines)

    has_headline = True
    if hint_title:
        title = tidy_title(hint_title, site_names)
    elif header.headline_index is not None:
        title = tidy_title(lines[header.headline_index].text, site_names)
    else:
        title = ""
    paragraphs = mark_interview_turns(
        [EXCHANGE_TICKER.sub("", paragraph) for paragraph in tidy_paragraphs(paragraphs, title)]
    )
    if not paragraphs:
        raise BadInput("no article text found")
    if not title:
        has_headline = False
        title = title_from_first_sentence(choose_lede(paragraphs) or paragraphs[0])
        warnings.append("no headline found: titled from the first sentence")
    body = "\n\n".join(paragraphs)
    if word_count(body) < SHORT_BODY_WORDS:
        warnings.append(f"very short article ({word_count(body)} words)")

    published_on, origin = None, ""
    if hint_published:
        published_on = parse_date(hint_published, today)
        if published_on is not None:
            origin = "metadata"
        else:
            warnings.append(f"publication date not understood: {hint_published[:60]!r}")
    if published_on is None and header.published is not None:
        published_on, origin = header.published, "dateline"
    if published_on is None and published_in_body is not None:
        published_on, origin = published_in_body, "dateline"
    if published_on is None:
        opening = dateline_opening(paragraphs[0], today)
        if opening is not None:
            published_on, origin = opening, "dateline"
    if published_on is None and header.ambiguous_numeric is not None:
        # "04/10/2023" as the page's own dateline: read with the whole page as context.
        published_on = resolve_numeric_date(
            header.ambiguous_numeric,
            body,
            day_first_clock=any(line.has_24_hour_clock for line in header.datelines),
        )
        origin = "dateline" if published_on is not None else ""
    paragraphs[0] = drop_wire_credit(paragraphs[0], today)
    body = "\n\n".join(paragraphs)

    byline = clean_byline(hint_byline) if hint_byline else header.byline or _wire_byline(lines)

    return ParsedPage(
        title=title,
        body=body,
        raw_text=text,
        lede=choose_lede(paragraphs),
        published_on=published_on,
        published_on_origin=origin,
        byline=byline,
        source_name=hint_source.strip() or domain,
        source_domain=domain,
        url=hint_url.strip(),
        language=detect_language(f"{title}\n{body}"),
        has_headline=has_headline,
        warnings=warnings,
    )


#: What may stand before the date of a press release's opening dateline: "Barcelona,",
#: "[Shenzhen, China,", "FRAMINGHAM, Mass.,".
DATELINE_PLACE = re.compile(r"^\[?\s*(?:\(?[A-Z][\w.'’-]*\.?\)?(?:\s+|\s*,\s*)){1,6}$")
#: A wire service's credit after the date: "SOFIA (Bulgaria), March 14, 2024 (BBW) - ".
WIRE_CREDIT_AFTER_DATE = re.compile(r"^\s*\((?P<credit>[A-Z][A-Za-z .&]{0,30})\)(?=\s*[–—-])")
#: What follows it: "]", a dash, or a wire service ("/PRNewswire/ --").
#: Wire copy also writes "--- " and a dash glued to the first word ("2024—The World Bank").
DATELINE_END = re.compile(r"^\s*(?:\]|[–—-]{1,3}\s|[–—]\s*(?=[A-Z\"“])|/\s*[\w ]{2,30}\s*/)")


def dateline_opening(paragraph: str, today: date | None = None) -> date | None:
    """The date of a press release's opening dateline, which news sites keep in the first
    paragraph: 'Barcelona, 7 November 2024 - The city ...', '[Shenzhen, China, April 26, 2019]
    Huawei ...', 'FRAMINGHAM, Mass., May 11, 2022 /PRNewswire/ -- IDC ...'. The text stays in
    the body (its place is the story's place); only the date is read."""
    head = paragraph[:160]
    found = find_dates(head, today)
    if not found:
        return None
    first = found[0]
    prefix, rest = head[: first.start], head[first.end :]
    if prefix and not DATELINE_PLACE.match(prefix):
        return None
    credit = WIRE_CREDIT_AFTER_DATE.match(rest)
    if credit:
        rest = rest[credit.end() :]
    if not DATELINE_END.match(rest):
        return None
    return first.value


def drop_wire_credit(paragraph: str, today: date | None = None) -> str:
    """'SOFIA (Bulgaria), March 14, 2024 (BBW) - The bank...' -> without '(BBW)': the wire's
    initials are the agency's signature, not a name the story mentions."""
    if dateline_opening(paragraph, today) is None:
        return paragraph
    found = find_dates(paragraph[:160], today)[0]
    credit = WIRE_CREDIT_AFTER_DATE.match(paragraph[found.end :])
    if not credit or not credit.group("credit").replace(" ", "").isupper():
        return paragraph
    return paragraph[: found.end] + paragraph[found.end + credit.end() :]


def _body_lines(lines: Sequence[Line], header: Header) -> list[Line]:
    """Lines after the headline, minus date lines; header labels before the story dropped."""
    selected: list[Line] = []
    story_started = False
    for index in range(header.body_start, len(lines)):
        line = lines[index]
        if index in header.furniture:
            selected.append(Line(line.text, line.blank_before, "dateline"))
            continue
        if not story_started and not line.junk:
            # Before the first real paragraph only a subtitle (a few words at least) is kept:
            # one- to three-word lines there are section labels ("Mobility", "Opinion").
            if _is_section_label(line.text):
                selected.append(Line(line.text, line.blank_before, "label"))
                continue
            story_started = True
        selected.append(line)
    return selected


def _is_section_label(text: str) -> bool:
    return (
        word_count(text) <= 3
        and not is_list_item(text)
        and not text.endswith(":")
        and not ends_sentence(text)
    )


def _take_labelled_dates(lines: list[Line], today: date | None) -> tuple[date | None, list[Line]]:
    """'Published on May 25, 2021' lines anywhere in the body: furniture, and a date."""
    published: date | None = None
    kept: list[Line] = []
    for line in lines:
        if not line.junk and word_count(line.text) <= 20:
            parsed = parse_dateline(line.text, today)
            if (
                parsed is not None
                and parsed.has_date
                and (
                    PUBLISHED_IN_BODY.match(line.text)
                    or re.match(r"^(?:last )?updated\b", line.text, re.I)
                )
            ):
                if published is None and parsed.published is not None:
                    published = parsed.published
                kept.append(Line(line.text, line.blank_before, "dateline"))
                continue
        kept.append(line)
    return published, kept
