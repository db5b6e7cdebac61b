"""The article list's sidebar: how many of the listed articles name each entity, source, year.

Facets are one group per registered entity kind, then sources and years (`facet_titles`); each group
lists its top values with article counts, in one query per group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connections
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import (
    ExtractYear,
)
from django.db.models.options import Options

from ..kinds import KINDS
from ..models import (
    Article,
    ArticleStatus,
    Mention,
    Source,
)
from .research import (
    PUBLIC_REVIEW_STATUSES,
    newest_article_ids,
    public_articles,
)


def facet_titles() -> dict[str, str]:
    """The facet groups, in the order the sidebar shows them: parameter name -> title."""
    return {
        **{kind.value: kind.plural_label for kind in KINDS},
        "source": "Sources",
        "year": "Years",
    }


# --- facets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    active: bool = False


@dataclass(frozen=True)
class FacetLimits:
    """How many values a facet lists: `limit`, or `expanded_limit` for the `expanded` one."""

    limit: int
    expanded: str
    expanded_limit: int

    def __call__(self, name: str) -> int:
        return self.expanded_limit if name == self.expanded else self.limit


@dataclass
class Facets:
    """Top values, with article counts, for each facet of an article list."""

    by_name: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: Facets with more values than listed (a page can offer to show more).
    has_more: set[str] = field(default_factory=set)
    #: When set, the counts are among this many newest articles of the list, not all of it.
    sample: int | None = None

    def __getitem__(self, name: str) -> list[FacetValue]:
        return self.by_name.get(name, [])

    def keep(self, name: str, rows: list[Any], shown: int) -> list[Any]:
        """The first `shown` of `rows` (read one more than shown, so that `has_more` costs no
        query), noting when there were more."""
        if len(rows) > shown:
            self.has_more.add(name)
        return rows[:shown]

    def label_for(self, name: str, value: str) -> str:
        """The display name of an active filter value (its slug when not among the top)."""
        for facet_value in self[name]:
            if facet_value.value == value:
                return facet_value.label
        return value


def entity_facets_sql(
    article_ids: Any, active: dict[str, str], limits: FacetLimits
) -> tuple[str, list[Any]]:
    """SQL and parameters of every kind's facet at once: rows (kind, slug, name, count), by
    kind, then as each kind's facet lists them (most articles first, the selected value first
    among equals, then by name), at most `limits(kind)` + 1 rows per kind.

    One branch per kind, joined by UNION ALL: the articles' mentions of that kind are grouped
    by entity id, read from the mentions' facets index alone (tests/test_query_plans.py), then only
    the groups (about 900 organizations for 500 articles, against 4,000 mentions) are joined
    to the kind's table for the public check and the names, and only the rows shown leave the
    database. Grouping the four kinds together (by kind and four id columns, then joined to the
    four tables) sorted every mention on five columns: 55 ms of SQLite's time for the 14,000
    mentions of 500 articles, where the four branches take 30 (docs/benchmarks.md).
    """
    connection = connections[Mention.objects.db]
    quote = connection.ops.quote_name
    statuses = ", ".join(["%s"] * len(PUBLIC_REVIEW_STATUSES))
    visible = Mention.objects.visible().filter(article__in=article_ids).order_by()
    # PostgreSQL probes the index once per article and kind: each branch reading its own kind
    # cost it four probes per article (about 25 ms a kind for 500 articles), so it reads the
    # articles' mentions once and each branch groups its kind from them. SQLite's probes are
    # cheap and its cost is sorting, which is the same either way; reading through the
    # materialized mentions cost it a third more.
    shared = connection.vendor == "postgresql"
    params: list[Any] = []
    prefix = ""
    if shared:
        mentions_sql, mentions_params = visible.values(
            "article_id", "kind", *(kind.mention_column for kind in KINDS)
        ).query.sql_with_params()
        prefix = f"WITH listed AS MATERIALIZED ({mentions_sql}) "
        params += mentions_params
    branches = []
    for number, kind in enumerate(KINDS):
        meta, alias = kind.model._meta, f"e{number}"
        column = partial(_column, quote, meta, alias)
        entity_column = quote(kind.mention_column)
        if shared:
            grouped_sql, grouped_params = (
                f"SELECT {entity_column}, COUNT(DISTINCT article_id) AS articles FROM listed"
                f" WHERE kind = %s GROUP BY {entity_column}",
                (kind.value,),
            )
        else:
            grouped_sql, grouped_params = (
                visible.filter(kind=kind.value)
                .values(kind.mention_column)
                .annotate(articles=Count("article", distinct=True))
                .query.sql_with_params()
            )
        selected = active.get(kind.value, "")
        # research.public_entity_lookups, in SQL: not rejected, not merged away. CROSS JOIN: SQLite
        # keeps the groups outside and looks each group's entity up by its key (without
        # statistics it read the kind's review-status index first).
        branches.append(
            f"""SELECT * FROM (
                SELECT %s AS kind, {column("slug")} AS slug, {column("name")} AS name,
                    grouped.articles AS count,
                    CASE WHEN {column("slug")} = %s THEN 0 ELSE 1 END AS is_selected
                FROM ({grouped_sql}) grouped
                CROSS JOIN {quote(meta.db_table)} {alias}
                WHERE {column(meta.pk.name)} = grouped.{quote(kind.mention_column)}
                    AND {column("review_status")} IN ({statuses})
                    AND {column("merged_into")} IS NULL
                ORDER BY count DESC, is_selected, name
                LIMIT %s
            ) {alias}_facet"""
        )
        params += [
            kind.value,
            selected,
            *grouped_params,
            *PUBLIC_REVIEW_STATUSES,
            limits(kind.value) + 1,
        ]
    # A union's rows come in no promised order: sorted again, at most 4 x 51 of them.
    sql = (
        f"{prefix}SELECT kind, slug, name, count FROM ("
        + "\nUNION ALL\n".join(branches)
        + ") facets ORDER BY kind, count DESC, is_selected, name"
    )
    return sql, params


def _column(quote: Callable[[str], str], meta: Options, alias: str, field: str) -> str:
    """`alias`."column" of the model field `field`."""
    return f"{alias}.{quote(meta.get_field(field).column)}"


def entity_facet_rows(
    article_ids: Any, active: dict[str, str], limits: FacetLimits
) -> list[tuple[str, str, str, int]]:
    """The rows of `entity_facets_sql` (one query)."""
    sql, params = entity_facets_sql(article_ids, active, limits)
    with connections[Mention.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


#: How many values an expanded facet lists ("more…").
EXPANDED_FACET_LIMIT = 50


def article_facets(
    articles: QuerySet[Article],
    active: dict[str, str] | None = None,
    limit: int = 10,
    expanded: str = "",
    expanded_limit: int = EXPANDED_FACET_LIMIT,
    sample: int | None = None,
    article_ids: list[int] | RawSQL | None = None,
) -> Facets:
    """Counts of `articles` by mentioned entity (one query per kind), source and year.

    With `sample`, the counts are among the `sample` newest of `articles`: counting every
    mention of tens of thousands of matching articles on each view is what made a broad
    filter or a common search word take seconds.

    `article_ids`: the ids to count over when the caller has read them already (the newest
    `sample` of `articles` when `sample` is set, else all of them).

    `active` maps a facet to its selected value so that it is listed even when more than
    `limit` values tie with it. The `expanded` facet lists up to `expanded_limit` values.
    One more row than shown is read, so `has_more` costs no query.
    """
    active = active or {}
    limit_for = FacetLimits(limit, expanded, expanded_limit)

    if article_ids is None and sample is None:
        article_ids = articles.order_by().values("pk")
    elif article_ids is None:
        # Read once, then given to each count as a list: a subquery would sort every match
        # again for each of the six counts.
        article_ids = newest_article_ids(articles, sample)
    facets = Facets(sample=sample)
    by_kind: dict[str, list[FacetValue]] = {kind.value: [] for kind in KINDS}
    for name, slug, label, count in entity_facet_rows(article_ids, active, limit_for):
        by_kind[name].append(
            FacetValue(value=slug, label=label, count=count, active=slug == active.get(name, ""))
        )
    for name, listed in by_kind.items():
        facets.by_name[name] = facets.keep(name, listed, limit_for(name))

    selected_source = active.get("source", "")
    source_rows = (
        Source.objects.filter(articles__in=article_ids)
        .values("slug", "name")
        .annotate(count=Count("articles", distinct=True))
        .order_by("-count", "name")[: limit_for("source") + 1]
    )
    facets.by_name["source"] = [
        FacetValue(row["slug"], row["name"], row["count"], row["slug"] == selected_source)
        for row in facets.keep("source", list(source_rows), limit_for("source"))
    ]

    selected_year = str(active.get("year", ""))
    year_rows = (
        Article.objects.filter(pk__in=article_ids, published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    facets.by_name["year"] = [
        FacetValue(
            str(row["year"]), str(row["year"]), row["count"], str(row["year"]) == selected_year
        )
        for row in year_rows
    ]
    return facets


def archive_facets(
    active: dict[str, str] | None = None,
    limit: int = 10,
    expanded: str = "",
    expanded_limit: int = EXPANDED_FACET_LIMIT,
) -> Facets:
    """The unfiltered list's facets: the same counts as `article_facets` over every published
    article, read from what is stored instead of counted over millions of mentions.

    An entity's count is its stored `public_article_count` (archive.services.entity_counts
    keeps it equal to the published articles with a visible mention of it, which is what a
    facet counts), read from the kind's (count, ...) index; sources and years are grouped over
    narrow article indexes. Counted over the mentions, the first view after an import took
    8 s at 100,000 articles on SQLite (docs/benchmarks.md); this takes milliseconds, so the
    cache is not what keeps it fast. One query per group, as `article_facets`.
    """
    active = active or {}
    facets = Facets()
    limit_for = FacetLimits(limit, expanded, expanded_limit)

    for kind in KINDS:
        name = kind.value
        selected = active.get(name, "")
        rows = (
            kind.model.objects.public()
            .filter(public_article_count__gt=0)
            .order_by("-public_article_count", "name")
            .values_list("slug", "name", "public_article_count")[: limit_for(name) + 1]
        )
        facets.by_name[name] = [
            FacetValue(value=slug, label=label, count=count, active=slug == selected)
            for slug, label, count in facets.keep(name, list(rows), limit_for(name))
        ]

    # Per source, a count over the (source, status) index: no article row is read (COUNT(*):
    # counting ids made PostgreSQL read each row for its id).
    published_here = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(count=Count("*"))
        .values("count")
    )
    selected_source = active.get("source", "")
    # Every source is read (an archive has tens of them, not thousands): filtering on the count
    # in SQL would count each source twice.
    source_rows = [
        row
        for row in Source.objects.annotate(
            count=Subquery(published_here, output_field=IntegerField())
        )
        .order_by(F("count").desc(nulls_last=True), "name")
        .values_list("slug", "name", "count")
        if row[2]
    ]
    facets.by_name["source"] = [
        FacetValue(slug, label, count, slug == selected_source)
        for slug, label, count in facets.keep("source", source_rows, limit_for("source"))
    ]

    selected_year = str(active.get("year", ""))
    facets.by_name["year"] = [
        FacetValue(str(year), str(year), count, str(year) == selected_year)
        for year, count in sorted(
            published_per_year(public_articles()).items(), key=lambda item: -item[0]
        )
    ]
    return facets


def published_per_year(articles: QuerySet[Article]) -> dict[int, int]:
    """{year: how many of `articles` are dated in it} (one query).

    Grouped by day, then summed here: a day is read from the (status, date) index as it is,
    where grouping by year made SQLite call a function on each of 100,000 rows (0.5 s)."""
    by_year: dict[int, int] = {}
    rows = (
        articles.filter(published_on__isnull=False)
        .order_by()
        .values_list("published_on")
        .annotate(count=Count("*"))
    )
    for day, count in rows:
        by_year[day.year] = by_year.get(day.year, 0) + count
    return by_year
