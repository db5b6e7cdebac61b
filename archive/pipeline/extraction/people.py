"""People: spaCy's PERSON guess, cleaned of honorifics and titles, plus names found by their
context (after an honorific or a title, before an apposition with a role, next to "said"); and
the role a person is given in the text."""

from __future__ import annotations

import re

from ..types import PERSON
from ..wordlists import terms
from .candidates import Candidate, span_candidate
from .lexicon import first_names, known_names_by_surface, not_entities, not_entities_exact
from .place_gazetteer import place_index
from .rules import Stage, rule
from .text import Word, entity_runs
from .vocabulary import (
    ACADEMIC_TITLES,
    CASED_COMPANY_SUFFIXES,
    COMPANY_SUFFIXES,
    EVENT_HEADS,
    HONORIFICS,
    LEADING_JUNK,
    MONTHS,
    NAME_PARTICLES,
    NOT_IN_PLACE_NAMES,
    ORG_PREFIX_HEADS,
    ORG_SUFFIX_HEADS,
    ROLE_WORDS,
    SPEECH_VERBS,
    TITLE_BEFORE_NAME,
    WEEKDAYS,
)

_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]\.?")

#: Capitalised words that are never part of a person's name.
NOT_NAME_WORDS = terms("not_name_words.txt")

#: Words that belong to a title before a name ("Acting", "Pro Tem", "Emeritus").
TITLE_QUALIFIERS = terms("title_qualifiers.txt")


_INNER_CAPITAL_OK = re.compile(
    r"^(?:Mc|Mac|O'|O\u2019|D'|D\u2019|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)[A-Z]"
)


def is_name_token(word: Word) -> bool:
    text = word.text
    if word.lower in NAME_PARTICLES:
        return True
    if _INITIALS.fullmatch(text):
        return True
    if not text[:1].isupper() or any(c.isdigit() for c in text):
        return False
    if word.is_upper and len(text) > 3:
        return False  # an acronym, not a name
    if not all(c.isalpha() or c in "-'\u2019." for c in text):
        return False
    # "FinEst", "CityVerve": an inner capital outside "McCarney", "Díaz-Granados", "O'Neill".
    for part in re.split(r"[-'\u2019]", text):
        if (
            any(c.isupper() for c in part[1:])
            and not _INNER_CAPITAL_OK.match(part)
            and not (part.isupper() and len(part) <= 3)
        ):
            return False
    return True


def _middle_initial(word: Word, words: list[Word]) -> bool:
    return word is not words[0] and bool(_INITIALS.fullmatch(word.text))


def _given_name_particle(word: Word, words: list[Word]) -> bool:
    """'Ben Sieger': a particle of surnames ("ben", "van") that opens the name capitalised and
    is a given name is the given name."""
    return word is words[0] and word.text[:1].isupper() and word.text in first_names()


