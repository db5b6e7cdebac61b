import datetime

import pytest

from archive.models import (
    Article,
    ArticleStatus,
    Event,
    ImportRecord,
    Mention,
    Organization,
    Person,
    Place,
    Quote,
    ReviewStatus,
)
from archive.pipeline.types import ImportResult
from archive.services.article_writer import LOST_CONFIRMED_NOTE, NO_HEADLINE_NOTE
from archive.services.loader import load_result, predict_outcome
from tests.factories import (
    ArticleFactory,
    ImportRunFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    build_import_result,
    extracted_entity,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Mayor Ana Costa said Lisbon will open its data. The Lisbon Digital Agency (LDA) runs it.\n\n"
    '"Open data is a public good," said Ana Costa at the Lisbon Data Forum in Portugal.'
)


def lisbon_entities():
    return [
        extracted_entity(
            "p1",
            "place",
            "Lisbon",
            place_kind="city",
            country="p2",
            latitude=38.72,
            longitude=-9.14,
        ),
        extracted_entity("p2", "place", "Portugal", place_kind="country", country_code="PT"),
        extracted_entity(
            "o1",
            "organization",
            "Lisbon Digital Agency",
            "LDA",
            acronym="LDA",
            org_kind="government",
            country="p2",
        ),
        extracted_entity("e1", "person", "Ana Costa", role="Mayor of Lisbon", affiliation="o1"),
        extracted_entity(
            "v1",
            "event",
            "Lisbon Data Forum",
            event_kind="forum",
            place="p1",
            is_online=True,
            organizers=["o1"],
            year=2024,
        ),
    ]


def lisbon_result(**overrides):
    arguments = {
        "origin": "inbox/lisbon.txt",
        "title": "Lisbon opens its data",
        "body": BODY,
        "entities": lisbon_entities(),
        "quotes": [("Open data is a public good,", "e1")],
    }
    arguments.update(overrides)
    return build_import_result(**arguments)


def test_load_result_creates_article_with_entities_mentions_and_quotes():
    outcome = load_result(lisbon_result(published_on=datetime.date(2024, 5, 2)))

    article = Article.objects.get()
    assert outcome.outcome == ImportRecord.Outcome.CREATED
    assert outcome.article == article
    assert (article.title, article.slug, article.status) == (
        "Lisbon opens its data",
        "lisbon-opens-its-data",
        ArticleStatus.PUBLISHED,
    )
    assert (article.published_on, article.published_on_origin) == (
        datetime.date(2024, 5, 2),
        "dateline",
    )
    lisbon, portugal = Place.objects.get(name="Lisbon"), Place.objects.get(name="Portugal")
    assert (lisbon.kind, lisbon.country, lisbon.review_status) == ("city", portugal, "suggested")
    assert (lisbon.latitude, lisbon.longitude) == (38.72, -9.14)
    assert (portugal.kind, portugal.country_code) == ("country", "PT")
    agency = Organization.objects.get()
    assert (agency.name, agency.aliases, agency.acronym, agency.kind, agency.country) == (
        "Lisbon Digital Agency",
        ["LDA"],
        "LDA",
        "government",
        portugal,
    )
    person = Person.objects.get()
    assert (person.name, person.role, person.affiliation) == (
        "Ana Costa",
        "Mayor of Lisbon",
        agency,
    )
    forum = Event.objects.get()
    assert (forum.kind, forum.place, forum.is_online, forum.year) == ("forum", lisbon, True, 2024)
    assert list(forum.organizers.all()) == [agency]
    assert sorted(Mention.objects.values_list("text", flat=True)) == sorted(
        [
            "Ana Costa",
            "Ana Costa",
            "Lisbon",
            "Lisbon Digital Agency",
            "LDA",
            "Lisbon Data Forum",
            "Portugal",
        ]
    )
    quote = Quote.objects.get()
    assert (quote.speaker, quote.text, BODY[quote.start : quote.end]) == (
        person,
        "Open data is a public good,",
        "Open data is a public good,",
    )


def test_load_result_mention_sentence_is_the_sentence_around_it():
    load_result(lisbon_result())

    agency_mention = Mention.objects.get(text="LDA")
    assert agency_mention.sentence == "The Lisbon Digital Agency (LDA) runs it."
    portugal_mention = Mention.objects.get(text="Portugal")
    assert portugal_mention.sentence == (
        '"Open data is a public good," said Ana Costa at the Lisbon Data Forum in Portugal.'
    )


