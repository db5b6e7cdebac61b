import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Article, ArticleStatus, DateOrigin, ImportRun, Mention, Organization
from archive.services.roles import CURATOR_GROUP, VIEWER_GROUP
from tests import factories

pytestmark = pytest.mark.django_db


def change_form_data(article: Article, **changes) -> dict:
    data = {
        "title": article.title,
        "status": article.status,
        "needs_review": "on" if article.needs_review else "",
        "review_note": article.review_note,
        "published_on": article.published_on.isoformat() if article.published_on else "",
        "byline": article.byline,
        "source": article.source_id or "",
        "url": article.url,
        "lede": article.lede,
        "body": article.body,
        "language": article.language,
    }
    for prefix in ("mentions", "quotes"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "0",
            }
        )
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_editing_an_article_records_curated_fields(staff_client):
    article = factories.ArticleFactory(byline="")
    url = reverse("admin:archive_article_change", args=[article.pk])

    response = staff_client.post(
        url, change_form_data(article, title="A better headline", byline="By A. Writer")
    )

    article.refresh_from_db()
    assert response.status_code == 302
    assert (article.title, article.byline) == ("A better headline", "By A. Writer")
    assert article.curated_fields == ["title", "byline"]


def test_setting_the_date_marks_it_as_the_curators(staff_client):
    article = factories.ArticleFactory(published_on=None, published_on_origin="")
    url = reverse("admin:archive_article_change", args=[article.pk])

    staff_client.post(url, change_form_data(article, published_on="2021-03-04"))

    article.refresh_from_db()
    assert article.published_on == datetime.date(2021, 3, 4)
    assert article.published_on_origin == DateOrigin.CURATOR
    assert article.curated_fields == ["published_on", "published_on_origin"]


def test_clearing_the_date_clears_its_origin(staff_client):
    article = factories.ArticleFactory(published_on=datetime.date(2020, 1, 1))
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(article)
    data.pop("published_on")

    staff_client.post(url, data)

    article.refresh_from_db()
    assert (article.published_on, article.published_on_origin) == (None, "")


def test_admin_edit_is_in_the_history_with_the_user(staff_client):
    article = factories.ArticleFactory()
    url = reverse("admin:archive_article_change", args=[article.pk])

    staff_client.post(url, change_form_data(article, title="Edited"))

    latest = article.history.latest()
    assert (latest.title, latest.history_user_id) == ("Edited", staff_client.user.pk)


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("publish_selected", ArticleStatus.DRAFT, ArticleStatus.PUBLISHED),
        ("withdraw_selected", ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN),
        ("return_to_draft_selected", ArticleStatus.WITHDRAWN, ArticleStatus.DRAFT),
        ("publish_selected", ArticleStatus.WITHDRAWN, ArticleStatus.PUBLISHED),
    ],
)
def test_status_actions_follow_the_workflow_and_record_history(action, before, after, staff_client):
    articles = [factories.ArticleFactory(status=before) for _ in range(3)]

    staff_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles], "index": "0"},
    )

    for article in articles:
        article.refresh_from_db()
        latest = article.history.latest()
        assert article.status == after
        assert "status" in article.curated_fields
        assert (latest.status, latest.history_user_id) == (after, staff_client.user.pk)
        assert article.history.count() == 2


def test_withdrawing_a_draft_is_skipped(staff_client):
    draft = factories.ArticleFactory(status=ArticleStatus.DRAFT)

    staff_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "withdraw_selected", "_selected_action": [draft.pk], "index": "0"},
    )

    draft.refresh_from_db()
    assert (draft.status, draft.history.count()) == (ArticleStatus.DRAFT, 1)


def test_bulk_confirm_of_entities_records_history_per_record(staff_client):
    organizations = [factories.OrganizationFactory() for _ in range(3)]

    staff_client.post(
        reverse("admin:archive_organization_changelist"),
        {
            "action": "confirm_selected",
            "_selected_action": [o.pk for o in organizations],
            "index": "0",
        },
    )

    for organization in organizations:
        latest = organization.history.latest()
        assert (latest.review_status, latest.history_user_id) == ("confirmed", staff_client.user.pk)
    assert set(Organization.objects.values_list("review_status", flat=True)) == {"confirmed"}