def plausible_person(words: list[Word], places_allowed: bool = False) -> bool:
    """2-5 name tokens, none of them an organization, event, role, month or place word."""
    core = [w for w in words if w.lower not in NAME_PARTICLES or _given_name_particle(w, words)]
    if not 2 <= len(core) <= 5 or len(words) > 6:
        return False
    if not all(is_name_token(w) for w in words):
        return False
    if not words[0].text[:1].isupper() or not words[-1].text[:1].isupper():
        return False
    if _INITIALS.fullmatch(words[-1].text):
        return False  # a name ends with a surname, not an initial
    if words[0].pos == "ADP" and words[0].lower not in NAME_PARTICLES:
        return False  # "In Harbourton, the CIO": a sentence opening with a preposition
    if words[-1].text in CASED_COMPANY_SUFFIXES:
        return False  # "Tallinna Linnatranspordi AS": a company
    if words[0].is_upper and len(words[0].text) >= 3 and "." not in words[0].text:
        return False  # "PKP Polskie Linie Kolejowe": an acronym opens a company's name
    for word in words:
        lower = word.lower.rstrip(".")
        if (
            lower in ORG_SUFFIX_HEADS
            or lower in ORG_PREFIX_HEADS
            or lower in EVENT_HEADS
            # "Jan Vapaavuori", "June Lee": a month that is also a given name, before a surname.
            or (lower in MONTHS and not (word is not words[-1] and word.text in first_names()))
            or lower in WEEKDAYS
            or lower in NOT_NAME_WORDS
            or lower in NOT_IN_PLACE_NAMES
            or lower in COMPANY_SUFFIXES
            or (lower in ROLE_WORDS and lower not in {"dean", "general"})
            # "Victor M. Castellano": a middle initial that is also an honorific ("M.").
            or (word.lower in HONORIFICS and not _middle_initial(word, words))
        ):
            return False
    text = " ".join(w.text for w in words)
    if text.casefold() in not_entities() or text in place_index():
        return False
    if any(w.text in not_entities_exact() for w in words if len(w.text) > 2):
        return False  # "Metaverse Seoul"
    if text in known_names_by_surface("organization") or text in known_names_by_surface("event"):
        return False
    # A run of place names ("Kuala Lumpur Malaysia") is not a person, unless the context says
    # it is ("The company's general manager, Orlando Santiago, said").
    if places_allowed:
        return True
    if all(w.text in place_index() for w in core):
        return False
    # "Superilla Barcelona", "Metaverse Seoul": a programme named after its city. A surname
    # that is a big city or a country needs a known given name in front ("Paris Hilton" aside,
    # "Jack London" passes).
    surname = place_index().get(core[-1].text)
    return not (
        surname is not None
        and (surname.rank >= 3 or surname.population >= 500_000)
        and core[0].text not in first_names()
    )


def _strip_titles(words: list[Word]) -> list[Word]:
    """Drop honorifics, role titles and determiners before a name, possessives after it."""
    while words and (
        words[0].lower in HONORIFICS
        or words[0].lower in LEADING_JUNK
        or words[0].lower.rstrip(".") in ROLE_WORDS
        or words[0].lower in TITLE_QUALIFIERS
        or words[0].lower in {"of", "for", "and", "lord", "lady"}
    ):
        words = words[1:]
    while words and (
        words[-1].lower.rstrip(".") in ROLE_WORDS
        or words[-1].is_punct
        or words[-1].text in {"'s", "\u2019s"}
    ):
        words = words[:-1]
    return words


def _name_after(words: list[Word], position: int, max_tokens: int = 4) -> list[Word]:
    """The run of name tokens starting at `position` (no line break, no comma)."""
    run: list[Word] = []
    index = position
    while index < len(words) and len(run) < max_tokens + 1:
        word = words[index]
        if run and (word.sent_start or run[-1].line_break_after):
            break
        if not is_name_token(word) or word.lower in NOT_NAME_WORDS:
            break
        if word.lower in NAME_PARTICLES and not run and not _given_name_particle(word, [word]):
            break
        if not run and word.lower in TITLE_QUALIFIERS:
            index += 1  # "Mayor Pro Tem Dana Whitlock": the qualifier is the title's
            continue
        run.append(word)
        index += 1
    while run and run[-1].lower in NAME_PARTICLES:
        run.pop()
    return run


def _person(words: list[Word], body: str, extractor: str, confidence: float, priority: float):
    return span_candidate(
        PERSON, body, words[0].start, words[-1].end, extractor, confidence, priority=priority
    )


def _name_run_before(words: list[Word], position: int, longest: int) -> list[Word]:
    """The name-like words just before words[position] (at most `longest`, within a sentence)."""
    run: list[Word] = []
    back = position - 1
    while back >= 0 and len(run) < longest and is_name_token(words[back]):
        run.insert(0, words[back])
        if words[back].sent_start:
            break
        back -= 1
    return run


