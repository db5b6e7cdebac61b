"""Page-level repairs of kind and span (extraction/repairs.py), seen through `extract`."""

from __future__ import annotations

from archive.pipeline.extraction import extract
from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import ORGANIZATION, PERSON, PLACE, Gazetteer, ParsedPage

from .helpers import names, run


def test_repairs_role_apposition_makes_a_person_not_an_organization():
    extraction = run(
        'The startup was founded by Kwabena Asante Mensah. "We start small," says Mensah, '
        "the company's chief executive."
    )
    assert "Kwabena Asante Mensah" in names(extraction, PERSON)
    assert "Kwabena Asante Mensah" not in names(extraction, ORGANIZATION)
    assert "Mensah" not in names(extraction, ORGANIZATION)


def test_repairs_surname_pair_folds_into_the_full_name():
    extraction = run(
        "Carlos Ibarra Quintero, director of the agency, opened the meeting. Later Ibarra "
        "Quintero said the budget was approved."
    )
    assert names(extraction, PERSON) == {"Carlos Ibarra Quintero"}


def test_repairs_spanish_body_is_an_organization_with_its_full_name():
    extraction = run(
        "The contract was awarded by the Administración Nacional de Puertos y Vías Navegables "
        "last week, officials said."
    )
    assert "Administración Nacional de Puertos y Vías Navegables" in names(extraction, ORGANIZATION)
    assert names(extraction, PERSON) == set()


def test_repairs_publication_after_told_is_an_organization():
    extraction = run(
        '"The market is ready," Maria Lopez, a partner at the fund, told Lagos Business Wire.'
    )
    assert "Lagos Business Wire" in names(extraction, ORGANIZATION)
    assert "Lagos Business Wire" not in names(extraction, PERSON)


def test_repairs_demonym_before_a_company_is_not_an_organization():
    extraction = run(
        "The system will be delivered by Swedish engineering company Vattenfall and German "
        "integrator Siemens Mobility."
    )
    assert "Swedish" not in names(extraction, ORGANIZATION)
    assert "German" not in names(extraction, ORGANIZATION)


def test_repairs_conjunction_before_a_demonym_ends_the_name():
    extraction = run(
        "The consortium was led by Ferrovial and Polish partners, which won the tender in May."
    )
    assert not any(" and " in name for name in names(extraction, ORGANIZATION))


def test_repairs_multiword_country_is_not_cut_in_two():
    extraction = run("The report was published by the Smart Energy Council New Zealand on Monday.")
    assert "Smart Energy Council New Zealand" in names(extraction, ORGANIZATION)


def test_repairs_of_place_and_the_place_continues_the_name():
    extraction = run(
        "Funding comes from the Economic Commission for Latin America and the Caribbean, "
        "which approved it in March."
    )
    assert "Economic Commission for Latin America and the Caribbean" in names(
        extraction, ORGANIZATION
    )


def test_repairs_university_campus_continues_the_name():
    extraction = run(
        "Engineers from the University of Oregon at Eugene built the sensor network with the city."
    )
    assert "University of Oregon at Eugene" in names(extraction, ORGANIZATION)


def test_repairs_possessive_inside_a_name_is_kept():
    extraction = run("The Hai Phong People's Committee approved the project on Tuesday.")
    assert "Hai Phong People's Committee" in names(extraction, ORGANIZATION)


def test_repairs_qa_markers_are_not_initials():
    extraction = run(
        "Q. Residents ask why the bills went up. What happened?\n\n"
        "A. Meters were replaced across the city last year.\n\n"
        "Q. Will it change again?\n\n"
        "A. Not this year."
    )
    assert not any(name[:2] in {"Q.", "A."} for name in names(extraction, PERSON))


def test_repairs_credit_line_names_are_not_entities():
    extraction = run(
        "The city approved the loan on Tuesday, the mayor said.\n\n"
        "Reporting by Stefan Marinov; editing by Ivana Kostova"
    )
    assert names(extraction, PERSON) == set()
    assert names(extraction, ORGANIZATION) == set()


