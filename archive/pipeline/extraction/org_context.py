"""Organization finders that read context: names already in the archive, spaCy's ORG guesses,
and capitalised names next to words that describe an organization.
"""

from __future__ import annotations

import functools
import re

from ..types import ORGANIZATION
from .candidates import Candidate
from .lexicon import (
    KnownName,
    first_names,
    known_names_by_surface,
    known_names_in,
    not_entities,
)
from .org_phrases import (
    GOVERNING_BODIES,
    academic_unit,
    inner_company,
    split_and,
    trim_of_prefix,
)
from .org_shapes import (
    GENERIC_MODIFIERS,
    NOT_ORG_TAILS,
    ORG_NOUN_MODIFIERS,
    ORG_NOUNS,
    PORTFOLIO_ROLES,
    TOPIC_WORDS,
    drop_possessive_place,
    is_noise,
    is_topic_word,
    org_candidate,
    prefix_head_position,
    strip_edges,
    strip_role_prefix,
)
from .people import pairs_of_people
from .place_gazetteer import place_index, with_place_after
from .rules import Stage, rule
from .text import Chunk, Word, entity_runs, is_name_word, list_items
from .vocabulary import (
    COMPANY_SUFFIXES,
    EVENT_HEADS,
    ORG_PREFIX_HEADS,
    ORG_SUFFIX_HEADS,
    ROLE_WORDS,
)


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


