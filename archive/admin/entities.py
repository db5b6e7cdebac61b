"""Organizations, people, events and places: one admin class, four registrations."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.base import (
    CurationAdminMixin,
    IsSetListFilter,
    admin_change_url,
    is_autocomplete_request,
    plural,
)
from archive.models import Entity, Event, Mention, Organization, Person, Place, ReviewStatus
from archive.models.entities import QUEUE_COUNT_FIELD
from archive.services import entity_queries, mention_groups, merging, name_keys, review


class MergedListFilter(IsSetListFilter):
    title = "merged"
    parameter_name = "merged"
    null_field = "merged_into"
    no_label = "Current records"
    yes_label = "Merged into another"


class AliasOfForm(forms.Form):
    """“This record is another name of …”: the target is picked with the admin's autocomplete."""

    target = forms.ModelChoiceField(queryset=Organization.objects.none(), label="Canonical record")

    def __init__(self, *args: Any, entity: Entity, admin_site: admin.AdminSite, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model = type(entity)
        self.fields["target"] = forms.ModelChoiceField(
            queryset=model.objects.canonical().exclude(pk=entity.pk),
            label="Canonical record",
            widget=AutocompleteSelect(model._meta.get_field("merged_into"), admin_site),
        )


class EntityForm(forms.ModelForm):
    """The change and add form: a public record's name must not be another public record's
    in any case. The unique constraint says so on PostgreSQL; SQLite's LOWER() folds ASCII
    only, so the stored name keys decide (entity_queries.public_record_named)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        name = cleaned.get("name")
        status = cleaned.get("review_status", self.instance.review_status)
        if name and status != ReviewStatus.REJECTED and self.instance.merged_into_id is None:
            other = entity_queries.public_record_named(
                type(self.instance), name, exclude_pk=self.instance.pk
            )
            if other is not None:
                self.add_error(
                    "name", f"“{other.name}” (#{other.pk}) has this name; merge the two instead."
                )
        return cleaned


class EntityAdmin(CurationAdminMixin, SimpleHistoryAdmin):
    """Shared by the four kinds; subclasses add their own columns, filters and relations."""

    form = EntityForm

    search_fields = ("name", "aliases", "slug")
    #: The columns every kind ends its list with (subclasses put their own before them).
    status_columns = ("review_status", "mention_count", "article_count", "merged_into")
    list_display = ("name", *status_columns, "updated_at")
    list_filter: tuple[Any, ...] = ("review_status", MergedListFilter)
    # merged_into is set by merging (which moves mentions and can be undone), never by hand.
    readonly_fields = ("merged_into", "created_at", "updated_at", "curated_fields", "merge_history")
    # Only the add form fills the slug from the name (see get_prepopulated_fields): a class-level
    # setting would also reach simple_history's version view, whose form has no slug (500).
    prepopulated_fields: dict[str, tuple[str, ...]] = {}
    date_hierarchy = "created_at"
    show_full_result_count = False
    list_per_page = 50
    actions = ("confirm_selected", "reject_selected", "merge_selected")
    change_form_template = "admin/archive/entity_change_form.html"

    def get_list_filter(self, request: HttpRequest) -> tuple[Any, ...]:
        # A kind with a type (`kind`) is filtered by it too, after the review status.
        if self.list_filter != EntityAdmin.list_filter:
            return self.list_filter
        has_type = any(field.name == "kind" for field in self.model._meta.get_fields())
        return ("review_status", "kind", MergedListFilter) if has_type else self.list_filter

    def get_list_select_related(self, request: HttpRequest) -> tuple[str, ...]:
        # The records a row shows beside the entity are the ones its public list shows.
        return ("merged_into", *self.model.entity_kind.shown_with)

    def get_readonly_fields(self, request: HttpRequest, obj: Entity | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("slug")  # public URLs (and links to them) must keep working
        return readonly

    def get_prepopulated_fields(self, request: HttpRequest, obj: Entity | None = None):
        return {} if obj is not None else {"slug": ("name",)}

    # -- queries -------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.is_changelist_request(request):
            kind = self.model.kind_of_entity
            queryset = queryset.annotate(
                # The stored count the review queue orders by (entity_counts keeps it).
                mention_count=F(QUEUE_COUNT_FIELD),
                article_count=entity_queries.article_count_subquery(kind),
            )
        return queryset

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if is_autocomplete_request(request):
            # Never offer a record that was merged away as a link or merge target.
            queryset = queryset.filter(merged_into__isnull=True)
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and json.dumps(term)[1:-1] != term:
            # Aliases are a JSON list and SQLite keeps its text escaped ("São" as "S\u00e3o"),
            # which the admin's plain icontains misses: match the escaped spelling too.
            results = results | queryset.filter(entity_queries.alias_search_q(term))
        return results, may_have_duplicates

    # -- columns -------------------------------------------------------------------------------

    @admin.display(description="mentions", ordering="mention_count")
    def mention_count(self, obj: Entity) -> str:
        count = getattr(obj, "mention_count", 0)
        query = urlencode({obj.entity_kind.mention_field: obj.pk})
        url = reverse("admin:archive_mention_changelist") + f"?{query}"
        return format_html('<a href="{}">{}</a>', url, count)

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Entity) -> int:
        return getattr(obj, "article_count", 0)

    @admin.display(description="merges")
    def merge_history(self, obj: Entity) -> str:
        if obj.pk is None:
            return "—"
        query = urlencode({"kind": obj.kind_of_entity})
        url = reverse("admin:archive_entitymerge_changelist") + f"?{query}"
        return format_html('<a href="{}">Merges of {}</a>', url, obj._meta.verbose_name_plural)

    # -- actions -------------------------------------------------------------------------------

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.merge_entities")

    @admin.action(description="Confirm selected records", permissions=["change"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            changed = review.confirm_entities(list(queryset), user=request.user)
        except entity_queries.CurationError as problem:
            self.report(request, str(problem), messages.ERROR)
            return
        self.report(request, f"Confirmed {plural(changed, 'record')}.")

    @admin.action(description="Reject selected records (hide them)", permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = review.reject_entities(list(queryset), user=request.user)
        self.report(request, f"Rejected {plural(changed, 'record')}; their mentions too.")

    @admin.action(description="Merge selected records…", permissions=["merge"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        ids = list(queryset.values_list("pk", flat=True)[:21])
        if len(ids) < 2:
            self.report(request, "Select at least two records to merge.", messages.WARNING)
            return None
        if len(ids) > 20:
            self.report(request, "Merge at most 20 records at a time.", messages.WARNING)
            return None
        url = reverse(self._url_name("merge")) + "?ids=" + ",".join(map(str, ids))
        return HttpResponseRedirect(url)

    # -- extra pages ---------------------------------------------------------------------------

    def _url_name(self, suffix: str) -> str:
        opts = self.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_{suffix}"

    def get_urls(self) -> list:
        return [
            self.page_url("merge/", self.merge_view, "merge"),
            self.page_url("<int:object_id>/alias-of/", self.alias_of_view, "alias_of"),
            *super().get_urls(),
        ]

    def merge_view(self, request: HttpRequest) -> HttpResponse:
        """Pick the survivor among the selected records, then merge the others into it."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        raw_ids = request.GET.get("ids") or request.POST.get("ids") or ""
        ids = [int(part) for part in raw_ids.split(",") if part.strip().isdigit()]
        records = list(
            self.model.objects.filter(pk__in=ids).annotate(mention_count=F(QUEUE_COUNT_FIELD))
        )
        changelist = reverse(self._url_name("changelist"))
        if len(records) < 2:
            self.report(request, "Select at least two current records.", messages.WARNING)
            return HttpResponseRedirect(changelist)
        if request.method == "POST":
            survivor = next((r for r in records if str(r.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.report(request, "Choose the record to keep.", messages.ERROR)
            else:
                merged_names = []
                try:
                    for record in records:
                        if record.pk != survivor.pk:
                            # A curator chose the survivor: it is confirmed, as when marking
                            # an alias (every way a curator merges treats it the same).
                            merging.merge_entities(
                                survivor, record, user=request.user, confirm_survivor=True
                            )
                            merged_names.append(record.name)
                except entity_queries.CurationError as problem:
                    self.report(request, str(problem), messages.ERROR)
                if merged_names:
                    self.report(
                        request,
                        f"Merged {', '.join(merged_names)} into {survivor.name}. "
                        "Undo it from Entity merges if that was wrong.",
                    )
                return HttpResponseRedirect(admin_change_url(survivor))
        default = max(
            records,
            key=lambda r: (r.review_status == ReviewStatus.CONFIRMED, r.mention_count, -r.pk),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "records": records,
            "default_survivor": default.pk,
            "ids": ",".join(str(r.pk) for r in records),
        }
        return TemplateResponse(request, "admin/archive/merge_entities.html", context)

    def alias_of_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Mark a record as another name of a canonical one (a merge into it)."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        entity = get_object_or_404(self.model, pk=object_id)
        form = AliasOfForm(request.POST or None, entity=entity, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                merging.mark_alias_of(entity, target, user=request.user)
            except entity_queries.CurationError as problem:
                self.report(request, str(problem), messages.ERROR)
            else:
                self.report(request, f"“{entity}” is now an alias of “{target}”.")
                return HttpResponseRedirect(admin_change_url(target))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"“{entity}” is another name of…",
            "entity": entity,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/archive/alias_of.html", context)

    # -- the stored name keys (archive.services.name_keys) follow every edit and deletion, and a
    # deleted record's review queue groups (archive.services.mention_groups) go with its mentions

    def save_model(self, request: HttpRequest, obj: Entity, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        name_keys.sync_name_keys([obj])

    def delete_model(self, request: HttpRequest, obj: Entity) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        name_keys.forget_name_keys(self.model.kind_of_entity, [pk])
        mention_groups.forget_mention_groups(self.model.kind_of_entity, [pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        name_keys.forget_name_keys(self.model.kind_of_entity, ids)
        mention_groups.forget_mention_groups(self.model.kind_of_entity, ids)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        if object_id.isdigit():
            extra_context["mentions_url"] = (
                reverse("admin:archive_mention_changelist")
                + "?"
                + urlencode({self.model.entity_kind.mention_field: object_id})
            )
            extra_context["mention_total"] = Mention.objects.filter(
                self.model.entity_kind.mentions_of(int(object_id))
            ).count()
            extra_context["alias_of_url"] = reverse(self._url_name("alias_of"), args=[object_id])
            extra_context["can_merge"] = self.has_merge_permission(request)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Organization)
class OrganizationAdmin(EntityAdmin):
    list_display = ("name", "acronym", "kind", "country", *EntityAdmin.status_columns)
    search_fields = (*EntityAdmin.search_fields, "acronym")
    autocomplete_fields = ("country",)


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    list_display = ("name", "role", "affiliation", *EntityAdmin.status_columns)
    autocomplete_fields = ("affiliation",)


@admin.register(Event)
class EventAdmin(EntityAdmin):
    list_display = ("name", "kind", "start_date", "year", "place", *EntityAdmin.status_columns)
    list_filter = ("review_status", "kind", "is_online", "year", MergedListFilter)
    autocomplete_fields = ("place", "organizers")


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    list_display = ("name", "kind", "country", "country_code", *EntityAdmin.status_columns)
    search_fields = (*EntityAdmin.search_fields, "country_code")
    autocomplete_fields = ("country",)
