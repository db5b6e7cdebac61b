"""Natasha's models, loaded once per process, and the parse of one text.

`parse` segments the text into sentences and tokens, tags their morphology (with lemmas),
parses their syntax and tags named entities (PER, LOC, ORG). The syntax is what lets
`span.normalize` put only an organization's head in the nominative ("Департамента
информационных технологий" -> "Департамент информационных технологий").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Models:
    segmenter: Any
    morph_vocab: Any
    morph_tagger: Any
    syntax_parser: Any
    ner_tagger: Any
    names_extractor: Any
    dates_extractor: Any


@functools.cache
def models() -> Models:
    """Natasha's news models (about 1 s and 300 MB on first use, once per process)."""
    from natasha import (
        DatesExtractor,
        MorphVocab,
        NamesExtractor,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    embedding = NewsEmbedding()
    morph_vocab = MorphVocab()
    return Models(
        segmenter=Segmenter(),
        morph_vocab=morph_vocab,
        morph_tagger=NewsMorphTagger(embedding),
        syntax_parser=NewsSyntaxParser(embedding),
        ner_tagger=NewsNERTagger(embedding),
        names_extractor=NamesExtractor(morph_vocab),
        dates_extractor=DatesExtractor(morph_vocab),
    )


def parse(text: str) -> Any:
    """A Natasha `Doc` of `text`: sentences, tokens with lemmas and syntax, entity spans."""
    from natasha import Doc
    from threadpoolctl import threadpool_limits

    loaded = models()
    doc = Doc(text)
    doc.segment(loaded.segmenter)
    # Slovnet's models multiply small matrices with numpy: BLAS threads only fight over the
    # cores (and with the other import workers), which made a page 5 to 8 times slower.
    with threadpool_limits(limits=1, user_api="blas"):
        doc.tag_morph(loaded.morph_tagger)
        doc.parse_syntax(loaded.syntax_parser)
        doc.tag_ner(loaded.ner_tagger)
    for token in doc.tokens:
        token.lemmatize(loaded.morph_vocab)
    return doc
