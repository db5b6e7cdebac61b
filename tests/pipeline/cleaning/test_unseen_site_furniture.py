"""Furniture of sites no one tuned on, each class tested with text written for it: alt text
that describes a picture, a table of contents label, a shop's buttons beside a book box,
and a prompt ending in the address it links to."""

import datetime

from archive.pipeline.cleaning import clean_page
from archive.pipeline.extraction.rules import without_rules
from archive.pipeline.types import BlockKind
from tests.pipeline.cleaning.test_page_classes import STORY, TODAY

HEADLINE = "Harbour district switches on its smart street lights"
SECTION = "What the lamps report"


def removed(page) -> list[tuple[BlockKind, str]]:
    return [(block.kind, block.text) for block in page.removed]


def test_alt_text_that_describes_a_picture_is_removed_and_headings_stay():
    pictures = [
        "A row of lamp posts along the quay with the old crane in the background",
        "Harbour lighting article banner",
        "Energy savings per district infographic",
    ]
    text = "\n\n".join(
        [
            HEADLINE,
            "Published on 12 March 2024",
            pictures[0],
            STORY[0],
            pictures[1],
            SECTION,
            STORY[1],
            pictures[2],
            STORY[2],
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [STORY[0], SECTION, STORY[1], STORY[2]]
    for picture in pictures:
        assert (BlockKind.CAPTION, picture) in removed(page)


def test_a_heading_or_sentence_with_a_picture_word_is_not_alt_text():
    heading = "Infographic: How The Harbour Saves Energy"
    title_case = "The Lamp Banner Project"
    sentence = "The council unveiled a banner on the quay."
    text = "\n\n".join(
        [HEADLINE, "Published on 12 March 2024", STORY[0], heading, title_case, sentence, STORY[1]]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [STORY[0], heading, title_case, sentence, STORY[1]]


def test_without_the_rule_the_picture_s_description_stays():
    picture = "A row of lamp posts along the quay with the old crane in the background"
    text = "\n\n".join([HEADLINE, "Published on 12 March 2024", picture, *STORY])

    with without_rules(("clean-picture-descriptions",)):
        page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [picture, *STORY]


def test_a_contents_label_and_a_book_box_s_shop_buttons_are_removed():
    text = "\n\n".join(
        [
            HEADLINE,
            "Published on 12 March 2024",
            "Table of Contents",
            STORY[0],
            "Preview the book",
            "Buy on Bookshop.org",
            "Order your copy",
            *STORY[1:],
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert (BlockKind.WIDGET, "Table of Contents") in removed(page)
    shop = "Preview the book\nBuy on Bookshop.org\nOrder your copy"
    assert (BlockKind.PROMPT, shop) in removed(page)


def test_a_prompt_that_ends_in_its_link_s_address_is_removed():
    prompt = "To watch the council session, follow this link: https://example.org/sessions/12"
    text = "\n\n".join([HEADLINE, "Published on 12 March 2024", *STORY, prompt])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert (BlockKind.PROMPT, prompt) in removed(page)


def test_a_sentence_that_names_an_address_is_not_a_prompt():
    sentence = "Residents can see the map of the new lamps at https://example.org/lamps."
    text = "\n\n".join([HEADLINE, "Published on 12 March 2024", *STORY, sentence])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [*STORY, sentence]


def test_a_release_s_reference_address_is_not_a_link_prompt():
    reference = "For the full timetable, visit: www.example.org/night-buses"
    text = "\n\n".join([HEADLINE, "Published on 12 March 2024", *STORY, reference])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [*STORY, reference]


def test_an_image_left_as_markup_is_a_caption_and_the_headline_below_it_stays():
    images = [
        '<image>data:image/png;base64,iVBORw0KGgo alt="Lamp posts along the quay"</image>',
        '<img src="/media/quay-lamps.jpg" alt="Lamp posts at night">',
        "![The control room](https://example.org/media/control-room.jpg)",
    ]
    text = "\n\n".join([images[0], HEADLINE, STORY[0], images[1], STORY[1], images[2], STORY[2]])

    page = clean_page(text, today=TODAY)

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == STORY[:3]
    assert [text for kind, text in removed(page) if kind == BlockKind.CAPTION] == images


def test_a_sentence_that_names_an_image_tag_is_not_markup():
    sentence = "Editors now mark every picture with an <img> tag and a written description."
    page = clean_page("\n\n".join([HEADLINE, STORY[0], sentence]), today=TODAY)

    assert page.body.split("\n\n") == [STORY[0], sentence]


def test_a_source_link_label_alone_on_a_line_is_removed_and_a_credited_source_stays():
    page = clean_page("\n\n".join([HEADLINE, *STORY, "Source"]), today=TODAY)
    assert page.body.split("\n\n") == STORY
    sentence = "Source: the council's annual report on lighting, published in March."
    page = clean_page("\n\n".join([HEADLINE, *STORY, sentence]), today=TODAY)
    assert sentence in page.body


def test_a_news_ticker_on_one_line_above_the_story_is_teasers():
    ticker = (
        "4 March 2024, 09:10: Ferry timetable changes for the spring 4 March 2024, 08:45: "
        "Library opens a second reading room 4 March 2024, 08:00: Night buses return to the "
        "ring road"
    )
    page = clean_page("\n\n".join([ticker, HEADLINE, "12 March 2024", *STORY]), today=TODAY)

    assert page.title == HEADLINE
    assert page.published_on == datetime.date(2024, 3, 12)
    assert page.body.split("\n\n") == STORY
    assert removed(page)[0] == (BlockKind.TEASER, ticker)
    assert page.removed[0].reason == "news ticker: other stories' headlines with their times"


def test_a_story_that_gives_its_times_is_no_ticker():
    timed = (
        "The first alert went out on 4 March 2024, 09:00, a second on 4 March 2024, 11:30, "
        "and the all-clear on 4 March 2024, 15:00: the council kept residents informed."
    )
    page = clean_page("\n\n".join([HEADLINE, timed, *STORY]), today=TODAY)

    assert page.body.split("\n\n") == [timed, *STORY]


def test_a_search_form_s_empty_fields_are_removed_and_a_fact_box_stays():
    form = ["Keyword:", "Date from:", "Pick a date", "Date to:", "Type:"]
    facts = ["Opening hours:", "Weekdays:", "9am to 7pm", "Saturday:", "Sunday:", "closed"]
    page = clean_page(
        "\n".join(form) + "\n\n" + "\n\n".join([HEADLINE, *STORY]) + "\n\n" + "\n".join(facts),
        today=TODAY,
    )

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == [*STORY, *facts]
    assert removed(page) == [(BlockKind.WIDGET, "\n".join(form))]


def test_a_date_alone_on_its_line_under_the_standfirst_dates_the_page():
    standfirst = (
        "Crews replaced four hundred lamps with connected ones, and the council expects to "
        "halve its lighting bill."
    )
    for date_line in ["18 March 2024", "Monday, March 18, 2024, 10:30 AM"]:
        page = clean_page("\n\n".join([HEADLINE, standfirst, date_line, *STORY]), today=TODAY)

        assert page.published_on == datetime.date(2024, 3, 18)
        assert page.body.split("\n\n") == [standfirst, *STORY]


def test_a_chronology_s_first_date_under_the_standfirst_is_not_the_page_s():
    standfirst = "What happened in the harbour that week, day by day, as residents saw it."
    page = clean_page(
        "\n\n".join([HEADLINE, standfirst, "4 March 2024", STORY[0], "6 March 2024", STORY[1]]),
        today=TODAY,
    )

    assert page.published_on is None


def test_a_date_line_deep_in_the_story_or_with_words_is_not_the_page_s():
    page = clean_page("\n\n".join([HEADLINE, *STORY[:2], "18 March 2024", STORY[2]]), today=TODAY)
    assert page.published_on is None

    page = clean_page(
        "\n\n".join([HEADLINE, STORY[0], "The next meeting is on 18 March 2024.", *STORY[1:]]),
        today=TODAY,
    )
    assert page.published_on is None


def test_a_headline_ending_in_a_full_stop_above_its_standfirst_and_date_is_the_headline():
    standfirst = (
        "Crews replaced four hundred lamps with connected ones, and the council expects to "
        "halve its lighting bill within two years of the switch."
    )
    page = clean_page("\n".join([HEADLINE + ".", standfirst, "18 March 2024", *STORY]), today=TODAY)

    assert page.title == HEADLINE + "."
    assert page.published_on == datetime.date(2024, 3, 18)
    assert page.body.split("\n\n") == [standfirst, *STORY]


def test_a_comments_heading_that_names_whose_comments_ends_the_story():
    for heading in ["Article Comments", "Reader comments", "Readers' Comments"]:
        page = clean_page(
            "\n\n".join([HEADLINE, *STORY, heading, "Keep it civil and on topic, please."]),
            today=TODAY,
        )

        assert page.body.split("\n\n") == STORY
        assert removed(page)[0] == (BlockKind.COMMENTS, heading)


def test_alt_text_saying_what_a_picture_shows_is_removed_even_first_on_the_page():
    alt = "Image of a tram crossing the harbour bridge at dusk"
    page = clean_page("\n\n".join([alt, HEADLINE, *STORY]), today=TODAY)

    assert page.title == HEADLINE
    assert removed(page)[0] == (BlockKind.CAPTION, alt)


def test_a_release_feed_s_distribution_line_is_a_date_line_not_the_headline():
    feed = "11/05/2024 | News release | Distributed by Wirefeed on 11/05/2024 09:15"
    page = clean_page("\n\n".join([feed, HEADLINE, *STORY]), today=TODAY)

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == STORY


def test_a_box_s_numbered_teasers_over_its_view_all_link_are_removed():
    box = [
        "  1. Library extends its weekend hours",
        "    The branch on the quay will open on Sundays from March. Read on...",
        "  2. Ferry timetable changes for the spring",
        "View All",
    ]
    page = clean_page("\n\n".join([HEADLINE, *STORY]) + "\n" + "\n".join(box), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert removed(page)[0] == (BlockKind.TEASER, "\n".join(line.strip() for line in box[:3]))


def test_a_numbered_list_of_the_story_without_a_view_all_link_stays():
    steps = ["1. Download the app", "2. Report the broken lamp"]
    page = clean_page("\n\n".join([HEADLINE, STORY[0], *steps, STORY[1]]), today=TODAY)

    assert page.body.split("\n\n") == [STORY[0], "\n".join(steps), STORY[1]]


def test_a_link_label_closed_by_a_chevron_is_removed():
    links = ["View the 2024 lighting plan >", "Download the street map \u203a"]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *links]), today=TODAY)

    assert page.body.split("\n\n") == STORY


def test_a_headline_with_a_photo_in_it_and_a_story_s_closing_paragraph_stay():
    headline = "Police release photo of the van seen at the depot"
    closing = "The council voted seven to two for the plan on Tuesday."
    items = ["1. Repair the quay road", "2. Reopen the library", "3. Extend the ferry timetable"]
    page = clean_page("\n\n".join([headline, *STORY, *items, closing, "View all"]), today=TODAY)

    assert page.title == headline
    assert page.body.split("\n\n") == [*STORY, "\n".join(items), closing]


def test_a_headline_s_own_time_stays_in_it():
    page = clean_page("\n\n".join(["9:30 curfew lifted as the harbour reopens", *STORY]))

    assert page.title == "9:30 curfew lifted as the harbour reopens"
