# ruff: noqa: RUF001 - the symbol lists below are characters that wrong decodings produce.
"""Which legacy encoding a file that is not UTF-8 is in, or BadInput when the bytes cannot say.

`decoding.decode` handles byte order marks, UTF-16/32 and UTF-8 itself and asks here only for
the rest: old Western, Central European, Cyrillic, Greek... code pages, and the CJK ones
charset-normalizer recognises. Each candidate decoding is scored by how natural its words
look (`text_plausibility`); charset-normalizer, which models languages rather than word
shapes, gives a second opinion, and a near tie between readings with different letters is
refused instead of published as mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator

import charset_normalizer

from archive.pipeline.types import BadInput

# Legacy encodings we try ourselves, in order of preference when two explain the bytes equally
# well: this archive reads mostly Western news, then Russian (the seeds come from Moscow).
PREFERRED_LEGACY_ENCODINGS = (
    "cp1252",
    "cp1251",
    "koi8-r",
    "iso8859-15",
    "cp1250",
    "iso8859-2",
    "cp1253",
    "cp1254",
    "cp1257",
    "mac_roman",
)
MIN_PLAUSIBILITY = 0.75
# A second reading this close to the best one's plausibility, with other letters, means the
# bytes do not say which encoding they are in (measured on short news texts in 20 encodings).
AMBIGUITY_MARGIN = 0.1


def decode_legacy(data: bytes, declared_encoding: str) -> str:
    """The most plausible decoding among legacy encodings, or BadInput.

    Legacy encodings often "decode" the same bytes into different but natural-looking words
    (Hebrew read as Cyrillic, Polish as Vietnamese), and our preference order then breaks the
    tie silently: mojibake published as if fine. So charset-normalizer's own best guess (it
    models languages, not word shapes) is a second opinion: when it reads other letters and
    its reading is about as plausible as ours, the bytes are refused as ambiguous. A charset
    the page declares, if it decodes cleanly and reads well, is the author's word and wins.
    """
    guesses = charset_normalizer.from_bytes(data[:200_000])
    candidates: list[str] = []
    if declared_encoding:
        candidates.append(declared_encoding)
    candidates.extend(PREFERRED_LEGACY_ENCODINGS)
    candidates.extend(match.encoding for match in guesses)
    best_text, best_codec, best_score = "", "", -1.0
    seen: set[str] = set()
    for rank, encoding in enumerate(candidates):
        codec = _codec_name(encoding)
        if codec is None or codec in seen:
            continue
        seen.add(codec)
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        score = text_plausibility(text)
        if rank == 0 and declared_encoding and score >= MIN_PLAUSIBILITY:
            return text
        if score > best_score + 1e-9:  # ties go to the earlier (preferred) encoding
            best_text, best_codec, best_score = text, codec, score
    if best_score < MIN_PLAUSIBILITY:
        raise BadInput("the bytes are not valid in any text encoding we know")
    for rank, (codec, text) in enumerate(_second_opinions(data, guesses)):
        # Its best guess is a rival when nearly as plausible; its tied guesses when fully so.
        margin = AMBIGUITY_MARGIN if rank == 0 else 1e-9
        if _letters_differ(best_text, text) and text_plausibility(text) >= best_score - margin:
            raise BadInput(
                f"the text encoding is ambiguous (it reads as {best_codec} or as {codec}): "
                "save the file as UTF-8"
            )
    return best_text


def _second_opinions(data: bytes, guesses: Iterable) -> Iterator[tuple[str, str]]:
    """(codec, text) of charset-normalizer's best guess, and of every guess it rates just as
    well (an even tie means it cannot tell either), for all of `data`, where they decode."""
    ranked = list(guesses)
    if not ranked:
        return
    best = (ranked[0].chaos, ranked[0].coherence)
    for guess in ranked:
        if (guess.chaos, guess.coherence) != best:
            continue
        codec = _codec_name(guess.encoding)
        if codec is None:
            continue
        try:
            yield codec, data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue


def _letters_differ(first: str, second: str) -> bool:
    """True when two decodings of the same bytes disagree on a letter (not just a symbol)."""
    if len(first) != len(second):
        return True
    return any(
        one != other and (one.isalpha() or other.isalpha())
        for one, other in zip(first, second, strict=True)
    )


def _codec_name(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


WORD_PATTERN = re.compile(r"[^\W\d_]+")
SYMBOL_INSIDE_WORD = re.compile(
    r"(?<=[^\W\d_])[\u00a2-\u00a9\u00ac\u00ae-\u00b1\u00b4\u00b6\u00b8\u00d7\u00f7"
    r"\u2020-\u2022\u2030\u2039\u203a\u20a0-\u20cf\u2100-\u2bff\u3000-\u303f\uff00-\uff0f"
    r"\uff1a-\uff20\uff3b-\uff40](?=[^\W\d_])"
)
# Symbols that legacy text practically never contains but wrong decodings produce a lot of.
UNLIKELY_CHARACTERS = frozenset("¤¦¨¬¯´¸¹²³¼½¾×÷ªº¿¡±µ¶·¢¥ŸÐðÞþƒˆ˜‰‹›Œœ†‡")


def text_plausibility(text: str) -> float:
    """0..1: how much `text` looks like natural-language text rather than a wrong decoding.

    Counts words whose letters share one script and follow a normal case pattern (lower,
    UPPER, Capitalised), and penalises characters wrong decodings typically produce: C1
    controls, half-width katakana, unlikely Latin-1 symbols, and Latin words made mostly of
    accented letters (how Cyrillic looks when read as cp1252).
    """
    sample = text[:100_000]
    words = WORD_PATTERN.findall(sample)
    if not words:
        return 0.0
    good = sum(1 for word in words if _word_looks_natural(word))
    score = good / len(words)
    odd_characters = sum(
        1
        for character in sample
        if character in UNLIKELY_CHARACTERS
        or "\x80" <= character <= "\x9f"
        or "\uff61" <= character <= "\uff9f"
        or "\u2500" <= character <= "\u259f"  # box drawing and blocks (cp437/cp866 misreads)
        or unicodedata.category(character) in ("Co", "Cn")
    )
    # A symbol or bracket between two letters (a currency sign inside a word) is a misread letter.
    odd_characters += len(SYMBOL_INSIDE_WORD.findall(sample))
    letters = sum(len(word) for word in words)
    return max(0.0, score - 3 * odd_characters / max(letters, 1))


def _word_looks_natural(word: str) -> bool:
    scripts = {_script_of(character) for character in word}
    if len(scripts) > 1:
        return False
    (script,) = scripts
    if script == "latin" and len(word) >= 3:
        accented = sum(1 for character in word if ord(character) > 127)
        if accented * 2 > len(word):
            return False
    if len(word) == 1 or word.islower() or word.isupper():
        return True
    if word.lower() == word.upper():  # scripts without case (Hebrew, Arabic, CJK...)
        return True
    return word[0].isupper() and word[1:].islower()


def _script_of(character: str) -> str:
    code = ord(character)
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x370 <= code < 0x400:
        return "greek"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    if 0x590 <= code < 0x600:
        return "hebrew"
    if 0x600 <= code < 0x780:
        return "arabic"
    if 0x3040 <= code < 0xA000 or 0xAC00 <= code < 0xD7B0 or 0xF900 <= code < 0xFB00:
        return "cjk"  # kana, ideographs and hangul mix freely within a "word"
    try:
        return unicodedata.name(character).split()[0].lower()
    except ValueError:
        return "unknown"
