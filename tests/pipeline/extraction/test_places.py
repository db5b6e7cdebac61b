from __future__ import annotations

from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import ORGANIZATION, PERSON, PLACE

from .helpers import entity, mention_texts, names, run


def test_places_country_variants_fold_into_the_common_short_name():
    extraction = run(
        "Delegations came from the USA, the U.S. and the United States of America, from the UK "
        "and Britain, from the Russian Federation and from the UAE."
    )
    assert names(extraction, PLACE) == {
        "United States",
        "United Kingdom",
        "Russia",
        "United Arab Emirates",
    }
    usa = entity(extraction, PLACE, "United States")
    assert mention_texts(extraction, usa.key) == ["USA", "U.S.", "United States of America"]


def test_places_have_kind_country_code_and_country_only_when_mentioned():
    extraction = run("The pilot runs in Pune, India, and in Almaty.")
    pune = entity(extraction, PLACE, "Pune")
    india = entity(extraction, PLACE, "India")
    almaty = entity(extraction, PLACE, "Almaty")
    assert pune.attributes["place_kind"] == "city"
    assert pune.attributes["country_code"] == "IN"
    assert pune.attributes["country"] == india.key
    assert india.attributes == {"place_kind": "country", "country_code": "IN"}
    assert almaty.attributes["country_code"] == "KZ"
    assert "country" not in almaty.attributes


def test_places_demonyms_are_not_places():
    extraction = run("The Russian government and Chinese investors backed the Indian start-up.")
    assert names(extraction, PLACE) == set()


def test_places_common_words_that_are_city_names_need_evidence():
    extraction = run(
        "Reading the report, officials said mobile apps are nice. Mobile payments grew. "
        "Of the 40 cities, half use sensors."
    )
    assert names(extraction, PLACE) == set()


def test_places_inside_an_organization_name_are_places_of_the_article():
    # The city whose public body it is (a jurisdiction opening a government body's name).
    extraction = run("Dubai Electricity and Water Authority won the award.")
    dubai = entity(extraction, PLACE, "Dubai")
    assert mention_texts(extraction, dubai.key) == ["Dubai"]


def test_places_only_named_inside_other_names_are_not_places_of_the_article():
    extraction = run(
        "A professor at the London School of Economics chaired the jury. The Port of Rotterdam "
        "Authority and the City of Phoenix won, and GITEX Asia opens in May."
    )
    assert names(extraction, PLACE) == set()


def test_places_continents_and_world_regions_are_not_places():
    extraction = run(
        "Oslo is one of Europe's greenest capitals, and firms from Southeast Asia and Central "
        "Europe visited Oslo and Norway."
    )
    assert names(extraction, PLACE) == {"Oslo", "Norway"}


def test_places_language_names_are_not_places():
    extraction = run("The sign in Valencia is written in Catalan and in Spanish.")
    assert names(extraction, PLACE) == {"Valencia"}


def test_places_listed_after_a_plural_place_noun():
    extraction = run("Pilots run in districts such as Kallio, Vuosaari and Pasila.")
    assert {"Kallio", "Vuosaari", "Pasila"} <= names(extraction, PLACE)


def test_places_city_introduced_with_a_demonym():
    extraction = run("The Danish city of Aarhus won the mobility prize.")
    assert names(extraction, PLACE) == {"Aarhus"}
    assert names(extraction, ORGANIZATION) == set()


def test_places_unknown_town_followed_by_its_state():
    extraction = run("The expo takes place in National Harbor, Maryland, in June.")
    assert names(extraction, PLACE) == {"National Harbor", "Maryland"}


def test_places_wire_dateline_in_capitals_and_state_abbreviation():
    extraction = run("FRAMINGHAM, Mass., May 11, 2022 -- The company announced the winners.")
    assert names(extraction, PLACE) == {"Framingham", "Massachusetts"}


def test_places_wire_dateline_in_capitals_before_the_outlet_it_credits():
    extraction = run("SEATTLE (KXYZ) \u2014 The council approved the sensors on Tuesday.")
    assert names(extraction, PLACE) == {"Seattle"}


def test_places_a_heading_in_capitals_over_a_list_is_no_dateline():
    extraction = run(
        "The pilot has two parts.\n\nWESTFIELD\n- Sensors on every corner of the square"
    )
    assert names(extraction, PLACE) == set()


def test_places_inside_a_product_or_programme_name_are_not():
    extraction = run("Residents log in with UAE Pass. The Horizon Europe programme pays for it.")
    assert names(extraction, PLACE) == set()


def test_places_natural_features_are_not_places():
    extraction = run("The site lies at the foot of Mount Fuji, near the Ciliwung river.")
    assert names(extraction, PLACE) == set()


