"""Entity, mention and quote extraction: `extract(page, gazetteer) -> Extraction`.

Modules: `nlp` (spaCy, loaded once per process), `text` (word layer, capitalised chunks),
`places` (with `place_gazetteer` and `unknown_places`), `organizations`, `people`, `events`
(candidate finders per kind, each one rule in `finders`), `known` (curated gazetteer),
`rejections` (candidates and entities dropped by their context), `selection` (span selection),
`resolve` (variant folding), `references` (acronym and surname references), `naming`
(canonical names), `attributes` (entity attributes), `quotes`, `core` (the pipeline). Data files
live in `archive/pipeline/data/`. No Django here.
"""

from .core import extract

__all__ = ["extract"]
