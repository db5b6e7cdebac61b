import pytest

from archive.models import Mention
from archive.services.distinct_values import distinct_values
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_empty_table_has_no_values():
    assert distinct_values(Mention, "extractor") == []


def test_each_value_comes_once_in_order_the_empty_one_first():
    article = factories.ArticleFactory()
    for start, extractor in enumerate(
        ["pattern:b", "model", "", "pattern:b", "model", "gazetteer"]
    ):
        factories.MentionFactory(article=article, start=start, extractor=extractor)

    assert distinct_values(Mention, "extractor") == ["", "gazetteer", "model", "pattern:b"]
