"""One extraction pipeline per language, behind one interface.

A language's pipeline is a module with two functions:

- `extract(page, gazetteer) -> Extraction`: the entities, mentions (exact spans into
  `page.body`), and quotes of a cleaned page, as the dataclasses of `pipeline.types`;
- `warm_up()`: load its models now (the importer's forkserver calls it before forking workers).

`PIPELINES` maps an ISO 639-1 code to the module's dotted path; modules are imported on first
use, so a process only ever loads the models of the languages it meets. A language without an
entry (one the archive detects but has no pipeline for) is read by the `FALLBACK` one, as
every page was before there were several. Adding a language means writing its module (see
`archive.pipeline.russian`) and adding one entry here.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from .types import Extraction, Gazetteer, ParsedPage


class LanguagePipeline(Protocol):
    def extract(self, page: ParsedPage, gazetteer: Gazetteer) -> Extraction: ...

    def warm_up(self) -> None: ...


PIPELINES: dict[str, str] = {
    "en": "archive.pipeline.extraction",
    "ru": "archive.pipeline.russian",
}
FALLBACK = "en"
#: The module of each pipeline whose import registers all of its rules (`extraction.rules`), so
#: `extraction_eval.py --ablation` can switch them off; the English one registers on import.
RULE_MODULES: dict[str, str] = {"ru": "archive.pipeline.russian.core"}


def pipeline_for(language: str) -> LanguagePipeline:
    """The pipeline that reads `language` (the fallback one for a language without its own)."""
    path = PIPELINES.get(language) or PIPELINES[FALLBACK]
    return cast(LanguagePipeline, importlib.import_module(path))


def extract(page: ParsedPage, gazetteer: Gazetteer) -> Extraction:
    """Entities, mentions and quotes of `page`, by the pipeline of its language."""
    return pipeline_for(page.language).extract(page, gazetteer)


def warm_up(languages: tuple[str, ...]) -> None:
    """Load the models of every pipeline these languages need."""
    for path in dict.fromkeys(PIPELINES.get(code) or PIPELINES[FALLBACK] for code in languages):
        cast(LanguagePipeline, importlib.import_module(path)).warm_up()


def import_rule_modules() -> None:
    """Import every pipeline's rule module: its rules are then registered."""
    for path in RULE_MODULES.values():
        importlib.import_module(path)
