"""Import runs and their per-file records: browsable, failures first, and undoable."""

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
from django.utils.html import format_html, format_html_join

from archive.admin.base import CurationAdminMixin, plural
from archive.admin.import_uploads import ImportUploadViewsMixin
from archive.models import ImportRecord, ImportRun
from archive.services import import_undo
from archive.services.import_runs import is_abandoned

#: Failures listed on an import run's page (the rest are one click away).
FAILURES_SHOWN = 50


def _records_url(run_id: int, **filters: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"run": run_id, **filters}.items())
    return reverse("admin:archive_importrecord_changelist") + "?" + query


class ReadOnlyAdminMixin:
    """Imports are written by the importer only; the admin shows them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ImportRunStatusFilter(admin.SimpleListFilter):
    """Status as a curator means it: a run that finished but had failed files "failed" too.

    ImportRun.status says whether the run itself completed; failed_count whether its files did.
    """

    title = "status"
    parameter_name = "outcome"

    FAILED = "failed"
    CLEAN = "clean"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (self.FAILED, "Failed (any failed file)"),
            (self.CLEAN, "Finished without failures"),
            (ImportRun.Status.QUEUED, "Queued"),
            (ImportRun.Status.RUNNING, "Running"),
            (ImportRun.Status.ABANDONED, "Abandoned"),
            (ImportRun.Status.STOPPED, "Stopped"),
            (ImportRun.Status.UNDONE, "Undone"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == self.FAILED:
            return queryset.filter(
                models.Q(status=ImportRun.Status.FAILED) | models.Q(failed_count__gt=0)
            )
        if value == self.CLEAN:
            return queryset.filter(status=ImportRun.Status.FINISHED, failed_count=0)
        if value in ImportRun.Status.values:
            return queryset.filter(status=value)
        return queryset


def run_status_label(run: ImportRun) -> str:
    """The run's status, saying so when it finished with failed files."""
    if run.status == ImportRun.Status.FINISHED and run.failed_count:
        return "Finished with failures"
    if is_abandoned(run):  # its process died before the next import could mark it
        return "Abandoned (its process died)"
    return run.get_status_display()


@admin.register(ImportRun)
class ImportRunAdmin(
    ImportUploadViewsMixin, CurationAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    # Few, narrow columns: the failures must be visible at 1280 px without scrolling sideways.
    list_display = (
        "__str__",
        "status_display",
        "files_summary",
        "failures_link",
        "started_by",
    )
    list_filter = (ImportRunStatusFilter, "dry_run")
    view_on_site = False  # its URL is this admin page
    list_select_related = ("started_by",)
    date_hierarchy = "started_at"
    actions = ("undo_selected",)
    change_form_template = "admin/archive/importrun/change_form.html"
    change_list_template = "admin/archive/importrun/change_list.html"
    fields = (
        "status_display",
        "started_at",
        "finished_at",
        "started_by",
        "paths",
        "options",
        "dry_run",
        "counts",
        "records_link",
        "failures",
    )
    readonly_fields = fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # undo instead: it puts the archive back as it was

    def has_undo_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("archive.undo_importrun")

    @admin.display(description="status", ordering="status")
    def status_display(self, obj: ImportRun) -> str:
        label = run_status_label(obj)
        if obj.status == ImportRun.Status.FAILED or obj.failed_count:
            return format_html('<span class="import-failed">{}</span>', label)
        return label

    @admin.display(description="files")
    def files_summary(self, obj: ImportRun) -> str:
        parts = [
            f"{count} {label}"
            for count, label in (
                (obj.created_count, "created"),
                (obj.updated_count, "updated"),
                (obj.unchanged_count, "unchanged"),
                (obj.duplicate_count, "duplicate" if obj.duplicate_count == 1 else "duplicates"),
            )
            if count
        ]
        return f"{plural(obj.file_count, 'file')}" + (f": {', '.join(parts)}" if parts else "")

    @admin.display(description="failed", ordering="failed_count")
    def failures_link(self, obj: ImportRun) -> str:
        if not obj.failed_count:
            return "0"
        return format_html(
            '<a class="import-failed" href="{}">{} failed</a>',
            _records_url(obj.pk, outcome__exact="failed"),
            obj.failed_count,
        )

    @admin.display(description="files")
    def counts(self, obj: ImportRun) -> str:
        return (
            f"{plural(obj.file_count, 'file')}: {obj.created_count} created, "
            f"{obj.updated_count} updated, {obj.unchanged_count} unchanged, "
            f"{plural(obj.duplicate_count, 'duplicate')}, {obj.failed_count} failed"
        )

    @admin.display(description="records")
    def records_link(self, obj: ImportRun) -> str:
        return format_html('<a href="{}">Every file of this run</a>', _records_url(obj.pk))

    @admin.display(description="failures")
    def failures(self, obj: ImportRun) -> str:
        failed = list(
            obj.records.filter(outcome=ImportRecord.Outcome.FAILED)
            .order_by("id")
            .values_list("path", "error")[:FAILURES_SHOWN]
        )
        if not failed:
            return "None"
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", failed)
        return format_html(
            '<table class="import-failures"><thead><tr><th>File</th><th>Error</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            rows,
        )

    @admin.action(description="Undo selected import runs", permissions=["undo"])
    def undo_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        # Newest first: a later run may have updated what an earlier one created.
        for run in queryset.order_by("-pk"):
            try:
                result = import_undo.undo_import_run(run, user=request.user)
            except import_undo.ImportUndoError as problem:
                self.report(request, f"{run}: {problem}", messages.ERROR)
            else:
                self.report(request, result.summary())
                for note in result.notes[:10]:
                    self.report(request, note, messages.WARNING)

    def get_urls(self) -> list:
        return [
            self.page_url("<int:object_id>/undo/", self.undo_view, "undo"),
            *self.upload_urls(),
            *super().get_urls(),
        ]

    def undo_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Say what undoing would do; undo on confirmation."""
        if not self.has_undo_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=object_id)
        if request.method == "POST":
            try:
                result = import_undo.undo_import_run(run, user=request.user)
            except import_undo.ImportUndoError as problem:
                self.report(request, str(problem), messages.ERROR)
            else:
                self.report(request, result.summary())
                for note in result.notes[:10]:
                    self.report(request, note, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:archive_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": ImportRun._meta,
            "title": f"Undo {run}?",
            "run": run,
            "plan": import_undo.plan_import_undo(run),
        }
        return TemplateResponse(request, "admin/archive/importrun/undo.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            **self.progress_context(request, object_id),
            "can_undo": self.has_undo_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)


@admin.register(ImportRecord)
class ImportRecordAdmin(CurationAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("path", "outcome", "short_error", "article", "run")
    view_on_site = False  # its URL is this admin page
    list_filter = ("outcome",)
    list_select_related = ("article", "run")
    search_fields = ("path", "error")
    show_full_result_count = False
    list_per_page = 100
    # Failures first, then in the order the files were imported.
    ordering = (
        Case(
            When(outcome=ImportRecord.Outcome.FAILED, then=Value(0)),
            default=Value(1),
            output_field=models.IntegerField(),
        ).asc(),
        "-run",
        "id",
    )
    fields = ("run", "path", "outcome", "error", "article", "content_hash", "created_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # previous_state can be a whole article: the list never shows it.
        return super().get_queryset(request).defer("previous_state")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="error")
    def short_error(self, obj: ImportRecord) -> str:
        return obj.error if len(obj.error) <= 120 else obj.error[:119] + "…"
