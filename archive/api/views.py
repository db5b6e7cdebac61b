"""The API's views: thin viewsets over archive.services and the public pages' FilterSets.

One entity viewset per registered kind is built from the registry (`entity_viewsets`), so a
new kind gets its API routes without a change here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..filters import ArticleFilter
from ..kinds import KINDS, KindOfEntity
from ..services import entity_pages, research, stories
from ..services.public_cache import cached_count
from . import queries
from .errors import InvalidParameter, MovedPermanently
from .filters import MentionFilter, StaffArticleFilter, staff_entity_filterset
from .pagination import KeysetPagination
from .serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    CoMentionsSerializer,
    EntitySerializer,
    MentionSerializer,
    SourceSerializer,
    StorySerializer,
)

INCLUDES = ("body",)
CO_MENTIONS_DEFAULT, CO_MENTIONS_MAX = 12, 50


def is_staff(request: Request | None) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_active and user.is_staff)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """What every resource shares: cursor pages, JSON only, an ETag on single records."""

    pagination_class = KeysetPagination
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_object(self) -> Any:
        # A single record is looked up by its key alone: list filters do not apply.
        found = self.get_queryset().filter(**{self.lookup_field: self.kwargs[self.lookup_field]})
        instance = found.first()
        if instance is None:
            raise Http404("No such record.")
        return instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization",))
        if self.detail and request.method in ("GET", "HEAD") and response.status_code == 200:
            # A strong ETag from the body: a client that has it gets 304 Not Modified.
            response.render()
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


# --- articles ----------------------------------------------------------------------------------

INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    enum=list(INCLUDES),
    description="`body` adds each article's full text.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Articles",
        description=(
            "Published articles, filtered as on the article list page: full-text `q`, any "
            "entity by slug (several kinds at once), `source`, `year`, a date range, "
            "`ordering`; `collapse=stories` shows one row per story with its number of copies. "
            "Staff (token) may add `status`. The whole list at once: the streamed export, "
            "`/articles/?format=json`."
        ),
        parameters=[INCLUDE_PARAMETER],
    ),
    retrieve=extend_schema(
        summary="An article",
        description="An article, and the other published copies of its story.",
        parameters=[INCLUDE_PARAMETER],
    ),
)
class ArticleViewSet(ReadOnlyViewSet):
    serializer_class = ArticleSerializer
    filter_backends = [DjangoFilterBackend]
    collapsed = False

    def get_serializer_class(self) -> type[ArticleSerializer]:
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    @property
    def filterset_class(self) -> type[ArticleFilter]:
        if getattr(self, "swagger_fake_view", False) or is_staff(self.request):
            return StaffArticleFilter
        return ArticleFilter

    def include_body(self) -> bool:
        raw = self.request.query_params.get("include", "")
        wanted = {part.strip() for part in raw.split(",") if part.strip()}
        unknown = wanted - set(INCLUDES)
        if unknown:
            raise InvalidParameter("include", f"Choose from: {', '.join(INCLUDES)}.")
        return "body" in wanted

    def get_queryset(self) -> QuerySet:
        request = getattr(self, "request", None)
        if request is None or getattr(self, "swagger_fake_view", False):
            return queries.articles()
        return queries.articles(staff=is_staff(request), include_body=self.include_body())

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["include_body"] = self.include_body()
        context["collapsed"] = self.collapsed
        return context

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        # The FilterSet's `collapse` counts each story's copies (stories.collapse_stories).
        self.collapsed = "story_copies" in queryset.query.annotations
        return queryset

    def get_object(self) -> Any:
        article = super().get_object()
        article.api_copies = stories.copies_of(article)
        queries.attach_mentions([article])
        return article

    def paginate_queryset(self, queryset: QuerySet) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            queries.attach_mentions(page)
        return page

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if "status" in request.query_params and not is_staff(request):
            raise InvalidParameter("status", "Only staff may filter by status.")
        return super().list(request, *args, **kwargs)


# --- entities ----------------------------------------------------------------------------------


class EntityViewSet(ReadOnlyViewSet):
    """A kind's records with article and mention counts: public ones only, and for staff
    rejected ones too (listed with `review_status`)."""

    kind: str = ""
    serializer_class = EntitySerializer
    filter_backends = [DjangoFilterBackend]

    @property
    def entity_kind(self) -> KindOfEntity:
        return KINDS[self.kind]

    @property
    def filterset_class(self):
        if getattr(self, "swagger_fake_view", False) or is_staff(self.request):
            return staff_entity_filterset(self.entity_kind)
        return self.entity_kind.filterset

    def get_queryset(self) -> QuerySet:
        staff = is_staff(getattr(self, "request", None))
        return entity_pages.entity_list_queryset(self.kind, include_rejected=staff)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if "review_status" in request.query_params and not is_staff(request):
            raise InvalidParameter("review_status", "Only staff may filter by review status.")
        return super().list(request, *args, **kwargs)

    #: A merged record's address answers 301 to its survivor's (documented in the schema).
    redirects_merged = True

    def get_object(self) -> Any:
        slug = self.kwargs["slug"]
        entity = self.get_queryset().filter(slug=slug).first()
        if entity is None:
            # Merged away (or unknown, or rejected: resolve_entity raises Http404). As the
            # record's page does, its address lives on as the survivor's, until the merge is
            # undone (which clears `merged_into`).
            _, survivor = entity_pages.resolve_entity(self.kind, slug)
            if survivor is None or not self.get_queryset().filter(pk=survivor.pk).exists():
                raise Http404("No such record.")
            raise MovedPermanently(
                self.survivor_url(survivor.slug),
                f"Merged into {survivor.name}: see the Location header.",
            )
        return entity

    def survivor_url(self, slug: str) -> str:
        """The address this request asked for, with the survivor's slug (same action, same
        query string)."""
        path = reverse(
            f"api:{self.basename}-{self.url_name_suffix()}",
            kwargs={self.lookup_url_kwarg or self.lookup_field: slug},
        )
        query = self.request.GET.urlencode()
        return self.request.build_absolute_uri(path + (f"?{query}" if query else ""))

    def url_name_suffix(self) -> str:
        return "detail" if self.action == "retrieve" else getattr(self, self.action).url_name

    @extend_schema(
        summary="Named with it",
        description=(
            "The public entities most often named in the same published articles (among its "
            "latest 500), with how many articles name both and a link to them."
        ),
        parameters=[
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": CO_MENTIONS_MAX},
                description=f"How many (default {CO_MENTIONS_DEFAULT}).",
            )
        ],
        responses=CoMentionsSerializer,
        filters=False,
    )
    @action(detail=True, url_path="co-mentions", pagination_class=None, filter_backends=[])
    def co_mentions(self, request: Request, slug: str) -> Response:
        limit = self.co_mention_limit()
        entity = self.get_object()
        # As on the entity's page: counted over its latest articles, hundreds of milliseconds
        # for the most named, and kept until an import or a curator's change (public_cache).
        refs = cached_count(
            f"api:co-mentions:{entity.kind_of_entity}:{entity.pk}:{limit}",
            lambda: research.co_mentioned(entity, limit=limit),
        )
        context = self.get_serializer_context() | {"entity": entity}
        data = CoMentionsSerializer({"entity": entity, "results": refs}, context=context).data
        return Response(data)

    def co_mention_limit(self) -> int:
        raw = self.request.query_params.get("limit", "")
        if raw == "":
            return CO_MENTIONS_DEFAULT
        if not raw.isdigit() or not 1 <= int(raw) <= CO_MENTIONS_MAX:
            raise InvalidParameter("limit", f"Enter a whole number from 1 to {CO_MENTIONS_MAX}.")
        return int(raw)


def entity_viewset(kind: KindOfEntity) -> type[EntityViewSet]:
    """The viewset of one registered kind, documented under its plural label."""
    viewset = type(f"{kind.label}ViewSet", (EntityViewSet,), {"kind": kind.value})
    described = {
        "list": extend_schema(
            summary=kind.plural_label,
            description=(
                f"Public {kind.plural_label.lower()}, filtered as on their list page. Staff "
                "(token) may add `review_status` to list rejected records too."
            ),
        ),
        "retrieve": extend_schema(summary=f"One of the {kind.plural_label.lower()}"),
    }
    return extend_schema_view(**described)(extend_schema(tags=[kind.plural_label])(viewset))


# --- mentions and sources ----------------------------------------------------------------------


class ByIdViewSet(ReadOnlyViewSet):
    """A resource whose records are addressed by their number."""

    lookup_field = "pk"
    lookup_url_kwarg = "pk"
    lookup_value_regex = "[0-9]+"

    def get_object(self) -> Any:
        try:
            pk = int(self.kwargs["pk"])
        except ValueError as error:
            raise Http404("No such record.") from error
        found = self.get_queryset().filter(pk=pk).first()
        if found is None:
            raise Http404("No such record.")
        return found


@extend_schema_view(
    list=extend_schema(summary="Mentions", description="Which article names which entity, where."),
    retrieve=extend_schema(summary="A mention"),
)
class MentionViewSet(ByIdViewSet):
    serializer_class = MentionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MentionFilter

    def get_queryset(self) -> QuerySet:
        return queries.mentions()


@extend_schema_view(
    list=extend_schema(
        summary="Stories",
        description=(
            "Copies of one article (syndicated or lightly rewritten) grouped into a story, "
            "newest story first: the representative (earliest dated, then longest), every "
            "published copy, how many, and their first and last dates."
        ),
    ),
    retrieve=extend_schema(summary="A story"),
)
class StoryViewSet(ByIdViewSet):
    serializer_class = StorySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet:
        return queries.stories_with_copies()


@extend_schema_view(
    list=extend_schema(summary="Sources", description="Sources of published articles."),
    retrieve=extend_schema(summary="A source"),
)
class SourceViewSet(ReadOnlyViewSet):
    serializer_class = SourceSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet:
        return queries.sources()