def test_status_is_read_only_without_the_publish_permission(client):
    user = factories.role_user(CURATOR_GROUP)
    user.groups.clear()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client.force_login(user)
    article = factories.ArticleFactory(status=ArticleStatus.DRAFT)
    url = reverse("admin:archive_article_change", args=[article.pk])

    client.post(url, change_form_data(article, status=ArticleStatus.PUBLISHED))

    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_compare_view_shows_raw_and_cleaned_text_escaped(staff_client):
    article = factories.ArticleFactory(
        raw_text="Headline\nSubscribe to our <script>newsletter</script>\nBody",
        body="City 1 launched a digital twin.\n\nThe model helps planners.",
    )
    factories.MentionFactory(article=article, start=0)

    response = staff_client.get(reverse("admin:archive_article_compare", args=[article.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;newsletter&lt;/script&gt;" in html
    assert "<script>newsletter" not in html
    assert '<mark class="mention mention--org mention--suggested"' in html
    assert "The model helps planners." in html


def test_article_change_view_lists_mentions_and_quotes(staff_client):
    article = factories.ArticleFactory()
    mention = factories.MentionFactory(article=article)
    quote = factories.QuoteFactory(article=article)

    response = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))

    html = response.content.decode()
    assert mention.organization.name in html
    assert quote.text in html


def test_viewer_can_open_the_compare_view(client):
    client.force_login(factories.role_user(VIEWER_GROUP))
    article = factories.ArticleFactory()

    response = client.get(reverse("admin:archive_article_compare", args=[article.pk]))

    assert response.status_code == 200


def test_reextract_action_keeps_curated_mentions(staff_client):
    article = factories.ArticleFactory(
        body="The Harbor City Council met Northwind Analytics in Harbor City on Monday."
    )
    confirmed = factories.MentionFactory(
        article=article, start=4, text="Harbor City Council", review_status="confirmed"
    )

    response = staff_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "reextract_selected", "_selected_action": [article.pk], "index": "0"},
    )

    assert response.status_code == 302
    assert Mention.objects.get(pk=confirmed.pk).review_status == "confirmed"
    assert ImportRun.objects.get().records.get().outcome == "updated"


def test_article_change_page_has_one_view_on_site_link_and_stacked_quotes(staff_client):
    article = factories.ArticleFactory(body="Ana said: it works. More.")
    factories.QuoteFactory(article=article, text="it works", start=10, end=18)

    response = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = response.content.decode()

    assert "Public page" not in html
    assert html.count('class="viewsitelink"') == 1
    quotes = html.split('id="quotes-group"')[1]
    assert "inline-related" in quotes  # stacked, not a table squeezing the text
    assert "<table" not in quotes.split("</fieldset>")[0]
    assert "archive/admin.css" in html


def test_draft_article_has_no_view_on_site_link(staff_client):
    article = factories.ArticleFactory(status="draft")
    html = staff_client.get(reverse("admin:archive_article_change", args=[article.pk])).content
    assert b"viewsitelink" not in html


def test_compare_view_counts_only_highlighted_mentions(staff_client):
    article = factories.ArticleFactory(body="Moscow City Government met.")
    factories.MentionFactory(article=article, start=0, text="Moscow City Government")
    factories.MentionFactory(
        article=article,
        kind="place",
        organization=None,
        place=factories.PlaceFactory(name="Moscow"),
        start=0,
        text="Moscow",
    )
    factories.MentionFactory(article=article, start=7, text="City Government met")

    response = staff_client.get(reverse("admin:archive_article_compare", args=[article.pk]))

    assert response.context["marked_count"] == 2
    assert "2 mentions highlighted of 3" in response.content.decode()


