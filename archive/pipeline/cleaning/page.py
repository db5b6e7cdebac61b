# ruff: noqa: RUF001 - typographic quotes, dashes and arrows are the data this module reads.
"""The entry point `clean_page`: decoded text in, `ParsedPage` out; title, lede, language."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from archive.pipeline.cleaning.blocks import mark_blocks
from archive.pipeline.cleaning.body import (
    assemble_paragraphs,
    cut_teasers_and_footers,
    mark_interview_turns,
    tidy_paragraphs,
    trim_trailing_teasers,
)
from archive.pipeline.cleaning.headline import find_header
from archive.pipeline.cleaning.lines import (
    Header,
    Line,
    Paragraph,
    ends_sentence,
    is_list_item,
    is_prose,
    mark_junk,
    split_glued_datelines,
    split_lines,
    word_count,
)
from archive.pipeline.cleaning.removal import PROSE_BY_NATURE, removed_blocks, review_reasons
from archive.pipeline.cleaning.rules import (
    ABBREVIATIONS,
    DOMAIN_ONLY,
    EMPTY_SEPARATORS,
    EXCHANGE_TICKER,
    FIRST_SENTENCE_TITLE_CHARS,
    HANGING_WORDS,
    MARKDOWN_HEADING,
    MAX_TITLE_CHARS,
    PUBLISHED_IN_BODY,
    REPORTING_BY,
    REVIEW_PROSE_BLOCK_WORDS,
    SHORT_BODY_WORDS,
    TITLE_CLOCK,
)
from archive.pipeline.dates import find_dates, parse_date, parse_dateline, resolve_numeric_date
from archive.pipeline.languages import DAY_FIRST_LANGUAGES, DEFAULT_LANGUAGES, detect_language
from archive.pipeline.types import BadInput, BlockKind, ParsedPage


def tidy_title(title: str, site_names: Sequence[str]) -> str:
    """One line, no site name suffix ("Headline | Site"), no clock time before it or empty
    separators after it ("21:05 Headline | |"), at most MAX_TITLE_CHARS."""
    title = MARKDOWN_HEADING.sub("", " ".join(title.split()))
    title = TITLE_CLOCK.sub("", EMPTY_SEPARATORS.sub("", title))
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


def first_sentence(paragraph: str) -> str:
    # The next sentence opens with a capital in Latin or Cyrillic script, or a quote mark.
    for match in re.finditer(
        r"[.!?…][\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9\u0410-\u042f\u0401])", paragraph
    ):
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
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> ParsedPage:
    """Parse decoded page text into a ParsedPage (BadInput when no article text is left).

    Hints come from page or record metadata and win over what the text says; `today` is only
    for tests (date widgets and dates in the future are judged against it). `languages`: the
    languages the archive reads (the page's language is detected among them).
    """
    warnings: list[str] = []
    domain = domain_of(hint_url)
    site_names = [name for name in (hint_source, domain) if name]
    lines = split_glued_datelines(split_lines(text))
    if not lines:
        raise BadInput("the page has no text")
    for index, line in enumerate(lines):
        line.index = index
    mark_junk(lines, site_names)
    mark_blocks(lines)
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
    kept_paragraphs = mark_interview_turns(
        [
            Paragraph(EXCHANGE_TICKER.sub("", paragraph.text), paragraph.sources)
            for paragraph in tidy_paragraphs(paragraphs, title, lines)
        ]
    )
    paragraphs = [paragraph.text for paragraph in kept_paragraphs]
    rescued = False
    if not paragraphs:
        # Every line read as furniture, yet some are prose: keep those, for a curator to check,
        # rather than lose the page (a rule misread it; the review says so).
        kept_paragraphs = _prose_lines(lines, header.headline_index)
        paragraphs = [paragraph.text for paragraph in kept_paragraphs]
        rescued = bool(paragraphs)
    if not paragraphs:
        raise BadInput("no article text found")
    if not title:
        has_headline = False
        title = title_from_first_sentence(choose_lede(paragraphs) or paragraphs[0])
        warnings.append("no headline found: titled from the first sentence")
    body = "\n\n".join(paragraphs)
    if word_count(body) < SHORT_BODY_WORDS:
        warnings.append(f"very short article ({word_count(body)} words)")

    language = detect_language(f"{title}\n{body}", languages)
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
            day_first_language=language in DAY_FIRST_LANGUAGES,
        )
        origin = "dateline" if published_on is not None else ""
    paragraphs[0] = drop_wire_credit(paragraphs[0], today)
    body = "\n\n".join(paragraphs)

    byline = clean_byline(hint_byline or header.byline) or _wire_byline(lines)
    removed = removed_blocks(lines, kept_paragraphs, header.headline_index)

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
        language=language,
        has_headline=has_headline,
        warnings=warnings,
        removed=removed,
        review_reasons=[RESCUED_PROSE] * rescued + review_reasons(lines, removed),
    )


#: The review reason of a page whose every line the cleaner took for furniture.
RESCUED_PROSE = (
    "the cleaner took every line for site furniture; the prose among them is kept as the body"
)


def _prose_lines(lines: Sequence[Line], headline_index: int | None) -> list[Paragraph]:
    """The lines other than the headline that read as prose and are long enough to be a
    paragraph (REVIEW_PROSE_BLOCK_WORDS, the length whose removal alone asks for a review),
    each a paragraph once; not the furniture that is prose by nature (PROSE_BY_NATURE)."""
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for line in lines:
        text = line.text.strip()
        if (
            line.index == headline_index
            or line.junk in PROSE_BY_NATURE  # a cookie notice or an author box reads as prose
            or line.words < REVIEW_PROSE_BLOCK_WORDS
            or text in seen
            or not is_prose(text)
        ):
            continue
        seen.add(text)
        paragraphs.append(Paragraph(text, [line.index]))
    return paragraphs


#: What may stand before the date of a press release's opening dateline: "Barcelona,",
#: "[Shenzhen, China,", "FRAMINGHAM, Mass.,".
#: Russian datelines too: "Москва, 28 мая 2021 года — ...".
DATELINE_PLACE = re.compile(r"^\[?\s*(?:\(?[A-ZА-ЯЁ][\w.'’-]*\.?\)?(?:\s+|\s*,\s*)){1,6}$")
#: A wire service's credit after the date: "SOFIA (Bulgaria), March 14, 2024 (BBW) - ".
WIRE_CREDIT_AFTER_DATE = re.compile(r"^\s*\((?P<credit>[A-Z][A-Za-z .&]{0,30})\)(?=\s*[–—-])")
#: What follows it: "]", a dash, or a wire service ("/PRNewswire/ --").
#: Wire copy also writes "--- " and a dash glued to the first word ("2024—The World Bank").
DATELINE_END = re.compile(r"^\s*(?:\]|[–—-]{1,3}\s|[–—]\s*(?=[A-ZА-ЯЁ\"“«])|/\s*[\w ]{2,30}\s*/)")


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
            line.junk, line.reason = _dateline_kind(line.text), "date or byline under the headline"
            selected.append(line)
            continue
        if not story_started and not line.junk:
            # Before the first real paragraph only a subtitle (a few words at least) is kept:
            # one- to three-word lines there are section labels ("Mobility", "Opinion").
            if _is_section_label(line.text):
                line.junk, line.reason = BlockKind.SECTION_LABEL, "short label over the story"
                selected.append(line)
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
                line.junk, line.reason = BlockKind.DATELINE, "publication date in the body"
                kept.append(line)
                continue
        kept.append(line)
    return published, kept


def _wire_byline(lines: Sequence[Line]) -> str:
    """'Reporting by Jane Doe; editing by John Roe' at the end of a wire story: the reporter."""
    for line in lines:
        if line.junk == BlockKind.CREDIT and (match := REPORTING_BY.match(line.text)):
            return clean_byline(match.group("name").rstrip(" ."))
    return ""


def _dateline_kind(text: str) -> str:
    parsed = parse_dateline(text)
    return BlockKind.DATELINE if parsed is None or parsed.has_date else BlockKind.BYLINE
