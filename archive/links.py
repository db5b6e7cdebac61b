"""Addresses that came from imported pages, made safe to link to.

An imported page chooses its own "original address" and an organization's website comes from
the same text, so either can be `javascript:alert(1)`, `data:text/html,...` or
`java\\tscript:` (browsers drop tabs and line breaks inside a scheme). Only http and https
addresses with a host are ever linked; anything else is shown as no link at all.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})

#: What browsers silently remove from a URL before reading its scheme (WHATWG URL standard:
#: leading/trailing C0 controls and spaces, and every tab or line break anywhere).
_BROWSER_IGNORED = re.compile(r"[\t\n\r]")
_EDGE_CONTROLS = "".join(chr(code) for code in range(0x21))


def safe_external_url(address: str | None) -> str:
    """`address` if it is an http(s) URL with a host, else "" (never a link to a script)."""
    if not address:
        return ""
    cleaned = _BROWSER_IGNORED.sub("", str(address)).strip(_EDGE_CONTROLS)
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in cleaned):
        return ""
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # an unbalanced IPv6 bracket, for one
        return ""
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        return ""
    return cleaned