def test_repairs_title_glued_to_a_name_is_cut_off():
    extraction = run(
        "Ambassador of France to the Slovak Republic Pierre Lambert noted that the approach "
        'works. "It is cheap," he said.'
    )
    assert "Pierre Lambert" in names(extraction, PERSON)


def test_repairs_city_hall_of_a_named_city_is_an_organization():
    extraction = run(
        "The project was launched together with the Almaty City Hall. Residents can visit the "
        "exhibition at Almaty City Hall until May."
    )
    assert "Almaty City Hall" in names(extraction, ORGANIZATION)


def test_repairs_city_hall_as_a_building_is_not_an_organization():
    extraction = run("Visitors can walk through a 3D version of Seoul City Hall on their phones.")
    assert "Seoul City Hall" not in names(extraction, ORGANIZATION)


def test_repairs_square_is_not_a_person():
    extraction = run("Hundreds gathered in Plaza Mayor to watch the new lights switched on.")
    assert names(extraction, PERSON) == set()


def test_repairs_byline_author_is_not_an_entity():
    body = (
        "The council approved the plan.\n\n"
        "Tomasz Nowak is a reporter covering cities and transport."
    )
    page = ParsedPage(title="", body=body, raw_text=body, byline="Tomasz Nowak")
    assert names(extract(page, Gazetteer()), PERSON) == set()


def test_repairs_street_name_alone_is_not_an_organization():
    extraction = run(
        "Sensors will count cyclists along Ashbury Avenue for two years. Work on Ashbury will "
        "start in May, said Kim."
    )
    assert names(extraction, ORGANIZATION) == set()


def test_repairs_street_in_a_postal_address_is_not_an_organization():
    extraction = run(
        "Mayor Lena Ortiz\n\n1221 SW 4th Ave, Suite 340, Salem, OR 97301\n\nPhone: 503-555-0100"
    )
    assert names(extraction, ORGANIZATION) == set()


def test_repairs_name_listed_with_a_place_is_a_place_not_an_organization():
    extraction = run(
        "A second phase is expected to extend the approach to Bukhara and Khiva next year."
    )
    assert names(extraction, ORGANIZATION) == set()


def test_repairs_place_named_elsewhere_is_not_an_organization():
    extraction = run(
        "The fair closed on Friday in Marrakech. Organisers said Marrakech would host it again "
        "next April."
    )
    assert "Marrakech" not in names(extraction, ORGANIZATION)


PARKS = (
    "The bins are located at Harlow Park (Eastvale), Kestrel Reserve (Northwood) and the "
    "library.\n\nThe Larchmont Station upgrade was praised by Omar Reyes."
)


def test_parks_reserves_and_stations_are_not_organizations():
    extraction = run(PARKS)
    assert names(extraction, ORGANIZATION) == set()
    assert names(extraction, PLACE) == {"Harlow Park", "Kestrel Reserve"}
    reopened = "Kestrel Reserve reopened after the storm."
    assert names(run(reopened), ORGANIZATION) == set()
    with without_rules(["demonyms-and-venues"]):
        assert names(run(reopened), ORGANIZATION) == {"Kestrel Reserve"}


def test_an_amount_of_money_before_a_funds_name_is_not_part_of_it():
    extraction = run(
        "The government will spend part of the £31bn National Harbour Investment Fund on "
        "sensors, and the $2m Smart Ports Fund will pay for chargers, officials said."
    )
    assert {"National Harbour Investment Fund", "Smart Ports Fund"} <= names(
        extraction, ORGANIZATION
    )
    assert not any(name[:1].isdigit() for name in names(extraction, ORGANIZATION))


def test_amounts_switched_off_the_amount_is_glued_to_the_name_again():
    with without_rules({"amounts-before-names"}):
        extraction = run("Part of the £31bn National Harbour Investment Fund pays for sensors.")
    assert names(extraction, ORGANIZATION) == {"31bn National Harbour Investment Fund"}