def test_places_region_with_its_unit_word_and_direction():
    extraction = run(
        "The city of Susono in Shizuoka Prefecture signed a deal, and pumps were installed in "
        "North Jakarta."
    )
    assert {"Susono", "Shizuoka Prefecture", "North Jakarta"} <= names(extraction, PLACE)
    prefecture = entity(extraction, PLACE, "Shizuoka Prefecture")
    assert prefecture.attributes["place_kind"] == "region"


def test_places_unknown_districts_are_found_from_context():
    extraction = run(
        "Depots will be built in Min Buri and Bang Khen districts and in the Linden neighborhood."
    )
    assert names(extraction, PLACE) == {"Min Buri", "Bang Khen", "Linden"}


def test_places_namesake_cities_follow_the_article_country():
    extraction = run("Telefónica showed a digital twin of the port of Valencia, Spain.")
    valencia = entity(extraction, PLACE, "Valencia")
    assert valencia.attributes["country_code"] == "ES"


def test_places_compass_words_and_the_kingdom_are_not_places():
    extraction = run(
        "The pilot covers the North and West zones of Riyadh. The Kingdom ranked first in the "
        "region. The network reaches every district of Lisboa."
    )
    assert names(extraction, PLACE) == {"Riyadh", "Lisbon"}


def test_places_keep_the_spelling_the_page_used_as_an_alias():
    extraction = run("Delegations came from the U.S. and from Britain to sign the charter.")
    assert entity(extraction, PLACE, "United States").aliases == ["U.S."]
    assert entity(extraction, PLACE, "United Kingdom").aliases == ["Britain"]
    with without_rules({"written-forms-are-aliases"}):
        switched_off = run("Delegations came from the U.S. and from Britain to sign the charter.")
    assert entity(switched_off, PLACE, "United States").aliases == []


def test_named_street_or_square_where_something_happens_is_a_place():
    # bench/README.md: named streets or squares count as places when used as a location.
    extraction = run(
        "Crews installed new lamps along 4th Avenue and in Harbour Square on Monday, and the "
        "Harbour Square Trust paid for the benches."
    )
    assert names(extraction, PLACE) == {"4th Avenue", "Harbour Square"}


def test_places_a_wire_dateline_in_capitals_before_a_dash_names_where_the_story_was_filed():
    extraction = run(
        "CAPE CORAL \u2014 The city is opening new charging points this spring, officials said.\n\n"
        "NEWS \u2014 and OR \u2014 are no places.\n\n"
        "READING: the council's summary of the plan, in four pages.\n\n"
        "MOBILE \u2014 apps for parking are next, the council said."
    )
    assert names(extraction, PLACE) == {"Cape Coral"}


def test_streets_of_a_list_a_crossing_a_stretch_and_an_address_are_places():
    extraction = run(
        "Bins stand at Elm Park (Northside), Birch Reserve and Cedar Gardens. Crews will "
        "resurface the 3rd Avenue and Pine Street intersection and the Quay Street corridor "
        "this year.\n\n"
        "Written comments go to the planning office, 40 Harbour Drive, Brookton, until May."
    )
    assert names(extraction, PLACE) >= {
        "Elm Park",
        "Birch Reserve",
        "Cedar Gardens",
        "3rd Avenue",
        "Pine Street",
        "Quay Street",
        "Harbour Drive",
    }


def test_a_street_name_inside_a_longer_name_is_no_place():
    extraction = run(
        "Offices opened at Elm Street Capital and in the Quay Street Project's hall. The "
        "council voted for Jane Park, a teacher. A fire broke out on Main Street, Fire Chief "
        "Tom Park said, and crews worked on Harbour Road Tuesday night in Brookton\n"
        "Station staff helped."
    )
    assert names(extraction, PLACE) == {"Main Street", "Harbour Road"}


def test_a_place_named_after_a_saint_is_one_place_however_saint_is_written():
    extraction = run(
        "St. Paul Mayor Dana Whitfield said the outage was over. Officials in Saint Paul and "
        "in St Louis compared notes."
    )
    assert names(extraction, PLACE) == {"St. Paul", "St Louis"}
    assert "St. Paul" not in names(extraction, PERSON)
    assert entity(extraction, PLACE, "St. Paul").aliases == ["Saint Paul"]


def test_a_state_s_postal_code_after_a_place_and_a_comma_is_the_state():
    extraction = run(
        "Waco, TX \u2013 The city launched its app, and Laredo, TX, followed. Officials "
        "in Elm Grove, AZ 85901 want it too, said Jane Whitcombe, MD. In Brookton, TX, it "
        "waits. Or maybe in June; IN and OR are just words."
    )
    assert names(extraction, PLACE) == {
        "Waco",
        "Laredo",
        "Elm Grove",
        "Brookton",
        "Texas",
        "Arizona",
    }
    assert names(extraction, PERSON) == {"Jane Whitcombe"}
    assert entity(extraction, PLACE, "Texas").aliases == ["TX"]
    assert names(extraction, ORGANIZATION) == set()
