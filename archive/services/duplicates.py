"""Finding likely duplicates: MergeSuggestion rows a curator accepts (a merge) or dismisses."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.db import models

from archive.kinds import KINDS
from archive.models import (
    Entity,
    EntityKind,
    EntityMerge,
    MergeSuggestion,
    Organization,
    ReviewStatus,
)
from archive.pipeline.russian.spelling import latin_words, spelling_key
from archive.pipeline.transliteration import transliterate
from archive.pipeline.wordlists import terms
from archive.services.entity_queries import CurationError, entity_model, get_entity
from archive.services.merging import choose_survivor, merge_entities

#: token_sort_ratio at or above which two names are suggested as the same thing.
DEFAULT_SIMILARITY = 90.0
_LEADING_ARTICLE = re.compile(r"^(the|la|le|el|les|los|las|die|der|das)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]+")


def normalise_for_matching(name: str) -> str:
    """Lower-case, no accents, no punctuation, no leading article, in Latin letters.

    "The Río-Group" -> "rio group"; "Олег Зуев" -> "oleg zuev": a record named in Russian and one
    named in English are compared, and suggested to a curator, never merged by themselves.
    """
    decomposed = unicodedata.normalize("NFKD", transliterate(name))
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", ascii_ish.casefold())
    text = " ".join(text.split())
    return _LEADING_ARTICLE.sub("", text)


def matching_key(name: str) -> str:
    """What two names of one thing share, in any script or romanization: "The Sergej
    Orlow" and "Сергей Орлов" -> "sergei orlov" (archive.pipeline.russian.spelling)."""
    return spelling_key(normalise_for_matching(name))


def _in_latin(name: str) -> bool:
    """True when the name has no letters of a script the transliteration table knows."""
    return transliterate(name) == name


def initials(name: str) -> str:
    """The acronym a name would have, in Latin letters: "Inter-American Development Bank" ->
    "iadb", "Департамент информационных технологий" -> "dit" (as "ДИТ" and "DIT" are)."""
    stop = terms("acronym_stop_words.txt")
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    letters = [w[0] for w in words if w.casefold() not in stop and w[0].isalnum()]
    return "".join(latin_words("".join(letters))) if len(letters) >= 2 else ""


@dataclass
class _Candidate:
    pk: int
    name: str
    names: list[str]  # matching keys of the name and aliases
    acronyms: set[str]
    plain: str = ""  # the name as normalise_for_matching gives it, for the reason shown
    written_acronyms: frozenset[str] = frozenset()  # acronyms it is named by, not initials


@functools.lru_cache(maxsize=200_000)
def _name_keys(name: str) -> tuple[str, str, str]:
    """(normalised name, matching key, initials) of a name. Remembered: every import compares
    its new records with all the others, and a long-running worker then reads most names once."""
    plain = normalise_for_matching(name)
    return plain, spelling_key(plain), initials(name)


def _candidates(model: type[Entity]) -> list[_Candidate]:
    fields = ["pk", "name", "aliases"]
    if model is Organization:
        fields.append("acronym")
    result = []
    for row in (
        model.objects.canonical().exclude(review_status=ReviewStatus.REJECTED).values(*fields)
    ):
        raw_names = [row["name"], *(row["aliases"] or [])]
        keys = [_name_keys(n) for n in raw_names]
        names = [k for k in dict.fromkeys(key for _plain, key, _initials in keys) if k]
        written = {
            normalise_for_matching(n).replace(" ", "")
            for n in [*raw_names, row.get("acronym") or ""]
            if n and n.strip().isupper() and 2 <= len(n.strip()) <= 12
        }
        acronyms = written | {letters for _plain, _key, letters in keys if len(letters) >= 3}
        result.append(
            _Candidate(row["pk"], row["name"], names, acronyms, keys[0][0], frozenset(written))
        )
    return result


