"""Imports a curator uploads in the admin: checked, stored, queued, run in the background.

1. `save_upload()` checks every uploaded file before anything is written (types, sizes, counts;
   for a zip also its members: no absolute or ".." paths, no symlinks, no encryption, and what
   it unpacks to), then stores them in a fresh folder under settings.IMPORT_UPLOAD_DIR (outside
   the web root). A zip is unpacked while counting the bytes it really yields, so a member that
   lies about its size is caught too.
2. `queue_upload()` records a QUEUED ImportRun naming that folder and enqueues
   `archive.tasks.import_upload` on Django's tasks framework.
3. The task calls `run_upload()`: the ordinary importer (`import_paths`) on the folder, in that
   run, then deletes the folder. A worker that dies leaves the run "running" with its pid and
   heartbeat; `import_runs.close_if_abandoned` closes it as abandoned (and deletes its folder)
   the next time anyone looks at it or starts an import.
"""

from __future__ import annotations

import re
import shutil
import stat
import uuid
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.utils import timezone
from django_tasks.exceptions import TaskResultDoesNotExist

from archive.models import ImportRecord, ImportRun
from archive.pipeline.reading import SUPPORTED_SUFFIXES
from archive.services.import_runs import close_if_abandoned, outcome_counts, remove_upload_dir
from archive.services.importer import ImportOptions, import_paths
from archive.services.wording import plural

ZIP = ".zip"
CHUNK = 64 * 1024
#: Folders that zip tools add beside the real content; skipped, never unpacked.
ZIP_CLUTTER = frozenset({"__MACOSX"})
_DRIVE = re.compile(r"^[A-Za-z]:")
_UNSAFE = re.compile(r"[^\w.-]+")


class UploadRejected(ValueError):
    """An upload that is not imported: the message says why, for the curator."""


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int
    max_bytes: int
    max_files: int
    max_unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> UploadLimits:
        return cls(
            max_file_bytes=settings.IMPORT_UPLOAD_MAX_FILE_BYTES,
            max_bytes=settings.IMPORT_UPLOAD_MAX_BYTES,
            max_files=settings.IMPORT_UPLOAD_MAX_FILES,
            max_unpacked_bytes=settings.IMPORT_UPLOAD_MAX_UNPACKED_BYTES,
        )


def allowed_suffixes() -> str:
    return ", ".join(sorted(SUPPORTED_SUFFIXES))


def _megabytes(n: int) -> str:
    return f"{n / 1024**2:.1f} MB" if n >= 1024**2 else f"{n} bytes"


# -- checks ---------------------------------------------------------------------------------------


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def check_files(files: Sequence[UploadedFile], limits: UploadLimits) -> None:
    """Raise UploadRejected unless `files` is one .zip or up to max_files importable files."""
    if not files:
        raise UploadRejected("Choose at least one file.")
    total = sum(upload.size or 0 for upload in files)
    if total > limits.max_bytes:
        raise UploadRejected(
            f"The upload is {_megabytes(total)}; at most {_megabytes(limits.max_bytes)} at once."
        )
    zips = [upload for upload in files if _suffix(upload.name or "") == ZIP]
    if zips:
        if len(files) > 1:
            raise UploadRejected("Upload one .zip on its own, or several files without a zip.")
        check_zip(zips[0], limits)
        return
    if len(files) > limits.max_files:
        raise UploadRejected(f"{plural(len(files), 'file')}; at most {limits.max_files} at once.")
    for upload in files:
        _check_member(upload.name or "", upload.size or 0, limits)


def _check_member(name: str, size: int, limits: UploadLimits) -> None:
    if _suffix(name) not in SUPPORTED_SUFFIXES:
        raise UploadRejected(f"{name}: not a file the archive imports ({allowed_suffixes()}).")
    if size > limits.max_file_bytes:
        raise UploadRejected(
            f"{name} is {_megabytes(size)}; one file may be {_megabytes(limits.max_file_bytes)}."
        )


