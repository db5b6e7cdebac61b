"""Fingerprints of article bodies for finding copies of one story (pure Python, no Django).

A body becomes a set of word shingles (k consecutive words, case and punctuation ignored), the
set a MinHash signature (datasketch), and the signature a few LSH band keys: two bodies whose
shingle sets have a Jaccard similarity above the LSH threshold share at least one band key with
high probability. The archive stores the signature and the band keys of every article
(archive.services.stories), so candidates are found with one indexed query and checked against
the signatures; nothing is kept in memory between imports or shared between processes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and datasketch load when a body is first fingerprinted
    import numpy as np
    from datasketch import MinHash

_WORD = re.compile(r"\w+", re.UNICODE)

#: The seed of the MinHash permutations: stored signatures are only comparable with one seed.
SEED = 1
#: datasketch's 32-bit hashing scheme: every value fits in four bytes.
SCHEME = "affine32"


@dataclass(frozen=True)
class Fingerprint:
    """What is stored for one body: its MinHash signature and its LSH band keys."""

    signature: bytes
    band_keys: tuple[int, ...]


@dataclass(frozen=True)
class FingerprintLayout:
    """How bodies are fingerprinted (the archive's STORY_* settings): the parse workers are
    given it, so that the fingerprint is computed with the rest of the pipeline."""

    bands: int
    num_perm: int
    shingle_size: int
    min_words: int

    def of(self, body: str) -> Fingerprint | None:
        """The fingerprint of a cleaned body, or None when it is too short to compare."""
        if len(words(body)) < self.min_words:
            return None
        return fingerprint(
            body, bands=self.bands, num_perm=self.num_perm, shingle_size=self.shingle_size
        )


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int) -> set[str]:
    """The set of `size`-word shingles of `text` (the whole text when it is shorter)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(first: set[str], second: set[str]) -> float:
    """The exact Jaccard similarity of two shingle sets (for benchmarks and tests)."""
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


@lru_cache(maxsize=8)
def _template(num_perm: int) -> MinHash:
    from datasketch import MinHash

    # Generating the permutations costs more than hashing a body: done once per size.
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)


def band_layout(bands: int, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band): `bands` bands of num_perm // bands values each.

    Two bodies with Jaccard similarity s share a band with probability 1 - (1 - s**r)**b: the
    layout sets how similar a pair must be to become a candidate (about (1/b)**(1/r)), while
    the threshold that groups candidates is checked on the signatures, so it can change
    without recomputing the stored keys.
    """
    bands = max(1, min(bands, num_perm))
    return bands, num_perm // bands


def minhash(text: str, *, num_perm: int, shingle_size: int) -> MinHash:
    from datasketch import MinHash

    template = _template(num_perm)
    found = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=template.permutations)
    items = shingles(text, shingle_size)
    if items:
        found.update_batch([item.encode("utf-8") for item in items])
    return found


def signature_bytes(found: MinHash) -> bytes:
    # datasketch keeps hash values below 2**32: four bytes each are enough.
    return found.hashvalues.astype("<u4").tobytes()


def signature_values(signature: bytes) -> np.ndarray:
    import numpy as np

    return np.frombuffer(signature, dtype="<u4")


def band_keys(signature: bytes, *, bands: int, rows: int) -> tuple[int, ...]:
    """One signed 64-bit key per band: its number and its rows, hashed together."""
    values = signature_values(signature)
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def fingerprint(text: str, *, bands: int, num_perm: int, shingle_size: int) -> Fingerprint:
    signature = signature_bytes(minhash(text, num_perm=num_perm, shingle_size=shingle_size))
    bands, rows = band_layout(bands, num_perm)
    return Fingerprint(signature, band_keys(signature, bands=bands, rows=rows))


def estimated_jaccard(first: bytes, second: bytes) -> float:
    """The share of equal MinHash values: an estimate of the bodies' Jaccard similarity."""
    import numpy as np

    a, b = signature_values(first), signature_values(second)
    if len(a) != len(b) or not len(a):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)
