from __future__ import annotations

from archive.pipeline.types import ORGANIZATION

from .helpers import entity, mention_texts, names, run


def test_organization_acronym_in_parentheses_becomes_alias_and_later_mentions():
    extraction = run(
        "The Kenya Urban Roads Authority (KURA) announced the plan. According to KURA, waiting "
        "times fell by a quarter."
    )
    authority = entity(extraction, ORGANIZATION, "Kenya Urban Roads Authority")
    assert authority.attributes["acronym"] == "KURA"
    assert authority.aliases == ["KURA"]
    assert mention_texts(extraction, authority.key) == [
        "Kenya Urban Roads Authority",
        "KURA",
        "KURA",
    ]


def test_organization_role_title_before_the_name_is_cut_off():
    extraction = run(
        "Maria Lopez, Head of the Department of Urban Mobility of Bogota, opened the session."
    )
    assert "Department of Urban Mobility of Bogota" in names(extraction, ORGANIZATION)


def test_organization_of_phrase_without_an_organization_word_keeps_the_named_body():
    extraction = run(
        "Ahmed Saleh, Director of Digital Operations of Abu Dhabi Digital Authority, spoke."
    )
    assert names(extraction, ORGANIZATION) == {"Abu Dhabi Digital Authority"}


def test_organization_possessive_is_not_part_of_the_name():
    extraction = run("Siemens's new platform runs on Microsoft's cloud, the companies said.")
    assert names(extraction, ORGANIZATION) == {"Siemens", "Microsoft"}


def test_organization_two_names_joined_by_and_stay_apart():
    extraction = run(
        "Researchers at the University of Cape Town and Stellenbosch University built the model "
        "with Vodafone and Ericsson."
    )
    assert {
        "University of Cape Town",
        "Stellenbosch University",
        "Vodafone",
        "Ericsson",
    } <= names(extraction, ORGANIZATION)


def test_organization_and_inside_a_name_is_kept():
    extraction = run(
        "The Ministry of Housing and Urban Affairs worked with Dubai Electricity and Water "
        "Authority on the pilot."
    )
    assert {
        "Ministry of Housing and Urban Affairs",
        "Dubai Electricity and Water Authority",
    } <= names(extraction, ORGANIZATION)


def test_organization_comma_list_inside_a_ministry_name_is_kept():
    extraction = run("The Ministry of Land, Infrastructure and Transport approved the budget.")
    assert names(extraction, ORGANIZATION) == {"Ministry of Land, Infrastructure and Transport"}


def test_organization_context_words_name_unknown_companies():
    extraction = run(
        "The cable car was built by the French company Poma. The start-up Coord, a former "
        "subsidiary of Sidewalk Labs, supplied the software."
    )
    assert {"Poma", "Coord", "Sidewalk Labs"} <= names(extraction, ORGANIZATION)


def test_organization_noise_words_are_not_organizations():
    extraction = run(
        "The city uses AI, IoT sensors and 5G networks, and it received two ISO 37120 "
        "certificates. The Department said the Government would pay."
    )
    assert names(extraction, ORGANIZATION) == set()


def test_organization_venues_programmes_and_products_are_not_organizations():
    extraction = run(
        "The congress was held at the Haliç Congress Center. The data goes to Microsoft's "
        "Project Eclipse and to the city's National Development strategy."
    )
    assert names(extraction, ORGANIZATION) == {"Microsoft"}


def test_organization_well_known_acronym_takes_its_full_name():
    extraction = run("We at the UN support this initiative, said the official.")
    united_nations = entity(extraction, ORGANIZATION, "United Nations")
    assert united_nations.aliases == ["UN"]
    assert united_nations.attributes["org_kind"] == "international"


def test_organization_kind_is_guessed_from_its_words():
    extraction = run(
        "The Ministry of Transport, Zhejiang University, the Rockefeller Foundation and "
        "Acme Robotics Inc. signed the agreement."
    )
    kinds = {
        e.name: e.attributes["org_kind"] for e in extraction.entities if e.kind == ORGANIZATION
    }
    assert kinds == {
        "Ministry of Transport": "government",
        "Zhejiang University": "academic",
        "Rockefeller Foundation": "ngo",
        "Acme Robotics Inc.": "company",
    }


def test_organization_government_of_place_gets_the_other_spelling_as_alias():
    extraction = run("The Government of Moscow approved the plan.")
    government = entity(extraction, ORGANIZATION, "Government of Moscow")
    assert government.aliases == ["Moscow Government"]


def test_organization_possessive_inside_an_office_name_is_kept():
    extraction = run(
        "The Public Defender's Office of the State of São Paulo asked a court to suspend it."
    )
    assert names(extraction, ORGANIZATION) == {"Public Defender's Office of the State of São Paulo"}


def test_organization_regional_arm_of_a_known_company():
    extraction = run("The round was led by Sequoia Capital India with Accel.")
    assert names(extraction, ORGANIZATION) == {"Sequoia Capital India", "Accel"}