def _zip_path(info: zipfile.ZipInfo) -> PurePosixPath | None:
    """The member's relative path, None for clutter to skip; UploadRejected for a bad one."""
    name = info.filename
    if name.startswith("/") or "\\" in name or _DRIVE.match(name):
        raise UploadRejected(f"The zip names an absolute path ({name}): it was not unpacked.")
    path = PurePosixPath(name)
    if ".." in path.parts:
        raise UploadRejected(f"The zip names a path outside itself ({name}): it was not unpacked.")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UploadRejected(f"The zip holds a symbolic link ({name}): it was not unpacked.")
    if info.flag_bits & 0x1:
        raise UploadRejected(f"The zip's {name} is encrypted.")
    if info.is_dir() or any(part in ZIP_CLUTTER or part.startswith(".") for part in path.parts):
        return None
    return path


def zip_members(
    archive: zipfile.ZipFile, limits: UploadLimits
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """The members to unpack, checked from the zip's directory (sizes as it declares them)."""
    members = []
    seen: set[str] = set()
    declared = 0
    for info in archive.infolist():
        path = _zip_path(info)
        if path is None:
            continue
        _check_member(info.filename, info.file_size, limits)
        if str(path).lower() in seen:
            raise UploadRejected(f"The zip holds {info.filename} twice.")
        seen.add(str(path).lower())
        declared += info.file_size
        members.append((info, path))
    if len(members) > limits.max_files:
        raise UploadRejected(
            f"The zip holds {plural(len(members), 'file')}; at most {limits.max_files} at once."
        )
    if declared > limits.max_unpacked_bytes:
        raise UploadRejected(
            f"The zip unpacks to {_megabytes(declared)}; "
            f"at most {_megabytes(limits.max_unpacked_bytes)}."
        )
    if not members:
        raise UploadRejected(f"The zip holds no file the archive imports ({allowed_suffixes()}).")
    return members


def _open_zip(upload: UploadedFile) -> zipfile.ZipFile:
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, OSError, ValueError) as problem:
        raise UploadRejected(f"{upload.name} is not a readable zip archive.") from problem


def check_zip(upload: UploadedFile, limits: UploadLimits) -> None:
    with _open_zip(upload) as archive:
        zip_members(archive, limits)


# -- storing --------------------------------------------------------------------------------------


def _copy_limited(source: IO[bytes], target: Path, limit: int, budget: list[int]) -> None:
    """Copy at most `limit` bytes (and what is left of budget[0]); UploadRejected beyond."""
    written = 0
    with open(target, "xb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            budget[0] -= len(chunk)
            if written > limit or budget[0] < 0:
                raise UploadRejected(
                    f"{target.name} unpacks to more than its zip declares or the limits allow "
                    "(a zip bomb?): nothing was imported."
                )
            out.write(chunk)


def _safe_name(name: str, taken: set[str]) -> str:
    """A plain file name for an uploaded file: no folders, no leading dot, not yet taken."""
    raw = PurePosixPath(name.replace("\\", "/")).name
    suffix = _suffix(raw)  # checked already: one the importer takes
    stem = _UNSAFE.sub("_", raw[: len(raw) - len(suffix)]).strip("._") or "file"
    candidate, n = f"{stem}{suffix}", 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate.lower())
    return candidate


def save_upload(files: Sequence[UploadedFile], limits: UploadLimits | None = None) -> Path:
    """Check `files` (UploadRejected) and store them in a new folder; the folder."""
    limits = limits or UploadLimits.from_settings()
    check_files(files, limits)
    root = Path(settings.IMPORT_UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True)
    folder = root / uuid.uuid4().hex
    folder.mkdir(mode=0o700)
    try:
        if _suffix(files[0].name or "") == ZIP:
            _unpack(files[0], folder, limits)
        else:
            taken: set[str] = set()
            budget = [limits.max_bytes]
            for upload in files:
                upload.seek(0)
                target = folder / _safe_name(upload.name or "", taken)
                _copy_limited(upload, target, limits.max_file_bytes, budget)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _unpack(upload: UploadedFile, folder: Path, limits: UploadLimits) -> None:
    real_folder = folder.resolve()
    budget = [limits.max_unpacked_bytes]
    with _open_zip(upload) as archive:
        for info, path in zip_members(archive, limits):
            target = (folder / path).resolve()
            if not target.is_relative_to(real_folder):  # checked above; never trust one test
                raise UploadRejected(f"The zip names a path outside itself ({info.filename}).")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source:
                    _copy_limited(source, target, limits.max_file_bytes, budget)
            # A damaged member, or one whose data does not match its declared size and CRC.
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as problem:
                raise UploadRejected(
                    f"The zip's {info.filename} cannot be unpacked ({problem}): "
                    "nothing was imported."
                ) from problem


