"""The places a page is about, for its map: an entity's, a search's and a story's.

Each map counts, in one grouped query, how many of a set of published articles name each
public place that has coordinates, and keeps the MAP_PLACES most named: the page gets a small,
bounded list whatever the size of the archive. The page puts it in a `json_script` block that
a static script (archive/static/archive/place_map.js) draws with Leaflet; without a tile server
(MAP_TILE_URL empty, the default) the markers are drawn on a plain background, so maps work
offline and the page asks no other host for anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse

from ..kinds import PLACE
from ..models import Article, Entity, Mention
from .research import latest_article_ids, newest_article_ids, public_entity_lookups

#: At most this many places on one map: the most named ones.
MAP_PLACES = 50


@dataclass(frozen=True)
class MapPlace:
    slug: str
    name: str
    latitude: float
    longitude: float
    #: How many of the map's articles name the place.
    count: int

    @property
    def url(self) -> str:
        return reverse(PLACE.detail_url_name, args=[self.slug])


@dataclass(frozen=True)
class PlaceMap:
    """The places of a map, most named first, and what the page says they were counted over."""

    places: list[MapPlace] = field(default_factory=list)
    #: Counted among only this many of the newest matching articles (None: among all of them).
    sample: int | None = None

    def __bool__(self) -> bool:
        return bool(self.places)

    def data(self) -> dict[str, Any]:
        """What the page's script reads (through `json_script`, which escapes it for HTML)."""
        return {
            "places": [
                {
                    "name": place.name,
                    "url": place.url,
                    "lat": place.latitude,
                    "lng": place.longitude,
                    "count": place.count,
                }
                for place in self.places
            ],
            "tiles": tile_layer(),
        }


def tile_layer() -> dict[str, str] | None:
    """The tile server's URL template and attribution (plain text), or None without one."""
    url = settings.MAP_TILE_URL
    if not url:
        return None
    return {"url": url, "attribution": settings.MAP_TILE_ATTRIBUTION}


def tile_csp_source(url: str) -> str:
    """The Content-Security-Policy source that allows images from the tile URL template.

    "https://{s}.tile.example.org/{z}/{x}/{y}.png" -> "https://*.tile.example.org": Leaflet
    fills `{s}` with a subdomain, so every subdomain of the rest is allowed.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"A tile URL must be an http(s) address, not {url!r}.")
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def places_in(
    articles: QuerySet[Any] | RawSQL | Iterable[int], limit: int = MAP_PLACES
) -> list[MapPlace]:
    """The public places with coordinates that most of `articles` (ids, or a query of ids,
    or research.ids_query's subquery)
    name, each with how many of them do; one grouped query, at most `limit` rows."""
    if not isinstance(articles, QuerySet | RawSQL):
        articles = list(articles)
        if not articles:
            return []
    return [
        MapPlace(
            slug=row["place_slug"],
            name=row["place_name"],
            latitude=row["lat"],
            longitude=row["lng"],
            count=row["count"],
        )
        for row in places_query(articles, limit)
    ]


def places_query(articles: QuerySet[Any] | RawSQL | list[int], limit: int = MAP_PLACES) -> QuerySet:
    """The grouped query of `places_in`: the articles' place mentions are read through the
    mentions' (article, kind, ...) index, so its cost follows the articles, not the archive."""
    name, slug = PLACE.mention_lookup("name"), PLACE.mention_lookup("slug")
    latitude, longitude = PLACE.mention_lookup("latitude"), PLACE.mention_lookup("longitude")
    return (
        Mention.objects.visible()
        .filter(
            article_id__in=articles,
            kind=PLACE.value,
            **public_entity_lookups(PLACE.value),
            **{f"{latitude}__isnull": False, f"{longitude}__isnull": False},
        )
        .values(PLACE.mention_column)
        .annotate(
            count=Count("article_id", distinct=True),
            place_name=F(name),
            place_slug=F(slug),
            lat=F(latitude),
            lng=F(longitude),
        )
        .order_by("-count", "place_name", PLACE.mention_column)[:limit]
    )


def entity_map(entity: Entity, article_ids: list[int] | None = None) -> PlaceMap:
    """The places named in the latest articles naming `entity` (a place's own page shows it
    among them). `article_ids`: those articles' ids when the page has read them already."""
    ids = latest_article_ids(entity) if article_ids is None else article_ids
    return PlaceMap(places_in(ids))


def search_map(
    articles: QuerySet[Article],
    sample: int | None = None,
    article_ids: list[int] | RawSQL | None = None,
) -> PlaceMap:
    """The places named in a filtered article list, counted as its facets are.

    Without `sample`, over every match, as a subquery of their ids (one query). With it, among
    the `sample` newest matches, whose ids are read first (two queries): counting every place
    mention of tens of thousands of matches on each view is what a broad filter cannot afford.
    `article_ids`: the ids to count over when the page has read them already (one query);
    `sample` then only says whether they are a sample.
    """
    if article_ids is not None:
        return PlaceMap(places_in(article_ids), sample=sample)
    if sample is None:
        return PlaceMap(places_in(articles.order_by().values("pk")))
    return PlaceMap(places_in(newest_article_ids(articles, sample)), sample=sample)


def archive_map() -> PlaceMap:
    """`search_map` of every published article, from each place's stored article count
    (archive.services.entity_counts keeps it equal to what `places_query` counts): one query
    on the places, where counting every place mention of the archive took 0.4 s at 100,000
    articles."""
    rows = (
        PLACE.model.objects.public()
        .filter(public_article_count__gt=0, latitude__isnull=False, longitude__isnull=False)
        .order_by("-public_article_count", "name", "id")
        .values_list("slug", "name", "latitude", "longitude", "public_article_count")[:MAP_PLACES]
    )
    return PlaceMap([MapPlace(*row) for row in rows])


def story_map(article: Article) -> PlaceMap:
    """The places named in `article`'s story (all its published copies), or in the article
    alone when it is in no story; one query."""
    if article.story_id is None:
        return PlaceMap(places_in([article.pk]))
    copies = Article.objects.published().filter(story_id=article.story_id).values("pk")
    return PlaceMap(places_in(copies))
