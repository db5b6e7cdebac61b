"""Title-cased lines: phrases of a headline are not names; names listed in such lines are."""

from __future__ import annotations

from archive.pipeline.extraction.headings import title_cased_lines
from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import ORGANIZATION, PERSON

from .helpers import names, run

HEADLINE = (
    "New Sensor Rules will Improve Community Trust and Build Better Streets\n\n"
    "The harbour district published its sensor rules on Monday. Inspectors will check each "
    "device every year, officials said."
)


def test_headings_title_cased_lines_are_found_with_function_words_in_lower_case():
    body = "Residents Want Faster Buses to the Harbour\nThe buses are slow, residents say."
    assert title_cased_lines(body) == [(0, len("Residents Want Faster Buses to the Harbour"))]


def test_headings_phrases_of_a_headline_are_not_organizations_or_people():
    body = "Residents Want Faster Buses\n\n" + HEADLINE
    extraction = run(body)
    assert names(extraction, ORGANIZATION) == set()
    assert names(extraction, PERSON) == set()


def test_headings_a_name_in_a_heading_that_the_text_repeats_is_kept():
    body = (
        "Harbour Transit Authority Will Add Night Buses\n\n"
        "The Harbour Transit Authority said the buses start in May."
    )
    assert names(run(body), ORGANIZATION) == {"Harbour Transit Authority"}


def test_headings_a_list_of_winners_in_title_case_keeps_its_names():
    body = (
        "Winners by category:\n\n"
        "Mobility: City of Fresno, California \u2013 Smart Parking Dashboard\n\n"
        "Energy: City of Tucson, Arizona \u2013 Solar Street Lights"
    )
    assert {"City of Fresno", "City of Tucson"} <= names(run(body), ORGANIZATION)


def test_headings_switched_off_the_headline_phrase_is_an_organization_again():
    with without_rules({"names-only-in-title-case-lines", "orgs-only-in-subheadings"}):
        assert names(run(HEADLINE), ORGANIZATION) != set()


SUBHEADINGS = (
    "Cities are changing how residents move, and planners now test new ideas every year.\n\n"
    "Intro to Smart Harbour Concepts\n\n"
    "A smart harbour uses sensors and data to run services, the planners said.\n\n"
    "Smart Ports and Electric Vehicle Infrastructure\n\n"
    "Charging points are the first thing residents see, the planners said.\n\n"
    "Harbour Council Actions\n\n"
    "The Harbour Water Authority will run the chargers, the council said on Tuesday.\n\n"
    "Harbour Water Authority"
)


def test_subheadings_standing_alone_are_no_organizations_even_when_all_proper_nouns():
    extraction = run(SUBHEADINGS)
    assert names(extraction, ORGANIZATION) == {"Harbour Water Authority"}


def test_subheadings_switched_off_their_phrases_are_organizations_again():
    with without_rules({"orgs-only-in-subheadings"}):
        assert len(names(run(SUBHEADINGS), ORGANIZATION)) > 1


def test_a_title_cased_line_inside_a_paragraph_or_listing_names_is_no_subheading():
    body = (
        "The plan names its partners.\n"
        "Harbour Data Cooperative Services\n\n"
        "Partners: Northbay Sensor Works, Lakeside Mobility Group\n\n"
        "The partners start in May, the council said."
    )
    assert {"Harbour Data Cooperative Services", "Lakeside Mobility Group"} <= names(
        run(body), ORGANIZATION
    )
