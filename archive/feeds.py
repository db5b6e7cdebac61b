"""Atom feeds: the latest articles, and the latest articles naming one entity."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .filters import ArticleFilter
from .kinds import ORGANIZATION
from .middleware import CONTROL_CHARACTERS
from .models import Article, Entity
from .services import entity_pages, research

FEED_SIZE = 50


def xml_text(text: str) -> str:
    """`text` without the control characters XML 1.0 cannot carry (one would make the feed 500)."""
    return CONTROL_CHARACTERS.sub("", text)


class PlainTextAtom1Feed(Atom1Feed):
    """Atom with `<summary type="text">`: Django's generator always declares summaries as HTML,
    which tells feed readers to render whatever markup an imported page's text carries."""

    def add_item_elements(self, handler, item) -> None:
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


class ArticleFeedMixin:
    feed_type = PlainTextAtom1Feed

    def item_title(self, item: Article) -> str:
        return xml_text(item.title)

    def item_description(self, item: Article) -> str:
        # Plain text (see PlainTextAtom1Feed), escaped by the generator. Never the raw page.
        return xml_text(item.lede or item.body_start)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    # No item_guid: an entry's <id> is then its link, which the Feed makes absolute with the
    # request's host (Atom requires an absolute IRI; a bare path is not one).

    def item_author_name(self, item: Article) -> str | None:
        return xml_text(item.byline) or None

    def item_pubdate(self, item: Article) -> datetime.datetime | None:
        # An undated article has no <published>: the import time is not when it was published,
        # and a reader would sort it as news. Its <updated> still says when the record changed.
        if item.published_on:
            return datetime.datetime.combine(
                item.published_on, datetime.time(), tzinfo=datetime.UTC
            )
        return None

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return [xml_text(item.source.name)] if item.source_id else []

    @staticmethod
    def newest(articles: QuerySet[Article]) -> list[Article]:
        return list(articles.order_by(F("published_on").desc(nulls_last=True), "-id")[:FEED_SIZE])


class LatestArticlesFeed(ArticleFeedMixin, Feed):
    """/feed/: the latest articles; /feed/?q=...&place=... the latest of that search or filter
    (the same parameters as the article list, so a list's feed link keeps its filters)."""

    def get_object(self, request: HttpRequest) -> QueryDict:
        kept = QueryDict(mutable=True)
        for name in ArticleFilter.feed_filters():
            if request.GET.get(name):
                kept[name] = request.GET[name]
        return kept

    def title(self, obj: QueryDict) -> str:
        if obj.get("q"):
            return f"Smart City Archive: articles matching “{obj['q']}”"
        if obj:
            return "Smart City Archive: latest articles (filtered)"
        return "Smart City Archive: latest articles"

    def subtitle(self, obj: QueryDict) -> str:
        if obj:
            return "Published articles of the Smart City Archive that match: " + ", ".join(
                f"{name} {value}" for name, value in obj.items()
            )
        return "Newly published articles in the Smart City Archive."

    def link(self, obj: QueryDict) -> str:
        encoded = obj.urlencode()
        return reverse("archive:article-list") + (f"?{encoded}" if encoded else "")

    def feed_url(self, obj: QueryDict) -> str:
        encoded = obj.urlencode()
        return reverse("archive:feed") + (f"?{encoded}" if encoded else "")

    def items(self, obj: QueryDict) -> list[Article]:
        articles = research.article_list_queryset()
        if obj:
            # The list's own FilterSet, so that a feed and its list never disagree.
            articles = ArticleFilter(data=obj, queryset=articles).qs
        return self.newest(articles)


class EntityArticlesFeed(ArticleFeedMixin, Feed):
    """/organizations/<slug>/feed/ and the same for people, events and places."""

    def get_object(self, request: HttpRequest, slug: str, kind: str = ORGANIZATION.value) -> Entity:
        entity, survivor = entity_pages.resolve_entity(kind, slug)
        # A merged record's feed carries on as the survivor's (a feed reader keeps its URL).
        return survivor or entity

    def title(self, obj: Entity) -> str:
        return xml_text(f"Smart City Archive: articles naming {obj.name}")

    def subtitle(self, obj: Entity) -> str:
        kind_label = obj.entity_kind.label.lower()
        return xml_text(f"Published articles that mention {obj.name} ({kind_label}).")

    def link(self, obj: Entity) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Entity) -> str:
        return reverse(obj.entity_kind.feed_url_name, args=[obj.slug])

    def items(self, obj: Entity) -> list[Article]:
        return self.newest(research.as_article_list(research.articles_mentioning(obj)))
