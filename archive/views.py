"""The public research site: thin views over archive.services.research and the FilterSets.

Every page runs a fixed number of queries whatever the number of rows (the tests hold them
to it), works without JavaScript, and escapes everything that came from imported text.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponseServerError,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from .charts import timeline_chart
from .filters import NEWEST_ARTICLES, ArticleFilter
from .kinds import KINDS, ORGANIZATION, PERSON
from .models import Article
from .network import radial_layout
from .pagination import PageIdsPaginator, SearchPaginator
from .search import highlight_articles, is_ranked, orders_by_relevance, parse_query
from .search_names import other_names
from .services import entity_pages, maps, research, stories
from .services import facets as facets_module
from .services import public_exports as exports
from .services.article_markup import mark_spans, mark_up_body
from .services.gazetteer import infer_organization_countries
from .services.public_cache import cached_count

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
ENTITY_PAGE_SIZE = 50
ENTITY_ARTICLES_PAGE_SIZE = 20
#: The kinds whose pages draw their co-mention network.
NETWORK_KINDS = (ORGANIZATION, PERSON)


def allow_map_tiles(response: HttpResponse, place_map: maps.PlaceMap | None) -> HttpResponse:
    """Let a page that draws a map load images from the tile server, when there is one.

    Only such pages: every other page keeps the site's policy of images from itself alone.
    """
    if place_map and settings.MAP_TILE_URL:
        response._csp_update = {"img-src": [maps.tile_csp_source(settings.MAP_TILE_URL)]}
    return response


def querystring_with(params: QueryDict, **changes: str | None) -> str:
    """`params` with `changes` applied (None removes a key) as "?a=1&b=2", or "?" if empty."""
    updated = params.copy()
    for key, value in changes.items():
        if value is None:
            updated.pop(key, None)
        else:
            updated[key] = value
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"


def filtered_feed_url(params: QueryDict) -> str:
    """The Atom feed of the articles that `params` select (the whole archive's without)."""
    kept = QueryDict(mutable=True)
    for name in ArticleFilter.feed_filters():
        value = params.get(name, "")
        if value:
            kept[name] = value
    encoded = kept.urlencode()
    return reverse("archive:feed") + (f"?{encoded}" if encoded else "")


def page_size(request: HttpRequest) -> int:
    sizes = settings.ARCHIVE_PAGE_SIZES
    try:
        requested = int(request.GET.get("per_page", ""))
    except ValueError:
        return sizes[0]
    return requested if requested in sizes else sizes[0]


def more_than(paginator: Paginator, number: int) -> bool:
    """Whether a list has more than `number` rows (a search may count only so far)."""
    if isinstance(paginator, SearchPaginator):
        return paginator.more_than(number)
    return paginator.count > number


class ExportMixin:
    """`?format=csv` or `?format=json` streams the whole filtered list instead of a page."""

    export_basename = "export"

    def export_format(self) -> str | None:
        requested = self.request.GET.get("format", "")
        return requested if requested in EXPORT_FORMATS else None

    def export_rows(self, queryset: QuerySet) -> tuple[list[str], Any]:
        raise NotImplementedError

    def export_response(self, queryset: QuerySet, export_format: str) -> StreamingHttpResponse:
        fieldnames, rows = self.export_rows(queryset)
        if export_format == "csv":
            content = exports.csv_lines(fieldnames, rows)
        else:
            content = exports.json_chunks(rows)
        response = StreamingHttpResponse(
            exports.batched_text(content), content_type=EXPORT_FORMATS[export_format]
        )
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.export_basename}-{stamp}.{export_format}"'
        )
        return response

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        export_format = self.export_format()
        if export_format is None:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        return self.export_response(filterset.qs, export_format)


class AlwaysFilteredMixin:
    """Bind the FilterSet even to an empty query string, so that its default order applies
    (django-filter leaves an unbound FilterSet's queryset as it came)."""

    def get_filterset_kwargs(self, filterset_class) -> dict[str, Any]:
        return super().get_filterset_kwargs(filterset_class) | {"data": self.request.GET}


