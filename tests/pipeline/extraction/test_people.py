from __future__ import annotations

from archive.pipeline.types import ORGANIZATION, PERSON

from .helpers import entity, mention_texts, names, run


def test_people_honorifics_are_not_part_of_the_name():
    extraction = run(
        "Mr. Chen Jining, Mayor of Beijing, and Dr. Amina Yusuf, Director of the Lagos Energy "
        "Agency, opened the forum."
    )
    assert names(extraction, PERSON) == {"Chen Jining", "Amina Yusuf"}


def test_people_title_before_the_name_becomes_the_role():
    extraction = run(
        "Mayor Eric Adams announced the plan. Mayor of Fort Lauderdale Dean Trantalis agreed, "
        "and Nairobi Governor Johnson Sakaja said he would follow."
    )
    roles = {e.name: e.attributes.get("role") for e in extraction.entities if e.kind == PERSON}
    assert roles == {
        "Eric Adams": "Mayor",
        "Dean Trantalis": "Mayor of Fort Lauderdale",
        "Johnson Sakaja": "Nairobi Governor",
    }


def test_people_apposition_gives_role_and_affiliation():
    extraction = run(
        "Ruthbea Yesner, vice president of IDC Government Insights, said cities are scaling."
    )
    person = entity(extraction, PERSON, "Ruthbea Yesner")
    insights = entity(extraction, ORGANIZATION, "IDC Government Insights")
    assert person.attributes == {
        "role": "Vice president",
        "role_in_article": "Vice president of IDC Government Insights",
        "affiliation": insights.key,
    }


def test_people_role_before_a_comma_belongs_to_the_name_after_it():
    extraction = run(
        "Its chief executive, Hajime Kumabe, said the company had many applications. The "
        "inauguration was attended by Colombia's transport minister, William Camargo."
    )
    roles = {e.name: e.attributes.get("role") for e in extraction.entities if e.kind == PERSON}
    assert roles == {
        "Hajime Kumabe": "Chief executive",
        "William Camargo": "Colombia's transport minister",
    }


def test_people_role_stops_before_the_next_person():
    extraction = run(
        "Mr. Saeed Belhoul, Director of Operations of the Dubai Digital Authority, and Mayor "
        "of Almaty Yerlan Kassym also spoke."
    )
    roles = {e.name: e.attributes.get("role") for e in extraction.entities if e.kind == PERSON}
    assert roles == {
        "Saeed Belhoul": "Director of Operations",
        "Yerlan Kassym": "Mayor of Almaty",
    }


def test_people_surname_alone_is_a_mention_of_the_same_person():
    extraction = run(
        "Eduard Lysenko, head of the city's IT department, presented the plan. Lysenko said "
        "the platform would be ready next year."
    )
    person = entity(extraction, PERSON, "Eduard Lysenko")
    assert mention_texts(extraction, person.key) == ["Eduard Lysenko", "Lysenko"]
    assert [m.extractor for m in extraction.mentions if m.entity_key == person.key][1] == "surname"


def test_people_given_name_after_an_honorific_is_a_mention():
    extraction = run(
        "Dr. Maimunah Mohamad Yusof, Mayor of Kuala Lumpur, opened the summit. The plan is "
        "ambitious, said Dr. Maimunah in a statement."
    )
    person = entity(extraction, PERSON, "Maimunah Mohamad Yusof")
    assert mention_texts(extraction, person.key) == ["Maimunah Mohamad Yusof", "Maimunah"]


def test_people_names_from_many_cultures_are_found():
    extraction = run(
        "Park Ji-won, a researcher at the institute, met Sergio Díaz-Granados, CAF's executive "
        "president, and K.T. Rama Rao, Minister for IT of Telangana."
    )
    assert names(extraction, PERSON) == {"Park Ji-won", "Sergio Díaz-Granados", "K.T. Rama Rao"}


def test_people_two_people_joined_by_and():
    extraction = run("Founded in 2019 by Priya Raman and Arjun Mehta, the start-up grew fast.")
    assert names(extraction, PERSON) == {"Priya Raman", "Arjun Mehta"}
    assert names(extraction, ORGANIZATION) == set()


