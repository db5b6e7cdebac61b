"""What the API says of each record: plain serializers, one shape per resource.

Entities of every kind share one shape (`Entity`); what a kind says beyond the shared fields
is its model's `public_details()` (the same as the exports). Addresses that came from imported
pages pass through safe_external_url: only http(s) ever comes out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..kinds import KINDS
from ..links import safe_external_url
from ..models import ReviewStatus
from ..services.stories import story_of


def absolute(context: dict[str, Any], path: str) -> str:
    """`path` as an absolute URL of the request's site (the origin found once per response)."""
    if "_origin" not in context:
        request = context.get("request")
        context["_origin"] = request.build_absolute_uri("/")[:-1] if request is not None else ""
    return context["_origin"] + path


def detail_url(context: dict[str, Any], basename: str, slug: str) -> str:
    """The API address of one record: its list's path (reversed once per response) + slug.

    A page of articles links hundreds of entities: reversing each was a third of its time."""
    lists = context.setdefault("_list_paths", {})
    if basename not in lists:
        lists[basename] = reverse(f"api:{basename}-list")
    return absolute(context, f"{lists[basename]}{quote(str(slug), safe='')}/")


def articles_api_path(**filters: str) -> str:
    return reverse("api:article-list") + (f"?{urlencode(filters)}" if filters else "")


def _kind_of(entity: Any) -> str:
    """The registry kind of an entity record, or of an `EntityRef`."""
    kind = getattr(entity, "kind_of_entity", None)
    return kind if isinstance(kind, str) else entity.kind


