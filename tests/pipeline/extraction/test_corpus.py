"""The extractor keeps its scores on the hand-annotated corpus (tests/corpus/entities)."""

from __future__ import annotations

import importlib.util
import sys

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
