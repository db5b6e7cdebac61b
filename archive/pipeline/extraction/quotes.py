"""Direct quotations and who said them.

A quotation counts only when a speech verb attributes it ('"...," said X', '"..." X said',
'X said: "..."', '"...," he said'), so quoted titles and mottos ("Smart City for Life") are left
alone, as are partial quotations that start in lower case in the middle of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..types import PERSON, ExtractedQuote
from ..wordlists import lines
from .vocabulary import SPEECH_VERBS

if TYPE_CHECKING:
    from .resolve import Draft

_OPENING = {"“": "”", "„": "”", "«": "»", '"': '"'}
_PRONOUNS = frozenset({"he", "she"})
_POSSESSIVES = frozenset({"his", "her"})
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?…])\u2019(?![\w])")
_WORD = re.compile(r"[\w'\u2019.-]+")


@dataclass
class QuoteSpan:
    start: int  # inside the marks
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark


@dataclass
class PersonSpan:
    start: int
    end: int
    entity_key: str
    name: str


@dataclass
class AttributedQuote:
    start: int
    end: int
    text: str
    speaker_key: str | None
    speaker_name: str


def find_quote_spans(body: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    paragraph_start = 0
    for paragraph in body.split("\n"):
        offset = paragraph_start
        paragraph_start += len(paragraph) + 1
        position = 0
        while position < len(paragraph):
            char = paragraph[position]
            if char == "\u2018" and (position == 0 or paragraph[position - 1] in " (\u2014"):
                # Curly single quotes (Australian, British style): the closing mark is also the
                # apostrophe, so only one followed by a non-letter ends the quotation.
                closing_single = _SINGLE_CLOSE.search(paragraph, position + 1)
                close = closing_single.start() if closing_single else -1
                if close == -1:
                    position += 1
                    continue
                closing = "\u2019"
            else:
                closing = _OPENING.get(char)
                if closing is None:
                    position += 1
                    continue
                close = paragraph.find(closing, position + 1)
            if char == "\u201e":
                # German and Polish quotes open low and close with “ (or ”, or a straight ").
                closes = [
                    found
                    for mark in ("\u201c", "\u201d", '"')
                    if (found := paragraph.find(mark, position + 1)) != -1
                ]
                close = min(closes, default=-1)
            if char == '"' and close == -1:
                break  # an unbalanced straight quote: a quotation running over paragraphs
            if close == -1:
                position += 1
                continue
            inner_start, inner_end = position + 1, close
            while inner_start < inner_end and paragraph[inner_start].isspace():
                inner_start += 1
            while inner_end > inner_start and paragraph[inner_end - 1].isspace():
                inner_end -= 1
            if inner_end > inner_start:
                spans.append(
                    QuoteSpan(
                        start=offset + inner_start,
                        end=offset + inner_end,
                        open_mark=offset + position,
                        close_mark=offset + close,
                    )
                )
            position = close + 1
    return spans


def _words(text: str) -> list[str]:
    return [w.lower().strip(".,;:") for w in _WORD.findall(text)]


def _has_speech_verb(text: str) -> bool:
    words = _words(text)
    if any(w in SPEECH_VERBS for w in words):
        return True
    return "according to" in text.lower()


def _window_after(body: str, quote: QuoteSpan, next_open: int) -> tuple[int, int]:
    start = quote.close_mark + 1
    limit = min(next_open, start + 200, len(body))
    end = start
    while end < limit:
        if body[end] in ".!?\n" and not _abbreviation_before(body, end):
            break
        end += 1
    return start, end


_ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)+|(?:" + "|".join(lines("title_abbreviations.txt")) + r")\."
)


def _abbreviation_before(body: str, position: int) -> bool:
    """A full stop that belongs to 'Dr.', 'Mr.', 'K.T.' does not end the sentence."""
    if body[position] != ".":
        return False
    word_start = position
    while word_start > 0 and not body[word_start - 1].isspace():
        word_start -= 1
    word = body[word_start : position + 1]
    return bool(_ABBREVIATION.fullmatch(word))


def _window_before(body: str, quote: QuoteSpan, previous_close: int) -> tuple[int, int]:
    end = quote.open_mark
    start = end
    floor = max(previous_close + 1, end - 250, 0)
    while start > floor:
        if body[start - 1] in ".!?\n" and not _abbreviation_before(body, start - 1):
            break
        start -= 1
    return start, end


def _person_in(people: list[PersonSpan], start: int, end: int, last: bool) -> PersonSpan | None:
    inside = [p for p in people if p.start >= start and p.end <= end]
    if not inside:
        return None
    return inside[-1] if last else inside[0]


def _most_recent_person(people: list[PersonSpan], before: int) -> PersonSpan | None:
    earlier = [p for p in people if p.end <= before]
    return earlier[-1] if earlier else None


def attribute_quotes(body: str, people: list[PersonSpan]) -> list[AttributedQuote]:
    spans = find_quote_spans(body)
    people = sorted(people, key=lambda p: p.start)
    quotes: list[AttributedQuote] = []
    previous: AttributedQuote | None = None
    previous_close = -1
    for index, quote in enumerate(spans):
        text = body[quote.start : quote.end]
        next_open = spans[index + 1].open_mark if index + 1 < len(spans) else len(body)
        speaker: PersonSpan | None = None
        speaker_name = ""
        attributed = False
        # A quotation that is part of the reporter's sentence ('told attendees that "the
        # cities that win ..."', 'According to Lee, "the real test ...') may start lower-case.
        continues_sentence = False
        # 1. After the quotation: '," said X' / '" X said' / '," he said'.
        after_start, after_end = _window_after(body, quote, next_open)
        after = body[after_start:after_end]
        # A quotation that ends its own sentence ('... before."') is attributed after it only by
        # a verb right there ('" Smith said'), not by the next sentence's verb.
        closed = text.rstrip().endswith((".", "!", "?"))
        if (
            after.strip()
            and _has_speech_verb(" ".join(after.split()[:4]) if closed else after)
            and not after.lstrip().startswith(("(", ")"))
        ):
            attributed = True
            speaker = _person_in(people, after_start, after_end, last=False)
            words = _words(after)
            if (
                speaker is None and words and (words[0] in _PRONOUNS or words[-1] in _PRONOUNS)
            ) or (speaker is None and any(w in _PRONOUNS for w in words[:3])):
                speaker = _most_recent_person(people, quote.open_mark)
            if speaker is None:
                speaker_name = _capitalised_name(after)
                speaker = _person_referred_to(people, after)
        # A verb after a quotation that names nobody ('..." We asked her.', '..." The city says')
        # is usually the next sentence's: the introduction before the quotation, if any, wins.
        after_named_nobody = attributed and speaker is None and not speaker_name
        # 2. Before it: 'X said: "...' / 'According to X, "...' / 'His concern was simple: "...'.
        if not attributed or after_named_nobody:
            before_start, before_end = _window_before(body, quote, previous_close)
            before = body[before_start:before_end]
            colon = before.rstrip().endswith(":")
            introduced = (
                colon or before.rstrip().endswith(",") or bool(re.search(r"\bthat\s*$", before))
            )
            before_words = _words(before)
            # After a colon a person or a pronoun is enough ('she put it bluntly: "...'):
            # the colon itself announces the words.
            pronouns = _PRONOUNS | _POSSESSIVES if colon else _PRONOUNS
            colon_speaker = colon and (
                _person_in(people, before_start, before_end, last=True) is not None
                or any(w in pronouns for w in before_words)
            )
            if introduced and (_has_speech_verb(before) or colon_speaker):
                attributed = True
                continues_sentence = True
                speaker = _person_in(people, before_start, before_end, last=True)
                if speaker is None and any(w in pronouns for w in before_words):
                    speaker = _most_recent_person(people, quote.open_mark)
                if speaker is None:
                    speaker_name = _capitalised_name(before)
                    speaker = _person_referred_to(people, before)
        # 3. A second quotation right after an attributed one in the same paragraph continues it.
        if (
            not attributed
            and previous is not None
            and "\n" not in body[previous.end : quote.start]
            and quote.open_mark - previous.end < 250
        ):
            between = body[previous.end : quote.open_mark]
            if _has_speech_verb(between) or between.strip(' ,."”') == "":
                attributed = True
                quotes.append(
                    AttributedQuote(
                        quote.start, quote.end, text, previous.speaker_key, previous.speaker_name
                    )
                )
                previous = quotes[-1]
                previous_close = quote.close_mark
                continue
        previous_close = quote.close_mark
        if not attributed or not _looks_like_speech(text, continues_sentence):
            continue
        if speaker is None and speaker_name:
            speaker = _person_named(people, speaker_name)
        if speaker is not None:
            record = AttributedQuote(quote.start, quote.end, text, speaker.entity_key, speaker.name)
        else:
            record = AttributedQuote(quote.start, quote.end, text, None, speaker_name)
        quotes.append(record)
        previous = record
    return quotes


def _looks_like_speech(text: str, continues_sentence: bool = False) -> bool:
    """A sentence-like quotation: starts with a capital (or a digit), has a few words; one
    that continues the reporter's sentence may start lower-case but needs a few more words."""
    stripped = text.lstrip("…. '\u2018")
    if not stripped:
        return False
    if not (stripped[0].isupper() or stripped[0].isdigit()):
        return continues_sentence and len(text.split()) >= 6
    return len(text.split()) >= 4


