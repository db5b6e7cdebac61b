"""Bytes in, text out, bad input out.

Three jobs, all without Django and without touching the network:

* find the input files (`iter_input_paths`) and turn each into `RawDocument`s (`read_path`,
  `read_documents`);
* turn bytes into clean Unicode text (`decode`, `normalise_text`), refusing anything that is not
  text (binary files renamed .txt, empty files, bytes no encoding explains);
* turn an HTML page into plain text shaped like a scraped .txt page (`html_to_text`), with the
  page metadata trafilatura finds.

Bad input is reported, never guessed around:

* `iter_input_paths` raises FileNotFoundError, before anything is read, for a path that does
  not exist (a command error: the user mistyped something).
* `read_path` raises `BadInput` for a file that cannot be read at all (too big, no permission,
  broken symlink, unsupported type).
* A bad record inside a JSON Lines file does not spoil its neighbours: `read_path` returns it as
  a `RawDocument` whose `error` says what is wrong, and `process_document` turns that into an
  `ImportResult` with the same error. So a loader reports every problem the same way.
* `decode` raises `BadInput` for bytes that are not text.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ftfy

from archive.pipeline.encodings import decode_legacy
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


def _iter_json_lines(path: Path, max_bytes: int) -> Iterator[RawDocument]:
    """One RawDocument per non-blank line; bad records carry `error` instead of raising."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
            stream.seek(0)
            if _utf16_byte_order(head) is not None:
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


# --------------------------------------------------------------------------------------------
# Decoding bytes
# --------------------------------------------------------------------------------------------

# Signatures of common binary formats that end up renamed to .txt by scrapers and people.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}

BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with the UTF-16 one.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Control characters (other than these whitespace ones) make a "text" file binary.
ALLOWED_CONTROL_CHARACTERS = frozenset("\t\n\r\f\v\x1b")
MAX_CONTROL_CHARACTER_RATIO = 0.01
MAX_REPLACEMENT_CHARACTER_RATIO = 0.01
INVISIBLE_CHARACTERS = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u00ad"), None)
# Bidirectional controls (marks, embeddings, overrides, isolates) and the C0 controls other
# than tab and line breaks. A bidi override in a name or title reorders what curators and
# readers see ("Trojan Source"); NUL and friends cannot be stored in PostgreSQL text or
# written to XML. None of them is visible text, so removing them loses nothing.
FORMAT_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f]")
#: Longest text (in characters) the pipeline accepts: spaCy refuses longer texts (E088), and
#: no news article is anywhere near this long.
MAX_TEXT_CHARS = 1_000_000
#: How deeply a JSON Lines record may nest: far beyond any scraper's record, far below
#: Python's recursion limit.
MAX_RECORD_DEPTH = 64


def decode(
    data: bytes, declared_encoding: str = "", *, max_chars: int | None = MAX_TEXT_CHARS
) -> str:
    """Unicode text from file bytes, or BadInput saying in one line why the bytes are not text.

    Order: binary signatures, byte order marks, UTF-16/32 by NUL pattern, strict UTF-8, then a
    `declared_encoding` (an HTML meta charset) and legacy encodings ranked by how plausible the
    decoded text looks (charset-normalizer's guesses included). The result goes through
    `normalise_text` (ftfy mojibake repair, \\n line ends, NFC).
    """
    if not data.strip():
        raise BadInput("empty file" if not data else "file contains only whitespace")
    binary_kind = _binary_signature(data)
    if binary_kind:
        raise BadInput(f"not text: the bytes are {binary_kind}")
    text = _decode_to_str(data, declared_encoding)
    if max_chars is not None:  # markup is bounded by the file size; its text is checked later
        check_text_length(text, max_chars)
    _reject_binary_text(text)
    text = normalise_text(text)
    if not text.strip():
        raise BadInput("file contains only whitespace")
    return text


