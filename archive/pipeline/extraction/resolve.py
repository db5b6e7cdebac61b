"""From overlapping candidates to entities: pick non-overlapping spans, fold variants of one name
into one entity, choose its canonical name, and add the short references (acronyms, surnames)
that only make sense once the full names are known."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from ..types import ENTITY_KINDS, EVENT, ORGANIZATION, PERSON, PLACE
from ..wordlists import terms
from .candidates import Candidate
from .organizations import is_acronym
from .place_gazetteer import COUNTRY, place_index
from .rules import Stage, rule
from .text import Word, fold
from .vocabulary import COMPANY_SUFFIXES, EVENT_HEADS, HONORIFICS, ROLE_WORDS, SPEECH_VERBS

KIND_ORDER = {kind: index for index, kind in enumerate(ENTITY_KINDS)}
#: "(WEF)", and an acronym with its head word: "(AMS Institute)".
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[^()\s,;]{2,12}(?: [A-Z][a-z]{2,14})?)\)")


# --- Picking spans -------------------------------------------------------------------------------


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest span first; ties go to the stronger extractor. Within a kind nothing overlaps;
    across kinds only a place inside an organization's or event's name may overlap."""
    order = sorted(
        candidates,
        key=lambda c: (-c.length, -c.priority, -c.confidence, c.start, KIND_ORDER[c.kind]),
    )
    accepted: list[Candidate] = []
    # Accepted spans by start, so each candidate meets only the spans near it: comparing it with
    # every accepted span made a long page quadratic. Nothing accepted is longer than the first.
    by_start: list[tuple[int, int]] = []
    longest = order[0].length if order else 0
    for candidate in order:
        low = bisect.bisect_left(by_start, (candidate.start - longest + 1,))
        high = bisect.bisect_left(by_start, (candidate.end,))
        nearby = sorted(number for _, number in by_start[low:high])
        keep = True
        for other in (accepted[number] for number in nearby):
            if not candidate.overlaps(other):
                continue
            if (
                candidate.kind == other.kind
                and candidate.start == other.start
                and candidate.end == other.end
            ):
                # Two extractors agree: more confidence, and attributes the first one lacked.
                other.confidence = min(0.99, max(other.confidence, candidate.confidence) + 0.05)
                for key, value in candidate.attrs.items():
                    other.attrs.setdefault(key, value)
                if not other.group and candidate.group:
                    other.group = candidate.group
                keep = False
                break
            if (
                candidate.kind == PLACE
                and candidate.nested_ok
                and candidate.inside(other)
                and other.kind in {ORGANIZATION, EVENT}
                and candidate.length < other.length
            ):
                continue
            keep = False
            break
        if keep:
            bisect.insort(by_start, (candidate.start, len(accepted)))
            accepted.append(candidate)
    accepted = _drop_places_inside_other_names(accepted)
    return sorted(accepted, key=lambda c: (c.start, KIND_ORDER[c.kind]))


@rule("places-inside-names-are-kept-by-evidence", Stage.FILTER)
def _drop_places_inside_other_names(accepted: list[Candidate]) -> list[Candidate]:
    """A place written inside a longer capitalised name counts when that name is an organization
    or event ("Dubai" in "Dubai Electricity and Water Authority") or when its neighbour is a
    title or a person ("Moscow Mayor Sergey Sobyanin"); not in a product or programme name
    ("UAE Pass", "Horizon Europe"), and not when it is the brand itself ("Toyota" in
    "Toyota Motor Corporation")."""
    names = [c for c in accepted if c.kind in {ORGANIZATION, EVENT}]
    people = [c for c in accepted if c.kind in {PERSON, PLACE}]
    kept = []
    for candidate in accepted:
        if candidate.kind != PLACE:
            kept.append(candidate)
            continue
        container = next(
            (n for n in names if candidate.inside(n) and candidate.length < n.length), None
        )
        if container is not None:
            brand = container.attrs.get("known_name", "")
            if (
                container.start == candidate.start
                and container.attrs.get("org_kind") == "company"
                and brand.split()[:1] == candidate.text.split()[:1]
            ):
                continue
            kept.append(candidate)
            continue
        if _short_name_of_organization(candidate, names):
            continue
        neighbours = candidate.attrs.get("neighbours") or []
        if all(_neighbour_explained(n, people, candidate) for n in neighbours):
            kept.append(candidate)
    return kept


