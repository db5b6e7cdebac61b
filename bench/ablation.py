"""What each extraction rule is worth: switch it off, score again, print the difference.

    .venv/bin/python bench/extraction_eval.py --ablation [--only-rule NAME]

For every rule registered in `archive.pipeline.extraction.rules`, the tuning sets are run with
that rule switched off and compared with the run that has every rule on: the change in F1 per
kind and for quotes (in points; quotes: speaker and first words, on the pages annotating them,
the Russian real pages), in exact headlines and dates (pages with that gold: the held-out pages and
the real pages), and in annotated boilerplate lines removed (the real pages); negative always
means the rule helps. Then how many pages change at all (their entities, the passages linked
to them, headline, date or cleaned body; pages without gold count here too), and a verdict:

- "pays"      removing it costs F1 on some kind, a headline, a date or a boilerplate line
              removed, and it changes two pages or more;
- "passages"  removing it leaves every score as it is but changes which passages are linked or
              what the cleaned page holds (a rule that adds mentions: graders of entity names
              do not see it, curators do);
- "one page"  removing it changes a single page: a rule for one page, not a class of pages;
- "no effect" removing it changes nothing on these sets;
- "hurts"     removing it raises some score and costs none: the rule does harm here.

Only development material is used (the hand-written entity corpus, the held-out pages already
used for development: `tune_*`, `final_*`, `fresh_*`, and the real pages' tuning half where
bench/pages/ holds their text); the sets kept for testing (`last_*`, `blind_*`, the real pages'
test half) are never looked at here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extraction_eval import (  # the bench's one definition of the kinds and names
    ENTITY_KIND,
    KINDS,
    Score,
    _same_title,
    _score_quotes,
    normalise,
    normalise_folded,
)
from real_pages import boilerplate_left

from archive.pipeline.extraction import core, extract
from archive.pipeline.extraction.rules import Rule, registered_rules, without_rules
from archive.pipeline.process import process_document
from archive.pipeline.types import Extraction, Gazetteer, ParsedPage, RawDocument

Matcher = Callable[..., tuple[set[str], set[str], list[str]]]
#: What one run of a sample gives: the cleaned page (None for a bare body) and the extraction.
Produced = tuple[ParsedPage | None, Extraction | None]


@dataclass(frozen=True)
class PageGold:
    """A page's annotated headline, date (ISO, or None) and boilerplate lines."""

    title: str
    date: str | None
    boilerplate: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sample:
    """One document: how to run it, and its gold names per kind (None: not annotated)."""

    name: str
    run: Callable[[], Produced]
    gold: dict[str, tuple[str, ...]] | None
    folded: bool = False  # names compared as the Russian scores compare them (normalise_folded)
    page_gold: PageGold | None = None
    quotes: tuple[dict, ...] | None = None  # annotated quotes (speaker, first words), if any


