"""More classes of site furniture, each tested with text written for the class: author boxes,
empty tag labels, comment counts, feedback prompts, image file names and captions joined to
their credit."""

from archive.pipeline.cleaning import clean_page
from archive.pipeline.types import BlockKind
from tests.pipeline.cleaning.test_page_classes import STORY, TODAY

HEADLINE = "Harbour district switches on its smart street lights"


def removed(page) -> list[tuple[BlockKind, str]]:
    return [(block.kind, block.text) for block in page.removed]


def test_a_theme_s_author_box_comments_count_tags_and_feedback_prompt_are_removed():
    furniture = [
        "About Harbour Desk 14 Articles",
        "Staff photographer",
        "Tagged as:",
        "Something wrong with this page? Let the web team know",
    ]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *furniture]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert removed(page)[:3] == [
        (BlockKind.AUTHOR_BOX, "About Harbour Desk 14 Articles\nStaff photographer"),
        (BlockKind.TAGS, "Tagged as:"),
        (BlockKind.PROMPT, "Something wrong with this page? Let the web team know"),
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
