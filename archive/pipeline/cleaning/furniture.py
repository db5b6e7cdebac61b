"""Recognisers for classes of page furniture that are not one line's wording alone:
typography and accessibility widgets, photo credits and captions, a press release's tail.

The vocabularies live in `archive/pipeline/data/` (see `wordlists`).
"""

from __future__ import annotations

import re

from archive.pipeline.wordlists import lines, terms

#: A size as a widget offers it: "14px", "1.2em", "125%", "12 pt".
WIDGET_SIZE = re.compile(r"^\d{1,3}(?:\.\d)?(?:px|pt|em|rem|%)$")
WIDGET_TOKEN = re.compile(r"[^\s|/•·,;:()\[\]]+")
#: "© Jane Doe", "Photo © City Press": a credit names a holder; a footer's notice has a year or
#: the words of a site's footer.
FOOTER_NOTICE = re.compile(
    r"\b(?:19|20)\d\d\b|all rights reserved|powered by|designed by|developed by|built by", re.I
)
#: "About Acme Corp", "About the City of X", "Notes to editors": the heading of a press
#: release's boilerplate about its publisher.
COMPANY_TAIL_HEADING = re.compile(
    r"^(?:about\s+(?!us$|this\b|the authors?\b)(?:the\s+)?(?P<name>[A-Z0-9][\w&.,' -]{1,60})"
    r"|notes?\s+(?:to|for)\s+editors)\s*:?$",
    re.I,
)


#: "For reference:", "Media contact: Jane Doe": the heading of a release's press contacts.
PRESS_CONTACT_HEADING = re.compile(
    r"^(?:" + "|".join(lines("press_contact_headings.txt")) + r")\s*(?::.{0,160})?$", re.I
)

#: "For reference:": a press contact's heading when a contact's details follow.
REFERENCE_HEADING = re.compile(
    r"^(?:" + "|".join(lines("reference_headings.txt")) + r")\s*:?$", re.I
)


def _widget_tokens(text: str) -> list[str]:
    return [token.casefold() for token in WIDGET_TOKEN.findall(text)]


def is_widget_token(token: str) -> bool:
    return token in terms("widget_terms.txt") or bool(WIDGET_SIZE.match(token))


def is_widget_line(text: str) -> bool:
    """'Arial Georgia Verdana', 'Font size: A- A A+', 'Text: Small Medium Large | Contrast':
    every word a typography or display control, with at least one that only a widget uses."""
    tokens = _widget_tokens(text)
    if len(tokens) < 2 or not all(is_widget_token(token) for token in tokens):
        return False
    anchors = terms("widget_anchor_terms.txt")
    return any(token in anchors or WIDGET_SIZE.match(token) for token in tokens)


def is_widget_fragment(text: str) -> bool:
    """One control of a widget written one per line ('Georgia', 'A+', '125%')."""
    tokens = _widget_tokens(text)
    return 1 <= len(tokens) <= 3 and all(is_widget_token(token) for token in tokens)


def is_photo_credit(text: str) -> bool:
    """A short '© Holder' line: the credit of a photograph, not the site's copyright footer."""
    return len(text.split()) <= 8 and "©" in text and not FOOTER_NOTICE.search(text)


def company_tail_name(text: str) -> str | None:
    """The publisher named by a press release's 'About X' heading ('' for 'Notes to editors'),
    or None when the line is no such heading."""
    if len(text.split()) > 8 or text.rstrip().endswith((".", "!", "?")):
        return None
    match = COMPANY_TAIL_HEADING.match(text.strip())
    if match is None:
        return None
    return (match.group("name") or "").strip()
