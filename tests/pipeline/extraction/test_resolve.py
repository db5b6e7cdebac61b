"""Grouping mentions into entities (extraction/resolve.py), seen through `extract`."""

from __future__ import annotations

from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import ORGANIZATION

from .helpers import entity, names, run

KNOWN_AS = (
    "The board named the 40 towns that will join the Harbour Fund for climate-resilient coastal "
    "towns by 2030, also known as the Blue Fund. The Blue Fund starts in May. Separately, the "
    "Kestrel Council and the Port Board signed a lease for the so-called Dock Office building."
)


def test_a_name_given_with_also_known_as_is_another_name_of_the_same_body():
    extraction = run(KNOWN_AS)
    assert entity(extraction, ORGANIZATION, "Harbour Fund").aliases == ["Blue Fund"]
    assert "Blue Fund" not in names(extraction, ORGANIZATION)
    with without_rules(["known-as-names-join"]):
        assert {"Harbour Fund", "Blue Fund"} <= names(run(KNOWN_AS), ORGANIZATION)