def _short_name_of_organization(candidate: Candidate, names: list[Candidate]) -> bool:
    """'at Argonne' after 'Argonne National Laboratory': the short name of the body, not a
    place (only for names the gazetteer does not know as a sizeable city)."""
    record = candidate.attrs.get("record")
    if record is not None and not (record.kind == "city" and record.population < 50_000):
        return False
    for name in names:
        words = name.text.split()
        if (
            name.kind == ORGANIZATION
            and len(words) > 1
            and words[0] == candidate.text
            and words[1] not in {"City", "State", "County"}
        ):
            return True
    return False


def _neighbour_explained(
    neighbour: tuple[int, int, str], people: list[Candidate], candidate: Candidate
) -> bool:
    """The capitalised word next to a place is a title, or part of a person or another place."""
    start, end, lower = neighbour
    if lower.rstrip(".") in ROLE_WORDS or lower in HONORIFICS:
        return True
    return any(
        other is not candidate and other.start <= start and end <= other.end for other in people
    )


# --- Entities ------------------------------------------------------------------------------------


@dataclass
class Draft:
    kind: str
    group: str
    mentions: list[Candidate] = field(default_factory=list)
    known_id: int | None = None
    known_name: str = ""
    acronyms: list[str] = field(default_factory=list)
    defined_names: list[str] = field(default_factory=list)  # names followed by "(ACRONYM)"
    attributes: dict = field(default_factory=dict)
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    key: str = ""

    @property
    def first_start(self) -> int:
        return min(m.start for m in self.mentions)

    def names(self) -> list[str]:
        return [m.name or m.text for m in self.mentions]


_SINGULAR_EXCEPTIONS = ("ss", "us", "is", "ics", "news", "ies")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) > 3 and not word.endswith(_SINGULAR_EXCEPTIONS):
        return word[:-1]
    return word


_ORG_FOLD_STOP = frozenset({"the", "of", "and", "for", "on", "city", "de", "s"})


def org_fold_key(name: str) -> str:
    """'Department of Information Technologies of Moscow' == 'Department of Information
    Technology, Moscow' == 'Moscow Department of Information Technology'."""
    words = [_singular(w) for w in fold(name).split() if w not in _ORG_FOLD_STOP]
    return " ".join(sorted(words))


def _group_key(candidate: Candidate) -> str:
    if candidate.known_id is not None:
        return f"known:{candidate.known_id}"
    if candidate.group:
        return candidate.group
    name = candidate.name or candidate.text
    if candidate.kind == ORGANIZATION:
        return f"org:{org_fold_key(name)}"
    return f"{candidate.kind}:{fold(name)}"


def group(mentions: list[Candidate], body: str) -> list[Draft]:
    drafts: dict[str, Draft] = {}
    for mention in mentions:
        key = _group_key(mention)
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = Draft(kind=mention.kind, group=key)
        draft.mentions.append(mention)
        if mention.known_id is not None:
            draft.known_id = mention.known_id
            draft.known_name = mention.name
        elif mention.attrs.get("known_name") and not draft.known_name:
            draft.known_name = mention.attrs["known_name"]
        if mention.kind in {ORGANIZATION, EVENT}:
            match = _ACRONYM_AFTER.match(body, mention.end)
            if match and _short_name(match.group("acronym"), body):
                acronym = match.group("acronym")
                if fold(acronym) != fold(mention.text) and acronym not in draft.acronyms:
                    draft.acronyms.append(acronym)
                    draft.defined_names.append(mention.name or mention.text)
    result = list(drafts.values())
    result = _merge_acronym_groups(result)
    result = _merge_contained_names(result)
    result = _merge_appositions(result, body)
    return result