def _person_names_compatible(first: str, second: str) -> bool:
    """ "J. Smith" and "John Smith" may be one person; "Jane Smith" and "John Smith" are not."""
    a, b = first.split(), second.split()
    if not a or not b or a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    given_a, given_b = a[0], b[0]
    if len(given_a) == 1 or len(given_b) == 1:
        return given_a[0] == given_b[0]
    return given_a == given_b


def find_duplicate_pairs(
    kind: str, *, threshold: float = DEFAULT_SIMILARITY, among: Collection[int] | None = None
) -> list[tuple[int, int, float, str, str, str]]:
    """Likely duplicates of one kind: (first_id, second_id, score, first, second, reason).

    With `among` (record ids, say the records an import created), only pairs with at least one
    of them: the others are compared with them, not with each other.
    """
    # Imported here: the admin loads this module, and neither is needed to start Django.
    import numpy
    from rapidfuzz import fuzz, process

    model = entity_model(kind)
    candidates = _candidates(model)
    if len(candidates) < 2:
        return []
    found: dict[tuple[int, int], tuple[float, str]] = {}
    wanted = set(among) if among is not None else None

    def note(a: _Candidate, b: _Candidate, score: float, reason: str) -> None:
        if wanted is not None and a.pk not in wanted and b.pk not in wanted:
            return
        pair = (min(a.pk, b.pk), max(a.pk, b.pk))
        if pair not in found or found[pair][0] < score:
            found[pair] = (score, reason)

    # 1. Shared names and acronyms: exact, so cheap through an index of name -> records.
    by_name: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        for key in {*candidate.names, *candidate.acronyms}:
            by_name[key].append(candidate)
    for key, group in by_name.items():
        if 1 < len(group) <= 50:  # a name shared by dozens of records is not evidence
            for a, b in _pairs(group, wanted):
                shared_name = key in a.names and key in b.names
                if not shared_name and not _acronym_evidence(key, a, b):
                    continue
                if not shared_name:
                    reason = f"shared acronym “{key.upper()}”"
                elif key not in (a.names[0], b.names[0]):
                    reason = f"same name “{key}”"
                elif _in_latin(a.name) != _in_latin(b.name):  # "Сергей Орлов", "Sergei Orlov"
                    reason = f"same name in another script “{key}”"
                elif a.plain != b.plain:  # "Sergey Orlov", "Sergej Orlov"
                    reason = f"same name in another spelling “{key}”"
                else:
                    reason = f"same name “{key}”"
                if kind == EntityKind.PERSON and not _person_names_compatible(
                    a.names[0], b.names[0]
                ):
                    continue
                note(a, b, 100.0, reason)

    # People are often named by initial and surname ("M. Garcia"), which string similarity
    # scores low: pair records sharing a surname whose given names are compatible.
    if kind == EntityKind.PERSON:
        by_surname: dict[str, list[_Candidate]] = defaultdict(list)
        for candidate in candidates:
            # A surname alone counts too: Russian headlines name people so ("Собянин: ...").
            words = candidate.names[0].split() if candidate.names else []
            if words:
                by_surname[words[-1]].append(candidate)
        for surname, group in by_surname.items():
            if len(group) > 50:
                continue
            for a, b in _pairs(group, wanted):
                if _person_names_compatible(a.names[0], b.names[0]):
                    note(a, b, 90.0, f"same surname “{surname}”, compatible given names")

    # 2. Similar names: all pairs compared in C by rapidfuzz, a block of rows at a time so memory
    # stays small however many records there are.
    main_names = [c.names[0] if c.names else "" for c in candidates]
    rows = [i for i, c in enumerate(candidates) if wanted is None or c.pk in wanted]
    block = 500
    for start in range(0, len(rows), block):
        scores = process.cdist(
            [main_names[i] for i in rows[start : start + block]],
            main_names,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=threshold,
            dtype=numpy.float32,
        )
        for offset, row in enumerate(scores):
            i = rows[start + offset]
            for j in row.nonzero()[0]:
                j = int(j)
                # Each pair once: from its first row when both are rows, else from the one.
                if j == i or (j < i and (wanted is None or candidates[j].pk in wanted)):
                    continue
                a, b = candidates[i], candidates[j]
                if kind == EntityKind.PERSON and not _person_names_compatible(
                    main_names[i], main_names[j]
                ):
                    continue
                note(a, b, float(row[j]), f"similar names ({int(row[j])}%)")

    by_pk = {c.pk: c for c in candidates}
    return [
        (first, second, score, by_pk[first].name, by_pk[second].name, reason)
        for (first, second), (score, reason) in sorted(found.items())
    ]


