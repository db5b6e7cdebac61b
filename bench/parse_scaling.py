"""How parse and extraction time grows with the size of one page.

    .venv/bin/python bench/parse_scaling.py [--sizes 10,100,300] [--repeat 1]

Builds one long article per size from the cleaned bodies of the test corpus's pages (a headline,
a date line, then paragraphs until the size is reached), runs it through `process_document`
exactly as an import does, and prints, per size, the total time, the part spent in the
statistical model (spaCy) and the part spent in our own rules, each also per kilobyte. Time per
kilobyte that stays flat from 10 to 300 KB means linear growth; a rising one means a rule
compares everything with everything again. "cpu s" is the processor time of the whole run: on
a machine shared with other work, wall-clock time grows with the load, processor time much less.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.pipeline.extraction.nlp import parse  # noqa: E402
from archive.pipeline.process import parse_document, process_document  # noqa: E402
from archive.pipeline.types import Gazetteer, RawDocument  # noqa: E402

CORPORA = (ROOT / "tests" / "corpus" / "heldout", ROOT / "tests" / "corpus" / "pages")
HEAD = "City expands adaptive traffic signals across its districts\n\nMarch 3, 2021\n\n"


def paragraphs() -> list[str]:
    """Real-shaped prose: the cleaned bodies of the corpus pages, split into paragraphs."""
    found: list[str] = []
    for folder in CORPORA:
        for path in sorted(folder.glob("*.txt")):
            page = parse_document(RawDocument(str(path), data=path.read_bytes()))
            found.extend(p for p in page.body.split("\n\n") if len(p) > 80)
    return found


def page_of_size(kilobytes: int, pool: list[str]) -> str:
    body: list[str] = []
    length = len(HEAD)
    while length < kilobytes * 1000:
        body.append(pool[len(body) % len(pool)])
        length += len(body[-1]) + 2
    return HEAD + "\n\n".join(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,300", help="page sizes in KB")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median taken)")
    args = parser.parse_args()
    pool = paragraphs()
    process_document(RawDocument("warm-up", data=pool[0].encode()), Gazetteer())  # loads spaCy
    columns = ("size", "total s", "cpu s", "model s", "rules s", "ms/KB", "rules ms/KB")
    print("{:>7} {:>8} {:>8} {:>8} {:>8} {:>6} {:>12}".format(*columns))
    for kilobytes in (int(size) for size in args.sizes.split(",")):
        text = page_of_size(kilobytes, pool)
        totals, cpus, models = [], [], []
        for _ in range(args.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = process_document(RawDocument("bench", data=text.encode()), Gazetteer())
            totals.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_started)
            assert result.page is not None, result.error
            started = time.perf_counter()
            parse(result.page.body)
            models.append(time.perf_counter() - started)
        total, model = statistics.median(totals), statistics.median(models)
        cpu = statistics.median(cpus)
        rules = max(total - model, 0.0)
        size = len(text) / 1000
        print(
            f"{kilobytes:>5}KB {total:>8.2f} {cpu:>8.2f} {model:>8.2f} {rules:>8.2f} "
            f"{1000 * total / size:>6.0f} {1000 * rules / size:>12.1f}"
        )


if __name__ == "__main__":
    main()