def known_candidates(words: list[Word], body: str) -> list[Candidate]:
    known = known_names_by_surface(ORGANIZATION)
    found: list[Candidate] = []
    names = known_names_in(
        words,
        body,
        known,
        9,
        lambda span, record: _known_org_accepted(body, span, record),
        lambda span: _with_regional_arm(words, span),
    )
    for span, arm, record in names:
        candidate = org_candidate(
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
    return found


def _with_regional_arm(words: list[Word], span: list[Word]) -> list[Word]:
    """'Sequoia Capital India', 'Huawei Middle East': a known name and the region it serves."""
    return with_place_after(
        words, span, lambda record: record.kind in {"country", "region"} and record.rank >= 3
    )


_ORG_RUN_BREAKS = frozenset({"'s", "\u2019s", "'", "\u2019", ",", "(", ")"})


def spacy_candidates(words: list[Word], body: str) -> list[Candidate]:
    """spaCy's ORG spans, cleaned: no 'the', no possessive, no role title, no trailing 'of'."""
    known = known_names_by_surface(ORGANIZATION)
    found: list[Candidate] = []
    n = len(words)
    # A possessive, a comma or a bracket ends the name even where spaCy's span goes on.
    for i, j in entity_runs(words, {"ORG"}, lambda word: word.text not in _ORG_RUN_BREAKS):
        after = words[j + 1] if j + 1 < n else None
        span, stripped = strip_role_prefix(strip_edges(words[i : j + 1]))
        span = strip_edges(span)
        if not span or stripped:
            continue
        if after is not None and after.lower.rstrip(".") in ROLE_WORDS:
            continue  # "Joint Secretary", "Managing Director": part of a title
        if after is not None and after.lower in NOT_ORG_TAILS:
            continue  # "National Development strategy": a programme's name
        if len(span) == 1 and (span[0].lower in TOPIC_WORDS or span[0].lower in GENERIC_MODIFIERS):
            continue  # "Science" split off "Department of Education and Science": a field
        if _described_as_non_org(words, j + 1, span[0].index):
            continue  # "the Moscow Central Diameters commuter rail lines"
        if _abbreviates_non_org(span, body):
            continue  # "the ... Information System (EMIAS)": a system's short name
        if _portfolio_before_employer(words, span, after):
            continue  # "Director of Enterprise and Business Service at Telkom": a portfolio
        numbered_end = _numbered_name_end(span, body)
        if numbered_end is not None:
            candidate = org_candidate(span, body, "spacy-ner", 0.6, 0.2)
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
        if academic_unit(span, words):
            continue
        if _used_as_modifier(span, words, after):
            continue
        for part in split_and(span):
            part = strip_edges(part)
            prefix = prefix_head_position(part) if part else None
            inner = inner_company(part, prefix) if prefix is not None else None
            if inner is not None:
                part = inner
            elif part and part[-1].lower in ORG_SUFFIX_HEADS:
                part = trim_of_prefix(part)
            if part and _plausible_spacy_org(part) and not pairs_of_people(part):
                found.append(org_candidate(part, body, "spacy-ner", 0.6, 0.2))
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
    word_before = _acronym_definitions(body).get(span[0].text)
    return word_before is not None and word_before.lower() in NOT_ORG_TAILS


#: "... Analytical System (EMIAS)": the word before a parenthesised short name.
_DEFINED_ACRONYM = re.compile(r"([A-Za-z]+)\s*\(([^()]+)\)")


@functools.lru_cache(maxsize=4)
def _acronym_definitions(body: str) -> dict[str, str]:
    """Each parenthesised short name on the page -> the word before its first definition, read
    in one pass (a search of the whole page per acronym made long pages quadratic)."""
    definitions: dict[str, str] = {}
    for match in _DEFINED_ACRONYM.finditer(body):
        definitions.setdefault(match.group(2), match.group(1))
    return definitions


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


def _before_is_role(words: list[Word], first: int) -> bool:
    if first < 2 or words[first - 1].lower not in {"of", "for"}:
        return False
    return words[first - 2].lower.rstrip(".") in PORTFOLIO_ROLES


def _plausible_spacy_org(span: list[Word]) -> bool:
    if is_noise(span) or len(span) > 10:
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
        or prefix_head_position(span) is not None
    ):
        return False  # "Innovation of Rwanda", "Industries of Telangana"
    if span[-1].lower in GOVERNING_BODIES and all(
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


def context_candidates(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    """Names that only their context calls organizations: 'the French company Poma',
    'Smart Columbus, the partnership between ...', 'companies such as Huawei, Grab and ...'."""
    found: list[Candidate] = []
    for chunk in chunks:
        names, _ = strip_role_prefix(strip_edges(list(chunk.words)))
        names = strip_edges(names)
        if not names or (names[0].sent_start and names[0].pos != "PROPN"):
            continue
        if is_noise(names) or names[-1].lower in EVENT_HEADS:
            continue
        if pairs_of_people(names):
            continue
        first = names[0].index
        # "the (French) (telecom) company X" right before the name.
        cursor = first - 1
        while (
            cursor >= 0
            and words[cursor].lower in ORG_NOUN_MODIFIERS
            and words[cursor].lower not in ORG_NOUNS
        ):
            cursor -= 1
        if cursor >= 0 and words[cursor].lower in ORG_NOUNS and not words[cursor].is_capitalised:
            found.append(org_candidate(names, body, "pattern:org-context", 0.75, 0.6))
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
            and names[-1].lower not in ORG_NOUN_MODIFIERS
        ):
            # Not "the French company", "the Saudi government": a nationality, not a name.
            found.append(
                org_candidate(drop_possessive_place(names), body, "pattern:org-context", 0.7, 0.6)
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
                        found.append(org_candidate(names, body, "pattern:org-context", 0.7, 0.6))
                    break
    found.extend(_listed_after_org_plural(words, body))
    found.extend(_listed_as_companies(words, body))
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


#: A name in a list the page types as companies ("scooter firms Lime and Bird") is one of them,
#: even where a gazetteer knows a village of that name: above the places' priority.
LISTED_ORG_PRIORITY = 1.1


def _listed_after_org_plural(words: list[Word], body: str) -> list[Candidate]:
    """'companies such as Huawei, Grab and Ericsson', 'partners including X and Y'."""
    return [
        org_candidate(run, body, "pattern:org-list", 0.7, LISTED_ORG_PRIORITY)
        for run, _plural in _lists_after_org_plurals(words)
        if not is_noise(run)
    ]


def _lists_after_org_plurals(words: list[Word]) -> list[tuple[list[Word], Word]]:
    """Each name listed after an organization plural, with that plural."""
    found: list[tuple[list[Word], Word]] = []
    for index, word in enumerate(words):
        if word.lower not in _ORG_PLURALS:
            continue
        cursor = index + 1
        if cursor < len(words) and words[cursor].lower == "such" and cursor + 1 < len(words):
            cursor += 2 if words[cursor + 1].lower == "as" else 1
        elif cursor < len(words) and words[cursor].lower in {"including", "like", "include"}:
            cursor += 1
        elif not _names_right_after(words, cursor):
            continue
        for run in list_items(
            words,
            cursor,
            lambda word, _run: is_name_word(word),
            {",", "and", "or", "&"},
            empty_items=True,
        ):
            if run:
                found.append((run, word))
    return found


#: Plurals that only companies fill: a city can be a partner or a member, never a firm.
_COMPANY_PLURALS = frozenset(
    {"companies", "firms", "operators", "providers", "startups", "start-ups", "vendors", "banks"}
)


@rule("names-listed-as-companies", Stage.FINDER)
def _listed_as_companies(words: list[Word], body: str) -> list[Candidate]:
    """Names the page lists as companies are companies, even where the gazetteer knows a town of
    that name (which made them places): after the plural ('the scooter companies Zinc, Vantor
    and Orbo') or before an apposition that counts them ('Zinc and Vantor, two app-based
    scooter companies, ...')."""
    runs = [
        run
        for run, plural in _lists_after_org_plurals(words)
        if plural.lower in _COMPANY_PLURALS and " ".join(w.text for w in run) in place_index()
    ]
    runs += _listed_before_company_apposition(words)
    return [
        org_candidate(run, body, "pattern:org-list", 0.7, LISTED_ORG_PRIORITY)
        for run in runs
        if not is_noise_apart_from_places(run)
    ]


def is_noise_apart_from_places(run: list[Word]) -> bool:
    return (
        " ".join(w.text for w in run).casefold() in not_entities()
        or len(run) > 4
        or not all(is_name_word(w) for w in run)
    )


#: ", two app-based scooter companies": the words that open an apposition counting the names.
_COUNTING_WORDS = frozenset({"two", "three", "four", "five", "six", "both", "all"})
_APPOSITION_MODIFIERS = 5


def _listed_before_company_apposition(words: list[Word]) -> list[list[Word]]:
    """'Zinc and Vantor, two app-based scooter companies, ...': two or more names coordinated
    before an apposition that counts them and says they are companies."""
    found: list[list[Word]] = []
    for index, word in enumerate(words):
        if word.text != "," or index + 2 >= len(words):
            continue
        if words[index + 1].lower not in _COUNTING_WORDS:
            continue
        window = words[index + 2 : index + 2 + _APPOSITION_MODIFIERS]
        plural = next((w for w in window if w.lower in _COMPANY_PLURALS), None)
        if plural is None or any(w.is_punct for w in window[: window.index(plural)]):
            continue
        items = _names_before(words, index - 1)
        if len(items) >= 2:
            found.extend(items)
    return found


def _names_before(words: list[Word], cursor: int) -> list[list[Word]]:
    """The items of 'A, B and C' ending at words[cursor], read backwards within a sentence."""
    items: list[list[Word]] = []
    while cursor >= 0:
        run: list[Word] = []
        while cursor >= 0 and is_name_word(words[cursor]):
            run.insert(0, words[cursor])
            if words[cursor].sent_start:
                break
            cursor -= 1
        if not run:
            break
        items.insert(0, run)
        if run[0].sent_start or cursor < 1:
            break
        cursor = run[0].index - 1
        if words[cursor].lower in {"and", "&"}:
            cursor -= 1
            if cursor >= 0 and words[cursor].text == ",":
                cursor -= 1
        elif words[cursor].text == ",":
            cursor -= 1
        else:
            break
    return items


@rule("org-list-right-after-plural", Stage.REJECT)
def _names_right_after(words: list[Word], cursor: int) -> bool:
    """'the scooter companies Vanta, Orbo and Zuma', 'operators Vanta and Orbo': two or more
    names coordinated right after a plural that says what they are, with no 'such as'. A
    single name there is left to the other finders (the plural may end a clause)."""
    if cursor >= len(words) or not words[cursor].is_capitalised:
        return False
    items = list_items(
        words, cursor, lambda word, _run: is_name_word(word), {",", "and", "&"}, empty_items=True
    )
    return len([run for run in items if run]) >= 2