# -- queueing and running -------------------------------------------------------------------------


def queue_upload(folder: Path, *, names: list[str], user: Any, status: str) -> ImportRun:
    """A QUEUED run for the files in `folder`, with its task enqueued."""
    from archive.tasks import import_upload  # the task module imports this one

    run = ImportRun.objects.create(
        status=ImportRun.Status.QUEUED,
        started_by=user,
        upload_dir=str(folder),
        paths=[str(folder)],
        # The names as uploaded (the importer records the folder as the run's path).
        options={"status": status, "upload": names[:100]},
    )
    try:
        result = import_upload.using(queue_name=settings.IMPORT_TASK_QUEUE).enqueue(run.pk)
    except BaseException:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, finished_at=timezone.now()
        )
        remove_upload_dir(run)
        raise
    # update(), not save(): an immediate backend has already run (and closed) the run.
    ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def run_upload(run_id: int) -> dict:
    """What the task does: import a queued run's folder in that run, then delete the folder."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportRun.Status.QUEUED:  # undone or closed before a worker took it
        remove_upload_dir(run)
        return {"run": run.pk, "skipped": run.status}

    def found(n: int) -> None:
        run.found_count += n  # the importer saves the whole run when it closes it
        ImportRun.objects.filter(pk=run.pk).update(found_count=F("found_count") + n)

    options = ImportOptions(
        status=run.options.get("status", "published"),
        workers=settings.IMPORT_UPLOAD_WORKERS,
        max_bytes=settings.IMPORT_UPLOAD_MAX_FILE_BYTES,
    )
    try:
        summary = import_paths([run.upload_dir], options, on_found=found, run=run)
    except BaseException:
        # Failed before the importer took the run (it closes a run it has started itself).
        ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.QUEUED).update(
            status=ImportRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    finally:
        remove_upload_dir(run)
    return {"run": run.pk, "summary": summary.line()}


# -- progress -------------------------------------------------------------------------------------


def close_if_task_lost(run: ImportRun) -> bool:
    """Close a QUEUED run as FAILED when its task is gone or over (it never took the run).

    Asks the task backend when it can tell (the database and RQ backends); whether it closed it.
    """
    if run.status != ImportRun.Status.QUEUED or not run.task_id:
        return False
    from archive.tasks import import_upload

    backend = import_upload.get_backend()
    if not backend.supports_get_result:
        return False
    try:
        lost = backend.get_result(run.task_id).is_finished
    except TaskResultDoesNotExist:
        lost = True
    if not lost:
        return False
    closed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.FAILED, finished_at=timezone.now()
    )
    if closed:  # otherwise a worker took it after all: its files are in use
        remove_upload_dir(run)
    return bool(closed)


def progress(run: ImportRun) -> dict:
    """What the run's page shows while it runs (and its JSON endpoint answers)."""
    close_if_abandoned(run)
    close_if_task_lost(run)
    active = run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
    if active:
        run.refresh_from_db()
        active = run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
    if active:
        counts = outcome_counts(run)
    else:
        counts = Counter(
            {
                ImportRecord.Outcome.CREATED: run.created_count,
                ImportRecord.Outcome.UPDATED: run.updated_count,
                ImportRecord.Outcome.UNCHANGED: run.unchanged_count,
                ImportRecord.Outcome.DUPLICATE: run.duplicate_count,
                ImportRecord.Outcome.FAILED: run.failed_count,
            }
        )
    done = sum(counts.values())
    total = max(run.found_count, done)
    seconds_left = None
    if run.status == ImportRun.Status.RUNNING and done:
        elapsed = (timezone.now() - run.started_at).total_seconds()
        seconds_left = round(elapsed / done * (total - done))
    return {
        "run": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": not active,
        "done": done,
        "total": total,
        "created": counts[ImportRecord.Outcome.CREATED],
        "updated": counts[ImportRecord.Outcome.UPDATED],
        "unchanged": counts[ImportRecord.Outcome.UNCHANGED],
        "duplicates": counts[ImportRecord.Outcome.DUPLICATE],
        "failed": counts[ImportRecord.Outcome.FAILED],
        "seconds_left": seconds_left,
    }
