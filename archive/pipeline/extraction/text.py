"""A word layer over spaCy's tokens, capitalised-phrase chunks, and small text helpers.

spaCy splits "Se-hoon", "UN-Habitat" and "Díaz-Granados" into three tokens; names are easier to
reason about as whole words, so `build_words` glues tokens that are written without a space
between them (but keeps possessives and punctuation apart).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc

from ..types import ExtractedEntity, ExtractedMention, ExtractedQuote, Extraction
from .vocabulary import MONTHS, NAME_CONNECTORS, WEEKDAYS

QUOTE_CHARS = frozenset(
    {'"', "\u201c", "\u201d", "\u201e", "«", "»", "'", "\u2018", "\u2019", "`", "''", "``"}
)
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
#: Organization words that keep a possessive inside a name ("Mayor's Office").
POSSESSIVE_ORG_HEADS = frozenset(
    {
        "Office",
        "Hospital",
        "Fund",
        "Party",
        "Union",
        "Association",
        "Commission",
        "Court",
        "Museum",
        "Foundation",
        "Bank",
        "Institute",
        "Government",  # "People's Government of Longgang District"
        "Congress",
        "Daily",
    }
)
DASHES = frozenset({"-", "\u2013", "\u2014"})


@dataclass
class Word:
    index: int
    text: str
    start: int
    end: int
    first_token: int
    last_token: int
    pos: str  # part of speech of the first token
    tag: str
    sent_start: bool  # first word of a sentence (or of a line)
    ent_type: str = ""  # spaCy entity label of the first token
    ent_iob: str = ""  # "B" where spaCy starts an entity, "I" inside one, "O" outside
    followed_by_space: bool = True
    line_break_after: bool = False

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def is_punct(self) -> bool:
        return not any(c.isalnum() for c in self.text)

    @property
    def is_year(self) -> bool:
        return bool(re.fullmatch(r"(19|20)\d\d", self.text))


@dataclass
class Chunk:
    """A run of capitalised words (with name connectors inside): a candidate proper name."""

    words: list[Word] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


def _glue(previous_text: str, token_text: str) -> bool:
    """Whether a token written right after `previous_text` (no space) belongs to the same word."""
    if token_text in POSSESSIVES or previous_text in QUOTE_CHARS or token_text in QUOTE_CHARS:
        return False
    if token_text in {"-", "\u2011"} or previous_text.endswith(("-", "\u2011")):
        return True
    if token_text == "&" or previous_text.endswith("&"):
        return True
    return previous_text[-1:].isalnum() and token_text[:1].isalnum()


def build_words(doc: Doc) -> list[Word]:
    words: list[Word] = []
    text = doc.text
    current: Word | None = None
    for token in doc:
        if token.is_space:
            if current is not None:
                current.line_break_after = current.line_break_after or "\n" in token.text
            continue
        glue = (
            current is not None
            and current.end == token.idx
            and current.last_token == token.i - 1
            and _glue(current.text, token.text)
        )
        if glue and current is not None:
            current.end = token.idx + len(token.text)
            current.text = text[current.start : current.end]
            current.last_token = token.i
            continue
        current = Word(
            index=len(words),
            text=token.text,
            start=token.idx,
            end=token.idx + len(token.text),
            first_token=token.i,
            last_token=token.i,
            pos=token.pos_,
            tag=token.tag_,
            sent_start=bool(token.is_sent_start) or token.i == 0,
            ent_type=token.ent_type_,
            ent_iob=token.ent_iob_,
        )
        words.append(current)
    for word in words:
        last = doc[word.last_token]
        word.followed_by_space = bool(last.whitespace_)
        if "\n" in last.whitespace_:
            word.line_break_after = True
    words = _split_attributive_suffixes(words, text)
    # A word after a line break starts a sentence even if spaCy thought otherwise; a word
    # right after another word, with no punctuation between, does not ("Toronto | City
    # Council" is spaCy's split at the start of a paragraph, not a sentence boundary).
    for previous, word in itertools.pairwise(words):
        if previous.line_break_after:
            word.sent_start = True
        elif word.sent_start and previous.text[-1:].isalnum() and word.text[:1].isupper():
            word.sent_start = False
    return words


_ATTRIBUTIVE = re.compile(
    r"^(?P<name>.+?)(?P<suffix>-(?:based|born|headquartered|owned|led|backed|founded|registered|"
    r"listed|made|funded|run|operated|style|wide))$"
)


def _split_attributive_suffixes(words: list[Word], text: str) -> list[Word]:
    """'London-based' is the place 'London' and '-based'; 'Bengaluru-based ParkSense' is not a
    name starting with 'Bengaluru-based'."""
    result: list[Word] = []
    for word in words:
        match = _ATTRIBUTIVE.match(word.text)
        if match is None or not match.group("name")[:1].isupper():
            result.append(word)
            continue
        split_at = word.start + len(match.group("name"))
        name = Word(**{**word.__dict__, "text": text[word.start : split_at], "end": split_at})
        name.followed_by_space = False
        name.line_break_after = False
        suffix = Word(
            **{
                **word.__dict__,
                "text": text[split_at : word.end],
                "start": split_at,
                "pos": "ADJ",
                "tag": "JJ",
                "sent_start": False,
                "ent_type": "",
                "ent_iob": "O",
            }
        )
        result.extend([name, suffix])
    for index, word in enumerate(result):
        word.index = index
    return result


def is_junk_word(word: Word, junk: frozenset[str]) -> bool:
    """A determiner-like word ('the', 'its') — but not the acronym 'ITS' or 'THE'. A longer one
    in capitals is the word set in capitals ("THAT Committee adopt ...", as council resolutions
    write it), no acronym."""
    return word.lower in junk and not (word.is_upper and len(word.text) <= 3)


def is_name_word(word: Word) -> bool:
    """A word that can be part of a proper name: capitalised, an acronym, or like "eBay"."""
    text = word.text
    if not text[:1].isalnum():
        return False
    if text[:1].isupper():
        return True
    if text[:1].isdigit():
        # "5G", "C40", "2023" only as part of a longer name; decided by the callers.
        return any(c.isalpha() for c in text) or word.is_year
    # "eBay", "iPhone", "e&": lower-case first letter but a capital inside.
    return any(c.isupper() for c in text[1:])


def _connectors_allowed(connectors: list[str]) -> bool:
    """ "of", "for", "and", "de"... or "of the"/"for the"; never "the" alone or "and the"."""
    if len(connectors) == 1:
        return connectors[0] != "the"
    return connectors[0] in {"of", "for"} and connectors[1] == "the"


def chunk_words(words: list[Word]) -> list[Chunk]:
    """Maximal runs of name words, allowing connectors ("of", "for", "and", "de") inside."""
    chunks: list[Chunk] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        if not is_name_word(word):
            i += 1
            continue
        current = [word]
        j = i + 1
        while j < n:
            candidate = words[j]
            previous = current[-1]
            if previous.line_break_after or candidate.sent_start:
                break
            if is_name_word(candidate):
                current.append(candidate)
                j += 1
                continue
            if (
                candidate.text in POSSESSIVES
                and j + 1 < n
                and words[j + 1].text in POSSESSIVE_ORG_HEADS
                and not previous.line_break_after
            ):
                # "Public Defender's Office", "Children's Hospital": the possessive is inside.
                current.extend([candidate, words[j + 1]])
                j += 2
                continue
            if candidate.lower in NAME_CONNECTORS:
                # Connectors only inside: look ahead for the next name word (allowing "of the").
                k = j
                while k < n and words[k].lower in NAME_CONNECTORS and k - j < 2:
                    if words[k].line_break_after:
                        break
                    k += 1
                connectors = [w.lower for w in words[j:k]]
                if (
                    k < n
                    and connectors
                    and _connectors_allowed(connectors)
                    and is_name_word(words[k])
                    and not words[k].sent_start
                    and words[k].lower not in MONTHS
                    and words[k].lower not in WEEKDAYS
                ):
                    current.extend(words[j : k + 1])
                    j = k + 1
                    continue
            break
        chunks.append(Chunk(current))
        i = j
    return chunks


def entity_runs(
    words: list[Word], labels: Collection[str], joins: Callable[[Word], bool] | None = None
) -> Iterator[tuple[int, int]]:
    """(first, last) index of every run of words spaCy gave one entity label of `labels`, in text
    order. A run ends where the label changes, at a line break, before a sentence start, and
    before a word `joins` refuses."""
    n = len(words)
    i = 0
    while i < n:
        label = words[i].ent_type
        if label not in labels:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and words[j + 1].ent_type == label
            and not words[j].line_break_after
            and not words[j + 1].sent_start
            and (joins is None or joins(words[j + 1]))
        ):
            j += 1
        yield i, j
        i = j + 1


def list_items(
    words: list[Word],
    cursor: int,
    in_item: Callable[[Word, list[Word]], bool],
    separators: Collection[str],
    *,
    skip_the: bool = False,
    empty_items: bool = False,
) -> Iterator[list[Word]]:
    """The items of a list written from words[cursor] on ("X, Y and Z", "X, Y, or Z"): runs of
    words `in_item` accepts (given the item so far), within a sentence, joined by a separator
    (which may be followed by "and" or "or"). The list ends at the first item not followed by a
    separator; an empty item ends it too, unless `empty_items`. `skip_the`: an item may open
    with "the", which is not part of it."""
    while cursor < len(words):
        if skip_the and words[cursor].lower == "the":
            cursor += 1
        run: list[Word] = []
        while cursor < len(words) and in_item(words[cursor], run) and not words[cursor].sent_start:
            run.append(words[cursor])
            cursor += 1
        yield run
        if (run or empty_items) and cursor < len(words) and words[cursor].text in separators:
            cursor += 1
            if cursor < len(words) and words[cursor].lower in {"and", "or"}:
                cursor += 1
            continue
        break


def words_in_span(words: list[Word], start: int, end: int) -> list[Word]:
    """The words wholly inside [start, end). `words` is in text order (as `build_words` makes
    it), so a binary search finds the first one: a scan per call made long pages quadratic."""
    found: list[Word] = []
    for word in itertools.islice(words, bisect.bisect_left(words, start, key=_start), None):
        if word.start >= end:
            break
        if word.end <= end:
            found.append(word)
    return found


def word_ending_at(words: list[Word], offset: int) -> int | None:
    """The index of the word that ends exactly at `offset`, if any (words in text order)."""
    position = bisect.bisect_left(words, offset, key=_end)
    if position < len(words) and words[position].end == offset:
        return words[position].index
    return None


def _start(word: Word) -> int:
    return word.start


def _end(word: Word) -> int:
    return word.end


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A comparison key: case, accents, punctuation and spacing ignored.

    Cached: the resolver compares every name with every other, so the same few hundred names
    are folded many thousand times on a long page."""
    text = strip_accents(text).casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")
    return slug or "x"