def test_load_result_mention_sentence_comes_from_the_extractor_when_given():
    result = lisbon_result()
    for mention in result.extraction.mentions:
        if mention.text == "Portugal":
            mention.sentence = "said Ana Costa at the Lisbon Data Forum in Portugal."

    load_result(result)

    assert Mention.objects.get(text="Portugal").sentence == (
        "said Ana Costa at the Lisbon Data Forum in Portugal."
    )
    assert Mention.objects.get(text="LDA").sentence == "The Lisbon Digital Agency (LDA) runs it."


def test_load_result_same_result_twice_is_unchanged():
    load_result(lisbon_result())

    outcome = load_result(lisbon_result())

    assert outcome.outcome == ImportRecord.Outcome.UNCHANGED
    assert (Article.objects.count(), Mention.objects.count(), Person.objects.count()) == (1, 7, 1)


def test_load_result_same_content_under_other_origin_is_duplicate():
    first = load_result(lisbon_result())

    outcome = load_result(lisbon_result(origin="elsewhere/copy.txt"))

    assert (outcome.outcome, outcome.article) == (ImportRecord.Outcome.DUPLICATE, first.article)
    assert Article.objects.count() == 1


def test_load_result_force_re_extracts_an_unchanged_article():
    load_result(lisbon_result())

    outcome = load_result(lisbon_result(), force=True)

    assert outcome.outcome == ImportRecord.Outcome.UPDATED
    assert (Article.objects.count(), Mention.objects.count()) == (1, 7)


def test_load_result_error_writes_nothing_but_a_failed_record():
    run = ImportRunFactory()
    bad = ImportResult(origin="inbox/empty.txt", content_hash="", error="empty file")

    outcome = load_result(bad, run=run)

    assert (outcome.outcome, outcome.error) == (ImportRecord.Outcome.FAILED, "empty file")
    assert Article.objects.count() == 0
    record = ImportRecord.objects.get()
    assert (record.path, record.outcome, record.error, record.article) == (
        "inbox/empty.txt",
        "failed",
        "empty file",
        None,
    )


def test_load_result_writes_an_import_record_in_the_same_transaction():
    run = ImportRunFactory()

    outcome = load_result(lisbon_result(raw_hash="abc"), run=run)

    record = ImportRecord.objects.get()
    assert (record.run, record.path, record.outcome, record.article, record.raw_hash) == (
        run,
        "inbox/lisbon.txt",
        "created",
        outcome.article,
        "abc",
    )
    assert record.content_hash == outcome.article.content_hash


def test_load_result_without_headline_is_a_draft_flagged_for_review():
    outcome = load_result(lisbon_result(has_headline=False), status=ArticleStatus.PUBLISHED)

    article = outcome.article
    assert (article.status, article.needs_review, article.review_note) == (
        ArticleStatus.DRAFT,
        True,
        NO_HEADLINE_NOTE,
    )


def test_load_result_draft_status_applies_to_new_articles():
    outcome = load_result(lisbon_result(), status=ArticleStatus.DRAFT)

    assert outcome.article.status == ArticleStatus.DRAFT


def test_load_result_matches_existing_entity_by_alias_and_adds_new_aliases():
    existing = OrganizationFactory(name="Lisbon Digital Agency", aliases=["Agência Digital"])

    load_result(lisbon_result())

    existing.refresh_from_db()
    assert Organization.objects.count() == 1
    assert existing.aliases == ["Agência Digital", "LDA"]
    assert Mention.objects.filter(organization=existing).count() == 2


def test_load_result_matches_names_case_insensitively():
    existing = PersonFactory(name="ANA COSTA", role="")

    load_result(lisbon_result())

    existing.refresh_from_db()
    assert Person.objects.count() == 1
    assert existing.role == "Mayor of Lisbon"


def test_load_result_matches_non_ascii_alias():
    existing = OrganizationFactory(
        name="Agência Digital de Lisboa", aliases=["Lisbon Digital Agency"]
    )
    entity = extracted_entity("o1", "organization", "Agência Digital de Lisboa")
    result = build_import_result(
        body="The Agência Digital de Lisboa publishes data.", entities=[entity]
    )
    load_result(result)
    other = extracted_entity(
        "o1", "organization", "Lisbon Digital Agency", "Agência Digital de Lisboa"
    )

    load_result(
        build_import_result(
            origin="b.txt", body="The Lisbon Digital Agency publishes data.", entities=[other]
        )
    )

    assert list(Organization.objects.values_list("pk", flat=True)) == [existing.pk]


