from __future__ import annotations

from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import ORGANIZATION, PERSON

from .helpers import names, run

TEXT = (
    "The ribbon was cut by Riverton Mayor Alma Quist and Interim IT Director Rosa Venn at the "
    "harbour on Friday. Riverton Department of Parks Director Lina Moss said the work was done. "
    "The county Department of Transportation Director, Ken Aldo, agreed. The Office of the Mayor "
    "did not reply."
)


def test_a_title_ends_the_organization_before_it():
    extraction = run(TEXT)
    assert names(extraction, ORGANIZATION) == {
        "Riverton Department of Parks",
        "Department of Transportation",
        "Office of the Mayor",
    }
    assert names(extraction, PERSON) == {"Alma Quist", "Rosa Venn", "Lina Moss", "Ken Aldo"}


def test_an_office_named_after_its_officer_keeps_the_title():
    extraction = run(
        "The Office of the City Clerk and the Office of the Chief Data Officer published the "
        "records, and the Bank of the Harbour Chairman agreed."
    )
    assert names(extraction, ORGANIZATION) == {
        "Office of the City Clerk",
        "Office of the Chief Data Officer",
        "Bank of the Harbour",
    }


def test_without_the_rule_titles_and_names_run_into_organizations():
    with without_rules(["person-titles-end-organizations"]):
        extraction = run(TEXT)
    assert "Department of Transportation Director" in names(extraction, ORGANIZATION)
    assert "Department of Transportation" not in names(extraction, ORGANIZATION)