#: Between an organization and a second name for it: "PUB, Singapore's National Water
#: Agency, ...", "Ruta N, the city's innovation agency": a determiner or a possessive.
_APPOSITION_GAP = re.compile(r",\s+(?:the\s+|its\s+|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['\u2019]s\s+)")


def _merge_appositions(drafts: list[Draft], body: str) -> list[Draft]:
    """'PUB, Singapore's National Water Agency, has ...': the second name, set off by commas
    and introduced by 'the' or a possessive, is another name of the same organization."""
    organizations = [d for d in drafts if d.kind == ORGANIZATION]
    starts = {m.start: d for d in organizations for m in d.mentions}
    merged: set[int] = set()
    for draft in organizations:
        if id(draft) in merged:
            continue
        for mention in list(draft.mentions):
            gap = _APPOSITION_GAP.match(body, mention.end)
            if gap is None:
                continue
            other = starts.get(gap.end())
            if other is None or other is draft or id(other) in merged:
                continue
            other_end = next(m.end for m in other.mentions if m.start == gap.end())
            if body[other_end : other_end + 1] not in {",", "."}:
                continue  # not closed: "X, the Y and Z" is a list
            if draft.known_id is not None and other.known_id is not None:
                continue  # two curated organizations stay apart
            _merge_into(draft, other)
            merged.add(id(other))
    return [d for d in drafts if id(d) not in merged]


def _short_name(text: str, body: str) -> bool:
    """'(WEF)', '(MoHUA)', or '(Conagua)' when the text goes on to use it."""
    if is_acronym(text) or (len(text.split()) == 2 and is_acronym(text.split()[0])):
        return True
    if not (text[:1].isupper() and text.isalpha() and len(text) >= 3):
        return False
    return len(re.findall(rf"(?<!\w){re.escape(text)}(?!\w)", body)) >= 2


def _merge_into(target: Draft, source: Draft) -> None:
    target.mentions.extend(source.mentions)
    target.mentions.sort(key=lambda m: m.start)
    target.acronyms.extend(a for a in source.acronyms if a not in target.acronyms)
    target.defined_names.extend(source.defined_names)
    if target.known_id is None and source.known_id is not None:
        target.known_id, target.known_name = source.known_id, source.known_name
    if not target.known_name:
        target.known_name = source.known_name


@rule("acronyms-join-their-definitions", Stage.FILTER)
def _merge_acronym_groups(drafts: list[Draft]) -> list[Draft]:
    """A group whose every name is an acronym another group defined joins that group."""
    by_acronym: dict[tuple[str, str], Draft] = {}
    for draft in drafts:
        for acronym in draft.acronyms:
            by_acronym.setdefault((draft.kind, acronym), draft)
    kept: list[Draft] = []
    for draft in drafts:
        names = set(draft.names())
        target = None
        if len(names) == 1:
            target = by_acronym.get((draft.kind, next(iter(names))))
            if target is None and draft.kind == ORGANIZATION and draft.known_id is None:
                target = _spelled_out_by_initials(next(iter(names)), draft, drafts)
                if target is not None:
                    target.acronyms.append(next(iter(names)))
        if target is not None and target is not draft:
            _merge_into(target, draft)
        else:
            kept.append(draft)
    return kept


def _initials_of(name: str) -> set[str]:
    """'U.S. Department of Transportation' -> {'USDOT', 'USDT'}: the acronyms a name may
    have, with and without its small words."""
    every, capitals = [], []
    for word in name.split():
        letters = word.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.)+", word) else word[:1]
        every.append(letters.upper())
        if word[:1].isupper() or word[:1].isdigit():
            capitals.append(letters.upper())
    return {"".join(every), "".join(capitals)}


