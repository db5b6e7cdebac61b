# ruff: noqa: RUF001, RUF002 - Cyrillic letters and typographic quotes are the data here.
"""Organizations Natasha's NER misses or cuts: the forms Russian writes bodies in.

Each is a registered rule (`extraction.rules`), so `extraction_eval.py --ablation` can switch it
off, and each reads its vocabulary from a data file:

- `ru-legal-form-quoted-names`: a legal form and a quoted name, "ПАО «...»", "ГБУ «...»"
  (`data/org_legal_forms_ru.txt`): one organization, named without the quotation marks, the
  quoted name alone an alias (the NER cuts such spans at the closing quote);
- `ru-bodies-named-by-head-word`: a body's head noun and the words after it that depend on it,
  in lower case as running text writes them ("департамента транспорта и развития ...",
  `data/body_heads_ru.txt`), named with only the head in the nominative; a place right after
  them is not part of the name ("... Москвы"), "города <Place>" is;
- `ru-short-names-of-federal-bodies`: one-word short names ("Минцифры", "Росстат",
  `data/short_body_names_ru.txt`), which the NER misses or takes for people;
- `ru-acronyms-join-their-bodies`: an acronym ("ДИТ") is the organization whose initials it
  is, or that it follows in brackets, and an organization named by another's alias is that
  one: one entity, the acronym an alias.

A third language follows the same shape: its own module of finders over its parse, its own
data files, rule names prefixed with its code.
"""

from __future__ import annotations

import re
from typing import Any

from ..extraction.rules import Stage, rule
from ..types import ORGANIZATION, PERSON, PLACE
from ..wordlists import lines, rows
from .entities import Found, Group, fold
from .places import gazetteer_place

LEGAL_FORMS = lines("org_legal_forms_ru.txt")
#: Head lemma -> what the first word after it must be ("any" or "adj").
BODY_HEADS = {lemma: needs for lemma, needs in rows("body_heads_ru.txt")}
SHORT_BODY_NAMES = {fold(name): name for name in lines("short_body_names_ru.txt")}
_FORMS = "|".join(sorted((re.escape(form) for form in LEGAL_FORMS), key=len, reverse=True))
LEGAL_FORM_NAME = re.compile(
    rf"(?<![\w-])({_FORMS})\s*(?:«((?:[^«»\n]|«[^«»\n]*»){{1,80}})»|„([^„“”\n]{{1,80}})[“”]"
    r"|\"([^\"\n]{1,80})\")"
)
#: An acronym: two to six Cyrillic capitals (with no lower-case letter).
ACRONYM = re.compile(r"[А-ЯЁ]{2,6}")
#: Words left out of an acronym ("Комитет по информатизации и связи" -> "КИС").
ACRONYM_SKIP = frozenset({"и", "по", "при", "в", "на", "для", "с", "о", "об"})
#: How many words after its head a body's name may run on.
MAX_NAME_WORDS = 10


@rule("ru-legal-form-quoted-names", Stage.FINDER)
def legal_form_names(body: str) -> list[Found]:
    """A Russian legal or institutional form before a quoted name ("ПАО «...»", "ГБУ «...»",
    "АНО «...»") is one organization named by both, without the quotation marks; the quoted
    name alone is an alias. Natasha's NER ends such spans before the closing quote."""
    found = []
    for match in LEGAL_FORM_NAME.finditer(body):
        quoted = next(g for g in match.groups()[1:] if g is not None)
        inner = " ".join(quoted.replace("«", "").replace("»", "").split())
        if not inner[:1].isupper() and not inner[:1].isdigit():
            continue
        found.append(
            Found(
                ORGANIZATION,
                match.start(),
                match.end(),
                f"{match.group(1)} {inner}",
                "legal_form_ru",
                0.8,
                aliases=(inner,),
            )
        )
    return found


@rule("ru-bodies-named-by-head-word", Stage.FINDER)
def bodies_named_by_head(doc: Any, ner: list[Found]) -> list[Found]:
    """A body's head noun ("департамент", "министерство", "комитет", `body_heads_ru.txt`) and
    the words after it that depend on it name an organization, also in lower case, as running
    text writes it ("руководитель департамента транспорта ..."); only the head is put in the
    nominative. Natasha's NER misses most such names written in lower case, and cuts the
    capitalised ones (the parser tags a capitalised head as a proper noun) before "города
    <Place>", which is part of the name."""
    places = [(m.start, m.end) for m in ner if m.kind in (PLACE, PERSON)]
    found = []
    for sentence in doc.sents:
        tokens = sentence.tokens
        for index, token in enumerate(tokens):
            needs = BODY_HEADS.get((token.lemma or "").casefold())
            if needs is None or token.pos not in ("NOUN", "PROPN"):
                continue
            end = name_end(tokens, index, places)
            if end is None:
                continue
            words = tokens[index : end + 1]
            first = words[1]
            if needs == "adj" and not (first.pos == "ADJ" and first.feats.get("Case") == "Gen"):
                continue
            if first.text.casefold() != "по" and first.feats.get("Case") != "Gen":
                continue
            # The head is the first word: it alone goes into the nominative, the words after
            # it keep their case ("департамента транспорта" -> "Департамент транспорта").
            lemma = token.lemma or token.text
            rest = " ".join(doc.text[token.stop : words[-1].stop].split())
            name = f"{lemma[:1].upper()}{lemma[1:]} {rest}"
            found.append(
                Found(ORGANIZATION, token.start, words[-1].stop, name, "body_head_ru", 0.7)
            )
    return found


