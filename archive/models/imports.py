"""Import runs and what happened to each file of a run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .articles import Article
from .fields import optional_link


class ImportRun(models.Model):
    class Status(models.TextChoices):
        # Uploaded in the admin and waiting for a task worker (archive.services.import_uploads).
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"
        UNDONE = "undone", "Undone"
        # Crash safety (issue 12): a run whose process died, and one stopped by SIGINT/SIGTERM.
        ABANDONED = "abandoned", "Abandoned"
        STOPPED = "stopped", "Stopped"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    paths = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    started_by = optional_link(settings.AUTH_USER_MODEL, related_name="import_runs")
    # Who is running it and when it last made progress: a running run whose process is gone
    # is recognised as abandoned (archive.services.import_runs).
    pid = models.PositiveIntegerField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # An upload from the admin: its background task, the folder its files wait in (emptied
    # after the run) and how many documents the importer has found in them so far.
    task_id = models.CharField(max_length=64, blank=True, default="")
    upload_dir = models.CharField(max_length=1000, blank=True, default="")
    found_count = models.PositiveIntegerField(default=0)

    class Meta:
        permissions = [("undo_importrun", "Can undo an import run")]
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["-started_at", "-id"], name="importrun_recent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="importrun_finished_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.started_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("admin:archive_importrun_change", args=[self.pk])

    @property
    def file_count(self) -> int:
        return (
            self.created_count
            + self.updated_count
            + self.unchanged_count
            + self.duplicate_count
            + self.failed_count
        )


class ImportRecord(models.Model):
    #: What happened to the file: stored as "created", labelled "Created", and so on.
    Outcome = models.TextChoices(
        "Outcome",
        [
            (name, name.lower())
            for name in ("CREATED", "UPDATED", "UNCHANGED", "DUPLICATE", "FAILED")
        ],
    )

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="records")
    path = models.CharField(max_length=2000)
    content_hash = models.CharField(max_length=64, blank=True, default="")
    raw_hash = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="sha256 of the input as read: the next run skips it unread when unchanged.",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    error = models.TextField(blank=True, default="")
    article = optional_link(Article, related_name="import_records")
    previous_state = models.JSONField(
        null=True, blank=True, help_text="The article as it was before this import updated it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["run", "id"], name="importrecord_run_idx"),
            models.Index(fields=["path", "-id"], name="importrecord_path_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="failed") | Q(error=""),
                name="importrecord_error_only_on_failure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path}: {self.outcome}"

    def get_absolute_url(self) -> str:
        return reverse("admin:archive_importrecord_change", args=[self.pk])