def _spelled_out_by_initials(acronym: str, draft: Draft, drafts: list[Draft]) -> Draft | None:
    """'USDOT' used without being defined, in an article that names the 'U.S. Department of
    Transportation': the same organization, when exactly one name of the article fits."""
    if not is_acronym(acronym) or not acronym.isupper() or len(acronym) < 3:
        return None
    fits = [
        other
        for other in drafts
        if other is not draft
        and other.kind == ORGANIZATION
        and any(len(n.split()) >= 2 and acronym in _initials_of(n) for n in other.names())
    ]
    return fits[0] if len(fits) == 1 else None


@rule("contained-names-join-longer-ones", Stage.FILTER)
def _merge_contained_names(drafts: list[Draft]) -> list[Draft]:
    """'Forum Virium' joins 'Forum Virium Helsinki'; 'Hardeep Puri' joins 'Hardeep Singh Puri'."""
    kept: list[Draft] = []
    # Folded once per kept draft and refreshed only when a merge adds names to it: folding every
    # pair's names afresh made long pages quadratic in the fold.
    folded: dict[int, set[str]] = {}
    by_length = sorted(drafts, key=lambda d: -max(len(n.split()) for n in d.names()))
    for draft in by_length:
        target = None
        if draft.known_id is None and draft.kind in {ORGANIZATION, PERSON, EVENT}:
            short_names = {fold(n) for n in draft.names()}
            for other in kept:
                if other.kind != draft.kind:
                    continue
                long_names = folded[id(other)]
                if all(_contained(short, long_names, draft.kind) for short in short_names):
                    target = other
                    break
        if target is not None:
            _merge_into(target, draft)
            folded[id(target)] = {fold(n) for n in target.names()}
        else:
            kept.append(draft)
            folded[id(draft)] = {fold(n) for n in draft.names()}
    return sorted(kept, key=lambda d: d.first_start)


_COMPANY_TAILS = terms("company_tails.txt")


@functools.cache
def _folded_country_names() -> frozenset[str]:
    return frozenset(fold(name) for name, record in place_index().items() if record.kind == COUNTRY)


def _contained(short: str, long_names: set[str], kind: str) -> bool:
    short_words = short.split()
    if len(short_words) < 2:
        # "ParkSense" in "ParkSense Technologies": the rest is only legal form or head words.
        # "TransMilenio" in "TransMilenio S.A." (folded "transmilenio s a").
        return (
            kind == ORGANIZATION
            and any(
                long.startswith(short + " ")
                and (
                    all(w in _COMPANY_TAILS or w in COMPANY_SUFFIXES for w in long.split()[1:])
                    or "".join(long.split()[1:]) in _COMPANY_TAILS | COMPANY_SUFFIXES
                    # "Telkom" for "Telkom Indonesia": a company's name and its home country.
                    or " ".join(long.split()[1:]) in _folded_country_names()
                )
                for long in long_names
            )
        )
    for long in long_names:
        long_words = long.split()
        if len(long_words) <= len(short_words):
            continue
        if kind == PERSON:
            # Same first and last name, middle names differ.
            if short_words[0] == long_words[0] and short_words[-1] == long_words[-1]:
                return True
        elif (
            kind == EVENT
            and long.startswith(short + " ")
            and short_words[-1] in EVENT_HEADS
            and long_words[-1] in EVENT_HEADS
            and long_words[-1] != short_words[-1]
        ):
            # "World Cities Summit Mayors Forum" is a forum held at the World Cities Summit,
            # another event.
            continue
        elif long.startswith(short + " ") or long.endswith(" " + short):
            return True
    return False


# --- References ----------------------------------------------------------------------------------


def _free(span: tuple[int, int], taken: list[Candidate], kind: str) -> tuple[bool, list[Candidate]]:
    """Whether a new reference at `span` fits; the weak guesses it would displace."""
    displaced = []
    for other in taken:
        if other.start < span[1] and span[0] < other.end:
            if other.kind == kind:
                return False, []
            record = other.attrs.get("record")
            weak = other.length <= span[1] - span[0] and (
                other.extractor == "spacy-ner"
                or (kind == PERSON and record is not None and record.rank < 3)
            )
            if not weak:
                return False, []
            displaced.append(other)
    return True, displaced


