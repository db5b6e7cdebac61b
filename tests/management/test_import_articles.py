import io
import re

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, ArticleStatus, ImportRun
from tests.services.test_importer import HELSINKI, LISBON, write

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(
    r"^(\d+) files?: (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) duplicates?, "
    r"(\d+) failed in \d+\.\d s$"
)


def run_command(*args, **options):
    out = io.StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=out, workers=1, **options)
    return out.getvalue().splitlines()


def summary_counts(lines):
    match = SUMMARY.match(lines[-1])
    assert match, lines
    return tuple(int(group) for group in match.groups())


def test_import_articles_prints_one_summary_line(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI)

    lines = run_command(tmp_path)

    assert len(lines) == 1
    assert summary_counts(lines) == (2, 2, 0, 0, 0, 0)


def test_import_articles_second_run_is_all_unchanged(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI)
    run_command(tmp_path)

    lines = run_command(tmp_path)

    assert summary_counts(lines) == (2, 0, 0, 2, 0, 0)


def test_import_articles_counts_duplicates_and_updates(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    run_command(tmp_path)
    write(tmp_path, "lisbon.txt", LISBON + "A new paragraph about the platform.\n")
    write(tmp_path, "same-as-helsinki-1.txt", HELSINKI)
    write(tmp_path, "same-as-helsinki-2.txt", HELSINKI)

    lines = run_command(tmp_path)

    assert summary_counts(lines) == (3, 1, 1, 0, 1, 0)


def test_import_articles_failure_is_reported_and_exits_1(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "empty.txt", "")
    out = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(tmp_path), stdout=out, workers=1)

    lines = out.getvalue().splitlines()
    assert raised.value.returncode == 1
    assert lines[0] == f"FAILED {tmp_path / 'empty.txt'}: empty file"
    assert summary_counts(lines) == (2, 1, 0, 0, 0, 1)
    assert Article.objects.count() == 1


def test_import_articles_missing_path_is_a_command_error(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)

    with pytest.raises(CommandError, match="nope"):
        run_command(tmp_path, tmp_path / "nope")

    assert (ImportRun.objects.count(), Article.objects.count()) == (0, 0)


def test_import_articles_verbosity_two_lists_every_file(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)

    lines = run_command(tmp_path, verbosity=2)

    assert lines[0] == (
        f"created   {tmp_path / 'lisbon.txt'}  (Lisbon opens an urban data platform)"
    )
    assert summary_counts(lines) == (1, 1, 0, 0, 0, 0)


def test_import_articles_verbosity_zero_is_quiet(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)

    assert run_command(tmp_path, verbosity=0) == []


def test_import_articles_dry_run_writes_nothing(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)

    lines = run_command(tmp_path, dry_run=True)

    assert lines[0] == "Dry run: nothing was written."
    assert summary_counts(lines) == (1, 1, 0, 0, 0, 0)
    assert (ImportRun.objects.count(), Article.objects.count()) == (0, 0)


def test_import_articles_status_and_max_bytes_options(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI * 20)
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(tmp_path),
            "--status",
            "draft",
            "--max-bytes",
            "2K",
            "--workers",
            "1",
            stdout=out,
        )

    assert "FAILED" in out.getvalue() and "limit" in out.getvalue()
    assert list(Article.objects.values_list("status", flat=True)) == [ArticleStatus.DRAFT]


def test_import_articles_progress_bar_only_on_a_terminal(tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    write(tmp_path, "lisbon.txt", LISBON)
    terminal = Terminal()

    call_command("import_articles", str(tmp_path), stdout=terminal, workers=1)

    assert "\r" in terminal.getvalue()
    assert SUMMARY.match(terminal.getvalue().splitlines()[-1].split("\r")[-1].strip("\x1b[A"))


def test_import_articles_bad_status_lists_plain_values(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(tmp_path), "--status", "bogus")
    assert "(choose from 'published', 'draft')" in str(raised.value)


def test_import_articles_names_each_duplicate_and_reports_it_again_next_time(tmp_path):
    write(tmp_path, "helsinki.txt", HELSINKI)
    run_command(tmp_path)
    original = Article.objects.get()
    write(tmp_path, "copy-of-helsinki.txt", HELSINKI)

    first = run_command(tmp_path)
    second = run_command(tmp_path)

    duplicate_line = (
        f"DUPLICATE {tmp_path / 'copy-of-helsinki.txt'}: same text as article #{original.pk} "
        f"“{original.title}”"
    )
    assert first[:-1] == [duplicate_line]
    assert summary_counts(first) == (2, 0, 0, 1, 1, 0)
    assert second[:-1] == [duplicate_line]
    assert summary_counts(second) == (2, 0, 0, 1, 1, 0)


def test_import_articles_failure_message_counts_files_in_agreement(tmp_path):
    write(tmp_path, "lisbon.txt", LISBON)
    write(tmp_path, "helsinki.txt", HELSINKI)
    write(tmp_path, "empty.txt", "")

    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(tmp_path), stdout=io.StringIO(), workers=1)

    assert str(raised.value) == "1 of 3 files failed."
