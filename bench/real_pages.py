"""The real-page development set: manifest, page texts (git-ignored) and their evaluation.

    .venv/bin/python bench/real_pages.py status     # which page texts are present, how to rebuild
    .venv/bin/python bench/real_pages.py save FILE...   # page texts from search results as JSON

The manifests (bench/real_pages/manifest.jsonl for English, manifest_ru.jsonl for Russian) are
committed; the texts (bench/pages/<id>.txt) are other people's writing and never are.
`extraction_eval.py --real tune|test|all [--language ru]` scores the full pipeline on the pages
whose text is present (see bench/README.md).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MANIFEST = BENCH / "real_pages" / "manifest.jsonl"
# One manifest per language; a third language adds a line here and a manifest file.
MANIFESTS = {"en": MANIFEST, "ru": BENCH / "real_pages" / "manifest_ru.jsonl"}
PAGES = BENCH / "pages"
REBUILD_HINT = (
    "The real pages' texts are not in bench/pages/ (git ignores them: they are other people's "
    "writing).\nRebuild them: for each page listed by `python bench/real_pages.py status`, run "
    "its query\nthrough the stored-pages search (corpus `pages`) and save the excerpt of the "
    "result whose url\nmatches, exactly as returned, to bench/pages/<id>.txt (see bench/README.md)."
)


def load_manifest(path: Path = MANIFEST) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def text_path(record: dict, pages: Path = PAGES) -> Path:
    return pages / f"{record['id']}.txt"


def load_pages(
    split: str = "all", pages: Path = PAGES, language: str = "en"
) -> list[tuple[dict, Path]]:
    """(manifest record, text file) for each page of the split whose text is present."""
    records = load_manifest(MANIFESTS[language])
    if split != "all":
        records = [r for r in records if r["split"] == split]
    return [(r, text_path(r, pages)) for r in records if text_path(r, pages).exists()]


def status() -> int:
    for language, manifest in MANIFESTS.items():
        records = load_manifest(manifest)
        missing = [r for r in records if not text_path(r).exists()]
        sites = {r["site"] for r in records}
        print(f"[{language}] {manifest.name}")
        for split in ("tune", "test"):
            part = [r for r in records if r["split"] == split]
            print(f"{split}: {len(part)} pages from {len({r['site'] for r in part})} sites")
        present = len(records) - len(missing)
        print(f"{len(records)} pages from {len(sites)} sites; {present} present")
        for record in missing:
            print(f"MISSING {record['id']}  query: {record['query']!r}  url: {record['url']}")
    return 0


def save(paths: list[Path], pages: Path = PAGES) -> int:
    """Write page texts from search results kept as JSON: one object per file or per line,
    {"id": ..., "url": ..., "excerpt": ...}, the excerpt as the search returned it.

    Copying the excerpt with its JSON escapes keeps leading spaces, blank lines and quotes
    exact, which retyping the text does not. A record whose url is not the manifest's url,
    character for character, is refused: the stored pages can hold the same page under two
    addresses with different excerpts.
    """
    urls = {r["id"]: r["url"] for manifest in MANIFESTS.values() for r in load_manifest(manifest)}
    pages.mkdir(parents=True, exist_ok=True)
    failures = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            expected = urls.get(record["id"])
            if expected != record["url"]:
                print(f"REFUSED {record['id']}: url {record['url']!r} is not {expected!r}")
                failures += 1
                continue
            target = text_path(record, pages)
            target.write_text(record["excerpt"], encoding="utf-8")
            print(f"saved {target.name} ({len(record['excerpt'])} characters)")
    return 1 if failures else 0


# --- Evaluation (scoring code shared with extraction_eval.py) ------------------------------------


@dataclass
class RealReport:
    ours: dict = field(default_factory=dict)
    titles_right: int = 0
    dates_right: int = 0
    documents: int = 0
    names_total: int = 0
    names_kept: int = 0
    boiler_total: int = 0
    boiler_left: int = 0
    seconds: float = 0.0
    slowest: tuple[float, str] = (0.0, "")
    errors: list[str] = field(default_factory=list)
    # Annotated with the Russian set only (quotes, and names written in several cases):
    quotes: object = None  # an extraction_eval.Score when the manifest annotates quotes
    inflected_total: int = 0
    inflected_resolved: int = 0


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def _covers(form: str, mention: str) -> bool:
    """Whether a normalised surface form is the mention's text or a run of its whole words."""
    return f" {form} " in f" {mention} "


def inflections_resolved(extraction, forms: dict[str, list[str]], norm) -> list[tuple[str, bool]]:
    """(gold name, resolved) for each annotated entity written in two or more different forms.

    Resolved: one extracted entity, whose canonical name or one of its aliases is the gold name
    (after `norm`, as `match_entities` scores names: a Russian place resolved to the
    gazetteer's "Moscow" keeps "Москва" as an alias), has
    among its mentions every one of the annotated forms (a mention covers a form when the form
    is its text or a run of whole words in it). See bench/README.md.
    """
    mentions: dict[str, list[str]] = {}
    for mention in extraction.mentions:
        mentions.setdefault(mention.entity_key, []).append(norm(mention.text))
    outcome = []
    for name, written in forms.items():
        distinct = {norm(form) for form in written}
        if len(distinct) < 2:
            continue
        resolved = any(
            norm(name) in {norm(n) for n in (entity.name, *entity.aliases)}
            and all(any(_covers(f, m) for m in mentions.get(entity.key, [])) for f in distinct)
            for entity in extraction.entities
        )
        outcome.append((name, resolved))
    return outcome


