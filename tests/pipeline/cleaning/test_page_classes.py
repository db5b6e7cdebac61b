"""Classes of pages the cleaner meets on any site, each with text written for the class."""

import textwrap
from datetime import date
from textwrap import indent

import pytest

from archive.pipeline.cleaning import clean_page
from archive.pipeline.cleaning.lines import is_prose
from archive.pipeline.cleaning.page import RESCUED_PROSE
from archive.pipeline.types import BadInput, BlockKind

TODAY = date(2025, 1, 1)

STORY = [
    "The harbour district switched on four hundred connected street lights on Tuesday, the "
    "first stage of a plan to halve the energy the city spends on lighting.",
    "Each lamp dims when the street is empty and reports faults to a central dashboard, so "
    "that crews no longer drive around at night looking for broken lights.",
    "The second stage will cover the old town and the ring road next year, once the council "
    "has approved the budget for the work in its autumn session.",
]


def wrapped(paragraph: str, width: int = 60) -> str:
    """The paragraph hard-wrapped at `width` characters, as plain-text mail does."""
    return textwrap.fill(paragraph, width=width)


def kinds(page) -> list[tuple[str, str]]:
    return [(block.kind.value, block.text) for block in page.removed]


def test_indented_wrapped_page_keeps_its_prose_and_removes_caption_and_credit():
    caption = "A technician adjusts one of the new lamp heads on the quay."
    credit = "Photo: Jane Roe / Harbour Press"
    text = indent(
        "\n\n".join(
            [
                "Harbour district switches on its smart street lights",
                "By Maria Lopez\n12 March 2024",
                wrapped(STORY[0]),
                f"{caption}\n{credit}",
                wrapped(STORY[1]),
                wrapped(STORY[2]),
            ]
        ),
        "    ",
    )

    page = clean_page(text, today=TODAY)

    assert page.title == "Harbour district switches on its smart street lights"
    assert page.body.split("\n\n") == STORY
    photo = [(b.kind, b.text, b.position) for b in page.removed if b.position == 1]
    assert photo == [(BlockKind.CAPTION, caption, 1), (BlockKind.CREDIT, credit, 1)]
    assert page.review_reasons == []


def test_teaser_carousel_above_the_story_is_neither_headline_nor_body():
    teasers = [
        "Bus lanes extended across the northern suburbs",
        "Ferry operator orders two electric vessels",
        "Parking app passes one million downloads",
    ]
    headline = "Harbour district switches on smart street lights"
    text = "\n".join([*teasers, headline, "", "Published 12 March 2024", "", *STORY])

    page = clean_page(text, today=TODAY)

    assert page.title == headline
    assert page.body.split("\n\n") == STORY
    assert (BlockKind.TEASER, "\n".join(teasers)) in [(b.kind, b.text) for b in page.removed]


