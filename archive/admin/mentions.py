"""Mentions and quotes on their own: the changelists a curator reviews them in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from archive.admin.base import CurationAdminMixin, article_text_fields, entity_link, plural
from archive.kinds import KINDS
from archive.models import Mention, Quote, ReviewStatus
from archive.services import entity_counts, review
from archive.services.distinct_values import distinct_values

# --------------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------------


class MentionForm(forms.ModelForm):
    class Meta:
        model = Mention
        fields = (
            "article",
            "organization",
            "person",
            "event",
            "place",
            "start",
            "end",
            "text",
            "sentence",
            "role",
            "review_status",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        linked = [kind for kind in KINDS if cleaned.get(kind.mention_field)]
        if len(linked) != 1:
            raise forms.ValidationError("Link the mention to exactly one record of any kind.")
        self.instance.kind = linked[0].value
        return cleaned


class ExtractorFilter(admin.SimpleListFilter):
    """By the rule or model that made a mention; the choices read from the extractor index."""

    title = "extractor"
    parameter_name = "extractor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, value or "(none)") for value in distinct_values(Mention, "extractor")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset if value is None else queryset.filter(extractor=value)


@admin.register(Mention)
class MentionAdmin(CurationAdminMixin, admin.ModelAdmin):
    form = MentionForm
    list_display = (
        "text",
        "kind",
        "entity_display",
        "article_link",
        "review_status",
        "confidence",
        "extractor",
    )
    list_filter = ("review_status", "kind", ExtractorFilter)
    search_fields = ("text", "article__title")
    list_select_related = ("article", "organization", "person", "event", "place")
    autocomplete_fields = ("article", "organization", "person", "event", "place")
    readonly_fields = ("kind", "created_at")
    show_full_result_count = False
    list_per_page = 100
    # Article by article in import order, each in text order: the order of the mention
    # indexes. By the article's own ordering (its date), one record's list sorted all of its
    # mentions' articles before showing 100.
    ordering = ("article_id", "start", "id")
    actions = ("confirm_selected", "reject_selected", "move_selected")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.is_changelist_request(request):
            # Each row shows its article's title: its texts stay in the database.
            queryset = queryset.defer(*article_text_fields("raw_text", "body", prefix="article__"))
        return queryset

    def delete_model(self, request: HttpRequest, obj: Mention) -> None:
        review.delete_mentions(Mention.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        review.delete_mentions(queryset)

    @admin.display(description="entity")
    def entity_display(self, obj: Mention) -> str:
        return entity_link(obj.entity)

    @admin.display(description="article", ordering="article__title")
    def article_link(self, obj: Mention) -> str:
        url = reverse("admin:archive_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title[:80])

    def save_model(self, request: HttpRequest, obj: Mention, form: forms.ModelForm, change: bool):
        relinked = any(field in form.changed_data for field in KINDS.mention_fields())
        if relinked and "review_status" not in form.changed_data:
            obj.review_status = ReviewStatus.CONFIRMED  # a curator placed it: keep it
        before = (
            entity_counts.entities_of_mentions(Mention.objects.filter(pk=obj.pk)) if change else {}
        )
        super().save_model(request, obj, form, change)
        # Its records' counts and review queue groups follow the edit (text, record, review).
        entity_counts.recount_entities(
            entity_counts.merge_ids(before, entity_counts.entities_of_mentions([obj]))
        )

    @admin.action(description="Confirm selected mentions", permissions=["change"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = review.confirm_mentions(queryset)
        self.report(request, f"Confirmed {plural(count, 'mention')}.")

    @admin.action(description="Reject selected mentions", permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = review.reject_mentions(queryset)
        self.report(request, f"Rejected {plural(count, 'mention')}.")

    @admin.action(
        description="Move selected mentions to another record (split)…", permissions=["change"]
    )
    def move_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True)[:500])
        return HttpResponseRedirect(reverse("admin:archive_mention_move") + f"?ids={ids}")

    def get_urls(self) -> list:
        from archive.admin.review import review_urls

        return [
            *review_urls(self.admin_site),
            *super().get_urls(),
        ]


# --------------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------------


@admin.register(Quote)
class QuoteAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ("short_text", "speaker", "speaker_name", "article_link", "review_status")
    list_filter = ("review_status", "extractor")
    search_fields = ("text", "speaker_name", "speaker__name", "article__title")
    list_select_related = ("speaker", "article")
    autocomplete_fields = ("article", "speaker")
    show_full_result_count = False
    actions = ("confirm_selected", "reject_selected")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.is_changelist_request(request):
            # Each row shows its article's title: its texts stay in the database.
            queryset = queryset.defer(*article_text_fields("raw_text", "body", prefix="article__"))
        return queryset

    @admin.display(description="quote")
    def short_text(self, obj: Quote) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="article", ordering="article__title")
    def article_link(self, obj: Quote) -> str:
        url = reverse("admin:archive_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title[:80])

    @admin.action(description="Confirm selected quotes", permissions=["change"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.exclude(review_status=ReviewStatus.CONFIRMED).update(
            review_status=ReviewStatus.CONFIRMED
        )
        self.report(request, f"Confirmed {plural(count, 'quote')}.")

    @admin.action(description="Reject selected quotes", permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.exclude(review_status=ReviewStatus.REJECTED).update(
            review_status=ReviewStatus.REJECTED
        )
        self.report(request, f"Rejected {plural(count, 'quote')}.")


__all__ = ["MentionAdmin", "QuoteAdmin"]
