"""Part-of-speech from the tagger's fine tags, as the model's attribute ruler sets it, faster.

spaCy's English pipeline predicts fine tags ("NNP", "VBZ") and its attribute ruler turns them
into coarse parts of speech ("PROPN", "VERB"): one rule per tag, then rules for particular
words with a tag ("that" as WDT is a PRON). The ruler runs a token matcher over every rule for
every token: about a sixth of the model's time per article (bench/model_components.py). What
the extraction reads of it is the part of speech (`Word.pos`), so `PosFromTags` sets that, and
the tag the ruler gives white space, from the ruler's own rules compiled into lookups: the same
rule wins for each token (the ruler lets a later rule overwrite an earlier one).

Not set: morphology and lemmas, which nothing here reads. Rules on the dependency label never
match (the parser is left out: every label is empty). A rule of any other shape makes
`compile_rules` refuse, so a newer model cannot be read wrong: it then keeps its own ruler.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

#: What the ruler may set that the extraction reads.
_READ = ("POS", "TAG")


class UnsupportedRule(ValueError):
    """An attribute-ruler rule that `compile_rules` cannot turn into a lookup."""


def _values(value: object) -> tuple[object, ...]:
    if isinstance(value, dict):
        if set(value) != {"IN"}:
            raise UnsupportedRule(f"operator {sorted(value)}")
        return tuple(value["IN"])
    return (value,)


def _matches_no_label(constraint: object) -> bool:
    """Whether a rule's constraint on the dependency label rules out the empty label, which
    every token has in a pipeline without a parser."""
    if isinstance(constraint, dict):
        if set(constraint) == {"IN"}:
            return "" not in constraint["IN"]
        if set(constraint) == {"NOT_IN"}:
            return "" in constraint["NOT_IN"]
        raise UnsupportedRule(f"operator {sorted(constraint)}")
    return constraint != ""


#: (rule number, value): the ruler applies its rules in order, so the highest number wins.
Entry = tuple[int, str]


@dataclass
class CompiledRules:
    """Each attribute's rules as lookups of Entry: by tag, by (word, tag) and by word, each
    also by whether the token is white space (None: either)."""

    by_tag: dict[str, dict[tuple[str, bool | None], Entry]] = field(default_factory=dict)
    by_word_tag: dict[str, dict[tuple[str, str], Entry]] = field(default_factory=dict)
    by_word: dict[str, dict[str, Entry]] = field(default_factory=dict)
    by_space: dict[str, dict[bool, Entry]] = field(default_factory=dict)

    def value(self, attribute: str, lower: str, tag: str, is_space: bool) -> str | None:
        """What the ruler's last matching rule sets `attribute` to (None: no rule sets it)."""
        by_tag = self.by_tag.get(attribute, {})
        found = [
            by_tag.get((tag, None)),
            by_tag.get((tag, is_space)),
            self.by_word_tag.get(attribute, {}).get((lower, tag)),
            self.by_word.get(attribute, {}).get(lower),
            self.by_space.get(attribute, {}).get(is_space),
        ]
        matched = [entry for entry in found if entry is not None]
        return max(matched)[1] if matched else None


def compile_rules(patterns: list[dict]) -> CompiledRules:
    """The ruler's rules (`AttributeRuler.patterns`, in their order) that set what the
    extraction reads, as lookups. Raises UnsupportedRule for a rule of another shape."""
    rules = CompiledRules()
    for number, rule in enumerate(patterns):
        attributes = {name: value for name, value in rule["attrs"].items() if name in _READ}
        if not attributes:
            continue
        if len(rule["patterns"]) != 1:
            raise UnsupportedRule(f"rule {number}: several patterns")
        tokens = rule["patterns"][0]
        if any("DEP" in token and _matches_no_label(token["DEP"]) for token in tokens):
            continue  # never matches: the pipeline has no parser
        if rule.get("index", 0) != 0:
            raise UnsupportedRule(f"rule {number}: sets a token other than the first")
        if len(tokens) != 1 or set(tokens[0]) - {"TAG", "LOWER", "IS_SPACE"}:
            raise UnsupportedRule(f"rule {number}: {tokens}")
        (token,) = tokens
        tags = _values(token["TAG"]) if "TAG" in token else None
        words = _values(token["LOWER"]) if "LOWER" in token else None
        space = token.get("IS_SPACE")
        if space is not None and (not isinstance(space, bool) or words is not None):
            raise UnsupportedRule(f"rule {number}: {token}")
        for attribute, value in attributes.items():
            entry = (number, value)
            if words is not None and tags is not None:
                table = rules.by_word_tag.setdefault(attribute, {})
                for word in words:
                    for tag in tags:
                        table[(word, tag)] = entry
            elif words is not None:
                for word in words:
                    rules.by_word.setdefault(attribute, {})[word] = entry
            elif tags is not None:
                for tag in tags:
                    rules.by_tag.setdefault(attribute, {})[(tag, space)] = entry
            elif space is not None:
                rules.by_space.setdefault(attribute, {})[space] = entry
            else:
                raise UnsupportedRule(f"rule {number}: matches every token")
    return rules


POS_FROM_TAGS = "pos_from_tags"


class PosFromTags:
    """The pipeline component: sets each token's part of speech (and white space's tag) as the
    attribute ruler whose rules it was given would."""

    def __init__(self, rules: CompiledRules) -> None:
        self.use(rules)

    def use(self, rules: CompiledRules) -> None:
        self.rules = rules
        # The few words some rule names; any other word's values follow from its tag alone.
        self.named_words = {
            word
            for table in (*rules.by_word_tag.values(), *rules.by_word.values())
            for word in (key[0] if isinstance(key, tuple) else key for key in table)
        }
        self._by_tag: dict[tuple[str, bool], tuple[str | None, str | None]] = {}

    def _values(self, lower: str, tag: str, is_space: bool) -> tuple[str | None, str | None]:
        return self.rules.value("TAG", lower, tag, is_space), self.rules.value(
            "POS", lower, tag, is_space
        )

    def __call__(self, doc: Doc) -> Doc:
        by_tag = self._by_tag
        for token in doc:
            tag_now = token.tag_
            if token.lower_ in self.named_words:
                tag, pos = self._values(token.lower_, tag_now, token.is_space)
            else:
                key = (tag_now, token.is_space)
                found = by_tag.get(key)
                if found is None:
                    found = by_tag[key] = self._values("", *key)
                tag, pos = found
            if tag is not None:
                token.tag_ = tag
            if pos is not None:
                token.pos_ = pos
        return doc


@Language.factory(POS_FROM_TAGS)
def make_pos_from_tags(nlp: Language, name: str) -> PosFromTags:
    # Built with no rules; get_nlp gives it the model's (a factory takes settings, not rules).
    return PosFromTags(CompiledRules())
