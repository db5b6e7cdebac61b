"""Bytes in, text out, bad input out.

Three jobs, all without Django and without touching the network:

* find the input files (`iter_input_paths`) and turn each into `RawDocument`s (`read_path`,
  `read_documents`): this module;
* turn bytes into clean Unicode text (`decoding.decode`, `decoding.normalise_text`), refusing
  anything that is not text (binary files renamed .txt, empty files, bytes no encoding explains);
* turn an HTML page into plain text shaped like a scraped .txt page (`html_text.html_to_text`),
  with the page metadata trafilatura finds.

Bad input is reported, never guessed around:

* `iter_input_paths` raises FileNotFoundError, before anything is read, for a path that does
  not exist (a command error: the user mistyped something).
* `read_path` raises `BadInput` for a file that cannot be read at all (too big, no permission,
  broken symlink, unsupported type).
* A bad record inside a JSON Lines file does not spoil its neighbours: `read_path` returns it as
  a `RawDocument` whose `error` says what is wrong, and `process_document` turns that into an
  `ImportResult` with the same error. So a loader reports every problem the same way.
* `decoding.decode` raises `BadInput` for bytes that are not text.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from archive.pipeline.decoding import decode, strip_format_controls, utf16_byte_order
from archive.pipeline.types import BadInput, RawDocument

TEXT_PLAIN = "text/plain"
TEXT_HTML = "text/html"
JSON_LINES = ".jsonl"

MEDIA_TYPE_BY_SUFFIX = {".txt": TEXT_PLAIN, ".html": TEXT_HTML, ".htm": TEXT_HTML}
SUPPORTED_SUFFIXES = frozenset({*MEDIA_TYPE_BY_SUFFIX, JSON_LINES})

# Record keys we read from a JSON Lines record, with the other spellings scrapers commonly use.
# The first key that holds a non-empty value wins.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body"),
    "html": ("html", "raw_html"),
    "url": ("url", "link", "source_url"),
    "title": ("title", "headline"),
    "published": ("published", "published_on", "published_at", "date", "pubdate"),
    "byline": ("byline", "author", "authors"),
    "source": ("source", "site", "sitename", "site_name", "publisher"),
}


# --------------------------------------------------------------------------------------------
# Finding input files
# --------------------------------------------------------------------------------------------


def iter_input_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files to import, from files and folders given on the command line.

    Folders are walked recursively in sorted order; only supported suffixes are taken, and
    hidden files and folders (".name") are skipped. A file named explicitly is always yielded,
    whatever its suffix, so that `read_path` can report an unsupported type instead of the file
    silently vanishing. Broken symlinks are yielded too (`read_path` reports them).

    Every path is checked before the first one is yielded: a path that does not exist raises
    FileNotFoundError straight away, before anything is read.
    """
    checked = [Path(path) for path in paths]
    for path in checked:
        # lexists: a broken symlink named on the command line is bad input, not a typo.
        if not os.path.lexists(path):
            raise FileNotFoundError(f"No such file or folder: {path}")
    return _walk_inputs(checked)


def _walk_inputs(paths: list[Path]) -> Iterator[Path]:
    seen_folders: set[Path] = set()
    for path in paths:
        if path.is_dir():
            yield from _walk_folder(path, seen_folders)
        else:
            yield path


def _walk_folder(folder: Path, seen_folders: set[Path]) -> Iterator[Path]:
    real_folder = folder.resolve()
    if real_folder in seen_folders:  # a symlink loop, or the same folder given twice
        return
    seen_folders.add(real_folder)
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError:
        return  # an unreadable folder has nothing we can import
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk_folder(entry, seen_folders)
        elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
            yield entry


# --------------------------------------------------------------------------------------------
# Reading files into RawDocuments
# --------------------------------------------------------------------------------------------


def read_path(path: Path, max_bytes: int) -> list[RawDocument]:
    """The documents in one file: one for .txt/.html/.htm, one per record for .jsonl.

    Raises BadInput when the file as a whole cannot be read. For .jsonl the limit applies to
    each record (a line), not to the file, and a bad record comes back as a RawDocument with
    `error` set (see the module docstring). Bytes are not decoded here: `decode` does that in
    the worker, so that one undecodable file is reported like any other bad document.
    """
    return list(iter_path_documents(path, max_bytes))


def read_documents(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int
) -> Iterator[RawDocument]:
    """Every document under `paths`, for a loader: one stream, problems included.

    A file that cannot be read becomes one RawDocument with `error` set (origin = the file),
    so the loader can hand everything to `process_document` and report errors in one place.
    Missing paths raise FileNotFoundError immediately, before anything is read.
    """
    input_paths = iter_input_paths(paths)  # validates eagerly
    return _read_all(input_paths, max_bytes)


def _read_all(input_paths: Iterator[Path], max_bytes: int) -> Iterator[RawDocument]:
    for path in input_paths:
        try:
            # Materialise per file so a file-level error cannot surface halfway through.
            documents = read_path(path, max_bytes)
        except BadInput as problem:
            yield RawDocument(origin=str(path), error=str(problem))
            continue
        yield from documents


def iter_path_documents(path: Path, max_bytes: int) -> Iterator[RawDocument]:
    """Like `read_path`, but streams JSON Lines records instead of building a list."""
    _check_readable(path)
    suffix = path.suffix.lower()
    if suffix == JSON_LINES:
        yield from _iter_json_lines(path, max_bytes)
        return
    media_type = MEDIA_TYPE_BY_SUFFIX.get(suffix)
    if media_type is None:
        raise BadInput(f"unsupported file type {suffix or '(no suffix)'!r}")
    try:
        size = path.stat().st_size
    except OSError as error:  # gone (or replaced) between the checks and now
        raise BadInput(f"could not read the file: {error.strerror or error}") from error
    if size > max_bytes:
        raise BadInput(f"file is {_describe_size(size, max_bytes)}")
    data = _read_bytes(path)
    if len(data) > max_bytes:  # the file grew after stat()
        raise BadInput(f"file is {_describe_size(len(data), max_bytes)}")
    yield RawDocument(origin=str(path), data=data, media_type=media_type)


