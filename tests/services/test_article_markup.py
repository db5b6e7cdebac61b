"""Building an article's HTML from its text and mention spans (escaping first, always)."""

import pytest

from archive.services.article_markup import (
    choose_spans,
    mark_names,
    mark_spans,
    mark_up_body,
    mark_up_paragraphs,
    paragraph_bounds,
)
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PlaceFactory,
    mention_everywhere,
)

pytestmark = pytest.mark.django_db


def test_paragraph_bounds_split_on_blank_lines_and_trim():
    body = "  First.\n\n\nSecond\nline.  \n \nThird."
    assert [body[start:end] for start, end in paragraph_bounds(body)] == [
        "First.",
        "Second\nline.",
        "Third.",
    ]


def test_mark_up_paragraphs_escapes_text_and_links_mentions():
    organization = OrganizationFactory(name="R&D <Lab>", slug="rd-lab")
    article = ArticleFactory(body='<img src=x onerror=alert(1)> R&D <Lab> said "hi".\n\nBye.')
    (mention,) = mention_everywhere(article, organization)
    paragraphs = mark_up_paragraphs(article.body, [mention])
    assert paragraphs == [
        "&lt;img src=x onerror=alert(1)&gt; "
        f'<a class="mention mention--org" id="mention-{mention.pk}" href="/organizations/rd-lab/" '
        'data-kind="organization" title="Organization: R&amp;D &lt;Lab&gt;">R&amp;D &lt;Lab&gt;'
        '<span class="visually-hidden"> (organization)</span></a> said &quot;hi&quot;.',
        "Bye.",
    ]


def test_mark_up_paragraphs_single_newline_is_a_line_break():
    assert mark_up_paragraphs("One\ntwo", []) == ["One<br>\ntwo"]


def test_overlapping_mentions_keep_the_longest():
    place = PlaceFactory(name="Moscow")
    event = EventFactory(name="Smart Cities Moscow")
    article = ArticleFactory(body="The Smart Cities Moscow forum.")
    mentions = mention_everywhere(article, place) + mention_everywhere(article, event)
    spans = choose_spans(article.body, mentions)
    assert [(span.start, span.end, span.mention.kind) for span in spans] == [(4, 23, "event")]


def test_moved_mention_is_found_nearby_and_lost_mention_is_skipped():
    organization = OrganizationFactory(name="Metro")
    article = ArticleFactory(body="Metro runs. Metro grows.")
    first, second = mention_everywhere(article, organization)
    # A curator inserted two words at the start: the first span now points at the wrong text.
    body = "Today, the Metro runs. Metro grows."
    second.text = "Tram"  # and the second mention names text no longer in the body
    spans = choose_spans(body, [first, second])
    assert [(span.start, span.end) for span in spans] == [(11, 16)]


def test_mention_across_a_paragraph_break_is_left_unmarked():
    organization = OrganizationFactory(name="North\n\nSouth")
    article = ArticleFactory(body="North\n\nSouth")
    mentions = mention_everywhere(article, organization)
    assert mark_up_paragraphs(article.body, mentions) == ["North", "South"]


def test_mark_names_marks_whole_words_and_escapes():
    assert (
        mark_names("The UN & UNESCO met <UN>.", ["UN"])
        == "The <mark>UN</mark> &amp; UNESCO met &lt;<mark>UN</mark>&gt;."
    )


def test_nested_mention_is_marked_inside_the_outer_link_and_counted():
    place = PlaceFactory(name="Moscow")
    organization = OrganizationFactory(name="Moscow City Government")
    article = ArticleFactory(body="The Moscow City Government met.")
    mentions = mention_everywhere(article, organization) + mention_everywhere(article, place)

    body = mark_up_body(article.body, mentions)

    assert [mention.kind for mention in body.marked] == ["organization", "place"]
    assert body.paragraphs[0].count("<a ") == 1
    assert 'class="mention mention--place mention--nested' in body.paragraphs[0]


def test_mark_spans_marks_only_the_given_span_and_escapes():
    assert mark_spans("Moscow <b> in Moscow", [(14, 20)]) == (
        "Moscow &lt;b&gt; in <mark>Moscow</mark>"
    )
