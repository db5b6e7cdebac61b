"""The cleaner on the generated corpus (archive.services.corpus_generator): every page shape the
generator makes (site junk before and after, wrapped lines, no date, no headline) keeps its
story. A rule that throws a whole story away on one shape fails here, not in a user's import."""

import functools

import pytest

from archive.pipeline.cleaning import clean_page
from archive.pipeline.types import BadInput
from archive.services.corpus_generator import generate

#: The corpus `bench/crash_bench.py` imports; cleaned in parts so that the suite spreads them.
PAGES, PARTS = 2000, 4


@functools.cache
def corpus():
    return generate(PAGES, seed=12)


@pytest.mark.parametrize("part", range(PARTS))
def test_every_generated_page_keeps_its_story(part):
    lost = {}
    for page in corpus()[part::PARTS]:
        try:
            body = clean_page(page.text).body
        except BadInput as error:
            body = str(error)
        if len(body.split()) < 20:
            lost[page.name] = body

    assert lost == {}
