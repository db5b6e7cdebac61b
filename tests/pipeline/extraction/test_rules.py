"""The registry of extraction rules: every heuristic named, described, able to be switched off."""

from __future__ import annotations

import pytest

from archive.pipeline.extraction import extract
from archive.pipeline.extraction.rules import Stage, registered_rules, without_rules
from archive.pipeline.types import Gazetteer, ParsedPage

from .helpers import names, run

AUTHOR_BOX = (
    "The city opened a new data centre on Monday, said Mayor Tomas Varga.\n\n"
    "Ilse Marten is a reporter covering urban technology."
)


def test_every_rule_has_a_unique_name_a_stage_and_a_reason():
    rules = registered_rules()
    assert len({r.name for r in rules}) == len(rules)
    assert {r.stage for r in rules} == set(Stage)
    assert all(len(r.summary.split()) >= 5 for r in rules), [r.name for r in rules]


def test_each_kind_has_a_finder_that_can_be_switched_off():
    finders = {r.name for r in registered_rules() if r.stage == Stage.FINDER}
    assert {"organizations", "people", "events", "places"} <= finders


def test_a_finder_switched_off_proposes_nothing():
    body = "Mayor Tomas Varga of Lisbon opened the Smart Mobility Forum with Siemens."
    assert names(run(body), "person") == {"Tomas Varga"}
    with without_rules({"people"}):
        assert names(run(body), "person") == set()
    assert names(run(body), "person") == {"Tomas Varga"}  # back on after the block


def test_a_filter_switched_off_keeps_what_it_would_drop():
    page = ParsedPage(title="", body=AUTHOR_BOX, raw_text=AUTHOR_BOX, byline="Ilse Marten")

    def people() -> set[str]:
        return names(extract(page, Gazetteer()), "person")

    assert people() == {"Tomas Varga"}
    with without_rules({"byline-authors-are-not-entities"}):
        assert people() == {"Tomas Varga", "Ilse Marten"}


def test_switching_off_an_unknown_rule_is_an_error():
    with pytest.raises(KeyError, match="no-such-rule"), without_rules({"no-such-rule"}):
        pass
