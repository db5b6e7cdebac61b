"""Precision and recall of story grouping on a generated set, for a grid of thresholds.

Run: .venv/bin/python bench/story_eval.py [--articles 800] [--seed 11] [--grid]

The set: `--articles` pages from the corpus generator (many on the same topic, written from
the same sentence patterns: the hard negatives), plus rewritten copies of a quarter of them
(archive/services/rewrites.py: each operation alone, and all of them together). Every page is
cleaned as an import cleans it (archive.pipeline.process.parse_document) and grouped the way
archive.services.stories groups it, in import order: fingerprint, LSH band keys, the most
similar earlier candidate at or above the threshold. Scores are pairwise: a pair of pages put
in one story is right when both are copies of the same original.

No database: the band index is a dict, as the StoryBand table is in the archive.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.pipeline.near_duplicates import estimated_jaccard, fingerprint, words  # noqa: E402
from archive.pipeline.process import parse_document  # noqa: E402
from archive.pipeline.types import RawDocument  # noqa: E402
from archive.services.corpus_generator import generate  # noqa: E402
from archive.services.rewrites import OPERATIONS, rewrite  # noqa: E402

MIN_WORDS = 40
MAX_CANDIDATES = 20  # archive.services.stories.MAX_CANDIDATES
COMBINATIONS = [(op,) for op in OPERATIONS] + [OPERATIONS, ("reorder", "drop", "junk")]


def build_set(articles: int, seed: int) -> list[tuple[int, str, str]]:
    """(original number, rewrite label or "", cleaned body) for every page and copy, in a
    shuffled import order."""
    rng = random.Random(seed)
    pages = generate(articles, seed)
    docs: list[tuple[int, str, str]] = [(i, "", page.text) for i, page in enumerate(pages)]
    for i, page in enumerate(pages[: articles // 4]):
        for operations in rng.sample(COMBINATIONS, 2):
            text = rewrite(page.text, page.title, rng, operations)
            docs.append((i, "+".join(operations), text))
    rng.shuffle(docs)
    bodies = []
    for original, label, text in docs:
        try:
            page = parse_document(RawDocument(origin="bench", data=text.encode("utf-8")))
        except Exception:  # an unusable page is not imported either
            continue
        bodies.append((original, label, page.body))
    return bodies


def group(
    bodies, *, threshold: float, num_perm: int, shingle_size: int, bands: int = 32
) -> list[int | None]:
    """The story of each body (None: alone), grouped as the importer groups them."""
    index: dict[int, list[int]] = defaultdict(list)
    signatures: list[bytes | None] = []
    stories: list[int | None] = []
    next_story = 0
    for number, (_, _label, body) in enumerate(bodies):
        if len(words(body)) < MIN_WORDS:
            signatures.append(None)
            stories.append(None)
            continue
        found = fingerprint(body, bands=bands, num_perm=num_perm, shingle_size=shingle_size)
        shared = Counter(other for key in found.band_keys for other in index[key])
        # As the archive does: the MAX_CANDIDATES sharing the most band keys.
        ranked = sorted(shared, key=lambda other: (-shared[other], other))[:MAX_CANDIDATES]
        best = None
        for other in sorted(ranked):
            similarity = estimated_jaccard(found.signature, signatures[other])
            if similarity >= threshold and (best is None or similarity > best[0]):
                best = (similarity, other)
        story = None
        if best is not None:
            other = best[1]
            if stories[other] is None:
                stories[other] = next_story
                next_story += 1
            story = stories[other]
        signatures.append(found.signature)
        stories.append(story)
        for key in found.band_keys:
            index[key].append(number)
    return stories


def score(bodies, stories) -> tuple[float, float, int, int]:
    truth = [original for original, _, _ in bodies]
    true_pairs = predicted = right = 0
    for a, b in itertools.combinations(range(len(bodies)), 2):
        same = truth[a] == truth[b]
        grouped = stories[a] is not None and stories[a] == stories[b]
        true_pairs += same
        predicted += grouped
        right += same and grouped
    precision = right / predicted if predicted else 1.0
    recall = right / true_pairs if true_pairs else 1.0
    return precision, recall, predicted - right, true_pairs - right


def recall_by_rewrite(bodies, stories) -> dict[str, float]:
    """For each kind of rewrite: the share of copies put in their original's story."""
    originals = {original: n for n, (original, label, _) in enumerate(bodies) if not label}
    found: dict[str, list[bool]] = defaultdict(list)
    for n, (original, label, _) in enumerate(bodies):
        if label and original in originals:
            other = stories[originals[original]]
            found[label].append(other is not None and stories[n] == other)
    return {label: sum(hits) / len(hits) for label, hits in sorted(found.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=800)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--grid", action="store_true", help="try several settings")
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--shingle-size", type=int, default=4)
    parser.add_argument("--bands", type=int, default=32, help="LSH bands (STORY_LSH_BANDS)")
    args = parser.parse_args()
    bodies = build_set(args.articles, args.seed)
    print(f"{len(bodies)} pages ({args.articles} originals), seed {args.seed}")
    if args.grid:
        settings = itertools.product((0.45, 0.5, 0.55, 0.6, 0.65, 0.7), (64, 128), (3, 4, 5))
    else:
        settings = [(args.threshold, args.num_perm, args.shingle_size)]
    print("threshold num_perm shingle  precision recall  wrong_pairs missed_pairs  ms/page")
    for threshold, num_perm, shingle_size in settings:
        started = time.perf_counter()
        stories = group(
            bodies,
            threshold=threshold,
            num_perm=num_perm,
            shingle_size=shingle_size,
            bands=min(args.bands, num_perm // 2),
        )
        elapsed = (time.perf_counter() - started) * 1000 / len(bodies)
        precision, recall, wrong, missed = score(bodies, stories)
        print(
            f"{threshold:9.2f} {num_perm:8d} {shingle_size:7d}  {precision:9.3f} {recall:6.3f}"
            f"  {wrong:11d} {missed:12d}  {elapsed:7.2f}"
        )
    if not args.grid:
        print("copies grouped with their original, by rewrite:")
        for label, share in recall_by_rewrite(bodies, stories).items():
            print(f"  {label:40s} {share:.3f}")


if __name__ == "__main__":
    main()
