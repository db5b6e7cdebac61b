"""Entity, mention and quote extraction: `extract(page, gazetteer) -> Extraction`.

Modules: `nlp` (spaCy, loaded once per process), `text` (word layer, capitalised chunks),
`places` (with `place_gazetteer` and `unknown_places`), `organizations`, `people`, `events`
(candidate finders per kind, each one rule in `finders`), `known` (curated gazetteer),
`rejections` (candidates and entities dropped by their context), `selection` (span selection),
`resolve` (variant folding), `references` (acronym and surname references), `naming`
(canonical names), `attributes` (entity attributes), `quotes`, `core` (the pipeline). Data files
live in `archive/pipeline/data/`. No Django here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core import extract

__all__ = ["extract", "warm_up"]


def warm_up() -> None:
    """Load spaCy and the word lists now: one small page through the whole extractor."""
    from ..types import Gazetteer, ParsedPage
    from .core import extract

    body = "The Lisbon City Council met the World Bank in Portugal, said Ana Costa."
    extract(ParsedPage(title="Warm-up", body=body, raw_text=body), Gazetteer())


def __getattr__(name: str) -> Any:
    # `extract` loads spaCy: imported on first use, so importing a light submodule (`text`,
    # `vocabulary`) from the package does not.
    if name == "extract":
        from .core import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
