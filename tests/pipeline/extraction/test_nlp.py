"""The statistical model's pipeline: what it runs, and long texts analysed in pieces."""

from hypothesis import given
from hypothesis import strategies as st

from archive.pipeline.extraction.nlp import PIECE_CHARS, get_nlp, parse, pieces_of

PARAGRAPH = (
    "Mayor Tomas Varga of Lisbon opened the Smart Mobility Forum with Siemens on Monday. "
    "The city will test driverless buses on two routes next year."
)


def test_the_parser_is_left_out_and_sentences_come_from_the_recogniser():
    nlp = get_nlp()
    assert "parser" not in nlp.pipe_names
    assert "senter" in nlp.pipe_names
    assert "senter" not in nlp.disabled
    doc = parse("The mayor spoke. Then the council voted.\nJane Roe\nShe left.")
    assert [s.text.strip() for s in doc.sents] == [
        "The mayor spoke.",
        "Then the council voted.",
        "Jane Roe",
        "She left.",
    ]


@given(st.lists(st.sampled_from(["a", "b c", "\n", "\n\n", " \n \n", "word. "]), max_size=40))
def test_pieces_give_the_text_back(parts):
    text = "".join(parts)
    assert "".join(pieces_of(text, size=5)) == text


def test_a_long_text_is_cut_only_at_blank_lines():
    text = "\n\n".join([PARAGRAPH] * 80)
    pieces = pieces_of(text)
    assert len(pieces) > 1
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])
    assert all(len(piece) < PIECE_CHARS + len(PARAGRAPH) + 3 for piece in pieces)


def test_a_long_text_parsed_in_pieces_keeps_offsets_and_finds_what_one_piece_finds():
    text = "\n\n".join([PARAGRAPH] * 80)
    doc = parse(text)
    assert doc.text == text
    single = get_nlp()(PARAGRAPH)
    expected = [(e.text, e.label_) for e in single.ents]
    assert [(e.text, e.label_) for e in doc.ents] == expected * 80
    assert all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
