"""Removal records and the reasons a page goes to a curator for review."""

from datetime import date

from archive.pipeline.cleaning import clean_page
from archive.pipeline.types import BlockKind
from tests.pipeline.cleaning.test_page_classes import STORY

TODAY = date(2025, 1, 1)
HEADLINE = "Harbour district switches on smart street lights"
BLURB = (
    "The tram operator said on Monday that it would extend the evening timetable on all "
    "three lines from next month, after a survey of riders found that most of them wanted "
    "later trams on weekdays and the council agreed to pay for the extra drivers."
)


def test_a_page_that_loses_a_third_of_its_words_is_flagged():
    menu = "\n".join(["Home", "News", "Events", "Contact us", "About us"] * 8)
    text = "\n\n".join([menu, HEADLINE, *STORY])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    removed, total = len(menu.split()), len(text.split())
    assert page.review_reasons == [
        f"cleaning removed {removed} of {total} words ({removed * 100 // total}%)"
    ]


def test_prose_removed_in_a_teaser_block_is_flagged():
    text = "\n\n".join([HEADLINE, *STORY, "Related articles", "Trams to run later", BLURB])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert page.removed[-1].kind == BlockKind.TEASER
    assert page.review_reasons[-1] == (
        f"removed {page.removed[-1].word_count} words of prose as teaser "
        "(heading of a teaser block)"
    )


def test_a_company_tail_is_prose_by_nature_and_not_flagged():
    about = "Acme Lighting is a maker of connected lights. " + BLURB
    text = "\n\n".join([HEADLINE, *STORY, "About Acme Lighting", about])

    page = clean_page(text, today=TODAY)

    assert page.removed[-1].kind == BlockKind.COMPANY_TAIL
    assert [reason for reason in page.review_reasons if "prose" in reason] == []


def test_date_and_byline_lines_are_recorded_but_not_counted_as_lost():
    text = "\n\n".join([HEADLINE, "By Jane Roe\n12 March 2024", *STORY])

    page = clean_page(text, today=TODAY)

    assert [(block.kind, block.text, block.position) for block in page.removed] == [
        (BlockKind.BYLINE, "By Jane Roe", 0),
        (BlockKind.DATELINE, "12 March 2024", 0),
    ]
    assert (page.byline, page.published_on, page.review_reasons) == (
        "Jane Roe",
        date(2024, 3, 12),
        [],
    )


def test_a_clean_page_removes_nothing():
    page = clean_page("\n\n".join([HEADLINE, *STORY]), today=TODAY)

    assert (page.removed, page.review_reasons) == ([], [])
