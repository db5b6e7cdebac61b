"""Sources and articles (with their mentions and quotes inline); mentions.py has their own lists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from archive import search
from archive.admin.base import CurationAdminMixin, article_text_fields, entity_link, plural
from archive.admin.stories import StoryActionsMixin
from archive.languages import language_choices, language_name
from archive.models import (
    Article,
    ArticleStatus,
    Mention,
    Quote,
    ReviewStatus,
    Source,
)
from archive.services import (
    article_markup,
    entity_counts,
    entity_queries,
    facets,
    publishing,
    removed_blocks,
)

# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ("name", "domain", "article_total", "created_at")
    search_fields = ("name", "domain", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.is_changelist_request(request):
            queryset = queryset.annotate(article_total=Count("articles"))
        return queryset

    @admin.display(description="articles", ordering="article_total")
    def article_total(self, obj: Source) -> str:
        url = reverse("admin:archive_article_changelist") + f"?source__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, getattr(obj, "article_total", 0))


# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------


class PublishedYearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = sorted(facets.published_per_year(Article.objects.all()), reverse=True)
        return [(str(year), str(year)) for year in years] + [("none", "Undated")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "none":
            return queryset.filter(published_on__isnull=True)
        if value and value.isdigit():
            return queryset.filter(published_on__year=int(value))
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """The languages the archive reads (settings.ARCHIVE_LANGUAGES), named; no query."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return language_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset.filter(language=value) if value else queryset


#: Mentions an article's change page lists inline; the rest are one link away, in the Mentions
#: list filtered to the article. Rendering (and, on save, checking) a form per mention made a
#: page with hundreds of them slow and far wider than the screen.
MENTION_INLINE_LIMIT = 20


