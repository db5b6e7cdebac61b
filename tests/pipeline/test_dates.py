# ruff: noqa: RUF001 - Russian dates and pages, written for these tests, are the data they read.
"""Date lines and metadata dates: read what is there, never invent a date."""

from __future__ import annotations

from datetime import date

import pytest

from archive.pipeline.dates import (
    MONTH_FORMS,
    OTHER_MONTH_FORMS,
    find_dates,
    parse_date,
    parse_dateline,
    resolve_numeric_date,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("line", "published", "byline"),
    [
        ("March 12, 2020 DIT", date(2020, 3, 12), "DIT"),
        ("2021-05-25", date(2021, 5, 25), ""),
        ("25 May 2021", date(2021, 5, 25), ""),
        ("25.05.2021", date(2021, 5, 25), ""),
        ("05/25/2021", date(2021, 5, 25), ""),
        ("25/05/2021", date(2021, 5, 25), ""),
        ("date 2021-05-25", date(2021, 5, 25), ""),
        ("Published: 25 May 2021", date(2021, 5, 25), ""),
        ("Posted on May 25, 2021", date(2021, 5, 25), ""),
        ("By Jane Doe | May 25, 2021", date(2021, 5, 25), "Jane Doe"),
        ("May 25, 2021 by Jane Doe", date(2021, 5, 25), "Jane Doe"),
        ("Jane Doe, 25 May 2021", date(2021, 5, 25), "Jane Doe"),
        ("Jane Doe - 25th May 2021", date(2021, 5, 25), "Jane Doe"),
        ("By Jane Doe | May 25, 2021 | 10:30 AM", date(2021, 5, 25), "Jane Doe"),
        ("May 25, 2021 10:30 AM", date(2021, 5, 25), ""),
        ("Posted on May 25, 2021 by Jane Doe in News", date(2021, 5, 25), "Jane Doe"),
        ("Published: 25.05.2021 | Author: Jane Doe", date(2021, 5, 25), "Jane Doe"),
        ("Published May 25, 2021; Updated May 26, 2021", date(2021, 5, 25), ""),
        ("Tuesday, May 25, 2021", date(2021, 5, 25), ""),
        ("May 25, 2021 | News", date(2021, 5, 25), ""),
        ("May 25, 2021 • 5 min read", date(2021, 5, 25), ""),
        ("Mon, 25 May 2021 10:30:00 +0000", date(2021, 5, 25), ""),
        ("Sept. 3, 2021", date(2021, 9, 3), ""),
        ("3rd of September 2021", date(2021, 9, 3), ""),
        ("2021/05/25 09:12", date(2021, 5, 25), ""),
        ("DIT | March 12, 2020", date(2020, 3, 12), "DIT"),
        ("BARCELONA, Spain, May 25, 2021", date(2021, 5, 25), ""),
        ("By Jane Doe", None, "Jane Doe"),
        ("By Staff reporter", None, "Staff reporter"),
        ("By Jane Doe and John Roe | 3 Comments", None, "Jane Doe and John Roe"),
        ("Updated: May 26, 2021", None, ""),
        ("05/06/2021 | Lisbon City Council", None, "Lisbon City Council"),
        ("Written by Jane Doe on 25 May 2021", date(2021, 5, 25), "Jane Doe"),
        ("Posted by admin | May 25, 2021 | 0 comments", date(2021, 5, 25), ""),
        ("Posted on May 25, 2021 by jdoe", date(2021, 5, 25), "jdoe"),
        ("Submitted by Jane Doe on May 25, 2021", date(2021, 5, 25), "Jane Doe"),
        ("Submitted by web team on May 25, 2021", date(2021, 5, 25), "web team"),
        ("Submitted on 25 May 2021", date(2021, 5, 25), ""),
        ("Posted by the city on May 25, 2021", date(2021, 5, 25), ""),
        (
            "Posted: May 25, 2021 | Category: Smart Cities | Author: Jane Doe",
            date(2021, 5, 25),
            "Jane Doe",
        ),
        ("December 14, 2020, 09:30 (UTC+3)|", date(2020, 12, 14), ""),
    ],
)
def test_parse_dateline_reads_date_and_byline(
    line: str, published: date | None, byline: str
) -> None:
    parsed = parse_dateline(line, TODAY)

    assert parsed is not None
    assert (parsed.published, parsed.byline) == (published, byline)


