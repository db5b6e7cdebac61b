"""A Russian page through the whole importer: detection, the Russian pipeline, the loader."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from archive.models import Article, Mention, Organization, Person, Place, Quote
from archive.services.importer import ImportOptions, import_paths
from tests.factories import ArticleFactory, MentionFactory, PlaceFactory
from tests.pipeline.russian.page import BODY, TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path, russian_models):
    (tmp_path / "novosibirsk.txt").write_text(TEXT, encoding="utf-8")
    import_paths([tmp_path], ImportOptions(workers=1))
    ArticleFactory(title="Lisbon opens an urban data platform", language="en")
    return Article.objects.get(language="ru")


def test_a_russian_page_imports_with_its_language_date_and_nominative_entities(imported):
    article = imported

    assert (article.title, article.language, article.published_on, article.body) == (
        "Новосибирск откроет городскую платформу данных",
        "ru",
        date(2024, 3, 12),
        BODY,
    )
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "ru"]
    assert sorted(
        Place.objects.filter(mentions__article=article).values_list("name", "slug").distinct()
    ) == [
        ("Kazan", "kazan"),
        ("Novosibirsk", "novosibirsk"),
    ]
    assert sorted(Organization.objects.values_list("name", "slug")) == [
        ("Комитет по цифровому развитию", "komitet-po-tsifrovomu-razvitiyu"),
        ("Умный двор", "umnyy-dvor"),
        ("Управление городских коммуникаций", "upravlenie-gorodskikh-kommunikatsiy"),
    ]
    novosibirsk = Place.objects.get(name="Novosibirsk")
    assert (novosibirsk.aliases, novosibirsk.country_code) == (["Новосибирск"], "RU")
    assert list(
        Mention.objects.filter(place=novosibirsk)
        .order_by("start")
        .values_list("text", "start", "end")
    ) == [
        ("Новосибирска", BODY.index("Новосибирска"), BODY.index("Новосибирска") + 12),
        ("Новосибирске", BODY.index("Новосибирске"), BODY.index("Новосибирске") + 12),
        ("Новосибирске", BODY.rindex("Новосибирске"), BODY.rindex("Новосибирске") + 12),
        ("Новосибирска", BODY.rindex("Новосибирска"), BODY.rindex("Новосибирска") + 12),
    ]
    assert all(BODY[m.start : m.end] == m.text for m in Mention.objects.filter(article=article))
    assert list(
        Quote.objects.filter(article=article).order_by("start").values_list("speaker__name", "text")
    ) == [
        ("Ирина Соколова", "Каждый житель сможет увидеть данные о транспорте и ремонте дорог"),
        ("Павел Громов", "платформа сократит число обращений в мэрию"),
        ("Павел Громов", "Мы начнём с трёх районов города"),
    ]


def test_the_article_list_filters_by_language_and_the_page_names_it(
    client, imported, django_assert_num_queries
):
    url = reverse("archive:article-list")

    # As any filtered list (tests/test_views.py): the language filter adds no query.
    with django_assert_num_queries(7):
        response = client.get(url, {"language": "ru"})
    unknown = client.get(url, {"language": "xx"})
    detail = client.get(imported.get_absolute_url()).content.decode()

    assert [a.title for a in response.context["page_obj"]] == [imported.title]
    assert [(c["label"], c["value"]) for c in response.context["chips"]] == [
        ("Language", "Russian")
    ]
    assert unknown.context["page_obj"].paginator.count == 2  # an unknown code is left out
    assert "<dt>Language</dt><dd>Russian</dd>" in detail
    assert f'<h1 id="article-title" lang="ru">{imported.title}</h1>' in detail


def test_cyrillic_names_sort_and_export(client, imported):
    organizations = client.get(reverse(KIND_LIST["organization"]), {"ordering": "name"})
    export = client.get(reverse(KIND_LIST["person"]), {"format": "csv"})

    assert [o.name for o in organizations.context["page_obj"]] == [
        "Комитет по цифровому развитию",
        "Умный двор",
        "Управление городских коммуникаций",
    ]
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8"))))
    assert [row["name"] for row in rows] == ["Ирина Соколова", "Павел Громов"]
    assert Person.objects.get(name="Павел Громов").get_absolute_url() == "/people/pavel-gromov/"


KIND_LIST = {"organization": "archive:organization-list", "person": "archive:person-list"}


def test_a_russian_mention_joins_the_place_an_english_article_named(tmp_path, russian_models):
    kazan = PlaceFactory(name="Kazan", slug="kazan", country_code="RU")
    english = ArticleFactory(title="Kazan tests smart bus stops", language="en")
    MentionFactory(article=english, place=kazan, kind="place", text="Kazan", start=0, end=5)
    (tmp_path / "novosibirsk.txt").write_text(TEXT, encoding="utf-8")

    import_paths([tmp_path], ImportOptions(workers=1))

    russian = Article.objects.get(language="ru")
    assert Place.objects.filter(name="Kazan").count() == 1
    assert list(Article.objects.filter(mentions__place=kazan).distinct().order_by("language")) == [
        english,
        russian,
    ]
    kazan.refresh_from_db()
    assert kazan.aliases == ["Казань"]
