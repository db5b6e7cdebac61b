"""Organization names: the shared word lists and the tests of a name's shape (acronyms, noise,
listed portfolios, kinds from head words).
"""

from __future__ import annotations

import re

from ..types import ORGANIZATION
from ..wordlists import terms
from .candidates import Candidate, span_candidate
from .lexicon import (
    first_names,
    known_names_by_surface,
    not_entities,
)
from .place_gazetteer import CITY, REGION, place_index
from .text import POSSESSIVES, Word, is_junk_word
from .vocabulary import (
    COMPANY_SUFFIXES,
    HONORIFICS,
    LEADING_JUNK,
    MONTHS,
    ORG_COMPANY_WORDS,
    ORG_PREFIX_CONNECTORS,
    ORG_PREFIX_HEADS,
    ORG_SUFFIX_HEADS,
    ROLE_WORDS,
    WEEKDAYS,
)

#: Suffix heads that are also ordinary words in product and programme names ("Smart
#: Mobility", "Digital Services"): a phrase ending in them needs spaCy to call it an ORG too.
WEAK_SUFFIX_HEADS = terms("org_heads_weak.txt")


#: Government organization words after which ", <City>" names the organization's city
#: ("Department of Water Services, <City>").
LOCATED_GOVERNMENT_HEADS = frozenset(
    {"department", "ministry", "office", "government", "administration", "agency", "committee"}
)


_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.\-]{0,11}")


#: Last words of names that are not organizations: laws, reports, products, roads, places.
NOT_ORG_TAILS = terms("not_org_tails.txt")


#: "Haliç Congress Center", "Convention Centre", "Exhibition Hall": venues, not organizations.
VENUE_TAILS = frozenset(
    {"center", "centre", "hall", "arena", "stadium", "park", "grounds", "complex", "palace"}
)


VENUE_WORDS = frozenset(
    {"congress", "convention", "exhibition", "expo", "conference", "trade", "exhibitions", "events"}
)


#: Lower-case nouns that say the capitalised name next to them is an organization
#: ("the start-up Coord", "Smart Columbus, the partnership between ...").
ORG_NOUNS = (ORG_COMPANY_WORDS - {"platform"}) | terms("org_nouns.txt")


ORG_NOUN_MODIFIERS = terms("org_noun_modifiers.txt")


def is_acronym(text: str) -> bool:
    """'WEF', 'MoHUA', 'GovTech': one word, mostly or at least twice capitalised."""
    if " " in text or not _ACRONYM.fullmatch(text):
        return False
    capitals = sum(1 for c in text if c.isupper())
    return capitals >= 2


def strip_edges(words: list[Word]) -> list[Word]:
    while words and (is_junk_word(words[0], LEADING_JUNK) or words[0].lower in HONORIFICS):
        words = words[1:]
    while words and (
        words[-1].lower in {"of", "for", "and", "&", "on", "the", "de", "in"}
        or words[-1].is_punct
        or words[-1].is_year
    ):
        words = words[:-1]
    return words


def strip_role_prefix(words: list[Word]) -> tuple[list[Word], bool]:
    """'Head of the <Unit> of ...' -> '<Unit> of ...'; 'Minister of the X' -> 'X'.

    The flag says whether a portfolio role was cut ("Minister of ..."): what follows such a
    role is a portfolio unless it has a strong organization word of its own."""
    stripped = False
    changed = True
    while changed and words:
        changed = False
        for position, word in enumerate(words[:-1]):
            if word.lower in ORG_PREFIX_HEADS or word.lower in ORG_SUFFIX_HEADS:
                break  # the organization starts here; later role words belong to its name
            if word.lower in ROLE_WORDS and words[position + 1].lower in {"of", "for", "at"}:
                rest = words[position + 2 :]
                while rest and rest[0].lower == "the":
                    rest = rest[1:]
                words = rest
                changed = True
                stripped = stripped or word.lower in PORTFOLIO_ROLES
                break
    return words, stripped