def _check_readable(path: Path) -> None:
    if path.is_symlink() and not path.exists():
        raise BadInput("broken symbolic link")
    if not path.exists():
        raise BadInput("file disappeared before it could be read")
    if path.is_dir():
        raise BadInput("is a folder, not a file")
    if not path.is_file():
        raise BadInput("not a regular file")
    if not os.access(path, os.R_OK):
        raise BadInput("permission denied: the file is not readable")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as error:
        raise BadInput("permission denied: the file is not readable") from error
    except OSError as error:
        raise BadInput(f"could not read the file: {error.strerror or error}") from error


def _describe_size(size: int, limit: int) -> str:
    """'5.3 MB, over the 5.0 MB limit', in whichever MB (10**6 or 2**20) makes the limit round."""
    unit = 1_000_000 if limit % 1_000_000 == 0 and limit % (1 << 20) != 0 else 1 << 20
    if limit < unit:
        kilo = unit // 1000 if unit == 1_000_000 else 1024
        return f"{size / kilo:.1f} KB, over the {limit / kilo:.1f} KB limit"
    return f"{size / unit:.1f} MB, over the {limit / unit:.1f} MB limit"


# --------------------------------------------------------------------------------------------
# JSON Lines
# --------------------------------------------------------------------------------------------

#: How deeply a JSON Lines record may nest: far beyond any scraper's record, far below
#: Python's recursion limit.
MAX_RECORD_DEPTH = 64


def _iter_json_lines(path: Path, max_bytes: int) -> Iterator[RawDocument]:
    """One RawDocument per non-blank line; bad records carry `error` instead of raising."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
            stream.seek(0)
            if utf16_byte_order(head) is not None:
                # UTF-16 cannot be split on b"\n"; such files are rare and small enough.
                lines = decode(stream.read()).split("\n")
                encoded_lines: Iterable[bytes | str] = lines
            else:
                encoded_lines = stream
            for line_number, line in enumerate(encoded_lines, start=1):
                record_document = _record_document(path, line_number, line, max_bytes)
                if record_document is not None:
                    yield record_document
    except PermissionError as error:
        raise BadInput("permission denied: the file is not readable") from error
    except OSError as error:
        raise BadInput(f"could not read the file: {error.strerror or error}") from error


def _record_document(
    path: Path, line_number: int, line: bytes | str, max_bytes: int
) -> RawDocument | None:
    origin = f"{path}#L{line_number}"
    if isinstance(line, bytes):
        if not line.strip():
            return None  # blank lines (often a trailing one) are not records
        if len(line) > max_bytes:
            return RawDocument(
                origin=origin, error=f"record is {_describe_size(len(line), max_bytes)}"
            )
        try:
            line = line.decode("utf-8-sig" if line_number == 1 else "utf-8")
        except UnicodeDecodeError:
            return RawDocument(origin=origin, error="record is not valid UTF-8")
    elif not line.strip():
        return None
    if _nesting_depth(line) > MAX_RECORD_DEPTH:
        # Checked before parsing: json.loads recurses once per level, and a RecursionError
        # would end the whole import rather than this one record.
        return RawDocument(
            origin=origin, error=f"record is nested more than {MAX_RECORD_DEPTH} levels deep"
        )
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return RawDocument(origin=origin, error=f"record is not valid JSON ({error.msg})")
    except RecursionError:  # belt and braces: the depth check should have caught it
        return RawDocument(origin=origin, error="record is nested too deeply")
    if not isinstance(record, dict):
        return RawDocument(origin=origin, error="record is not a JSON object")
    return record_to_document(record, origin)


_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _nesting_depth(line: str) -> int:
    """The deepest [ / { nesting of a JSON text, strings skipped, without recursion."""
    depth = deepest = 0
    for match in _JSON_NESTING.finditer(line):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def record_to_document(record: dict, origin: str) -> RawDocument:
    """A RawDocument from one decoded JSON Lines record (error set when it cannot be used)."""
    fields: dict[str, str] = {}
    for field_name, keys in RECORD_KEYS.items():
        value = next((record[key] for key in keys if record.get(key) not in (None, "")), "")
        if field_name in ("text", "html"):
            if not isinstance(value, str):
                return RawDocument(origin=origin, error=f"record field {field_name!r} is not text")
            fields[field_name] = value
        else:
            fields[field_name] = _record_value_as_text(value)
    text, html = fields.pop("text"), fields.pop("html")
    if not text.strip() and not html.strip():
        return RawDocument(origin=origin, error="record has neither text nor html", **fields)
    # Prefer the text when both are given: it is what the scraper already judged to be the
    # article; the html would only add navigation for us to remove again.
    if text.strip():
        return RawDocument(origin=origin, media_type=TEXT_PLAIN, text=text, **fields)
    return RawDocument(origin=origin, media_type=TEXT_HTML, html=html, **fields)


def _record_value_as_text(value: object) -> str:
    if isinstance(value, str):
        return strip_format_controls(value).strip()
    if isinstance(value, list):  # e.g. "authors": ["Jane Doe", "John Roe"]
        return ", ".join(_record_value_as_text(item) for item in value if item)
    if isinstance(value, dict):  # e.g. "source": {"name": "Smart Cities World", ...}
        return _record_value_as_text(value.get("name") or value.get("title") or "")
    if isinstance(value, bool) or value is None:
        return ""
    return str(value)
