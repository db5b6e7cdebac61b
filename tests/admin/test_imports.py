import pytest
from django.urls import reverse

from archive.models import Article, ImportRecord, ImportRun
from tests import factories

pytestmark = pytest.mark.django_db


def test_import_records_list_failures_first_with_their_error(staff_client):
    run = factories.ImportRunFactory()
    created = factories.ImportRecordFactory(run=run, path="seeds/ok.txt")
    failed = factories.ImportRecordFactory(
        run=run,
        path="seeds/broken.txt",
        outcome=ImportRecord.Outcome.FAILED,
        error="not UTF-8 text",
        article=None,
    )

    response = staff_client.get(reverse("admin:archive_importrecord_changelist"), {"run": run.pk})

    assert list(response.context["cl"].result_list) == [failed, created]
    assert "not UTF-8 text" in response.content.decode()


def test_import_run_page_shows_its_failures(staff_client):
    run = factories.ImportRunFactory(failed_count=1)
    factories.ImportRecordFactory(
        run=run,
        path="seeds/<b>odd</b>.txt",
        outcome=ImportRecord.Outcome.FAILED,
        error="empty file",
        article=None,
    )

    response = staff_client.get(reverse("admin:archive_importrun_change", args=[run.pk]))

    html = response.content.decode()
    assert "empty file" in html
    assert "seeds/&lt;b&gt;odd&lt;/b&gt;.txt" in html
    assert reverse("admin:archive_importrun_undo", args=[run.pk]) in html


def test_undo_page_explains_then_undoes_the_run(staff_client):
    run = factories.ImportRunFactory(created_count=2)
    articles = [factories.ImportRecordFactory(run=run).article for _ in range(2)]
    kept = factories.ArticleFactory()
    url = reverse("admin:archive_importrun_undo", args=[run.pk])

    page = staff_client.get(url)
    response = staff_client.post(url)

    run.refresh_from_db()
    assert page.context["plan"].to_delete == 2
    assert response.status_code == 302
    assert run.status == ImportRun.Status.UNDONE
    assert list(Article.objects.all()) == [kept]
    assert not Article.objects.filter(pk__in=[a.pk for a in articles]).exists()


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (1, "delete the 1 article it created, with its mentions and quotes — it was edited"),
        (2, "delete the 2 articles it created, with their mentions and quotes — 1 of them was"),
    ],
)
def test_undo_page_counts_in_agreement(staff_client, created, expected):
    run = factories.ImportRunFactory(created_count=created)
    records = [factories.ImportRecordFactory(run=run) for _ in range(created)]
    Article.objects.filter(pk=records[0].article_id).update(curated_fields=["title"])

    page = staff_client.get(reverse("admin:archive_importrun_undo", args=[run.pk]))

    text = " ".join(page.content.decode().replace("<strong>", "").split())
    assert expected in text


def test_undo_action_reports_runs_that_cannot_be_undone(staff_client):
    run = factories.ImportRunFactory(status=ImportRun.Status.UNDONE)

    response = staff_client.post(
        reverse("admin:archive_importrun_changelist"),
        {"action": "undo_selected", "_selected_action": [run.pk], "index": "0"},
        follow=True,
    )

    assert "already undone" in response.content.decode()


def test_import_runs_cannot_be_edited_or_deleted_in_the_admin(staff_client):
    run = factories.ImportRunFactory()

    edit = staff_client.post(
        reverse("admin:archive_importrun_change", args=[run.pk]), {"status": "failed"}
    )
    delete = staff_client.post(
        reverse("admin:archive_importrun_delete", args=[run.pk]), {"post": "yes"}
    )

    run.refresh_from_db()
    assert (edit.status_code, delete.status_code, run.status) == (403, 403, "finished")


def test_import_run_with_failed_files_says_so_and_the_failed_filter_finds_it(staff_client):
    clean = factories.ImportRunFactory(created_count=2)
    with_failures = factories.ImportRunFactory(created_count=1, failed_count=2)
    changelist = reverse("admin:archive_importrun_changelist")

    response = staff_client.get(changelist, {"outcome": "failed"})
    html = response.content.decode()

    assert [run.pk for run in response.context["cl"].result_list] == [with_failures.pk]
    assert '<span class="import-failed">Finished with failures</span>' in html
    records = reverse("admin:archive_importrecord_changelist")
    assert f'<a class="import-failed" href="{records}' in html
    clean_only = staff_client.get(changelist, {"outcome": "clean"}).context["cl"].result_list
    assert [run.pk for run in clean_only] == [clean.pk]


def test_import_run_page_has_no_view_on_site_link_to_itself(staff_client):
    run = factories.ImportRunFactory(failed_count=1)
    html = staff_client.get(reverse("admin:archive_importrun_change", args=[run.pk])).content
    assert b"viewsitelink" not in html
    assert b"1 file of this run failed" in html


def test_a_running_import_whose_process_died_shows_abandoned_and_can_be_undone(staff_client):
    import subprocess
    import sys

    from archive.services import import_undo
    from archive.services.import_runs import this_host

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    dead = factories.ImportRunFactory(
        status=ImportRun.Status.RUNNING, pid=process.pid, host=this_host()
    )
    changelist = reverse("admin:archive_importrun_changelist")

    response = staff_client.get(changelist)

    assert "Abandoned (its process died)" in response.content.decode()
    assert import_undo.plan_import_undo(dead).possible is True
    stopped = factories.ImportRunFactory(status=ImportRun.Status.STOPPED)
    listed = staff_client.get(changelist, {"outcome": "stopped"}).context["cl"].result_list
    assert [run.pk for run in listed] == [stopped.pk]