def _acronym_evidence(key: str, a: _Candidate, b: _Candidate) -> bool:
    """Whether shared initials say something: one of the two is named by them ("UNDP"), or the
    two names are in different scripts, where the initials are the one thing a translation
    keeps ("Департамент транспорта и дорог" and "Department of Transport and Roads"). Two long
    names in one script sharing three initials are mostly chance, and similar ones are found by
    similarity anyway."""
    return (
        key in a.written_acronyms
        or key in b.written_acronyms
        or _in_latin(a.name) != _in_latin(b.name)
    )


def _pairs(
    group: list[_Candidate], wanted: set[int] | None
) -> Iterator[tuple[_Candidate, _Candidate]]:
    """The pairs of `group`; with `wanted`, only those with at least one wanted record."""
    if wanted is None:
        yield from combinations(group, 2)
        return
    for a, b in combinations(group, 2):
        if a.pk in wanted or b.pk in wanted:
            yield a, b


def suggest_merges(
    kind: str | None = None,
    *,
    threshold: float = DEFAULT_SIMILARITY,
    among: Collection[int] | None = None,
) -> list[MergeSuggestion]:
    """Store likely duplicates as open MergeSuggestions; returns the new ones.

    Pairs already suggested (open, accepted or dismissed) are left alone, so a dismissed pair is
    never suggested again. `among`: only pairs with one of these records (find_duplicate_pairs).
    """
    kinds = [kind] if kind else KINDS.values()
    created: list[MergeSuggestion] = []
    for each_kind in kinds:
        pairs = find_duplicate_pairs(each_kind, threshold=threshold, among=among)
        if not pairs:
            continue
        known = set(
            MergeSuggestion.objects.filter(kind=each_kind).values_list("first_id", "second_id")
        )
        new = [
            MergeSuggestion(
                kind=each_kind,
                first_id=first,
                second_id=second,
                first_name=first_name[:300],
                second_name=second_name[:300],
                score=min(max(score, 0.0), 100.0),
                reason=reason[:300],
            )
            for first, second, score, first_name, second_name, reason in pairs
            if (first, second) not in known
        ]
        # No ignore_conflicts: it would leave the new rows without primary keys.
        created.extend(MergeSuggestion.objects.bulk_create(new))
    return created


def accept_merge_suggestion(
    suggestion: MergeSuggestion,
    *,
    survivor_id: int | None = None,
    user: Any | None = None,
    confirm_survivor: bool = False,
) -> EntityMerge:
    """Merge the suggested pair; the survivor is `survivor_id` or the default choice.

    With `confirm_survivor` (a curator decided) the survivor ends up confirmed.
    """
    if suggestion.status != MergeSuggestion.Status.OPEN:
        raise CurationError(f"The suggestion “{suggestion}” is no longer open.")
    first = get_entity(suggestion.kind, suggestion.first_id)
    second = get_entity(suggestion.kind, suggestion.second_id)
    if survivor_id is None:
        survivor, merged = choose_survivor(first, second)
    elif int(survivor_id) in (first.pk, second.pk):
        survivor, merged = (first, second) if int(survivor_id) == first.pk else (second, first)
    else:
        raise CurationError("The survivor must be one of the suggested pair.")
    return merge_entities(
        survivor, merged, user=user, suggestion=suggestion, confirm_survivor=confirm_survivor
    )


def dismiss_merge_suggestions(suggestions: models.QuerySet[MergeSuggestion]) -> int:
    return suggestions.filter(status=MergeSuggestion.Status.OPEN).update(
        status=MergeSuggestion.Status.DISMISSED
    )
