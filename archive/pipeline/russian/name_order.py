"""People named surname first: "Фамилия Имя Отчество".

Official Russian writing (captions, lists of officials, signatures, staff pages) puts the
surname before the first name and patronymic. Natasha's NER reads such a name as one person
but normalises it word by word, so a surname that is also a common noun loses its reading
("Котов" as the genitive plural of "кот"), and the name keeps its order, so that the same
person written "Иван Сергеевич Котов" elsewhere is another entity. After a long title, the NER
also splits it: the surname becomes an organization and the first name and patronymic a person.

The archive names such a person in the usual order, first name, patronymic, surname, written
in the nominative as the text writes them. Only names written in the nominative are turned:
another case would need the surname's declension, which the dictionary does not know for most
surnames.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..extraction.rules import Stage, rule
from ..types import PERSON
from .entities import Found, fold
from .inflection import PATRONYMIC_ENDINGS
from .nlp import models

#: A capitalised Cyrillic word, a double-barrelled surname included; before a mention, the
#: word that ends the text before it, with one space between.
_UPPER, _LOWER = "[\u0410-\u042f\u0401]", "[\u0430-\u044f\u0451]"
_CAPITALISED = rf"{_UPPER}{_LOWER}+(?:-{_UPPER}{_LOWER}+)?"
_WORD_BEFORE = re.compile(rf"({_CAPITALISED}) $")
_WORD = re.compile(_CAPITALISED)


def _nominative_surname(word: str) -> bool:
    """Whether the dictionary (or its guess) can read `word` as a surname in the nominative."""
    return any(
        "Surn" in str(parse.tag) and "nomn" in str(parse.tag)
        for parse in models().morph_vocab.parse(fold(word))
    )


def _written_in_nominative(text: str, name: str) -> bool:
    """Whether the text of a first name and patronymic is its nominative normal form."""
    return fold(text) == fold(name)


@rule("ru-surname-first-names-are-turned", Stage.REPAIR)
def surname_first_names(found: list[Found], body: str) -> list[Found]:
    """A person written "Котов Иван Сергеевич" is named "Иван Сергеевич Котов"; when the NER
    split the surname off (an organization or nothing, right before a first name and
    patronymic), the surname joins the person's mention."""
    dropped: set[tuple[int, int]] = set()
    turned: dict[tuple[int, int], Found] = {}
    for mention in found:
        if mention.kind != PERSON:
            continue
        words = list(_WORD.finditer(body, mention.start, mention.end))
        text_words = body[mention.start : mention.end].split()
        if len(words) != len(text_words):
            continue
        if len(words) == 3:
            first, patronymic = words[1], words[2]
            surname_text, start = words[0].group(), mention.start
        elif len(words) == 2:
            before = _WORD_BEFORE.search(body, max(0, mention.start - 40), mention.start)
            if before is None:
                continue
            first, patronymic = words
            surname_text, start = before.group(1), before.start(1)
        else:
            continue
        if not fold(patronymic.group()).endswith(PATRONYMIC_ENDINGS):
            continue
        given = f"{first.group()} {patronymic.group()}"
        name_words = mention.name.split()
        if not _written_in_nominative(given, " ".join(name_words[-2:])):
            continue
        if not _nominative_surname(surname_text):
            continue
        span = (start, start + len(surname_text))
        if len(words) == 2:
            # The surname may stand alone, or be all of a mention of another kind (the NER's
            # split); a longer mention over it, or a person of its own, is left as it is.
            others = [m for m in found if m.start < span[1] and span[0] < m.end]
            if any((m.start, m.end) != span or m.kind == PERSON for m in others):
                continue
            dropped.update((m.start, m.end) for m in others)
        turned[(mention.start, mention.end)] = replace(
            mention,
            start=start,
            name=f"{given} {surname_text}",
            surname=surname_text,
            first_name=first.group(),
        )
    return [turned.get((m.start, m.end), m) for m in found if (m.start, m.end) not in dropped]