@pytest.mark.parametrize(
    "line",
    [
        "By 2025, over 40 billion devices will be IoT ready.",
        "By 2025",
        "Since July 1, 2024",
        "On May 3, 2021 the city launched a program.",
        "Smart City Expo World Congress, November 16, 2021",
        "Smart Cities Summit set for May 25, 2021",
        "25-27 May 2021",
        "May 25-27, 2021",
        "Home | News",
        "2 hours ago",
        "The mayor said on May 25, 2021 that the plan would go ahead.",
    ],
)
def test_parse_dateline_rejects_dates_inside_the_story(line: str) -> None:
    assert parse_dateline(line, TODAY) is None


def test_parse_dateline_flags_weekday_widgets() -> None:
    parsed = parse_dateline("Sunday, 22 November 2026", TODAY)

    assert parsed is not None
    assert (parsed.published, parsed.has_weekday) == (date(2026, 11, 22), True)


def test_find_dates_refuses_ambiguous_and_future_dates() -> None:
    assert find_dates("05/06/2021 and 1 January 2031", TODAY) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-05-25T10:30:00Z", date(2021, 5, 25)),
        ("2021-05-25", date(2021, 5, 25)),
        ("Tue, 25 May 2021 10:30:00 GMT", date(2021, 5, 25)),
        ("May 25, 2021", date(2021, 5, 25)),
        ("25 May 2021 at 10:30", date(2021, 5, 25)),
        ("25/05/2021", date(2021, 5, 25)),
        ("05/06/2021", None),
        ("1621900800", date(2021, 5, 25)),
        ("1621900800000", date(2021, 5, 25)),
        ("May 2021", None),
        ("2021", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date_reads_only_whole_dates(value: str, expected: date | None) -> None:
    assert parse_date(value, TODAY) == expected


# ----- round 3: view counters, spelled-out time zones, desk bylines ---------------------------


def test_parse_dateline_clock_time_and_view_counter_are_furniture() -> None:
    parsed = parse_dateline("12.09.2024 | 16:05        Views: 1 284", TODAY)

    assert parsed is not None
    assert (parsed.published, parsed.byline) == (date(2024, 9, 12), "")


def test_parse_dateline_spelled_out_time_zone_is_not_a_byline() -> None:
    parsed = parse_dateline("September 10, 2025 08:00 AM Eastern Daylight Time", TODAY)

    assert parsed is not None
    assert (parsed.published, parsed.byline) == (date(2025, 9, 10), "")


def test_parse_dateline_editorial_team_byline() -> None:
    parsed = parse_dateline("29 Sep 2023  ·  by Urbanismo Digital editorial team", TODAY)

    assert parsed is not None
    assert (parsed.published, parsed.byline) == (
        date(2023, 9, 29),
        "Urbanismo Digital editorial team",
    )


def test_parse_dateline_time_zone_abbreviation_is_upper_case_only() -> None:
    # "Views" after a time is no time zone: the line is not a date line of "16:05 Views".
    assert parse_dateline("May 5, 2024 10:30 CET", TODAY) is not None
    assert parse_dateline("May 5, 2024 10:30 Views of the river", TODAY) is None


def test_parse_dateline_photo_credit_is_furniture():
    parsed = parse_dateline("March 3, 2024 · 3 min · Photo: city press office")
    assert parsed is not None and parsed.published == date(2024, 3, 3)


def test_resolve_numeric_date_needs_evidence_for_day_first():
    assert resolve_numeric_date((4, 10, 2023), "Harbourtown, Oct 4 -- The port opened.") == date(
        2023, 10, 4
    )
    assert resolve_numeric_date((8, 6, 2023), "The port opened.", day_first_clock=True) == date(
        2023, 6, 8
    )
    assert resolve_numeric_date((8, 6, 2023), "The port opened.") is None
    assert resolve_numeric_date((8, 6, 2023), "Opened June 2, 2023.", day_first_clock=True) is None


def test_a_language_that_writes_numeric_dates_day_first_reads_them_day_first():
    assert resolve_numeric_date((8, 6, 2023), "The port opened.", day_first_language=True) == date(
        2023, 6, 8
    )
    # A date the text writes in words still decides.
    assert resolve_numeric_date(
        (4, 10, 2023), "Harbourtown, April 10 -- opened.", day_first_language=True
    ) == date(2023, 4, 10)


# ----- Russian dates ----------------------------------------------------------------------------


def test_russian_months_are_read_in_the_case_dates_write_them():
    text = "Работы начались 28 мая 2021 года, продолжились 3 марта 2022 г. и 1 сентября 2023."

    assert [(m.value, text[m.start : m.end]) for m in find_dates(text)] == [
        (date(2021, 5, 28), "28 мая 2021 года"),
        (date(2022, 3, 3), "3 марта 2022 г."),
        (date(2023, 9, 1), "1 сентября 2023"),
    ]


def test_russian_datelines_with_labels_and_a_byline():
    published = parse_dateline("Опубликовано: 14 февраля 2024 года, 09:40")
    signed = parse_dateline("Автор: Ольга Белова | 2 апреля 2024 г.")

    assert (published.published, published.has_publication_label) == (date(2024, 2, 14), True)
    assert (signed.published, signed.byline) == (date(2024, 4, 2), "Ольга Белова")


def test_a_russian_dateline_with_an_abbreviated_month_and_a_time_after_v():
    line = parse_dateline("Опубликовано 3 Окт 2022 в 08:15 | Текст: Ольга Белова")

    assert (line.published, line.byline) == (date(2022, 10, 3), "Ольга Белова")


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("14 Νοεμβρίου 2019", date(2019, 11, 14)),
        ("ΔΕΥΤΕΡΑ 14 ΝΟΕΜΒΡΙΟΥ 2019", date(2019, 11, 14)),
        ("14 novembre 2019", date(2019, 11, 14)),
        ("14. November 2019", date(2019, 11, 14)),
        ("14 de noviembre de 2019", date(2019, 11, 14)),
        ("14 de novembro de 2019", date(2019, 11, 14)),
        ("2 février 2020", date(2020, 2, 2)),
        ("2 febbraio 2020", date(2020, 2, 2)),
        ("2 februari 2020", date(2020, 2, 2)),
        ("3 березня 2020", date(2020, 3, 3)),
        ("17 Листопада, 2021", date(2021, 11, 17)),
    ],
)
def test_datelines_in_the_language_of_the_site_are_read(line: str, published: date) -> None:
    assert parse_dateline(line).published == published