def prefix_head_position(words: list[Word]) -> int | None:
    for position, word in enumerate(words[:-1]):
        connector = words[position + 1].lower
        if (
            word.lower in ORG_PREFIX_HEADS
            and word.is_capitalised
            and connector in ORG_PREFIX_CONNECTORS
            # "City of X", not "City for Life"; "Town of X", not "Town Hall".
            and (word.lower not in {"city", "town", "village", "borough"} or connector == "of")
        ):
            return position
    return None


def org_kind_from_words(name: str) -> str:
    words = [w.strip(".,'\u2019").lower() for w in name.split()]
    if not words:
        return "other"
    for word in words:
        if word in COMPANY_SUFFIXES:
            return "company"
    international = words[0] in {
        "un",
        "united",
        "world",
        "international",
        "global",
        "inter-american",
    }
    # "UN Department of <Field> Affairs", "U.N. Office for ...": a UN body.
    if words[0] in {"un", "u.n"} or words[:2] == ["united", "nations"]:
        return "international"
    if words[0].startswith("un-") or (
        international
        and any(w in {"nations", "bank", "organization", "organisation"} for w in words)
    ):
        return "international"
    for word in (words[-1], *words):
        if word in {"university", "institute", "academy", "college", "polytechnic", "school"}:
            return "academic"
        if word in {"ministry", "department", "government", "municipality", "mayor's"}:
            return "government"
    if words[0] == "city" and len(words) > 2 and words[1] == "of":
        return "government"
    if international and any(w in {"council", "union", "forum", "federation"} for w in words):
        return "international"
    for word in reversed(words):
        kind = ORG_SUFFIX_HEADS.get(word) or ORG_PREFIX_HEADS.get(word)
        if kind:
            return kind
    return "other"


_INITIAL_AT_SENTENCE_END = re.compile(r"\s*(?:$|\n|\s[A-Z\"“])")


def _without_final_full_stop(body: str, start: int, end: int) -> int:
    """'executive director of Ruta N.' at the end of a sentence: the full stop after a
    one-letter last word ends the sentence, it is not part of the name."""
    text = body[start:end]
    if re.search(r"(?:^|\s)[A-Z]\.$", text) and _INITIAL_AT_SENTENCE_END.match(body, end):
        return end - 1
    return end


def org_candidate(
    words: list[Word],
    body: str,
    extractor: str,
    confidence: float,
    priority: float,
    **attrs,
) -> Candidate:
    words = drop_possessive_place(words)
    start = words[0].start
    end = _without_final_full_stop(body, start, words[-1].end)
    return span_candidate(
        ORGANIZATION, body, start, end, extractor, confidence, attrs=dict(attrs), priority=priority
    )


def is_noise(words: list[Word]) -> bool:
    text = " ".join(w.text for w in words)
    folded = text.casefold()
    if folded in not_entities():
        return True
    index = place_index()
    if text in index:
        return True
    groups = [g for g in " ".join(w.text for w in words).replace(",", " and ").split(" and ")]
    if len(groups) >= 2 and all(g.strip() in index for g in groups):
        return True  # "Busan and Incheon"
    if len(words) <= 2 and all(
        w.lower in ORG_SUFFIX_HEADS or w.lower in ORG_PREFIX_HEADS for w in words
    ):
        return True  # "Department", "Group", "City Council" without a name
    if any(w.lower in MONTHS or w.lower in WEEKDAYS for w in words if w.is_capitalised):
        return True
    if (
        words[-1].lower in NOT_ORG_TAILS
        and not _named_after_its_portfolio(words)
        and not _a_companys_division(words)
    ):
        return True
    if words[0].lower in {"project", "operation", "programme", "program", "plan", "mission"}:
        return True  # "Project Eclipse": a programme
    if is_venue(words):
        return True
    if len(words) > 1 and len(words[-1].text) == 1 and words[-1].text.isupper():
        return True  # "Building X", "Model S": products
    return any(c.isdigit() for c in text) and not re.search(r"[A-Za-z]\d|\d[A-Za-z]", text)


