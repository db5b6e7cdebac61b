"""Organizations from capitalised phrases: head-noun patterns ("... Authority", "Department of
...") that cut role titles, demonyms and possessive places off a phrase.
"""

from __future__ import annotations

from ..types import ORGANIZATION
from ..wordlists import terms
from .candidates import Candidate
from .lexicon import (
    known_names_by_surface,
)
from .org_shapes import (
    GENERIC_MODIFIERS,
    INSTITUTION_HEADS,
    WEAK_SUFFIX_HEADS,
    drop_possessive_place,
    is_acronym,
    is_noise,
    is_topic_word,
    org_candidate,
    prefix_head_position,
    strip_edges,
    strip_role_prefix,
    with_listed_topics,
    with_location,
)
from .place_gazetteer import place_index
from .text import Chunk, Word
from .vocabulary import (
    CASED_COMPANY_SUFFIXES,
    COMPANY_SUFFIXES,
    EVENT_HEADS,
    FOREIGN_OPENING_HEADS,
    ORG_PREFIX_CONNECTORS,
    ORG_PREFIX_HEADS,
    ORG_SUFFIX_HEADS,
)

#: Last words of a utility's name after "&" (utility_name_tails.txt).
UTILITY_NAME_TAILS = terms("utility_name_tails.txt")


def split_and(words: list[Word]) -> list[list[Word]]:
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
            or prefix_head_position(right) is not None
        )
        if any(w.lower in ORG_PREFIX_CONNECTORS for w in left):
            # Inside "X of A and B" the "and" joins topics, unless B is a name of its own:
            # "University of Cape Town and Stellenbosch University", not "... and Digital
            # Government".
            named_right = (
                len(right) >= 2
                and right[-1].lower in INSTITUTION_HEADS
                and right[0].lower not in GENERIC_MODIFIERS
                and right[0].pos == "PROPN"
            ) or right[0].lower in FOREIGN_OPENING_HEADS
            # "Mayor's Office of Medellín and Ruta N": after a place, "and" starts a new name
            # (topics joined by "and" are not places: "Economic and Social Affairs").
            after_place = left[-1].text in place_index() and right[0].text not in place_index()
            if right_strong or named_right or after_place:
                return [left, *split_and(right)]
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
        # "Northfield Power & Light": an ampersand before a utility's last word joins the
        # words of its name ("Brookton Energy Group & Voltaro" are two companies).
        joined_by_ampersand = (
            word.text == "&" and len(right) == 1 and right[0].lower in UTILITY_NAME_TAILS
        )
        if left_complete and right_complete and not joined_by_ampersand:
            return [left, *split_and(right)]
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
    words = strip_edges(list(chunk.words))
    # A sentence-initial word that is not a proper noun is not part of a name ("Researchers").
    while len(words) > 1 and words[0].sent_start and words[0].pos not in {"PROPN"}:
        if words[0].lower in ORG_PREFIX_HEADS or words[0].lower in ORG_SUFFIX_HEADS:
            break
        words = strip_edges(words[1:])
    words, stripped = strip_role_prefix(words)
    words = strip_edges(words)
    if not words:
        return []
    found: list[Candidate] = []
    listed = _with_leading_topics(words, all_words)
    if listed is not None:
        return [org_candidate(listed, body, "pattern:org-head", 0.85, 0.7)]
    parts = split_and(words)
    known = known_names_by_surface(ORGANIZATION)
    for part in parts:
        part = strip_edges(part)
        if not part:
            continue
        text = " ".join(w.text for w in part)
        if len(parts) > 1 and text in known:
            # Listed next to another organization: a known name that is also a common word
            # ("BT", "Grab") needs no further evidence.
            record = known[text]
            candidate = org_candidate(
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
    words = drop_possessive_place(words)
    if not words or is_noise(words):
        return None
    if academic_unit(words, all_words):
        return None
    last = words[-1].lower
    if last in EVENT_HEADS or (
        len(words) > 1 and words[-2].lower in EVENT_HEADS and words[-1].is_year
    ):
        return None  # an event's name; the event finder decides
    prefix = prefix_head_position(words)
    if prefix is not None:
        inner = inner_company(words, prefix)
        if inner is not None:
            return org_candidate(inner, body, "pattern:org-suffix", 0.85, 0.7)
    if (last in COMPANY_SUFFIXES or words[-1].text in CASED_COMPANY_SUFFIXES) and len(words) >= 2:
        return org_candidate(words, body, "pattern:org-suffix", 0.9, 0.8, org_kind="company")
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
        words = with_location(with_listed_topics(words, all_words), all_words)
        return org_candidate(words, body, "pattern:org-head", 0.85, 0.7)
    if words[0].lower in FOREIGN_OPENING_HEADS and len(words) >= 2 and words[0].is_capitalised:
        return org_candidate(words, body, "pattern:org-head", 0.8, 0.7)
    if last in ORG_SUFFIX_HEADS and len(words) >= 2:
        words = trim_of_prefix(words)
        if last in WEAK_SUFFIX_HEADS and not _weak_head_supported(words, after_role):
            return None
        if words[0].sent_start and len(words) == 2 and words[0].pos not in {"PROPN"}:
            return None
        return org_candidate(words, body, "pattern:org-head", 0.85, 0.7)
    return None


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


def academic_unit(words: list[Word], all_words: list[Word]) -> bool:
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


GOVERNING_BODIES = frozenset({"board", "committee", "council"})


def inner_company(words: list[Word], prefix: int) -> list[Word] | None:
    """'Managing Board of Siemens AG' -> 'Siemens AG': the body of a company is the company."""
    if words[prefix].lower not in GOVERNING_BODIES or prefix + 2 >= len(words):
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


def trim_of_prefix(words: list[Word]) -> list[Word]:
    """'Permit Services Operations of <City> Transport Regulatory Authority': when
    the part before 'of' is no organization, the one after it is the name."""
    for position in range(len(words) - 2, 0, -1):
        if words[position].lower == "of":
            left, right = words[:position], words[position + 1 :]
            left_is_name = (
                left[-1].lower in ORG_SUFFIX_HEADS or prefix_head_position(left) is not None
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
