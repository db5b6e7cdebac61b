"""Closed word lists the rules are built from: generic vocabulary, never names of entities.

The lists themselves live in `archive/pipeline/data/` (see that folder's README); this module
only gives them the names the rules use. Everything is lower case unless said otherwise;
compare with `word.lower()`.
"""

from __future__ import annotations

from ..dates import MONTH_FORMS
from ..wordlists import lines, rows, terms


def _heads(position: str) -> dict[str, str]:
    """Organization head words standing at POSITION ("end" or "start") of a name, with the kind
    they suggest ("" = decide from the other words)."""
    return {
        word: "" if kind == "-" else kind
        for word, kind, where in rows("org_heads.txt")
        if where in (position, "both")
    }


# --- Organizations ----------------------------------------------------------------------------

#: Words that make a capitalised phrase an organization when they end it ("... Authority").
ORG_SUFFIX_HEADS: dict[str, str] = _heads("end")

#: Words that make a phrase an organization when they open an "X of/for ..." construction
#: ("Department of ...", "University of ...", "Center for ...").
ORG_PREFIX_HEADS: dict[str, str] = _heads("start")

#: Heads in other languages that open a name even without "de/di" after them.
FOREIGN_OPENING_HEADS = terms("org_foreign_opening_heads.txt")

#: Prepositions that open the complement of a prefix head ("of", "de", "di").
ORG_PREFIX_CONNECTORS = terms("org_prefix_connectors.txt")

#: Heads that are too generic to stand alone as an organization name without a modifier.
ORG_COMPANY_WORDS = terms("org_company_words.txt")

#: Signals for an international (multilateral) body.
INTERNATIONAL_WORDS = terms("international_words.txt")

#: Legal-form suffixes: decisive, whatever precedes them.
COMPANY_SUFFIXES = terms("company_suffixes.txt")

#: Legal forms that are also short English words ("AS", "AB"): case-sensitive.
CASED_COMPANY_SUFFIXES = frozenset(lines("company_suffixes_cased.txt"))

# --- Events ------------------------------------------------------------------------------------

#: Head words of event names, with the event kind (Event.Kind values).
EVENT_HEADS: dict[str, str] = dict(rows("event_heads.txt"))

#: Event heads that are also everyday nouns; they need a longer name before them.
WEAK_EVENT_HEADS = terms("event_heads_weak.txt")

#: Lowercase words that may describe an event before its name; never part of the name.
EVENT_DESCRIPTORS = terms("event_descriptors.txt")

ONLINE_WORDS = terms("online_words.txt")

# --- People ------------------------------------------------------------------------------------

#: Honorifics: never part of a name.
HONORIFICS = terms("honorifics.txt")

#: Academic titles that are also worth keeping as a role when no other role is given.
ACADEMIC_TITLES = frozenset({"prof", "prof.", "professor"})

#: Words that make a phrase a role or job title.
ROLE_WORDS = terms("role_words.txt")

#: Role words that may open a title directly before a name ("Mayor Eric Adams").
TITLE_BEFORE_NAME = terms("titles_before_name.txt")

# --- Quotes ------------------------------------------------------------------------------------

SPEECH_VERBS = terms("speech_verbs.txt")

# --- Noise -------------------------------------------------------------------------------------

#: Every written form of every month ("september", "sept", "sep").
MONTHS = frozenset(form for forms in MONTH_FORMS for form in forms)

WEEKDAYS = terms("weekdays.txt")

#: Determiners and similar words that are stripped from the edges of a name.
LEADING_JUNK = terms("name_edge_determiners.txt")

#: Lowercase words allowed inside a proper name ("Department of Economic and Social Affairs").
NAME_CONNECTORS = terms("name_connectors.txt")

#: Lowercase particles that may occur inside a person's name.
NAME_PARTICLES = terms("name_particles.txt")


# --- Places -----------------------------------------------------------------------------------

#: Capitalised words that name a part of a place ("North Jakarta").
DIRECTIONS = frozenset(
    {
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Upper",
        "Lower",
        "Inner",
        "Outer",
    }
)

#: Words that, when they are part of a GPE/LOC guess, show spaCy got it wrong.
NOT_IN_PLACE_NAMES = terms("not_in_place_names.txt")

#: Capitalised words of continent and world-region names ("Central Europe", "Sub-Saharan
#: Africa"), so that spaCy's LOC spans the gazetteer does not list are recognised as world
#: regions too.
WORLD_REGION_WORDS = frozenset(
    {"Africa", "America", "Americas", "Asia", "Europe", "Oceania", "Antarctica", "Eurasia"}
)

#: Last words of news outlets' names: "told Africa Tech Wire", "said The Daily Star".
PUBLICATION_WORDS = terms("publication_words.txt")

#: Words of natural features in place names ("Mount ...", "... River"), lower case.
NATURAL_FEATURES = terms("natural_features.txt")
