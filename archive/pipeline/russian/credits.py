# ruff: noqa: RUF001, RUF002 - Cyrillic letters are the data this module compares.
"""Names in a photo credit and names the text says are no entity.

- `ru-nothing-named-in-photo-credits`: after a credit label on its line ("Фото: ...",
  `data/photo_credit_labels_ru.txt`) come the photographer, the agency, the press service that
  supplied the picture: not what the story is about (bench/README.md, Russian addendum). A
  caption before the label ("На фото мэр ...") still names its people.
- `ru-names-right-after-a-no-entity-word`: a name written right after a word that says it is a
  messenger, an app, a portal or a service ("в мессенджере Signal", `data/
  quoted_name_descriptors_ru.txt`, the words read "none") is no organization, quoted or not.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..extraction.rules import Stage, rule
from ..types import ORGANIZATION
from .entities import PHOTO_CREDIT_LABELS, Found
from .quoted_names import DESCRIPTORS

CREDIT_LABEL = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, PHOTO_CREDIT_LABELS), key=len, reverse=True))
    + r")\s*:",
    re.IGNORECASE,
)


@rule("ru-nothing-named-in-photo-credits", Stage.FILTER)
def outside_photo_credits(found: list[Found], body: str) -> list[Found]:
    """Mentions after a photo-credit label on the same line ("Фото: И. Петров, пресс-служба
    мэра") are dropped: a credit names who supplied the picture, not who the story is about."""
    credits = []
    for match in CREDIT_LABEL.finditer(body):
        line_end = body.find("\n", match.end())
        credits.append((match.start(), len(body) if line_end < 0 else line_end))
    return [m for m in found if not any(start <= m.start < end for start, end in credits)]


@rule("ru-names-right-after-a-no-entity-word", Stage.FILTER)
def not_described_as_no_entity(found: list[Found], doc: Any) -> list[Found]:
    """An organization the NER finds right after a word naming a kind of thing that is no
    entity (a messenger, an app, a portal: "в мессенджере Signal") is dropped, as it is when
    the name is in quotes (`quoted_names`)."""
    tokens = doc.tokens
    starts = [token.start for token in tokens]
    kept = []
    for mention in found:
        index = bisect.bisect_left(starts, mention.start) - 1
        if mention.kind == ORGANIZATION and index >= 0 and index + 1 < len(tokens):
            before = tokens[index]
            lemma = (before.lemma or before.text).casefold().replace("ё", "е")
            gap = doc.text[before.stop : mention.start]
            named = tokens[index + 1]
            # "в рейтинге Новосибирского университета": a genitive names who makes it.
            if (
                DESCRIPTORS.get(lemma.rsplit("-", 1)[-1]) == "none"
                and not gap.strip()
                and named.feats.get("Case") != "Gen"
            ):
                continue
        kept.append(mention)
    return kept
