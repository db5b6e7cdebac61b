"""The pipeline's data: plain dataclasses, no Django.

`RawDocument` (bytes and where they came from) -> `ParsedPage` (clean text and metadata)
-> `Extraction` (entities, mentions, quotes). `ImportResult` bundles both for the loader.
Everything here is picklable so worker processes can return it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .languages import DEFAULT_LANGUAGES
from .near_duplicates import Fingerprint

ORGANIZATION = "organization"
PERSON = "person"
EVENT = "event"
PLACE = "place"
ENTITY_KINDS = (ORGANIZATION, PERSON, EVENT, PLACE)


class BadInput(Exception):
    """A document that cannot be imported; the message says why, in one line."""


@dataclass(frozen=True)
class RawDocument:
    """One document to import: a file, or one record of a JSON Lines file."""

    origin: str  # file path, "path#line", or URL
    data: bytes = b""  # raw bytes of a .txt/.html file
    media_type: str = "text/plain"  # "text/plain" or "text/html"
    # From a JSON Lines record (already decoded text); any of them may be empty.
    text: str | None = None
    html: str | None = None
    url: str = ""
    title: str = ""
    published: str = ""  # as given by the record; parsed by the pipeline
    byline: str = ""
    source: str = ""
    # Set when the input could not be read (a bad JSON Lines record, an unreadable file): the
    # document then carries no text, and process_document reports this as ImportResult.error.
    error: str = ""


class BlockKind(StrEnum):
    """What a block the cleaner removed from a page was: the one list of removal kinds."""

    NAVIGATION = "navigation"
    SITE_HEADER = "site_header"  # the site's name, tagline or banner above the story
    SECTION_LABEL = "section_label"  # "Mobility", "Opinion" over the story
    TEASER = "teaser"  # other stories' headlines and blurbs, in a carousel or a block
    RELATED_LINKS = "related_links"  # "Related: ...", "Read more: ..." lines
    CAPTION = "caption"
    CREDIT = "credit"  # photo credits, wire credits, "News provided by"
    WIDGET = "widget"  # typography, accessibility and reading-time widgets
    COOKIE_NOTICE = "cookie_notice"
    NEWSLETTER = "newsletter"
    SHARE_BAR = "share_bar"
    ADVERTISEMENT = "advertisement"
    PROMPT = "prompt"  # the site's or mail client's prompts, links whose target was the point
    PRESS_CONTACT = "press_contact"
    COMPANY_TAIL = "company_tail"  # "About <Company>" boilerplate under a press release
    AUTHOR_BOX = "author_box"
    COMMENTS = "comments"
    FOOTER = "footer"  # copyright lines and everything below the end of the article
    TAGS = "tags"
    SEPARATOR = "separator"
    BYLINE = "byline"
    DATELINE = "dateline"
    DUPLICATE_HEADLINE = "duplicate_headline"
    DUPLICATE = "duplicate"  # a paragraph repeated word for word
    OTHER = "other"


@dataclass(frozen=True)
class RemovedBlock:
    """Consecutive lines the cleaner took out of a page, and why.

    `position` is where the text stood in the cleaned body: the number of body paragraphs
    before it (0 = above the first paragraph), so a curator can put it back there.
    """

    kind: BlockKind
    reason: str  # one line, for a curator
    text: str  # the lines as read (whitespace collapsed), one per line
    position: int

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass
class ParsedPage:
    title: str
    body: str  # paragraphs separated by "\n\n"; list items one per line
    raw_text: str  # the decoded text exactly as read (before cleaning)
    lede: str = ""
    published_on: date | None = None
    published_on_origin: str = ""  # "", "dateline" or "metadata"
    byline: str = ""
    source_name: str = ""
    source_domain: str = ""
    url: str = ""
    language: str = "en"
    has_headline: bool = True  # False: titled from the first sentence, flag for a curator
    warnings: list[str] = field(default_factory=list)
    # Everything the cleaner took out (nothing is dropped silently), and why a curator should
    # look at what it took (too much, or something that reads like the story's prose).
    removed: list[RemovedBlock] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.body.split())


@dataclass
class ExtractedEntity:
    """An entity as the extractor understood it. `key` is unique within one document."""

    key: str
    kind: str  # one of ENTITY_KINDS
    name: str  # canonical name
    aliases: list[str] = field(default_factory=list)
    # Kind-specific facts, all optional:
    #  organization: acronym, org_kind, country (place key)
    #  person: role (the title, without the employer named as affiliation), role_in_article
    #          (the role as this article writes it), affiliation (organization key)
    #  event: event_kind, start_date, end_date (date), year (int), place (place key),
    #         is_online (bool), organizers (list of organization keys)
    #  place: place_kind ("city"|"region"|"country"), country (place key), country_code
    attributes: dict = field(default_factory=dict)
    known_id: int | None = None  # set when matched to a curated entity from the gazetteer


@dataclass
class ExtractedMention:
    entity_key: str
    start: int  # character offsets into ParsedPage.body
    end: int
    text: str  # == body[start:end]
    extractor: str
    confidence: float
    # The (spaCy) sentence around the mention, trimmed, at most about 500 characters; empty when
    # the producer had none, and the loader then finds one itself.
    sentence: str = ""


@dataclass
class ExtractedQuote:
    text: str  # the quotation without its quote marks
    start: int  # span of the quotation in the body (inside the marks)
    end: int
    speaker_key: str | None  # a person entity key, when known
    speaker_name: str = ""
    extractor: str = "quotes"


@dataclass
class Extraction:
    entities: list[ExtractedEntity] = field(default_factory=list)
    mentions: list[ExtractedMention] = field(default_factory=list)
    quotes: list[ExtractedQuote] = field(default_factory=list)


@dataclass(frozen=True)
class KnownEntity:
    """A curated record the extractor must recognise first (names include aliases)."""

    id: int
    kind: str
    name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """What the archive tells every parse: what curation taught it, and the languages it reads."""

    confirmed: tuple[KnownEntity, ...] = ()
    rejected_names: frozenset[tuple[str, str]] = frozenset()  # (kind, casefolded name)
    #: ISO 639-1 codes (settings.ARCHIVE_LANGUAGES): a page's language is detected among them.
    languages: tuple[str, ...] = DEFAULT_LANGUAGES


@dataclass
class ImportResult:
    origin: str
    content_hash: str  # sha256 of the normalised cleaned title + body: Article.content_hash
    raw_hash: str = ""  # sha256 of the bytes/record as read: lets the loader skip unchanged input
    page: ParsedPage | None = None
    extraction: Extraction | None = None
    error: str = ""  # one line; set when the document is bad input
    #: The cleaned body's fingerprint for grouping stories, when the parse was given a layout
    #: (None: too short to compare, or not computed; the loader then computes it).
    fingerprint: Fingerprint | None = None
