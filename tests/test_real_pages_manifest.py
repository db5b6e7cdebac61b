"""The real-page development sets' manifests (bench/real_pages/manifest*.jsonl) and their loader."""

import datetime
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import real_pages

from archive.pipeline.types import ExtractedEntity, ExtractedMention, Extraction

KEYS = {"title", "date", "organizations", "people", "events", "places", "boilerplate_lines"}
NAME_KINDS = ("organizations", "people", "events", "places")
# The Russian set also annotates quotes and the names written in several inflected forms.
KEYS_BY_LANGUAGE = {"en": KEYS, "ru": KEYS | {"quotes", "forms"}}
SIZES = {"en": (40, 20, 10), "ru": (24, 20, 10)}  # pages, sites, sites in each half
RUSSIAN_SPLIT_SEED = 15  # bench/README.md: the Russian halves come from this seeded shuffle
# The pages of the split made once (bench/README.md); pages added later go to `tune` only.
ORIGINAL_SPLIT = {"en": 46, "ru": 26}


@pytest.mark.parametrize("language", sorted(real_pages.MANIFESTS))
def test_manifest_covers_enough_pages_and_sites_in_both_halves(language):
    pages, sites, sites_per_half = SIZES[language]
    records = real_pages.load_manifest(real_pages.MANIFESTS[language])
    assert len({r["id"] for r in records}) == len(records)
    assert len(records) >= pages
    assert len({r["site"] for r in records}) >= sites
    original, added = records[: ORIGINAL_SPLIT[language]], records[ORIGINAL_SPLIT[language] :]
    for split in ("tune", "test"):
        part = [r for r in original if r["split"] == split]
        assert len(part) >= len(original) // 2 - 1
        assert len({r["site"] for r in part}) >= sites_per_half
    assert [r["split"] for r in added] == ["tune"] * len(added)


def test_page_ids_are_unique_across_languages():
    ids = [
        r["id"]
        for manifest in real_pages.MANIFESTS.values()
        for r in real_pages.load_manifest(manifest)
    ]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("language", sorted(real_pages.MANIFESTS))
def test_every_record_has_a_query_and_well_formed_annotations(language):
    keys = KEYS_BY_LANGUAGE[language]
    for record in real_pages.load_manifest(real_pages.MANIFESTS[language]):
        assert record["split"] in ("tune", "test")
        assert record["query"].strip() != ""
        assert record["url"].startswith("http")
        annotations = record["annotations"]
        assert set(annotations) == keys
        if annotations["date"] is not None:
            datetime.date.fromisoformat(annotations["date"])
        for kind in keys - {"title", "date", "quotes", "forms"}:
            assert all(isinstance(name, str) and name.strip() for name in annotations[kind])


def test_russian_quotes_and_forms_name_annotated_entities():
    for record in real_pages.load_manifest(real_pages.MANIFESTS["ru"]):
        annotations = record["annotations"]
        assert record["language"] == "ru"
        names = {name for kind in NAME_KINDS for name in annotations[kind]}
        for quote in annotations["quotes"]:
            assert quote["speaker"] in annotations["people"]
            assert quote["starts"].strip() != ""
        for name, forms in annotations["forms"].items():
            assert name in names
            assert len(forms) >= 2 and all(form.strip() for form in forms)


def test_russian_halves_are_the_seeded_shuffle():
    # The shuffle made the split once, over the original pages; later pages are `tune` only
    # (checked with the English set's in test_manifest_covers_enough_pages_and_sites_...).
    records = real_pages.load_manifest(real_pages.MANIFESTS["ru"])[: ORIGINAL_SPLIT["ru"]]
    ids = [r["id"] for r in records]
    random.Random(RUSSIAN_SPLIT_SEED).shuffle(ids)
    tune = set(ids[: len(ids) // 2])
    assert {r["id"]: r["split"] for r in records} == {
        r["id"]: "tune" if r["id"] in tune else "test" for r in records
    }


@pytest.mark.parametrize("language", sorted(real_pages.MANIFESTS))
def test_without_page_texts_the_evaluation_says_how_to_rebuild(tmp_path, capsys, language):
    real_pages.run("all", pages=tmp_path / "absent", language=language)
    assert capsys.readouterr().out == real_pages.REBUILD_HINT + "\n"


@pytest.mark.parametrize("language", sorted(real_pages.MANIFESTS))
def test_loader_returns_only_pages_whose_text_is_present(tmp_path, language):
    first = real_pages.load_manifest(real_pages.MANIFESTS[language])[0]
    (tmp_path / f"{first['id']}.txt").write_text("Some text.", encoding="utf-8")
    assert real_pages.load_pages("all", tmp_path, language) == [
        (first, tmp_path / f"{first['id']}.txt")
    ]


def _entity(key, name, *mentions):
    entity = ExtractedEntity(key=key, kind="place", name=name)
    return entity, [
        ExtractedMention(
            entity_key=key, start=0, end=len(m), text=m, extractor="test", confidence=1
        )
        for m in mentions
    ]


def test_inflected_forms_resolve_only_to_one_entity_with_the_gold_name():
    import extraction_eval

    norm = extraction_eval.normalise_folded
    one, one_mentions = _entity("a", "Новгород", "Новгород", "в Новгороде")
    split, split_mentions = _entity("b", "Самара", "Самара")
    other, other_mentions = _entity("c", "Самаре", "Самаре")
    extraction = Extraction(
        entities=[one, split, other], mentions=one_mentions + split_mentions + other_mentions
    )
    forms = {
        "Новгород": ["Новгород", "Новгороде"],
        "Самара": ["Самара", "Самаре"],
        "Орёл": ["Орёл", "Орла"],  # not found at all
        "Тверь": ["Тверь", "тверь"],  # one form once folded: not counted
    }
    assert real_pages.inflections_resolved(extraction, forms, norm) == [
        ("Новгород", True),
        ("Самара", False),
        ("Орёл", False),
    ]


def test_russian_names_compare_without_case_yo_or_quotation_marks():
    import extraction_eval

    assert extraction_eval.normalise_folded("«Ёлкин   Двор»") == "елкин двор"
    assert extraction_eval.normalise("«Ёлкин Двор»") == "«ёлкин двор»"
