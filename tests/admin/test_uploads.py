"""Imports started from the admin: the upload page, the task through real queues, progress."""

import io
import os
import socket
import uuid
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from archive import tasks
from archive.models import Article, ImportRecord, ImportRun
from archive.services.roles import CURATOR_GROUP, VIEWER_GROUP
from tests import factories

pytestmark = pytest.mark.django_db

OSLO = (
    b"Oslo opens a smart parking pilot\n"
    b"The city of Oslo opened a smart parking pilot on Tuesday. Drivers see free spaces on "
    b"their phones, the city council said.\n"
)
TURKU = (
    b"Turku lights its harbour with smart lamps\n"
    b"Turku replaced the lamps of its harbour with smart lamps that dim when nobody passes, "
    b"the city said on Friday.\n"
)
UPLOAD = reverse("admin:archive_importrun_upload")
START = reverse("admin:archive_importrun_upload_start")


def progress_url(run):
    return reverse("admin:archive_importrun_progress", args=[run.pk])


def change_url(run):
    return reverse("admin:archive_importrun_change", args=[run.pk])


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.IMPORT_UPLOAD_WORKERS = 1
    return settings.IMPORT_UPLOAD_DIR


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def viewer_client(db):
    """Staff who may look at import runs but not start one."""
    client = Client()
    user = factories.UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_importrun"))
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def files(*pairs):
    out = []
    for name, data in pairs:
        handle = io.BytesIO(data)
        handle.name = name
        out.append(handle)
    return out


def leftovers(folder):
    return list(folder.iterdir()) if folder.exists() else []


# -- pages and permissions ------------------------------------------------------------------------


def test_the_changelist_links_to_the_upload_page_for_curators(staff_client, viewer_client):
    changelist = reverse("admin:archive_importrun_changelist")

    assert UPLOAD in staff_client.get(changelist).content.decode()
    assert UPLOAD not in viewer_client.get(changelist).content.decode()


def test_the_upload_page_is_a_form_posting_to_start(staff_client, django_assert_num_queries):
    with django_assert_num_queries(2):  # session, user
        response = staff_client.get(UPLOAD)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="{START}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "multiple" in html


def test_non_curators_get_403_and_nothing_runs(viewer_client, upload_dir):
    assert viewer_client.get(UPLOAD).status_code == 403
    response = viewer_client.post(START, {"files": files(("a.txt", OSLO)), "status": "published"})

    assert response.status_code == 403
    assert not ImportRun.objects.exists()
    assert not leftovers(upload_dir)


