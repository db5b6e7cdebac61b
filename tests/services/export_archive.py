"""A small archive with every case the exports must get right, with fixed ids.

The export tests (tests/services/test_export_outputs.py) compare what each export writes for
it with files written by the exports before they were made to stream from the database
(tests/services/export_outputs/): every id, date and name is fixed so that the output is the
same bytes on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime

from django.db import connection

from archive.models import Article, ArticleStatus, Story
from tests.factories import (
    ArticleFactory,
    EventFactory,
    MentionFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    QuoteFactory,
    SourceFactory,
)

BODY_ONE = (
    "City Hall and the Tram Board met Ana Costa in Porto on Monday.\n\n"
    "A. Costa said: the DIT, Smith, Jones; Partners and Zoë Ünal will open the data.\n\n"
    'Menu Item. The Mobility Forum in Porto ended; City Hall thanked "everyone".'
)
BODY_TWO = (
    "Porto and Lisboa share tram data.\n\n"
    "The Tram Board and City Hall, with =Formula Org, spoke at the Mobility Forum."
)
BODY_THREE = "Ünïcode café — Zoë Ünal visits Lisboa.\n\nNothing else happened."


def _at(body: str, text: str, occurrence: int = 1) -> int:
    """Where the `occurrence`-th `text` starts in `body`."""
    start = -1
    for _ in range(occurrence):
        start = body.index(text, start + 1)
    return start


def build_export_archive() -> dict[str, Article]:
    portugal = PlaceFactory(
        id=9301, name="Portugal", slug="portugal", kind="country", country_code="PT"
    )
    porto = PlaceFactory(
        id=9302,
        name="Porto",
        slug="porto",
        country=portugal,
        latitude=41.15,
        longitude=-8.61,
        aliases=["Oporto", "Porto"],
    )
    lisboa = PlaceFactory(id=9303, name="Lisboa", slug="lisboa", aliases=["Lisbon"])
    city_hall = OrganizationFactory(
        id=9101,
        name="City Hall",
        slug="city-hall",
        review_status="confirmed",
        country=portugal,
        website="https://cityhall.example.org/",
        acronym="CH",
    )
    tram = OrganizationFactory(
        id=9102, name="Tram Board", slug="tram-board", kind="company", website="javascript:x()"
    )
    menu = OrganizationFactory(
        id=9103, name="Menu Item", slug="menu-item", review_status="rejected"
    )
    department = OrganizationFactory(
        id=9104, name="Department of IT", slug="department-of-it", aliases=["DIT"]
    )
    dit = OrganizationFactory(id=9105, name="DIT", slug="dit", merged_into=department)
    partners = OrganizationFactory(
        id=9106, name="Smith, Jones; Partners", slug="smith-jones-partners", kind="ngo"
    )
    formula = OrganizationFactory(id=9107, name="=Formula Org", slug="formula-org")
    ana = PersonFactory(
        id=9201, name="Ana Costa", slug="ana-costa", role="Mayor", affiliation=city_hall
    )
    a_costa = PersonFactory(id=9202, name="A. Costa", slug="a-costa", merged_into=ana)
    zoe = PersonFactory(id=9203, name="Zoë Ünal", slug="zoe-unal", role="")
    ignored = PersonFactory(
        id=9204, name="Ignored Person", slug="ignored-person", review_status="rejected"
    )
    forum = EventFactory(
        id=9401,
        name="Mobility Forum",
        slug="mobility-forum",
        kind="forum",
        place=porto,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 3, 2),
        is_online=False,
    )
    EventFactory(
        id=9402,
        name="Online Data Day",
        slug="online-data-day",
        kind="other",
        year=2023,
        is_online=True,
    )

    story = Story.objects.create(id=9501)
    times = SourceFactory(name="Porto Times", slug="porto-times")
    one = ArticleFactory(
        id=9001,
        slug="tram-data-one",
        title='Tram data, "quoted"; semi',
        body=BODY_ONE,
        lede="-starts with a minus\nand a second line",
        published_on=datetime.date(2024, 3, 10),
        source=times,
        byline="=cmd",
        url="https://example.org/one",
        origin="seeds/one.txt",
        word_count=40,
        story=story,
    )
    two = ArticleFactory(
        id=9002,
        slug="tram-data-two",
        title="Tram data two",
        body=BODY_TWO,
        lede="",
        published_on=datetime.date(2024, 3, 10),
        source=None,
        url="javascript:alert(1)",
        origin="seeds/two.txt",
        word_count=20,
        story=story,
    )
    three = ArticleFactory(
        id=9003,
        slug="unicode-cafe",
        title="Ünïcode café — \u2028line",
        body=BODY_THREE,
        lede="@mention first",
        published_on=None,
        published_on_origin="",
        source=times,
        origin="seeds/three.txt",
        word_count=9,
    )
    draft = ArticleFactory(
        id=9004,
        slug="draft-note",
        title="A draft about Lisboa",
        body="Lisboa draft.\n\nMore.",
        published_on=datetime.date(2023, 1, 1),
        status=ArticleStatus.DRAFT,
        source=times,
        origin="seeds/draft.txt",
    )
    empty = ArticleFactory(
        id=9005,
        slug="nothing-named",
        title="Nothing named here",
        body="No names at all.\n\nStill none.",
        published_on=datetime.date(2022, 12, 31),
        source=times,
        origin="seeds/empty.txt",
    )

    def mention(article, entity, text, occurrence=1, id=None, **fields):
        start = _at(article.body, text, occurrence)
        kind = entity.kind_of_entity
        return MentionFactory(
            id=id,
            article=article,
            kind=kind,
            **{"organization": None, kind: entity},
            start=start,
            text=text,
            **fields,
        )

    # Article one: names in text order, repeats, a rejected record, a merged one, a rejected
    # mention, and two organizations at the same start whose ids and ends disagree on order.
    mention(one, city_hall, "City Hall", id=9601)
    mention(one, tram, "Tram Board", id=9602)
    mention(one, formula, "Tram", id=9603, review_status="confirmed")  # same start, shorter
    mention(one, ana, "Ana Costa", id=9604)
    mention(one, porto, "Porto", id=9605)
    mention(one, a_costa, "A. Costa", id=9606)
    mention(one, dit, "DIT", id=9607)
    mention(one, partners, "Smith, Jones; Partners", id=9608)
    mention(one, zoe, "Zoë Ünal", id=9609)
    mention(one, menu, "Menu Item", id=9610)
    mention(one, forum, "Mobility Forum", id=9611)
    mention(one, porto, "Porto", occurrence=2, id=9612)
    mention(one, city_hall, "City Hall", occurrence=2, id=9613)
    mention(one, ignored, "Ana", id=9614)  # a mention of a rejected person
    mention(one, department, "data", occurrence=1, id=9615, review_status="rejected")
    # Article two: the same names in another order, one mention with a smaller id later.
    mention(two, city_hall, "City Hall", id=9620)
    mention(two, tram, "Tram Board", id=9621)
    mention(two, porto, "Porto", id=9622)
    mention(two, lisboa, "Lisboa", id=9623)
    mention(two, formula, "=Formula Org", id=9624)
    mention(two, forum, "Mobility Forum", id=9625)
    mention(two, tram, "tram", id=9616)
    # Article three: unicode names; the draft names a place too.
    mention(three, zoe, "Zoë Ünal", id=9630)
    mention(three, lisboa, "Lisboa", id=9631)
    mention(draft, lisboa, "Lisboa", id=9640)

    QuoteFactory(
        id=9701,
        article=one,
        speaker=a_costa,
        text="We will open\nthe data; all of it.",
        start=_at(BODY_ONE, "the DIT"),
    )
    QuoteFactory(
        id=9702, article=one, speaker=None, speaker_name="A resident", text="Good.", start=5
    )
    QuoteFactory(id=9703, article=one, speaker=ignored, speaker_name="Someone", text="Hm.", start=9)
    QuoteFactory(
        id=9704, article=one, speaker=ana, text="Rejected.", start=2, review_status="rejected"
    )
    QuoteFactory(id=9705, article=two, speaker=None, speaker_name="", text="=1+1", start=3)
    return {"one": one, "two": two, "three": three, "draft": draft, "empty": empty}


def streaming_savepoint_queries() -> int:
    """Statements an export adds in a test on PostgreSQL: it reads inside a transaction of its
    own (so that its cursor streams), which inside the test's transaction is a savepoint and
    its release, and turns the JIT compiler off for it (row_streams.stream_rows)."""
    return 3 if connection.vendor == "postgresql" else 0
