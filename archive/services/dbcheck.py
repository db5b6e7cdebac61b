"""`manage.py dbcheck`: verify the archive's invariants, and repair what can be repaired.

Checks (each reports problems; `fix=True` repairs the fixable ones, in one transaction):

- foreign keys: no row points at a missing row (the database's own check; not fixable here);
- mention spans: each mention's text is its article's body at [start, end) (fix: a suggested
  mention whose text is gone is deleted; a curator's confirmed one is only reported);
- merged mentions: no mention points at a record merged away (fix: moved to the survivor);
- search index: the full-text index agrees with the articles (fix: rebuilt);
- run counts: each closed import run's per-outcome counts match its records (fix: recounted);
- word counts: each article's stored word count is its body's (fix: recounted);
- name keys: the stored lookup keys are those of each record's name and aliases (fix: rebuilt,
  archive.services.name_keys);
- mention groups: the review queue's stored groups are a fresh grouped count of the suggested
  mentions (fix: rebuilt, archive.services.mention_groups).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import DatabaseError, connections, transaction
from django.db.models import Count

from archive.kinds import KINDS
from archive.models import (
    Article,
    ImportRecord,
    ImportRun,
    Mention,
    ReviewStatus,
)
from archive.pipeline.cleaning.lines import word_count
from archive.search import ensure_search_index, search_index_in_step
from archive.services.entity_counts import recount_entities
from archive.services.mention_groups import rebuild_mention_groups
from archive.services.name_keys import rebuild_name_keys
from archive.services.review import delete_mentions

Outcome = ImportRecord.Outcome
COUNT_FIELDS = {
    Outcome.CREATED: "created_count",
    Outcome.UPDATED: "updated_count",
    Outcome.UNCHANGED: "unchanged_count",
    Outcome.DUPLICATE: "duplicate_count",
    Outcome.FAILED: "failed_count",
}
#: Problems listed per check (the count is always complete).
SHOWN = 20


@dataclass
class CheckResult:
    name: str
    problems: list[str] = field(default_factory=list)
    count: int = 0
    fixed: int = 0

    @property
    def ok(self) -> bool:
        return self.count == 0


def run_checks(*, fix: bool = False, using: str = "default") -> list[CheckResult]:
    """Every check, in order; with `fix`, repairs are made (and counted in `fixed`)."""
    results = [_foreign_keys(using)]
    with transaction.atomic(using=using):
        results += [
            _mention_spans(fix),
            _merged_mentions(fix),
            _run_counts(fix),
            _word_counts(fix),
            _name_keys(fix),
            _mention_groups(fix),
        ]
    results.append(_search_index(fix, using))
    return results


def _note(result: CheckResult, problem: str) -> None:
    result.count += 1
    if len(result.problems) < SHOWN:
        result.problems.append(problem)


def _foreign_keys(using: str) -> CheckResult:
    result = CheckResult("foreign keys")
    try:
        connections[using].check_constraints()
    except DatabaseError as error:
        _note(result, " ".join(str(error).split())[:500])
    return result


def _mention_spans(fix: bool) -> CheckResult:
    result = CheckResult("mention spans")
    broken_suggested = []
    rows = Mention.objects.values_list(
        "id", "start", "end", "text", "review_status", "article__body"
    ).iterator(chunk_size=2000)
    for pk, start, end, text, review, body in rows:
        if body[start:end] == text:
            continue
        _note(result, f"mention {pk}: {text!r} is not the body's text at {start}-{end}")
        if review == ReviewStatus.SUGGESTED:
            broken_suggested.append(pk)
    if fix and broken_suggested:
        # Through the service, so that the records' counts and queue groups follow.
        result.fixed = delete_mentions(Mention.objects.filter(pk__in=broken_suggested))
    return result


def _merged_mentions(fix: bool) -> CheckResult:
    result = CheckResult("mentions of merged records")
    moved: dict[str, set[int]] = defaultdict(set)
    for kind in KINDS:
        model = kind.model
        survivors = dict(
            model.objects.filter(merged_into__isnull=False).values_list("id", "merged_into_id")
        )
        if not survivors:
            continue
        stray = Mention.objects.filter(kind.mentions_of(*survivors))
        for pk, entity_id in stray.values_list("id", kind.mention_column):
            _note(result, f"mention {pk} points at {kind} {entity_id}, merged away")
            if fix:
                target = entity_id
                for _ in range(10):  # follow a chain of merges to its end
                    if target not in survivors:
                        break
                    target = survivors[target]
                result.fixed += Mention.objects.filter(pk=pk).update(
                    **{kind.mention_column: target}
                )
                moved[kind.value].update((entity_id, target))
    # The records' counts and queue groups follow the moved mentions.
    recount_entities(moved)
    return result


def _name_keys(fix: bool) -> CheckResult:
    result = CheckResult("name keys")
    for kind in KINDS:
        wrong = rebuild_name_keys(kind.model, fix=fix)
        _rebuilt(result, wrong, f"{wrong} {kind} name keys missing or out of date", fix)
    return result


def _mention_groups(fix: bool) -> CheckResult:
    result = CheckResult("mention groups")
    wrong = rebuild_mention_groups(fix=fix)
    _rebuilt(
        result, wrong, f"{wrong} review queue mention groups missing, left over or miscounted", fix
    )
    return result


def _rebuilt(result: CheckResult, wrong: int, message: str, fix: bool) -> None:
    """Count `wrong` rows of a stored table that a rebuild found (and, with `fix`, mended)
    as one problem noted and `wrong` counted."""
    if wrong:
        _note(result, message)
        result.count += wrong - 1
        if fix:
            result.fixed += wrong


def _run_counts(fix: bool) -> CheckResult:
    result = CheckResult("import run counts")
    counts: dict[int, Counter] = {}
    for run_id, outcome, n in (
        ImportRecord.objects.values_list("run_id", "outcome")
        .annotate(n=Count("id"))
        .values_list("run_id", "outcome", "n")
    ):
        counts.setdefault(run_id, Counter())[outcome] = n
    closed = ImportRun.objects.exclude(status=ImportRun.Status.RUNNING)
    for run in closed.only("id", *COUNT_FIELDS.values()):
        actual = counts.get(run.pk, Counter())
        wrong = {
            name: actual[outcome]
            for outcome, name in COUNT_FIELDS.items()
            if getattr(run, name) != actual[outcome]
        }
        if not wrong:
            continue
        _note(result, f"import run {run.pk}: counts should be {wrong}")
        if fix:
            result.fixed += ImportRun.objects.filter(pk=run.pk).update(**wrong)
    return result


def _word_counts(fix: bool) -> CheckResult:
    result = CheckResult("article word counts")
    rows = Article.objects.values_list("id", "word_count", "body").iterator(chunk_size=500)
    for pk, stored, body in rows:
        actual = word_count(body)
        if stored == actual:
            continue
        _note(result, f"article {pk}: word count {stored}, its body has {actual}")
        if fix:
            result.fixed += Article.objects.filter(pk=pk).update(word_count=actual)
    return result


def _search_index(fix: bool, using: str) -> CheckResult:
    result = CheckResult("search index")
    if search_index_in_step(using):
        return result
    _note(result, "the full-text index does not match the articles")
    if fix:
        # PostgreSQL refuses the reindex's DDL while deferred constraint checks are pending in
        # an enclosing transaction: run them now.
        connections[using].check_constraints()
        ensure_search_index(using)
        result.fixed = 1
    return result