def _a_companys_division(words: list[Word]) -> bool:
    """'Siemens Smart Infrastructure': a known company's name opening the span makes the rest
    the name of one of its divisions, whatever its last word."""
    return len(words) >= 2 and words[0].text in known_names_by_surface("organization")


def _named_after_its_portfolio(words: list[Word]) -> bool:
    """'Ministry of Law', 'People's Government of Longgang District': an organization head and
    'of' before the tail word, so the tail names the body's field or territory, not a law or a
    place of its own."""
    # "Department for Infrastructure", "Ministry of Transport and Infrastructure": the head,
    # then "of" or "for" before the tail, however many fields the portfolio lists.
    if (
        len(words) >= 3
        and words[0].lower in ORG_PREFIX_HEADS
        and any(w.lower in {"of", "for"} for w in words[1:-1])
    ):
        return True
    prefix = prefix_head_position(words)
    return prefix is not None and words[-1].lower in {"law", "district"}


def with_location(words: list[Word], all_words: list[Word]) -> list[Word]:
    """Extend 'Department of Information Technology' with ', Moscow' when that ends the clause."""
    prefix = prefix_head_position(words)
    head = words[prefix].lower if prefix is not None else words[0].lower
    if head not in LOCATED_GOVERNMENT_HEADS:
        return words
    last = words[-1].index
    if last + 2 >= len(all_words) or all_words[last + 1].text != ",":
        return words
    place_word = all_words[last + 2]
    record = place_index().get(place_word.text)
    if record is None or record.kind not in {CITY, REGION}:
        return words
    after = all_words[last + 3] if last + 3 < len(all_words) else None
    if after is None or after.text in {".", ",", ";", ")"} or place_word.line_break_after:
        return [*words, all_words[last + 1], place_word]
    return words


#: Field words that government bodies are named after ("Transport", "Mass Media", "the Arts"):
#: a comma list of them continues a name, a comma list of proper names ("Nokia, Elisa") does not.
TOPIC_WORDS = terms("portfolio_topics.txt")


_TOPIC_ENDINGS = re.compile(
    r"(?:ology|ography|ics|tion|tions|sion|sions|ment|ments|ure|ity|ities|ism|ance|ence|ency|ancy|ry|ries|"
    r"ness|ship)$"
)


def is_topic_word(word: Word) -> bool:
    """A capitalised common noun naming a field ("Climatology", "Transport"), not a name."""
    lower = word.lower
    if word.is_upper or word.text in known_names_by_surface(ORGANIZATION):
        return False
    if word.text in place_index():
        return False
    return lower in TOPIC_WORDS or lower in GENERIC_MODIFIERS or bool(_TOPIC_ENDINGS.search(lower))


def _listed_run(all_words: list[Word], cursor: int) -> tuple[list[Word], int]:
    """The words after a comma that may continue a name: capitalised words, one "and" (with an
    optional "the": "Communications and the Arts")."""
    run: list[Word] = []
    while cursor < len(all_words):
        word = all_words[cursor]
        previous = run[-1].lower if run else ""
        if (
            (word.lower in {"and", "&"} and run and not any(w.lower in {"and", "&"} for w in run))
            or (word.lower == "the" and previous in {"and", "&"})
            or (word.is_capitalised and not word.sent_start)
        ):
            run.append(word)
        else:
            break
        cursor += 1
        if word.line_break_after:
            break
    return run, cursor


def _listed_topics_valid(run: list[Word]) -> bool:
    """Each item of the list ends in a field word ("Innovation", "Aerospace Industry",
    "Technical Supervision") and no word is a known name, a place or a first name."""
    if not run or not run[-1].is_capitalised:
        return False
    items: list[list[Word]] = [[]]
    for word in run:
        if word.lower in {"and", "&"}:
            items.append([])
        elif word.is_capitalised:
            items[-1].append(word)
    if any(not item or not is_topic_word(item[-1]) for item in items):
        return False
    known = known_names_by_surface(ORGANIZATION)
    return not any(
        w.is_capitalised and (w.text in known or w.text in place_index() or w.text in first_names())
        for w in run
    )


