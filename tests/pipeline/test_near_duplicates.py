from archive.pipeline.near_duplicates import (
    FingerprintLayout,
    band_layout,
    estimated_jaccard,
    fingerprint,
    jaccard,
    shingles,
)

TEXT = " ".join(f"word{i} river{i % 7} bridge{i % 5}" for i in range(120))


def test_shingles_ignore_case_and_punctuation():
    assert shingles("Tram, TRAM! tram.", 2) == {"tram tram"}
    assert shingles("one two", 3) == {"one two"}
    assert shingles("", 3) == set()


def test_fingerprint_is_deterministic_and_stored_small():
    first = fingerprint(TEXT, bands=32, num_perm=128, shingle_size=4)
    assert first == fingerprint(TEXT, bands=32, num_perm=128, shingle_size=4)
    assert len(first.signature) == 128 * 4
    assert len(first.band_keys) == 32
    assert all(-(2**63) <= key < 2**63 for key in first.band_keys)


def test_estimate_follows_the_exact_jaccard():
    other = TEXT.replace("word1 ", "term1 ").replace("word5", "term5")
    exact = jaccard(shingles(TEXT, 4), shingles(other, 4))
    estimate = estimated_jaccard(
        fingerprint(TEXT, bands=32, num_perm=256, shingle_size=4).signature,
        fingerprint(other, bands=32, num_perm=256, shingle_size=4).signature,
    )
    assert abs(exact - estimate) < 0.1
    assert estimated_jaccard(b"", b"") == 0.0


def test_band_layout_splits_the_permutations():
    assert band_layout(32, 128) == (32, 4)
    assert band_layout(500, 128) == (128, 1)


def test_a_layout_fingerprints_bodies_long_enough_to_compare():
    layout = FingerprintLayout(bands=32, num_perm=128, shingle_size=4, min_words=40)
    assert layout.of(TEXT) == fingerprint(TEXT, bands=32, num_perm=128, shingle_size=4)
    assert layout.of(" ".join(["tram"] * 39)) is None
