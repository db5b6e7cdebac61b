import io
import os
import stat
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, ImportRun
from archive.services import import_uploads
from archive.services.import_runs import this_host
from archive.services.import_uploads import UploadLimits, UploadRejected, save_upload
from tests.factories import ImportRunFactory

LIMITS = UploadLimits(max_file_bytes=1000, max_bytes=5000, max_files=3, max_unpacked_bytes=2500)

OSLO = (
    "Oslo opens a smart parking pilot\n"
    "The city of Oslo opened a smart parking pilot on Tuesday. Drivers see free spaces on "
    "their phones, the city council said.\n"
)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.IMPORT_UPLOAD_DIR


def upload(name, content=b"text"):
    return SimpleUploadedFile(name, content)


def zip_upload(members, name="batch.zip"):
    """A zip of `members`: (name, bytes) pairs, or ZipInfo objects paired with their bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members:
            archive.writestr(member, data)
    return upload(name, buffer.getvalue())


def stored(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def rejected(files, limits=LIMITS):
    with pytest.raises(UploadRejected) as problem:
        save_upload(files, limits)
    return str(problem.value)


# -- what is accepted -----------------------------------------------------------------------------


def test_loose_files_are_stored_under_plain_unique_names(upload_dir):
    folder = save_upload(
        [
            upload("a.txt"),
            upload("sub/../a.TXT"),
            upload(".hidden.html"),
            upload("x y.jsonl"),
            upload("?.txt"),
            upload("C:\\docs\\b.htm"),
        ],
        UploadLimits(1000, 5000, 10, 2500),
    )

    assert folder.parent == upload_dir
    assert stored(folder) == ["a-2.txt", "a.txt", "b.htm", "file.txt", "hidden.html", "x_y.jsonl"]


def test_a_zip_is_unpacked_with_its_folders_and_without_clutter():
    files = [zip_upload([("a.txt", b"1"), ("news/b.html", b"2"), ("__MACOSX/._a.txt", b"x")])]

    folder = save_upload(files, LIMITS)

    assert stored(folder) == ["a.txt", "news/b.html"]


# -- each rejection -------------------------------------------------------------------------------


def test_nothing_uploaded_is_rejected():
    assert "at least one file" in rejected([])


def test_a_type_the_archive_does_not_import_is_rejected(upload_dir):
    assert "evil.exe: not a file the archive imports" in rejected(
        [upload("a.txt"), upload("evil.exe")]
    )
    assert not upload_dir.exists() or not any(upload_dir.iterdir())


def test_a_file_over_the_size_limit_is_rejected():
    assert "big.txt is 1001 bytes" in rejected([upload("big.txt", b"x" * 1001)])


def test_an_upload_over_the_total_limit_is_rejected():
    files = [upload(f"{n}.txt", b"x" * 900) for n in range(6)]
    assert "at most" in rejected(files, UploadLimits(1000, 5000, 10, 2500))


def test_too_many_files_are_rejected():
    assert "4 files; at most 3" in rejected([upload(f"{n}.txt") for n in range(4)])


def test_a_zip_with_other_files_is_rejected():
    assert "one .zip on its own" in rejected([zip_upload([("a.txt", b"1")]), upload("b.txt")])


def test_a_file_named_zip_that_is_not_one_is_rejected():
    assert "not a readable zip" in rejected([upload("batch.zip", b"not a zip")])


def test_a_zip_with_nothing_importable_is_rejected():
    assert "no file the archive imports" in rejected([zip_upload([("__MACOSX/x.txt", b"1")])])


def test_a_zip_member_of_another_type_is_rejected():
    assert "inner.zip: not a file" in rejected([zip_upload([("inner.zip", b"PK")])])


def test_a_zip_holding_too_many_files_is_rejected():
    members = [(f"{n}.txt", b"1") for n in range(4)]
    assert "holds 4 files; at most 3" in rejected([zip_upload(members)])


def test_a_zip_holding_the_same_name_twice_is_rejected():
    with pytest.warns(UserWarning, match="Duplicate name"):
        files = [zip_upload([("a.txt", b"1"), ("A.txt", b"2"), ("a.txt", b"3")])]
    assert "twice" in rejected(files)


def test_an_encrypted_zip_member_is_rejected():
    patched = bytearray(zip_upload([("secret.txt", b"1")]).read())
    # The "encrypted" bit of the general purpose flags, in the central directory.
    central = patched.index(b"PK\x01\x02")
    patched[central + 8] |= 0x1
    assert "encrypted" in rejected([upload("secret.zip", bytes(patched))])


# -- zip slip -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("../escape.txt", "outside itself"),
        ("news/../../escape.txt", "outside itself"),
        ("/etc/escape.txt", "absolute path"),
        ("C:/escape.txt", "absolute path"),
        ("..\\escape.txt", "absolute path"),
    ],
)
def test_zip_slip_paths_are_rejected_and_nothing_is_written(name, says, upload_dir, tmp_path):
    info = zipfile.ZipInfo("ok.txt")
    files = [zip_upload([(info, b"1"), (zipfile.ZipInfo(name), b"evil")])]

    assert says in rejected(files)
    assert not (tmp_path / "escape.txt").exists()
    assert not upload_dir.exists() or not any(upload_dir.iterdir())


def test_a_symlink_in_a_zip_is_rejected(upload_dir):
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    files = [zip_upload([("ok.txt", b"1"), (link, b"/etc/passwd")])]

    assert "symbolic link (link.txt)" in rejected(files)
    assert not upload_dir.exists() or not any(upload_dir.iterdir())


# -- zip bombs ------------------------------------------------------------------------------------


def test_a_member_declaring_more_than_the_file_limit_is_rejected():
    # 1 MB of zeros squeezes into about a kilobyte.
    bomb = zip_upload([("zeros.txt", b"\0" * 1024**2)])
    assert bomb.size < 5000
    assert "zeros.txt is 1.0 MB" in rejected([bomb])


def test_members_unpacking_to_more_than_the_total_limit_are_rejected():
    members = [(f"{n}.txt", b"a" * 900) for n in range(3)]
    assert "unpacks to 2700 bytes" in rejected([zip_upload(members)])


def test_a_member_lying_about_its_size_is_caught_while_unpacking(upload_dir):
    data = b"a" * 100_000
    bomb = zip_upload([("liar.txt", data)]).read()
    # Declare 10 bytes in both the local header and the central directory.
    local = bomb.index(b"PK\x03\x04")
    central = bomb.index(b"PK\x01\x02")
    patched = bytearray(bomb)
    patched[local + 22 : local + 26] = (10).to_bytes(4, "little")
    patched[central + 24 : central + 28] = (10).to_bytes(4, "little")

    message = rejected([upload("liar.zip", bytes(patched))])

    assert "liar.txt cannot be unpacked" in message
    assert not upload_dir.exists() or not any(upload_dir.iterdir())


# -- running --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_run_upload_imports_the_folder_in_its_run_and_deletes_it(settings):
    settings.IMPORT_UPLOAD_WORKERS = 1
    folder = save_upload([upload("oslo.txt", OSLO.encode()), upload("bad.txt", b"")], LIMITS)
    run = ImportRunFactory(status=ImportRun.Status.QUEUED, upload_dir=str(folder))

    result = import_uploads.run_upload(run.pk)

    run.refresh_from_db()
    assert result["summary"].startswith("2 files: 1 created")
    assert (run.status, run.created_count, run.failed_count, run.found_count) == (
        ImportRun.Status.FINISHED,
        1,
        1,
        2,
    )
    assert run.pid == os.getpid()
    assert Article.objects.get().title == "Oslo opens a smart parking pilot"
    assert not folder.exists()
    assert run.upload_dir == ""


@pytest.mark.django_db
def test_run_upload_of_a_run_no_longer_queued_only_deletes_its_files():
    folder = save_upload([upload("oslo.txt", OSLO.encode())], LIMITS)
    run = ImportRunFactory(status=ImportRun.Status.UNDONE, upload_dir=str(folder))

    assert import_uploads.run_upload(run.pk) == {"run": run.pk, "skipped": "undone"}
    assert not folder.exists()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_abandoned_with_its_files_deleted():
    folder = save_upload([upload("oslo.txt", OSLO.encode())], LIMITS)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    run = ImportRunFactory(
        status=ImportRun.Status.RUNNING,
        upload_dir=str(folder),
        pid=dead.pid,
        host=this_host(),
    )

    progress = import_uploads.progress(run)

    run.refresh_from_db()
    assert progress["status"] == run.status == ImportRun.Status.ABANDONED
    assert progress["finished"] is True
    assert not folder.exists()
