import json
import os

import pytest

from archive.models import Article, ArticleStatus, ImportRecord, ImportRun
from archive.services.article_writer import NO_HEADLINE_NOTE
from archive.services.importer import ImportOptions, import_paths, latest_records
from tests.factories import ImportRecordFactory, ImportRunFactory

pytestmark = pytest.mark.django_db

INLINE = ImportOptions(workers=1)

LISBON = (
    "Lisbon opens an urban data platform\n"
    "The city of Lisbon opened an urban data platform on Monday. Residents can download "
    "transport and energy data, the city council said.\n"
    "The platform will publish new data sets every month.\n"
)
HELSINKI = (
    "Helsinki tests driverless buses in winter\n"
    "Helsinki began testing driverless buses on snowy streets this week. The city transport "
    "authority will report on the results in the spring.\n"
)


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def outcomes(summary):
    return {report.origin.rsplit("/", 1)[-1]: report.outcome for report in summary.reports}


def test_import_paths_imports_a_folder_recursively(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "nested/helsinki.txt", HELSINKI)

    summary = import_paths([tmp_path], INLINE)

    assert outcomes(summary) == {"lisbon.txt": "created", "helsinki.txt": "created"}
    assert sorted(Article.objects.values_list("title", "status")) == [
        ("Helsinki tests driverless buses in winter", ArticleStatus.PUBLISHED),
        ("Lisbon opens an urban data platform", ArticleStatus.PUBLISHED),
    ]
    run = ImportRun.objects.get()
    assert (run.status, run.created_count, run.failed_count, run.file_count) == (
        "finished",
        2,
        0,
        2,
    )
    assert run.finished_at is not None
    assert sorted(run.records.values_list("outcome", flat=True)) == ["created", "created"]


def test_import_paths_second_run_is_unchanged_without_parsing(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI)
    import_paths([tmp_path], INLINE)

    summary = import_paths([tmp_path], INLINE)

    assert (summary.counts["unchanged"], summary.total, summary.parsed) == (2, 2, 0)
    assert Article.objects.count() == 2
    records = ImportRun.objects.first().records.all()
    assert [(r.outcome, r.article is not None) for r in records] == [("unchanged", True)] * 2


