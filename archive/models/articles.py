"""Sources and articles, and the full-text index SQLite keeps of articles."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.search_stems import STEMMED_FIELDS, stemmed_fields

from .fields import optional_link

#: Columns only the full-text index reads: never loaded with an article, never in its history.
SEARCH_INDEX_FIELDS = ("search_vector", "search_pairs", *STEMMED_FIELDS.values())


class SourceQuerySet(models.QuerySet):
    def with_article_counts(self) -> SourceQuerySet:
        return self.annotate(
            article_count=models.Count(
                "articles", filter=Q(articles__status="published"), distinct=True
            )
        )


class Source(models.Model):
    """The publisher or site an article came from."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    domain = models.CharField(max_length=253, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="source_name_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:article-list") + f"?source={self.slug}"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DateOrigin(models.TextChoices):
    """How an article's publication date was obtained (never invented)."""

    NONE = "", "Unknown"
    DATELINE = "dateline", "Date line in the page"
    METADATA = "metadata", "Page or record metadata"
    CURATOR = "curator", "Entered by a curator"


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)

    def with_source(self) -> ArticleQuerySet:
        return self.select_related("source")

    def with_entities(self) -> ArticleQuerySet:
        from .mentions import Mention  # mentions point at articles: imported when used

        return self.prefetch_related(
            models.Prefetch("mentions", queryset=Mention.objects.visible().with_entity())
        )

    def needing_review(self) -> ArticleQuerySet:
        return self.filter(needs_review=True)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self) -> ArticleQuerySet:
        # The PostgreSQL tsvector and SQLite's stems are large and only the search index reads
        # them (in SQL).
        return super().get_queryset().defer(*SEARCH_INDEX_FIELDS)


