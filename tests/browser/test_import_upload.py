"""A curator uploads files in a real browser, watches the queued run, and reads its report once
the database worker has run it: with JavaScript (the page polls) and without (it refreshes)."""

import pytest
from django.core.management import call_command

from archive.models import Article, ImportRun
from archive.services.roles import CURATOR_GROUP
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a curator's long passphrase"
OSLO = (
    "Oslo opens a smart parking pilot\n"
    "The city of Oslo opened a smart parking pilot on Tuesday. Drivers see free spaces on "
    "their phones, the city council said.\n"
)


@pytest.fixture
def curator(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.IMPORT_UPLOAD_WORKERS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return factories.role_user(CURATOR_GROUP, username="clara", password=PASSWORD)


def upload(page, base, tmp_path):
    page.goto(f"{base}/admin/")
    page.fill("#id_username", "clara")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{base}/admin/archive/importrun/")
    page.click("text=Import files…")
    source = tmp_path / "oslo.txt"
    source.write_text(OSLO, encoding="utf-8")
    page.set_input_files("input[type=file]", [str(source)])
    page.click("input[type=submit]")
    page.wait_for_selector("#import-progress")
    assert "Queued" in page.inner_text("#import-progress")


def test_upload_progress_then_report_with_javascript(page, live_server, curator, tmp_path):
    upload(page, live_server.url, tmp_path)

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    # The page's script sees the run finish and reloads it as the report.
    page.wait_for_selector("#import-progress", state="detached")
    assert "1 file: 1 created" in page.inner_text("#content")
    assert page.locator("text=Undo this import…").count() == 1
    assert Article.objects.get().title == "Oslo opens a smart parking pilot"
    assert ImportRun.objects.get().status == ImportRun.Status.FINISHED


def test_upload_progress_then_report_without_javascript(browser, live_server, curator, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        upload(page, live_server.url, tmp_path)

        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

        # <noscript><meta http-equiv="refresh"> brings the report within a few seconds.
        page.wait_for_selector("#import-progress", state="detached")
        assert "1 file: 1 created" in page.inner_text("#content")
    finally:
        context.close()
