"""Decoded page text in, `ParsedPage` out: headline, date, byline, clean body, and a record
of everything removed.

Scraped pages mix the article with site furniture: navigation, date widgets, share buttons,
newsletter boxes, "Previous Article / Next Article" teasers, footers. Everything here works by
general rules of shape, position, repetition and typical phrasing, so that it holds on pages
we have never seen; the vocabularies and junk-line patterns are data (`archive/pipeline/data/`).

1. `lines`: lines are normalised (indentation and spacing dropped) and each is classified:
   content, or a `BlockKind` of furniture with a reason (`rules`, `furniture` hold the
   patterns). Runs of short title-case lines are navigation menus.
2. `blocks`: furniture only several lines show: wrapped boxes, widgets one control per line,
   captions glued to their credit, press-release tails ("About X", "For reference"), image
   file names or alt texts left between paragraphs.
3. `headline`: the header is everything before the first line of prose. The headline is the
   headline-shaped line there next to the date line, unless it shares no word with the story's
   opening and another line does (a teaser carousel); without a date line, it stands below the
   last piece of site furniture (menu, prompts) above the story; a page that opens with prose
   has no headline and is titled from its first sentence.
4. `body`: the body is cut where a teaser block or footer begins at the end, and hard-wrapped
   lines are joined back into paragraphs; lists stay one item per line.
5. `removal`: every line not kept is recorded in a `RemovedBlock` (kind, reason, text, where it
   stood); a page that loses too much, or loses prose, gets review reasons.

The passes that work across lines are rules registered with `archive.pipeline.extraction.rules`
(names starting with "clean-"), so `bench/extraction_eval.py --ablation` can switch each off.
"""

from archive.pipeline.cleaning.page import clean_page, detect_language, domain_of

__all__ = ["clean_page", "detect_language", "domain_of"]
