"""Row streaming for the public CSV and JSON exports."""

import datetime
import json

from archive.services.public_exports import csv_lines, json_chunks


def test_csv_lines_neutralise_formulas_and_join_lists():
    lines = list(
        csv_lines(
            ["title", "people", "flag"],
            [{"title": "=SUM(A1)", "people": ["Ann", "Bo"], "flag": True}],
        )
    )
    assert lines == ["\ufefftitle,people,flag\r\n", "'=SUM(A1),Ann; Bo,true\r\n"]


def test_json_chunks_make_one_array_with_iso_dates():
    rows = [{"day": datetime.date(2024, 1, 2), "name": "Zürich"}, {"day": None, "name": "B"}]
    text = "".join(json_chunks(rows))
    assert json.loads(text) == [{"day": "2024-01-02", "name": "Zürich"}, {"day": None, "name": "B"}]
    assert "Zürich" in text


def test_json_chunks_of_nothing_is_an_empty_array():
    assert json.loads("".join(json_chunks([]))) == []