def normalise_text(text: str) -> str:
    """Repair mojibake, normalise line ends to \\n and Unicode to NFC.

    Used for decoded files and for text that arrives already decoded (JSON Lines records).
    Curly quotes, full-width characters and such are kept as written: they are the author's
    text, and the quote extractor reads both kinds of quotation marks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_character_width=False,
        unescape_html=False,
        explain=False,
    )
    text = strip_format_controls(text.translate(INVISIBLE_CHARACTERS))
    # ftfy turns U+2028/U+2029 into \n, but be explicit about the line-end contract.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def strip_format_controls(text: str) -> str:
    """`text` without bidi controls or C0 control characters (tab and line breaks stay)."""
    return FORMAT_CONTROLS.sub("", text)


def check_text_is_readable(text: str) -> None:
    """BadInput for already-decoded text (a JSON Lines record) that is empty or binary junk."""
    if not text.strip():
        raise BadInput("the text is empty")
    check_text_length(text)
    _reject_binary_text(text)


def check_text_length(text: str, limit: int = MAX_TEXT_CHARS) -> None:
    """BadInput for a text longer than `limit`, before any costly step (spaCy) sees it."""
    if len(text) > limit:
        raise BadInput(f"text is {len(text):,} characters long, over the {limit:,} character limit")


def _binary_signature(data: bytes) -> str:
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in RIFF_KINDS:
        return RIFF_KINDS[data[8:12]]
    return ""


def _decode_to_str(data: bytes, declared_encoding: str) -> str:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as error:
                raise BadInput(f"the bytes are not valid {encoding.upper()}") from error
    byte_order = _utf16_byte_order(data)
    if byte_order is not None:
        try:
            return data.decode(byte_order)
        except UnicodeDecodeError as error:
            raise BadInput("not text: NUL bytes that are not UTF-16") from error
    if b"\x00" in data:
        raise BadInput("not text: the bytes contain NUL characters (binary data)")
    if _control_byte_ratio(data) > MAX_CONTROL_CHARACTER_RATIO:
        raise BadInput("not text: too many control characters (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return decode_legacy(data, declared_encoding)


def _utf16_byte_order(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one side of byte pairs only, as in UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not data.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16"
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    nul_in_even = sample[0::2].count(0) / pairs
    nul_in_odd = sample[1::2].count(0) / pairs
    # ASCII in UTF-16 puts a NUL in every pair; other scripts still have NULs in spaces and
    # punctuation. Binary data has NULs on both sides.
    if nul_in_odd > 0.1 and nul_in_even < 0.01:
        return "utf-16-le"
    if nul_in_even > 0.1 and nul_in_odd < 0.01:
        return "utf-16-be"
    return None


def _control_byte_ratio(data: bytes) -> float:
    sample = data[:65536]
    controls = sum(
        1 for byte in sample if byte < 32 and chr(byte) not in ALLOWED_CONTROL_CHARACTERS
    )
    return controls / len(sample)


def _reject_binary_text(text: str) -> None:
    sample = text[:65536]
    if not sample:  # a byte order mark alone: the caller reports the empty text
        return
    controls = sum(
        1
        for character in sample
        if unicodedata.category(character) == "Cc"
        and character not in ALLOWED_CONTROL_CHARACTERS
        and not "\x80" <= character <= "\x9f"  # C1 controls are mojibake; ftfy repairs them
    )
    if controls / len(sample) > MAX_CONTROL_CHARACTER_RATIO:
        raise BadInput("not text: too many control characters (binary data)")
    if sample.count("\ufffd") / len(sample) > MAX_REPLACEMENT_CHARACTER_RATIO:
        raise BadInput("the bytes are not valid in any text encoding we know")


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

META_CHARSET_PATTERN = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)


@dataclass(frozen=True)
class HtmlText:
    """An HTML page as plain text, shaped like a scraped .txt page, with its metadata."""

    text: str  # headline line, blank line, body paragraphs separated by blank lines
    title: str = ""
    published: str = ""  # as trafilatura found it in the page metadata (YYYY-MM-DD)
    byline: str = ""
    source: str = ""  # site name
    url: str = ""


def declared_html_encoding(data: bytes) -> str:
    """The charset an HTML page declares in a <meta> tag near its top, or ""."""
    match = META_CHARSET_PATTERN.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else ""


def decode_html(data: bytes) -> str:
    return decode(data, declared_encoding=declared_html_encoding(data), max_chars=None)


def html_to_text(html: str, url: str = "") -> HtmlText:
    """The main text and metadata of an HTML page, via trafilatura, fully offline.

    trafilatura only parses the string it is given; nothing is fetched. Date extraction is
    limited to metadata and markup (no "extensive search" through the text), because a date
    guessed from the body would be an invented publication date.
    """
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    options = {
        "url": url or None,
        "include_comments": False,
        "include_tables": True,
        "with_metadata": True,
        "date_extraction_params": {"extensive_search": False, "original_date": True},
    }
    document = trafilatura.bare_extraction(html, favor_precision=True, **options)
    if document is None or not _body_blocks(document.body):
        # Short pages fall under precision mode's thresholds; recall mode still skips menus.
        document = trafilatura.bare_extraction(html, favor_recall=True, **options)
    blocks = _body_blocks(document.body) if document is not None else []
    if not blocks:
        fallback = trafilatura.html2txt(html) if html.strip() else ""
        blocks = [line for line in fallback.split("\n") if line.strip()]
    if not blocks:
        raise BadInput("no article text found in the HTML")
    title = _meta_text(document, "title")
    if title and _same_text(blocks[0], title):
        blocks = blocks[1:]
    text = "\n\n".join([title, *blocks]) if title else "\n\n".join(blocks)
    check_text_length(text)
    return HtmlText(
        text=normalise_text(text),
        title=title,
        published=_meta_text(document, "date"),
        byline=_meta_text(document, "author"),
        source=_meta_text(document, "sitename"),
        url=_meta_text(document, "url") or url,
    )


def _meta_text(document: object, name: str) -> str:
    value = getattr(document, name, None) if document is not None else None
    return " ".join(strip_format_controls(value).split()) if isinstance(value, str) else ""


def _same_text(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _body_blocks(body: object) -> list[str]:
    """Paragraph-sized blocks of trafilatura's XML body: the .txt page shape.

    <p>/<head>/<quote> become paragraphs (<lb/> a line break inside one), <list> becomes one
    block of "- item" lines, <table> one block of "cell | cell" rows.
    """
    if body is None:
        return []
    blocks: list[str] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "list":
            items = [_element_text(item) for item in element.iter("item")]
            items = [f"- {item}" for item in items if item]
            if items:
                blocks.append("\n".join(items))
        elif tag == "table":
            rows = []
            for row in element.iter("row"):
                cells = [_element_text(cell) for cell in row.iter("cell")]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                blocks.append("\n".join(rows))
        elif tag in ("graphic", "ref") and not _element_text(element):
            continue
        else:
            text = _element_text(element, keep_line_breaks=True)
            if text:
                blocks.append(text)
    return blocks


def _element_text(element: object, keep_line_breaks: bool = False) -> str:
    parts: list[str] = []

    def walk(node: object) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n" if keep_line_breaks else " ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)
