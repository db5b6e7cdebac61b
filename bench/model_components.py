"""What each spaCy component is worth to the extraction: bench/extraction_eval.py with some
components of the English pipeline switched off (archive.pipeline.extraction.nlp.get_nlp).

    .venv/bin/python bench/model_components.py --disable attribute_ruler [extraction_eval args]

Scores that change show that the extraction reads what the component gives; scores that stay
say only that this corpus does not show it (each mention's stored sentence, say, is not scored).
"""

from __future__ import annotations

import argparse
import functools
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disable", default="", help="comma-separated component names")
    arguments, rest = parser.parse_known_args()
    from archive.pipeline.extraction import nlp as nlp_module

    disabled = [name for name in arguments.disable.split(",") if name]
    load = nlp_module.get_nlp.__wrapped__

    @functools.cache
    def get_nlp():
        nlp = load()
        for name in disabled:
            nlp.disable_pipe(name)
        print("pipeline:", ", ".join(nlp.pipe_names))
        return nlp

    nlp_module.get_nlp = get_nlp
    sys.argv = [str(ROOT / "bench" / "extraction_eval.py"), *rest]
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
