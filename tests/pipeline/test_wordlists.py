"""The vocabulary files and their loader."""

from __future__ import annotations

from archive.pipeline import dates
from archive.pipeline.extraction import vocabulary
from archive.pipeline.wordlists import DATA_DIR, rows


def test_every_data_file_opens_with_a_header_comment():
    headless = [
        path.name
        for path in sorted(DATA_DIR.glob("**/*.txt"))
        if not path.read_text(encoding="utf-8").startswith("# ")
    ]
    assert headless == []


def test_rows_split_a_line_into_its_fields():
    assert rows("event_heads.txt")[0] == ("forum", "forum")


def test_months_are_numbered_by_their_place_in_the_file():
    assert dates.MONTHS["jan"] == 1
    assert dates.MONTHS["sep"] == 9
    assert dates.MONTHS["dec"] == 12
    assert len(dates.MONTHS) == 12


def test_every_written_form_of_a_month_is_a_month_word():
    assert {"september", "sept", "sep", "may"} <= vocabulary.MONTHS
    assert len(vocabulary.MONTHS) == 24


def test_a_date_with_any_month_form_is_read():
    for text, month in (("3 Sept 2021", 9), ("3 September 2021", 9), ("June 4, 2020", 6)):
        assert [match.value.month for match in dates.find_dates(text)] == [month], text
