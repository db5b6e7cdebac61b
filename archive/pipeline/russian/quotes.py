# ruff: noqa: RUF001 - typographic quotes and dashes are the data this module reads.
"""Quotations in «», „“ and "", and who said them.

Russian direct speech is set off by a dash after the quotation («...», — сказал Иванов) or by a
colon before it (Иванов заявил: «...», or a name and a colon alone: Иванов: «...»); a quoted
phrase with neither is a name or a title («Открытые данные»), unless a speaker is attributed
to it ("по словам Иванова"). The speaker is a person mentioned next to a speech verb
(`data/speech_verbs_ru.txt`, matched by lemma, so "сказал", "сказала" and "скажет" all count)
in the same sentence: after the quotation the first person, before it the last one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..extraction.rules import Stage, rule
from ..types import ExtractedQuote
from ..wordlists import lines
from .entities import SPEAKER_ROLES, Group
from .nlp import models

#: «...» with one level of «» or „“ inside, or „...“ on its own.
#: Straight double quotes ("...") on one line count too: some sites type no other kind, and
#: then also quote a word inside the same way ("... понятие "проездной" исчезнет"): an inner
#: pair opens after a space and closes before a space or a punctuation mark. So do the English
#: marks (“...”), which sites outside Russia often type.
QUOTATION = re.compile(
    r"«(?P<guillemets>(?:[^«»\n]|«[^«»\n]*»)+)»|„(?P<low>[^„“”\n]+)[“”]"
    r'|(?<![\w"])"(?P<straight>(?:[^"\n]|(?<=\s)"[^"\s][^"\n]*?[^"\s]?"(?=[\s,.;:!?]))+)"'
    r'(?![\w"])'
    r"|“(?P<curly>[^“”„\n]+)”"
)
DASH_AFTER = re.compile(r"^[,.!?…]?\s*[—–-]\s")
COLON_BEFORE = re.compile(r":\s*$")
MIN_WORDS = 3
#: A paragraph that opens with a dash: direct speech (its text is group 1).
LINE_OPENED_BY_DASH = re.compile(r"(?m)^[—–-] +(\S.*)$")
#: The dash that ends the first part of the speech and opens its attribution. Sites that type
#: a hyphen for the dash ("..., - рассказала министр.") set it after a punctuation mark.
ATTRIBUTION_DASH = re.compile(r"(?:[,.!?…]? [—–]|[,.!?…] -) ")
#: The dash after the attribution where the speech resumes (". — ").
RESUMED_SPEECH = re.compile(r"[.,] [—–-] ")

SPEECH_LEMMAS = tuple(tuple(line.split()) for line in lines("speech_verbs_ru.txt"))


class Lemma(NamedTuple):
    """One word of the page: where it starts, its lemma, its text and its part of speech."""

    position: int
    lemma: str
    text: str
    pos: str


def find_quotes(doc: Any, body: str, groups: Sequence[Group]) -> list[ExtractedQuote]:
    people = sorted(
        (
            (m.start, m.end, group)
            for group in groups
            if group.kind == "person"
            for m in group.mentions
        ),
        key=lambda item: item[0],
    )
    sentences = [(sentence.start, sentence.stop) for sentence in doc.sents]
    lemmas = [
        Lemma(token.start, token.lemma or token.text.casefold(), token.text, token.pos)
        for token in doc.tokens
    ]
    named = [(m.start, m.end) for group in groups if group.kind != "person" for m in group.mentions]
    quotes = []
    for match in QUOTATION.finditer(body):
        group_name = next(g for g in ("guillemets", "low", "straight", "curly") if match.group(g))
        start, end = match.span(group_name)
        text = match.group(group_name)
        if len(text.split()) < MIN_WORDS:
            continue
        if any(s <= start and end <= e for s, e in named):
            continue  # «Цифровые сёла России»: the quoted name of an event or a body
        # «Первая часть, — сказал Иванов. — Вторая часть»: the attribution is inside the marks.
        inner = _split_by_attribution(body, start, end, lemmas, people)
        if inner:
            quotes += [_quote(body, s, e, speaker) for s, e, speaker in inner]
            continue
        after_from = match.end()
        after_to = _sentence_end(sentences, match.end() - 1)
        before_from = _sentence_start(sentences, match.start())
        before_to = match.start()
        speaker = None
        if _says(lemmas, after_from, after_to):
            speaker = next((g for s, _e, g in people if after_from <= s < after_to), None)
        if speaker is None and _says(lemmas, before_from, before_to):
            speaker = next(
                (g for s, e, g in reversed(people) if before_from <= s and e <= before_to), None
            )
        if speaker is None and _says(lemmas, after_from, after_to):
            # (switched off, the rule gives [], read as no speaker)
            speaker = speaker_by_role(lemmas, after_from, after_to, people) or None
        if speaker is None:
            # (switched off, the rule gives [], read as no speaker)
            speaker = speaker_before_colon(body, before_from, before_to, people) or None
        if speaker is None and _says(lemmas, after_from, after_to):
            speaker = (
                speaker_named_by_a_pronoun(lemmas, after_from, after_to, match.start(), people)
                or None
            )
        is_speech = DASH_AFTER.match(body[after_from : after_from + 4]) or COLON_BEFORE.search(
            body[before_from:before_to]
        )
        if speaker is None and not is_speech:
            continue  # a name or a title in quotes, not something somebody said
        quotes.append(
            ExtractedQuote(
                text=text,
                start=start,
                end=end,
                speaker_key=speaker.key if speaker is not None else None,
                speaker_name=speaker.name if speaker is not None else "",
                extractor="quotes_ru",
            )
        )
    dashed = _dash_paragraphs(body, lemmas, people)
    unclosed = unclosed_quotations(body, lemmas, people)
    for start, end, speaker in [*dashed, *unclosed]:
        if (start, end, speaker) in unclosed:
            # «... «Имя», — сказал X.: the quoted name that closes the speech, read alone as
            # a quotation, is part of this one (one closing mark ends both).
            quotes = [q for q in quotes if not (start < q.start and end - 1 <= q.end <= end)]
        if not any(q.start < end and start < q.end for q in quotes):
            quotes.append(_quote(body, start, end, speaker))
    return sorted(quotes, key=lambda q: q.start)


def _quote(body: str, start: int, end: int, speaker: Group) -> ExtractedQuote:
    return ExtractedQuote(
        text=body[start:end],
        start=start,
        end=end,
        speaker_key=speaker.key,
        speaker_name=speaker.name,
        extractor="quotes_ru",
    )


def _dash_paragraphs(
    body: str, lemmas: list[Lemma], people: list[tuple[int, int, Group]]
) -> list[tuple[int, int, Group]]:
    """Direct speech opened by a dash at the start of a paragraph, attributed after another
    dash to a named speaker: "— Первая часть, — сказал Иванов. — Вторая часть." gives two
    quotes (split by the attribution), both his. A dash paragraph without a speaker named by
    a speech verb is not counted."""
    found = []
    for line in LINE_OPENED_BY_DASH.finditer(body):
        found += _split_by_attribution(body, line.start(1), line.end(1), lemmas, people)
    return found


#: An opening guillemet whose quotation the line never closes (group 1: the words after it).
#: A name quoted inside it may close there: «... «Имя», — сказал X. writes one closing mark
#: where the nested quotations both end, as typists often do.
UNCLOSED = re.compile(r"(?m)«((?:[^«»\n]|«[^«»\n]*»)+)$")


@rule("ru-unclosed-quotations-split-by-attribution", Stage.FINDER)
def unclosed_quotations(
    body: str, lemmas: list[Lemma], people: list[tuple[int, int, Group]]
) -> list[tuple[int, int, Group]]:
    """A quotation opened with «, interrupted by its attribution («..., — сказал Иванов.») and
    never closed before the paragraph ends (the closing mark lost in editing or scraping) is
    still direct speech: the part before the attribution is the speaker's quote, and so is the
    part after a resumed dash. Without a named speaker after a speech verb, nothing."""
    found = []
    for match in UNCLOSED.finditer(body):
        found += _split_by_attribution(body, match.start(1), match.end(1), lemmas, people)
    return found


def _split_by_attribution(
    body: str,
    content: int,
    end: int,
    lemmas: list[Lemma],
    people: list[tuple[int, int, Group]],
) -> list[tuple[int, int, Group]]:
    """The parts of the speech between `content` and `end` around an attribution set off by
    dashes (", — сказал Иванов. — "), each with that speaker; [] when there is none."""
    for dash in ATTRIBUTION_DASH.finditer(body, content, end):
        attribution = dash.end()
        resumed = RESUMED_SPEECH.search(body, attribution, end)
        attribution_end = resumed.start() if resumed else end
        if not _says(lemmas, attribution, attribution_end):
            continue
        speaker = next((g for s, _e, g in people if attribution <= s < attribution_end), None)
        if speaker is None:
            # "..., — рассказала министр.": the page's person with that role.
            speaker = speaker_by_role(lemmas, attribution, attribution_end, people) or None
        if speaker is None:
            speaker = (
                speaker_named_by_a_pronoun(lemmas, attribution, attribution_end, content, people)
                or None
            )
        if speaker is None:
            continue
        parts = [(content, dash.start())]
        if resumed:
            parts.append((resumed.end(), end))
        return [(s, e, speaker) for s, e in parts if len(body[s:e].split()) >= MIN_WORDS]
    return []


def _sentence_end(sentences: list[tuple[int, int]], position: int) -> int:
    return next((stop for start, stop in sentences if start <= position < stop), position + 1)


def _sentence_start(sentences: list[tuple[int, int]], position: int) -> int:
    return next((start for start, stop in sentences if start <= position < stop), position)


def _says(lemmas: list[Lemma], start: int, end: int) -> bool:
    """Whether a speech verb (or phrase) stands between `start` and `end`."""
    words = [item.lemma for item in lemmas if start <= item.position < end]
    for phrase in SPEECH_LEMMAS:
        size = len(phrase)
        if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
            return True
    return False


#: A person's name, then a colon right before the quotation ("Иван Котов: «...»").
NAME_THEN_COLON = re.compile(r"\s*:\s*$")


@rule("ru-speakers-named-before-a-colon", Stage.FINDER)
def speaker_before_colon(
    body: str, start: int, end: int, people: list[tuple[int, int, Group]]
) -> Group | None:
    """A quotation opened right after a person's name and a colon, with no speech verb ("Глава
    ведомства Иван Котов: «...»", the way headlines and introductions attribute speech) is
    that person's; None when no person's name ends at the colon."""
    for mention_start, mention_end, group in reversed(people):
        if start <= mention_start and mention_end <= end:
            return group if NAME_THEN_COLON.fullmatch(body, mention_end, end) else None
    return None


#: How many words before a person's name its role word may stand ("мэр Москвы Иван Котов").
ROLE_DISTANCE = 8


@rule("ru-speakers-named-by-their-role", Stage.FINDER)
def speaker_by_role(
    lemmas: list[Lemma], start: int, end: int, people: list[tuple[int, int, Group]]
) -> Group | None:
    """A quote attributed by a role alone ("— написал мэр.") is the speech of the page's person
    the text gives that role (the role word a few words before the name: "мэр столицы Иван
    Котов"), or of the page's only person; None when neither says who."""
    roles = {item.lemma for item in lemmas if start <= item.position < end} & SPEAKER_ROLES
    if not roles:
        return None
    starts = [item.position for item in lemmas]
    named = set()
    # Each role word names the first person after it, when the words between them are the
    # role's own ("министр транспорта региона Иван Котов"): no verb, no sentence's end.
    for index, item in enumerate(lemmas):
        if item.lemma not in roles or start <= item.position < end:
            continue  # the attribution's own role word names nobody
        following = next(((s, g) for s, _e, g in people if s > item.position), None)
        if following is None:
            continue
        reach = bisect.bisect_left(starts, following[0])
        between = lemmas[index + 1 : reach]
        if reach - index <= ROLE_DISTANCE and not any(
            w.pos in {"VERB", "AUX"} or w.text in {".", "!", "?", ";"} for w in between
        ):
            named.add(id(following[1]))
    candidates = {id(g): g for _s, _e, g in people}
    if len(named) == 1:
        return candidates[next(iter(named))]
    if len(candidates) == 1:
        return next(iter(candidates.values()))
    return None


#: Third-person pronouns that attribute a quotation ("— отметил он"), as written (in the
#: nominative: "сказали ему" attributes nothing), with the gender of who they stand for.
_PRONOUNS = {"он": "Masc", "она": "Fem"}
#: How far before the quotation the person a pronoun stands for is looked for (characters).
PRONOUN_REACH = 600


@rule("ru-speakers-named-by-a-pronoun", Stage.FINDER)
def speaker_named_by_a_pronoun(
    lemmas: list[Lemma],
    start: int,
    end: int,
    quotation: int,
    people: list[tuple[int, int, Group]],
) -> Group | None:
    """A quotation attributed by a pronoun ("«...», — отметил он") is the speech of the person
    the text named last before it, close by (the sentence before, as reports introduce a
    speaker and then quote them); None when no person is named there. `start` and `end` bound
    the attribution, `quotation` is where the quoted words begin."""
    genders = {
        _PRONOUNS[item.text.casefold()]
        for item in lemmas
        if start <= item.position < end and item.text.casefold() in _PRONOUNS
    }
    if len(genders) != 1:
        return None
    before = [g for s, _e, g in people if quotation - PRONOUN_REACH <= s < quotation]
    # The last person named before the quotation whose gender the pronoun's is (or unknown).
    for group in reversed(before):
        if _gender_of(group) in genders | {None}:
            return group
    return None


def _gender_of(person: Group) -> str | None:
    """The gender of a person's given name, as the morphology reads it; None if unknown."""
    first = person.name.split()[0].casefold() if person.name.split() else ""
    for form in models().morph_vocab.parse(first):
        if form.pos in {"NOUN", "PROPN"} and form.feats.get("Gender") in {"Masc", "Fem"}:
            return form.feats["Gender"]
    return None
