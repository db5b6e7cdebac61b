# ruff: noqa: RUF001 - Russian dates and pages, written for these tests, are the data they read.
"""Cleaning decoded page text into a ParsedPage: headline, date line, body, junk removal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from archive.pipeline.cleaning import clean_page, detect_language, domain_of
from archive.pipeline.decoding import decode
from archive.pipeline.types import BadInput

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TODAY = date(2026, 11, 22)

PARAGRAPH_ONE = (
    "The city council of Utrecht approved a plan on Monday to connect all of its traffic lights "
    "to a central platform by the end of next year."
)
PARAGRAPH_TWO = (
    "Officials said the platform would let buses, cyclists and emergency vehicles get green "
    "lights more often, and that the data would be published openly."
)


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return decode(path.read_bytes())


# ----- the seeds -----------------------------------------------------------------------------


def test_clean_page_seed_000_headline_body_and_no_newsletter() -> None:
    page = clean_page(seed_text("000"), today=TODAY)

    assert page.title == (
        "86 speakers and more than 193,000 views: results of the first online forum of smart "
        "cities Smart Cities Moscow were summed up in Moscow"
    )
    assert (page.published_on, page.published_on_origin, page.byline) == (None, "", "")
    assert page.has_headline is True
    assert page.body.startswith(
        "The first international online forum Smart Cities Moscow ended in Moscow."
    )
    assert page.body.endswith(
        "said Patricia McCarney, president of the International City Data Council (WCCD)."
    )
    for junk in ("Subscribe", "Newsletter", "inbox"):
        assert junk not in page.body
    assert len(page.body.split("\n\n")) == 8
    assert page.lede.startswith("The first international online forum")


def test_clean_page_seed_003_dateline_body_and_no_teasers() -> None:
    page = clean_page(seed_text("003"), today=TODAY)

    assert page.title == "Groundbreaking AI Center will Facilitate Smart City Development in Moscow"
    assert (page.published_on, page.published_on_origin, page.byline) == (
        date(2020, 3, 12),
        "dateline",
        "DIT",
    )
    assert page.body.startswith(
        "A 'Center for the Fourth Industrial Revolution' is to be established"
    )
    assert page.body.endswith("advanced technologies application.")
    assert "For reference:\n\nThe Department of Information Technologies" in page.body
    assert (
        "including the official Mayor and Government of Moscow web-site. Our systems cover over "
        "60 industries and penetrate into each aspect of Moscow citizens' everyday lives, our "
        "products and services include:\n\n• Electronic queue for Civil registry office;\n"
        "• Arrangement of remote medical appointments;\n"
    ) in page.body
    assert (
        "• Numerous projects in housing and public amenities, starting from telemetrics and\n"
        "• Energetics to the possibility of submitting water usage information.\n\n"
        "Current structure of the Department"
    ) in page.body
    for junk in ("For more information", "Previous Article", "Next Article", "Laird", "Lanner"):
        assert junk not in page.body
    assert "\n\n\n" not in page.body


def test_clean_page_keeps_raw_text_exactly() -> None:
    text = seed_text("003")

    assert clean_page(text, today=TODAY).raw_text == text


# ----- headline and header ---------------------------------------------------------------------


def test_clean_page_skips_navigation_and_rejects_a_header_date_widget() -> None:
    text = "\n".join(
        [
            "Menu",
            "Home",
            "News",
            "About",
            "Contact",
            "Sunday, 22 November 2026",
            "Utrecht connects every traffic light to one platform",
            PARAGRAPH_ONE,
            PARAGRAPH_TWO,
        ]
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on, page.body) == (
        "Utrecht connects every traffic light to one platform",
        None,
        f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}",
    )


def test_clean_page_rejects_a_bare_date_right_below_navigation() -> None:
    text = (
        "Home | News | Events\n3 March 2021\nUtrecht connects its traffic lights\n" + PARAGRAPH_ONE
    )

    assert clean_page(text, today=TODAY).published_on is None


def test_clean_page_accepts_a_date_line_right_above_the_headline() -> None:
    text = f"3 March 2021\nUtrecht connects its traffic lights\n\n{PARAGRAPH_ONE}"

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on) == (
        "Utrecht connects its traffic lights",
        date(2021, 3, 3),
    )


def test_clean_page_reads_byline_and_date_on_separate_lines() -> None:
    text = f"Utrecht connects its traffic lights\nBy Eva de Vries\n3 March 2021\n{PARAGRAPH_ONE}"

    page = clean_page(text, today=TODAY)

    assert (page.byline, page.published_on, page.body) == (
        "Eva de Vries",
        date(2021, 3, 3),
        PARAGRAPH_ONE,
    )


def test_clean_page_never_takes_a_date_from_the_story() -> None:
    text = (
        "Utrecht connects its traffic lights\n"
        "On May 3, 2021 the council approved the plan, which will be finished by 2025.\n"
        f"{PARAGRAPH_TWO}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.published_on, page.published_on_origin) == (None, "")


def test_clean_page_event_dates_in_the_body_are_not_the_publication_date() -> None:
    text = (
        "Utrecht hosts mobility data conference\n\n"
        f"{PARAGRAPH_ONE}\n\nDate: 12 June 2021\nVenue: Jaarbeurs\n\n{PARAGRAPH_TWO}"
    )

    page = clean_page(text, today=TODAY)

    assert page.published_on is None
    assert "Date: 12 June 2021" in page.body


def test_clean_page_without_headline_titles_from_the_first_sentence() -> None:
    text = f"{PARAGRAPH_ONE} It is the first Dutch city to do so.\n{PARAGRAPH_TWO}"

    page = clean_page(text, today=TODAY)

    assert page.has_headline is False
    assert page.title == (
        "The city council of Utrecht approved a plan on Monday to connect all of its traffic "
        "lights to a central platform…"
    )
    assert page.body.startswith("The city council of Utrecht approved")
    assert page.warnings == ["no headline found: titled from the first sentence"]


def test_clean_page_hints_win_and_strip_the_site_name() -> None:
    text = f"Utrecht connects its traffic lights\n3 March 2021\n{PARAGRAPH_ONE}"

    page = clean_page(
        text,
        hint_title="Utrecht connects its traffic lights | Dutch Cities Today",
        hint_published="2021-03-04T09:00:00+01:00",
        hint_byline="By Eva de Vries",
        hint_url="https://www.dutchcities.example/utrecht",
        hint_source="Dutch Cities Today",
        today=TODAY,
    )

    assert (
        page.title,
        page.published_on,
        page.published_on_origin,
        page.byline,
        page.source_name,
        page.source_domain,
        page.body,
    ) == (
        "Utrecht connects its traffic lights",
        date(2021, 3, 4),
        "metadata",
        "Eva de Vries",
        "Dutch Cities Today",
        "dutchcities.example",
        PARAGRAPH_ONE,
    )


def test_clean_page_only_furniture_is_bad_input() -> None:
    with pytest.raises(BadInput) as caught:
        clean_page("Home\nNews\nAbout us\nContact\n© 2021 Example Media. All rights reserved.")

    assert str(caught.value) == "no article text found"


def test_clean_page_empty_text_is_bad_input() -> None:
    with pytest.raises(BadInput):
        clean_page(" \n\n ")


# ----- body: paragraphs and lists --------------------------------------------------------------


def test_clean_page_joins_a_sentence_broken_across_lines_and_blank_lines() -> None:
    text = (
        "Utrecht connects its traffic lights\n\n"
        "The platform was built by the city's own IT department together with\n\n"
        "Utrecht University and a local startup, officials said.\n\n"
        "It replaces three older systems that could not talk\n"
        "to each other."
    )

    page = clean_page(text, today=TODAY)

    assert page.body == (
        "The platform was built by the city's own IT department together with Utrecht "
        "University and a local startup, officials said.\n\n"
        "It replaces three older systems that could not talk to each other."
    )


def test_clean_page_keeps_a_list_with_blank_lines_in_one_block() -> None:
    text = (
        "Utrecht connects its traffic lights\n\n"
        "The platform covers:\n\n- buses\n\n- bicycles\n\n- ambulances\n\n"
        f"{PARAGRAPH_TWO}"
    )

    page = clean_page(text, today=TODAY)

    assert page.body == (
        f"The platform covers:\n\n- buses\n- bicycles\n- ambulances\n\n{PARAGRAPH_TWO}"
    )
    assert page.lede == PARAGRAPH_TWO


def test_clean_page_keeps_subheadings_as_their_own_paragraphs() -> None:
    text = (
        f"Utrecht connects its traffic lights\n{PARAGRAPH_ONE}\nWhat happens next\n{PARAGRAPH_TWO}"
    )

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\nWhat happens next\n\n{PARAGRAPH_TWO}"


def test_clean_page_tidies_empty_quotes_left_by_stripped_links() -> None:
    text = (
        'Utrecht connects its traffic lights\nDetails are on the city web-site "". ' + PARAGRAPH_ONE
    )

    page = clean_page(text, today=TODAY)

    assert page.body == "Details are on the city web-site. " + PARAGRAPH_ONE


# ----- body: junk ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    [
        "Share this:",
        "Tweet",
        "Facebook | Twitter | LinkedIn",
        "Advertisement",
        "Sponsored",
        "Accept cookies",
        "We use cookies to give you the best experience on our website.",
        "Log in",
        "Sign up for our free weekly newsletter",
        "Get the latest smart city news delivered to your inbox.",
        "Tags: traffic, Utrecht, mobility",
        "Photo: City of Utrecht",
        "Image courtesy of Utrecht University",
        "Related: Amsterdam opens its traffic data",
        "Home > News > Mobility",
        "3 min read",
    ],
)
def test_clean_page_removes_junk_lines_between_paragraphs(junk: str) -> None:
    text = f"Utrecht connects its traffic lights\n{PARAGRAPH_ONE}\n{junk}\n{PARAGRAPH_TWO}"

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}"


@pytest.mark.parametrize(
    "tail",
    [
        "Related articles\nAmsterdam opens its traffic data\nThe city published its data...",
        "You may also like\nRotterdam tests smart crossings\nRotterdam tests smart crossings",
        "Next Article\nRotterdam tests smart crossings\nRotterdam will test new crossings.",
        "© 2021 Dutch Cities Today\nPrivacy | Terms\nContact us",
        "Leave a Reply\nYour email address will not be published.",
        "For more information, visit:",
        "Learn more at:",
        "Source:",
    ],
)
def test_clean_page_drops_trailing_teasers_footers_and_orphan_link_lines(tail: str) -> None:
    text = f"Utrecht connects its traffic lights\n{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{tail}"

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}"


def test_clean_page_keeps_the_story_after_an_inline_related_box() -> None:
    paragraph_three = (
        "The council expects the first results within six months, and will publish them on its "
        "open data portal together with the raw measurements."
    )
    paragraph_four = (
        "Opposition parties supported the plan but asked for an independent privacy review "
        "before any camera data is stored for longer than a day."
    )
    text = (
        f"Utrecht connects its traffic lights\n\n{PARAGRAPH_ONE}\n\nRelated articles\n\n"
        f"Amsterdam opens its traffic data\n\n{PARAGRAPH_TWO}\n\n"
        f"{paragraph_three}\n\n{paragraph_four}"
    )

    page = clean_page(text, today=TODAY)

    assert (
        page.body == f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}\n\n{paragraph_three}\n\n{paragraph_four}"
    )


def test_clean_page_keeps_a_link_introduction_followed_by_its_link() -> None:
    text = (
        f"Utrecht connects its traffic lights\n{PARAGRAPH_ONE}\n"
        "For more information, visit:\nwww.utrecht.nl/traffic"
    )

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\nFor more information, visit:\n\nwww.utrecht.nl/traffic"


# ----- language and source ---------------------------------------------------------------------


def test_detect_language_guesses_clearly_foreign_text() -> None:
    german = (
        "Die Stadt München hat am Montag beschlossen, dass alle Ampeln bis zum Ende des "
        "nächsten Jahres mit einer zentralen Plattform verbunden werden. Die Daten sollen "
        "offen veröffentlicht werden, und die Busse der Stadt bekommen öfter Grün."
    )

    english = PARAGRAPH_ONE + PARAGRAPH_TWO
    languages = ("en", "de", "ru")

    assert (detect_language(german, languages), detect_language(english, languages)) == ("de", "en")


def test_detect_language_tells_russian_and_falls_back_to_the_first_language() -> None:
    russian = "Мэрия города объявила, что новые остановки получат табло с расписанием автобусов."

    assert (
        detect_language(russian),
        detect_language("2024 — 17:30"),
        detect_language(russian, ("en",)),
    ) == (
        "ru",
        "en",
        "en",
    )


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.smartcitiesworld.net/news/x", "smartcitiesworld.net"),
        ("http://News.Example.org:8080/a", "news.example.org"),
        ("", ""),
    ],
)
def test_domain_of_strips_www_and_port(url: str, domain: str) -> None:
    assert domain_of(url) == domain


# ----- shapes met on real pages ----------------------------------------------------------------


def test_clean_page_splits_a_labelled_date_glued_to_the_first_paragraph() -> None:
    text = f" date 2025-09-19 MOSCOW, September 19. /TASS/. {PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"

    page = clean_page(text, today=TODAY)

    assert (page.published_on, page.has_headline) == (date(2025, 9, 19), False)
    assert page.body.startswith("MOSCOW, September 19. /TASS/. The city council of Utrecht")
    assert page.title.startswith("The city council of Utrecht approved a plan")


def test_clean_page_reads_a_name_line_above_the_date_as_the_byline() -> None:
    text = f"Utrecht connects all its traffic lights\nEva de Vries\nMay 25, 2021\n{PARAGRAPH_ONE}"

    page = clean_page(text, today=TODAY)

    assert (page.title, page.byline, page.body) == (
        "Utrecht connects all its traffic lights",
        "Eva de Vries",
        PARAGRAPH_ONE,
    )


def test_clean_page_keeps_a_standfirst_under_the_headline() -> None:
    standfirst = (
        "The city wants buses and bikes to get more green lights under a plan approved on Monday"
    )
    text = f"Utrecht connects its traffic lights\n{standfirst}\nBy Eva de Vries\n{PARAGRAPH_ONE}"

    page = clean_page(text, today=TODAY)

    assert (page.title, page.byline, page.body) == (
        "Utrecht connects its traffic lights",
        "Eva de Vries",
        f"{standfirst}\n\n{PARAGRAPH_ONE}",
    )


def test_clean_page_cuts_reader_comments() -> None:
    comment = "Jan says: I think the council should have done this years ago, frankly, and said so."
    text = f"Utrecht connects its traffic lights\n{PARAGRAPH_ONE}\n3 Comments\n{comment}\n{comment}"

    page = clean_page(text, today=TODAY)

    assert page.body == PARAGRAPH_ONE


@pytest.mark.parametrize(
    "junk",
    [
        "Click here to read more from Dutch Cities Today.",
        "The new control room in Utrecht (Photo: Gemeente Utrecht)",
        "Like Loading...",
        "2 hours ago",
        "Posted by admin | May 25, 2021 | 0 comments",
    ],
)
def test_clean_page_removes_more_furniture_between_paragraphs(junk: str) -> None:
    text = f"Utrecht connects its traffic lights\n{PARAGRAPH_ONE}\n{junk}\n{PARAGRAPH_TWO}"

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}"


def test_clean_page_rejoins_a_list_number_split_from_its_item() -> None:
    text = (
        f"Utrecht connects its traffic lights\n{PARAGRAPH_ONE}\nSteps:\n1. Connect\n2.\n\nPublish"
    )

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\nSteps:\n\n1. Connect\n2. Publish"


def test_title_from_first_sentence_skips_a_wire_dateline() -> None:
    text = f"LONDON (Reuters) - {PARAGRAPH_ONE} {PARAGRAPH_TWO}"

    page = clean_page(text, today=TODAY)

    assert page.title.startswith("The city council of Utrecht")


# ----- press releases and site furniture found on real pages ------------------------------------


def test_clean_page_section_rubric_between_headline_and_byline_is_not_the_title() -> None:
    text = "\n".join(
        [
            "Utrecht connects every traffic light to one platform",
            "Mobility | Environment",
            "By Anna de Vries | 6 June 2022",
            PARAGRAPH_ONE,
            PARAGRAPH_TWO,
        ]
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on, page.byline) == (
        "Utrecht connects every traffic light to one platform",
        date(2022, 6, 6),
        "Anna de Vries",
    )


def test_clean_page_press_release_opening_dateline_gives_the_date() -> None:
    opening = f"Utrecht, 7 November 2024 \u2013 {PARAGRAPH_ONE}"
    wire = f"UTRECHT, Netherlands, Nov. 7, 2024 /PRNewswire/ -- {PARAGRAPH_ONE}"
    bracket = f"[Utrecht, Netherlands, November 7, 2024] {PARAGRAPH_ONE}"
    for first in (opening, wire, bracket):
        text = "\n".join(["Utrecht connects every traffic light", first, PARAGRAPH_TWO])

        page = clean_page(text, today=TODAY)

        assert (page.published_on, page.body.startswith(first)) == (date(2024, 11, 7), True)


def test_clean_page_wire_credit_and_press_contact_block_are_furniture() -> None:
    text = "\n".join(
        [
            "Utrecht connects every traffic light to one platform",
            "News provided by",
            "Utrecht Mobility Lab (UML)",
            "May 11, 2022, 09:00 ET",
            PARAGRAPH_ONE,
            PARAGRAPH_TWO,
            "Contact for journalists",
            "Pieter Jansen",
            "Phone: +31 30 123 4567",
            "press@example.org",
            "Follow The Utrecht Post channel on WhatsApp",
            "Was this page helpful?",
        ]
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on, page.body) == (
        "Utrecht connects every traffic light to one platform",
        date(2022, 5, 11),
        f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}",
    )


def test_clean_page_date_above_a_place_line_above_the_headline() -> None:
    text = "\n".join(
        ["Press release", "28 April 2022", "Brussels", "Commission picks 100 cities", PARAGRAPH_ONE]
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on) == ("Commission picks 100 cities", date(2022, 4, 28))


def test_clean_page_interview_by_line_is_the_byline() -> None:
    lines = ["Utrecht's data chief on its lights", "Interview by Tom Ellery", PARAGRAPH_ONE]
    text = "\n".join(lines)

    page = clean_page(text, today=TODAY)

    assert (page.byline, page.body) == ("Tom Ellery", PARAGRAPH_ONE)


def test_clean_page_byline_line_under_the_headline_is_not_the_title() -> None:
    page = clean_page(
        "Amsterdam and Helsinki launch algorithm registers for public sector AI\n"
        "Written by SmartCitiesWorld news team\n"
        "28 Sep 2020\n"
        "Amsterdam and Helsinki have become the first cities in the world to launch public "
        "registers of the artificial intelligence systems they use.\n"
    )
    assert page.title == "Amsterdam and Helsinki launch algorithm registers for public sector AI"
    assert page.byline == "SmartCitiesWorld news team"
    assert page.published_on == date(2020, 9, 28)


def test_clean_page_name_with_job_title_is_the_byline() -> None:
    page = clean_page(
        "Greater Manchester pledges free data and devices to 100,000 people\n"
        "Combined authority says lack of internet access is as damaging as lack of heating\n"
        "Rachel Hargreaves North of England correspondent\n"
        "Mon 13 Mar 2023 06.00 GMT\n"
        "Greater Manchester has set out plans to give free mobile data and refurbished laptops "
        "to 100,000 people over the next three years.\n"
    )
    assert page.title == "Greater Manchester pledges free data and devices to 100,000 people"
    assert page.byline == "Rachel Hargreaves"
    assert "correspondent" not in page.body


def test_clean_page_sub_headlines_under_the_headline_are_not_the_title() -> None:
    page = clean_page(
        "Ministry of Housing & Urban Affairs\n"
        "Indore bags National Smart City Award under the Smart Cities Awards Contest 2022\n"
        "Surat and Agra secure second and third positions\n"
        "Awards to be presented at Smart Cities Conclave\n"
        "Posted On: 25 AUG 2022 5:32PM by PIB Delhi\n"
        "The Ministry of Housing and Urban Affairs today announced the results of the India "
        "Smart Cities Awards Contest 2022, with Indore as the winner.\n"
    )
    assert page.title == (
        "Indore bags National Smart City Award under the Smart Cities Awards Contest 2022"
    )
    assert page.published_on == date(2022, 8, 25)


@pytest.mark.parametrize(
    "opening",
    [
        "Tokyo, January 20, 2025 --- Hitachi today announced a new data service for residents.",
        "WASHINGTON, March 21, 2024—The World Bank today approved a credit for the city.",
    ],
)
def test_clean_page_press_release_dateline_with_long_or_glued_dash(opening: str) -> None:
    page = clean_page(f"A headline about a city project\n\n{opening} More follows here today.\n")
    assert page.published_on in {date(2025, 1, 20), date(2024, 3, 21)}


def test_clean_page_press_contact_lines_with_phone_and_email_are_dropped() -> None:
    page = clean_page(
        "World Bank approves credit for Addis Ababa\n\n"
        "The World Bank today approved a $250 million credit to help Addis Ababa digitize land "
        "records and strengthen its resilience to floods.\n\n"
        "Contacts\n"
        "In Addis Ababa: Selam Tadesse, +251 11 517 6000, stadesse@example.org\n"
        "In Washington: Peter Lanning, +1 202 473 3611, planning@example.org\n"
    )
    assert "Tadesse" not in page.body
    assert "Lanning" not in page.body


# ----- round 3: menus, site prompts, banners, widgets, body junk -------------------------------

ARTICLE_BODY = f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}\n"
HEADLINE = "Utrecht connects every traffic light to one platform"


def test_clean_page_pipe_menu_of_many_sections_is_not_the_headline() -> None:
    text = (
        "Urbanismo Digital\nNoticias | Movilidad | Gobierno digital | Eventos | Opinión | "
        f"English edition\n\n{HEADLINE}\n\n29 Sep 2023 · by Urbanismo Digital editorial team\n\n"
        f"{ARTICLE_BODY}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on, page.byline) == (
        HEADLINE,
        date(2023, 9, 29),
        "Urbanismo Digital editorial team",
    )


def test_clean_page_space_separated_menu_and_blog_name_give_no_headline() -> None:
    text = (
        "STREETS OF UTRECHT\nnotes on a city of bikes\n\nHome   About   Maps   Archive   Contact"
        f"\n\nPosted on 2 November 2022 by jdoe  |  6 Comments\n\n{ARTICLE_BODY}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.has_headline, page.published_on) == (False, date(2022, 11, 2))
    assert page.title.startswith("The city council of Utrecht approved a plan")


def test_clean_page_menu_words_without_separators_are_navigation() -> None:
    text = f"Site\nHome About Maps Archive Contact\n\n{HEADLINE}\n\nMay 4, 2024\n\n{ARTICLE_BODY}"

    page = clean_page(text, today=TODAY)

    assert (page.title, page.body) == (HEADLINE, f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}")


def test_clean_page_site_prompts_are_not_headlines() -> None:
    text = (
        "Version for the visually impaired\nView this email in your browser\n"
        f"Forwarded this email? Subscribe here for more\n\n{HEADLINE}\n\n"
        f"12.09.2024 | 16:05        Views: 1 284\n\n{ARTICLE_BODY}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on) == (HEADLINE, date(2024, 9, 12))


def test_clean_page_status_banner_and_news_ticker_are_junk() -> None:
    text = (
        "LOAD-SHEDDING UPDATE: Stage 2 from 16:00 until 22:00 today. Check your area schedule.\n"
        "War latest: Air raid alert in western regions lifted  •  Energy ministry: no outages "
        f"expected tomorrow\n\n{HEADLINE}\n\n05 February 2024\n\n{ARTICLE_BODY}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on) == (HEADLINE, date(2024, 2, 5))
    assert "UPDATE" not in page.body and "latest" not in page.body


def test_clean_page_headline_that_opens_with_update_is_kept() -> None:
    title = "Update: Utrecht connects every traffic light to one platform"
    page = clean_page(f"{title}\n\nMay 4, 2024\n\n{ARTICLE_BODY}", today=TODAY)

    assert page.title == title


def test_clean_page_tagline_above_the_menu_is_not_the_headline() -> None:
    text = (
        "THE RIVERBEND LEDGER\nNonprofit local news for the river region\n"
        "News  |  Government  |  Education  |  Housing  |  Environment  |  Donate\n"
        f"Tuesday, October 15, 2024\n\n{HEADLINE}\n\nPosted on October 9, 2024 by Ledger Staff"
        f"\n\n{ARTICLE_BODY}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on, page.byline) == (
        HEADLINE,
        date(2024, 10, 9),
        "Ledger Staff",
    )


def test_clean_page_weekday_widget_under_the_menu_is_not_the_date() -> None:
    text = (
        "Menu\nMetropolis Review\nGovernance | Mobility | Climate | Digital | Finance\n"
        f"Tuesday 25 February 2025\n\nINTERVIEWS\n\n{HEADLINE}\n\nTuesday 18 February 2025\n"
        f"Written by Jane Doe\n\n{ARTICLE_BODY}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on, page.byline) == (
        HEADLINE,
        date(2025, 2, 18),
        "Jane Doe",
    )


def test_clean_page_newsletter_name_and_tagline_are_not_the_headline() -> None:
    title = "The Weekly Stack #87: streetcar data, heat maps and an award for a small city"
    text = (
        "THE WEEKLY STACK\nA weekly letter on cities, data and the people who run them\n\n"
        f"{title}\n\nby Jane Doe\nFriday, 17 May 2024\n\n{ARTICLE_BODY}"
    )

    page = clean_page(text, today=TODAY)

    assert (page.title, page.published_on) == (title, date(2024, 5, 17))


def test_clean_page_wire_dateline_with_country_and_credit() -> None:
    opening = (
        "SOFIA (Bulgaria), March 14, 2024 (BBW) - The bank said on Thursday it has signed a "
        "loan with the city to finance sixty electric buses and new traffic lights."
    )
    text = (
        f"Bank lends Sofia money for electric buses\n\n{opening}\n\n{PARAGRAPH_TWO}\n\n"
        "Reporting by Jane Doe; editing by John Roe\n"
    )

    page = clean_page(text, today=TODAY)

    assert page.published_on == date(2024, 3, 14)
    assert page.body.startswith("SOFIA (Bulgaria), March 14, 2024 - The bank said")
    assert (page.byline, "editing by" in page.body) == ("Jane Doe", False)


def test_clean_page_share_lines_with_network_names_are_junk() -> None:
    text = (
        f"{HEADLINE}\n\nMay 4, 2024\n\n{ARTICLE_BODY}\n"
        "Print version   |   Share: Telegram  Facebook  X\n\nSHARE in f X ✉\n\n"
        "Share this page X LinkedIn Facebook Email\n"
    )

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}"


def test_clean_page_contact_block_with_company_name_and_cashtag_is_junk() -> None:
    text = (
        f"{HEADLINE}\n\nMay 4, 2024\n\nAcme, Inc. (NASDAQ: ACME), a maker of signals, said "
        "today that the city of Utrecht will connect all of its traffic lights.\n\n"
        f"{PARAGRAPH_TWO}\n\nContacts\nAcme, Inc.\nJane Doe\nCorporate Communications\n"
        "+1 509 555 0100\n\nJohn Roe\nInvestor Relations\n+1 509 555 0142\n$ACME\n"
    )

    page = clean_page(text, today=TODAY)

    assert page.body == (
        "Acme, Inc., a maker of signals, said today that the city of Utrecht will connect all "
        f"of its traffic lights.\n\n{PARAGRAPH_TWO}"
    )


def test_clean_page_interview_markers_become_colons() -> None:
    turns = (
        "Q. Why meters?\n\nA. Meter the network before you meter the houses.\n\n"
        "Q. And then?\n\nA. Tell people what you are doing.\n"
    )
    page = clean_page(f"{HEADLINE}\n\nMay 4, 2024\n\n{PARAGRAPH_ONE}\n\n{turns}", today=TODAY)

    assert page.body == (
        f"{PARAGRAPH_ONE}\n\nQ: Why meters?\n\nA: Meter the network before you meter the "
        "houses.\n\nQ: And then?\n\nA: Tell people what you are doing."
    )


def test_clean_page_author_box_without_heading_is_junk() -> None:
    text = (
        f"{HEADLINE}\n\nby Jane Doe\nMay 4, 2024\n\n{ARTICLE_BODY}\nJane Doe\nReporter\n\n"
        "Jane Doe is a reporter covering local government.\n\nRead more by Jane Doe\n"
    )

    page = clean_page(text, today=TODAY)

    assert page.body == f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}"


def test_clean_page_relative_date_and_reading_time_line_is_junk() -> None:
    text = f"{HEADLINE}\n\nBy Jane Doe\n2 days ago · 4 min read\n\n{ARTICLE_BODY}"

    page = clean_page(text, today=TODAY)

    assert (page.body, page.published_on) == (f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}", None)


def test_clean_page_section_trail_with_angle_quotes_is_not_the_title() -> None:
    text = "\n".join(
        [
            "Front page \u203a Press room \u203a Releases",
            "Utrecht connects every traffic light to one platform",
            PARAGRAPH_ONE,
            PARAGRAPH_TWO,
        ]
    )

    page = clean_page(text, today=TODAY)

    assert page.title == "Utrecht connects every traffic light to one platform"
    assert "Press room" not in page.body


def test_clean_page_newsletter_greeting_is_not_the_title() -> None:
    text = "\n".join(["Your weekly update from the Town of Utrecht", PARAGRAPH_ONE, PARAGRAPH_TWO])

    page = clean_page(text, today=TODAY)

    assert page.has_headline is False


def test_cyrillic_pages_keep_their_paragraphs_and_opening_dateline() -> None:
    text = (
        "Казань обновит табло на остановках\n\n"
        "Автор: Ольга Белова\n\n"
        "Казань, 14 февраля 2024 года — Мэрия заменит табло на ста остановках до конца года.\n\n"
        "Итоги\n\n"
        "Жители смогут сообщить о неисправности через приложение.\n"
    )

    page = clean_page(text)

    assert (page.title, page.byline, page.published_on, page.language) == (
        "Казань обновит табло на остановках",
        "Ольга Белова",
        date(2024, 2, 14),
        "ru",
    )
    assert page.body.split("\n\n") == [
        "Казань, 14 февраля 2024 года — Мэрия заменит табло на ста остановках до конца года.",
        "Итоги",
        "Жители смогут сообщить о неисправности через приложение.",
    ]