def test_a_month_form_names_one_month_in_every_language() -> None:
    months_of: dict[str, set[int]] = {}
    for table in (MONTH_FORMS, *OTHER_MONTH_FORMS):
        assert len(table) == 12
        for number, forms in enumerate(table, start=1):
            for form in forms:
                months_of.setdefault(form, set()).add(number)
    assert {form: numbers for form, numbers in months_of.items() if len(numbers) > 1} == {}


def test_a_foreign_month_word_without_a_day_is_no_date() -> None:
    assert parse_date("Mars 2020 rover lands") is None
    assert find_dates("Marco 12 drove the May 2020 pilot.") == []


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Posted 09-Mar-2021", date(2021, 3, 9)),
        ("Uploaded 9-mar-2021", date(2021, 3, 9)),
        ("27-Sept-2019", date(2019, 9, 27)),
    ],
)
def test_a_date_joined_by_hyphens_is_read(line: str, published: date) -> None:
    assert parse_dateline(line).published == published


def test_a_hyphenated_day_range_is_no_date() -> None:
    assert find_dates("The works run 12-14-Mar-2021 downtown.") == []


def test_a_list_after_a_date_without_a_byline_label_is_no_meta_line() -> None:
    assert parse_dateline("June 2, 2021 | Mayor Quist, Council Agree on Budget") is None