class ForgivingPaginationMixin:
    """A page number out of range or not a number shows the nearest page, not a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


# --- home --------------------------------------------------------------------------------------


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    months = cached_count("home:months", research.article_months)
    chart = timeline_chart(
        "articles-per-month", "Articles per month", months.by_month, "articles", months.undated
    )
    context = {
        "counts": cached_count("home:counts", research.archive_counts),
        "latest_articles": list(research.article_list_queryset()[:8]),
        "top_organizations": cached_count(
            "home:top-organizations", lambda: research.most_mentioned(ORGANIZATION.value)
        ),
        "top_people": cached_count(
            "home:top-people", lambda: research.most_mentioned(PERSON.value)
        ),
        "upcoming_events": research.upcoming_events(today),
        "recent_events": research.recent_events(today),
        "undated_events": research.undated_events(),
        "chart": chart,
    }
    return render(request, "archive/home.html", context)


# --- articles ----------------------------------------------------------------------------------


class ArticleListView(ExportMixin, AlwaysFilteredMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "archive/article_list.html"
    strict = False  # a bad value in one filter is reported on the form, not an empty list
    export_basename = "articles"

    def get_queryset(self) -> QuerySet[Article]:
        return research.article_list_queryset()

    def get_paginate_by(self, queryset: QuerySet) -> int:
        return page_size(self.request)

    def get_paginator(self, queryset: QuerySet, *args: Any, **kwargs: Any) -> Paginator:
        # Sorted by rank, a page is cheaper read as ids first, then its rows by id without the
        # search (archive.pagination): only the page's rows are built, never every match's.
        if is_ranked(queryset):
            rows = research.article_list_queryset()
            if "story_copies" in queryset.query.annotations:  # ?collapse=stories
                rows = rows.annotate(story_copies=queryset.query.annotations["story_copies"])
            # A search: its pages, count, facets and map from its newest matches' ids.
            return SearchPaginator(
                queryset,
                *args,
                rows=rows,
                search_text=self.request.GET.get("q", ""),
                wanted_page=self.request.GET.get(self.page_kwarg),
                **kwargs,
            )
        rows = research.article_list_queryset()
        if "story_copies" in queryset.query.annotations:  # ?collapse=stories
            rows = rows.annotate(story_copies=queryset.query.annotations["story_copies"])
        known_count = self.filterset.known_count() if self.filterset is not None else None
        return PageIdsPaginator(queryset, *args, rows=rows, known_count=known_count, **kwargs)

    def export_rows(self, queryset: QuerySet) -> tuple[list[str], Any]:
        return exports.article_fields(), exports.article_rows(
            queryset, self.request.build_absolute_uri
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset: ArticleFilter = context["filter"]
        params = self.request.GET
        cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
        active = {name: params.get(name, "") for name in facets_module.facet_titles()}
        expanded = params.get("facet_more", "")

        def count_facets(
            article_ids: list[int] | RawSQL | None = None, sample: int | None = None
        ) -> facets_module.Facets:
            return facets_module.article_facets(
                filterset.qs,
                active=active,
                expanded=expanded,
                article_ids=article_ids,
                sample=sample,
            )

        narrowing = filterset.narrowing()
        if not narrowing:
            # The whole archive's facets and map come from stored counts (tens of milliseconds
            # on the first view after an import, where counting the mentions took seconds), and
            # are the same for every visitor: kept a while too.
            facets = cached_count(
                f"list:facets:{expanded}",
                lambda: facets_module.archive_facets(active=active, expanded=expanded),
            )
            place_map = cached_count("list:map", maps.archive_map)
        else:
            # The newest matches' ids, read once, serve the six facet counts and the map: as a
            # subquery each of them would run the filters (a full-text match) again. Beyond
            # FACET_SAMPLE_SIZE matches (a search's: SEARCH_FACET_SAMPLE_SIZE) they count among
            # the newest ones, and say so.
            def newest_counts() -> tuple[facets_module.Facets, Any]:
                sample_size = (
                    settings.SEARCH_FACET_SAMPLE_SIZE
                    if is_ranked(filterset.qs)
                    else settings.FACET_SAMPLE_SIZE
                )
                paginator = context["paginator"]
                if isinstance(paginator, SearchPaginator):  # read already, for its pages
                    newest_ids = paginator.newest_ids_query(sample_size)
                else:
                    newest_ids = research.ids_query(
                        research.newest_article_ids(filterset.qs, sample_size),
                        using=filterset.qs.db,
                    )
                sample = sample_size if more_than(paginator, sample_size) else None
                return (
                    count_facets(article_ids=newest_ids, sample=sample),
                    maps.search_map(filterset.qs, article_ids=newest_ids, sample=sample),
                )

            if narrowing == ["collapse"]:
                # The whole archive one row per story is the same for every visitor: kept a
                # while, as the whole archive's counts are.
                facets, place_map = cached_count(
                    f"list:collapsed:{cleaned['collapse']}:{expanded}", newest_counts
                )
            else:
                facets, place_map = newest_counts()

        search_text = cleaned.get("q") or ""
        page: Page = context["page_obj"]
        highlights = {}
        query = parse_query(search_text)
        # A record's name searches its other names too: the page says which (issue 15).
        searched_names = other_names(search_text, query)
        if not query.is_empty:
            highlights = highlight_articles([article.pk for article in page], search_text)
        for article in page:
            article.highlight = highlights.get(article.pk)

        context |= {
            "search_text": search_text,
            "has_search": filterset.has_search,
            "other_names": searched_names,
            # Best match first among the newest matches only (the search backends rank no
            # more): the page says so when some matches were left unranked.
            "rank_window": settings.SEARCH_RANK_CANDIDATES
            if orders_by_relevance(filterset.qs)
            and more_than(context["paginator"], settings.SEARCH_RANK_CANDIDATES)
            else None,
            "facet_groups": self._facet_groups(facets, params),
            "facet_sample": facets.sample,
            "chips": self._chips(filterset, facets, params, cleaned),
            # Fields whose errors the search panel shows beside them; the rest are listed.
            "shown_with_errors": ("q", "language", "published_from", "published_to", "ordering"),
            "page_sizes": settings.ARCHIVE_PAGE_SIZES,
            "per_page": page_size(self.request),
            "hidden_filters": [
                (name, params.get(name))
                for name in facets_module.facet_titles()
                if params.get(name)
            ],
            "export_csv": querystring_with(params, format="csv", page=None),
            "export_json": querystring_with(params, format="json", page=None),
            "feed_url": filtered_feed_url(params),
            "feed_is_filtered": any(params.get(name) for name in ArticleFilter.feed_filters()),
            "place_map": place_map,
        }
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        return allow_map_tiles(response, context.get("place_map"))

    @staticmethod
    def _facet_groups(facets: facets_module.Facets, params: QueryDict) -> list[dict[str, Any]]:
        groups = []
        for name, title in facets_module.facet_titles().items():
            values = [
                {
                    "label": value.label,
                    "count": value.count,
                    "active": value.active,
                    "url": querystring_with(
                        params, page=None, **{name: None if value.active else value.value}
                    ),
                }
                for value in facets[name]
            ]
            if values:
                expanded = params.get("facet_more") == name
                groups.append(
                    {
                        "name": name,
                        "title": title,
                        "values": values,
                        # Stay on the same results: only the sidebar changes.
                        "more_url": querystring_with(params, facet_more=name)
                        if name in facets.has_more and not expanded
                        else "",
                        "less_url": querystring_with(params, facet_more=None) if expanded else "",
                    }
                )
        return groups

    @staticmethod
    def _chips(
        filterset: ArticleFilter,
        facets: facets_module.Facets,
        params: QueryDict,
        cleaned: dict[str, Any],
    ) -> list[dict[str, str]]:
        """The active filters as removable chips, named as the FilterSet names them."""
        chips = []
        for name in filterset.chip_filters():
            raw = params.get(name, "")
            if not raw or cleaned.get(name) in (None, ""):
                continue
            if name in facets.by_name:
                value = facets.label_for(name, raw)
            else:
                # A choice ("ru") reads as its label ("Russian").
                choices = dict(getattr(filterset.form.fields[name], "choices", ()))
                value = str(choices.get(cleaned[name], cleaned[name]))
            chips.append(
                {
                    "label": str(filterset.filters[name].label),
                    "value": value,
                    "remove_url": querystring_with(params, page=None, **{name: None}),
                }
            )
        return chips


class ArticleDetailView(DetailView):
    template_name = "archive/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        return research.public_articles().with_source().defer("raw_text", "search_vector")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        article: Article = self.object
        mentions = research.article_mentions(article)
        body = mark_up_body(article.body, mentions)
        context |= {
            "paragraphs": body.paragraphs,
            "entity_groups": [
                {
                    "kind": kind,
                    "title": KINDS[kind].plural_label,
                    "modifier": KINDS[kind].modifier,
                    "entities": entities,
                }
                for kind, entities in research.entities_in(mentions, body.marked).items()
                if entities
            ],
            "quotes": research.article_quotes(article),
            "imported_from": research.public_origin(article.origin),
            "related_articles": research.related_articles(article, mentions),
            "copies": stories.copies_of(article),
            "place_map": maps.story_map(article),
        }
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        return allow_map_tiles(response, context.get("place_map"))


# --- entities ----------------------------------------------------------------------------------


class EntityListView(ExportMixin, AlwaysFilteredMixin, ForgivingPaginationMixin, FilterView):
    """/organizations/, /people/, ...: one per registered kind (the URL conf passes `kind`)."""

    kind: str = ORGANIZATION.value
    template_name = "archive/entity_list.html"
    strict = False
    paginate_by = ENTITY_PAGE_SIZE

    @property
    def entity_kind(self):
        return KINDS[self.kind]

    def get_filterset_class(self):
        return self.entity_kind.filterset

    def get_queryset(self) -> QuerySet:
        return entity_pages.entity_list_queryset(self.kind)

    @property
    def export_basename(self) -> str:
        return self.entity_kind.plural_label.lower()

    def export_rows(self, queryset: QuerySet) -> tuple[list[str], Any]:
        return exports.entity_fields(self.kind), exports.entity_rows(
            self.kind, queryset, self.request.build_absolute_uri
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        kind = self.entity_kind
        if kind is ORGANIZATION:
            infer_organization_countries(context["page_obj"])
        context |= {
            "kind": kind.value,
            "kind_label": kind.label,
            "title": kind.plural_label,
            "modifier": kind.modifier,
            "list_url": reverse(kind.list_url_name),
            "export_csv": querystring_with(params, format="csv", page=None),
            "export_json": querystring_with(params, format="json", page=None),
        }
        return context


@require_safe
def entity_detail(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    entity, survivor = entity_pages.resolve_entity(kind, slug)
    if survivor is not None:
        # The record was merged: its address lives on, permanently, as the survivor's.
        target = survivor.get_absolute_url()
        if request.GET:
            target += "?" + request.GET.urlencode()
        return redirect(target, permanent=True)
    if KINDS[kind] is ORGANIZATION:
        infer_organization_countries([entity])

    articles = research.articles_mentioning(entity).order_by(*NEWEST_ARTICLES)
    # The stored count is the count of these articles (archive.services.entity_counts); a
    # page's ids are chosen first, then only its rows are read (archive.pagination).
    paginator = PageIdsPaginator(
        articles,
        ENTITY_ARTICLES_PAGE_SIZE,
        rows=research.article_list_queryset(),
        known_count=entity.public_article_count,
    )
    page = paginator.get_page(request.GET.get("page"))
    sentences = entity_pages.mention_sentences(entity, [article.pk for article in page])
    for article in page:
        # Only the mentions themselves are marked: the same words inside a longer name (the
        # city in "Moscow City Government") are another entity's, unless a mention says so.
        article.mention_sentences = [
            mark_spans(sentence.text, sentence.spans) for sentence in sentences.get(article.pk, [])
        ]

    entity_kind = KINDS[kind]

    def counted() -> tuple[research.MonthlyCounts, list[research.EntityRef], maps.PlaceMap]:
        # Co-mentions and the map count over the same latest articles: their ids are read once.
        latest = research.latest_article_ids(entity)
        return (
            research.mention_months(entity),
            research.co_mentioned(entity, article_ids=latest),
            maps.entity_map(entity, latest),
        )

    # What the page counts over the entity's mentions (its timeline, co-mentions and map) costs
    # hundreds of milliseconds for the most named entities; like the home page's counts it is
    # kept a while, and an import or a curator's change makes it stale at once.
    months, co_mentioned, place_map = cached_count(f"entity:{kind}:{entity.pk}", counted)
    chart = timeline_chart(
        f"{entity_kind.value}-mentions-per-month",
        f"Mentions of {entity.name} per month",
        months.by_month,
        "mentions",
        months.undated,
    )
    context = {
        "entity": entity,
        "kind": entity_kind.value,
        "kind_label": entity_kind.label,
        "kind_plural": entity_kind.plural_label,
        "modifier": entity_kind.modifier,
        "list_url": reverse(entity_kind.list_url_name),
        "other_names": [name for name in entity.all_names if name != entity.name],
        "page_obj": page,
        "article_count": entity.public_article_count,
        "story_count": entity.public_story_count,
        "chart": chart,
        "co_mentioned": co_mentioned,
        "network": radial_layout(entity.name, entity_kind.modifier, co_mentioned)
        if entity_kind in NETWORK_KINDS
        else None,
        "place_map": place_map,
        "facts": entity_pages.entity_facts(entity),
        "articles_url": reverse("archive:article-list")
        + querystring_with(QueryDict(), **{entity_kind.value: entity.slug}),
        "feed_url": reverse(entity_kind.feed_url_name, args=[entity.slug]),
    }
    return allow_map_tiles(render(request, "archive/entity_detail.html", context), place_map)


# --- robots, errors ----------------------------------------------------------------------------


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Exports and endless filter combinations add nothing a crawler needs.
        "Disallow: /*?*format=",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # The static URL is looked up per request: with hashed static files it exists only once
    # collectstatic has run, which is after the URLconf is imported.
    return redirect(static("archive/favicon.svg"), permanent=True)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    content = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponseNotFound(content)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: context processors, the session or the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