def strip_leading_the(text: str) -> str:
    return re.sub(r"^(the|The|THE)\s+", "", text)


#: Longest sentence kept whole with a mention; longer ones are cut to a window around it.
SENTENCE_MAX_CHARS = 500


def sentence_of_span(
    body: str,
    sentences: list[tuple[int, int]],
    start: int,
    end: int,
    max_chars: int = SENTENCE_MAX_CHARS,
) -> str:
    """The sentence holding body[start:end], from spaCy's sentence spans (sorted (start, end)).

    A span that straddles spaCy's boundaries gets every sentence it touches. A line break always
    ends the sentence: spaCy sometimes glues a heading or list item to the next paragraph, and
    lines never share a sentence in our bodies.
    """
    if not body or start < 0 or end > len(body) or start >= end:
        return ""
    first = max(bisect.bisect_right(sentences, (start, len(body) + 1)) - 1, 0)
    left, right = start, end
    for sentence_start, sentence_end in sentences[first:]:
        if sentence_start >= end:
            break
        if sentence_end > start:
            left, right = min(left, sentence_start), max(right, sentence_end)
    left = max(left, body.rfind("\n", 0, start) + 1)
    line_end = body.find("\n", end)
    right = min(right, len(body) if line_end == -1 else line_end)
    sentence = body[left:right]
    if len(sentence.strip()) <= max_chars:
        return sentence.strip()
    return excerpt_around(sentence, start - left, end - left, max_chars)


