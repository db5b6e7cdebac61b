"""Organizations: head-noun patterns over capitalised phrases, well-known names, spaCy's ORG guess.

A capitalised phrase is an organization when an organization word ends it ("... Authority",
"... University", "... Inc.") or opens an "X of/for ..." construction ("Department of ...",
"Center for ..."). Role titles in front ("Head of the Department of ...") are cut off, and an
"X of Y" whose X is not an organization ("Electronic Government Operations of Dubai ...
Authority") keeps only Y.
"""

from __future__ import annotations

import re

from ..types import ORGANIZATION
from ..wordlists import terms
from .candidates import Candidate, span_candidate
from .lexicon import (
    KnownName,
    first_names,
    known_names_by_surface,
    longest_known_at,
    not_entities,
)
from .people import pairs_of_people
from .places import CITY, REGION, place_index, with_place_after
from .places import COUNTRY as COUNTRY_KIND
from .text import POSSESSIVES, Chunk, Word, fold, is_junk_word, is_name_word
from .vocabulary import (
    CASED_COMPANY_SUFFIXES,
    COMPANY_SUFFIXES,
    EVENT_HEADS,
    FOREIGN_OPENING_HEADS,
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
#: ("Department of Information Technology, Moscow").
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

_ORG_NOUN_MODIFIERS = terms("org_noun_modifiers.txt")


def is_acronym(text: str) -> bool:
    """'WEF', 'MoHUA', 'GovTech': one word, mostly or at least twice capitalised."""
    if " " in text or not _ACRONYM.fullmatch(text):
        return False
    capitals = sum(1 for c in text if c.isupper())
    return capitals >= 2


def _strip_edges(words: list[Word]) -> list[Word]:
    while words and (is_junk_word(words[0], LEADING_JUNK) or words[0].lower in HONORIFICS):
        words = words[1:]
    while words and (
        words[-1].lower in {"of", "for", "and", "&", "on", "the", "de", "in"}
        or words[-1].is_punct
        or words[-1].is_year
    ):
        words = words[:-1]
    return words


def _strip_role_prefix(words: list[Word]) -> tuple[list[Word], bool]:
    """'Head of the Department of ...' -> 'Department of ...'; 'Minister of the X' -> 'X'.

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


def _prefix_head_position(words: list[Word]) -> int | None:
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
    # "UN Department of Economic and Social Affairs", "U.N. Office for ...": a UN body.
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


def _candidate(
    words: list[Word],
    body: str,
    extractor: str,
    confidence: float,
    priority: float,
    **attrs,
) -> Candidate:
    words = _drop_possessive_place(words)
    start = words[0].start
    end = _without_final_full_stop(body, start, words[-1].end)
    return span_candidate(
        ORGANIZATION, body, start, end, extractor, confidence, attrs=dict(attrs), priority=priority
    )


def _is_noise(words: list[Word]) -> bool:
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
    if words[-1].lower in NOT_ORG_TAILS and not _named_after_its_portfolio(words):
        return True
    if words[0].lower in {"project", "operation", "programme", "program", "plan", "mission"}:
        return True  # "Project Eclipse": a programme
    if _is_venue(words):
        return True
    if len(words) > 1 and len(words[-1].text) == 1 and words[-1].text.isupper():
        return True  # "Building X", "Model S": products
    return any(c.isdigit() for c in text) and not re.search(r"[A-Za-z]\d|\d[A-Za-z]", text)


def _named_after_its_portfolio(words: list[Word]) -> bool:
    """'Ministry of Law', 'People's Government of Longgang District': an organization head and
    'of' before the tail word, so the tail names the body's field or territory, not a law or a
    place of its own."""
    if len(words) >= 3 and words[-2].lower == "of" and words[0].lower in ORG_PREFIX_HEADS:
        return True
    prefix = _prefix_head_position(words)
    return prefix is not None and words[-1].lower in {"law", "district"}


def _with_location(words: list[Word], all_words: list[Word]) -> list[Word]:
    """Extend 'Department of Information Technology' with ', Moscow' when that ends the clause."""
    prefix = _prefix_head_position(words)
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
_TOPIC_WORDS = terms("portfolio_topics.txt")
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
    return lower in _TOPIC_WORDS or lower in GENERIC_MODIFIERS or bool(_TOPIC_ENDINGS.search(lower))


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


def _with_listed_topics(words: list[Word], all_words: list[Word]) -> list[Word]:
    """'Ministry of Land' + ', Infrastructure and Transport' (+ ' of the Republic of Korea'): a
    comma list of field words inside the name. Proper names after the comma ('VTT Technical
    Research Centre of Finland, Nokia, Elisa') are separate organizations."""
    extended = list(words)
    position = words[-1].index + 1
    saw_and = False
    while not saw_and and position + 1 < len(all_words) and all_words[position].text == ",":
        run, cursor = _listed_run(all_words, position + 1)
        if not _listed_topics_valid(run):
            break
        saw_and = any(w.lower in {"and", "&"} for w in run)
        extended.extend([all_words[position], *run])
        position = cursor
    if not saw_and:
        return words
    return _with_owner_place(extended, all_words)


#: Heads that end the name of a body of its own (unlike "Government", "Affairs", "Services").
_INSTITUTION_HEADS = frozenset(
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
GENERIC_MODIFIERS = frozenset(
    {
        "digital",
        "public",
        "social",
        "economic",
        "urban",
        "rural",
        "regional",
        "national",
        "international",
        "human",
        "environmental",
        "sustainable",
        "smart",
        "information",
        "communications",
        "technology",
        "local",
        "municipal",
        "federal",
        "state",
        "general",
        "electronic",
        "financial",
        "legal",
        "cultural",
        "strategic",
        "scientific",
        "medical",
    }
)


def _split_and(words: list[Word]) -> list[list[Word]]:
    """'Siemens and Microsoft' is two names; 'Dubai Electricity and Water Authority' is one."""
    known = known_names_by_surface(ORGANIZATION)
    for position, word in enumerate(words):
        if word.lower not in {"and", "&"} or position == 0:
            continue
        left, right = words[:position], words[position + 1 :]
        if not right:
            continue
        left_text = " ".join(w.text for w in left)
        right_text = " ".join(w.text for w in right)
        right_strong = (
            right_text in known
            or (len(right) == 1 and right[0].is_upper)
            or _prefix_head_position(right) is not None
        )
        if any(w.lower in ORG_PREFIX_CONNECTORS for w in left):
            # Inside "X of A and B" the "and" joins topics, unless B is a name of its own:
            # "University of Cape Town and Stellenbosch University", not "... and Digital
            # Government".
            named_right = (
                len(right) >= 2
                and right[-1].lower in _INSTITUTION_HEADS
                and right[0].lower not in GENERIC_MODIFIERS
                and right[0].pos == "PROPN"
            ) or right[0].lower in FOREIGN_OPENING_HEADS
            # "Mayor's Office of Medellín and Ruta N": after a place, "and" starts a new name
            # (topics joined by "and" are not places: "Economic and Social Affairs").
            after_place = left[-1].text in place_index() and right[0].text not in place_index()
            if right_strong or named_right or after_place:
                return [left, *_split_and(right)]
            continue
        left_complete = (
            left[-1].lower in ORG_SUFFIX_HEADS
            or left_text in known
            or (
                left[-1].ent_type == "ORG"
                and right[0].ent_iob == "B"
                and word.ent_type != "ORG"  # spaCy's "the Kraków Municipal Roads and"
            )
        )
        right_complete = (
            right_strong
            or right[-1].lower in ORG_SUFFIX_HEADS
            or (  # "Publicis Groupe and Les Echos"
                len(left) >= 2
                and left[-1].lower in ORG_SUFFIX_HEADS
                and right[0].pos == "PROPN"
                and right[0].lower not in GENERIC_MODIFIERS
            )
        )
        if left_complete and right_complete:
            return [left, *_split_and(right)]
    return [words]


def _with_leading_topics(words: list[Word], all_words: list[Word]) -> list[Word] | None:
    """'Climatology and Geophysics Agency' after 'Meteorology, ': a comma list of field words
    with the organization word at its end is one name. None when there is no such list."""
    if len(words) < 3 or words[-1].lower not in ORG_SUFFIX_HEADS:
        return None
    inner = words[:-1]
    if not any(w.lower in {"and", "&"} for w in inner):
        return None
    if not all(w.lower in {"and", "&"} or is_topic_word(w) for w in inner):
        return None
    first = words[0].index
    prepended: list[Word] = []
    cursor = first - 1
    while cursor >= 1 and all_words[cursor].text == ",":
        run: list[Word] = []
        before = cursor - 1
        while before >= 0 and all_words[before].is_capitalised and is_topic_word(all_words[before]):
            run.insert(0, all_words[before])
            if all_words[before].sent_start:
                break
            before -= 1
        if not run:
            break
        prepended = [*run, all_words[cursor], *prepended]
        cursor = before
        if run[0].sent_start:
            break
    if not prepended:
        return None
    return [*prepended, *words]


def organizations_from_chunk(chunk: Chunk, all_words: list[Word], body: str) -> list[Candidate]:
    words = _strip_edges(list(chunk.words))
    # A sentence-initial word that is not a proper noun is not part of a name ("Researchers").
    while len(words) > 1 and words[0].sent_start and words[0].pos not in {"PROPN"}:
        if words[0].lower in ORG_PREFIX_HEADS or words[0].lower in ORG_SUFFIX_HEADS:
            break
        words = _strip_edges(words[1:])
    words, stripped = _strip_role_prefix(words)
    words = _strip_edges(words)
    if not words:
        return []
    found: list[Candidate] = []
    listed = _with_leading_topics(words, all_words)
    if listed is not None:
        return [_candidate(listed, body, "pattern:org-head", 0.85, 0.7)]
    parts = _split_and(words)
    known = known_names_by_surface(ORGANIZATION)
    for part in parts:
        part = _strip_edges(part)
        if not part:
            continue
        text = " ".join(w.text for w in part)
        if len(parts) > 1 and text in known:
            # Listed next to another organization: a known name that is also a common word
            # ("BT", "Grab") needs no further evidence.
            record = known[text]
            candidate = _candidate(
                part,
                body,
                "gazetteer:organization",
                0.85,
                1.2,
                org_kind=record.kind,
                known_name=record.name,
            )
            candidate.group = f"known-org:{record.name}"
            found.append(candidate)
            continue
        candidate = _organization_from_words(part, all_words, body, after_role=stripped)
        if candidate is not None:
            found.append(candidate)
    return found


def _drop_leading_demonym(words: list[Word]) -> list[Word]:
    """'Egyptian Ministry of Housing' -> 'Ministry of Housing' (the country is not the name)."""
    if len(words) > 2 and words[1].lower in ORG_PREFIX_HEADS:
        first = words[0]
        demonym = first.ent_type == "NORP" or (
            first.lower.endswith(("ian", "ean", "ese", "ish", "an"))
            and first.text not in place_index()
        )
        if demonym and first.lower not in ORG_SUFFIX_HEADS:
            return words[1:]
    return words


def _organization_from_words(
    words: list[Word], all_words: list[Word], body: str, after_role: bool = False
) -> Candidate | None:
    words = _drop_possessive_place(words)
    if not words or _is_noise(words):
        return None
    if _academic_unit(words, all_words):
        return None
    last = words[-1].lower
    if last in EVENT_HEADS or (
        len(words) > 1 and words[-2].lower in EVENT_HEADS and words[-1].is_year
    ):
        return None  # an event's name; the event finder decides
    prefix = _prefix_head_position(words)
    if prefix is not None:
        inner = _inner_company(words, prefix)
        if inner is not None:
            return _candidate(inner, body, "pattern:org-suffix", 0.85, 0.7)
    if (last in COMPANY_SUFFIXES or words[-1].text in CASED_COMPANY_SUFFIXES) and len(words) >= 2:
        return _candidate(words, body, "pattern:org-suffix", 0.9, 0.8, org_kind="company")
    if prefix is not None:
        # The name starts after the last "of (the)" before its head: "Lee Kwan Ho of the
        # National University of Singapore" -> "National University of Singapore".
        for position in range(prefix - 1, 0, -1):
            if words[position].lower in {"of", "the"} and words[position - 1].lower != "of":
                cut = position + 1
                if words[position].lower == "of" or words[position - 1].lower == "of":
                    words = words[cut:]
                    prefix -= cut
                break
        words = _before_acronym_owner(_drop_leading_demonym(words))
        words = _with_location(_with_listed_topics(words, all_words), all_words)
        return _candidate(words, body, "pattern:org-head", 0.85, 0.7)
    if words[0].lower in FOREIGN_OPENING_HEADS and len(words) >= 2 and words[0].is_capitalised:
        return _candidate(words, body, "pattern:org-head", 0.8, 0.7)
    if last in ORG_SUFFIX_HEADS and len(words) >= 2:
        words = _trim_of_prefix(words)
        if last in WEAK_SUFFIX_HEADS and not _weak_head_supported(words, after_role):
            return None
        if words[0].sent_start and len(words) == 2 and words[0].pos not in {"PROPN"}:
            return None
        return _candidate(words, body, "pattern:org-head", 0.85, 0.7)
    return None


def _drop_possessive_place(words: list[Word]) -> list[Word]:
    """ "Denver's Office of Climate Action" -> "Office of Climate Action": the city owns the
    office, its name is not part of the office's name."""
    if len(words) > 2 and words[1].text in POSSESSIVES and words[0].text in place_index():
        return words[2:]
    return words


#: Last words of academic disciplines: a "Department of Urban Planning and Engineering" is a
#: university's department, not an organization of its own.
_ACADEMIC_DISCIPLINES = frozenset(
    {
        "engineering",
        "sciences",
        "science",
        "studies",
        "physics",
        "mathematics",
        "chemistry",
        "biology",
        "economics",
        "sociology",
        "geography",
        "psychology",
        "architecture",
        "informatics",
        "linguistics",
        "medicine",
        "humanities",
    }
)


def _academic_unit(words: list[Word], all_words: list[Word]) -> bool:
    """'Department of Mechanical Engineering at Tallinn University of Technology': a unit of
    the university named next to it, which is the organization; a government department
    ('Department of Transport') has no university after it and no discipline in its name."""
    if words[0].lower not in {"department", "faculty", "school", "chair", "division"}:
        return False
    if len(words) >= 3 and words[1].lower == "of" and words[-1].lower in _ACADEMIC_DISCIPLINES:
        return True
    after = words[-1].index + 1
    if after >= len(all_words) or all_words[after].lower not in {"at", "of", ","}:
        return False
    following = all_words[after + 1 : after + 8]
    return any(w.lower in {"university", "college", "universidad", "université"} for w in following)


def _before_acronym_owner(words: list[Word]) -> list[Word]:
    """'Digital Policy Bureau of SMG' -> 'Digital Policy Bureau': a named unit 'of' an
    organization written as its acronym; the acronym is the owner, a mention of its own."""
    if (
        len(words) >= 4
        and words[-2].lower == "of"
        and is_acronym(words[-1].text)
        and words[-3].lower in ORG_SUFFIX_HEADS | ORG_PREFIX_HEADS
    ):
        return words[:-2]
    return words


_GOVERNING_BODIES = frozenset({"board", "committee", "council"})


def _inner_company(words: list[Word], prefix: int) -> list[Word] | None:
    """'Managing Board of Siemens AG' -> 'Siemens AG': the body of a company is the company."""
    if words[prefix].lower not in _GOVERNING_BODIES or prefix + 2 >= len(words):
        return None
    # "Board of Executive Directors of the RTA": the last "of" names the organization.
    of_positions = [k for k in range(prefix + 1, len(words)) if words[k].lower == "of"]
    inner = words[of_positions[-1] + 1 :] if of_positions else []
    while inner and inner[0].lower == "the":
        inner = inner[1:]
    text = " ".join(w.text for w in inner)
    if inner and (
        inner[-1].lower in COMPANY_SUFFIXES
        or text in known_names_by_surface(ORGANIZATION)
        or (len(inner) == 1 and inner[0].is_upper)
    ):
        return inner
    return None


def _trim_of_prefix(words: list[Word]) -> list[Word]:
    """'Electronic Government Operations of Dubai Telecommunications Regulatory Authority': when
    the part before 'of' is no organization, the one after it is the name."""
    for position in range(len(words) - 2, 0, -1):
        if words[position].lower == "of":
            left, right = words[:position], words[position + 1 :]
            left_is_name = (
                left[-1].lower in ORG_SUFFIX_HEADS or _prefix_head_position(left) is not None
            )
            if not left_is_name and len(right) >= 2:
                return right
            break
    return words


def _weak_head_supported(words: list[Word], after_role: bool) -> bool:
    """'Siemens Smart Infrastructure', 'IDC Government Insights': a brand or spaCy backs it."""
    if after_role:
        return False  # "Minister of ICT and Innovation": a portfolio, not a named body
    known = known_names_by_surface(ORGANIZATION)
    if words[0].text in known or (words[0].is_upper and len(words[0].text) >= 2):
        return True
    return any(w.ent_type == "ORG" for w in words)


def _boundary_ok(body: str, start: int, end: int) -> bool:
    before = body[start - 1] if start > 0 else " "
    after = body[end] if end < len(body) else " "
    return not (before.isalnum() or before in ".-/@") and not (after.isalnum() or after in "-/@")


def _known_org_accepted(body: str, span: list[Word], record: KnownName) -> bool:
    if any(w.line_break_after for w in span[:-1]):
        return False
    if not _boundary_ok(body, span[0].start, span[-1].end):
        return False
    if record.weak and not any(w.ent_type == "ORG" for w in span):
        return False
    # A one-word name must look like a name ("Arm", not "arm"), or be a number ("3M").
    return len(span) > 1 or span[0].is_capitalised or span[0].text[:1].isdigit()


def _known_candidates(words: list[Word], body: str) -> list[Candidate]:
    known = known_names_by_surface(ORGANIZATION)
    found: list[Candidate] = []
    n = len(words)
    i = 0
    while i < n:
        hit = longest_known_at(
            words, i, body, known, 9, lambda span, record: _known_org_accepted(body, span, record)
        )
        if hit is None:
            i += 1
            continue
        span, record = hit
        arm = _with_regional_arm(words, span)
        candidate = _candidate(
            arm,
            body,
            "gazetteer:organization",
            0.9,
            1.2,  # above a city of the same name ("Toyota", "Nokia")
            org_kind=record.kind,
            known_name=record.name,
        )
        # A regional arm ("Sequoia Capital India") is grouped by its own name.
        candidate.group = f"known-org:{record.name}" if arm == span else ""
        found.append(candidate)
        i = arm[-1].index + 1
    return found


def _with_regional_arm(words: list[Word], span: list[Word]) -> list[Word]:
    """'Sequoia Capital India', 'Huawei Middle East': a known name and the region it serves."""
    return with_place_after(
        words, span, lambda record: record.kind in {"country", "region"} and record.rank >= 3
    )


def _spacy_candidates(words: list[Word], body: str) -> list[Candidate]:
    """spaCy's ORG spans, cleaned: no 'the', no possessive, no role title, no trailing 'of'."""
    known = known_names_by_surface(ORGANIZATION)
    found: list[Candidate] = []
    n = len(words)
    i = 0
    while i < n:
        if words[i].ent_type != "ORG":
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and words[j + 1].ent_type == "ORG"
            and not words[j].line_break_after
            and not words[j + 1].sent_start
            and words[j + 1].text not in {"'s", "\u2019s", "'", "\u2019", ",", "(", ")"}
        ):
            j += 1
        after = words[j + 1] if j + 1 < n else None
        span, stripped = _strip_role_prefix(_strip_edges(words[i : j + 1]))
        span = _strip_edges(span)
        i = j + 1
        if not span or stripped:
            continue
        if after is not None and after.lower.rstrip(".") in ROLE_WORDS:
            continue  # "Joint Secretary", "Managing Director": part of a title
        if after is not None and after.lower in NOT_ORG_TAILS:
            continue  # "National Development strategy": a programme's name
        if len(span) == 1 and (span[0].lower in _TOPIC_WORDS or span[0].lower in GENERIC_MODIFIERS):
            continue  # "Science" split off "Department of Education and Science": a field
        if _described_as_non_org(words, j + 1, span[0].index):
            continue  # "the Moscow Central Diameters commuter rail lines"
        if _abbreviates_non_org(span, body):
            continue  # "the ... Information System (EMIAS)": a system's short name
        if _portfolio_before_employer(words, span, after):
            continue  # "Director of Enterprise and Business Service at Telkom": a portfolio
        numbered_end = _numbered_name_end(span, body)
        if numbered_end is not None:
            candidate = _candidate(span, body, "spacy-ner", 0.6, 0.2)
            candidate.end = numbered_end
            candidate.text = body[candidate.start : numbered_end]
            candidate.name = candidate.text
            found.append(candidate)  # "School No. 1568": the number is part of the name
            continue
        if after is not None and re.fullmatch(r"v?\d+(\.\d+)+|v\d+", after.text):
            continue  # "TAMM 3.0": a product and its version
        if after is not None and after.is_capitalised and not after.sent_start and len(span) == 1:
            following = words[after.index + 1] if after.index + 1 < n else None
            if following is not None and following.lower in NOT_ORG_TAILS:
                continue  # "Traffy" in "its Traffy Fondue platform"
        # "Microsoft Azure": a brand followed by a product name is the brand.
        if (
            len(span) > 1
            and span[0].text in known
            and span[-1].lower not in ORG_SUFFIX_HEADS
            and span[-1].lower not in {"business", "cloud", "digital"}
        ):
            continue
        if not _boundary_ok(body, span[0].start, span[-1].end):
            continue  # "EU" in "Living-in.EU"
        if _before_is_role(words, span[0].index):
            continue  # "Commissioner for Innovation and Research": a portfolio
        if _academic_unit(span, words):
            continue
        if _used_as_modifier(span, words, after):
            continue
        for part in _split_and(span):
            part = _strip_edges(part)
            prefix = _prefix_head_position(part) if part else None
            inner = _inner_company(part, prefix) if prefix is not None else None
            if inner is not None:
                part = inner
            elif part and part[-1].lower in ORG_SUFFIX_HEADS:
                part = _trim_of_prefix(part)
            if part and _plausible_spacy_org(part) and not pairs_of_people(part):
                found.append(_candidate(part, body, "spacy-ner", 0.6, 0.2))
    return found


#: Common nouns after a name that say it is a service, line or programme, not a body.
_NON_ORG_DESCRIPTIONS = NOT_ORG_TAILS | frozenset(
    {"lines", "systems", "platforms", "programmes", "programs", "service", "services", "apps"}
)


def _described_as_non_org(words: list[Word], position: int, first: int) -> bool:
    """Up to three lower-case nouns after the name ending in 'lines', 'system', 'platform' ...:
    'Moscow Central Diameters commuter rail lines'."""
    after_determiner = first >= 1 and words[first - 1].lower in {"the", "its", "their", "a"}
    for word in words[position : position + 3]:
        # spaCy reads the "commuter" of "commuter rail lines" as a verb; after "the <name>" a
        # verb cannot follow, so it is a noun there.
        noun_like = word.pos in {"NOUN", "ADJ", "PROPN"} or (
            word.pos == "VERB" and after_determiner
        )
        if word.is_capitalised or not noun_like:
            return False
        if word.lower in _NON_ORG_DESCRIPTIONS:
            return True
    return False


def _abbreviates_non_org(span: list[Word], body: str) -> bool:
    """'EMIAS' defined as '(EMIAS)' right after '... Analytical System': the short name of a
    system, index or programme."""
    if len(span) != 1 or not span[0].is_upper:
        return False
    match = re.search(rf"([A-Za-z]+)\s*\({re.escape(span[0].text)}\)", body)
    return match is not None and match.group(1).lower() in NOT_ORG_TAILS


def _portfolio_before_employer(words: list[Word], span: list[Word], after: Word | None) -> bool:
    """'Minister Delegate for Digital Transition', 'Director of Enterprise and Business Service
    at Telkom': a role, then 'of/for' and a run of field words, is the role's portfolio."""
    first = span[0].index
    if first < 2 or words[first - 1].lower not in {"of", "for"}:
        return False
    role = words[first - 2].lower.rstrip(".")
    if role not in ROLE_WORDS:
        return False
    if after is not None and after.lower == "at":
        return True
    earlier = words[first - 3].lower.rstrip(".") if first >= 3 else ""
    return earlier in PORTFOLIO_ROLES and all(
        is_topic_word(w) or w.lower in {"and", "&"} for w in span
    )


_NUMBER_AFTER = re.compile(r"\.?\s*\d+[A-Za-z]?\b")


def _numbered_name_end(span: list[Word], body: str) -> int | None:
    """'School No. 1568', 'Lyceum Nr 5': an abbreviation of 'number' and a number end the name."""
    if len(span) < 2 or span[-1].lower.rstrip(".") not in {"no", "nr", "number"}:
        return None
    match = _NUMBER_AFTER.match(body, span[-1].end)
    return match.end() if match else None


def _used_as_modifier(span: list[Word], words: list[Word], after: Word | None) -> bool:
    """'the Vélib' network', 'its OneMap portal', 'the Howeitat tribe': a single unknown name
    between a determiner and a common noun names a kind of that noun (a product, a network,
    a group of people); spaCy's ORG guess alone is not enough there."""
    if len(span) != 1 or after is None or span[0].index == 0:
        return False
    before = words[span[0].index - 1]
    return (
        before.lower in {"the", "its", "their", "his", "her", "our", "a", "an"}
        and after.pos == "NOUN"
        and not after.is_capitalised
        and after.lower not in ORG_NOUNS
        and after.lower not in ROLE_WORDS
    )


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


def _before_is_role(words: list[Word], first: int) -> bool:
    if first < 2 or words[first - 1].lower not in {"of", "for"}:
        return False
    return words[first - 2].lower.rstrip(".") in PORTFOLIO_ROLES


def _plausible_spacy_org(span: list[Word]) -> bool:
    if _is_noise(span) or len(span) > 10:
        return False
    if len(span) >= 3 and span[-2].text in first_names() and span[-1].is_capitalised:
        return False  # "Mobility Claire Dupont": a title's last word and a person's name
    if any(w.pos in {"VERB", "AUX"} and not w.is_capitalised for w in span):
        return False
    if any(w.pos == "VERB" for w in span[1:]):
        return False  # "Lanner Launches New ..." (a headline)
    if not all(
        is_name_word(w) or w.lower in {"of", "for", "and", "&", "de", "the", "on"} for w in span
    ):
        return False
    if any(w.lower in ROLE_WORDS and w.lower not in ORG_SUFFIX_HEADS for w in span):
        return False
    has_head = any(
        w.lower in ORG_SUFFIX_HEADS or w.lower in ORG_PREFIX_HEADS or w.lower in COMPANY_SUFFIXES
        for w in span
    )
    of_positions = [k for k, w in enumerate(span) if w.lower == "of"]
    if of_positions and not (
        span[-1].lower in ORG_SUFFIX_HEADS
        or span[-1].lower in COMPANY_SUFFIXES
        or _prefix_head_position(span) is not None
    ):
        return False  # "Innovation of Rwanda", "Industries of Telangana"
    if span[-1].lower in _GOVERNING_BODIES and all(
        w.lower in {"managing", "supervisory", "executive", "advisory", "steering", "editorial"}
        for w in span[:-1]
    ):
        return False  # "Managing Board": a body of some company, not a name
    if span[0].lower in {"city", "smart", "digital", "metaverse"} and not has_head:
        return False  # "City Brain", "Smart Mobility": programmes and products
    if len(span) == 1:
        word = span[0]
        if word.pos != "PROPN" and not word.is_upper:
            return False  # "Civil registry office"
        if word.sent_start and word.pos != "PROPN":
            return False
        if word.text.isupper() and len(word.text) < 2:
            return False
    return True


def _context_candidates(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    """Names that only their context calls organizations: 'the French company Poma',
    'Smart Columbus, the partnership between ...', 'companies such as Huawei, Grab and ...'."""
    found: list[Candidate] = []
    for chunk in chunks:
        names, _ = _strip_role_prefix(_strip_edges(list(chunk.words)))
        names = _strip_edges(names)
        if not names or (names[0].sent_start and names[0].pos != "PROPN"):
            continue
        if _is_noise(names) or names[-1].lower in EVENT_HEADS:
            continue
        if pairs_of_people(names):
            continue
        first = names[0].index
        # "the (French) (telecom) company X" right before the name.
        cursor = first - 1
        while (
            cursor >= 0
            and words[cursor].lower in _ORG_NOUN_MODIFIERS
            and words[cursor].lower not in ORG_NOUNS
        ):
            cursor -= 1
        if cursor >= 0 and words[cursor].lower in ORG_NOUNS and not words[cursor].is_capitalised:
            found.append(_candidate(names, body, "pattern:org-context", 0.75, 0.6))
            continue
        # "the NetZeroCities consortium", "the Tallinn-based startup": the noun after the name.
        last = names[-1].index
        following = words[last + 1] if last + 1 < len(words) else None
        if (
            cursor >= 0
            and words[first - 1].lower == "the"
            and following is not None
            and following.lower in ORG_NOUNS - {"unit", "division", "arm", "body", "group"}
            and not following.is_capitalised
            and not names[-1].line_break_after
            and names[0].text not in place_index()
            and not any(w.ent_type == "NORP" or w.pos == "ADJ" for w in names)
            and names[-1].lower not in _ORG_NOUN_MODIFIERS
        ):
            # Not "the French company", "the Saudi government": a nationality, not a name.
            found.append(
                _candidate(_drop_possessive_place(names), body, "pattern:org-context", 0.7, 0.6)
            )
            continue
        # "X, the partnership between ...", "X, a former subsidiary of ...".
        last = names[-1].index
        if last + 2 < len(words) and words[last + 1].text == ",":
            window = words[last + 2 : last + 8]
            for offset, word in enumerate(window):
                # "X, a postdoctoral associate at the lab": a position held at an organization
                # describes a person, whatever noun follows.
                if word.lower in {
                    "between", "of", "for", "in", "with", "that", "which", "who", "at",
                }:  # fmt: skip
                    break
                if word.text in {",", ".", ";", ":"} or word.lower.rstrip(".") in ROLE_WORDS:
                    break
                if word.lower in ORG_NOUNS and not word.is_capitalised and offset > 0:
                    if (
                        window[0].lower in {"the", "a", "an", "its", "their"}
                        or window[0].text
                        in {
                            "'s",
                            "\u2019s",
                        }
                        or (offset >= 1 and window[offset - 1].text in {"'s", "\u2019s"})
                    ):
                        found.append(_candidate(names, body, "pattern:org-context", 0.7, 0.6))
                    break
    found.extend(_listed_after_org_plural(words, body))
    return found


_ORG_PLURALS = frozenset(
    {
        "companies",
        "firms",
        "operators",
        "providers",
        "organisations",
        "organizations",
        "groups",
        "startups",
        "start-ups",
        "partners",
        "banks",
        "universities",
        "agencies",
        "vendors",
    }
)


def _listed_after_org_plural(words: list[Word], body: str) -> list[Candidate]:
    """'companies such as Huawei, Grab and Ericsson', 'partners including X and Y'."""
    found: list[Candidate] = []
    for index, word in enumerate(words):
        if word.lower not in _ORG_PLURALS:
            continue
        cursor = index + 1
        if cursor < len(words) and words[cursor].lower == "such" and cursor + 1 < len(words):
            cursor += 2 if words[cursor + 1].lower == "as" else 1
        elif cursor < len(words) and words[cursor].lower in {"including", "like", "include"}:
            cursor += 1
        else:
            continue
        while cursor < len(words):
            run: list[Word] = []
            while (
                cursor < len(words) and is_name_word(words[cursor]) and not words[cursor].sent_start
            ):
                run.append(words[cursor])
                cursor += 1
            if run and not _is_noise(run):
                found.append(_candidate(run, body, "pattern:org-list", 0.7, 0.5))
            if cursor < len(words) and words[cursor].text in {",", "and", "or", "&"}:
                cursor += 1
                if cursor < len(words) and words[cursor].lower in {"and", "or"}:
                    cursor += 1
                continue
            break
    return found


_AGENT_VERBS = frozenset(
    {
        "built",
        "supplied",
        "operated",
        "developed",
        "run",
        "led",
        "financed",
        "funded",
        "acquired",
        "provided",
        "designed",
        "manufactured",
        "made",
        "owned",
        "backed",
        "installed",
        "powered",
        "organised",
        "organized",
        "hosted",
        "sponsored",
        "delivered",
        "managed",
        "produced",
    }
)
_COMPANY_ENDINGS = re.compile(
    r"[A-Z][a-z]+(?:telecom|tel|com|tech|soft|bank|net|pay|ware|energo|labs)$"
)


#: Ordinary nouns shaped like company names ("Software", "Fintech").
_COMMON_COMPANY_SHAPED = frozenset(
    {
        "software",
        "hardware",
        "firmware",
        "middleware",
        "malware",
        "ransomware",
        "internet",
        "network",
        "telecom",
        "fintech",
        "proptech",
        "edtech",
        "govtech",
        "biotech",
        "cleantech",
        "hightech",
        "infotech",
        "payment",
    }
)


def _single_name_agents(words: list[Word], body: str) -> list[Candidate]:
    """'a network built by Vodacom', 'operated by Smovengo', and names shaped like companies
    ('Kazakhtelecom'): single unknown words that only an organization fits."""
    found: list[Candidate] = []
    index = place_index()
    for position, word in enumerate(words):
        if not word.is_capitalised or word.is_punct or word.text in index:
            continue
        if word.lower in MONTHS or word.lower in WEEKDAYS or word.text.casefold() in not_entities():
            continue
        before = words[position - 1] if position > 0 else None
        after = words[position + 1] if position + 1 < len(words) else None
        single = (before is None or not before.is_capitalised or word.sent_start) and (
            after is None or not after.is_capitalised or after.sent_start
        )
        if not single:
            continue
        if (
            after is not None
            and after.lower in {"by", "of", "for", "and", "&"}
            and position + 2 < len(words)
            and words[position + 2].is_capitalised
        ):
            continue  # "Woven by Toyota": part of a longer name
        agent = (
            before is not None
            and before.lower == "by"
            and position >= 2
            and words[position - 2].lower in _AGENT_VERBS
        )
        company_shaped = (
            _COMPANY_ENDINGS.fullmatch(word.text) and word.lower not in _COMMON_COMPANY_SHAPED
        )
        if agent or company_shaped:
            found.append(_candidate([word], body, "pattern:org-agent", 0.6, 0.3))
    return found


#: Roles whose "of/at X" names the person's employer: "chief executive of Sonora Sense",
#: "Director General of Digital Dubai", "an analyst at Omdia".
_EMPLOYER_ROLES = frozenset(
    {
        "ceo",
        "cto",
        "cio",
        "coo",
        "cfo",
        "cdo",
        "cmo",
        "ciso",
        "executive",
        "director",
        "director-general",
        "general",
        "founder",
        "co-founder",
        "cofounder",
        "chairman",
        "chairwoman",
        "chairperson",
        "president",
        "manager",
        "officer",
        "partner",
        "analyst",
        "researcher",
        "economist",
        "engineer",
        "scientist",
        "professor",
        "lecturer",
        "fellow",
        "lead",
        "leader",
        "head",
        "owner",
        "strategist",
    }
)


def _employer_after_role(words: list[Word], body: str) -> list[Candidate]:
    """'chief executive of Sonora Sense', 'analyst at Omdia': the capitalised name right after a
    role and 'of'/'at' is an organization, unless it is a place, or an "X of Y" head phrase
    that the head-noun rules judge on their own."""
    found: list[Candidate] = []
    index = place_index()
    n = len(words)
    for position in range(1, n - 1):
        if words[position].lower not in {"of", "at"}:
            continue
        role = words[position - 1]
        if role.lower.rstrip(".") not in _EMPLOYER_ROLES or role.line_break_after:
            continue
        run: list[Word] = []
        cursor = position + 1
        if cursor < n and words[cursor].lower == "the":
            cursor += 1
        while cursor < n and len(run) < 6:
            word = words[cursor]
            if not (is_name_word(word) or (run and word.lower in {"&", "de"})) or word.sent_start:
                break
            run.append(word)
            if word.line_break_after:
                break
            cursor += 1
        while run and not is_name_word(run[-1]):
            run.pop()
        if not run or len(run) > 5 or _is_noise(run):
            continue
        text = body[run[0].start : run[-1].end]
        if text in index:
            continue  # "Mayor of Moscow", "professor at Leeds"
        if any(w.lower in ORG_PREFIX_HEADS or w.lower in ORG_SUFFIX_HEADS for w in run):
            continue  # "head of the Department of ..." is judged by the head-noun rules
        if run[0].lower in MONTHS or run[0].ent_type in {"DATE", "TIME", "NORP"}:
            continue
        if cursor < n and words[cursor].lower in NOT_ORG_TAILS | {"programme", "program"}:
            continue  # "head of Smart Nation programme"
        if cursor < n and words[cursor].lower in {"of", "for", "at", "and", "&"}:
            continue  # "Director of Digital Operations of ...": a portfolio inside the title
        found.append(_candidate(run, body, "pattern:org-employer", 0.7, 0.6))
    return found


#: Word sequences after which the names that follow are the organizations taking part:
#: "built by Dream Unlimited and Great Gulf", "in partnership with Kvantify".
_PARTNER_CUES = (
    ("partnership", "with"),
    ("partnered", "with"),
    ("teamed", "up", "with"),
    ("joint", "venture", "with"),
    ("contract", "with"),
    ("agreement", "with"),
    ("deal", "with"),
    ("mou", "with"),
    ("together", "with"),
)


def _cue_ends_at(words: list[Word], position: int) -> bool:
    """Whether an agent verb + 'by' or a partnership cue ends at word `position`."""
    if words[position].lower == "by" and position >= 1:
        return words[position - 1].lower in _AGENT_VERBS
    for cue in _PARTNER_CUES:
        start = position - len(cue) + 1
        if start >= 0 and tuple(w.lower for w in words[start : position + 1]) == cue:
            return True
    return False


def _named_partners(words: list[Word], body: str) -> list[Candidate]:
    """'The project will be built by Dream Unlimited and Great Gulf', 'in partnership with
    Kvantify and Nordlys': capitalised names after such cues are organizations, unless they
    are places or people ('built by John Smith')."""
    found: list[Candidate] = []
    index = place_index()
    given_names = first_names()
    n = len(words)
    for position in range(n - 1):
        if not _cue_ends_at(words, position):
            continue
        cursor = position + 1
        if cursor < n and words[cursor].lower == "the":
            cursor += 1
        while cursor < n:
            run: list[Word] = []
            while (
                cursor < n
                and is_name_word(words[cursor])
                and not words[cursor].sent_start
                and len(run) < 5
            ):
                run.append(words[cursor])
                if words[cursor].line_break_after:
                    cursor += 1
                    break
                cursor += 1
            text = " ".join(w.text for w in run)
            longer_name = (
                cursor + 1 < n
                and words[cursor].lower in {"by", "of", "for"}
                and words[cursor + 1].is_capitalised
            )  # "run by Woven by Toyota": part of a longer name
            if (
                run
                and not longer_name
                and not _is_noise(run)
                and text not in index
                and run[0].text not in given_names
                and run[0].lower not in HONORIFICS
                and run[0].lower.rstrip(".") not in ROLE_WORDS
                and run[0].ent_type not in {"GPE", "LOC", "DATE", "NORP"}
                # spaCy often takes a one-word company for a person; a full name it is right.
                and (run[0].ent_type != "PERSON" or len(run) == 1)
            ):
                found.append(_candidate(run, body, "pattern:org-agent", 0.65, 0.3))
            if run and cursor + 1 < n and words[cursor].lower in {"and", "&"}:
                cursor += 1
                continue
            break
    return found


def _governed_units(words: list[Word], body: str) -> list[Candidate]:
    """'the Nairobi City County government': an administrative unit acting as an organization."""
    found: list[Candidate] = []
    units = {"County", "City", "State", "Province", "Region", "Municipality", "District"}
    for index, word in enumerate(words[1:], start=1):
        if word.lower not in {"government", "administration", "council"} or word.is_capitalised:
            continue
        unit = words[index - 1]
        if unit.text not in units:
            continue
        start = index - 1
        while start > 0 and words[start - 1].is_capitalised and not words[start].sent_start:
            start -= 1
        names = _strip_edges(words[start:index])
        if len(names) >= 2:
            found.append(_candidate(names, body, "pattern:org-government", 0.75, 0.75))
    return found


def _of_place_names(chunks: list[Chunk], body: str) -> list[Candidate]:
    """'Fira de Barcelona': a name + 'de/di/do' + a city, with no head word."""
    found: list[Candidate] = []
    index = place_index()
    for chunk in chunks:
        words = _strip_edges(list(chunk.words))
        if len(words) == 3 and words[1].lower in {"de", "di", "do", "da", "del", "della"}:
            record = index.get(words[2].text)
            if (record is not None and words[0].ent_type != "PERSON") or (
                record is not None and record.population >= 500_000
            ):
                found.append(_candidate(words, body, "pattern:org-of-place", 0.6, 0.65))
    return found


_DEFINITION = re.compile(r"\s*\((?P<short>[A-Z][A-Za-z0-9&.\-]{1,11})\)")


def _defined_by_acronym(chunks: list[Chunk], body: str) -> list[Candidate]:
    """'The Water System of Mexico City (SACMEX)': a name with its acronym in parentheses is an
    organization when it also has an organization word, a place or a legal form in it."""
    found: list[Candidate] = []
    index = place_index()
    for chunk in chunks:
        words = _strip_edges(list(chunk.words))
        if len(words) < 2:
            continue
        match = _DEFINITION.match(body, words[-1].end)
        if match is None or match.group("short").casefold() in not_entities():
            continue
        if _is_noise(words) or words[-1].lower in EVENT_HEADS:
            continue
        evidence = any(
            w.lower in ORG_SUFFIX_HEADS
            or w.lower in ORG_PREFIX_HEADS
            or w.lower in COMPANY_SUFFIXES
            for w in words
        ) or any(w.text in index for w in words if w.is_capitalised)
        if evidence and not pairs_of_people(words):
            words, _ = _strip_role_prefix(words)
            words = _part_named_by(words, match.group("short"))
            if len(words) >= 2:
                found.append(_candidate(words, body, "pattern:org-acronym", 0.8, 0.65))
    return found


def _initials(words: list[Word]) -> str:
    return "".join(w.text[0] for w in words if w.is_capitalised).upper()


def _part_named_by(words: list[Word], short: str) -> list[Word]:
    """The end of a phrase that the acronym abbreviates: 'Honeywell and Orange Business for the
    Administrative Capital for Urban Development (ACUD)' -> 'Administrative Capital for ...'."""
    letters = "".join(c for c in short if c.isalpha()).upper()
    for start in range(len(words) - 1):
        if words[start].is_capitalised and _initials(words[start:]) == letters:
            return words[start:]
    return _strip_edges(_split_and(words)[-1])


def _venue_acronyms(chunks: list[Chunk], body: str) -> set[str]:
    """Acronyms of venues ('... Exhibition Centre (MITEC)'): never organizations."""
    found = set()
    for chunk in chunks:
        words = list(chunk.words)
        match = _DEFINITION.match(body, words[-1].end)
        if match and _is_venue(words):
            found.add(match.group("short"))
    return found


def _is_venue(words: list[Word]) -> bool:
    return (
        len(words) >= 2
        and words[-1].lower in VENUE_TAILS
        and any(w.lower in VENUE_WORDS for w in words[:-1])
    )


#: A company's legal form after its name, with or without the comma: "Hitachi, Ltd.",
#: "Mitsui Fudosan Co., Ltd.", "Acme Robotics, Inc.", "Siemens AG", "Grupo Ficticio, S.A.".
_LEGAL_FORM = (
    r"(?:Co\.,?\s*Ltd\.?|Co\.,?\s*Inc\.?|Pte\.?\s*Ltd\.?|Pty\.?\s*Ltd\.?|Sdn\.?\s*Bhd\.?"
    r"|Ltd\.?|Limited|Inc\.?|Corp\.?|Co\.|S\.A\.(?:\s*de\s*C\.V\.)?|S\.p\.A\.|GmbH|AG|plc|PLC"
    r"|LLC|L\.L\.C\.|LLP|N\.V\.|B\.V\.|K\.K\.|S\.L\.|S\.A\.S\.)"
)
_NAME_WORD = r"[A-Z][\w&'\u2019-]*"
_LEGAL_NAME = re.compile(
    rf"(?<![\w.])(?P<name>{_NAME_WORD}(?:[ ](?:{_NAME_WORD}|&|de|of)){{0,5}}?)"
    rf"(?P<form>,?[ ]{_LEGAL_FORM})(?![\w])"
)
#: Words that open a sentence or a phrase, not a company's name ("The", "In").
MONTHS_CAPITALISED = frozenset(month.capitalize() for month in MONTHS)
_NOT_NAME_OPENERS = frozenset({"the", "and", "in", "at", "by", "with", "from", "for", "of", "on"})
#: Parts of a company that its name is not: "Smart City Business Division of Hitachi, Ltd."
#: is Hitachi's (the brief of curation: business units are not organizations).
_COMPANY_UNIT = re.compile(
    r"^(?:the\s+)?.+?\s(?:Division|Department|Dept\.?|Business Unit|Unit|Segment|Business|"
    r"Team)\s+of\s+(?:the\s+)?(?P<owner>.+)$"
)


def _legal_names(body: str) -> list[Candidate]:
    """Companies written with their legal form, the whole name kept ("Hitachi, Ltd."); the
    bare name elsewhere in the article ("Hitachi", "Mitsui Fudosan") is the same company."""
    found: list[Candidate] = []
    bare_names: dict[str, None] = {}
    for match in _LEGAL_NAME.finditer(body):
        name_words = match.group("name").split(" ")
        while name_words and name_words[0].casefold() in _NOT_NAME_OPENERS:
            name_words = name_words[1:]
        # "Chief Executive Officer of Acme Holdings Limited", "Smart City Division of Acme,
        # Inc.": a role or a unit is not the company's name.
        for position in range(len(name_words) - 1, 0, -1):
            if name_words[position] == "of" and any(
                word.casefold().rstrip(".") in ROLE_WORDS or word.casefold() in _UNIT_HEADS
                for word in name_words[:position]
            ):
                name_words = name_words[position + 1 :]
                break
        if not name_words or name_words[-1].casefold() in {"and", "&", "of", "de"}:
            continue
        bare = " ".join(name_words)
        if bare.casefold() in not_entities() or bare in MONTHS_CAPITALISED:
            continue
        start = match.start("name") + match.group("name").index(bare)
        end = match.end()
        found.append(
            span_candidate(
                ORGANIZATION,
                body,
                start,
                end,
                "pattern:org-legal",
                0.9,
                attrs={"org_kind": "company"},
                priority=0.85,
            )
        )
        bare_names[bare] = None
    for bare in bare_names:
        for match in re.finditer(rf"(?<![\w.-]){re.escape(bare)}(?![\w-])", body):
            if _LEGAL_NAME.match(body, match.start()) and re.match(
                rf",?[ ]{_LEGAL_FORM}(?![\w])", body[match.end() :]
            ):
                continue  # the full legal name, found above
            found.append(
                Candidate(
                    kind=ORGANIZATION,
                    start=match.start(),
                    end=match.end(),
                    text=bare,
                    extractor="pattern:org-legal-short",
                    confidence=0.85,
                    name=bare,
                    attrs={"org_kind": "company"},
                    # Above spaCy's guess that "Mitsui Fudosan" is a person.
                    priority=0.9,
                )
            )
    return found


_OWNER_AFTER = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][^,.;:()]{0,60})")
_UNIT_HEADS = frozenset({"division", "department", "dept.", "unit", "segment", "business", "team"})


def _without_company_units(found: list[Candidate], body: str) -> list[Candidate]:
    """'Urban Planning Department of Mitsui Fudosan' -> the company: a unit of a company is
    not an organization of its own, and the company is what the sentence names."""
    companies = {
        fold(c.name or c.text)
        for c in found
        if c.extractor in {"pattern:org-legal", "pattern:org-legal-short"}
        or c.attrs.get("org_kind") == "company"
    }
    companies |= {
        fold(name)
        for name, known in known_names_by_surface("organization").items()
        if known.kind == "company"
    }
    kept = []
    for candidate in found:
        match = _COMPANY_UNIT.match(candidate.text)
        if match is not None:
            owner = fold(match.group("owner"))
            if owner in companies or any(owner.startswith(c + " ") for c in companies):
                continue
        words = candidate.text.split()
        if len(words) >= 2 and words[-1].casefold() in _UNIT_HEADS:
            # The name was cut before "of <company>" ("Urban Planning Department | of Acme").
            owner_after = _OWNER_AFTER.match(body, candidate.end)
            if owner_after is not None:
                owner = fold(owner_after.group(1))
                if any(owner == c or owner.startswith(c + " ") for c in companies):
                    continue
        kept.append(candidate)
    return kept


#: "(TSE: 6501", "(NASDAQ: CSCO)": a stock exchange in a ticker, not an organization named.
_TICKER_AFTER = re.compile(r"\s*:\s*[A-Z0-9.]{1,8}\s*[,;)]")
#: "Vision 2030", "Agenda 2063": one word and a year is a plan's name.
_YEAR_AFTER = re.compile(r"\s+(?:19|20)\d\d\b")
#: "the Mayor and Government of Moscow web-site", "... mos.ru": the name of a site or an app.
_SITE_AFTER = re.compile(
    r"\s+(?:web-?site|web\s+site|portal|app|mobile\s+app|homepage|[a-z0-9-]+\.[a-z]{2,4})\b",
    re.IGNORECASE,
)
#: "the Country Digital Acceleration (CDA) program": the name of a programme, lower-case head.
_PROGRAMME_AFTER = re.compile(
    r"(?:\s*\([^()]{1,15}\))?\s+(?:program|programme|project|scheme|plan|"
    r"pilot|experiment|blueprint|trial)\b(?!\s+to\b)"
)
#: "Ethiopia Urban Resilience | and Digital Services Project": the capitalised run that goes on
#: after the name and ends in a programme's head.
_RUN_AFTER = re.compile(r"(?:\s+(?:and|&|of|for|the|[A-Z][\w&'\u2019-]*)){1,8}")
_PROGRAMME_HEADS = frozenset(
    {"project", "programme", "program", "initiative", "scheme", "plan", "strategy", "pilot",
     "experiment", "experiments", "blueprint", "trial", "challenge"}
)  # fmt: skip
#: Newsletters, podcasts and columns: "Startups Weekly", "The Daily Brief".
_PUBLICATION_TAILS = frozenset(
    {"weekly", "daily", "digest", "newsletter", "podcast", "briefing", "bulletin"}
)
#: A plural facility noun ends the name of things, not of one body: "Integrated Command and
#: Control Centres", "Smart City Facilities"; a railway or a road is infrastructure.
_NOT_ORG_LAST_WORDS = frozenset(
    {"centres", "centers", "facilities", "stations", "hubs", "offices", "sectors", "segment",
     "segments", "railway", "expressway", "corridor"}
)  # fmt: skip
#: Bodies every organization has: "the Nominating Committee", "Board of Executive Directors".
_GENERIC_BODY_WORDS = frozenset(
    {"board", "committee", "council", "of", "the", "and", "executive", "executives",
     "directors", "director", "nominating", "nomination", "nominations", "advisory",
     "steering", "audit", "organising", "organizing", "governing", "supervisory",
     "management", "scientific", "selection", "judging", "remuneration", "trustees",
     "governors", "members", "general", "assembly", "annual", "standing"}
)  # fmt: skip
#: Units named with an owner's possessive: "UN-Habitat's Regional Office for Arab States",
#: "Zhejiang University's College of Computer Science": part of the owner.
_UNIT_HEAD_WORDS = frozenset(
    {"office", "division", "department", "unit", "directorate", "bureau", "college", "school",
     "faculty", "board", "committee"}
)  # fmt: skip
#: Event heads that never end an organization's name ("Forum" does: World Economic Forum).
_STRONG_EVENT_HEADS = frozenset(
    {"summit", "conference", "expo", "exhibition", "congress", "festival", "hackathon"}
)
_DEMONYM_ENDINGS = ("ers", "ians", "ans", "ites", "ese", "er", "ian")
_STRONG_ORG_EXTRACTORS = frozenset(
    {"gazetteer:organization", "pattern:org-legal", "pattern:org-legal-short"}
)


def _is_demonym(word: str) -> bool:
    """'Copenhageners', 'Londoners', 'Parisians': the people of a place."""
    for ending in _DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 3:
            stem = word[: -len(ending)]
            if any(form in place_index() for form in (stem, stem + "e", stem + "a", stem + "o")):
                return True
    return False


_POSSESSIVE_OWNER = re.compile(r"([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4})['\u2019]s\s+$")


def _owner_possessive_before(candidate: Candidate, body: str, org_texts: set[str]) -> bool:
    match = _POSSESSIVE_OWNER.search(body[max(0, candidate.start - 120) : candidate.start])
    if match is None:
        return False
    owner = match.group(1)
    return owner in org_texts or owner in known_names_by_surface("organization")


def _not_organizations(found: list[Candidate], body: str) -> list[Candidate]:
    """What the finders proposed that a careful reader would not call an organization: tickers,
    plans, sites, programmes, newsletters, demonyms, places, facilities, business lines, generic
    bodies and units of a named owner."""
    org_texts = {c.text for c in found}
    legal = [c for c in found if c.extractor == "pattern:org-legal"]
    kept: list[Candidate] = []
    dropped_acronyms: set[str] = set()
    for candidate in found:
        text, after = candidate.text, body[candidate.end : candidate.end + 80]
        words = text.split()
        lower_words = [w.casefold() for w in words]
        strong = candidate.extractor in _STRONG_ORG_EXTRACTORS
        drop = (
            _TICKER_AFTER.match(after) is not None
            or _SITE_AFTER.match(after) is not None
            or _PROGRAMME_AFTER.match(after) is not None
            or (len(words) == 1 and _YEAR_AFTER.match(after) is not None and not strong)
            or lower_words[-1] in _PUBLICATION_TAILS
            or (len(words) == 1 and _is_demonym(text))
        )
        if not drop and not strong:
            run = _RUN_AFTER.match(after)
            run_words = run.group(0).split() if run else []
            drop = (
                bool(run_words) and run_words[-1].casefold().rstrip(",.") in _PROGRAMME_HEADS
            ) or (
                len(words) == 1
                and candidate.extractor == "spacy-ner"
                and place_index().get(text) is not None
                and place_index()[text].kind in {CITY, COUNTRY_KIND}
            )
            drop = drop or lower_words[-1] in _NOT_ORG_LAST_WORDS
            # A span cutting through a legal name ("Ltd. and Acme Co.", "Division of Acme")
            # misread the punctuation of "Acme, Ltd.".
            drop = drop or any(
                candidate.overlaps(other) and not other.inside(candidate) for other in legal
            )
            # "CleanEnviro Summit Singapore": an event's head, then only its place.
            drop = drop or any(
                word in _STRONG_EVENT_HEADS
                and all(place_index().get(rest) is not None for rest in words[position + 1 :])
                for position, word in enumerate(lower_words[:-1])
            )
            drop = drop or (
                lower_words[-1] in {"board", "committee", "directors", "council"}
                and all(w in _GENERIC_BODY_WORDS for w in lower_words)
            )
            drop = drop or (
                (lower_words[0] in _UNIT_HEAD_WORDS or lower_words[-1] in _UNIT_HEAD_WORDS
                 or "office" in lower_words)
                and _owner_possessive_before(candidate, body, org_texts)
            )  # fmt: skip
        if not drop:
            kept.append(candidate)
        else:
            defined = re.match(r"\s*\((?P<short>[^()\s,;]{2,12})\)", after)
            if defined:
                dropped_acronyms.add(defined.group("short"))
    # The acronym a dropped name defined ("Country Digital Acceleration (CDA) program") is the
    # programme's too.
    return [
        c for c in kept if c.text not in dropped_acronyms or c.extractor in _STRONG_ORG_EXTRACTORS
    ]


def find_organizations(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    found = _legal_names(body)
    found.extend(_known_candidates(words, body))
    for chunk in chunks:
        found.extend(organizations_from_chunk(chunk, words, body))
    found.extend(_spacy_candidates(words, body))
    found.extend(_context_candidates(words, chunks, body))
    found.extend(_governed_units(words, body))
    found.extend(_of_place_names(chunks, body))
    found.extend(_defined_by_acronym(chunks, body))
    found.extend(_single_name_agents(words, body))
    found.extend(_employer_after_role(words, body))
    found.extend(_named_partners(words, body))
    venues = _venue_acronyms(chunks, body)
    found = _without_company_units([c for c in found if c.text not in venues], body)
    return _not_organizations(found, body)
