"""Serializers that build their dict directly, for speed, say what their declared fields say."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from archive.api.queries import article_mentions, attach_mentions
from archive.api.serializers import EntityRefField, MentionInArticleSerializer, MentionSerializer
from archive.models import Mention
from tests.test_views import build_article

pytestmark = pytest.mark.django_db


def field_by_field(serializer: serializers.Serializer, instance) -> dict:
    """What DRF's generic walk over the declared fields gives (the schema's promise)."""
    return serializers.Serializer.to_representation(serializer, instance)


@pytest.fixture
def context():
    return {"request": APIRequestFactory().get("/api/v1/articles/")}


def test_a_mention_in_an_article_is_its_declared_fields(context):
    article = build_article(1)
    attach_mentions([article])
    mentions = article.api_mentions
    assert {m.kind for m in mentions} == {"organization", "person", "event", "place"}
    serializer = MentionInArticleSerializer(context=context)
    for mention in mentions:
        fast = serializer.to_representation(mention)
        assert fast == field_by_field(serializer, mention)
        assert list(fast) == list(serializer.fields)


def test_mentions_read_as_values_show_as_the_mention_records_do(context):
    first, second = build_article(1), build_article(2)
    attach_mentions([first, second])
    serializer = MentionInArticleSerializer(context=context)

    for article in (first, second):
        records = article_mentions().with_entity().filter(article=article)
        assert article.api_mentions
        assert [serializer.to_representation(m) for m in article.api_mentions] == [
            serializer.to_representation(m) for m in records
        ]


def test_an_entity_reference_is_its_declared_fields(context):
    article = build_article(1)
    field = EntityRefField(context=context)
    for mention in Mention.objects.filter(article=article).with_entity():
        assert field.to_representation(mention.entity) == field_by_field(field, mention.entity)


def test_a_mention_on_its_own_adds_its_article(context):
    article = build_article(1)
    mention = Mention.objects.filter(article=article).with_entity().select_related("article")[0]
    data = MentionSerializer(mention, context=context).data
    assert list(data) == [*MentionInArticleSerializer(context=context).fields, "article"]
    assert data["article"]["slug"] == article.slug
