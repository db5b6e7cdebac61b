"""The public research site: pages, redirects, exports and constant query counts."""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse

from archive.models import Article, Mention, Person, ReviewStatus
from archive.services.entity_counts import recount_all
from tests.factories import (
    ArticleFactory,
    EventFactory,
    MentionFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    QuoteFactory,
    SourceFactory,
    mention_everywhere,
)
from tests.test_search_pages import scoring_apart

pytestmark = pytest.mark.django_db


def build_article(number: int, **fields) -> Article:
    """A published article naming an organization, a person, an event and a place."""
    country = PlaceFactory(name=f"Country {number}", slug=f"country-{number}", kind="country")
    # With coordinates: the pages draw their maps (and count their queries) with them.
    city = PlaceFactory(
        name=f"Porto {number}",
        slug=f"porto-{number}",
        country=country,
        latitude=41.15 + number / 100,
        longitude=-8.61,
    )
    organization = OrganizationFactory(
        name=f"Transit Agency {number}", slug=f"transit-agency-{number}", country=country
    )
    person = PersonFactory(
        name=f"Maria Silva{number}", slug=f"maria-silva-{number}", affiliation=organization
    )
    event = EventFactory(
        name=f"Mobility Forum {number}",
        slug=f"mobility-forum-{number}",
        start_date=datetime.date(2024, 5, number % 28 + 1),
        place=city,
    )
    event.organizers.add(organization)
    body = (
        f"Porto {number} opened a sensor network. Transit Agency {number} runs it.\n\n"
        f'"Data is a public good," said Maria Silva{number} at the Mobility Forum {number}.'
    )
    article = ArticleFactory(
        title=f"Porto {number} opens a sensor network",
        slug=f"porto-{number}-sensor-network",
        body=body,
        published_on=datetime.date(2024, number % 12 + 1, 10),
        **fields,
    )
    for entity in (city, organization, person, event):
        mention_everywhere(article, entity)
    quote_text = "Data is a public good,"
    QuoteFactory(
        article=article,
        speaker=person,
        text=quote_text,
        start=body.index(quote_text),
        end=body.index(quote_text) + len(quote_text),
    )
    return article


def build_articles(count: int, **fields) -> list[Article]:
    return [build_article(number, **fields) for number in range(1, count + 1)]


# --- constant query counts ---------------------------------------------------------------------
# Each page is requested with 1 and with 3 rows of everything it lists; the number of queries
# must be the same (and is pinned, so a new N+1 fails loudly).

