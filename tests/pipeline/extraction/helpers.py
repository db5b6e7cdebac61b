"""Shared helpers for the extraction tests (no database needed)."""

from __future__ import annotations

from pathlib import Path

from archive.pipeline.extraction import extract
from archive.pipeline.types import Extraction, Gazetteer, ParsedPage

ROOT = Path(__file__).resolve().parents[3]


def run(body: str, gazetteer: Gazetteer | None = None, title: str = "") -> Extraction:
    return extract(ParsedPage(title=title, body=body, raw_text=body), gazetteer or Gazetteer())


def names(extraction: Extraction, kind: str) -> set[str]:
    return {e.name for e in extraction.entities if e.kind == kind}


def entity(extraction: Extraction, kind: str, name: str):
    matches = [e for e in extraction.entities if e.kind == kind and e.name == name]
    assert matches, f"no {kind} {name!r} in {sorted(names(extraction, kind))}"
    return matches[0]


def mention_texts(extraction: Extraction, key: str) -> list[str]:
    return [m.text for m in extraction.mentions if m.entity_key == key]


def seed_body(prefix: str, first_line: str, last_line: str) -> str:
    """The body of a seed page: its lines from `first_line` to `last_line` (both included),
    as the cleaner hands them over (paragraphs separated by a blank line)."""
    path = next((ROOT / "seeds").glob(f"{prefix}_*.txt"))
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(first_line))
    end = next(i for i, line in enumerate(lines) if line.startswith(last_line))
    return "\n\n".join(line for line in lines[start : end + 1] if line)