@extend_schema_field(serializers.ChoiceField(choices=KINDS.choices()))
class KindField(serializers.Field):
    """The kind of an entity record or reference, as the registry names it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, entity: Any) -> str:
        return _kind_of(entity)


class EntityRefField(serializers.Serializer):
    """Enough of an entity to name it and fetch it."""

    kind = KindField()
    slug = serializers.CharField()
    name = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, entity: Any) -> str:
        return detail_url(self.context, _kind_of(entity), entity.slug)

    def to_representation(self, entity: Any) -> dict[str, Any]:
        # A page of articles names hundreds of entities, and DRF's field-by-field walk was most
        # of its time: the same dict, built directly (tests compare it with the walk's).
        kind = _kind_of(entity)
        return {
            "kind": kind,
            "slug": entity.slug,
            "name": entity.name,
            "api_url": detail_url(self.context, kind, entity.slug),
        }


class MentionInArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=KINDS.choices())
    entity = EntityRefField()
    start = serializers.IntegerField(help_text="Where the mention starts in the body.")
    end = serializers.IntegerField(help_text="Where it ends (exclusive).")
    text = serializers.CharField(help_text="The words as written in the body.")
    role = serializers.CharField(help_text="A person's role in this article ('' if none).")
    review_status = serializers.ChoiceField(choices=ReviewStatus.choices)

    def to_representation(self, mention: Any) -> dict[str, Any]:
        # Built directly for speed, as EntityRefField's; the declared fields are the schema.
        return {
            "id": mention.id,
            "kind": mention.kind,
            "entity": EntityRefField.to_representation(self, mention.entity),
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "role": mention.role,
            "review_status": mention.review_status,
        }


class ArticleRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, article: Any) -> str:
        return detail_url(self.context, "article", article.slug)


class MentionSerializer(MentionInArticleSerializer):
    """A mention on its own: which article names which entity, where, and in what role."""

    article = ArticleRefSerializer()

    def to_representation(self, mention: Any) -> dict[str, Any]:
        return serializers.Serializer.to_representation(self, mention)


class QuoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    speaker = serializers.SerializerMethodField()
    speaker_name = serializers.CharField(help_text="The name as written, when no record is linked.")
    speaker_role = serializers.CharField(help_text="The speaker's role in this article.")
    review_status = serializers.ChoiceField(choices=ReviewStatus.choices)

    @extend_schema_field(EntityRefField(allow_null=True))
    def get_speaker(self, quote: Any) -> dict[str, Any] | None:
        speaker = quote.speaker
        if speaker is None or not speaker.is_public:
            return None
        return EntityRefField(speaker, context=self.context).data


class SourceRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    domain = serializers.CharField()


class SourceSerializer(SourceRefSerializer):
    article_count = serializers.IntegerField(help_text="Published articles from it.")
    articles_url = serializers.SerializerMethodField()

    def get_articles_url(self, source: Any) -> str:
        return absolute(self.context, articles_api_path(source=source.slug))


class ArticleLinksSerializer(serializers.Serializer):
    """What names an article and where it is: its page here, in the API, and the original."""

    slug = serializers.CharField()
    title = serializers.CharField()
    api_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The original page (http or https), or ''.")

    def get_api_url(self, article: Any) -> str:
        return detail_url(self.context, "article", article.slug)

    def get_page_url(self, article: Any) -> str:
        return absolute(self.context, article.get_absolute_url())

    def get_url(self, article: Any) -> str:
        return safe_external_url(article.url)


class CopySerializer(ArticleLinksSerializer):
    """One published copy of a story: where and when it appeared."""

    source = SourceRefSerializer(allow_null=True)
    published_on = serializers.DateField(allow_null=True)


class ArticleSerializer(ArticleLinksSerializer):
    """An article with its source, mentions and quotes; its body with `?include=body`."""

    published_on = serializers.DateField(allow_null=True)
    byline = serializers.CharField()
    lede = serializers.CharField()
    language = serializers.CharField()
    word_count = serializers.IntegerField()
    source = SourceRefSerializer(allow_null=True)
    status = serializers.CharField(help_text="Always 'published' for anonymous clients.")
    updated_at = serializers.DateTimeField()
    story = serializers.SerializerMethodField(
        help_text="Shared by every copy of one story (as in the export); null if it has none."
    )
    story_url = serializers.SerializerMethodField(help_text="Its story, or null.")
    story_copies = serializers.IntegerField(
        required=False,
        help_text="Published copies of its story (1 if none): only with `?collapse=stories`.",
    )
    mentions = MentionInArticleSerializer(many=True, source="api_mentions")
    quotes = QuoteSerializer(many=True, source="api_quotes")
    body = serializers.CharField(
        required=False, help_text="The cleaned text: only with `?include=body`."
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if not self.context.get("include_body"):
            fields.pop("body")
        if not self.context.get("collapsed"):
            fields.pop("story_copies")
        return fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_story(self, article: Any) -> int | None:
        return story_of(article)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_story_url(self, article: Any) -> str | None:
        story = story_of(article)
        return None if story is None else detail_url(self.context, "story", story)


class ArticleDetailSerializer(ArticleSerializer):
    """An article, and the other published copies of its story."""

    also_published_as = CopySerializer(many=True, source="api_copies")


class StorySerializer(serializers.Serializer):
    """Copies of one article, with the representative (earliest dated, then longest) first."""

    id = serializers.IntegerField()
    api_url = serializers.SerializerMethodField()
    representative = serializers.SerializerMethodField()
    copy_count = serializers.IntegerField(help_text="Its published copies.")
    first_published_on = serializers.DateField(allow_null=True)
    last_published_on = serializers.DateField(allow_null=True)
    copies = CopySerializer(many=True, source="api_copies")

    def get_api_url(self, story: Any) -> str:
        return detail_url(self.context, "story", story.pk)

    @extend_schema_field(CopySerializer)
    def get_representative(self, story: Any) -> dict[str, Any]:
        return CopySerializer(story.api_copies[0], context=self.context).data


class EntitySerializer(serializers.Serializer):
    """An organization, person, event or place: the fields every kind has, and `details`."""

    kind = KindField()
    slug = serializers.CharField()
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    review_status = serializers.ChoiceField(choices=ReviewStatus.choices)
    article_count = serializers.IntegerField(help_text="Published articles that mention it.")
    mention_count = serializers.IntegerField(help_text="Its mentions in those articles.")
    details = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    articles_url = serializers.SerializerMethodField()
    co_mentions_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_details(self, entity: Any) -> dict[str, Any]:
        """What the kind adds: type, country, coordinates, dates, role..."""
        return entity.public_details()

    def get_api_url(self, entity: Any) -> str:
        return detail_url(self.context, entity.kind_of_entity, entity.slug)

    def get_page_url(self, entity: Any) -> str:
        return absolute(self.context, entity.get_absolute_url())

    def get_articles_url(self, entity: Any) -> str:
        return absolute(self.context, articles_api_path(**{entity.kind_of_entity: entity.slug}))

    def get_co_mentions_url(self, entity: Any) -> str:
        kind = entity.kind_of_entity
        return absolute(self.context, reverse(f"api:{kind}-co-mentions", args=[entity.slug]))


class CoMentionSerializer(serializers.Serializer):
    """An entity named in the same articles, how many, and those articles."""

    kind = serializers.ChoiceField(choices=KINDS.choices())
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField(help_text="Articles that name both.")
    api_url = serializers.SerializerMethodField()
    articles_url = serializers.SerializerMethodField()

    def get_api_url(self, ref: Any) -> str:
        return detail_url(self.context, ref.kind, ref.slug)

    def get_articles_url(self, ref: Any) -> str:
        entity = self.context["entity"]
        filters = {entity.kind_of_entity: entity.slug}
        if ref.kind != entity.kind_of_entity:
            filters[ref.kind] = ref.slug
        return absolute(self.context, articles_api_path(**filters))


class CoMentionsSerializer(serializers.Serializer):
    entity = EntityRefField()
    results = CoMentionSerializer(many=True)