def name_end(tokens: list[Any], head: int, places: list[tuple[int, int]]) -> int | None:
    """The index of the last word of the name that `tokens[head]` heads: the following words
    that depend on it or are in the genitive, up to punctuation, a person or a place (which
    "города" may precede); None when no word follows."""
    ids = {tokens[head].id}
    by_id = {t.id: t for t in tokens}
    last = None
    position = head + 1
    while position < len(tokens) and position - head <= MAX_NAME_WORDS:
        token = tokens[position]
        # The parser sometimes hangs a genitive word on a noun before the head ("начальника
        # управления ... комплекса градостроительной политики"): a genitive run goes on.
        genitive = token.feats.get("Case") == "Gen" or token.text.casefold() == "и"
        if (
            token.text == ","
            and tokens[head].text[:1].isupper()
            and _genitive_list_follows(tokens, position + 1)
        ):
            # "Департамента жилищной политики, строительства и благоустройства": the body's
            # fields listed in the genitive, the list closed by "и", are all of its name.
            position += 1
            continue
        if token.pos == "PUNCT" or not (genitive or descends(token, ids, by_id)):
            break
        if token.text.casefold() == "и" and _heads_another_body(tokens, position + 1):
            break  # "управления ... и агентства ...": two bodies, not one name
        if any(start <= token.start < stop for start, stop in places):
            # "города Москвы" is part of the name, whether the NER's place includes "города".
            if (token.lemma or "") == "город" or (
                last is not None and (tokens[last].lemma or "") == "город"
            ):
                last = _through_place(tokens, position, places)
            break
        ids.add(token.id)
        last = position
        position += 1
    while last is not None and tokens[last].text.casefold() in ACRONYM_SKIP | {"город"}:
        last = last - 1 if last - 1 > head else None
    return last


def _genitive_list_follows(tokens: list[Any], position: int) -> bool:
    """Whether the words from `position` are more lower-case genitive words, listed with
    commas and closed by "и" and a genitive word ("строительства и благоустройства", "связи,
    транспорта и энергетики"): the rest of a list of the body's fields, not a new clause. A
    field is no person: "министерства финансов, экспертов и бизнеса" lists who took part."""
    seen_word = False
    while position < len(tokens):
        token = tokens[position]
        lower = token.text.casefold()
        if lower == "и":
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            return seen_word and following is not None and _a_field(following)
        if token.text == ",":
            if not seen_word:
                return False
        elif _a_field(token):
            seen_word = True
        else:
            return False
        position += 1
    return False


def _a_field(token: Any) -> bool:
    """A lower-case word in the genitive that is no person ("строительства", not "врачей")."""
    return (
        token.feats.get("Case") == "Gen"
        and token.text[:1].islower()
        and token.feats.get("Animacy") != "Anim"
    )


def _heads_another_body(tokens: list[Any], position: int) -> bool:
    """Whether the word at `position` is a body's head noun (`body_heads_ru.txt`)."""
    return position < len(tokens) and (tokens[position].lemma or "").casefold() in BODY_HEADS


def _through_place(tokens: list[Any], position: int, places: list[tuple[int, int]]) -> int:
    span = next((s, e) for s, e in places if s <= tokens[position].start < e)
    while position + 1 < len(tokens) and tokens[position + 1].start < span[1]:
        position += 1
    return position


def descends(token: Any, ids: set[str], by_id: dict[str, Any]) -> bool:
    """Whether `token` depends, directly or through others, on one of `ids` (in its sentence)."""
    seen = set()
    current = token
    while current is not None and current.id not in seen:
        if current.head_id in ids:
            return True
        seen.add(current.id)
        current = by_id.get(current.head_id)
    return False