@dataclass
class Outcome:
    """Per-kind counts over the annotated samples, and what every sample produced."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in KINDS})
    produced: dict[str, tuple] = field(default_factory=dict)
    titles: int = 0  # exact headlines
    dates: int = 0  # exact dates
    boilerplate_removed: int = 0  # annotated boilerplate lines no longer in the cleaned body
    quotes: Score = field(default_factory=Score)  # over the samples that annotate quotes
    errors: list[str] = field(default_factory=list)  # (unused: _score_quotes' verbose lines)

    def f1(self, kind: str) -> float:
        tp, fp, fn = self.counts[kind]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def samples(
    entity_files: list[Path],
    page_files: list[Path],
    unscored_files: list[Path],
    real_pages: list[tuple[Path, dict]] = (),
) -> list[Sample]:
    """The hand-written bodies (extraction alone), the annotated raw pages and the pages with
    no entity gold (the whole pipeline): the last only tell whether a rule changes anything."""
    gazetteer = Gazetteer()
    found: list[Sample] = []
    for path in entity_files:
        body = path.read_text(encoding="utf-8").strip()
        page = ParsedPage(title="", body=body, raw_text=body)
        run_body = functools.partial(_extraction_of_body, page, gazetteer)
        found.append(Sample(path.stem, run_body, _gold(path)))
    for path, annotated in real_pages:
        document = RawDocument(origin=str(path), data=path.read_bytes())
        run_page = functools.partial(_run_page, document, gazetteer)
        gold = {kind: tuple(annotated.get(kind, [])) for kind in KINDS}
        folded = annotated.get("language", "en") != "en"
        page_gold = PageGold(
            annotated.get("title") or "",
            annotated.get("date"),
            tuple(annotated.get("boilerplate_lines", [])),
        )
        quotes = tuple(annotated["quotes"]) if "quotes" in annotated else None
        found.append(Sample(path.stem, run_page, gold, folded, page_gold, quotes))
    for path in [*page_files, *unscored_files]:
        document = RawDocument(origin=str(path), data=path.read_bytes())
        run_page = functools.partial(_run_page, document, gazetteer)
        if path in page_files:
            record = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            page_gold = PageGold(record.get("title") or "", record.get("published_on"))
            found.append(Sample(path.stem, run_page, _gold(path), page_gold=page_gold))
        else:
            found.append(Sample(path.stem, run_page, None))
    return found


def _gold(path: Path) -> dict[str, tuple[str, ...]]:
    record = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return {
        kind: tuple(e["name"] if isinstance(e, dict) else e for e in record.get(kind, []))
        for kind in KINDS
    }


def _extraction_of_body(page: ParsedPage, gazetteer: Gazetteer) -> Produced:
    return None, extract(page, gazetteer)


def _run_page(document: RawDocument, gazetteer: Gazetteer) -> Produced:
    result = process_document(document, gazetteer)
    return result.page, result.extraction


def score(all_samples: list[Sample], match_entities: Matcher) -> Outcome:
    outcome = Outcome()
    for sample in all_samples:
        page, extraction = sample.run()
        extraction = extraction or Extraction()
        # What changed, as a curator would see it: the entities (names and aliases, which
        # graders match too), every linked passage, and the page's headline, date and body.
        outcome.produced[sample.name] = (
            tuple(sorted((e.kind, e.name, tuple(e.aliases)) for e in extraction.entities)),
            tuple((m.start, m.end) for m in extraction.mentions),
            (page.title, page.published_on, page.body) if page is not None else None,
            tuple((q.start, q.end, q.speaker_key) for q in extraction.quotes),
        )
        if sample.quotes is not None:
            norm = normalise_folded if sample.folded else normalise
            gold_quotes = {"quotes": list(sample.quotes)}
            _score_quotes(outcome, sample.name, extraction, gold_quotes, False, ("", ""), norm)
        if sample.page_gold is not None and page is not None:
            gold = sample.page_gold
            outcome.titles += _same_title(page, gold.title)
            published = page.published_on.isoformat() if page.published_on else None
            outcome.dates += published == gold.date
            left = boilerplate_left(page, list(gold.boilerplate))
            outcome.boilerplate_removed += len(gold.boilerplate) - len(left)
        if sample.gold is None:
            continue
        for kind in KINDS:
            mine = [e for e in extraction.entities if e.kind == ENTITY_KIND[kind]]
            if sample.folded:
                found, missed, extra = match_entities(
                    mine, list(sample.gold[kind]), normalise_folded
                )
            else:
                found, missed, extra = match_entities(mine, list(sample.gold[kind]))
            counts = outcome.counts[kind]
            counts[0] += len(found)
            counts[1] += len(extra)
            counts[2] += len(missed)
    return outcome


def page_deltas(outcome: Outcome, baseline: Outcome) -> list[int]:
    """Change in exact headlines, exact dates and boilerplate lines removed."""
    return [
        outcome.titles - baseline.titles,
        outcome.dates - baseline.dates,
        outcome.boilerplate_removed - baseline.boilerplate_removed,
    ]


def verdict(deltas: list[float], pages_changed: int) -> str:
    if pages_changed == 0:
        return "no effect"
    if pages_changed == 1:
        return "one page"
    if min(deltas) < 0:
        return "pays"
    if max(deltas) > 0:
        return "hurts"
    return "passages"


def run(
    entity_files: list[Path],
    page_files: list[Path],
    unscored_files: list[Path],
    match_entities: Matcher,
    only: str | None = None,
    real_pages: list[tuple[Path, dict]] = (),
) -> str:
    """The ablation table. `match_entities` is the evaluation's matcher (canonical names, then
    aliases), passed in so that both benches grade the same way."""
    # The statistical model's parse is the same with or without any rule: parse each text once.
    core.parse = functools.lru_cache(maxsize=None)(core.parse)
    all_samples = samples(entity_files, page_files, unscored_files, real_pages)
    baseline = score(all_samples, match_entities)
    # `only`: one rule's name, or a prefix ending in "-" for a family ("ru-", "clean-").
    rules: list[Rule] = [
        r
        for r in registered_rules()
        if only in (None, r.name) or (only.endswith("-") and r.name.startswith(only))
    ]
    lines = [
        f"{len(entity_files)} hand-written bodies, {len(page_files)} development pages, "
        f"{len(real_pages)} real pages (tuning half), "
        f"{len(unscored_files)} pages without entity gold; "
        f"F1 with every rule: "
        + ", ".join(f"{kind} {baseline.f1(kind):.3f}" for kind in KINDS)
        + f", quotes {baseline.quotes.f1:.3f}",
        f"with every rule: {baseline.titles} exact headlines, {baseline.dates} exact dates, "
        f"{baseline.boilerplate_removed} annotated boilerplate lines removed",
        "change when the rule is switched off (F1 in points; headlines, dates and boilerplate "
        "lines removed in pages); negative = the rule helps",
        f"{'rule':<48}{'stage':<8}{'org':>7}{'person':>7}{'event':>7}{'place':>7}{'quote':>7}"
        f"{'title':>7}{'date':>7}{'boiler':>7}{'pages':>7}  verdict",
    ]
    for rule in rules:
        with without_rules({rule.name}):
            outcome = score(all_samples, match_entities)
        deltas = [100 * (outcome.f1(kind) - baseline.f1(kind)) for kind in KINDS]
        deltas.append(100 * (outcome.quotes.f1 - baseline.quotes.f1))
        on_pages = page_deltas(outcome, baseline)
        changed = sum(
            1 for name, produced in outcome.produced.items() if produced != baseline.produced[name]
        )
        lines.append(
            f"{rule.name:<48}{rule.stage:<8}"
            + "".join(f"{delta:>+7.1f}" for delta in deltas)
            + "".join(f"{delta:>+7d}" for delta in on_pages)
            + f"{changed:>7}  {verdict([*deltas, *on_pages], changed)}"
        )
    return "\n".join(lines)