@rule("acronym-mentions", Stage.STEP)
def add_acronym_mentions(drafts: list[Draft], mentions: list[Candidate], body: str) -> None:
    """Once a page defines an acronym for an organization or event ("Full Name (FN)"), every
    later bare use of it is a mention of that entity, where no stronger name holds the span."""
    for draft in drafts:
        if draft.kind not in {ORGANIZATION, EVENT}:
            continue
        for acronym in draft.acronyms:
            pattern = re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])")
            for match in pattern.finditer(body):
                ok, displaced = _free(match.span(), mentions, draft.kind)
                if not ok:
                    continue
                for other in displaced:
                    _remove(other, mentions, drafts)
                mention = Candidate(
                    kind=draft.kind,
                    start=match.start(),
                    end=match.end(),
                    text=acronym,
                    extractor="acronym",
                    confidence=0.9,
                    name=acronym,
                )
                mentions.append(mention)
                draft.mentions.append(mention)
        draft.mentions.sort(key=lambda m: m.start)


def _remove(candidate: Candidate, mentions: list[Candidate], drafts: list[Draft]) -> None:
    if candidate in mentions:
        mentions.remove(candidate)
    for draft in drafts:
        if candidate in draft.mentions:
            draft.mentions.remove(candidate)


@rule("surname-and-first-name-references", Stage.STEP)
def add_person_references(
    drafts: list[Draft], mentions: list[Candidate], words: list[Word], body: str
) -> None:
    """'Lysenko said' is Eduard Lysenko; 'Dr. Maimunah' and 'Oh said' use the first name when an
    honorific or a speech verb makes the reference clear."""
    people = [d for d in drafts if d.kind == PERSON]
    last_names: Counter[str] = Counter()
    first_names: Counter[str] = Counter()
    for person in people:
        tokens = _name_tokens(person)
        if len(tokens) >= 2:
            last_names[tokens[-1]] += 1
            first_names[tokens[0]] += 1
    # Where each person is first named in full: a surname two people share refers to the one
    # named most recently before it ("Ricardo Nunes ... Nunes said").
    introduced = {
        id(person): min(m.start for m in person.mentions if len(m.text.split()) >= 2)
        for person in people
        if any(len(m.text.split()) >= 2 for m in person.mentions)
    }
    # Where each word stands, so each person visits only the words that could name them.
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word.text, []).append(index)
    for person in people:
        tokens = _name_tokens(person)
        if len(tokens) < 2 or id(person) not in introduced:
            continue
        surname, first = tokens[-1], tokens[0]
        namesakes = [p for p in people if id(p) in introduced and _name_tokens(p)[-1] == surname]
        for index in sorted({*positions.get(surname, ()), *positions.get(first, ())}):
            word = words[index]
            is_last = word.text == surname and (
                last_names[surname] == 1
                or _most_recent(namesakes, introduced, word.start) is person
            )
            is_first = word.text == first and first_names[first] == 1 and first != surname
            if not (is_last or is_first):
                continue
            before = words[index - 1] if index > 0 else None
            after = words[index + 1] if index + 1 < len(words) else None
            honorific = before is not None and before.lower in HONORIFICS
            speech = (before is not None and before.lower in SPEECH_VERBS) or (
                after is not None and after.lower in SPEECH_VERBS
            )
            if is_first and not is_last and not (honorific or speech):
                continue
            if (
                before is not None
                and before.is_capitalised
                and not before.sent_start
                and not honorific
                and before.text not in {"'s", "\u2019s"}
                and before.lower not in SPEECH_VERBS
            ):
                continue  # part of another name ("Demi Moore")
            if (
                after is not None
                and after.is_capitalised
                and not word.line_break_after
                and not after.sent_start
            ):
                continue
            ok, displaced = _free((word.start, word.end), mentions, PERSON)
            if not ok:
                continue
            for other in displaced:
                _remove(other, mentions, drafts)
            mention = Candidate(
                kind=PERSON,
                start=word.start,
                end=word.end,
                text=word.text,
                extractor="surname" if is_last else "first-name",
                confidence=0.8,
                name=word.text,
            )
            mentions.append(mention)
            person.mentions.append(mention)
        person.mentions.sort(key=lambda m: m.start)