def _person_referred_to(people: list[PersonSpan], attribution: str) -> PersonSpan | None:
    """The person a short reference in the attribution names ("Al Falasi told reporters",
    "According to Lee"), when the resolver did not make it a mention of its own."""
    for match in re.finditer(r"\b[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}", attribution):
        words = match.group(0).split()
        while words and words[0] in {"According", "The", "As", "In", "But", "And"}:
            words = words[1:]
        person = _person_named(people, " ".join(words)) if words else None
        if person is not None:
            return person
    return None


def _person_named(people: list[PersonSpan], name: str) -> PersonSpan | None:
    """'Al Falasi told reporters' when the text only named 'Rashid Al Falasi' in full, or
    'According to Lee' for 'Lee Soo-min' (family name first): the one person whose name ends,
    or starts, with the words given."""
    folded = name.casefold().strip()
    if not folded:
        return None
    matches = {
        p.entity_key: p
        for p in people
        if p.name.casefold() == folded
        or p.name.casefold().endswith(" " + folded)
        or p.name.casefold().startswith(folded + " ")
    }
    return next(iter(matches.values())) if len(matches) == 1 else None


def _capitalised_name(text: str) -> str:
    """A name-like run of capitalised words in an attribution whose speaker we do not know."""
    match = re.search(r"\b([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,3})", text)
    return match.group(1) if match else ""


def extracted_quotes(drafts: list[Draft], body: str) -> list[ExtractedQuote]:
    """The quotes of the page, each with its speaker among the people found."""
    people = [
        PersonSpan(start=m.start, end=m.end, entity_key=d.key, name=d.name)
        for d in drafts
        if d.kind == PERSON
        for m in d.mentions
    ]
    quotes = []
    for quote in attribute_quotes(body, people):
        # '"We will expand it," she said': the comma inside the marks belongs to the reporter's
        # sentence, not to what was said.
        end = quote.end
        while end > quote.start and body[end - 1] in _NOT_PART_OF_A_QUOTE:
            end -= 1
        if end == quote.start:
            continue
        quotes.append(
            ExtractedQuote(
                text=body[quote.start : end],
                start=quote.start,
                end=end,
                speaker_key=quote.speaker_key,
                speaker_name=quote.speaker_name,
            )
        )
    return quotes


#: Punctuation that closes a quotation only because the reporter's sentence goes on after it.
_NOT_PART_OF_A_QUOTE = frozenset(",; \t")