@pytest.mark.parametrize(("role", "allowed"), [(CURATOR_GROUP, True), (VIEWER_GROUP, False)])
def test_curators_may_upload_and_viewers_may_not(client, role, allowed, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    user = factories.role_user(role, username="someone", password="a long passphrase 123")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(START, {"files": files(("a.txt", OSLO)), "status": "published"})

    assert response.status_code == (302 if allowed else 403)
    assert ImportRun.objects.filter(status=ImportRun.Status.QUEUED).exists() is allowed


def test_get_on_the_post_only_start_is_405(staff_client):
    assert staff_client.get(START).status_code == 405


def test_a_rejected_upload_says_why_and_stores_nothing(staff_client, upload_dir):
    response = staff_client.post(
        START, {"files": files(("a.txt", OSLO), ("run.sh", b"rm -rf /")), "status": "published"}
    )

    assert response.status_code == 400
    assert "run.sh: not a file the archive imports" in response.content.decode()
    assert not ImportRun.objects.exists()
    assert not leftovers(upload_dir)


def test_a_zip_slip_upload_is_rejected_in_the_page(staff_client, upload_dir, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../escape.txt", OSLO)
    response = staff_client.post(
        START, {"files": files(("batch.zip", buffer.getvalue())), "status": "published"}
    )

    assert response.status_code == 400
    assert "outside itself" in response.content.decode()
    assert not (tmp_path / "escape.txt").exists()
    assert not leftovers(upload_dir)


def test_progress_of_a_running_run(staff_client, django_assert_num_queries):
    run = factories.ImportRunFactory(
        status=ImportRun.Status.RUNNING, pid=None, host=socket.gethostname(), found_count=4
    )
    factories.ImportRecordFactory(run=run)
    factories.ImportRecordFactory(
        run=run, outcome=ImportRecord.Outcome.FAILED, error="empty file", article=None
    )

    with django_assert_num_queries(5):  # session, user, run, its fresh state, record counts
        response = staff_client.get(progress_url(run))

    body = response.json()
    assert response["Content-Type"] == "application/json"
    assert {key: body[key] for key in ("status", "done", "total", "created", "failed")} == {
        "status": "running",
        "done": 2,
        "total": 4,
        "created": 1,
        "failed": 1,
    }
    assert body["finished"] is False
    assert body["seconds_left"] is not None


def test_progress_is_403_without_view_permission(client):
    user = factories.UserFactory(is_staff=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    run = factories.ImportRunFactory()

    assert client.get(progress_url(run)).status_code == 403


def test_a_running_run_page_refreshes_itself_without_javascript(
    staff_client, django_assert_num_queries
):
    run = factories.ImportRunFactory(status=ImportRun.Status.QUEUED, found_count=3)
    staff_client.get(change_url(run))  # process-wide caches (content types) filled once

    with django_assert_num_queries(7):
        response = staff_client.get(change_url(run))

    html = response.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "import_progress.js" in html
    assert f'data-url="{progress_url(run)}"' in html
    assert '0</span> of <span data-progress="total">3</span> files done' in html
    assert reverse("admin:archive_importrun_undo", args=[run.pk]) not in html


def test_a_finished_run_page_is_the_report_without_refresh(staff_client):
    run = factories.ImportRunFactory(created_count=1)

    html = staff_client.get(change_url(run)).content.decode()

    assert "http-equiv" not in html
    assert "import-progress" not in html
    assert reverse("admin:archive_importrun_undo", args=[run.pk]) in html


# -- the whole path through real queues -----------------------------------------------------------


def upload_two_files(client):
    response = client.post(
        START, {"files": files(("oslo.txt", OSLO), ("turku.txt", TURKU)), "status": "draft"}
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert response["Location"] == change_url(run)
    return run


def assert_imported(client, run, upload_dir, uploaded=None):
    run.refresh_from_db()
    assert (run.status, run.created_count, run.failed_count) == ("finished", 2, 0)
    assert sorted(Article.objects.values_list("title", "status")) == [
        ("Oslo opens a smart parking pilot", "draft"),
        ("Turku lights its harbour with smart lamps", "draft"),
    ]
    assert run.started_by is not None
    assert run.options["upload"] == (uploaded or ["oslo.txt", "turku.txt"])
    assert not leftovers(upload_dir)
    assert client.get(progress_url(run)).json()["finished"] is True
    page = client.get(change_url(run)).content.decode()
    assert "2 files: 2 created" in page
    assert "http-equiv" not in page


@pytest.mark.django_db(transaction=True)
def test_upload_runs_in_the_database_worker_and_can_be_undone(
    staff_client, upload_dir, database_queue
):
    run = upload_two_files(staff_client)

    # Queued: nothing imported until a worker takes the task.
    assert run.status == ImportRun.Status.QUEUED
    assert len(leftovers(upload_dir)) == 1
    task = DBTaskResult.objects.get()
    assert str(task.id) == run.task_id
    assert staff_client.get(progress_url(run)).json()["status"] == "queued"

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert_imported(staff_client, run, upload_dir)
    staff_client.post(reverse("admin:archive_importrun_undo", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UNDONE
    assert not Article.objects.exists()


def test_a_queued_run_whose_task_is_lost_is_failed_not_queued_forever(
    staff_client, upload_dir, database_queue
):
    run = upload_two_files(staff_client)
    DBTaskResult.objects.all().delete()  # the queue lost it (a restored backup, a flush)

    progress = staff_client.get(progress_url(run)).json()

    run.refresh_from_db()
    assert progress["status"] == run.status == ImportRun.Status.FAILED
    assert progress["finished"] is True
    assert not leftovers(upload_dir)


@pytest.mark.django_db(transaction=True)
def test_a_zip_upload_runs_in_the_database_worker(staff_client, upload_dir, database_queue):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("news/oslo.txt", OSLO)
        archive.writestr("news/turku.txt", TURKU)
    staff_client.post(START, {"files": files(("batch.zip", buffer.getvalue())), "status": "draft"})

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert_imported(staff_client, ImportRun.objects.get(), upload_dir, uploaded=["batch.zip"])


def test_upload_with_the_immediate_backend_runs_in_the_request(staff_client, upload_dir, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    run = upload_two_files(staff_client)

    assert_imported(staff_client, run, upload_dir)


def redis_url():
    return "redis://127.0.0.1:6379/13"


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


# Skipped locally without Redis; in CI (CI=true, .ci/run starts Redis) it must run.
@pytest.mark.skipif(
    not redis_reachable() and os.environ.get("CI", "").lower() not in {"1", "true", "yes"},
    reason="no Redis on 127.0.0.1:6379",
)
@pytest.mark.django_db(transaction=True)
def test_upload_runs_in_an_rq_worker(staff_client, upload_dir, settings):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue_name = f"archive-test-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {queue_name: {"URL": redis_url()}}
    settings.IMPORT_TASK_QUEUE = queue_name
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    assert tasks.import_upload.queue_name == "default"  # declared under the default settings
    try:
        run = upload_two_files(staff_client)
        assert run.status == ImportRun.Status.QUEUED
        queue = django_rq.get_queue(queue_name, job_class=Job)
        assert queue.count == 1

        # What `manage.py rqworker --job-class django_tasks_rq.Job` runs, in this process.
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    finally:
        django_rq.get_queue(queue_name).empty()

    assert_imported(staff_client, run, upload_dir)