def article_with_mentions(count: int) -> Article:
    """A published article whose body names `count` organizations, one mention each."""
    names = [f"Harbor Transit Board {index:02d}" for index in range(count)]
    article = factories.ArticleFactory(body=". ".join(names) + ".")
    for name in names:
        organization = factories.OrganizationFactory(name=name)
        factories.MentionFactory(
            article=article, organization=organization, start=article.body.index(name), text=name
        )
    return article


def mentions_inline(html: str) -> str:
    return html.split('id="mentions-group"')[1].split("</table>")[0]


def mention_rows(html: str) -> int:
    return mentions_inline(html).count("has_original")


@pytest.mark.parametrize("count", [1, 30])
def test_article_change_page_queries_do_not_grow_with_its_mentions(
    staff_client, django_assert_num_queries, count
):
    article = article_with_mentions(count)
    url = reverse("admin:archive_article_change", args=[article.pk])
    staff_client.get(url)  # sessions and permissions cached as on any later visit

    with django_assert_num_queries(7):
        response = staff_client.get(url)

    assert response.status_code == 200


def test_article_change_page_lists_the_first_mentions_and_links_to_all(staff_client):
    article = article_with_mentions(30)

    response = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = response.content.decode()

    assert mention_rows(html) == 20
    assert "Harbor Transit Board 19" in mentions_inline(html)
    assert "Harbor Transit Board 20" not in mentions_inline(html)
    assert "Showing the first 20 of 30 mentions." in html
    changelist = reverse("admin:archive_mention_changelist")
    assert f'<a href="{changelist}?article__id__exact={article.pk}">All 30 mentions' in html


def test_article_change_page_shows_a_short_inline_whole(staff_client):
    article = article_with_mentions(2)

    response = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = response.content.decode()

    assert mention_rows(html) == 2
    assert "Showing the first" not in html
    assert "<p>0\u201323</p>" in " ".join(mentions_inline(html).split())


def inline_post_data(article: Article, mentions: list[Mention], **changes) -> dict:
    data = change_form_data(article)
    data.update(
        {
            "mentions-TOTAL_FORMS": str(len(mentions)),
            "mentions-INITIAL_FORMS": str(len(mentions)),
        }
    )
    for index, mention in enumerate(mentions):
        data[f"mentions-{index}-id"] = str(mention.pk)
        data[f"mentions-{index}-article"] = str(article.pk)
        data[f"mentions-{index}-review_status"] = mention.review_status
    data.update(changes)
    return data


def test_rejecting_a_mention_inline_recounts_its_record(staff_client):
    article = article_with_mentions(1)
    mention = article.mentions.get()
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(article, [mention], **{"mentions-0-review_status": "rejected"})
    assert mention.organization.public_mention_count == 1
    response = staff_client.post(url, data)
    assert response.status_code == 302
    mention.organization.refresh_from_db()
    assert mention.organization.public_mention_count == 0


@pytest.mark.parametrize("count", [1, 30])
def test_saving_an_article_with_its_mentions_inline_runs_the_same_queries(
    staff_client, django_assert_num_queries, count
):
    article = article_with_mentions(count)
    shown = list(article.mentions.order_by("start", "id")[:20])
    url = reverse("admin:archive_article_change", args=[article.pk])
    staff_client.get(url)
    data = inline_post_data(article, shown, **{"mentions-0-review_status": "confirmed"})

    # 18 to save, 4 to recount the records it names (archive.services.entity_counts) and 3 to
    # refresh their review queue groups (archive.services.mention_groups).
    with django_assert_num_queries(25):
        response = staff_client.post(url, data)

    assert response.status_code == 302
    assert list(article.mentions.filter(review_status="confirmed")) == [shown[0]]