LIST_PAGES = {
    "home": (lambda articles: reverse("archive:home"), 13),  # 13: undated events too
    # The article list: its map counts the places of the filtered articles in one query.
    "article-list": (lambda articles: reverse("archive:article-list"), 9),
    # A narrowed list reads its newest matches' ids once for its facets and map, whatever
    # their number, and counts its entity facets in one query for all kinds; a search reads
    # its newest matches' ids once for its count, pages, facets and map, scores them (with the
    # ids on SQLite, apart on PostgreSQL: tests.test_search_pages.scoring_apart), then
    # reads its page's rows (archive.pagination.SearchPaginator); searching, scoring and
    # highlighting each first ask whether the query is a record's name (archive.search_names),
    # and so does the page, to say which other names it searched.
    "article-list-search": (
        lambda articles: reverse("archive:article-list") + "?q=sensor",
        11 + scoring_apart(),
    ),
    "article-list-filtered": (
        lambda articles: reverse("archive:article-list") + "?source=" + articles[0].source.slug,
        7,
    ),
    "organization-list": (lambda articles: reverse("archive:organization-list"), 3),
    "person-list": (lambda articles: reverse("archive:person-list"), 3),
    "event-list": (lambda articles: reverse("archive:event-list"), 3),
    "place-list": (lambda articles: reverse("archive:place-list") + "?country=country-1", 4),
    "feed": (lambda articles: reverse("archive:feed"), 1),
    "sitemap": (lambda articles: reverse("sitemap"), 10),
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("page", sorted(LIST_PAGES))
def test_list_pages_query_count_is_constant(client, django_assert_num_queries, page, count):
    articles = build_articles(count)
    url_for, expected_queries = LIST_PAGES[page]
    url = url_for(articles)
    with django_assert_num_queries(expected_queries):
        response = client.get(url)
    assert response.status_code == 200


DETAIL_PAGES = {
    # The article page: related articles take one query, through the rarest entities (by their
    # stored counts); the story's map one.
    "article": (lambda article: article.get_absolute_url(), 5),
    # Entity pages: co-mentions and the map read the entity's latest article ids, then count
    # one query each; the article and story counts are the record's stored ones (no query).
    "organization": (lambda article: _entity(article, "organization").get_absolute_url(), 9),
    "person": (lambda article: _entity(article, "person").get_absolute_url(), 7),
    "event": (lambda article: _entity(article, "event").get_absolute_url(), 8),
    "place": (lambda article: _entity(article, "place").get_absolute_url(), 8),
    "organization-feed": (
        lambda article: reverse(
            "archive:organization-feed", args=[_entity(article, "organization").slug]
        ),
        2,
    ),
}


def _entity(article: Article, kind: str):
    return article.mentions.filter(kind=kind).first().entity


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("page", sorted(DETAIL_PAGES))
def test_detail_pages_query_count_is_constant(client, django_assert_num_queries, page, count):
    """One article naming 1 or 3 entities of each kind, each named in 1 or 3 articles."""
    articles = build_articles(count)
    main = articles[0]
    # Make the first article's entities appear in every article, and every article's entities
    # appear in the first one, so both the article page and the entity pages list `count` rows.
    for offset, other in enumerate(articles[1:], start=1):
        for kind in ("organization", "person", "event", "place"):
            first_entity = _entity(main, kind)
            other_entity = _entity(other, kind)
            MentionFactory(
                article=other,
                kind=kind,
                **{"organization": None, kind: first_entity},
                start=0,
                text=other.body[:5],
            )
            MentionFactory(
                article=main,
                kind=kind,
                **{"organization": None, kind: other_entity},
                start=len(main.body) - 5 - offset,
                text=main.body[-5 - offset : len(main.body) - offset],
            )
    url_for, expected_queries = DETAIL_PAGES[page]
    url = url_for(main)
    with django_assert_num_queries(expected_queries):
        response = client.get(url)
    assert response.status_code == 200


# --- home --------------------------------------------------------------------------------------


def test_home_shows_counts_latest_articles_top_entities_events_and_chart(client):
    build_articles(2)
    ArticleFactory(title="A draft nobody sees", status="draft")
    upcoming = EventFactory(name="Future Expo", start_date=datetime.date.today().replace(year=2999))
    response = client.get(reverse("archive:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"].articles == 2
    assert response.context["counts"].organizations == 2
    assert [a.title for a in response.context["latest_articles"]] == [
        "Porto 2 opens a sensor network",
        "Porto 1 opens a sensor network",
    ]
    assert "A draft nobody sees" not in content
    assert "Transit Agency 1" in content
    assert "Maria Silva2" in content
    assert response.context["upcoming_events"] == [upcoming]
    assert '<svg class="chart" id="articles-per-month"' in content
    assert '<title id="articles-per-month-title">Articles per month</title>' in content
    assert content.count("<h1") == 1


# --- article list ------------------------------------------------------------------------------


def test_article_list_shows_only_published_articles(client):
    build_article(1)
    ArticleFactory(title="Draft article", status="draft")
    ArticleFactory(title="Withdrawn article", status="withdrawn")
    response = client.get(reverse("archive:article-list"))
    titles = [article.title for article in response.context["page_obj"]]
    assert titles == ["Porto 1 opens a sensor network"]


def test_article_list_search_highlights_escaped_snippet(client):
    ArticleFactory(
        title="Lidar <b>survey</b>", body="Intro.\n\nThe lidar survey <script>x</script> ended."
    )
    response = client.get(reverse("archive:article-list"), {"q": "lidar"})
    content = response.content.decode()
    assert response.context["page_obj"].paginator.count == 1
    assert "<mark>Lidar</mark> &lt;b&gt;survey&lt;/b&gt;" in content
    assert "<mark>lidar</mark>" in content
    assert "<script>x</script>" not in content
    assert "<b>survey</b>" not in content


@pytest.mark.parametrize("junk", ['"', "*", "AND (", "NEAR(", "x" * 5000, "!!!", "'; --"])
def test_article_list_junk_search_gives_a_page(client, junk):
    build_article(1)
    response = client.get(reverse("archive:article-list"), {"q": junk})
    assert response.status_code == 200


def test_article_list_bad_filter_values_are_ignored_not_fatal(client):
    build_article(1)
    response = client.get(
        reverse("archive:article-list"),
        {"year": "abc", "published_from": "yesterday", "page": "999", "per_page": "7"},
    )
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    assert response.context["page_obj"].paginator.per_page == 20


def test_article_list_facets_count_articles_with_current_filters(client):
    articles = build_articles(3)
    shared = OrganizationFactory(name="City Hall", slug="city-hall")
    for article in articles[:2]:
        article.body += "\n\nCity Hall agreed."
        article.save()
        mention_everywhere(article, shared)
    response = client.get(reverse("archive:article-list"), {"organization": "city-hall"})
    groups = {group["name"]: group["values"] for group in response.context["facet_groups"]}
    assert response.context["page_obj"].paginator.count == 2
    assert [(v["label"], v["count"], v["active"]) for v in groups["organization"]] == [
        ("City Hall", 2, True),
        ("Transit Agency 1", 1, False),
        ("Transit Agency 2", 1, False),
    ]
    assert [(v["label"], v["count"]) for v in groups["year"]] == [("2024", 2)]
    # Selecting a facet keeps the other filters; the active one links to its removal.
    assert groups["organization"][0]["url"] == "?"
    assert groups["organization"][1]["url"] == "?organization=transit-agency-1"


def test_article_list_facets_leave_out_rejected_entities_and_mentions(client):
    article = build_article(1)
    article.mentions.filter(kind="person").update(review_status=ReviewStatus.REJECTED)
    organization = article.mentions.get(kind="organization").organization
    organization.review_status = ReviewStatus.REJECTED
    organization.save()
    # As the review service does after a change (the whole archive's facets are stored counts).
    recount_all()
    response = client.get(reverse("archive:article-list"))
    groups = {group["name"]: group["values"] for group in response.context["facet_groups"]}
    assert "organization" not in groups
    assert "person" not in groups
    assert [value["label"] for value in groups["place"]] == ["Porto 1"]


def test_article_list_pagination_keeps_filters_and_page_size(client):
    source = SourceFactory(slug="daily")
    for number in range(25):
        ArticleFactory(title=f"Tram news {number}", source=source, body="Trams run late.")
    response = client.get(
        reverse("archive:article-list"), {"q": "trams", "source": "daily", "per_page": "20"}
    )
    content = response.content.decode()
    assert response.context["page_obj"].paginator.num_pages == 2
    assert 'href="?q=trams&amp;source=daily&amp;per_page=20&amp;page=2"' in content
    response = client.get(reverse("archive:article-list"), {"per_page": "50"})
    assert len(response.context["page_obj"]) == 25


def test_article_list_chips_name_the_active_filters(client):
    build_article(1)
    response = client.get(
        reverse("archive:article-list"), {"organization": "transit-agency-1", "year": "2024"}
    )
    assert response.context["chips"] == [
        {"label": "Organization", "value": "Transit Agency 1", "remove_url": "?year=2024"},
        {"label": "Year", "value": "2024", "remove_url": "?organization=transit-agency-1"},
    ]


def test_article_list_every_form_control_has_a_label(client):
    build_article(1)
    content = client.get(reverse("archive:article-list"), {"q": "porto"}).content.decode()
    import re

    ids = re.findall(r'<(?:input|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', content)
    assert ids
    for control_id in ids:
        assert f'for="{control_id}"' in content


# --- exports -----------------------------------------------------------------------------------


def test_article_list_csv_export_is_the_filtered_set(client):
    build_articles(2)
    ArticleFactory(title="=HYPERLINK(evil)", body="Porto news too.")
    response = client.get(reverse("archive:article-list"), {"q": "porto", "format": "csv"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="articles-')
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert sorted(row["title"] for row in rows) == [
        "'=HYPERLINK(evil)",
        "Porto 1 opens a sensor network",
        "Porto 2 opens a sensor network",
    ]
    porto = next(row for row in rows if row["title"].startswith("Porto 1"))
    assert porto["organizations"] == "Transit Agency 1"
    assert porto["public_url"] == "http://testserver/articles/porto-1-sensor-network/"


def test_article_list_json_export_matches_filters(client):
    build_articles(2)
    response = client.get(
        reverse("archive:article-list"), {"organization": "transit-agency-2", "format": "json"}
    )
    data = json.loads(b"".join(response.streaming_content))
    assert [row["title"] for row in data] == ["Porto 2 opens a sensor network"]
    assert data[0]["people"] == ["Maria Silva2"]
    assert data[0]["published_on"] == "2024-03-10"


@pytest.mark.parametrize(
    ("url_name", "expected_name"),
    [
        ("archive:organization-list", "Transit Agency 1"),
        ("archive:person-list", "Maria Silva1"),
        ("archive:event-list", "Mobility Forum 1"),
        ("archive:place-list", "Porto 1"),
    ],
)
def test_entity_list_exports(client, url_name, expected_name):
    build_article(1)
    response = client.get(reverse(url_name), {"q": expected_name, "format": "json"})
    data = json.loads(b"".join(response.streaming_content))
    assert [(row["name"], row["article_count"]) for row in data] == [(expected_name, 1)]
    response = client.get(reverse(url_name), {"q": expected_name, "format": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["name"] for row in rows] == [expected_name]


# --- article page ------------------------------------------------------------------------------


def test_article_detail_links_mentions_by_kind(client):
    article = build_article(1)
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    organization = _entity(article, "organization")
    mention = article.mentions.get(kind="organization")
    assert (
        f'<a class="mention mention--org" id="mention-{mention.pk}" '
        f'href="/organizations/{organization.slug}/" data-kind="organization" '
        'title="Organization: Transit Agency 1">Transit Agency 1'
        '<span class="visually-hidden"> (organization)</span></a>'
    ) in content
    assert 'class="mention mention--person"' in content
    assert 'class="mention mention--event"' in content
    assert 'class="mention mention--place"' in content
    assert [group["kind"] for group in response.context["entity_groups"]] == [
        "organization",
        "person",
        "event",
        "place",
    ]
    assert "Data is a public good," in content


def test_article_detail_escapes_body_and_skips_rejected(client):
    organization = OrganizationFactory(name="Acme <Labs>", slug="acme-labs")
    rejected = OrganizationFactory(name="Bad Corp", slug="bad-corp", review_status="rejected")
    person = PersonFactory(name="Ann Lee", slug="ann-lee")
    article = ArticleFactory(
        body="<script>alert(1)</script> Acme <Labs> & Bad Corp hired Ann Lee.\n\nSecond & last."
    )
    mention_everywhere(article, organization)
    mention_everywhere(article, rejected)
    mention_everywhere(article, person, review_status=ReviewStatus.REJECTED)
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert '<p>&lt;script&gt;alert(1)&lt;/script&gt; <a class="mention mention--org"' in content
    assert ">Acme &lt;Labs&gt;<span" in content
    assert "&amp; Bad Corp hired Ann Lee.</p>" in content
    assert "<p>Second &amp; last.</p>" in content
    assert "/organizations/bad-corp/" not in content
    assert "/people/ann-lee/" not in content


def test_article_detail_unpublished_is_404(client):
    article = ArticleFactory(status="draft")
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_detail_related_articles_share_most_entities(client):
    first, second, third = build_articles(3)
    shared = OrganizationFactory(name="Porto Lab", slug="porto-lab")
    shared_place = PlaceFactory(name="Braga", slug="braga")
    for article in (first, second, third):
        article.body += "\n\nPorto Lab helped."
        article.save()
        mention_everywhere(article, shared)
    for article in (first, third):
        article.body += " Braga too."
        article.save()
        mention_everywhere(article, shared_place)
    response = client.get(first.get_absolute_url())
    assert [a.pk for a in response.context["related_articles"]] == [third.pk, second.pk]


def test_related_articles_go_through_the_rarest_entities_by_their_stored_counts(client):
    """An entity named in many articles says little about which are related: with more
    entities than RELATED_THROUGH, the most widely named (by its stored article count) is
    left out, and an article sharing only it is not related."""
    from archive.services.entity_counts import recount_all
    from archive.services.research import RELATED_THROUGH

    names = [f"Lab {letter}" for letter in "ABCDEFGHIJ"[: RELATED_THROUGH + 1]]
    main = ArticleFactory(body=". ".join(names) + ".", published_on=datetime.date(2024, 1, 1))
    labs = [OrganizationFactory(name=name, slug=name.lower().replace(" ", "-")) for name in names]
    for lab in labs:
        mention_everywhere(main, lab)
    widely_named, rare = labs[0], labs[-1]
    shares_the_wide_one = ArticleFactory(body="Lab A again.")
    mention_everywhere(shares_the_wide_one, widely_named)
    for number in range(3):
        other = ArticleFactory(body=f"Lab A, story {number}.")
        mention_everywhere(other, widely_named)
    shares_a_rare_one = ArticleFactory(body=f"{rare.name} again.")
    mention_everywhere(shares_a_rare_one, rare)
    recount_all()

    response = client.get(main.get_absolute_url())

    assert [a.pk for a in response.context["related_articles"]] == [shares_a_rare_one.pk]


def test_article_detail_shows_provenance(client):
    article = build_article(1, origin="inbox/porto.txt", url="https://example.org/porto")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<code>inbox/porto.txt</code>" in content
    assert 'href="https://example.org/porto"' in content
    assert "Date line in the page" in content or "date line in the page" in content


# --- entity pages ------------------------------------------------------------------------------


def test_entity_detail_lists_articles_with_the_mentioning_sentence(client):
    article = build_article(1)
    organization = _entity(article, "organization")
    response = client.get(organization.get_absolute_url())
    content = response.content.decode()
    assert response.context["article_count"] == 1
    assert "<mark>Transit Agency 1</mark> runs it." in content
    assert [ref.name for ref in response.context["co_mentioned"]] == [
        "Maria Silva1",
        "Mobility Forum 1",
        "Porto 1",
    ]
    assert '<svg class="chart" id="organization-mentions-per-month"' in content
    assert [p.name for p in response.context["facts"]["people"]] == ["Maria Silva1"]


def test_entity_detail_person_shows_role_and_affiliation(client):
    article = build_article(1)
    person = _entity(article, "person")
    content = client.get(person.get_absolute_url()).content.decode()
    assert "Chief Digital Officer" in content
    assert 'href="/organizations/transit-agency-1/">Transit Agency 1</a>' in content


def test_entity_detail_event_shows_organizers(client):
    article = build_article(1)
    event = _entity(article, "event")
    response = client.get(event.get_absolute_url())
    assert [o.name for o in response.context["facts"]["organizers"]] == ["Transit Agency 1"]


def test_rejected_entity_is_404_everywhere(client):
    organization = OrganizationFactory(review_status=ReviewStatus.REJECTED)
    assert client.get(organization.get_absolute_url()).status_code == 404
    feed = reverse("archive:organization-feed", args=[organization.slug])
    assert client.get(feed).status_code == 404
    listing = client.get(reverse("archive:organization-list"))
    assert organization not in list(listing.context["page_obj"])


def test_merged_entity_redirects_permanently_to_the_end_of_the_chain(client):
    survivor = OrganizationFactory(name="Survivor", slug="survivor")
    middle = OrganizationFactory(name="Middle", slug="middle", merged_into=survivor)
    oldest = OrganizationFactory(name="Oldest", slug="oldest", merged_into=middle)
    response = client.get(oldest.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == "/organizations/survivor/"


def test_merged_into_a_rejected_record_is_404(client):
    survivor = PersonFactory(review_status=ReviewStatus.REJECTED)
    merged = PersonFactory(merged_into=survivor)
    assert client.get(merged.get_absolute_url()).status_code == 404


def test_merge_loop_is_404_not_a_hang(client):
    first = PlaceFactory()
    second = PlaceFactory(merged_into=first)
    first.merged_into = second
    first.save()
    assert client.get(first.get_absolute_url()).status_code == 404


def test_entity_lists_show_article_counts_and_filter(client):
    build_articles(2)
    OrganizationFactory(name="Quiet Office", slug="quiet-office", kind="ngo")
    response = client.get(reverse("archive:organization-list"), {"ordering": "mentioned"})
    rows = [(o.name, o.article_count) for o in response.context["page_obj"]]
    assert rows == [("Transit Agency 1", 1), ("Transit Agency 2", 1), ("Quiet Office", 0)]
    response = client.get(reverse("archive:organization-list"), {"kind": "ngo"})
    assert [o.name for o in response.context["page_obj"]] == ["Quiet Office"]


def test_event_list_is_in_date_order_with_year_filter(client):
    EventFactory(name="Old", start_date=datetime.date(2019, 1, 1))
    EventFactory(name="New", start_date=datetime.date(2025, 1, 1))
    EventFactory(name="Year only", year=2019)
    response = client.get(reverse("archive:event-list"))
    assert [e.name for e in response.context["page_obj"]] == ["New", "Old", "Year only"]
    response = client.get(reverse("archive:event-list"), {"year": "2019"})
    assert [e.name for e in response.context["page_obj"]] == ["Old", "Year only"]


# --- feeds, sitemap, robots, errors ------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_not_found_page_uses_the_site_style(client):
    response = client.get("/no-such-page/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "This page is not in the archive" in content
    assert "archive/site.css" in content


def test_server_error_page_renders_without_database(django_assert_num_queries, rf):
    from archive.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


# --- newcomer's findings -----------------------------------------------------------------------


def test_entity_list_count_heading_is_singular_for_one(client):
    EventFactory(name="Only Forum", slug="only-forum")
    response = client.get(reverse("archive:event-list"))
    assert '<h2 class="results__count">1 event</h2>' in response.content.decode()


def test_place_page_marks_the_mention_not_the_same_word_inside_an_organization(client):
    moscow = PlaceFactory(name="Moscow", slug="moscow")
    body = "The Moscow City Government met in Moscow today."
    article = ArticleFactory(body=body)
    start = body.rindex("Moscow")
    MentionFactory(
        article=article,
        kind="place",
        organization=None,
        place=moscow,
        start=start,
        text="Moscow",
        sentence=body,
    )
    response = client.get(moscow.get_absolute_url())
    assert response.context["page_obj"][0].mention_sentences == [
        "The Moscow City Government met in <mark>Moscow</mark> today."
    ]


def test_article_sidebar_counts_only_marked_mentions_and_marks_nested_ones(client):
    moscow = PlaceFactory(name="Moscow", slug="moscow")
    government = OrganizationFactory(name="Moscow City Government", slug="moscow-government")
    article = ArticleFactory(body="The Moscow City Government met. Moscow grows. Moscow")
    mention_everywhere(article, government)
    mention_everywhere(article, moscow)
    # A mention that crosses another's edge cannot be marked: it must not be counted either.
    crossing = "City Government met"
    MentionFactory(
        article=article,
        text=crossing,
        start=article.body.index(crossing),
        organization=OrganizationFactory(name="Crossing"),
    )
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    groups = {group["kind"]: group["entities"] for group in response.context["entity_groups"]}
    assert [(item.entity.name, item.marked_count) for item in groups["place"]] == [("Moscow", 3)]
    assert [(item.entity.name, item.marked_count) for item in groups["organization"]] == [
        ("Moscow City Government", 1),
        ("Crossing", 0),
    ]
    assert content.count("mention--nested") == 1
    assert "\u00d73" in content  # "x3" beside Moscow


def test_article_page_shows_only_the_file_name_of_an_outside_origin(client):
    article = ArticleFactory(origin="/home/importer/private/batch-7/lisbon.txt")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<code>lisbon.txt</code>" in content
    assert "/home/importer" not in content


def test_search_with_only_an_exclusion_excludes(client):
    ArticleFactory(title="Moscow opens a data centre", body="Moscow news.")
    ArticleFactory(title="Porto opens a data centre", body="Porto news.")
    response = client.get(reverse("archive:article-list"), {"q": "-moscow"})
    assert [a.title for a in response.context["page_obj"]] == ["Porto opens a data centre"]


def test_article_list_feed_link_keeps_the_filters(client):
    response = client.get(reverse("archive:article-list"), {"q": "sensor", "page": "2"})
    assert response.context["feed_url"] == reverse("archive:feed") + "?q=sensor"
    assert "Atom feed of these results" in response.content.decode()


def test_facet_more_link_expands_one_facet(client, django_assert_num_queries):
    articles = [ArticleFactory(title=f"Article {n}", body=f"Agency {n} met.") for n in range(12)]
    for number, article in enumerate(articles):
        mention_everywhere(article, OrganizationFactory(name=f"Agency {number}"))
    url = reverse("archive:article-list")
    first = client.get(url)
    organizations = next(g for g in first.context["facet_groups"] if g["name"] == "organization")
    assert (len(organizations["values"]), organizations["more_url"]) == (
        10,
        "?facet_more=organization",
    )
    with django_assert_num_queries(8):
        expanded = client.get(url + organizations["more_url"])
    organizations = next(g for g in expanded.context["facet_groups"] if g["name"] == "organization")
    assert (len(organizations["values"]), organizations["more_url"]) == (12, "")
    assert organizations["less_url"] == "?"


def test_home_hides_zero_sources_and_lists_undated_events(client):
    ArticleFactory(source=None)
    EventFactory(name="Someday Summit", start_date=None, end_date=None, year=None)
    content = client.get(reverse("archive:home")).content.decode()
    assert 'stat__label">source' not in content
    assert '<span class="stat__label">article</span>' in content
    assert "Undated events" in content
    assert "Someday Summit" in content
    assert "Every article links back to its source" not in content


def test_home_chart_says_how_many_undated_articles_it_leaves_out(client):
    ArticleFactory(published_on=datetime.date(2024, 3, 1))
    ArticleFactory(published_on=None, published_on_origin="")
    response = client.get(reverse("archive:home"))
    assert response.context["chart"].undated_note == "1 undated article is not shown."
    assert "1 undated article is not shown." in response.content.decode()


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/archive/favicon.svg")


def test_article_page_shows_the_speakers_role_in_that_article(client):
    first = build_article(1)
    person = first.quotes.get().speaker
    Mention.objects.filter(article=first, person=person).update(role="Head of open data")
    second = ArticleFactory(slug="later-story", body=f'"We kept going," said {person.name}.')
    mention_everywhere(second, person, role="Former head of open data")
    QuoteFactory(article=second, speaker=person, text="We kept going,", start=1, end=15)
    Person.objects.filter(pk=person.pk).update(role="Adviser")  # the latest role, from elsewhere

    first_page = client.get(first.get_absolute_url()).content.decode()
    second_page = client.get(second.get_absolute_url()).content.decode()

    assert '<span class="muted">Head of open data</span>' in first_page
    assert '<span class="muted">Former head of open data</span>' in second_page
    assert "Adviser" not in first_page + second_page


# --- countries ---------------------------------------------------------------------------------


def test_place_known_only_by_its_country_code_shows_the_country(client):
    PlaceFactory(name="Braga", slug="braga", country_code="PT")
    PlaceFactory(name="Portugal", slug="portugal", kind="country", country_code="PT")

    listing = client.get(reverse("archive:place-list")).content.decode()
    page = client.get(reverse("archive:place-detail", args=["braga"])).content.decode()

    assert " ".join(listing.split()).count("City · Portugal") == 1
    assert "Country · Portugal" not in " ".join(listing.split())  # not a country of itself
    assert "<dt>Country</dt><dd>Portugal</dd>" in page


def test_organization_takes_the_country_of_the_place_that_opens_its_name(client):
    city = PlaceFactory(name="Harbor Bay", slug="harbor-bay", country_code="NZ")
    PlaceFactory(name="Harbor", slug="harbor", country_code="AU")
    OrganizationFactory(name="Harbor Bay Transit Board", slug="harbor-bay-transit-board")
    linked = PlaceFactory(name="Kenya", slug="kenya", kind="country", country_code="KE")
    OrganizationFactory(name="Harbor Bay Water", slug="harbor-bay-water", country=linked)
    OrganizationFactory(name="Harbor", slug="harbor-org")  # nothing after the place: no
    rejected = PlaceFactory(name="Lakeside", slug="lakeside", country_code="CA")
    rejected.review_status = "rejected"
    rejected.save()
    OrganizationFactory(name="Lakeside Energy", slug="lakeside-energy")

    listing = " ".join(client.get(reverse("archive:organization-list")).content.decode().split())
    page = client.get(reverse("archive:organization-detail", args=["harbor-bay-transit-board"]))

    assert "Government · New Zealand" in listing
    assert "Government · Kenya" in listing
    assert listing.count("Government · ") == 2
    assert "<dt>Country</dt><dd>New Zealand</dd>" in page.content.decode()
    assert city.country is None


@pytest.mark.parametrize("count", [1, 3])
def test_entity_lists_find_countries_without_a_query_per_row(
    client, django_assert_num_queries, count
):
    for number in range(count):
        PlaceFactory(name=f"Riverton {number}", slug=f"riverton-{number}", country_code="IE")
        OrganizationFactory(name=f"Riverton {number} Council", slug=f"riverton-{number}-council")

    with django_assert_num_queries(3):
        places = client.get(reverse("archive:place-list"))
    with django_assert_num_queries(4):  # the places that open the organizations' names
        organizations = client.get(reverse("archive:organization-list"))

    assert " ".join(places.content.decode().split()).count("City · Ireland") == count
    assert " ".join(organizations.content.decode().split()).count("Government · Ireland") == count


# --- maps and networks -------------------------------------------------------------------------

MAP_DATA = re.compile(r'<script id="place-map-data" type="application/json">(.*?)</script>', re.S)


def map_data(response) -> dict | None:
    """The JSON a page gives its map's script, or None when it draws no map."""
    found = MAP_DATA.search(response.content.decode())
    return json.loads(found.group(1)) if found else None


def map_names(response) -> list[tuple[str, int]]:
    return [(place["name"], place["count"]) for place in map_data(response)["places"]]


def test_an_entity_page_maps_the_places_named_with_it(client):
    lisbon = PlaceFactory(name="Lisbon", slug="lisbon", latitude=38.72, longitude=-9.14)
    porto = PlaceFactory(name="Porto", slug="porto", latitude=41.15, longitude=-8.61)
    PlaceFactory(name="Faro", slug="faro", latitude=37.02, longitude=-7.93)
    agency = OrganizationFactory(name="Port Authority", slug="port-authority")
    for cities in ([lisbon, porto], [lisbon]):
        article = ArticleFactory(
            body=f"Port Authority works in {' and '.join(c.name for c in cities)}."
        )
        for entity in (agency, *cities):
            mention_everywhere(article, entity)

    response = client.get(agency.get_absolute_url())

    assert map_data(response) == {
        "places": [
            {"name": "Lisbon", "url": "/places/lisbon/", "lat": 38.72, "lng": -9.14, "count": 2},
            {"name": "Porto", "url": "/places/porto/", "lat": 41.15, "lng": -8.61, "count": 1},
        ],
        "tiles": None,
    }
    content = response.content.decode()
    assert 'class="place-map"' in content
    assert "archive/vendor/leaflet/leaflet.js" in content
    assert "archive/place_map.js" in content
    # The same places as a list, for readers without the picture.
    assert (
        '<li><a href="/places/lisbon/">Lisbon</a> <span class="muted">· 2 articles</span></li>'
        in content
    )


def test_a_page_without_places_with_coordinates_has_no_map(client):
    article = ArticleFactory(body="Port Authority met in Nowhere Valley.")
    agency = OrganizationFactory(name="Port Authority", slug="port-authority")
    nowhere = PlaceFactory(name="Nowhere Valley", slug="nowhere-valley")
    for entity in (agency, nowhere):
        mention_everywhere(article, entity)

    for url in (
        agency.get_absolute_url(),
        article.get_absolute_url(),
        reverse("archive:article-list"),
    ):
        content = client.get(url).content.decode()
        assert "place-map" not in content, url
        assert "leaflet" not in content, url


def test_the_article_list_maps_the_places_of_its_filtered_result(client):
    lisbon = PlaceFactory(name="Lisbon", slug="lisbon", latitude=38.72, longitude=-9.14)
    porto = PlaceFactory(name="Porto", slug="porto", latitude=41.15, longitude=-8.61)
    daily = SourceFactory(name="Daily", slug="daily")
    weekly = SourceFactory(name="Weekly", slug="weekly")
    for source, city in ((daily, lisbon), (daily, lisbon), (weekly, porto)):
        article = ArticleFactory(source=source, body=f"Trams return to {city.name}.")
        mention_everywhere(article, city)

    everything = client.get(reverse("archive:article-list"))
    filtered = client.get(reverse("archive:article-list") + "?source=weekly")
    searched = client.get(reverse("archive:article-list") + "?q=Lisbon")

    assert map_names(everything) == [("Lisbon", 2), ("Porto", 1)]
    assert map_names(filtered) == [("Porto", 1)]
    assert map_names(searched) == [("Lisbon", 2)]


def test_a_broad_filter_maps_the_places_of_its_newest_matches(client, settings):
    settings.FACET_SAMPLE_SIZE = 1
    lisbon = PlaceFactory(name="Lisbon", slug="lisbon", latitude=38.72, longitude=-9.14)
    porto = PlaceFactory(name="Porto", slug="porto", latitude=41.15, longitude=-8.61)
    daily = SourceFactory(name="Daily", slug="daily")
    for day, city in ((1, lisbon), (2, porto)):
        article = ArticleFactory(
            source=daily, published_on=datetime.date(2024, 3, day), body=f"Trams in {city.name}."
        )
        mention_everywhere(article, city)

    response = client.get(reverse("archive:article-list") + "?source=daily")

    assert map_names(response) == [("Porto", 1)]
    assert "Counted among the newest 1 matching articles." in response.content.decode()


def test_a_sampled_list_reads_its_newest_matches_once(client, settings, django_assert_num_queries):
    """Above FACET_SAMPLE_SIZE matches the facets and the map count among the same newest
    matches, whose ids are read in one query: as many queries as an unsampled filtered list,
    which reads all its matches' ids once the same way."""
    settings.FACET_SAMPLE_SIZE = 1
    build_articles(2)

    with django_assert_num_queries(LIST_PAGES["article-list-filtered"][1]):
        response = client.get(reverse("archive:article-list") + "?year=2024")

    assert response.context["facet_sample"] == 1


def test_an_article_in_a_story_maps_the_places_of_all_its_copies(client, django_assert_num_queries):
    from tests.factories import StoryFactory

    lisbon = PlaceFactory(name="Lisbon", slug="lisbon", latitude=38.72, longitude=-9.14)
    porto = PlaceFactory(name="Porto", slug="porto", latitude=41.15, longitude=-8.61)
    story = StoryFactory()
    first = ArticleFactory(story=story, body="Trams return to Lisbon.")
    copy = ArticleFactory(story=story, body="Trams return to Lisbon and Porto.")
    alone = ArticleFactory(body="Trams return to Porto.")
    for article in (first, copy, alone):
        for city in (lisbon, porto):
            mention_everywhere(article, city)

    # One more than an article in no story (the detail pages' counts above): its copies.
    with django_assert_num_queries(6):
        in_story = client.get(first.get_absolute_url())
    not_in_story = client.get(alone.get_absolute_url())

    assert map_names(in_story) == [("Lisbon", 2), ("Porto", 1)]
    assert "Places in this story" in in_story.content.decode()
    assert map_names(not_in_story) == [("Porto", 1)]
    assert "Places in this article" in not_in_story.content.decode()


def test_map_pages_allow_the_tile_server_and_no_other_page_does(client, settings):
    from tests.test_security import csp_directives

    lisbon = PlaceFactory(name="Lisbon", slug="lisbon", latitude=38.72, longitude=-9.14)
    article = ArticleFactory(body="Trams return to Lisbon.")
    mention_everywhere(article, lisbon)

    without_tiles = csp_directives(client.get(lisbon.get_absolute_url()))
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Example mappers"
    with_tiles = client.get(lisbon.get_absolute_url())
    home = client.get(reverse("archive:home"))

    assert without_tiles["img-src"] == ["'self'", "data:"]
    assert csp_directives(with_tiles)["img-src"] == [
        "'self'",
        "data:",
        "https://*.tiles.example.org",
    ]
    assert map_data(with_tiles)["tiles"] == {
        "url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "Example mappers",
    }
    assert csp_directives(home)["img-src"] == ["'self'", "data:"]


def test_an_organization_page_draws_its_network_of_links(client):
    agency = OrganizationFactory(name="Port Authority", slug="port-authority")
    mayor = PersonFactory(name="Ana <b>Costa</b>", slug="ana-costa")
    lisbon = PlaceFactory(name="Lisbon", slug="lisbon")
    for number in range(2):
        article = ArticleFactory(body="Port Authority, Ana <b>Costa</b> and Lisbon.")
        for entity in (agency, mayor) if number else (agency, mayor, lisbon):
            mention_everywhere(article, entity)

    content = client.get(agency.get_absolute_url()).content.decode()

    network = content[
        content.index('<svg class="network"') : content.index(
            "</svg>", content.index('<svg class="network"')
        )
    ]
    assert re.findall(r'<a class="network__node" href="([^"]+)"', network) == [
        "/people/ana-costa/",
        "/places/lisbon/",
    ]
    assert 'aria-label="Ana &lt;b&gt;Costa&lt;/b&gt;: named in 2 of the same articles"' in network
    assert "<b>" not in network
    assert 'class="network__dot network__dot--person"' in network
    assert 'class="network__dot network__dot--place"' in network


@pytest.mark.parametrize("kind", ["event", "place"])
def test_event_and_place_pages_draw_no_network(client, kind):
    article = build_article(1)
    entity = _entity(article, kind)

    content = client.get(entity.get_absolute_url()).content.decode()

    assert 'class="network"' not in content
    assert "Named alongside" in content


def test_a_search_with_more_matches_than_it_ranks_says_so(client, settings):
    settings.SEARCH_RANK_CANDIDATES = 2
    for day in (1, 2, 3):
        ArticleFactory(title=f"Tram news {day}", published_on=datetime.date(2024, 5, day))
    url = reverse("archive:article-list")
    note = "Best matches first among the newest 2 matching articles; the older ones follow"

    assert note in client.get(url, {"q": "tram"}).content.decode()
    assert note not in client.get(url, {"q": "tram", "ordering": "newest"}).content.decode()
    settings.SEARCH_RANK_CANDIDATES = 3
    assert "Best matches first" not in client.get(url, {"q": "tram"}).content.decode()


def test_a_ranked_page_lists_its_rows_in_rank_order_with_their_teasers(client):
    ArticleFactory(
        title="Tram tram tram", body="Tram depots.", published_on=datetime.date(2020, 1, 1)
    )
    ArticleFactory(title="Buses", body="A tram passed.", published_on=datetime.date(2024, 1, 1))

    response = client.get(reverse("archive:article-list"), {"q": "tram"})

    rows = list(response.context["page_obj"].object_list)
    assert [a.title for a in rows] == ["Tram tram tram", "Buses"]
    assert [a.body_start for a in rows] == ["Tram depots.", "A tram passed."]
