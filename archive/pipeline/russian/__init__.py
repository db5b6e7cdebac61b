"""The Russian pipeline: Natasha's NER, morphology, syntax and date extractors, and our rules.

Modules: `nlp` (Natasha's models, loaded once per process), `entities` (people, places and
organizations from Natasha's NER, names put in the nominative), `places` (Russian place names
resolved to the gazetteer's places, shared with English articles), `events` (event names found
by their head words, from `data/event_heads_ru.txt`), `quotes` («» and „“ quotations and their
speakers), `core` (the pipeline). Natasha ships its models inside its packages (navec, slovnet,
pymorphy2's dictionaries): nothing is downloaded. No Django here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core import extract

__all__ = ["extract", "warm_up"]


def warm_up() -> None:
    """Load Natasha's models now: one short sentence through the whole pipeline."""
    from ..types import Gazetteer, ParsedPage
    from .core import extract

    body = "Мэр Москвы Сергей Иванов выступил на форуме в Казани."
    extract(ParsedPage(title="Прогрев", body=body, raw_text=body, language="ru"), Gazetteer())


def __getattr__(name: str) -> Any:
    # `extract` loads Natasha: imported on first use, not with the package.
    if name == "extract":
        from .core import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