def test_the_changelist_shows_and_filters_the_language(staff_client, django_assert_num_queries):
    factories.ArticleFactory(title="Tram lines", language="en")
    factories.ArticleFactory(title="Трамвайные линии", language="ru")
    url = reverse("admin:archive_article_changelist")
    with CaptureQueriesContext(connection) as one_language:
        staff_client.get(url, {"language": "en"})
    factories.ArticleFactory(title="Новые остановки", language="ru")

    with django_assert_num_queries(len(one_language)):
        response = staff_client.get(url, {"language": "ru"})

    rows = response.context["cl"].result_list
    assert sorted((a.title, a.language) for a in rows) == [
        ("Новые остановки", "ru"),
        ("Трамвайные линии", "ru"),
    ]
    html = response.content.decode()
    assert '<td class="field-language_name">Russian</td>' in html
    assert "?language=en" in html  # the filter lists every language the archive reads


def test_the_article_list_counts_each_articles_mentions_rejected_ones_too(staff_client):
    named = factories.ArticleFactory(title="Named thrice")
    factories.ArticleFactory(title="Named nowhere")
    for start, status in enumerate(["suggested", "confirmed", "rejected"]):
        factories.MentionFactory(article=named, start=start, review_status=status)

    response = staff_client.get(reverse("admin:archive_article_changelist"))

    counts = {a.title: a.mention_total for a in response.context["cl"].result_list}
    assert counts == {"Named thrice": 3, "Named nowhere": 0}


def test_the_article_lists_year_filter_offers_the_archives_years_newest_first(staff_client):
    for day in (datetime.date(2019, 5, 1), datetime.date(2023, 1, 9), datetime.date(2023, 7, 2)):
        factories.ArticleFactory(published_on=day)
    factories.ArticleFactory(published_on=None)

    response = staff_client.get(reverse("admin:archive_article_changelist"))

    year_filter = next(f for f in response.context["cl"].filter_specs if f.title == "year")
    assert year_filter.lookup_choices == [("2023", "2023"), ("2019", "2019"), ("none", "Undated")]


def test_the_mention_lists_extractor_filter_offers_each_extractor_and_filters_by_it(staff_client):
    article = factories.ArticleFactory()
    for start, extractor in enumerate(["pattern:speech", "model", "model"]):
        factories.MentionFactory(article=article, start=start, extractor=extractor)
    url = reverse("admin:archive_mention_changelist")

    response = staff_client.get(url, {"extractor": "model"})

    extractor_filter = next(
        f for f in response.context["cl"].filter_specs if f.title == "extractor"
    )
    assert (
        extractor_filter.lookup_choices,
        [m.extractor for m in response.context["cl"].result_list],
    ) == ([("model", "model"), ("pattern:speech", "pattern:speech")], ["model", "model"])


@pytest.fixture
def ferry_and_canal():
    ferry = factories.ArticleFactory(
        title="Harbour ferries get tap-in payment",
        slug="harbour-ferries-get-tap-in-payment",
        body="The ferry operator added contactless readers.",
        url="https://news.example/ferries/tap-in",
        origin="inbox/ferries.html",
        status=ArticleStatus.DRAFT,
    )
    canal = factories.ArticleFactory(
        title="Canal locks report water levels",
        slug="canal-locks-report-water-levels",
        body="Sensors at the locks publish levels hourly.",
        url="https://news.example/canal",
        origin="inbox/canal.txt",
    )
    return ferry, canal


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ferries", ["ferry"]),  # a word of the title (drafts too)
        ("Harbour contactless", ["ferry"]),  # words of the title and the body
        ("ferrie", ["ferry"]),  # a half-typed word
        ("canal-locks-rep", ["canal"]),  # the start of a slug
        ("harbour-ferries-get-tap-in-payment", ["ferry"]),  # a whole slug
        ("https://news.example/canal", ["canal"]),  # an address
        ("inbox/ferries.html", ["ferry"]),  # an import origin
        ("news.example/canal", []),  # a part of an address: not an address
        ("trams", []),
    ],
)
def test_the_article_search_finds_words_slugs_and_addresses(
    text, found, staff_client, ferry_and_canal
):
    names = dict(zip(["ferry", "canal"], ferry_and_canal, strict=True))
    response = staff_client.get(reverse("admin:archive_article_changelist"), {"q": text})

    shown = {article.pk for article in response.context["cl"].result_list}
    assert shown == {names[name].pk for name in found}
