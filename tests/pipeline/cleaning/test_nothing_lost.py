"""Property: whatever the page, every line read ends up kept or in a removed block."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.pipeline.cleaning import clean_page
from archive.pipeline.types import BadInput

TODAY = date(2025, 1, 1)
WORDS = [
    "the",
    "city",
    "council",
    "opened",
    "new",
    "lights",
    "on",
    "the",
    "harbour",
    "street",
    "and",
    "residents",
    "said",
    "lamps",
    "data",
    "office",
    "tram",
    "budget",
    "will",
    "cover",
    "next",
    "year",
    "in",
    "its",
    "plan",
    "for",
    "energy",
]
NAMES = ["Harbour", "Council", "Lights", "River", "North", "Tram", "Data", "Office", "Plan"]
# One or two lines of each class of site furniture the cleaner removes.
FURNITURE = [
    "Share this:",
    "Facebook | X | LinkedIn | Email",
    "Font size: A- A A+",
    "Arial",
    "Georgia",
    "Verdana",
    "Photo: Jane Roe / Harbour Press",
    "We use cookies to improve your experience on this site.",
    "Sign up for our newsletter to get the news in your inbox",
    "Related articles",
    "You may also like",
    "###",
    "About Acme Lighting",
    "Media contact",
    "For reference:",
    "jane.roe@example.org",
    "Home",
    "News",
    "Contact us",
    "12 March 2024",
    "By Jane Roe",
    "© 2024 Harbour Press. All rights reserved.",
    "Read more",
    "Tags: energy, lights",
    "3 min read",
    "Leave a comment",
    "Advertisement",
]

sentences = st.builds(
    lambda first, rest, end: " ".join([first, *rest]) + end,
    st.sampled_from(NAMES),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=40),
    st.sampled_from([".", "", ",", "!"]),
)
headlines = st.lists(st.sampled_from(NAMES), min_size=2, max_size=9).map(" ".join)
page_lines = st.lists(
    st.tuples(
        st.one_of(sentences, headlines, st.sampled_from(FURNITURE)),
        st.sampled_from(["", "  ", "    ", "\t"]),  # indentation
        st.booleans(),  # a blank line after it
    ),
    min_size=1,
    max_size=40,
)


def collapsed(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(page_lines)
def test_every_line_is_kept_or_recorded_as_removed(lines):
    text = "\n".join(f"{prefix}{line}" + ("\n" if blank else "") for line, prefix, blank in lines)
    try:
        page = clean_page(text, today=TODAY)
    except BadInput:
        return  # nothing imported at all: the file is reported, not silently shortened
    accounted = collapsed(
        "\n".join([page.title, page.body, *(block.text for block in page.removed)])
    )

    missing = [line for line, _, _ in lines if collapsed(line) not in accounted]

    assert missing == []


@settings(max_examples=100, deadline=None)
@given(page_lines)
def test_removed_blocks_sit_within_the_body(lines):
    text = "\n".join(f"{prefix}{line}" + ("\n" if blank else "") for line, prefix, blank in lines)
    try:
        page = clean_page(text, today=TODAY)
    except BadInput:
        return
    paragraphs = len(page.body.split("\n\n"))

    assert all(0 <= block.position <= paragraphs for block in page.removed)
