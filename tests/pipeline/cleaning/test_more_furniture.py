"""More classes of site furniture, each tested with text written for the class: headers whose
date stands beside the byline under a standfirst, title-case headlines, blog meta lines,
teaser cards after a summary's source, bulleted related links, author boxes, empty tag labels,
comment counts, feedback prompts and image file names."""

from datetime import date

from archive.pipeline.cleaning import clean_page
from archive.pipeline.cleaning.body import is_dated_source
from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import BlockKind
from tests.pipeline.cleaning.test_page_classes import STORY, TODAY

HEADLINE = "Harbour district switches on its smart street lights"
STANDFIRST = (
    "The first four hundred lamps dim on empty streets and report their own faults, and the "
    "old town follows next year."
)


def removed(page) -> list[tuple[BlockKind, str]]:
    return [(block.kind, block.text) for block in page.removed]


def test_a_date_beside_the_byline_under_a_standfirst_is_the_page_s_date():
    text = "\n\n".join(
        [
            HEADLINE,
            STANDFIRST,
            "March 12, 2024, 9:30 AM CET",
            "By Maria Lopez @mlopez_writes",
            "Mobility",
            *STORY,
        ]
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on, page.byline) == (
        HEADLINE,
        date(2024, 3, 12),
        "Maria Lopez",
    )
    assert page.body.split("\n\n") == [STANDFIRST, *STORY]
    assert (BlockKind.SECTION_LABEL, "Mobility") in removed(page)


def test_without_the_rules_the_date_and_label_stay_in_the_body():
    text = "\n\n".join(
        [HEADLINE, STANDFIRST, "March 12, 2024, 9:30 AM CET", "By Maria Lopez", "Mobility", *STORY]
    )
    rules = ("clean-dates-beside-bylines", "clean-labels-under-the-byline")

    with without_rules(rules):
        page = clean_page(text, today=TODAY)

    assert page.published_on is None
    assert "Mobility" in page.body.split("\n\n")


def test_a_long_title_case_question_is_the_headline_and_a_glued_meta_line_gives_the_date():
    headline = "Can Harbour Districts Keep Their Smart Street Lights Running Through Winter Storms?"
    text = "\n\n".join([headline, "By March 12, 2024April 2nd, 2024No Comments", *STORY])

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on) == (headline, date(2024, 3, 12))
    assert page.body.split("\n\n") == STORY


def test_a_sentence_in_prose_keeps_its_glued_year_and_is_no_headline():
    sentence = (
        "Since 2019 the harbour district has replaced its lamps one street at a time, and "
        "the works finish next spring."
    )
    page = clean_page("\n\n".join([HEADLINE, sentence, *STORY]), today=TODAY)

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == [sentence, *STORY]


def test_teaser_cards_after_the_source_of_a_summary_end_the_story():
    cards = [
        "Monday, March 11, 2024 in Harbour Weekly",
        "A tram crossing a bridge at dusk with the old town behind it.",
        "Riverside Tram Line Opens Two Months Early",
        "The new line links the station with the university and the hospital in twelve minutes.",
        "February 2, 2024 - Transit Review",
        "Cyclists waiting at a red light beside a new",
    ]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *cards]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert [kind for kind, _ in removed(page)] == [BlockKind.TEASER]


def test_a_date_and_outlet_line_is_told_from_a_sentence_with_a_date():
    assert is_dated_source("September 14, 2023 - Next Street")
    assert is_dated_source("Tuesday, 2 April 2024 in The Harbour Gazette")
    assert not is_dated_source("On March 12, 2024 the council met in Harbour Hall")
    assert not is_dated_source("March 2024 - the council said")


def test_bulleted_related_links_inside_the_story_are_removed_and_the_story_goes_on():
    related = [
        "Related content",
        "- How the port's sensors predict the tide",
        "- Which districts are leading the smart lighting race?",
        "- Council to review night bus routes",
    ]
    closing = "Residents can report a broken lamp through the city's app or by phone."
    text = "\n".join([HEADLINE, STORY[0], *related, *STORY[1:], closing])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [*STORY, closing]
    assert not any(line in page.body for line in related)


def test_a_theme_s_author_box_comments_count_tags_and_feedback_prompt_are_removed():
    furniture = [
        "About Harbour Desk 14 Articles",
        "Photo and video Journalist",
        "Tagged as:",
        "Is there anything wrong with this page?",
    ]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *furniture]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert removed(page)[:3] == [
        (BlockKind.AUTHOR_BOX, "About Harbour Desk 14 Articles\nPhoto and video Journalist"),
        (BlockKind.TAGS, "Tagged as:"),
        (BlockKind.PROMPT, "Is there anything wrong with this page?"),
    ]


def test_no_comments_yet_ends_the_article():
    page = clean_page(
        "\n\n".join([HEADLINE, *STORY, "No comments:", "Harbour Blog by a reader"]), today=TODAY
    )

    assert page.body.split("\n\n") == STORY


def test_an_image_s_file_name_and_an_alt_text_listing_what_it_shows_are_removed():
    text = "\n\n".join(
        [
            HEADLINE,
            "Published on 12 March 2024",
            "lamp heads, cables and a ladder - harbour quay",
            STORY[0],
            "Harbour-lamps_final-web",
            *STORY[1:],
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert (BlockKind.CAPTION, "Harbour-lamps_final-web") in removed(page)
    assert (BlockKind.CAPTION, "lamp heads, cables and a ladder - harbour quay") in removed(page)


def test_a_caption_joined_to_its_credit_without_brackets_is_a_caption():
    caption = "A crew fits one of the new lamp heads on the harbour quay Credit: Harbour Press"
    page = clean_page("\n\n".join([HEADLINE, caption, *STORY]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert (BlockKind.CAPTION, caption) in removed(page)
