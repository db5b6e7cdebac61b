"""The real-page development set's manifest (bench/real_pages/manifest.jsonl) and its loader."""

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import real_pages

KEYS = {"title", "date", "organizations", "people", "events", "places", "boilerplate_lines"}


def test_manifest_covers_enough_pages_and_sites_in_both_halves():
    records = real_pages.load_manifest()
    assert len({r["id"] for r in records}) == len(records)
    assert len(records) >= 40
    assert len({r["site"] for r in records}) >= 20
    for split in ("tune", "test"):
        part = [r for r in records if r["split"] == split]
        assert len(part) >= len(records) // 2 - 1
        assert len({r["site"] for r in part}) >= 10


def test_every_record_has_a_query_and_well_formed_annotations():
    for record in real_pages.load_manifest():
        assert record["split"] in ("tune", "test")
        assert record["query"].strip() != ""
        assert record["url"].startswith("http")
        annotations = record["annotations"]
        assert set(annotations) == KEYS
        if annotations["date"] is not None:
            datetime.date.fromisoformat(annotations["date"])
        for kind in KEYS - {"title", "date"}:
            assert all(isinstance(name, str) and name.strip() for name in annotations[kind])


def test_without_page_texts_the_evaluation_says_how_to_rebuild(tmp_path, capsys):
    real_pages.run("all", pages=tmp_path / "absent")
    assert capsys.readouterr().out == real_pages.REBUILD_HINT + "\n"


def test_loader_returns_only_pages_whose_text_is_present(tmp_path):
    first = real_pages.load_manifest()[0]
    (tmp_path / f"{first['id']}.txt").write_text("Some text.", encoding="utf-8")
    assert real_pages.load_pages("all", tmp_path) == [(first, tmp_path / f"{first['id']}.txt")]
