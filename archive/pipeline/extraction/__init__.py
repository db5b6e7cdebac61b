"""Entity, mention and quote extraction: `extract(page, gazetteer) -> Extraction`.

Modules: `nlp` (spaCy, loaded once per process), `text` (word layer, capitalised chunks),
`places`, `organizations`, `people`, `events` (candidate finders per kind), `known` (curated
gazetteer), `resolve` (span selection, variant folding, canonical names, acronym and surname
references), `quotes`, `core` (the pipeline and the entity attributes). Data files live in
`archive/pipeline/data/`. No Django here.
"""

from .core import extract

__all__ = ["extract"]