def find_people(words: list[Word], body: str) -> list[Candidate]:
    found: list[Candidate] = []
    n = len(words)
    # 1. spaCy's PERSON spans, cleaned; a word spaCy marks as beginning one starts a new span.
    for i, j in entity_runs(words, {"PERSON"}, lambda word: word.ent_iob != "B"):
        span = _trim_place_prefix(words, _extend_left(words, _strip_titles(words[i : j + 1])))
        opener = words[span[0].index - 1] if span and span[0].index > 0 else None
        if opener is not None and opener.line_break_after:
            opener = None
        if any(
            w is not None and w.is_upper and len(w.text) >= 3 and "." not in w.text
            for w in (span[0] if span else None, opener)
        ):
            continue  # "PKP Polskie Linie Kolejowe": an acronym opens a company's name
        # "Priya Raman and Arjun Mehta" can come as one span.
        parts = _split_on(span, {"and", "&", ","})
        for part in parts:
            part = _best_name_in(_strip_titles(part))
            if part:
                found.append(_person(part, body, "spacy-ner", 0.75, 0.5))
    # 2. After an honorific or a title: "Mr. Chen Jining", "Mayor Eric Adams",
    #    "Police commissioner C.V. Anand".
    for position, word in enumerate(words[:-1]):
        lower = word.lower
        if word.line_break_after:
            continue  # "Title: Chief Officer" then "Location: ...": a field ends the line
        if lower in HONORIFICS or lower.rstrip(".") in HONORIFICS:
            run = _name_after(words, position + 1)
            if len(run) >= 2 and plausible_person(run[:4]):
                found.append(_person(run[:4], body, "pattern:honorific", 0.85, 0.7))
        elif lower in TITLE_BEFORE_NAME:
            run = _name_after(words, position + 1)
            if 2 <= len(run) <= 4 and plausible_person(run):
                found.append(_person(run, body, "pattern:title", 0.8, 0.6))
            else:
                run = _name_after_title_place(words, position)
                if run:
                    found.append(_person(run, body, "pattern:title", 0.8, 0.6))
    # 3. Apposition with a role: "Park Ji-won, a researcher at ...".
    for position, word in enumerate(words):
        if word.text != "," or position < 2:
            continue
        if not _role_follows(words, position + 1):
            continue
        if (
            words[position + 1].lower in TITLE_BEFORE_NAME
            and len(_name_after(words, position + 2)) >= 2
        ):
            continue  # "..., Mayor Oh Se-hoon said": the title of the next name
        run = _strip_titles(_name_run_before(words, position, 5))
        # Keep the last 2-4 tokens: "Speaking Goh Wei Boon" is not a name.
        for size in (4, 3, 2):
            if len(run) >= size and plausible_person(run[-size:]):
                before = run[-size - 1] if len(run) > size else None
                if before is not None and before.is_upper and len(before.text) >= 2:
                    break  # "PKP Polskie Linie Kolejowe": the acronym opens a company's name
                found.append(_person(run[-size:], body, "pattern:apposition", 0.75, 0.55))
                break
    # 4. Next to a speech verb: "said Goh Wei Boon", "Juwang Zhu said".
    for position, word in enumerate(words):
        if word.lower not in SPEECH_VERBS:
            continue
        run = _name_after(words, position + 1)
        while run and run[0].lower in HONORIFICS:
            run = run[1:]
        # "said Sofia Tavares, general manager of ...": a speech verb before the name and a role
        # after it make a person even of names that are also places (Sofia, Tavares).
        end = position + 1 + len(run)
        role_after_name = end + 1 < n and words[end].text == "," and _role_follows(words, end + 1)
        if 2 <= len(run) <= 4 and plausible_person(run, places_allowed=role_after_name):
            found.append(_person(run, body, "pattern:speech", 0.75, 0.55))
        back_run = _name_run_before(words, position, 4)
        back_run = _trim_place_prefix(words, _strip_titles(back_run))
        # "Head of Mobility Claire Dupont said": the name is the end of the run.
        for size in (4, 3, 2):
            if len(back_run) >= size and plausible_person(back_run[-size:]):
                found.append(_person(back_run[-size:], body, "pattern:speech", 0.75, 0.55))
                break
    # 5. After a role and a comma: "The company's general manager, Orlando Santiago, said".
    for position, word in enumerate(words[:-2]):
        if word.text != "," or position == 0:
            continue
        run = _name_after(words, position + 1)
        after = words[position + 1 + len(run)] if position + 1 + len(run) < n else None
        if not 2 <= len(run) <= 4 or after is None or after.text not in {",", "said", "says"}:
            continue
        if _apposition_before(words, position - 1) is not None and plausible_person(
            run, places_allowed=True
        ):
            found.append(_person(run, body, "pattern:apposition", 0.75, 0.55))
    # 6. Two people joined by "and": "Founded by Priya Raman and Arjun Mehta".
    for position, word in enumerate(words[1:-1], start=1):
        if word.lower not in {"and", "&"}:
            continue
        left = _name_before(words, position - 1)
        right = _name_after(words, position + 1)
        for part in pairs_of_people([*left, word, *right]) if left and right else []:
            found.append(_person(part, body, "pattern:given-name", 0.7, 0.6))
    # 7. A form-like field on a line of its own: "Name: Jane Doe".
    found.extend(people_in_name_fields(words, body))
    return found