def test_load_result_fills_empty_attributes_but_never_overwrites():
    person = PersonFactory(name="Ana Costa", role="Deputy Mayor")
    agency = OrganizationFactory(
        name="Lisbon Digital Agency", acronym="", kind="other", curated_fields=["kind"]
    )

    load_result(lisbon_result())

    person.refresh_from_db()
    agency.refresh_from_db()
    assert (person.role, person.affiliation) == ("Deputy Mayor", agency)
    assert (agency.acronym, agency.kind) == ("LDA", "other")


def test_load_result_uses_the_known_gazetteer_record():
    curated = OrganizationFactory(name="Agency of Lisbon", review_status=ReviewStatus.CONFIRMED)
    entities = lisbon_entities()
    entities[2].known_id = curated.pk

    load_result(lisbon_result(entities=entities))

    assert list(Organization.objects.all()) == [curated]
    assert Mention.objects.filter(organization=curated).count() == 2


def test_load_result_never_suggests_a_rejected_entity_again():
    rejected = OrganizationFactory(name="LDA", review_status=ReviewStatus.REJECTED)

    outcome = load_result(lisbon_result())

    assert list(Organization.objects.all()) == [rejected]
    assert Mention.objects.filter(kind="organization").count() == 0
    assert outcome.article.mentions.count() == 5


def test_load_result_follows_merges_to_the_survivor():
    survivor = PersonFactory(name="Ana Maria Costa")
    PersonFactory(name="Ana Costa", merged_into=survivor)

    load_result(lisbon_result())

    assert Person.objects.count() == 2
    assert Mention.objects.filter(person=survivor).count() == 2
    assert Quote.objects.get().speaker == survivor


def test_load_result_one_record_for_the_same_entity_in_two_articles():
    load_result(lisbon_result())
    other_body = "Ana Costa visited Portugal's north. The LDA paid."
    entities = [
        extracted_entity("a", "person", "Ana Costa"),
        extracted_entity("b", "place", "Portugal", place_kind="country"),
        extracted_entity("c", "organization", "LDA"),
    ]

    load_result(build_import_result(origin="other.txt", body=other_body, entities=entities))

    assert (Person.objects.count(), Place.objects.count(), Organization.objects.count()) == (
        1,
        2,
        1,
    )
    assert Mention.objects.filter(article__origin="other.txt").count() == 3


def test_load_result_two_entities_sharing_a_name_become_one_record():
    body = "The Lisbon Digital Agency (LDA) said the LDA is ready."
    entities = [
        extracted_entity("a", "organization", "Lisbon Digital Agency", "LDA"),
        extracted_entity("b", "organization", "LDA"),
    ]

    load_result(build_import_result(body=body, entities=entities))

    agency = Organization.objects.get()
    assert (agency.name, agency.aliases) == ("Lisbon Digital Agency", ["LDA"])
    assert Mention.objects.filter(organization=agency).count() == 3


def test_load_result_drops_mentions_whose_offsets_do_not_fit_the_body():
    result = lisbon_result()
    mention = result.extraction.mentions[0]
    mention.start += 1
    mention.end += 1

    load_result(result)

    assert Mention.objects.count() == 6


def test_load_result_slug_collision_gets_a_suffix():
    ArticleFactory(slug="lisbon-opens-its-data")

    outcome = load_result(lisbon_result())

    assert outcome.article.slug == "lisbon-opens-its-data-2"


def test_load_result_creates_and_reuses_the_source():
    first = load_result(lisbon_result(source_name="Lisbon News", source_domain="news.example.pt"))
    second = load_result(
        build_import_result(
            origin="b.txt",
            body="Other text.",
            source_name="Lisbon News",
            source_domain="news.example.pt",
        )
    )

    assert first.article.source == second.article.source
    assert (first.article.source.name, first.article.source.slug) == ("Lisbon News", "lisbon-news")


def test_predict_outcome_writes_nothing():
    assert predict_outcome(lisbon_result()).outcome == ImportRecord.Outcome.CREATED
    load_result(lisbon_result())

    assert predict_outcome(lisbon_result()).outcome == ImportRecord.Outcome.UNCHANGED
    assert predict_outcome(lisbon_result(body=BODY + " More.")).outcome == "updated"
    assert predict_outcome(lisbon_result(origin="x.txt")).outcome == "duplicate"
    assert Article.objects.count() == 1


