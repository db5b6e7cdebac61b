"""The synthetic corpus: deterministic, skewed like real coverage, in the page shapes we handle."""

from collections import Counter

from archive.services.corpus_generator import generate, write_corpus


def test_the_same_seed_gives_the_same_pages_and_another_seed_others():
    first, again, other = generate(60, seed=3), generate(60, seed=3), generate(60, seed=4)
    assert [p.text for p in first] == [p.text for p in again]
    assert [p.text for p in first] != [p.text for p in other]


def test_a_few_organizations_are_named_everywhere_and_most_rarely():
    pages = generate(1000, seed=5)
    counts = sorted(Counter(n for p in pages for n in p.organizations).values(), reverse=True)
    median = counts[len(counts) // 2]
    assert counts[0] >= 20 * median
    assert len(counts) >= 100


def test_pages_come_in_the_shapes_the_importer_must_handle():
    pages = generate(1000, seed=5)
    shapes = Counter(shape for page in pages for shape in page.shapes)
    assert set(shapes) == {"wrapped", "caption", "undated", "indented", "press-release"}
    assert any(not page.title for page in pages)
    assert all((page.published_on is None) == ("undated" in page.shapes) for page in pages)
    years = {page.published_on[:4] for page in pages if page.published_on}
    assert len(years) == 15


def test_every_named_entity_is_in_its_page(tmp_path):
    pages = generate(50, seed=9)
    manifest = write_corpus(pages, tmp_path)
    assert len(manifest.read_text(encoding="utf-8").splitlines()) == 50
    for page in pages:
        text = " ".join((tmp_path / page.name).read_text(encoding="utf-8").split())
        for name in [*page.organizations, *page.people, *page.events, *page.places]:
            assert name in text, (page.name, name)
