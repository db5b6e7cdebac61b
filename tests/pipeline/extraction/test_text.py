from __future__ import annotations

from archive.pipeline.extraction.text import excerpt_around, sentence_of_span

BODY = "Moscow hosted the forum. Beijing sent a team.\nA heading about Dubai\nThen others did."
# spaCy-like sentence spans; the last glues a heading line to the next one, as spaCy may.
SENTENCES = [(0, 24), (25, 45), (46, 84)]


def span(text: str, body: str = BODY) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def test_sentence_of_span_is_the_sentence_holding_the_span():
    assert sentence_of_span(BODY, SENTENCES, *span("Beijing")) == "Beijing sent a team."


def test_sentence_of_span_stops_at_line_breaks():
    assert sentence_of_span(BODY, SENTENCES, *span("Dubai")) == "A heading about Dubai"


def test_sentence_of_span_joins_the_sentences_a_span_straddles():
    start, end = span("forum. Beijing")
    assert sentence_of_span(BODY, SENTENCES, start, end) == (
        "Moscow hosted the forum. Beijing sent a team."
    )


def test_sentence_of_span_rejects_bad_spans():
    assert sentence_of_span(BODY, SENTENCES, 10, 5) == ""
    assert sentence_of_span(BODY, SENTENCES, 0, len(BODY) + 1) == ""


def test_sentence_of_span_cuts_long_sentences_around_the_span():
    body = "word " * 60 + "Target " + "word " * 60
    sentence = sentence_of_span(body, [(0, len(body))], *span("Target", body), max_chars=100)
    assert ("Target" in sentence, sentence[0], sentence[-1], len(sentence) <= 102) == (
        True,
        "…",
        "…",
        True,
    )


def test_excerpt_around_keeps_short_text_whole():
    assert excerpt_around("a short text", 2, 7, 100) == "a short text"
