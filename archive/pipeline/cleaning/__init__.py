"""Decoded page text in, `ParsedPage` out: headline, date, byline, clean body.

Scraped pages mix the article with site furniture: navigation, date widgets, share buttons,
newsletter boxes, "Previous Article / Next Article" teasers, footers. Everything here works by
general rules of shape, position, repetition and typical phrasing, so that it holds on pages
we have never seen:

1. Lines are normalised and each is classified: content, or a kind of junk (navigation,
   newsletter, cookie, share, teaser marker, footer...). Runs of short title-case lines are
   navigation menus.
2. The header is everything before the first line of prose. The headline is the headline-shaped
   line there (short, no full stop) next to the date line; a page that opens with prose has no
   headline and is titled from its first sentence.
3. A date line counts only when it is short and nothing but date/byline/labels, right after
   the headline (or right before it, unless it looks like a today's-date widget).
4. The body is cut where a teaser block or footer begins at the end, and hard-wrapped lines
   are joined back into paragraphs; lists stay one item per line.
"""

from archive.pipeline.cleaning.page import clean_page, detect_language, domain_of

__all__ = ["clean_page", "detect_language", "domain_of"]