@rule("ru-short-names-of-federal-bodies", Stage.FINDER)
def short_body_names(doc: Any) -> list[Found]:
    """One-word short names of federal bodies ("Минцифры", "Минстрою", "Росстат",
    `short_body_names_ru.txt`) are those organizations, named in the nominative; Natasha's NER
    misses them or tags them as people. The country or the republic written right after one
    is part of its customary name ("Минтранс РФ", "Минфин России", "Минздрав РТ")."""
    found = []
    tokens = list(doc.tokens)
    for position, token in enumerate(tokens):
        name = SHORT_BODY_NAMES.get(fold(token.text)) or SHORT_BODY_NAMES.get(
            fold(token.lemma or "")
        )
        if name is None or not token.text[:1].isupper():
            continue
        stop, aliases = token.stop, ()
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if (
            following is not None
            and doc.text[token.stop : following.start] == " "
            and (
                _COUNTRY_OR_REPUBLIC.fullmatch(following.text)
                or _a_country_written_short(following.text)
            )
        ):
            stop = following.stop
            if following.text in _THE_COUNTRY:
                # "Минстрой РФ" and "Минстрой России" are one ministry, named the second way.
                aliases = (f"{name} {following.text}",)
                name = f"{name} {_THE_COUNTRY[0]}"
            else:
                name = f"{name} {following.text}"
        found.append(
            Found(ORGANIZATION, token.start, stop, name, "short_body_ru", 0.8, aliases=aliases)
        )
    return found


#: The country, or a republic's two initials after a body's name (not a news agency's).
_COUNTRY_OR_REPUBLIC = re.compile(r"России|Р[А-ЯЁ]")


def _a_country_written_short(text: str) -> bool:
    """A country's initials the gazetteer knows, in capitals ("США")."""
    record = gazetteer_place(text) if text.isupper() else None
    return record is not None and record.kind == "country"


#: How the country is written after a federal body's name: the name's own form first.
_THE_COUNTRY = ("России", "РФ")


def merge_found(ner: list[Found], extra: list[Found]) -> list[Found]:
    """The NER's mentions and the rules' organizations: where they overlap, the longer span
    wins (the rules' on a tie); a place or person inside a rule's organization goes."""
    kept_extra = []
    for mention in sorted(extra, key=lambda m: m.start - m.end):
        if not any(_overlap(mention, other) for other in kept_extra):
            kept_extra.append(mention)
    result = []
    for mention in ner:
        rivals = [m for m in kept_extra if _overlap(mention, m)]
        if not rivals:
            result.append(mention)
        elif mention.kind == ORGANIZATION and all(
            mention.end - mention.start > r.end - r.start for r in rivals
        ):
            result.append(mention)
            kept_extra = [m for m in kept_extra if m not in rivals]
    return sorted(result + kept_extra, key=lambda m: (m.start, m.end))


def _overlap(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


@rule("ru-acronyms-join-their-bodies", Stage.STEP)
def join_acronyms(groups: list[Group], body: str) -> None:
    """An organization named by an acronym ("ДИТ") is the page's organization whose initials
    it is, or that it follows in brackets; an organization named by another one's alias is
    that one. One entity, the acronym an alias (annotation rules: the full form is the name)."""
    organizations = [g for g in groups if g.kind == ORGANIZATION]
    for group in organizations:
        if group not in groups:
            continue
        target = _full_form_of(group, organizations, body)
        if target is None or target is group or target not in groups:
            continue
        target.mentions = sorted(
            [*target.mentions, *group.mentions], key=lambda m: (m.start, m.end)
        )
        names = {group.name, *group.aliases, *target.aliases} - {target.name}
        target.aliases = sorted(names, key=fold)
        groups.remove(group)


def _full_form_of(group: Group, organizations: list[Group], body: str) -> Group | None:
    for other in organizations:
        if other is not group and fold(group.name) in {fold(a) for a in other.aliases}:
            return other
    if not ACRONYM.fullmatch(group.name):
        return None
    for other in organizations:
        if other is group or len(other.name.split()) < 2:
            continue
        if initials(other.name) == group.name:
            return other
        for mention in other.mentions:
            after = body[mention.end : mention.end + len(group.name) + 3]
            if after.startswith(f" ({group.name})"):
                return other
    return None


def initials(name: str) -> str:
    """The acronym of a name: the first letter of every word but prepositions and "и"
    ("Департамент информационных технологий" -> "ДИТ")."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper()


@rule("ru-quoted-names-closed", Stage.REPAIR)
def close_quoted_names(found: list[Found], body: str) -> list[Found]:
    """An organization span the NER ends right before the closing quote ("движение «Новая
    Сила»" tagged without its "»") takes the quote in; its name drops the quotation marks and
    the quoted words alone become an alias (so "Новая Сила" elsewhere is the same body)."""
    repaired = []
    for mention in found:
        text = body[mention.start : mention.end]
        if (
            mention.kind == ORGANIZATION
            and text.count("«") == text.count("»") + 1
            and body[mention.end : mention.end + 1] == "»"
        ):
            inner = text[text.rindex("«") + 1 :]
            name = " ".join(mention.name.replace("«", " ").replace("»", " ").split())
            aliases = (inner,) if fold(inner) != fold(name) else ()
            mention = Found(
                mention.kind,
                mention.start,
                mention.end + 1,
                name,
                mention.extractor,
                mention.confidence,
                aliases=aliases,
            )
        repaired.append(mention)
    return repaired