def test_people_organizations_places_and_months_are_not_people():
    extraction = run(
        "Smart City Expo opened in March. Kuala Lumpur and the Forum Virium Helsinki team "
        "joined the Smart Cities Council."
    )
    assert names(extraction, PERSON) == set()


def test_people_shared_surname_refers_to_the_person_named_last():
    extraction = run(
        "Mayor Ricardo Nunes defended the system. Nunes said it works. Pablo Nunes, coordinator "
        "of the research centre, disagreed. Nunes said error rates were high."
    )
    mayor = entity(extraction, PERSON, "Ricardo Nunes")
    researcher = entity(extraction, PERSON, "Pablo Nunes")
    assert mention_texts(extraction, mayor.key) == ["Ricardo Nunes", "Nunes"]
    assert mention_texts(extraction, researcher.key) == ["Pablo Nunes", "Nunes"]


def test_people_programme_named_after_a_city_is_not_a_person():
    extraction = run("The expansion, known as Superilla Barcelona, covers 21 streets.")
    assert names(extraction, PERSON) == set()


def test_people_company_name_opened_by_an_acronym_is_not_a_person():
    extraction = run(
        "The firm supplies signalling to PKP Polskie Linie Kolejowe, the national railway "
        "infrastructure manager."
    )
    assert names(extraction, PERSON) == set()


def test_people_co_author_is_a_role_not_part_of_the_name():
    extraction = run('"Apps and buildings are rarely linked," said co-author Daniel Okonkwo.')
    assert names(extraction, PERSON) == {"Daniel Okonkwo"}


def test_people_honorifics_of_other_cultures_are_dropped_and_surname_first_names_kept():
    extraction = run(
        '"Our cities have grown faster than our systems," said Ato Tesfaye Bekele, State '
        "Minister of Urban and Infrastructure. Tan Wei Jie, director of the centre, agreed. "
        "Mr Tan said the prize would grow."
    )
    assert names(extraction, PERSON) == {"Tesfaye Bekele", "Tan Wei Jie"}
    assert [q.speaker_name for q in extraction.quotes] == ["Tesfaye Bekele"]


def test_people_speaker_whose_names_are_also_places_is_a_person():
    extraction = run(
        '"Cities are prime targets for cyberattacks," said Sofia Tavares, general manager of '
        'the company. "Security starts in the network," said Lin Yuqing, a postdoctoral '
        "associate at the lab."
    )
    assert names(extraction, PERSON) == {"Sofia Tavares", "Lin Yuqing"}
    assert names(extraction, ORGANIZATION) == set()


def test_people_given_name_that_is_also_a_month():
    extraction = run("Helsinki launched an open data platform, according to Mayor Jan Vapaavuori.")
    assert names(extraction, PERSON) == {"Jan Vapaavuori"}


def test_people_role_beside_an_affiliation_does_not_repeat_the_employer():
    extraction = run(
        "Lena Brandt, chief digital officer of the Harbour Data Agency, opened the portal.\n\n"
        "Harbour Data Agency's head of analytics, Omar Reyes, presented the first results."
    )
    roles = {
        e.name: (e.attributes["role"], e.attributes["role_in_article"])
        for e in extraction.entities
        if e.kind == PERSON
    }
    assert roles == {
        "Lena Brandt": (
            "Chief digital officer",
            "Chief digital officer of the Harbour Data Agency",
        ),
        "Omar Reyes": ("Head of analytics", "Harbour Data Agency's head of analytics"),
    }


def test_people_role_keeps_an_owner_named_inside_it():
    extraction = run(
        "Omar Reyes, director of the university's Centre for Urban Analytics, spoke first."
    )
    assert entity(extraction, PERSON, "Omar Reyes").attributes["role"] == (
        "Director of the university's Centre for Urban Analytics"
    )


