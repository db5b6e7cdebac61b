"""The extractor keeps its scores on the hand-annotated corpus (tests/corpus/entities)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .helpers import ROOT

THRESHOLDS = {"organizations": 0.85, "people": 0.85, "places": 0.85, "events": 0.70}


def _bench():
    path = ROOT / "bench" / "extraction_eval.py"
    spec = importlib.util.spec_from_file_location("extraction_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_corpus_f1_stays_above_the_acceptance_thresholds():
    bench = _bench()
    files = bench.corpus_files()
    assert len(files) >= 25
    report = bench.evaluate(files)
    scores = {kind: round(report.ours[kind].f1, 3) for kind in THRESHOLDS}
    assert all(scores[kind] >= threshold for kind, threshold in THRESHOLDS.items()), scores
    assert report.quotes.f1 >= 0.8


#: Scores of the whole pipeline (raw page -> cleaning -> extraction) on the realistic raw pages
#: of tests/corpus/heldout/tune_*, measured when the rules were tuned on them, minus a margin.
#: (final_* pages there are for the lead's one-off acceptance run and are never read here.)
PAGE_THRESHOLDS = {"organizations": 0.87, "people": 0.94, "places": 0.93, "events": 0.88}


def test_raw_tune_pages_keep_their_full_pipeline_scores():
    bench = _bench()
    files = bench.page_files(ROOT / "tests" / "corpus" / "heldout", "tune_*")
    if not files:
        pytest.skip("no tune_* pages in tests/corpus/heldout")
    report = bench.evaluate_pages(files, baseline=False)
    scores = {kind: round(report.ours[kind].f1, 3) for kind in PAGE_THRESHOLDS}
    assert all(scores[kind] >= low for kind, low in PAGE_THRESHOLDS.items()), scores
    assert report.quotes.f1 >= 0.9
    assert report.titles_right >= report.documents - 2
    assert report.dates_right >= report.documents - 2
