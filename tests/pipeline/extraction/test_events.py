from __future__ import annotations

import datetime

from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import EVENT, ORGANIZATION, PLACE

from .helpers import entity, mention_texts, names, run


def test_events_year_goes_to_the_attributes_not_the_name():
    extraction = run(
        "The 2023 Smart City Expo World Congress closed in Barcelona. The World Cities Summit "
        "2024 will be held in Singapore from 2 to 4 June."
    )
    assert names(extraction, EVENT) == {"Smart City Expo World Congress", "World Cities Summit"}
    congress = entity(extraction, EVENT, "Smart City Expo World Congress")
    summit = entity(extraction, EVENT, "World Cities Summit")
    assert congress.attributes["year"] == 2023
    assert congress.attributes["place"] == entity(extraction, PLACE, "Barcelona").key
    assert summit.attributes["start_date"] == datetime.date(2024, 6, 2)
    assert summit.attributes["end_date"] == datetime.date(2024, 6, 4)
    assert summit.attributes["event_kind"] == "summit"


def test_events_date_range_and_online_flag():
    extraction = run(
        "The first international online forum Smart Cities Moscow took place on 16-18 November "
        "2021. Later the Smart Cities Moscow forum became annual; the forum was a success."
    )
    forum = entity(extraction, EVENT, "Smart Cities Moscow")
    assert forum.attributes["is_online"] is True
    assert forum.attributes["start_date"] == datetime.date(2021, 11, 16)
    assert forum.attributes["end_date"] == datetime.date(2021, 11, 18)
    assert forum.attributes["year"] == 2021
    assert mention_texts(extraction, forum.key) == ["Smart Cities Moscow", "Smart Cities Moscow"]


def test_events_awards_and_lowercase_heads():
    extraction = run(
        "DEWA won the Smart Grid Award at the GITEX Global 2023 exhibition. The plan will be "
        "presented at the Connected Smart Cities congress and at the EcoMotion Week conference."
    )
    assert names(extraction, EVENT) == {
        "Smart Grid Award",
        "GITEX Global",
        "Connected Smart Cities",
        "EcoMotion Week",
    }
    assert entity(extraction, EVENT, "Smart Grid Award").attributes["event_kind"] == "award"
    assert entity(extraction, EVENT, "GITEX Global").attributes["year"] == 2023


def test_events_acronym_and_organizer():
    extraction = run(
        "The Transform Africa Summit, organised by the Smart Africa Alliance, returns in May. "
        "IDC announced the IDC Smart Cities North America Awards (SCNAA). SCNAA winners get a "
        "trophy."
    )
    summit = entity(extraction, EVENT, "Transform Africa Summit")
    alliance = entity(extraction, ORGANIZATION, "Smart Africa Alliance")
    assert summit.attributes["organizers"] == [alliance.key]
    awards = entity(extraction, EVENT, "IDC Smart Cities North America Awards")
    assert awards.aliases == ["SCNAA"]
    assert mention_texts(extraction, awards.key)[-1] == "SCNAA"


def test_events_world_economic_forum_is_an_organization_and_venues_are_not_events():
    extraction = run(
        "The World Economic Forum met at the Haliç Congress Center. Last Week, the forum ended."
    )
    assert names(extraction, EVENT) == set()
    assert "World Economic Forum" in names(extraction, ORGANIZATION)


def test_events_regional_edition_of_a_known_event_is_its_own_event():
    extraction = run("The organisers also run GITEX Africa in Marrakech and GITEX Global in Dubai.")
    assert names(extraction, EVENT) == {"GITEX Africa", "GITEX Global"}


def test_events_sports_events_are_not_listed_and_known_fairs_and_awards_are():
    extraction = run(
        "The city hosted the 2016 Summer Olympics and shows its designs at Salone del Mobile. "
        "Lisbon was European Green Capital in 2020."
    )
    assert names(extraction, EVENT) == {"Salone del Mobile", "European Green Capital"}
    assert entity(extraction, EVENT, "European Green Capital").attributes["event_kind"] == "award"


def test_events_a_forum_at_a_summit_is_another_event():
    extraction = run(
        "Mayors met at the World Cities Summit Mayors Forum, held on the sidelines of the World "
        "Cities Summit in Singapore."
    )
    assert names(extraction, EVENT) == {"World Cities Summit Mayors Forum", "World Cities Summit"}


def test_awards_a_competition_hands_out_are_its_categories_not_events():
    extraction = run(
        "The Harbour Cities Council has announced the winners of its annual Harbour City Awards. "
        "The City of Northgate won the Leadership City award and the Young Leader Award went to "
        "Sam Okoro."
    )
    assert names(extraction, EVENT) == {"Harbour City Awards"}
    assert names(extraction, PLACE) == set()


def test_an_event_written_with_its_edition_year_keeps_that_spelling_as_an_alias():
    extraction = run(
        "Exhibitors flew in for the Harbour Tech Fair 2021, and the Harbour Tech Fair grew again "
        "the year after. Organisers of CES 2019 said the show had never been bigger."
    )
    fair = entity(extraction, EVENT, "Harbour Tech Fair")
    assert fair.aliases == ["Harbour Tech Fair 2021"]
    assert entity(extraction, EVENT, "CES").aliases == ["CES 2019"]
    with without_rules(["event-editions-are-aliases"]):
        assert entity(run("Organisers of CES 2019 said so."), EVENT, "CES").aliases == []