#: Words that make an "of the ..." run a state or territory ("of the Republic of Tatarstan").
_STATE_WORDS = frozenset(
    {
        "republic",
        "federation",
        "kingdom",
        "state",
        "states",
        "emirates",
        "region",
        "province",
        "oblast",
        "territory",
        "commonwealth",
        "county",
        "city",
        "principality",
        "union",
    }
)


def _with_owner_place(words: list[Word], all_words: list[Word]) -> list[Word]:
    """'Ministry of Digital Development, Communications and Mass Media' + ' of the Russian
    Federation': a long official name ends with the state it belongs to."""
    position = words[-1].index + 1
    if position >= len(all_words) or all_words[position].lower != "of":
        return words
    if words[-1].line_break_after:
        return words
    cursor = position + 1
    if cursor < len(all_words) and all_words[cursor].lower == "the":
        cursor += 1
    run: list[Word] = []
    while cursor < len(all_words):
        word = all_words[cursor]
        if not (word.is_capitalised or (word.lower == "of" and run)) or word.sent_start:
            break
        run.append(word)
        cursor += 1
        if word.line_break_after:
            break
    while run and not run[-1].is_capitalised:
        run.pop()
    if not run:
        return words
    joined = " ".join(w.text for w in run)
    is_place = (
        joined in place_index()
        or any(w.text in place_index() for w in run)
        or any(w.lower in _STATE_WORDS for w in run)
    )
    if not is_place:
        return words
    return [*words, *all_words[position : run[-1].index + 1]]


def with_listed_topics(words: list[Word], all_words: list[Word]) -> list[Word]:
    """'Ministry of Land' + ', Infrastructure and Transport' (+ ' of the Republic of Korea'): a
    comma list of field words inside the name. Proper names after the comma ('VTT Technical
    Research Centre of Finland, Nokia, Elisa') are separate organizations."""
    extended = list(words)
    position = words[-1].index + 1
    saw_and = False
    while not saw_and and position + 1 < len(all_words) and all_words[position].text == ",":
        start = position + 1
        # "Parks, Recreation, and Culture": the serial comma before "and".
        serial_and = len(extended) > len(words) and all_words[start].lower in {"and", "&"}
        run, cursor = _listed_run(all_words, start + serial_and)
        if not _listed_topics_valid(run):
            break
        saw_and = serial_and or any(w.lower in {"and", "&"} for w in run)
        extended.extend(all_words[position:cursor])
        position = cursor
    if not saw_and:
        return words
    return _with_owner_place(extended, all_words)


#: Heads that end the name of a body of its own (unlike "Government", "Affairs", "Services").
INSTITUTION_HEADS = frozenset(
    {
        "university",
        "institute",
        "college",
        "school",
        "academy",
        "bank",
        "company",
        "corporation",
        "foundation",
        "association",
        "authority",
        "agency",
        "council",
        "ministry",
        "commission",
        "group",
        "laboratory",
        "observatory",
        "hospital",
    }
)


#: Capitalised words that open topics rather than names ("Digital Government").
GENERIC_MODIFIERS = terms("generic_modifiers.txt")


def drop_possessive_place(words: list[Word]) -> list[Word]:
    """ "Denver's Office of Climate Action" -> "Office of Climate Action": the city owns the
    office, its name is not part of the office's name."""
    if len(words) > 2 and words[1].text in POSSESSIVES and words[0].text in place_index():
        return words[2:]
    return words


#: Roles whose "of/for X" names a portfolio ("Minister of ICT and Innovation", "Commissioner
#: for Innovation and Research") rather than an organization ("chief executive of Waterfront
#: Toronto").
PORTFOLIO_ROLES = frozenset(
    {
        "minister",
        "commissioner",
        "secretary",
        "mayor",
        "councillor",
        "councilor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "senator",
        "governor",
        "state",
    }
)


def is_venue(words: list[Word]) -> bool:
    return (
        len(words) >= 2
        and words[-1].lower in VENUE_TAILS
        and any(w.lower in VENUE_WORDS for w in words[:-1])
    )