def test_people_role_loses_the_determiner_or_adverb_that_opens_it():
    extraction = run(
        "Omar Lee, also the transport minister, said the plan works. Ana Bell, the managing "
        "director of Harbour Digital Trust, agreed."
    )
    roles = {
        e.name: (e.attributes["role"], e.attributes["role_in_article"])
        for e in extraction.entities
        if e.kind == PERSON
    }
    assert roles == {
        "Omar Lee": ("Transport minister", "Transport minister"),
        "Ana Bell": ("Managing director", "Managing director of Harbour Digital Trust"),
    }


def test_a_sentence_opening_with_a_preposition_before_an_apposition_is_no_person():
    extraction = run(
        "The city added sensors to its buses last year.\n\n"
        "In Harbourton, the chief information officer\n\n"
        "said more would follow. At Lakeside, the mayor, Dana Okafor, agreed."
    )
    assert names(extraction, PERSON) == {"Dana Okafor"}


def test_a_name_field_on_a_profile_card_names_a_person():
    extraction = run(
        "The harbour district has a new innovation team, the council said on Monday.\n\n"
        "Name: Dana Okafor\nTitle: Chief Innovation Officer\nOrganizational Location: "
        "Harbour Data Office\nAppointed: June 2018\n\n"
        "Full name: Harbour Water Authority\n"
        "Name: the best one of all of them"
    )
    assert names(extraction, PERSON) == {"Dana Okafor"}


def test_a_profile_card_gives_the_person_s_job_in_the_field_below_the_name():
    extraction = run(
        "The harbour district has a new innovation team, the council said on Monday.\n\n"
        "Name: Dana Okafor\nTitle: Chief Innovation Officer\nAppointed: June 2018\n\n"
        "Name: Lee Moana\nAppointed: May 2016\nTitle: Data Officer"
    )
    roles = {e.name: e.attributes.get("role") for e in extraction.entities if e.kind == PERSON}
    assert roles == {"Dana Okafor": "Chief Innovation Officer", "Lee Moana": None}


def test_a_title_with_its_place_or_body_before_the_name_is_the_role():
    extraction = run(
        "Riverton Alderwoman Dana Whitlock, chair of the budget committee, spoke first. "
        '"Every request gets a reply," said Public Works Director Ben Sieger.'
    )
    roles = {e.name: e.attributes.get("role") for e in extraction.entities if e.kind == PERSON}
    assert roles == {
        "Dana Whitlock": "Chair of the budget committee",
        "Ben Sieger": "Public Works Director",
    }


def test_a_qualifier_of_the_title_is_no_part_of_the_name():
    extraction = run(
        '"The new system is a good start," said Mayor Pro Tem Eliza Pearsall. '
        "Acting City Manager Ravi Mendes agreed."
    )
    roles = {e.name: e.attributes.get("role") for e in extraction.entities if e.kind == PERSON}
    assert roles == {"Eliza Pearsall": "Mayor Pro Tem", "Ravi Mendes": "Acting City Manager"}


def test_a_middle_initial_that_is_also_an_honorific_stays_in_the_name():
    extraction = run('"Tell us what you think," Lakeside Mayor Victor M. Castellano said.')
    assert names(extraction, PERSON) == {"Victor M. Castellano"}


def test_a_name_opening_with_a_known_company_is_its_brand_not_a_person():
    extraction = run(
        "The network is powered by Cisco Meraki, extending coverage to every branch library. "
        "Ford Hansen, the city engineer, will run it."
    )
    assert (names(extraction, ORGANIZATION), names(extraction, PERSON)) == (
        {"Cisco Meraki"},
        {"Ford Hansen"},
    )


def test_people_a_town_officer_s_title_before_the_name_and_an_apposition_before_a_verb():
    extraction = run(
        "County Treasurer Lena Ortiz signed the report. Dana Whitfield, the City Clerk, serves "
        "as editor of the newsletter."
    )
    assert names(extraction, PERSON) == {"Lena Ortiz", "Dana Whitfield"}
    assert entity(extraction, PERSON, "Lena Ortiz").attributes["role"] == "County Treasurer"
    assert entity(extraction, PERSON, "Dana Whitfield").attributes["role"] == "City Clerk"
