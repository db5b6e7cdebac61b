"""Entity merges (with undo) and merge suggestions (find, accept, dismiss)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from archive.admin.base import CurationAdminMixin, UndoneListFilter, entity_admin_url, plural
from archive.kinds import KINDS
from archive.models import EntityKind, EntityMerge, MergeSuggestion
from archive.services import duplicates, entity_queries, merging


def _entity_cell(kind: str, pk: int, name: str) -> str:
    return format_html('<a href="{}">{}</a>', entity_admin_url(kind, pk), name)


@admin.register(EntityMerge)
class EntityMergeAdmin(CurationAdminMixin, admin.ModelAdmin):
    # "Merged → survivor (kind)" already names both: few columns, so the list fits 1280 px.
    list_display = ("__str__", "survivor_link", "performed_by", "created_at", "undone_at")
    list_filter = ("kind", UndoneListFilter)
    list_select_related = ("performed_by",)
    search_fields = ("survivor_name", "merged_name")
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ("undo_selected",)
    change_form_template = "admin/archive/entitymerge/change_form.html"
    fields = (
        "kind",
        "merged_link",
        "survivor_link",
        "performed_by",
        "created_at",
        "undone_at",
        "snapshot_summary",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # merges are made by merging, never typed in

    def view_on_site(self, obj: EntityMerge) -> str | None:
        """The survivor's public page (the merge record's own URL is this admin page)."""
        model = KINDS[obj.kind].model if obj.kind in KINDS else None
        survivor = model.objects.filter(pk=obj.survivor_id).first() if model else None
        if survivor is None or not survivor.is_public:
            return None
        return survivor.get_absolute_url()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.merge_entities")

    @admin.display(description="merged record")
    def merged_link(self, obj: EntityMerge) -> str:
        return _entity_cell(obj.kind, obj.merged_id, obj.merged_name)

    @admin.display(description="survivor")
    def survivor_link(self, obj: EntityMerge) -> str:
        return _entity_cell(obj.kind, obj.survivor_id, obj.survivor_name)

    @admin.display(description="what moved")
    def snapshot_summary(self, obj: EntityMerge) -> str:
        snapshot = obj.snapshot or {}
        moved = sum(len(link["ids"]) for link in snapshot.get("links", []))
        rows = len(snapshot.get("rows", []))
        return (
            f"{plural(moved, 'mention or quote', 'mentions and quotes')} re-linked, "
            f"{plural(rows, 'record')} saved with history"
        )

    @admin.action(description="Undo selected merges (newest first)", permissions=["merge"])
    def undo_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.undo_each(request, queryset, merging.undo_merge, "merge")

    def get_urls(self) -> list:
        return [
            self.page_url("<int:object_id>/undo/", self.undo_view, "undo", post_only=True),
            *super().get_urls(),
        ]

    def undo_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """POST only (405 otherwise, see get_urls): undo one merge."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        merge = get_object_or_404(EntityMerge, pk=object_id)
        if merge.is_undone:
            # A second click, or a second curator: nothing to do, and say when it happened.
            self.report(
                request,
                f"This merge was already undone on {merge.undone_at:%Y-%m-%d %H:%M}; "
                "nothing changed.",
                messages.WARNING,
            )
            return HttpResponseRedirect(
                reverse("admin:archive_entitymerge_change", args=[merge.pk])
            )
        try:
            merging.undo_merge(merge, user=request.user)
        except entity_queries.CurationError as problem:
            self.report(request, str(problem), messages.ERROR)
        else:
            self.report(request, f"Undid the merge {merge}.")
        return HttpResponseRedirect(reverse("admin:archive_entitymerge_change", args=[merge.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge": self.has_merge_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ("pair", "kind", "score", "reason", "status", "decide_link")
    list_filter = ("status", "kind")
    search_fields = ("first_name", "second_name")
    show_full_result_count = False
    actions = ("accept_selected", "dismiss_selected")
    change_list_template = "admin/archive/mergesuggestion/change_list.html"
    view_on_site = False  # its URL is this admin page
    readonly_fields = (
        "kind",
        "first_id",
        "second_id",
        "first_name",
        "second_name",
        "score",
        "reason",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # suggestions are found by the service

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.merge_entities")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Open ones first, the most similar first.
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_first=Case(
                    When(status=MergeSuggestion.Status.OPEN, then=Value(0)),
                    default=Value(1),
                    output_field=models.IntegerField(),
                )
            )
            .order_by("open_first", "-score", "id")
        )

    @admin.display(description="likely the same")
    def pair(self, obj: MergeSuggestion) -> str:
        return format_html(
            "{} ≈ {}",
            _entity_cell(obj.kind, obj.first_id, obj.first_name),
            _entity_cell(obj.kind, obj.second_id, obj.second_name),
        )

    @admin.display(description="")
    def decide_link(self, obj: MergeSuggestion) -> str:
        if obj.status != MergeSuggestion.Status.OPEN:
            return "—"
        url = reverse("admin:archive_mergesuggestion_decide", args=[obj.pk])
        return format_html('<a class="button" href="{}">Compare &amp; decide</a>', url)

    @admin.action(
        description="Merge selected pairs (keep the confirmed or more mentioned record)",
        permissions=["merge"],
    )
    def accept_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        merged = 0
        for suggestion in queryset.filter(status=MergeSuggestion.Status.OPEN):
            try:
                duplicates.accept_merge_suggestion(
                    suggestion, user=request.user, confirm_survivor=True
                )
                merged += 1
            except entity_queries.CurationError as problem:
                self.report(request, f"{suggestion}: {problem}", messages.WARNING)
        self.report(request, f"Merged {plural(merged, 'pair')}.")

    @admin.action(description="Dismiss selected suggestions", permissions=["change"])
    def dismiss_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = duplicates.dismiss_merge_suggestions(queryset)
        self.report(request, f"Dismissed {plural(count, 'suggestion')}.")

    def get_urls(self) -> list:
        return [
            self.page_url("find/", self.find_view, "find", post_only=True),
            self.page_url("<int:object_id>/decide/", self.decide_view, "decide"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None):
        extra_context = {
            **(extra_context or {}),
            "can_find": self.has_merge_permission(request),
            "kind_choices": EntityKind.choices,
        }
        return super().changelist_view(request, extra_context)

    def find_view(self, request: HttpRequest) -> HttpResponse:
        """POST only (405 otherwise): run suggest_merges (one kind or all), back to the list."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        kind = request.POST.get("kind") or None
        if kind is not None and kind not in KINDS:
            kind = None
        created = duplicates.suggest_merges(kind)
        self.report(request, f"Found {plural(len(created), 'new likely duplicate')}.")
        return HttpResponseRedirect(
            reverse("admin:archive_mergesuggestion_changelist") + "?status__exact=open"
        )

    def decide_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Both records side by side: keep one (merge the other into it), or dismiss."""
        suggestion = get_object_or_404(MergeSuggestion, pk=object_id)
        if not self.has_view_permission(request, suggestion):
            raise PermissionDenied
        changelist = reverse("admin:archive_mergesuggestion_changelist")
        if request.method == "POST":
            decision = request.POST.get("decision", "")
            if decision == "dismiss":
                if not self.has_change_permission(request, suggestion):
                    raise PermissionDenied
                duplicates.dismiss_merge_suggestions(
                    MergeSuggestion.objects.filter(pk=suggestion.pk)
                )
                self.report(request, f"Dismissed {suggestion}.")
                return HttpResponseRedirect(changelist + "?status__exact=open")
            if decision.startswith("keep:") and decision[5:].isdigit():
                if not self.has_merge_permission(request):
                    raise PermissionDenied
                try:
                    merge = duplicates.accept_merge_suggestion(
                        suggestion,
                        survivor_id=int(decision[5:]),
                        user=request.user,
                        confirm_survivor=True,
                    )
                except entity_queries.CurationError as problem:
                    self.report(request, str(problem), messages.ERROR)
                else:
                    self.report(request, f"Merged: {merge}.")
                    return HttpResponseRedirect(changelist + "?status__exact=open")
        records = []
        model = KINDS[suggestion.kind].model if suggestion.kind in KINDS else None
        if model is not None:
            found = {
                e.pk: e
                for e in model.objects.filter(
                    pk__in=[suggestion.first_id, suggestion.second_id]
                ).annotate(mention_count=entity_queries.mention_count_subquery(suggestion.kind))
            }
            samples = entity_queries.sample_mentions(
                [(suggestion.kind, pk) for pk in found], per_entity=3
            )
            for pk in (suggestion.first_id, suggestion.second_id):
                if pk in found:
                    records.append(
                        {
                            "entity": found[pk],
                            "admin_url": entity_admin_url(suggestion.kind, pk),
                            "samples": samples.get((suggestion.kind, pk), []),
                        }
                    )
        default_survivor = None
        if len(records) == 2:
            default_survivor = merging.choose_survivor(records[0]["entity"], records[1]["entity"])[
                0
            ].pk
        context = {
            **self.admin_site.each_context(request),
            "opts": MergeSuggestion._meta,
            "title": f"Are these the same {suggestion.kind}?",
            "suggestion": suggestion,
            "records": records,
            "default_survivor": default_survivor,
            "can_merge": self.has_merge_permission(request),
            "can_dismiss": self.has_change_permission(request, suggestion),
        }
        return TemplateResponse(request, "admin/archive/mergesuggestion/decide.html", context)
