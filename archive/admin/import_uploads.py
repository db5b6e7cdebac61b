"""Imports started from the admin: the upload page, its POST-only start, and the progress JSON
that an import run's page polls (the page refreshes itself without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from archive.models import ArticleStatus, ImportRun
from archive.services import import_uploads

#: Who may upload: Django's own "add" permission on import runs.
UPLOAD_PERMISSION = "archive.add_importrun"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": _accept()}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


def _accept() -> str:
    return ",".join(sorted({*import_uploads.SUPPORTED_SUFFIXES, import_uploads.ZIP}))


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="Several .txt, .html or .jsonl files, or one .zip of them.",
    )
    status = forms.ChoiceField(
        label="Import as",
        choices=[
            (ArticleStatus.PUBLISHED, "Published"),
            (ArticleStatus.DRAFT, "Draft (curators publish them later)"),
        ],
        initial=ArticleStatus.PUBLISHED,
    )


class ImportUploadViewsMixin:
    """The upload and progress pages of ImportRunAdmin."""

    def has_upload_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(UPLOAD_PERMISSION)

    def upload_urls(self) -> list:
        return [
            self.page_url("upload/", self.upload_view, "upload"),
            self.page_url("upload/start/", self.upload_start_view, "upload_start", post_only=True),
            self.page_url("<int:object_id>/progress/", self.progress_view, "progress"),
        ]

    def _upload_page(self, request: HttpRequest, form: UploadForm, status: int = 200):
        limits = import_uploads.UploadLimits.from_settings()
        context = {
            **self.admin_site.each_context(request),
            "opts": ImportRun._meta,
            "title": "Import files",
            "form": form,
            "limits": limits,
            "max_file_mb": limits.max_file_bytes / 1024**2,
            "max_mb": limits.max_bytes / 1024**2,
            "max_unpacked_mb": limits.max_unpacked_bytes / 1024**2,
            "backend": settings.TASKS_BACKEND,
        }
        return TemplateResponse(
            request, "admin/archive/importrun/upload.html", context, status=status
        )

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_upload_permission(request):
            raise PermissionDenied
        return self._upload_page(request, UploadForm())

    def upload_start_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_upload_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(request, form, status=400)
        files = form.cleaned_data["files"]
        try:
            folder = import_uploads.save_upload(files)
        except import_uploads.UploadRejected as problem:
            form.add_error("files", str(problem))
            return self._upload_page(request, form, status=400)
        run = import_uploads.queue_upload(
            folder,
            names=[upload.name for upload in files],
            user=request.user,
            status=form.cleaned_data["status"],
        )
        self.report(request, f"{run} is queued: this page shows its progress.", messages.INFO)
        return HttpResponseRedirect(reverse("admin:archive_importrun_change", args=[run.pk]))

    def progress_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=object_id)
        return JsonResponse(import_uploads.progress(run))

    def progress_context(self, request: HttpRequest, object_id: str) -> dict:
        """The live progress block of a queued or running run's page (empty once it is over)."""
        run = ImportRun.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if run is None or run.status not in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING):
            return {}
        return {
            "progress": import_uploads.progress(run),
            "progress_url": reverse("admin:archive_importrun_progress", args=[run.pk]),
        }
