"""OrderedJSONArray: a correlated subquery's values as one JSON array, in the order asked."""

import pytest
from django.db.models import F, OuterRef
from django.db.models.functions import JSONArray

from archive.models import Article, Mention
from archive.services.json_arrays import OrderedJSONArray, loads
from tests.factories import ArticleFactory, OrganizationFactory, mention_of

pytestmark = pytest.mark.django_db

BODY = "Alpha Beta Gamma Delta Epsilon.\n\nZeta."


def _arrays(item, *, json_item):
    mentions = Mention.objects.filter(article_id=OuterRef("pk"))
    column = OrderedJSONArray(mentions, item, ("start", "id"), json_item=json_item)
    rows = Article.objects.annotate(array=column).order_by("id").values_list("array", flat=True)
    return [loads(value) for value in rows]


def test_values_come_in_the_order_asked_not_the_order_written():
    article = ArticleFactory(body=BODY)
    ArticleFactory(body="Nothing.")  # no mentions: an empty list
    # Written last word first, so that ids run against the text; two at one start.
    for word in ("Epsilon", "Delta", "Beta", "Alpha"):
        mention_of(OrganizationFactory(name=word), article, start=BODY.index(word), text=word)
    mention_of(OrganizationFactory(name="Al"), article, start=0, text="Al", counted=False)

    assert _arrays(F("text"), json_item=False) == [
        ["Alpha", "Al", "Beta", "Delta", "Epsilon"],
        [],
    ]


def test_json_items_are_nested_not_quoted():
    article = ArticleFactory(body=BODY)
    first = OrganizationFactory(name="Gamma")
    mention_of(first, article, start=BODY.index("Gamma"), text="Gamma")

    assert _arrays(JSONArray(F("kind"), F("organization_id")), json_item=True) == [
        [["organization", first.pk]]
    ]
