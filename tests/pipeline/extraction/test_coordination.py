"""Two organizations joined by "and" are split only where both sides are names of their own."""

from __future__ import annotations

from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import ORGANIZATION

from .helpers import names, run

TWO_BODIES = (
    "The council approved agreements with the Bureau of Harbours and Fresno Valley Water "
    "District for the new pipeline."
)
LISTED = (
    "The corridor is a partnership with the technology companies Cisco, Telvora and Brightpath "
    "Partners, the city said."
)


def test_coordination_a_body_of_x_and_a_body_named_after_a_place_are_two():
    assert names(run(TWO_BODIES), ORGANIZATION) == {
        "Bureau of Harbours",
        "Fresno Valley Water District",
    }


def test_coordination_the_last_two_names_of_a_comma_list_are_two():
    assert {"Brightpath Partners"} <= names(run(LISTED), ORGANIZATION)
    assert "Telvora and Brightpath Partners" not in names(run(LISTED), ORGANIZATION)


def test_coordination_topics_joined_by_and_stay_one_name():
    body = (
        "Lakeshore Electricity and Water Authority and the Department of Economic and Social "
        "Affairs met the Center for Diagnostics and Telemedicine of the Harbour Health "
        "Department."
    )
    assert names(run(body), ORGANIZATION) == {
        "Lakeshore Electricity and Water Authority",
        "Department of Economic and Social Affairs",
        "Center for Diagnostics and Telemedicine of the Harbour Health Department",
    }


def test_coordination_switched_off_keeps_the_fused_name():
    with without_rules({"coordinated-organizations-split"}):
        assert "Bureau of Harbours and Fresno Valley Water District" in names(
            run(TWO_BODIES), ORGANIZATION
        )


def test_coordination_two_topics_of_one_institute_stay_one_name():
    extraction = run(
        "The Institute of Coastal Energy and Marine Technology, Harbin, signed the deal, and "
        "so did the Bureau of Harbours and Fresno Valley Water District."
    )
    assert names(extraction, ORGANIZATION) == {
        "Institute of Coastal Energy and Marine Technology",
        "Bureau of Harbours",
        "Fresno Valley Water District",
    }