class Article(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField(help_text="Cleaned text; paragraphs separated by blank lines.")
    raw_text = models.TextField(blank=True, default="", help_text="The text exactly as read.")
    lede = models.TextField(blank=True, default="")
    published_on = models.DateField(null=True, blank=True)
    published_on_origin = models.CharField(
        max_length=20, choices=DateOrigin.choices, blank=True, default=DateOrigin.NONE
    )
    byline = models.CharField(max_length=300, blank=True, default="")
    source = optional_link(Source, related_name="articles")
    url = models.URLField(max_length=2000, blank=True, default="", help_text="Original page.")
    origin = models.CharField(
        max_length=2000, blank=True, default="", help_text="File path or URL it was imported from."
    )
    language = models.CharField(max_length=16, blank=True, default="en")
    word_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    needs_review = models.BooleanField(
        default=False, help_text="Flagged by the importer for a curator (e.g. no headline)."
    )
    review_note = models.CharField(max_length=500, blank=True, default="")
    # What the cleaner took out of the page: [{"kind", "reason", "text", "position"}], where
    # position counts the body paragraphs above the block (see pipeline.types.RemovedBlock).
    removed_blocks = models.JSONField(
        default=list, blank=True, help_text="Blocks the cleaner removed, with kind and reason."
    )
    curated_fields = models.JSONField(
        default=list, blank=True, help_text="Fields a curator edited; re-imports keep them."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text index on PostgreSQL, kept up to date by a database trigger (see the
    # article_search_index migration and archive/search.py). Unused, always NULL, on SQLite,
    # which indexes articles in an FTS5 table instead.
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL: the search vector's adjacent word pairs ("open data"), also kept by the
    # trigger, so that a phrase is found through an index (the vector's GIN index has no
    # positions). NULL on SQLite, whose FTS5 index has positions.
    search_pairs = SearchVectorField(null=True, editable=False)
    # SQLite's FTS5 has no Russian stemmer: for a language with one (archive.search_stems),
    # the stems of the text's words, which the FTS5 table indexes beside the text. Written by
    # save() only; empty for English and unused on PostgreSQL.
    stemmed_title = models.TextField(blank=True, default="", editable=False)
    stemmed_lede = models.TextField(blank=True, default="", editable=False)
    stemmed_body = models.TextField(blank=True, default="", editable=False)
    # The copies of one article share a story (archive.models.stories); most have none.
    story = optional_link("archive.Story", related_name="articles", db_index=True)

    history = HistoricalRecords(excluded_fields=["raw_text", *SEARCH_INDEX_FIELDS])
    objects = ArticleManager()

    class Meta:
        permissions = [
            ("publish_article", "Can publish, withdraw and unpublish articles"),
            ("reextract_article", "Can re-run entity extraction on articles"),
        ]
        # Undated articles last on every database (PostgreSQL would put NULLs first).
        ordering = [F("published_on").desc(nulls_last=True), "-id"]
        indexes = [
            # The lists' order, undated last: SQLite sorts NULLs last in a descending index by
            # itself. PostgreSQL sorts them first, so migration 0010 gives it its own index
            # with NULLS LAST (SQLite cannot say that in an index).
            models.Index(fields=["-published_on", "-id"], name="article_recent_idx"),
            # The importer's duplicate check: is this file or URL already in the archive?
            models.Index(fields=["origin"], name="article_origin_idx"),
            # The admin's article search finds an article by its address (ArticleAdmin.
            # get_search_results): WHERE ... OR url = %s, beside the origin index.
            models.Index(fields=["url"], name="article_url_idx"),
            models.Index(fields=["status", "-published_on"], name="article_status_date_idx"),
            # A search's matches come from the full-text index as ids: which of them are
            # published, and their dates (to count them, to find the newest), is read from
            # this narrow index instead of each match's row with its body (SQLite). Checked in
            # tests/test_query_plans.py.
            models.Index(fields=["id", "status", "published_on"], name="article_id_status_idx"),
            models.Index(fields=["title"], name="article_title_idx"),
            # The whole archive's source facet and the home page's count of sources: published
            # articles per source, read from the index alone (without it, every article's
            # row: 650 ms at 100,000 articles on SQLite). Checked in tests/test_query_plans.py.
            models.Index(fields=["source", "status"], name="article_source_status_idx"),
            # One row per story (stories.collapse_stories): each published article's story, and
            # each story's first published copy by date, length and id, read from the index
            # alone; through the story index every article's row was read (3.2 s for the
            # list's count at 100,000 articles on SQLite, 0.15 s with it). Checked in
            # tests/test_query_plans.py.
            models.Index(
                fields=["status", "story", "published_on", "word_count", "id"],
                name="article_story_copies_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True, published_on_origin="")
                | Q(published_on__isnull=False) & ~Q(published_on_origin=""),
                name="article_date_has_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # The one place the stems follow the text, so SQLite's index never sees stale ones.
        # (A queryset .update() of the text or language bypasses it: re-save those articles.)
        update_fields = kwargs.get("update_fields")
        written = set(STEMMED_FIELDS) | {"language"}
        if update_fields is None or written & set(update_fields):
            texts = {name: getattr(self, name) for name in STEMMED_FIELDS}
            for column, stems in stemmed_fields(self.language, **texts).items():
                setattr(self, column, stems)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *STEMMED_FIELDS.values()}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


class FullTextDocument(models.TextField):
    """SQLite FTS5's hidden column named after its table: what MATCH and bm25() take."""


@FullTextDocument.register_lookup
class FullTextMatch(models.Lookup):
    """`search_row__document__match="..."`: the rows the FTS5 query finds. As a lookup (not
    a bare expression) it makes the join to the index an inner one, which FTS5 requires."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class NoRowsManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().none()


class ArticleSearchRow(models.Model):
    """A row of SQLite's full-text index of articles (archive.search_backends.sqlite).

    Django neither creates nor writes this table (triggers keep it in step, and PostgreSQL
    has none); the model only lets a search join the index through the ORM. `document` is
    FTS5's hidden column named after the table, which MATCH and bm25() take.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_row",
    )
    document = FullTextDocument(db_column="archive_article_fts")

    # The database fills the index: nothing lists or dumps its rows through the ORM (on
    # PostgreSQL the table does not exist), while searches still join it by relation.
    objects = NoRowsManager()

    class Meta:
        managed = False
        db_table = "archive_article_fts"

    def __str__(self) -> str:
        return f"search index row of article {self.article_id}"