def test_typography_widget_cookie_and_newsletter_boxes_are_removed():
    widget = "Font size: A- A A+\nArial\nGeorgia\nVerdana"
    cookie = (
        "We use cookies to improve your experience of this site. By browsing on\nyou accept them"
    )
    newsletter = "Sign up for our newsletter and get the week's news in your inbox"
    text = "\n\n".join(
        ["Harbour district switches on smart street lights", widget, *STORY, cookie, newsletter]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [
        ("widget", widget),
        ("cookie_notice", cookie),
        ("newsletter", newsletter),
    ]


def test_a_row_of_font_names_in_prose_context_is_not_a_widget():
    sentence = "The new signs use Georgia and Verdana, two fonts chosen for their legibility."
    text = "\n\n".join(["Harbour district picks a font for its signs", sentence, *STORY])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n")[0] == sentence


def test_press_release_tail_end_mark_about_and_contact_are_removed():
    about = (
        "Acme Lighting makes connected street lights and the software that runs them, for "
        "cities in twelve countries."
    )
    text = "\n\n".join(
        [
            "Harbour district switches on smart street lights",
            *STORY,
            "###",
            f"About Acme Lighting\n{about}",
            "For reference:\nJane Roe, Press Officer\n+44 20 7946 0000\npress@acme.example",
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [
        ("footer", "###"),
        ("company_tail", f"About Acme Lighting\n{about}"),
        (
            "press_contact",
            "For reference:\nJane Roe, Press Officer\n+44 20 7946 0000\npress@acme.example",
        ),
    ]
    assert [block.position for block in page.removed] == [3, 3, 3]


def test_about_tail_without_end_mark_and_media_contact():
    about = (
        "Acme Lighting is a maker of connected street lights with customers in twelve countries."
    )
    text = "\n\n".join(
        [
            "Harbour district switches on smart street lights",
            *STORY,
            f"About Acme Lighting\n{about}",
            "Media contact\nJane Roe\npress@acme.example",
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert [block.kind for block in page.removed] == [
        BlockKind.COMPANY_TAIL,
        BlockKind.PRESS_CONTACT,
    ]


@pytest.mark.parametrize("legal_form", ["GmbH.", "B.V.", "Oyj.", "Ltd."])
def test_a_media_contact_naming_its_company_with_a_legal_form_is_removed_whole(legal_form):
    text = "\n\n".join(
        [
            "Harbour district switches on smart street lights",
            *STORY,
            f"Media contact\nJane Roe\nAcme Lighting {legal_form}\npress@acme.example",
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert [block.kind for block in page.removed] == [BlockKind.PRESS_CONTACT]


def test_for_reference_over_background_prose_stays_in_the_story():
    background = (
        "The lighting department has run the city's street lights since 1998 and maintains "
        "more than forty thousand lamps across all districts."
    )
    text = "\n\n".join(
        ["Harbour district switches on smart street lights", *STORY, "For reference:", background]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n")[-2:] == ["For reference:", background]


def test_about_section_in_the_middle_of_a_story_stays():
    section = "About the project"
    middle = (
        "The project started two years ago with a pilot on a single street near the ferry "
        "terminal, where residents were asked what they thought of the light."
    )
    text = "\n\n".join(
        ["Harbour district switches on smart street lights", STORY[0], section, middle, *STORY[1:]]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [STORY[0], section, middle, *STORY[1:]]


def test_a_menu_word_that_falls_on_its_own_line_in_wrapped_prose_stays_in_the_sentence():
    paragraph = (
        "The council said the new quarter would give two thousand families a place to call\n"
        "home\n"
        "within five years, and that the first residents would move in next spring."
    )
    text = "\n\n".join(["Harbour district opens new homes", paragraph, *STORY])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [" ".join(paragraph.split("\n")), *STORY]
    assert page.removed == []


def test_calls_to_action_and_list_controls_are_removed_as_widgets():
    controls = [
        "Learn more",
        "View less",
        "Most recent",
        "Subscribe to RSS feed",
        "Read the full story on Harbour Daily",
    ]
    text = "\n\n".join(
        [
            "Harbour district switches on its smart street lights",
            "12 March 2024",
            STORY[0],
            controls[0],
            STORY[1],
            STORY[2],
            *controls[1:],
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [
        ("dateline", "12 March 2024"),
        ("prompt", controls[0]),
        ("prompt", "\n".join(controls[1:])),  # the run of controls below the story, as one block
    ]


def test_row_of_share_and_contact_buttons_flattened_to_one_line_is_a_share_bar():
    headline = "Harbour district switches on its smart street lights"
    bars = [
        "Share on Facebook Share on X Share on LinkedIn Email this link",
        "Email the reporter | Follow on Mastodon",
    ]
    text = "\n\n".join([headline, bars[1], "12 March 2024", *STORY, bars[0]])

    page = clean_page(text, today=TODAY)

    assert page.title == headline
    assert page.body == "\n\n".join(STORY)
    assert sorted(kinds(page)) == sorted(
        [("dateline", "12 March 2024"), *(("share_bar", bar) for bar in bars)]
    )


def test_note_to_readers_above_the_story_is_kept_and_is_not_the_headline():
    headline = "UPDATE: Harbour district switches on its smart street lights"
    note = (
        "Editor's note: This story was corrected to give the number of lamps switched on. "
        "Nothing else in it has changed."
    )
    text = "\n\n".join([headline, note, "By Maria Lopez", *STORY])

    page = clean_page(text, today=TODAY)

    assert (page.title, page.byline) == (headline, "Maria Lopez")
    assert page.body == "\n\n".join([note, *STORY])


def test_dateline_with_an_update_stamp_after_a_comma_gives_the_publication_date():
    stamp = "on March 12, 2024 at 9:05 AM, updated March 13, 2024 at 1:34 PM"
    headline = "Harbour district switches on its smart street lights"

    page = clean_page("\n\n".join([headline, stamp, *STORY]), today=TODAY)

    assert (page.title, page.published_on) == (headline, date(2024, 3, 12))
    assert page.body == "\n\n".join(STORY)


def test_a_page_wrapped_with_a_blank_line_after_every_line_opens_with_prose_not_a_headline():
    lines = [
        "Mayor Anna Rusk today announced the Town of Belford will open a new public",
        "Maker Space in the old library building on Quarry Street next month.",
        "From Monday, residents can book the printers and laser cutters for three",
        "hours a week, and the first training sessions will be held in the evening.",
        "Mayor Rusk said the space will help young people learn skills that local",
        "employers need, and that the town will review the opening hours in the autumn.",
    ]
    page = clean_page("\n\n".join(lines), today=TODAY)

    assert page.has_headline is False
    # The first line is the opening of the story, kept in the body (as a paragraph of its own:
    # the body joins lines across a blank line only where the next one starts in lower case).
    assert page.body.split() == " ".join(lines).split()


def test_a_headline_over_paragraphs_wrapped_across_blank_lines_stays_the_headline():
    lines = [
        "Belford opens a maker space",
        "Mayor Anna Rusk said on Monday that the town will open a public maker space in the",
        "old library building on Quarry Street, with printers and laser cutters to book.",
        "Residents can book the tools for three hours a week, and the first training",
        "sessions will be held in the evening, the town said in a statement.",
    ]
    page = clean_page("\n\n".join(lines), today=TODAY)

    assert page.title == "Belford opens a maker space"


def test_sentences_glued_without_a_space_get_it_back_in_prose_lines():
    text = (
        "Harbour district adds bike lanes\n\n"
        "The council approved four new lanes on Tuesday.Work starts in May and ends in the "
        "autumn,Mayor Ines Garro said at the meeting (in 2024).Residents can comment online.\n\n"
        "Details are at www.example.org/Lanes.Info and in the town hall."
    )
    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [
        "The council approved four new lanes on Tuesday. Work starts in May and ends in the "
        "autumn, Mayor Ines Garro said at the meeting (in 2024). Residents can comment online.",
        "Details are at www.example.org/Lanes.Info and in the town hall.",
    ]


def test_a_lone_link_label_under_the_story_is_removed():
    text = "\n\n".join(
        ["Harbour district switches on its smart street lights", *STORY, "View the full report"]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [("related_links", "View the full report")]


def test_a_citation_of_the_source_story_under_a_summary_is_removed():
    citation = "Port City Lights Up Its Quays With Smart Lamps (The Coastal Courier, Mar. 4, 2024)"
    text = "\n\n".join(["Harbour district switches on its smart street lights", *STORY, citation])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [("related_links", citation)]


def test_a_sentence_citing_a_study_in_brackets_is_kept():
    sentence = "The savings match those of a survey of forty ports (Harbour Review, 2023)."
    text = "\n\n".join(["Harbour district switches on its smart street lights", *STORY, sentence])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [*STORY, sentence]


def test_a_run_of_short_lines_naming_cities_and_countries_is_a_listing_not_a_menu():
    listing = ["City of Lisbon", "Portugal", "FINALIST", "City of Tampere", "Finland"]
    lead = "Three cities made the final round of the lighting prize this year."
    text = "\n\n".join(["Harbour lights win a prize", lead, *listing, *STORY])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [lead, *listing, *STORY]


def test_a_run_of_short_section_labels_is_still_a_menu():
    menu = ["Transport", "Local Government", "Open Data", "Housing"]
    text = "\n\n".join([*menu, "Harbour district switches on its smart street lights", *STORY])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY


def test_a_headline_ending_in_a_full_stop_above_the_date_line_is_the_headline():
    page = clean_page(
        "Why the harbour district is testing smart benches.\n\n"
        "14 Νοεμβρίου 2019\n\n"
        "The harbour district installed twelve solar benches last spring, and the city's "
        "planners now count how many people sit on them each hour of the day.\n\n"
        "Residents asked for more shade near the ferry stop, the planners said in a report "
        "published on the district's website.\n"
    )
    assert (page.title, page.has_headline, page.published_on) == (
        "Why the harbour district is testing smart benches.",
        True,
        date(2019, 11, 14),
    )


def test_a_first_sentence_of_the_story_above_the_date_line_is_not_taken_for_a_headline():
    page = clean_page(
        "The harbour district installed twelve solar benches. Planners now count who sits.\n\n"
        "14 November 2019\n\n"
        "Residents asked for more shade near the ferry stop, the planners said in a report "
        "published on the district's website last week.\n"
    )
    assert page.has_headline is False


@pytest.mark.parametrize("marker", ["- ", "• ", "1. "])
def test_a_bulleted_list_of_related_headlines_inside_the_story_goes_with_its_heading(marker):
    related = [
        "How one port city cut its lighting bill",
        "Which councils are leading on smart lighting?",
        "Ministry to review street lighting standards",
    ]
    story = [
        "The harbour district switched on 400 smart street lights on Monday, the council said, "
        "after a two-year trial in the old town showed the lamps cut energy use by half.",
        "The council said the lamps dim when streets are empty and brighten when sensors "
        "detect people walking or cycling nearby.",
        "Residents can report a faulty lamp through the city app, the council added in its "
        "statement.",
    ]
    text = "\n\n".join(
        [
            "Harbour district switches on smart street lights",
            "12 March 2024",
            story[0],
            "\n".join(["Related content", *(marker + item for item in related)]),
            *story[1:],
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == story
    removed = "\n".join(b.text for b in page.removed if b.kind == BlockKind.TEASER)
    assert all(item in removed for item in related)


def test_a_list_in_the_story_after_a_paragraph_stays():
    story = [
        "The harbour district switched on 400 smart street lights on Monday, the council said, "
        "after a two-year trial in the old town showed the lamps cut energy use by half.",
        "The lamps do three things:\n- Dim when streets are empty\n- Report faults on their own\n"
        "- Count passing cyclists",
        "Residents can report a faulty lamp through the city app, the council added in its "
        "statement on Monday.",
    ]
    headline = "Harbour district switches on smart street lights"
    text = "\n\n".join([headline, "12 March 2024", *story])

    page = clean_page(text, today=TODAY)

    assert page.body.replace("\n\n", "\n") == "\n".join(story)
    assert [b.kind for b in page.removed] == [BlockKind.DATELINE]


def test_a_breadcrumb_trail_ending_in_a_long_headline_is_navigation_not_the_headline():
    headline = (
        "Harbour district deploys a dense network of air quality sensors as pollution "
        "tracking moves to real time"
    )
    page = clean_page(
        "\n\n".join([f"Home \u00bb Latest news \u00bb {headline}", headline, *STORY]), today=TODAY
    )
    assert page.title == headline
    assert (BlockKind.NAVIGATION, "breadcrumb trail") in [(b.kind, b.reason) for b in page.removed]


@pytest.mark.parametrize("separator", [">", "\u203a", "\u00bb"])
def test_a_trail_of_site_sections_ending_in_a_long_headline_is_navigation(separator):
    headline = "Harbour district opens a second ferry stop with live arrival boards and bike racks"
    trail = f"Our work {separator} Updates {separator} {headline}"
    page = clean_page("\n\n".join([trail, headline, *STORY]), today=TODAY)
    assert page.title == headline
    assert (BlockKind.NAVIGATION, "breadcrumb trail") in [(b.kind, b.reason) for b in page.removed]
    assert page.body.split("\n\n") == STORY


def test_a_trail_ending_in_a_question_headline_is_navigation():
    question = "Who pays for the harbour district's second ferry stop with live arrival boards?"
    trail = f"Our work \u203a Updates \u203a {question}"
    page = clean_page("\n\n".join([trail, *STORY]), today=TODAY)
    assert (BlockKind.NAVIGATION, "breadcrumb trail") in [(b.kind, b.reason) for b in page.removed]
    assert trail not in page.body


@pytest.mark.parametrize(
    "sentence",
    [
        "Savings > costs > zero in every district that tried the meters this year",
        "Open Settings > Privacy > Location Services and switch off tracking for the app today.",
        "Tap Settings \u203a Privacy and turn off sharing for the parking app before it starts.",
        "In the app, choose Menu \u00bb Parking history to see every session you paid last year.",
        "Go to Settings > Privacy > Location and turn it off.",
    ],
)
def test_a_sentence_with_angle_brackets_is_no_trail(sentence):
    page = clean_page("\n\n".join(["Water meters pay off", STORY[0], sentence]), today=TODAY)
    assert sentence in page.body


def test_a_caption_ending_in_a_credit_sentence_and_the_alt_text_above_it_are_removed():
    alt = "Solar bench beside the ferry stop in the harbour district"
    caption = f"{alt}. Photo by Dana Okafor on Unsplash."
    headline = "Harbour district switches on smart street lights"
    text = "\n\n".join([headline, "12 March 2024", STORY[0], f"{alt}\n{caption}", *STORY[1:]])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY
    removed = "\n".join(b.text for b in page.removed if b.kind == BlockKind.CAPTION)
    assert alt in removed and "Photo by Dana Okafor" in removed


def test_a_story_sentence_about_a_photographer_stays():
    sentence = (
        "The exhibition opens on Friday in the old ferry terminal. Photos by local students "
        "line the walls of the hall."
    )
    page = clean_page("\n\n".join([STORY[0], sentence, *STORY[1:]]), today=TODAY)
    assert sentence in page.body


@pytest.mark.parametrize(
    "meta",
    [
        # A theme's meta line with an empty author and the post's categories.
        "by | Mar 4, 2024 | Street lighting, Parking, Energy",
        # The same fields joined without spaces by a scraper, with a "last updated" date.
        "By March 4, 2024June 2nd, 2024No Comments",
    ],
)
def test_a_theme_s_meta_line_under_the_headline_dates_the_page(meta: str) -> None:
    text = "\n\n".join(["Harbour District Switches On Its Smart Street Lights", meta, *STORY])
    page = clean_page(text, today=TODAY)
    assert (page.title, page.published_on, page.byline, page.body) == (
        "Harbour District Switches On Its Smart Street Lights",
        date(2024, 3, 4),
        "",
        "\n\n".join(STORY),
    )


def test_a_question_headline_in_title_case_is_no_prose_above_its_date_line() -> None:
    headline = "Smart Lamps Light Up the Harbour: Will Repair Crews Manage the Extra Work?"
    text = "\n\n".join([headline, "March 4, 2024 | 3 Comments", *STORY])
    page = clean_page(text, today=TODAY)
    assert (page.title, page.published_on, page.body) == (
        headline,
        date(2024, 3, 4),
        "\n\n".join(STORY),
    )


def test_a_headline_the_page_repeats_wins_over_a_standfirst_sharing_the_lede_s_words():
    headline = "Eyes Everywhere, Always!"
    standfirst = "Harbour district lights dim when the street is empty and report faults"
    text = "\n\n".join([headline, standfirst, f"Read\n{headline}", *STORY])
    page = clean_page(text, today=TODAY)
    assert page.title == headline


def test_a_popup_s_close_control_and_a_skip_link_are_navigation():
    text = "\n\n".join(["Skip navigation", "Harbour District Switches On Smart Lights", *STORY])
    text += "\n\nClose window"
    page = clean_page(text, today=TODAY)
    assert (page.body, kinds(page)) == (
        "\n\n".join(STORY),
        [("navigation", "Skip navigation"), ("navigation", "Close window")],
    )


def test_a_teaser_repeated_in_a_most_read_list_is_still_no_headline():
    teaser = "Bike Lanes Expand Across Midtown"
    headline = "Harbour District Switches On Its Smart Street Lights"
    text = "\n\n".join([teaser, headline, *STORY, "Most read", teaser])
    assert clean_page(text, today=TODAY).title == headline


@pytest.mark.parametrize(
    "sentence",
    [
        "Riverton Mayor Olivia Quist, Harbour Premier Doug Marlow and Transit President Phil "
        "Varga Attended The Opening On Monday.",
        "THE CITY COUNCIL VOTED ON TUESDAY TO APPROVE THE NEW PLAN FOR THE HARBOUR DISTRICT.",
    ],
)
def test_a_sentence_of_names_or_in_capitals_ending_in_a_full_stop_is_prose(sentence: str):
    assert is_prose(sentence)


def test_a_paragraph_a_table_rule_runs_through_is_no_ticker():
    first = (
        "The harbour council switched on its new air sensors on Monday, the mayor said, "
        "after a month of tests in the old town and the port."
    )
    second = (
        "Residents can read the readings online, and the council will publish a report "
        "every month about what the sensors find, how the data is used and which streets "
        "are worst: officials expect the first report in May."
    )
    page = clean_page(f"{first} | {second}\n|\nArchives\nCategories\n", today=TODAY)
    assert page.body == f"{first} | {second}"


#: A status banner's label, then a paragraph: the banner rule takes the whole line.
BANNER_PROSE = (
    "Service update: the harbour council will publish a report every month about what "
    "the new air sensors find, how the data is used and which streets are worst, "
    "officials said on Monday after a month of tests across the district and the port."
)


def test_a_page_whose_every_line_reads_as_furniture_keeps_its_prose_for_review():
    page = clean_page(f"{BANNER_PROSE}\nArchives\nCategories\nAll\n", today=TODAY)
    assert page.body == BANNER_PROSE
    assert page.review_reasons[0] == RESCUED_PROSE


def test_a_cookie_notice_is_never_the_prose_a_page_keeps():
    notice = (
        "We use cookies and similar technologies to understand how visitors use this site, to "
        "remember your settings and to show you content that matters to you; by continuing to "
        "browse you agree to our use of cookies as described in our policy."
    )
    with pytest.raises(BadInput):
        clean_page(f"Home\nNews\n{notice}\n", today=TODAY)


def test_the_prose_a_page_keeps_when_all_reads_as_furniture_is_kept_once():
    page = clean_page(f"{BANNER_PROSE}\nArchives\n{BANNER_PROSE}\nAll\n", today=TODAY)
    assert page.body == BANNER_PROSE


def test_a_ticker_with_one_long_item_is_still_a_ticker():
    ticker = (
        "Breaking: Council approves new bus lanes \u2022 Water outage in the harbour district "
        "until six \u2022 The ferry timetable changes on Monday as the harbour authority moves "
        "two crossings to the new terminal while the old pier is repaired over the winter months"
    )
    page = clean_page("\n\n".join([ticker, "Harbour district switches on smart lights", *STORY]))
    assert ticker not in page.body