def _name_after_title_place(words: list[Word], title: int) -> list[Word]:
    """'Mayor of Fort Lauderdale Dean Trantalis': title, 'of', a known place, then the name."""
    position = title + 1
    if position >= len(words) or words[position].lower not in {"of", "for"}:
        return []
    position += 1
    if position < len(words) and words[position].lower == "the":
        position += 1
    index = place_index()
    for size in (3, 2, 1):
        place = words[position : position + size]
        if len(place) != size or any(w.line_break_after for w in place):
            continue
        if " ".join(w.text for w in place) not in index:
            continue
        run = _name_after(words, position + size)
        if 2 <= len(run) <= 4 and plausible_person(run, places_allowed=True):
            return run
    return []


def _name_before(words: list[Word], last: int, max_tokens: int = 4) -> list[Word]:
    run: list[Word] = []
    index = last
    while index >= 0 and len(run) < max_tokens and is_name_token(words[index]):
        if words[index].line_break_after and run:
            break
        run.insert(0, words[index])
        if words[index].sent_start:
            break
        index -= 1
    return _strip_titles(run)


def _trim_place_prefix(words: list[Word], span: list[Word]) -> list[Word]:
    """'Mayor of Sydney Clover Moore': the place belongs to the title, not to the name."""
    while len(span) > 2 and span[0].text in place_index() and span[0].index > 0:
        if words[span[0].index - 1].lower not in {"of", "in", "for"}:
            break
        span = span[1:]
    return span


def _extend_left(words: list[Word], span: list[Word]) -> list[Word]:
    """spaCy's 'Singh Puri' after '... Affairs Hardeep': take in a name token it left out."""
    if not span or len(span) >= 4 or span[0].sent_start:
        return span
    index = span[0].index - 1
    if index < 0:
        return span
    before = words[index]
    if (
        before.pos == "PROPN"
        and is_name_token(before)
        and not before.line_break_after
        and before.lower not in NAME_PARTICLES
        and plausible_person([before, *span])
        and before.text not in place_index()
    ):
        return [before, *span]
    return span


def _best_name_in(words: list[Word]) -> list[Word]:
    """The longest plausible name at the end of a span: spaCy's 'Urban Affairs Hardeep Singh
    Puri' and 'Sydney Clover Moore' (after 'Mayor of') carry words of the title before them."""
    for skip in range(0, min(3, max(len(words) - 1, 0)) + 1):
        part = _strip_titles(words[skip:])
        if part and plausible_person(part):
            return part
    return []


def pairs_of_people(words: list[Word]) -> list[list[Word]]:
    """'Priya Raman and Arjun Mehta': two names, each opening with a known given name."""
    parts = _split_on(words, {"and", "&"})
    if len(parts) < 2:
        return []
    given = first_names()
    if all(part and part[0].text in given and plausible_person(part) for part in parts):
        return parts
    return []


def _split_on(words: list[Word], separators: set[str]) -> list[list[Word]]:
    parts: list[list[Word]] = [[]]
    for word in words:
        if word.lower in separators:
            parts.append([])
        else:
            parts[-1].append(word)
    return [p for p in parts if p]


def _role_follows(words: list[Word], position: int) -> bool:
    """Whether a role phrase starts at `position` ("a transport engineer", "CEO of ...")."""
    window = []
    index = position
    while index < len(words) and len(window) < 8:
        word = words[index]
        if word.text in {",", ".", ";", ":", "(", ")", '"', "“", "”"}:
            break
        window.append(word)
        index += 1
    if not window:
        return False
    skip = 0
    while skip < len(window) and (
        window[skip].lower in LEADING_JUNK
        or window[skip].lower in {"former", "new", "acting", "interim", "then", "current"}
        or window[skip].text in {"'s", "\u2019s"}
    ):
        skip += 1
    return any(w.lower.rstrip(".") in ROLE_WORDS for w in window[skip : skip + 6])


