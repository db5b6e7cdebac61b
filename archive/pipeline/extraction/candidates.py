"""What the per-kind finders propose before the resolver picks and groups them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    kind: str  # one of types.ENTITY_KINDS
    start: int  # offsets into the body
    end: int
    text: str  # == body[start:end]
    extractor: str
    confidence: float
    name: str = ""  # the name this mention proposes for its entity ("" = the text)
    group: str = ""  # a grouping key decided by the finder (a gazetteer id); "" = by name
    attrs: dict = field(default_factory=dict)
    known_id: int | None = None
    # A place inside an organization's or event's name ("Dubai" in "Dubai Electricity and Water
    # Authority") is kept as a mention of its own; any other overlap across kinds is resolved.
    nested_ok: bool = False
    # Tie-breaker between overlapping candidates of equal length (higher wins).
    priority: float = 0.0

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: Candidate) -> bool:
        return other.start <= self.start and self.end <= other.end


def span_candidate(
    kind: str, body: str, start: int, end: int, extractor: str, confidence: float, **fields
) -> Candidate:
    """A candidate for body[start:end] that proposes its own text as the name (the usual case);
    `fields` are the other Candidate fields (attrs, priority, nested_ok, ...)."""
    text = body[start:end]
    return Candidate(
        kind=kind,
        start=start,
        end=end,
        text=text,
        extractor=extractor,
        confidence=confidence,
        name=text,
        **fields,
    )
