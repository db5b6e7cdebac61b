"""sitemap.xml: the public pages a search engine should know about."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .kinds import KINDS
from .models import Article, Entity
from .services import research


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "archive:home",
            "archive:article-list",
            *(kind.list_url_name for kind in KINDS),
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self) -> QuerySet[Article]:
        return research.public_articles().only("slug", "updated_at").order_by("id")

    def lastmod(self, item: Article):
        return item.updated_at


class EntitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def items(self) -> QuerySet[Entity]:
        return KINDS[self.kind].model.objects.public().only("slug", "updated_at").order_by("id")

    def lastmod(self, item: Entity):
        return item.updated_at


SITEMAPS: dict[str, Sitemap] = {
    "pages": StaticPagesSitemap(),
    "articles": ArticleSitemap(),
    **{kind.path: EntitySitemap(kind.value) for kind in KINDS},
}
