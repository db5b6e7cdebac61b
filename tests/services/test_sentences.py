from archive.services.sentences import sentence_around

BODY = (
    "Moscow hosted the forum. Mr. Chen Jining, Mayor of Beijing, spoke first. Then others did.\n\n"
    "A list follows:\n- Item one about Dubai\n- Item two"
)


def span(text: str, body: str = BODY) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def test_sentence_around_finds_the_sentence_in_its_paragraph():
    assert sentence_around(BODY, *span("Beijing")) == (
        "Mr. Chen Jining, Mayor of Beijing, spoke first."
    )


def test_sentence_around_first_and_last_sentence():
    assert sentence_around(BODY, *span("Moscow")) == "Moscow hosted the forum."
    assert sentence_around(BODY, *span("others")) == "Then others did."


def test_sentence_around_stops_at_line_breaks():
    assert sentence_around(BODY, *span("Dubai")) == "- Item one about Dubai"


def test_sentence_around_keeps_a_quote_with_its_speaker():
    body = '"We are ready. The city is too," said Ana Costa. She left.'
    assert sentence_around(body, *span("Ana Costa", body)) == 'The city is too," said Ana Costa.'


def test_sentence_around_cuts_long_sentences_around_the_span():
    body = "word " * 200 + "Target here " + "word " * 200 + "end."
    sentence = sentence_around(body, *span("Target", body), max_chars=100)
    assert (len(sentence) <= 102, "Target" in sentence, sentence[0], sentence[-1]) == (
        True,
        True,
        "…",
        "…",
    )


def test_sentence_around_rejects_bad_spans():
    assert sentence_around(BODY, 10, 5) == ""
    assert sentence_around(BODY, 0, len(BODY) + 1) == ""