def boilerplate_left(page, lines: list[str]) -> list[str]:
    """The annotated boilerplate lines still standing as whole lines of the cleaned body."""
    body_lines = {_squash(line) for line in page.body.splitlines() if line.strip()}
    return [line for line in lines if _squash(line) in body_lines]


def evaluate_real(
    split: str, verbose: bool = False, pages: Path = PAGES, language: str = "en"
) -> RealReport | None:
    """Full pipeline over the present pages of a split; None when no text is present."""
    present = load_pages(split, pages, language)
    if not present:
        return None
    import extraction_eval as ev  # the shared scoring code; imported late, it loads spaCy

    # English keeps its comparison (case only); Russian also folds ё and drops «» marks.
    norm = ev.normalise if language == "en" else ev.normalise_folded
    report = RealReport(ours={k: ev.Score() for k in ev.KINDS})
    if language != "en":
        report.quotes = ev.Score()
    gazetteer = ev.Gazetteer()
    # Every page goes through `process_document`, hence through the pipeline of the language
    # it is detected in; load all the languages' models before timing.
    ev.warm_up(gazetteer.languages)
    for record, path in present:
        gold = record["annotations"]
        started = time.perf_counter()
        result = ev.process_document(
            ev.RawDocument(origin=record["url"], data=path.read_bytes()), gazetteer
        )
        elapsed = time.perf_counter() - started
        report.seconds += elapsed
        report.slowest = max(report.slowest, (elapsed, record["id"]))
        report.documents += 1
        page, extraction = result.page, result.extraction
        gold_names = [n for kind in ev.KINDS for n in gold.get(kind, [])]
        report.names_total += len(gold_names)
        report.boiler_total += len(gold.get("boilerplate_lines", []))
        if page is None or extraction is None:
            report.errors.append(f"{record['id']}: ERROR {result.error}")
            for kind in ev.KINDS:
                report.ours[kind].fn += len(gold.get(kind, []))
            continue
        if ev._same_title(page, gold.get("title") or ""):
            report.titles_right += 1
        elif verbose:
            report.errors.append(f"{record['id']} title: got {page.title!r} want {gold['title']!r}")
        predicted_date = page.published_on.isoformat() if page.published_on else None
        if predicted_date == gold.get("date"):
            report.dates_right += 1
        elif verbose:
            report.errors.append(f"{record['id']} date: got {predicted_date} want {gold['date']}")
        # Names and boilerplate are judged on what a curator sees: the headline, the byline (the
        # article's author field, shown beside the headline) and the cleaned body.
        cleaned = _squash(f"{page.title}\n{page.byline}\n{page.body}")
        report.names_kept += sum(_squash(name) in cleaned for name in gold_names)
        left = boilerplate_left(page, gold.get("boilerplate_lines", []))
        report.boiler_left += len(left)
        if verbose and left:
            report.errors.append(f"{record['id']} boilerplate left: {left}")
        for kind, entity_kind in ev.ENTITY_KIND.items():
            entities = [e for e in extraction.entities if e.kind == entity_kind]
            found, missed, extra = ev.match_entities(entities, gold.get(kind, []), norm)
            score = report.ours[kind]
            score.tp += len(found)
            score.fn += len(missed)
            score.fp += len(extra)
            if verbose and (missed or extra):
                report.errors.append(f"{record['id']} {kind}: FN {sorted(missed)} FP {extra}")
        if report.quotes is not None:
            ev._score_quotes(report, record["id"], extraction, gold, verbose, ("FN", "FP"), norm)
        for name, resolved in inflections_resolved(extraction, gold.get("forms", {}), norm):
            report.inflected_total += 1
            report.inflected_resolved += resolved
            if verbose and not resolved:
                report.errors.append(f"{record['id']} inflected forms not one entity: {name}")
    return report


def format_real_report(split: str, report: RealReport) -> str:
    documents = max(report.documents, 1)
    lines = [
        f"real pages ({split}): {report.documents} pages, "
        f"{report.seconds / documents * 1000:.0f} ms per page "
        f"(slowest {report.slowest[1]} {report.slowest[0] * 1000:.0f} ms)",
        f"title exact {report.titles_right}/{report.documents}, "
        f"date exact {report.dates_right}/{report.documents}",
        f"annotated names kept in cleaned text {report.names_kept}/{report.names_total} "
        f"({report.names_kept / max(report.names_total, 1):.0%}), "
        f"boilerplate lines left {report.boiler_left}/{report.boiler_total} "
        f"({report.boiler_left / max(report.boiler_total, 1):.0%})",
        f"{'kind':<14}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    scores = dict(report.ours)
    if report.quotes is not None:
        scores["quotes"] = report.quotes
    for kind, score in scores.items():
        lines.append(f"{kind:<14}{score.precision:7.2f}{score.recall:7.2f}{score.f1:7.2f}")
    if report.inflected_total:
        lines.append(
            f"inflected forms resolved to one entity {report.inflected_resolved}/"
            f"{report.inflected_total} "
            f"({report.inflected_resolved / report.inflected_total:.0%})"
        )
    return "\n".join(lines)


def run(split: str, verbose: bool = False, pages: Path = PAGES, language: str = "en") -> None:
    """The `--real` mode of extraction_eval.py."""
    report = evaluate_real(split, verbose, pages, language)
    if report is None:
        print(REBUILD_HINT)
        return
    print(format_real_report(split if language == "en" else f"{split}, {language}", report))
    if report.errors:
        print()
        print("\n".join(report.errors))


if __name__ == "__main__":
    if sys.argv[1:] == ["status"]:
        sys.exit(status())
    if sys.argv[1:2] == ["save"] and sys.argv[2:]:
        sys.exit(save([Path(name) for name in sys.argv[2:]]))
    sys.exit("usage: python bench/real_pages.py status | save FILE...")
