"""Every heuristic of the extractor is a named rule that can be switched off and measured.

A rule is a function registered with `@rule(name, stage)`. The stage says what "off" means:

- a FINDER proposes candidates; off, it proposes none;
- a FILTER takes what the previous step left (candidates or drafts) and returns what it keeps;
  off, it keeps everything;
- a REPAIR changes candidates (a span, a kind) or adds the ones it derives; off, it returns its
  first argument unchanged (a list, or the one candidate it was given);
- a REJECT says whether one candidate must go; off, it rejects nothing;
- a STEP changes the drafts in place (adds mentions); off, it does nothing.

`python bench/extraction_eval.py --ablation` switches each rule off in turn and prints what
every kind's precision, recall and F1 become without it, so a rule that changes nothing, or
helps a single page, shows up and can be deleted. Extraction itself never switches rules off:
`without_rules` is for measurement.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar


class Stage(StrEnum):
    FINDER = "finder"
    FILTER = "filter"
    REPAIR = "repair"
    REJECT = "reject"
    STEP = "step"


@dataclass(frozen=True)
class Rule:
    name: str
    stage: Stage
    summary: str  # the first paragraph of the function's docstring: what it does, and why


_OFF: dict[Stage, Callable[..., Any]] = {
    Stage.FINDER: lambda *args, **kwargs: [],
    Stage.FILTER: lambda first, *args, **kwargs: first,
    Stage.REPAIR: lambda first, *args, **kwargs: first,
    Stage.REJECT: lambda *args, **kwargs: False,
    Stage.STEP: lambda *args, **kwargs: None,
}

_REGISTRY: dict[str, Rule] = {}
_switched_off: ContextVar[frozenset[str]] = ContextVar("switched_off_rules", default=frozenset())

Function = TypeVar("Function", bound=Callable[..., Any])


def rule(name: str, stage: Stage) -> Callable[[Function], Function]:
    """Register `function` as the rule `name`; one name, one rule."""

    def register(function: Function) -> Function:
        if name in _REGISTRY:
            raise ValueError(f"two extraction rules are named {name!r}")
        doc = (function.__doc__ or "").strip()
        if not doc:
            # The docstring is the rule's justification: which class of pages it is for.
            raise ValueError(f"extraction rule {name!r} needs a docstring saying what it is for")
        _REGISTRY[name] = Rule(name, stage, " ".join(doc.split("\n\n")[0].split()))
        off = _OFF[stage]

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            if name in _switched_off.get():
                return off(*args, **kwargs)
            return function(*args, **kwargs)

        return run  # type: ignore[return-value]

    return register


def registered_rules() -> list[Rule]:
    """Every rule, in the order the extractor registers them (roughly, the order they run)."""
    # Importing the extractor registers every rule; done here so callers need not know that.
    from ..language_pipelines import import_rule_modules
    from . import core  # noqa: F401

    import_rule_modules()  # the other languages' pipelines register theirs too
    return list(_REGISTRY.values())


@contextlib.contextmanager
def without_rules(names: Iterable[str]) -> Iterator[None]:
    """Run the extractor with these rules switched off (for measurement only)."""
    names = frozenset(names)
    unknown = names - _REGISTRY.keys()
    if unknown:
        raise KeyError(f"no extraction rule named {', '.join(sorted(unknown))}")
    token = _switched_off.set(_switched_off.get() | names)
    try:
        yield
    finally:
        _switched_off.reset(token)