# --- Roles ---------------------------------------------------------------------------------------

#: Words that end a role phrase after a name.
_ROLE_STOP_WORDS = terms("role_stop_words.txt")
_ROLE_MAX_CHARS = 200


def role_after(
    words: list[Word], last_name_word: int, blocked_from: int, body: str
) -> tuple[int, int] | None:
    """The span of an apposition role after a name: ', Mayor of Beijing,' -> 'Mayor of Beijing'.

    `blocked_from` is the offset where another person (or that person's title) begins; the role
    never runs into it.
    """
    position = last_name_word + 1
    if position >= len(words) or words[position].text != ",":
        return None
    segments: list[tuple[int, int]] = []
    index = position + 1
    # ", who is the company's chief executive": the role after the relative clause's verb.
    if (
        index + 1 < len(words)
        and words[index].lower == "who"
        and words[index + 1].lower in {"is", "was", "serves", "served"}
    ):
        index += 2
        if index < len(words) and words[index].lower == "as":
            index += 1
    # A verb opens the clause after the apposition ("Dana Reyes, our treasurer, serves as
    # editor ..."), not another role.
    while (
        index < len(words)
        and words[index].pos not in {"AUX", "VERB"}
        and _role_follows(words, index)
    ):
        start_word = index
        end_word = index
        while end_word + 1 < len(words):
            following = words[end_word + 1]
            if following.start >= blocked_from or following.sent_start:
                break
            if following.text in {",", ";", ".", ":", '"', "“", "”"}:
                break
            if following.lower in _ROLE_STOP_WORDS and following.lower not in {"at", "on"}:
                break
            if following.text == "(":
                # Keep a parenthesis inside the role: "(WCCD)", "(new administrative capital)".
                close = end_word + 1
                while close < len(words) and words[close].text != ")":
                    close += 1
                if close >= len(words) or words[close].start >= blocked_from:
                    break
                end_word = close
                continue
            end_word += 1
        segments.append((words[start_word].start, words[end_word].end))
        index = end_word + 1
        # Several roles in a row: ", Minister of X, Head of Y".
        if index < len(words) and words[index].text == "," and index + 1 < len(words):
            index += 1
            continue
        break
    if not segments:
        return None
    start, end = segments[0][0], segments[-1][1]
    text = body[start:end]
    # Trailing connectors left when the role stopped before another person ("... and").
    trimmed = re.sub(r"[\s,;]+(and|or|&)?\s*$", "", text)
    end = start + len(trimmed)
    if end - start > _ROLE_MAX_CHARS:
        cut = body.rfind(" ", start, start + _ROLE_MAX_CHARS)
        end = cut if cut > start else start + _ROLE_MAX_CHARS
    return (start, end) if end > start else None


def role_before(words: list[Word], first_name_word: int, body: str) -> tuple[int, int] | None:
    """A title right before a name: 'Mayor of Beijing Chen Jining', 'Police commissioner X',
    or an apposition ending in a comma: "Colombia's transport minister, William Camargo"."""
    index = first_name_word - 1
    while index >= 0 and words[index].lower in HONORIFICS:
        index -= 1
    if index < 0:
        return None
    if words[index].text == ",":
        return _apposition_before(words, index - 1)
    phrase: list[Word] = []
    while index >= 0:
        word = words[index]
        if word.line_break_after and phrase:
            break
        lower = word.lower.rstrip(".")
        if word.is_capitalised or lower in ROLE_WORDS or lower in {"of", "for", "the", "and", "&"}:
            phrase.insert(0, word)
        else:
            break
        if word.sent_start:
            break
        index -= 1
    # The title starts at its first role word, or at capitalised words attached to it
    # ("Nairobi Governor", "Lord Mayor"); never at a connector.
    first_role = next((k for k, w in enumerate(phrase) if w.lower.rstrip(".") in ROLE_WORDS), None)
    if first_role is None:
        return None
    begin = first_role
    while begin > 0 and phrase[begin - 1].is_capitalised and not phrase[begin - 1].is_punct:
        begin -= 1
    phrase = phrase[begin:]
    while phrase and phrase[0].lower in {"the", "and", "&", "of", "for"}:
        phrase = phrase[1:]
    return (phrase[0].start, phrase[-1].end) if phrase else None