class _LoadedObjectField(forms.ModelChoiceField):
    """The hidden id of an inline row, checked against the rows the formset already loaded.

    Django's own field runs one query per row to check it; these rows are in memory.
    """

    def __init__(self, find: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.find = find

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        found = self.find(value)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class CappedMentionFormSet(forms.BaseInlineFormSet):
    """The article's first MENTION_INLINE_LIMIT mentions, in text order: one query however
    many the article has, and none per row when the form is saved."""

    def get_queryset(self) -> QuerySet:
        if not hasattr(self, "_capped_queryset"):
            self._capped_queryset = super().get_queryset()[:MENTION_INLINE_LIMIT]
        return self._capped_queryset

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields[name]
        form.fields[name] = _LoadedObjectField(
            self._loaded_mention,
            queryset=field.queryset,
            required=False,
            initial=field.initial,
            widget=field.widget,
        )

    def _loaded_mention(self, value: Any) -> Mention | None:
        try:
            pk = self._pk_field.to_python(value)
        except forms.ValidationError:
            return None
        return self._existing_object(pk)


class MentionInline(admin.TabularInline):
    """The article's first mentions, compact and read-only but for their review status; all of
    them (to re-link, split or bulk "move") are in the Mentions list the inline links to."""

    model = Mention
    formset = CappedMentionFormSet
    template = "admin/archive/article/mention_inline.html"
    extra = 0
    max_num = 0  # spans are made by the extractor; a curator reviews them here
    can_delete = True
    show_change_link = True
    fields = ("text", "entity_display", "span", "review_status", "confidence", "extractor")
    readonly_fields = ("text", "entity_display", "span", "confidence", "extractor")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_entity()

    @admin.display(description="entity")
    def entity_display(self, obj: Mention) -> str:
        return entity_link(obj.entity) if obj.pk else "—"

    @admin.display(description="characters")
    def span(self, obj: Mention) -> str:
        return f"{obj.start}\u2013{obj.end}" if obj.pk else "—"


class QuoteInline(admin.StackedInline):
    """Stacked: a quote is a paragraph, read across the form, with its speaker and status on
    one line under it (a table squeezed it into a narrow column and cut the status off)."""

    model = Quote
    extra = 0
    max_num = 0
    show_change_link = True
    fields = ("text", ("speaker", "speaker_name", "review_status"), ("start", "end"))
    readonly_fields = ("text", "start", "end")
    autocomplete_fields = ("speaker",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("speaker")


@admin.register(Article)
class ArticleAdmin(StoryActionsMixin, CurationAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "status",
        "published_on",
        "source",
        "language_name",
        "mention_total",
        "needs_review",
        "updated_at",
    )
    list_filter = ("status", "needs_review", PublishedYearFilter, LanguageFilter, "source")
    list_select_related = ("source",)
    # Searched by `get_search_results` below (not `icontains` over each of them).
    search_fields = ("title", "slug", "origin", "url")
    date_hierarchy = "published_on"
    show_full_result_count = False
    list_per_page = 50
    autocomplete_fields = ("source",)
    inlines = (MentionInline, QuoteInline)
    actions = (
        "publish_selected",
        "withdraw_selected",
        "return_to_draft_selected",
        "reextract_selected",
        "split_from_story_selected",
        "join_stories_selected",
    )
    change_form_template = "admin/archive/article/change_form.html"

    @admin.display(description="Language", ordering="language")
    def language_name(self, article: Article) -> str:
        return language_name(article.language)

    def view_on_site(self, obj: Article) -> str | None:
        """Only a published article has a public page (the one "View on site" link)."""
        return obj.get_absolute_url() if obj.status == ArticleStatus.PUBLISHED else None

    # The body is read-only: mention and quote spans point into it (re-import to change it).
    readonly_fields = (
        "body",
        "slug",
        "published_on_origin",
        "origin",
        "content_hash",
        "word_count",
        "curated_fields",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "status", "needs_review", "review_note")}),
        (
            "Publication",
            {"fields": ("published_on", "published_on_origin", "byline", "source", "url")},
        ),
        ("Text", {"fields": ("lede", "body")}),
        (
            "Import",
            {
                "classes": ("collapse",),
                "fields": (
                    "slug",
                    "origin",
                    "language",
                    "content_hash",
                    "word_count",
                    "curated_fields",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.is_changelist_request(request):
            # The list shows neither text: leave the big columns in the database.
            # A correlated count, not a join and GROUP BY over every article: the page's rows
            # are counted after the list is ordered and cut (at 100,000 articles the grouped
            # count took 20 s, and the date hierarchy and paging repeated it).
            queryset = queryset.defer(*article_text_fields("raw_text", "body")).annotate(
                mention_total=entity_queries.mention_count_subquery(
                    "article", include_rejected=True
                )
            )
        return queryset

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Articles with the words (the full-text index: title, lede and body, as the public
        search reads them), or whose slug starts with the text, or whose address or import
        origin is the text: each an index search. `icontains` over five columns read every
        article's row (0.9-1.4 s at 100,000 articles)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        words = search.search_articles(Article.objects.order_by(), term).values("pk")
        named = Article.objects.filter(Q(slug__prefix=term) | Q(origin=term) | Q(url=term))
        # One list of ids: beside `OR id IN (...)` PostgreSQL tested every row (no BitmapOr).
        return queryset.filter(pk__in=words.union(named.order_by().values("pk"))), False

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")  # the workflow needs archive.publish_article
        return readonly

    @admin.display(description="mentions", ordering="mention_total")
    def mention_total(self, obj: Article) -> str:
        url = reverse("admin:archive_mention_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, getattr(obj, "mention_total", 0))

    def save_model(self, request: HttpRequest, obj: Article, form: forms.ModelForm, change: bool):
        # What the curator changed is theirs: the loader never overwrites curated fields.
        publishing.record_curator_edit(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        # A quote whose speaker a curator set is the curator's: a re-import keeps it.
        for inline_form in formset.forms:
            instance = inline_form.instance
            if (
                isinstance(instance, Quote)
                and "speaker" in inline_form.changed_data
                and "review_status" not in inline_form.changed_data
            ):
                instance.review_status = ReviewStatus.CONFIRMED
        super().save_formset(request, form, formset, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The status, a mention's review or a deleted mention move its records' counts.
        named_before = entity_counts.entities_of_articles([form.instance.pk]) if change else {}
        super().save_related(request, form, formsets, change)
        entity_counts.recount_articles([form.instance.pk], before=named_before)

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        publishing.delete_articles(Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        publishing.delete_articles(queryset)

    # -- workflow actions ----------------------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.publish_article")

    def has_reextract_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.reextract_article")

    def _report_status_change(
        self, request: HttpRequest, outcome: publishing.StatusChange, verb: str
    ) -> None:
        self.report(request, f"{verb} {plural(len(outcome.changed), 'article')}.")
        if outcome.skipped:
            self.report(
                request,
                f"Left {plural(len(outcome.skipped), 'article')} as they were "
                "(already there, or not allowed from their status).",
                messages.WARNING,
            )

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        outcome = publishing.publish_articles(_for_status_change(queryset), user=request.user)
        self._report_status_change(request, outcome, "Published")

    @admin.action(description="Withdraw selected articles", permissions=["publish"])
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        outcome = publishing.withdraw_articles(_for_status_change(queryset), user=request.user)
        self._report_status_change(request, outcome, "Withdrew")

    @admin.action(description="Return selected articles to draft", permissions=["publish"])
    def return_to_draft_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        outcome = publishing.return_articles_to_draft(
            _for_status_change(queryset), user=request.user
        )
        self._report_status_change(request, outcome, "Returned to draft")

    @admin.action(
        description="Re-run entity extraction on selected articles", permissions=["reextract"]
    )
    def reextract_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        from archive.services import reextract

        try:
            outcome = reextract.reextract_articles(
                list(queryset.values_list("pk", flat=True)), user=request.user
            )
        except reextract.ReextractError as problem:
            self.report(request, str(problem), messages.ERROR)
            return
        self.report(request, outcome.summary())
        if outcome.failed:
            self.report(request, "; ".join(outcome.failed[:10]), messages.WARNING)

    # -- the side-by-side view ----------------------------------------------------------------

    def get_urls(self) -> list:
        return [
            self.page_url("<int:object_id>/compare/", self.compare_view, "compare"),
            self.page_url(
                "<int:object_id>/restore-block/<int:index>/",
                self.restore_block_view,
                "restore_block",
                post_only=True,
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The text as read beside the cleaned body, mentions highlighted."""
        article = get_object_or_404(Article.objects.select_related("source"), pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        mentions = list(article.mentions.with_entity().exclude(review_status=ReviewStatus.REJECTED))
        # The same markup (and kind colours) as the public page, as <mark>s rather than links.
        body = article_markup.mark_up_body(article.body, mentions, as_links=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": Article._meta,
            "original": article,
            "title": f"Raw text and cleaned body: {article.title}",
            "article": article,
            "paragraphs": body.paragraphs,
            "marked_count": len(body.marked),
            "mention_count": len(mentions),
        }
        return TemplateResponse(request, "admin/archive/article/compare.html", context)

    # -- removed blocks -----------------------------------------------------------------------

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Article | None = None,
    ) -> HttpResponse:
        # Here rather than in change_view: the article is already loaded, and a save that
        # succeeds redirects without rendering (nor counting) anything.
        if obj is not None and obj.pk:
            context["cleaning_rows"] = _cleaning_rows(obj)
            context["mention_total"] = obj.mentions.count()
            context["mention_inline_limit"] = MENTION_INLINE_LIMIT
            context["mentions_url"] = (
                reverse("admin:archive_mention_changelist") + f"?article__id__exact={obj.pk}"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def restore_block_view(self, request: HttpRequest, object_id: int, index: int) -> HttpResponse:
        """POST only (405 otherwise): put a block the cleaner removed back where it stood."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            removed_blocks.restore_removed_block(article, index, user=request.user)
        except removed_blocks.RestoreError as problem:
            self.report(request, f"Nothing restored: {problem}.", messages.ERROR)
        else:
            self.report(request, "Restored the removed block into the body.")
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[article.pk]))


def _cleaning_rows(article: Article) -> list[dict[str, Any]]:
    """The kept paragraphs with the removed blocks between them, where each stood: the rows
    of the side-by-side table on the change page (kept text left, removed text right)."""
    blocks = [
        {"index": index, **block}
        for index, block in enumerate(article.removed_blocks or [])
        if isinstance(block, dict)
    ]
    if not blocks:
        return []
    rows: list[dict[str, Any]] = []
    paragraphs = article.paragraphs
    for position in range(len(paragraphs) + 1):
        for block in blocks:
            at_end = position == len(paragraphs) and block.get("position", 0) >= position
            if block.get("position", 0) == position or at_end:
                rows.append({"removed": block})
        if position < len(paragraphs):
            rows.append({"kept": paragraphs[position]})
    return rows


def _for_status_change(queryset: QuerySet) -> QuerySet:
    """The selected articles with every column their history rows copy (raw_text is not one)."""
    return Article.objects.filter(pk__in=queryset.values("pk")).defer(
        *article_text_fields("raw_text")
    )


__all__ = ["ArticleAdmin", "SourceAdmin"]
