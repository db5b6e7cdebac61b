"""Page classes: a site header without a date line, image names left between paragraphs, and a
headline over a longer standfirst. Text written for each class."""

import textwrap
from datetime import date

from archive.pipeline.cleaning import clean_page
from archive.pipeline.extraction.rules import registered_rules, without_rules
from archive.pipeline.types import BlockKind

TODAY = date(2025, 1, 1)

STORY = [
    "The water board opened a public map of every leak its sensors found last winter, the "
    "first time residents can see where the network loses most of its water.",
    "Engineers will use the same readings to decide which mains are replaced first, "
    "starting with the oldest pipes under the market square next spring.",
    "The board said it would add the readings of its pumping stations to the map once the "
    "new meters are installed in all of the districts.",
]
HEADLINE = "Water board publishes a live map of leaks across the network"


def test_a_site_header_above_a_feed_prompt_is_not_the_headline():
    header = [
        "Skip to main content  Text-only version",
        "Riverton Water Board",
        "Customer Services and Billing",
        "Reliable. Clean. Local.",
        "Phone: 555-010-2000",
        "Emergency line: 555-010-2999",
        "12 Mill Lane, Riverton",
        "Subscribe to RSS feed",
    ]
    text = "\n\n".join([*header, HEADLINE, *STORY])

    page = clean_page(text, today=TODAY)

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == STORY
    removed = "\n".join(block.text for block in page.removed)
    assert removed.split("\n") == [" ".join(line.split()) for line in header]
    assert page.removed[0].kind == BlockKind.PROMPT


def test_furniture_after_the_story_does_not_make_the_story_a_site_header():
    # No date line, paragraphs wrapped, a search box above and a share bar and "most read"
    # links below: the furniture below closes the story; everything above it is the story.
    text = "\n\n".join(
        [
            "Search",
            HEADLINE,
            *(textwrap.fill(paragraph, width=60) for paragraph in STORY),
            "Share this article: Facebook | X | LinkedIn | Email",
            "Most read this week",
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.title == HEADLINE
    # (A lone "most read" label after the share bar is still kept: a cleaner gap of its own.)
    assert page.body.split("\n\n")[: len(STORY)] == STORY


def test_without_furniture_between_them_the_first_headline_line_stays_the_headline():
    text = "\n\n".join([HEADLINE, "A map for every street of the city", *STORY])

    page = clean_page(text, today=TODAY)

    assert page.title == HEADLINE


def test_image_names_left_between_paragraphs_are_removed_as_captions():
    text = "\n\n".join(
        [
            HEADLINE,
            STORY[0],
            "water board leak map hero",
            "Where the leaks are",
            STORY[1],
            "pumping station night shot",
            STORY[2],
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [STORY[0], "Where the leaks are", STORY[1], STORY[2]]
    captions = [b.text for b in page.removed if b.kind == BlockKind.CAPTION]
    assert captions == ["water board leak map hero", "pumping station night shot"]
    assert all(b.reason == "image file name or alt text" for b in page.removed)


def test_a_sentence_broken_across_a_blank_line_is_not_an_image_name():
    broken = (
        "The board will publish the first readings from the meters this summer, once the "
        "engineers have checked them against the water bills of all the households that are "
        "served by the new"
    )
    text = "\n\n".join([HEADLINE, broken, "pumping stations and reservoirs", STORY[1]])

    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n")[0] == f"{broken} pumping stations and reservoirs"
    assert page.removed == []


def test_the_image_name_rule_is_registered_and_can_be_switched_off():
    text = "\n\n".join([HEADLINE, STORY[0], "leak map of the old town", STORY[1]])
    names = {rule.name for rule in registered_rules()}
    assert {"clean-image-names", "clean-headline-below-site-furniture"} <= names

    with without_rules({"clean-image-names"}):
        page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == [STORY[0], "leak map of the old town", STORY[1]]


def test_a_headline_over_a_longer_standfirst_and_a_byline():
    standfirst = "On the map: every leak, the street it is in and the day it was found"
    text = "\n\n".join(["Riverton Herald", HEADLINE, standfirst, "By Ana Ruiz", *STORY])

    page = clean_page(text, today=TODAY)

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == [standfirst, *STORY]


SWITCHABLE = {
    # rule name: a page of the class the rule is for
    "clean-headline-below-site-furniture": "\n\n".join(
        [
            "Riverton Water Board",
            "Customer Services and Billing",
            "Subscribe to RSS feed",
            HEADLINE,
            *STORY,
        ]
    ),
    "clean-teaser-carousel-above-headline": "\n".join(
        [
            "Tram depot gets a solar roof this summer",
            "Night buses return to the western suburbs",
            HEADLINE,
            "",
            "Published 3 March 2024",
            "",
            *STORY,
        ]
    ),
    "clean-navigation-runs": "\n".join(
        ["Water", "Energy", "Transport", "Housing", "", HEADLINE, "", *STORY]
    ),
    "clean-widget-runs": "\n\n".join([HEADLINE, "Text size\nA-\nA+\n125%", *STORY]),
    "clean-image-names": "\n\n".join([HEADLINE, STORY[0], "leak map of the old town", *STORY[1:]]),
    "clean-picture-descriptions": "\n\n".join(
        [HEADLINE, STORY[0], "Leak map with the water tower in the background", *STORY[1:]]
    ),
}


def seen(page) -> tuple:
    return page.title, page.body, [(block.kind, block.text) for block in page.removed]


def test_each_cleaning_rule_changes_its_class_of_page_when_switched_off():
    for name, text in SWITCHABLE.items():
        with_rule = clean_page(text, today=TODAY)
        with without_rules({name}):
            without_rule = clean_page(text, today=TODAY)
        # What a curator sees: the headline, the body, and what was removed as what.
        assert seen(with_rule) != seen(without_rule), name
        assert with_rule.body.split("\n\n")[-2:] == STORY[-2:], name