def excerpt_around(text: str, start: int, end: int, max_chars: int) -> str:
    """About max_chars of text centred on [start, end), cut between words, marked with '…'."""
    room = max(max_chars - (end - start), 0)
    left = max(start - room // 2, 0)
    right = min(left + max(max_chars, end - start), len(text))
    left = max(min(left, right - max_chars), 0)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    excerpt = text[left:right].strip()
    return ("…" if left > 0 else "") + excerpt + ("…" if right < len(text) else "")


class _FoundEntity(Protocol):
    """What a language's extractor has found of one entity, whatever it calls the class."""

    key: str
    kind: str
    name: str
    aliases: list[str]
    attributes: dict
    known_id: int | None
    mentions: list


def extraction_of(
    found: Iterable[_FoundEntity],
    body: str,
    sentences: list[tuple[int, int]],
    quotes: list[ExtractedQuote],
) -> Extraction:
    """The pipeline's output for entities found in `body`, in the order given; each mention
    (with start, end, extractor, confidence) carries its text and its sentence."""
    found = list(found)
    entities = [
        ExtractedEntity(
            key=f.key,
            kind=f.kind,
            name=f.name,
            aliases=f.aliases,
            attributes=f.attributes,
            known_id=f.known_id,
        )
        for f in found
    ]
    mentions = sorted(
        (
            ExtractedMention(
                entity_key=f.key,
                start=m.start,
                end=m.end,
                text=body[m.start : m.end],
                extractor=m.extractor,
                confidence=round(m.confidence, 2),
                sentence=sentence_of_span(body, sentences, m.start, m.end),
            )
            for f in found
            for m in f.mentions
        ),
        key=lambda m: (m.start, m.end, m.entity_key),
    )
    return Extraction(entities=entities, mentions=mentions, quotes=quotes)


def assign_keys(found: Iterable[_FoundEntity], spelled: Callable[[str], str] = str) -> None:
    """Give each entity, in the order given, a key unique in its article: kind and slug of its
    name (as `spelled`, e.g. transliterated), numbered when two share one."""
    used: set[str] = set()
    for entity in found:
        base = f"{entity.kind}:{slugify(spelled(entity.name))}"
        key, counter = base, 2
        while key in used:
            key, counter = f"{base}-{counter}", counter + 1
        used.add(key)
        entity.key = key