def _most_recent(people: list[Draft], introduced: dict[int, int], offset: int) -> Draft | None:
    earlier = [p for p in people if introduced[id(p)] < offset]
    return max(earlier, key=lambda p: introduced[id(p)]) if earlier else None


def _name_tokens(person: Draft) -> list[str]:
    full = max(person.names(), key=lambda n: len(n.split()))
    return [t for t in full.split() if t.lower() not in HONORIFICS]


# --- Canonical names and aliases ------------------------------------------------------------------


def choose_names(drafts: list[Draft]) -> None:
    for draft in drafts:
        names = [n for n in draft.names() if n]
        if draft.known_id is not None and draft.known_name:
            draft.name = draft.known_name
        elif draft.kind == PLACE:
            draft.name = _place_name(draft)
        elif draft.kind == ORGANIZATION:
            draft.name = _org_name(draft, names)
        else:
            full = [n for n in names if len(n.split()) >= 2] or names
            draft.name = max(full, key=lambda n: (len(n.split()), len(n), -names.index(n)))
        aliases = {strip_the(n) for n in names} | set(draft.acronyms)
        if draft.known_name:
            aliases.add(draft.known_name)
        if draft.kind == ORGANIZATION:
            aliases |= _org_variants(draft.name)
        aliases.discard(draft.name)
        draft.aliases = sorted(
            a
            for a in aliases
            if (a and fold(a) != fold(draft.name))
            or (a and a != draft.name and a in draft.acronyms)
        )


def strip_the(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _place_name(draft: Draft) -> str:
    for mention in draft.mentions:
        record = mention.attrs.get("record")
        if record is not None and record.canonical_is_fixed:
            return record.name
    written = Counter(strip_the(m.name or m.text) for m in draft.mentions)
    best = max(written.values())
    for mention in draft.mentions:
        name = strip_the(mention.name or mention.text)
        if written[name] == best:
            return name
    return draft.mentions[0].text


def _org_name(draft: Draft, names: list[str]) -> str:
    if draft.defined_names:
        return strip_the(max(draft.defined_names, key=lambda n: (len(n.split()), len(n))))
    spelled = [n for n in names if not is_acronym(n)]
    if not spelled:
        return draft.known_name or names[0]
    return strip_the(max(spelled, key=lambda n: (len(n.split()), len(n), -names.index(n))))


_GOVERNMENT_OF = re.compile(
    r"^(?P<head>Government|Municipality|City) of (?P<place>[A-Z][\w .'-]+)$"
)
_PLACE_GOVERNMENT = re.compile(
    r"^(?P<place>[A-Z][\w.'-]+(?: (?!City )[A-Z][\w.'-]+)?) (?:City )?Government$"
)


def _org_variants(name: str) -> set[str]:
    """Other spellings other articles use for the same body: 'Government of Moscow' <->
    'Moscow Government'. They go into the aliases so the loader can match across articles."""
    variants: set[str] = set()
    located = re.fullmatch(r"(?P<body>.+?), (?P<place>[A-Z][\w .'-]+)", name)
    if located and located.group("place").split()[-1].casefold() not in COMPANY_SUFFIXES:
        # "Department of Information Technology, Moscow": others write it without the city.
        variants.add(located.group("body"))
    match = _GOVERNMENT_OF.match(name)
    if match and match.group("head") == "Government":
        variants.add(f"{match.group('place')} Government")
    match = _PLACE_GOVERNMENT.match(name)
    if match:
        variants.add(f"{match.group('place')} Government")
        variants.add(f"Government of {match.group('place')}")
    return variants
