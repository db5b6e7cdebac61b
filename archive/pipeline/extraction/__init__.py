"""Entity, mention and quote extraction: `extract(page, gazetteer) -> Extraction`.

Modules: `nlp` (spaCy, loaded once per process), `text` (word layer, capitalised chunks),
`places`, `organizations`, `people`, `events` (candidate finders per kind), `known` (curated
gazetteer), `resolve` (span selection, variant folding, canonical names, acronym and surname
references), `quotes`, `core` (the pipeline and the entity attributes). Data files live in
`archive/pipeline/data/`. No Django here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core import extract

__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    # `extract` loads spaCy: imported on first use, so importing a light submodule (`text`,
    # `vocabulary`) from the package does not.
    if name == "extract":
        from .core import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
