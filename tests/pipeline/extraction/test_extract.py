from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from archive.pipeline.extraction import extract
from archive.pipeline.types import (
    ORGANIZATION,
    PERSON,
    Extraction,
    Gazetteer,
    KnownEntity,
    ParsedPage,
)

from .helpers import entity, mention_texts, names, run

BODY = (
    "The Seoul Metropolitan Government has opened Metaverse Seoul, Mayor Oh Se-hoon said.\n\n"
    '"Administrative services should follow citizens," Oh said at a briefing. Samsung SDS and '
    "KT Corporation built the platform, which will be shown at the World Smart City Expo 2024 "
    "in Goyang."
)


def test_extract_empty_body_gives_an_empty_extraction():
    assert run("   \n\n ") == Extraction()


def test_extract_is_deterministic():
    assert run(BODY) == run(BODY)


def test_extract_keys_are_unique_and_every_mention_points_at_an_entity():
    extraction = run(BODY)
    keys = [e.key for e in extraction.entities]
    assert len(keys) == len(set(keys))
    assert {m.entity_key for m in extraction.mentions} <= set(keys)
    assert all(
        key.startswith(f"{e.kind}:") for key, e in zip(keys, extraction.entities, strict=True)
    )
    for mention in extraction.mentions:
        assert BODY[mention.start : mention.end] == mention.text
        assert mention.extractor
        assert 0 <= mention.confidence <= 1


def test_extract_confirmed_gazetteer_entities_are_matched_first():
    gazetteer = Gazetteer(
        confirmed=(
            KnownEntity(
                id=41,
                kind=ORGANIZATION,
                name="Samsung SDS Co., Ltd.",
                names=("Samsung SDS", "SDS"),
            ),
            KnownEntity(id=7, kind=PERSON, name="Oh Se-hoon", names=("Oh Se-hoon",)),
        )
    )
    extraction = run(BODY + " Later sds and SDS engineers met.", gazetteer)
    company = entity(extraction, ORGANIZATION, "Samsung SDS Co., Ltd.")
    assert company.known_id == 41
    # Acronyms match case-sensitively: "sds" is no mention, "SDS" is.
    assert mention_texts(extraction, company.key) == ["Samsung SDS", "SDS"]
    mentions = [m for m in extraction.mentions if m.entity_key == company.key]
    assert {m.extractor for m in mentions} == {"gazetteer"}
    assert all(m.confidence == 0.99 for m in mentions)
    mayor = entity(extraction, PERSON, "Oh Se-hoon")
    assert mayor.known_id == 7


def test_extract_rejected_names_are_never_suggested():
    gazetteer = Gazetteer(
        rejected_names=frozenset({(ORGANIZATION, "kt corporation"), (PERSON, "oh se-hoon")})
    )
    extraction = run(BODY, gazetteer)
    assert "KT Corporation" not in names(extraction, ORGANIZATION)
    assert names(extraction, PERSON) == set()
    assert all("KT Corporation" not in m.text for m in extraction.mentions)


def test_extract_works_in_a_spawned_worker_process():
    page = ParsedPage(title="", body=BODY, raw_text=BODY)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result = pool.submit(extract, page, Gazetteer()).result(timeout=120)
    assert result == run(BODY)


def test_extract_mentions_carry_their_sentence():
    extraction = run(BODY)

    sentences = {m.text: m.sentence for m in extraction.mentions}
    assert (sentences["Oh"], sentences["Goyang"]) == (
        '"Administrative services should follow citizens," Oh said at a briefing.',
        "Samsung SDS and KT Corporation built the platform, which will be shown at the World "
        "Smart City Expo 2024 in Goyang.",
    )
