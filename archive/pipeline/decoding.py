"""Bytes to clean Unicode text (`decode`, `normalise_text`), refusing anything that is not text:
binary files renamed .txt, empty files, bytes no encoding explains. `decode` raises `BadInput`
for them."""

from __future__ import annotations

import re
import unicodedata

import ftfy

from archive.pipeline.encodings import decode_legacy
from archive.pipeline.types import BadInput

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
    byte_order = utf16_byte_order(data)
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


def utf16_byte_order(data: bytes) -> str | None:
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