# --------------------------------------------------------------------------------------------
# Updates
# --------------------------------------------------------------------------------------------

NEW_BODY = "Breaking: " + BODY + "\n\nThe LDA will report in June."


def test_load_result_changed_content_updates_the_article():
    first = load_result(lisbon_result()).article

    outcome = load_result(lisbon_result(title="Lisbon opens all its data", body=NEW_BODY))

    article = Article.objects.get()
    assert (outcome.outcome, outcome.article, article.pk) == ("updated", article, first.pk)
    assert (article.title, article.body, article.slug) == (
        "Lisbon opens all its data",
        NEW_BODY,
        "lisbon-opens-its-data",
    )
    assert Mention.objects.count() == 8
    assert all(NEW_BODY[m.start : m.end] == m.text for m in Mention.objects.all())


def test_load_result_update_keeps_curated_fields_and_decisions():
    article = load_result(lisbon_result()).article
    article.title = "A curator's title"
    article.curated_fields = ["title"]
    article.save()
    confirmed = Mention.objects.get(text="Portugal")
    confirmed.review_status = ReviewStatus.CONFIRMED
    confirmed.save()
    rejected = Mention.objects.get(text="LDA")
    rejected.review_status = ReviewStatus.REJECTED
    rejected.save()
    Person.objects.update(review_status=ReviewStatus.REJECTED)
    survivor = PlaceFactory(name="Lisboa")
    Place.objects.filter(name="Lisbon").update(merged_into=survivor)

    load_result(lisbon_result(body=NEW_BODY))

    article.refresh_from_db()
    assert (article.title, article.body) == ("A curator's title", NEW_BODY)
    confirmed.refresh_from_db()
    rejected.refresh_from_db()
    shift = len("Breaking: ")
    assert (confirmed.review_status, NEW_BODY[confirmed.start : confirmed.end]) == (
        "confirmed",
        "Portugal",
    )
    assert (rejected.review_status, rejected.start) == ("rejected", BODY.index("LDA") + shift)
    # The rejected span is not suggested again; the new "LDA" in the last paragraph is.
    assert Mention.objects.filter(text="LDA").count() == 2
    assert Mention.objects.filter(kind="person").count() == 0
    assert Mention.objects.filter(place=survivor).count() == 1
    assert Place.objects.filter(name="Lisbon").count() == 1


def test_load_result_update_records_the_previous_state():
    run = ImportRunFactory()
    first = load_result(lisbon_result(), run=run).article
    confirmed = Mention.objects.get(text="Portugal")
    confirmed.review_status = ReviewStatus.CONFIRMED
    confirmed.save()
    machine_ids = set(Mention.objects.machine().values_list("id", flat=True))

    load_result(lisbon_result(body=NEW_BODY), run=run)

    record = ImportRecord.objects.get(outcome="updated")
    state = record.previous_state
    assert state["format"] == 1
    assert state["article"]["body"] == BODY
    assert state["article"]["title"] == first.title
    assert state["article"]["published_on"] is None
    assert {row["id"] for row in state["mentions"]} == machine_ids
    assert [row["text"] for row in state["kept_mentions"]] == ["Portugal"]
    assert [row["text"] for row in state["quotes"]] == ["Open data is a public good,"]
    lisbon_row = next(row for row in state["mentions"] if row["text"] == "Lisbon")
    assert lisbon_row["entity_id"] == Place.objects.get(name="Lisbon").pk
    assert not Mention.objects.filter(id__in=machine_ids).exists()


def test_load_result_update_flags_a_lost_confirmed_mention():
    load_result(lisbon_result())
    Mention.objects.filter(text="Portugal").update(review_status=ReviewStatus.CONFIRMED)
    body = BODY.replace(" in Portugal", "")

    outcome = load_result(lisbon_result(body=body))

    kept = Mention.objects.get(review_status="confirmed")
    assert (kept.text, outcome.article.needs_review, outcome.article.review_note) == (
        "Portugal",
        True,
        LOST_CONFIRMED_NOTE,
    )


def test_load_result_update_to_another_articles_content_is_duplicate():
    first = load_result(lisbon_result()).article
    other = load_result(build_import_result(origin="other.txt", body="Other body.")).article

    outcome = load_result(build_import_result(origin="inbox/lisbon.txt", body="Other body."))

    first.refresh_from_db()
    assert (outcome.outcome, outcome.article) == ("duplicate", other)
    assert first.body == BODY


