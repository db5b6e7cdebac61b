"""Stories: a curator splits an article out of a wrong story or joins stories, with undo."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from archive.admin.base import CurationAdminMixin, UndoneListFilter, plural
from archive.models import ArticleFingerprint, Story, StoryBand, StoryChange
from archive.services import stories
from archive.services.entity_queries import CurationError


class StoryActionsMixin:
    """Article admin actions (see ArticleAdmin.actions): split and join stories."""

    def has_story_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.change_article")

    @admin.action(description="Split selected articles out of their stories", permissions=["story"])
    def split_from_story_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        split = 0
        for article in queryset.order_by("pk"):
            try:
                stories.split_article(article, user=request.user)
                split += 1
            except CurationError as problem:
                self.report(request, str(problem), messages.WARNING)
        if split:
            self.report(
                request, f"Split {plural(split, 'article')} out of their stories (undo: Stories)."
            )

    @admin.action(
        description="Join selected articles (and their copies) into one story",
        permissions=["story"],
    )
    def join_stories_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            change = stories.join_articles(list(queryset), user=request.user)
        except CurationError as problem:
            self.report(request, str(problem), messages.ERROR)
            return
        self.report(request, f"{change} (undo: Stories).")


@admin.register(StoryChange)
class StoryChangeAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "action", "story_link", "performed_by", "created_at", "undone_at")
    list_filter = ("action", UndoneListFilter)
    list_select_related = ("performed_by",)
    show_full_result_count = False
    actions = ("undo_selected",)
    fields = ("action", "description", "story_link", "performed_by", "created_at", "undone_at")
    readonly_fields = fields
    view_on_site = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # changes are made by the article actions

    def has_change_permission(self, request: HttpRequest, obj: StoryChange | None = None) -> bool:
        return False

    def has_story_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.change_article")

    @admin.display(description="story")
    def story_link(self, obj: StoryChange) -> str:
        if obj.story_id is None:
            return "—"
        url = reverse("admin:archive_article_changelist") + f"?story__id__exact={obj.story_id}"
        return format_html('<a href="{}">{}</a>', url, f"story {obj.story_id}")

    @admin.action(description="Undo selected changes (newest first)", permissions=["story"])
    def undo_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.undo_each(request, queryset, stories.undo_story_change, "story change")


@admin.register(Story)
class StoryAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "representative", "created_at")
    list_select_related = ("representative",)
    readonly_fields = ("representative", "created_at", "copies")
    fields = readonly_fields
    show_full_result_count = False
    view_on_site = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # stories are found at import or made by joining articles

    def has_change_permission(self, request: HttpRequest, obj: Story | None = None) -> bool:
        return False

    @admin.display(description="copies")
    def copies(self, obj: Story) -> str:
        url = reverse("admin:archive_article_changelist") + f"?story__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, "the articles of this story")


class _IndexAdmin(CurationAdminMixin, admin.ModelAdmin):
    """The stored story index: written by imports, read-only here."""

    list_select_related = ("article",)
    show_full_result_count = False
    view_on_site = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ArticleFingerprint)
class ArticleFingerprintAdmin(_IndexAdmin):
    list_display = ("article", "kept_apart")
    list_filter = ("kept_apart",)
    fields = readonly_fields = ("article", "kept_apart")


@admin.register(StoryBand)
class StoryBandAdmin(_IndexAdmin):
    list_display = ("key", "article")
    fields = readonly_fields = ("key", "article")