def _apposition_before(words: list[Word], last: int) -> tuple[int, int] | None:
    """ "Its chief executive, <name>" / "accompanied by Colombia's transport minister, <name>".

    Only a phrase that opens its clause (at a sentence start, or after a preposition or verb)
    counts: in "Mr. X, Mayor of Beijing, Mr. Y" the title is X's apposition, not Y's."""
    phrase: list[Word] = []
    index = last
    opened = False
    while index >= 0 and len(phrase) < 10:
        word = words[index]
        if word.text == ",":
            return None
        if word.text in {".", ";", ":", '"', "“", "”", "(", ")"}:
            opened = True
            break
        if word.lower in {"by", "with", "to", "from", "as"} or word.pos in {"VERB", "AUX"}:
            opened = True
            break
        if word.line_break_after and phrase:
            opened = True
            break
        phrase.insert(0, word)
        if word.sent_start:
            opened = True
            break
        index -= 1
    if not opened or not phrase or not any(w.lower.rstrip(".") in ROLE_WORDS for w in phrase):
        return None
    if phrase[-1].lower.rstrip(".") not in ROLE_WORDS and not any(
        w.lower in {"of", "for", "at"} for w in phrase
    ):
        return None
    return phrase[0].start, phrase[-1].end


def academic_title_before(words: list[Word], first_name_word: int) -> str:
    """'Professor'/'Prof.' directly before a name, kept as a role when the text gives no other."""
    index = first_name_word - 1
    if index >= 0 and words[index].lower in ACADEMIC_TITLES:
        return words[index].text
    return ""


_NAME_FIELD = re.compile(
    r"^[ \t]*(?:" + "|".join(sorted(map(re.escape, terms("person_field_labels.txt")))) + r")"
    r"[ \t]*:[ \t]*(?=\S)",
    re.IGNORECASE | re.MULTILINE,
)


@rule("people-in-name-fields", Stage.FINDER)
def people_in_name_fields(words: list[Word], body: str) -> list[Candidate]:
    """'Name: Jane Doe' on a line of its own: staff and profile cards, directories and speaker
    lists give a person's name in a labelled field, with nothing around it that the other
    finders read (no verb, no role before it). The whole rest of the line must be a plausible
    name."""
    by_start = {word.start: word for word in words}
    found: list[Candidate] = []
    for match in _NAME_FIELD.finditer(body):
        first = by_start.get(match.end())
        if first is None:
            continue
        run = [first]
        while not run[-1].line_break_after and run[-1].index + 1 < len(words) and len(run) < 5:
            run.append(words[run[-1].index + 1])
        line_end = body.find("\n", match.end())
        if run[-1].end != (len(body) if line_end < 0 else line_end):
            continue  # more on the line than a name
        if plausible_person(run):
            found.append(_person(run, body, "pattern:name-field", 0.8, 0.6))
    return found


_ROLE_FIELD_BELOW = re.compile(
    # The next line, or the next paragraph: the cleaner may give each field a paragraph.
    r"\n\n?[ \t]*(?:" + "|".join(sorted(map(re.escape, terms("role_field_labels.txt")))) + r")"
    r"[ \t]*:[ \t]*(?P<role>[^\n]*\S)",
    re.IGNORECASE,
)


def role_in_the_field_below(body: str, start: int, end: int) -> tuple[int, int] | None:
    """For a name that is the value of a "Name: ..." field (body[start:end]), the span of a
    "Title: ..." field on the line right under it, or None: a profile card gives the person's
    job in the next field."""
    field = _NAME_FIELD.match(body, body.rfind("\n", 0, start) + 1)
    if field is None or field.end() != start:
        return None
    match = _ROLE_FIELD_BELOW.match(body, end)
    return match.span("role") if match else None