# --------------------------------------------------------------------------------------------
# Bounded queries
# --------------------------------------------------------------------------------------------

# 45 to write it, and, without a caller's batch (archive.services.entity_counts), the recount
# of its records: one query for them, then per kind a grouped count, a read and an update;
# the review queue's groups (archive.services.mention_groups): a new article's mentions
# grouped per kind and one upsert, an updated one's records regrouped per kind (a grouped
# count, a read, and at most a delete, an update and an insert).
MAX_QUERIES_PER_ARTICLE = 45 + 1 + 3 * 4 + 5 + 1 + 5 * 4


def many_entities_result(count: int, origin: str, *, new_facts: bool = False):
    """An article naming `count` entities; with new_facts, each brings an alias and attributes."""
    suffixes = {"organization": "Agency", "person": "Smith", "event": "Summit", "place": "Town"}
    facts = {
        "organization": {"acronym": "ZA", "org_kind": "company"},
        "person": {"role": "Director"},
        "event": {"event_kind": "summit", "year": 2030},
        "place": {"country_code": "PT"},
    }
    sentences, entities = [], []
    for number in range(count):
        kind = ("organization", "person", "event", "place")[number % 4]
        name = f"Zed{number} {suffixes[kind]}"
        sentences.append(f'"{name} is here," the host said.')
        attributes = {"place_kind": "city"} if kind == "place" else {}
        aliases = []
        if new_facts:
            attributes.update(facts[kind])
            aliases = [f"Zed-{number}"]
        entities.append(extracted_entity(f"k{number}", kind, name, *aliases, **attributes))
    body = " ".join(sentences)
    quotes = [(f"{entity.name} is here,", None) for entity in entities]
    return build_import_result(origin=origin, body=body, entities=entities, quotes=quotes)


@pytest.mark.parametrize("count", [5, 50])
def test_load_result_query_count_does_not_grow_with_entities(count, django_assert_max_num_queries):
    # Half of the entities exist already (matched, given aliases and attributes), half are new.
    load_result(many_entities_result(count, origin="warm.txt"))
    result = many_entities_result(count * 2, origin="measured.txt", new_facts=True)
    run = ImportRunFactory()

    with django_assert_max_num_queries(MAX_QUERIES_PER_ARTICLE):
        load_result(result, run=run)

    assert Mention.objects.filter(article__origin="measured.txt").count() == count * 2
    assert Quote.objects.filter(article__origin="measured.txt").count() == count * 2
    assert Organization.objects.get(name="Zed0 Agency").aliases == ["Zed-0"]


def test_load_result_update_query_count_does_not_grow_with_entities(
    django_assert_max_num_queries,
):
    for count in (5, 50):
        origin = f"update-{count}.txt"
        load_result(many_entities_result(count, origin=origin))
        Mention.objects.filter(article__origin=origin, start=1).update(
            review_status=ReviewStatus.CONFIRMED
        )
        changed = many_entities_result(count, origin=origin, new_facts=True)
        changed.page.body = "New: " + changed.page.body
        for mention in changed.extraction.mentions:
            mention.start += 5
            mention.end += 5
        for quote in changed.extraction.quotes:
            quote.start += 5
            quote.end += 5
        changed.content_hash = f"changed-{count}"

        with django_assert_max_num_queries(MAX_QUERIES_PER_ARTICLE):
            outcome = load_result(changed, run=ImportRunFactory())

        assert outcome.outcome == "updated"
        assert Mention.objects.filter(article__origin=origin).count() == count


def test_load_result_each_article_keeps_the_role_it_gives_a_person():
    load_result(lisbon_result())
    later_body = "Former mayor Ana Costa now teaches in Portugal."
    entities = [
        extracted_entity("a", "person", "Ana Costa", role="Former mayor"),
        extracted_entity("b", "place", "Portugal", place_kind="country"),
    ]

    load_result(build_import_result(origin="later.txt", body=later_body, entities=entities))

    roles = {
        (m.article.origin, m.role)
        for m in Mention.objects.filter(person__name="Ana Costa").select_related("article")
    }
    assert roles == {("inbox/lisbon.txt", "Mayor of Lisbon"), ("later.txt", "Former mayor")}
