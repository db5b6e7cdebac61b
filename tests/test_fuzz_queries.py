"""Random query strings on every public URL and on the admin as a curator: never a 500.

A seeded generator (the same strings on every run, so a failure can be replayed) mixes the
parameters the pages know with unknown ones, and values that are empty, huge, numeric out of
range, malformed dates, control characters, invalid percent-encoding, SQL and markup.
"""

from __future__ import annotations

import random
import string
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

SEED = 20261203
ALLOWED = {200, 301, 302, 400, 404}
KNOWN_PARAMETERS = (
    "q", "organization", "person", "event", "place", "source", "year", "published_from",
    "published_to", "ordering", "page", "per_page", "format", "kind", "country", "role",
    "affiliation", "tab", "ids", "next", "o", "p", "all", "e", "review_status__exact",
    "merged", "status__exact", "created_at__gte", "_changelist_filters", "_to_field", "_popup",
)  # fmt: skip
RAW_VALUES = (
    "%00", "%00abc", "a%01b", "%7F", "%ff%fe", "%C0%AF", "%", "%%", "%zz", "%E2%80%AE",
    "-1", "0", "99999999999999999999", "1e309", "NaN", "2024-02-30", "0000-00-00", "9999-99-99",
    "%27%3B%20DROP%20TABLE%20archive_article%3B--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "javascript%3Aalert(1)", "..%2F..%2Fetc%2Fpasswd", "csv", "json", "xml", "relevance",
    "%22%20onmouseover%3D%22x", "name", "-name", "1.2.3", "1,2,3", "%0A%0D", "%09",
)  # fmt: skip


def random_value(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.35:
        return rng.choice(RAW_VALUES)
    if choice < 0.5:
        return quote(rng.choice(string.ascii_letters) * rng.choice((1, 300, 5_000, 20_000)))
    if choice < 0.75:
        text = "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(0, 40)))
        return quote(text, safe="")
    if choice < 0.9:
        return str(rng.randrange(-(10**12), 10**12))
    return quote("".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 30))))


def random_query(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randrange(1, 6)):
        if rng.random() < 0.8:
            name = rng.choice(KNOWN_PARAMETERS)
        else:
            name = quote("".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 12))))
        parts.append(f"{name}={random_value(rng)}")
    return "&".join(parts)


@pytest.fixture
def archive_data(db):
    organization = factories.OrganizationFactory()
    person = factories.PersonFactory(affiliation=organization)
    event = factories.EventFactory()
    place = factories.PlaceFactory(kind="country")
    article = factories.ArticleFactory(
        body=f"{organization.name} and {person.name} met at {event.name} in {place.name}."
    )
    for entity in (organization, person, event, place):
        factories.mention_everywhere(article, entity)
    factories.QuoteFactory(article=article, speaker=person)
    run = factories.ImportRunFactory()
    factories.ImportRecordFactory(run=run, article=article)
    factories.MergeSuggestionFactory()
    return {
        "article": article,
        "organization": organization,
        "person": person,
        "event": event,
        "place": place,
        "run": run,
    }


def public_urls(data) -> list[str]:
    urls = [
        reverse("archive:home"),
        reverse("archive:feed"),
        reverse("archive:article-list"),
        data["article"].get_absolute_url(),
        reverse("sitemap"),
        reverse("robots-txt"),
    ]
    for kind in ("organization", "person", "event", "place"):
        urls += [
            reverse(f"archive:{kind}-list"),
            data[kind].get_absolute_url(),
            reverse(f"archive:{kind}-feed", args=[data[kind].slug]),
        ]
    return urls


def admin_urls(data) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:archive_review_queue")]
    for model_name in (
        "article", "source", "mention", "quote", "organization", "person", "event", "place",
        "importrun", "importrecord", "entitymerge", "mergesuggestion",
    ):  # fmt: skip
        urls.append(reverse(f"admin:archive_{model_name}_changelist"))
    urls += [
        reverse("admin:archive_article_change", args=[data["article"].pk]),
        reverse("admin:archive_organization_change", args=[data["organization"].pk]),
        reverse("admin:archive_organization_history", args=[data["organization"].pk]),
        reverse("admin:archive_organization_merge"),
        reverse("admin:archive_mention_move"),
        reverse("admin:archive_importrun_change", args=[data["run"].pk]),
    ]
    return urls


def check(client, urls: list[str], per_url: int, rng: random.Random) -> list[str]:
    problems = []
    for url in urls:
        for _ in range(per_url):
            target = f"{url}?{random_query(rng)}"
            response = client.get(target)
            if response.status_code not in ALLOWED:
                problems.append(f"{response.status_code} {target[:300]}")
                continue
            body = b"" if response.streaming else response.content
            if settings.SECRET_KEY.encode() in body or b"Traceback" in body:
                problems.append(f"leak {target[:300]}")
    return problems


@pytest.mark.django_db
def test_random_queries_on_public_pages_never_fail(client, archive_data):
    client.raise_request_exception = False

    problems = check(client, public_urls(archive_data), 100, random.Random(SEED))

    assert problems == []


@pytest.mark.django_db
def test_random_queries_on_the_admin_as_a_curator_never_fail(client, archive_data):
    client.raise_request_exception = False
    client.force_login(
        factories.role_user("Curator"), backend="django.contrib.auth.backends.ModelBackend"
    )

    problems = check(client, admin_urls(archive_data), 40, random.Random(SEED + 1))

    assert problems == []