def test_import_paths_force_re_extracts_unchanged_files(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    import_paths([tmp_path], INLINE)

    summary = import_paths([tmp_path], ImportOptions(workers=1, force=True))

    assert (outcomes(summary), summary.parsed) == ({"lisbon.txt": "updated"}, 1)


def test_import_paths_same_content_under_another_name_is_duplicate(tmp_path):
    write(tmp_path, "a/lisbon.txt", LISBON)
    write(tmp_path, "b/lisbon-copy.txt", LISBON)

    summary = import_paths([tmp_path], INLINE)

    assert outcomes(summary) == {"lisbon.txt": "created", "lisbon-copy.txt": "duplicate"}
    article = Article.objects.get()
    assert list(ImportRecord.objects.values_list("article", flat=True)) == [article.pk] * 2


def test_import_paths_changed_file_updates_its_article(tmp_path):
    path = write(tmp_path, "lisbon.txt", LISBON)
    import_paths([tmp_path], INLINE)
    article = Article.objects.get()
    write(tmp_path, "lisbon.txt", LISBON + "The mayor called it a first step.\n")

    summary = import_paths([path], INLINE)

    assert outcomes(summary) == {"lisbon.txt": "updated"}
    updated = Article.objects.get()
    assert (updated.pk, "first step" in updated.body) == (article.pk, True)
    record = ImportRecord.objects.get(outcome="updated")
    assert record.previous_state["article"]["body"] == article.body


def test_import_paths_reports_bad_input_and_imports_the_rest(tmp_path):
    write(tmp_path, "good.txt", LISBON)
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", "   \n\t\n")
    write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write(tmp_path, "big.txt", LISBON + "More data. " * 200)
    os.symlink(tmp_path / "missing.txt", tmp_path / "broken.txt")

    summary = import_paths([tmp_path], ImportOptions(workers=1, max_bytes=1000))

    assert outcomes(summary) == {
        "big.txt": "failed",
        "blank.txt": "failed",
        "broken.txt": "failed",
        "empty.txt": "failed",
        "good.txt": "created",
        "image.txt": "failed",
    }
    errors = {r.origin.rsplit("/", 1)[-1]: r.error for r in summary.reports if r.error}
    assert all(errors.values())
    assert "broken" in errors["broken.txt"] and "symbolic link" in errors["broken.txt"]
    assert "limit" in errors["big.txt"]
    assert Article.objects.count() == 1
    failed = ImportRecord.objects.filter(outcome="failed")
    assert (failed.count(), failed.filter(article__isnull=False).count()) == (5, 0)
    assert ImportRun.objects.get().failed_count == 5


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_import_paths_reports_an_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", LISBON)
    path.chmod(0)

    summary = import_paths([tmp_path], INLINE)

    assert outcomes(summary) == {"secret.txt": "failed"}


def test_import_paths_undecodable_bytes_fail(tmp_path):
    write(tmp_path, "noise.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 300)

    summary = import_paths([tmp_path], INLINE)

    assert outcomes(summary) == {"noise.txt": "failed"}
    assert Article.objects.count() == 0


def test_import_paths_missing_path_raises_before_anything_is_read(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)

    with pytest.raises(FileNotFoundError):
        import_paths([tmp_path, tmp_path / "nope"], INLINE)

    assert (ImportRun.objects.count(), Article.objects.count()) == (0, 0)


def test_import_paths_dry_run_writes_nothing(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "lisbon-copy.txt", LISBON)
    write(tmp_path, "empty.txt", "")

    summary = import_paths([tmp_path], ImportOptions(workers=1, dry_run=True))

    assert outcomes(summary) == {
        "empty.txt": "failed",
        "lisbon-copy.txt": "created",
        "lisbon.txt": "duplicate",
    }
    assert (ImportRun.objects.count(), ImportRecord.objects.count(), Article.objects.count()) == (
        0,
        0,
        0,
    )


def test_import_paths_json_lines_records(tmp_path):
    records = [
        {
            "title": "Lisbon opens an urban data platform",
            "text": LISBON.split("\n", 1)[1],
            "url": "https://news.example.org/lisbon",
            "published": "2024-03-05",
        },
        {"headline": "Helsinki tests driverless buses", "content": HELSINKI.split("\n", 1)[1]},
        "not an object",
    ]
    write(tmp_path, "feed.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")

    summary = import_paths([tmp_path], INLINE)

    assert [(r.origin.rsplit("/", 1)[-1], r.outcome) for r in summary.reports] == [
        ("feed.jsonl#L1", "created"),
        ("feed.jsonl#L2", "created"),
        ("feed.jsonl#L3", "failed"),
    ]
    lisbon = Article.objects.get(origin__endswith="feed.jsonl#L1")
    assert (lisbon.url, str(lisbon.published_on)) == (
        "https://news.example.org/lisbon",
        "2024-03-05",
    )
    again = import_paths([tmp_path], INLINE)
    assert [r.outcome for r in again.reports] == ["unchanged", "unchanged", "failed"]


def test_import_paths_html_page(tmp_path):
    paragraphs = "".join(f"<p>{line}</p>" for line in LISBON.splitlines()[1:])
    html = (
        "<html><head><title>Lisbon opens an urban data platform</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Lisbon opens an urban data platform</h1>"
        f"{paragraphs}</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    write(tmp_path, "lisbon.html", html)

    summary = import_paths([tmp_path], INLINE)

    assert outcomes(summary) == {"lisbon.html": "created"}
    article = Article.objects.get()
    assert article.title == "Lisbon opens an urban data platform"
    assert "Residents can download" in article.body
    assert "Home" not in article.body


def test_import_paths_status_draft(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)

    import_paths([tmp_path], ImportOptions(workers=1, status=ArticleStatus.DRAFT))

    assert Article.objects.get().status == ArticleStatus.DRAFT


def test_import_paths_with_worker_processes(tmp_path):
    for number in range(4):
        write(tmp_path, f"lisbon-{number}.txt", LISBON.replace("Monday", f"day {number}"))
    write(tmp_path, "empty.txt", "")

    summary = import_paths([tmp_path], ImportOptions(workers=2))

    assert summary.workers == 2
    assert [r.outcome for r in summary.reports] == ["failed"] + ["created"] * 4
    assert Article.objects.count() == 4


def test_import_paths_same_origin_from_relative_and_absolute_paths(tmp_path, settings, monkeypatch):
    settings.BASE_DIR = tmp_path
    write(tmp_path, "seeds/lisbon.txt", LISBON)
    import_paths([tmp_path / "seeds"], INLINE)
    monkeypatch.chdir(tmp_path)

    summary = import_paths(["seeds"], INLINE)

    assert [(r.origin, r.outcome) for r in summary.reports] == [("seeds/lisbon.txt", "unchanged")]


def test_latest_records_ignores_failures_and_undone_runs():
    kept = ImportRecordFactory(path="a.txt", raw_hash="1")
    ImportRecordFactory(path="a.txt", raw_hash="2", outcome="failed", article=None, error="x")
    ImportRecordFactory(
        path="a.txt", raw_hash="3", run=ImportRunFactory(status=ImportRun.Status.UNDONE)
    )

    latest = latest_records({"a.txt", "b.txt"})

    assert {path: row["raw_hash"] for path, row in latest.items()} == {"a.txt": "1"}
    assert latest["a.txt"]["article_id"] == kept.article_id


def test_import_paths_page_without_headline_is_a_draft_for_review(tmp_path):
    write(
        tmp_path,
        "no-headline.txt",
        "The city of Lisbon opened an urban data platform on Monday, and residents can download "
        "transport and energy data from it, the city council said in a statement.\n"
        "The platform will publish new data sets every month.\n",
    )

    import_paths([tmp_path], ImportOptions(workers=1, status=ArticleStatus.PUBLISHED))

    article = Article.objects.get()
    assert (article.status, article.needs_review, article.review_note) == (
        ArticleStatus.DRAFT,
        True,
        NO_HEADLINE_NOTE,
    )


def test_import_paths_file_over_the_time_limit_fails_and_the_run_goes_on(tmp_path, settings):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI)
    settings.IMPORT_FILE_TIME_LIMIT = 0.000001

    summary = import_paths([tmp_path], INLINE)

    assert outcomes(summary) == {"lisbon.txt": "failed", "helsinki.txt": "failed"}
    assert [report.error for report in summary.reports] == [
        "took longer than the 1e-06 s limit per file",
        "took longer than the 1e-06 s limit per file",
    ]
    assert ImportRun.objects.get().status == "finished"


def test_import_paths_time_limit_in_worker_processes(tmp_path, settings):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI)
    settings.IMPORT_FILE_TIME_LIMIT = 0.000001

    summary = import_paths([tmp_path], ImportOptions(workers=2))

    assert outcomes(summary) == {"lisbon.txt": "failed", "helsinki.txt": "failed"}
    assert Article.objects.count() == 0


def test_import_paths_logs_one_structured_line_per_file(tmp_path, caplog):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI)
    caplog.set_level("INFO", logger="archive.services.importer")

    import_paths([tmp_path], INLINE)
    import_paths([tmp_path], INLINE)

    lines = [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "archive.services.importer"
    ]
    assert sorted((line["origin"].rsplit("/", 1)[-1], line["outcome"]) for line in lines) == [
        ("helsinki.txt", "created"),
        ("helsinki.txt", "unchanged"),
        ("lisbon.txt", "created"),
        ("lisbon.txt", "unchanged"),
    ]
    assert all(isinstance(line["seconds"], float) for line in lines)


def test_import_paths_keeps_only_http_addresses_as_the_original_page(tmp_path):
    records = [
        {"title": "Harbour opens a portal", "text": LISBON, "url": "javascript:alert(1)"},
        {"title": "Harbour tests buses", "text": HELSINKI, "url": "https://news.example.org/a"},
    ]
    write(tmp_path, "feed.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")

    import_paths([tmp_path], INLINE)

    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "",
        "https://news.example.org/a",
    ]
