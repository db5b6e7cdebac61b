"""Fill a database with a large synthetic archive, fast, for the web benchmark and query plans.

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/scale_db.py --articles 20000

Rows are written with bulk_create, not through the importer (that is the import benchmark's
job): N published articles (about 5% drafts, 5% undated) over 15 years from 40 sources, each
naming about 30 entities drawn with a Zipf skew (a few everywhere, most rare) from pools of
organizations, people, places and events, every mention a real span of the body, and a few
quotes. The words between the names follow the same skew over 20,000 words, so common words
are in every article and rare ones in a few. About a fifth of the articles are grouped into
stories of 2 to 4 neighbouring articles (standing in for syndicated copies; the bodies are not
compared). The full-text index is filled by the database's own triggers, as in production.
Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import os
import random
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

#: Pool size per kind; mentions per article; Zipf exponent (1.0: the classic city-size skew).
POOLS = {"organization": 3000, "person": 5000, "place": 1200, "event": 600}
MENTIONS_PER_ARTICLE = 30
SKEW = 1.05
WORDS = [
    "city",
    "sensors",
    "data",
    "platform",
    "residents",
    "traffic",
    "energy",
    "council",
    "budget",
    "pilot",
    "network",
    "open",
    "transport",
    "water",
    "housing",
    "digital",
    "service",
    "district",
    "grid",
    "mobility",
    "tender",
    "programme",
    "report",
]


def zipf_sampler(size: int, rng: random.Random):
    weights = [1 / (rank**SKEW) for rank in range(1, size + 1)]
    cumulative = list(itertools.accumulate(weights))

    def draw(count: int) -> list[int]:
        return rng.choices(range(size), cum_weights=cumulative, k=count)

    return draw


def entity_names(kind: str, size: int, rng: random.Random) -> list[str]:
    syllables = [
        "ka",
        "lo",
        "mi",
        "ra",
        "ne",
        "to",
        "vi",
        "sa",
        "de",
        "lu",
        "po",
        "fe",
        "ri",
        "an",
        "el",
        "or",
        "is",
        "um",
    ]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()

    heads = {
        "organization": ["Agency", "Authority", "Institute", "Council", "Systems", "Labs"],
        "event": ["Forum", "Summit", "Expo", "Week", "Congress"],
    }
    names: set[str] = set()
    while len(names) < size:
        if kind == "person":
            names.add(f"{word()} {word()}")
        elif kind == "place":
            names.add(word())
        else:
            names.add(f"{word()} {word()} {rng.choice(heads[kind])}")
    return sorted(names)


#: Distinct words beside WORDS in the bodies, drawn with the same skew: real text has a long tail
#: of rare words, so a search for one of them matches a handful of articles, not all of them.
VOCABULARY = 20000


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """WORDS first (the most frequent), then made-up lower-case words of 2 to 4 syllables."""
    syllables = ["ba", "co", "di", "fu", "ga", "he", "ji", "ko", "lu", "ma", "ni", "po", "qu", "re"]
    syllables += ["si", "tu", "va", "we", "xo", "yi", "zu", "ar", "en", "ol"]
    words = dict.fromkeys(WORDS)
    while len(words) < len(WORDS) + size:
        words["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


def fill(articles: int, seed: int) -> None:
    from django.utils.text import slugify

    from archive.models import (
        Article,
        ArticleStatus,
        EntityKind,
        Event,
        Mention,
        Organization,
        Person,
        Place,
        Quote,
        ReviewStatus,
        Source,
    )
    from archive.services.name_keys import add_name_keys

    rng = random.Random(seed)
    models = {"organization": Organization, "person": Person, "place": Place, "event": Event}
    records: dict[str, list] = {}
    for kind, size in POOLS.items():
        rows = [
            models[kind](
                name=name,
                slug=slugify(name),
                review_status=ReviewStatus.CONFIRMED if rank < 200 else ReviewStatus.SUGGESTED,
            )
            for rank, name in enumerate(entity_names(kind, size, rng))
        ]
        rng.shuffle(rows)  # the most mentioned is not the first by name
        records[kind] = models[kind].objects.bulk_create(rows, batch_size=1000)
        # bulk_create goes around the services that store each record's name keys too.
        add_name_keys(records[kind])
    sources = Source.objects.bulk_create(
        [
            Source(name=f"City News {n}", slug=f"city-news-{n}", domain=f"news{n}.example")
            for n in range(40)
        ]
    )
    draws = {kind: zipf_sampler(size, rng) for kind, size in POOLS.items()}
    words = vocabulary(VOCABULARY, rng)
    draw_words = zipf_sampler(len(words), rng)
    kinds = list(POOLS)
    first_day = datetime.date(2011, 1, 1)
    batch = 500
    for offset in range(0, articles, batch):
        article_rows, spans = [], []
        for number in range(offset, min(offset + batch, articles)):
            chosen = [
                (kind, records[kind][index])
                for kind in kinds
                for index in draws[kind](MENTIONS_PER_ARTICLE // len(kinds))
            ]
            rng.shuffle(chosen)
            parts, mentions, position = [], [], 0
            for kind, entity in chosen:
                filler = " ".join(words[i] for i in draw_words(rng.randint(4, 9)))
                sentence_start = position
                text = f"{filler.capitalize()} with {entity.name} "
                start = position + len(text) - len(entity.name) - 1
                sentence = text + "this year."
                parts.append(sentence)
                mentions.append((kind, entity, start, start + len(entity.name), sentence_start))
                position += len(sentence) + 1
            body = " ".join(parts)
            undated = rng.random() < 0.05
            published = None if undated else first_day + datetime.timedelta(rng.randrange(5475))
            title = (
                f"{chosen[0][1].name} and {chosen[1][1].name} report {rng.choice(WORDS)} {number}"
            )
            article_rows.append(
                Article(
                    title=title,
                    slug=f"{slugify(title)[:200]}-{number}",
                    body=body,
                    lede=parts[0],
                    published_on=published,
                    published_on_origin="dateline" if published else "",
                    source=rng.choice(sources),
                    origin=f"generated/{number:07d}.txt",
                    word_count=len(body.split()),
                    content_hash=hashlib.sha256(f"{seed}:{number}".encode()).hexdigest(),
                    status=ArticleStatus.DRAFT if rng.random() < 0.05 else ArticleStatus.PUBLISHED,
                )
            )
            spans.append((mentions, body))
        created = Article.objects.bulk_create(article_rows)
        mention_rows, quote_rows = [], []
        for article, (mentions, body) in zip(created, spans, strict=True):
            for kind, entity, start, end, sentence_start in mentions:
                mention_rows.append(
                    Mention(
                        article=article,
                        kind=EntityKind(kind),
                        **{kind: entity},
                        start=start,
                        end=end,
                        text=body[start:end],
                        sentence=body[sentence_start : end + 11],
                        extractor="generated",
                        review_status=ReviewStatus.SUGGESTED,
                    )
                )
            person = next((e for k, e, *_ in mentions if k == "person"), None)
            if person is not None:
                quote = mentions[0]
                quote_rows.append(
                    Quote(
                        article=article,
                        speaker=person,
                        speaker_name=person.name,
                        text=body[quote[4] : quote[3]],
                        start=quote[4],
                        end=quote[3],
                    )
                )
        Mention.objects.bulk_create(mention_rows, batch_size=2000)
        Quote.objects.bulk_create(quote_rows, batch_size=2000)
    group_stories(rng)


#: The share of articles that start a story (of 2 to 4 articles).
STORY_SHARE = 0.07


def group_stories(rng: random.Random) -> None:
    from archive.models import Article, Story
    from archive.services.stories import refresh_representatives

    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    groups, index = [], 0
    while index < len(ids):
        size = rng.randint(2, 4) if rng.random() < STORY_SHARE else 1
        if size > 1:
            groups.append(ids[index : index + size])
        index += size
    stories = Story.objects.bulk_create([Story() for _ in groups], batch_size=1000)
    for story, members in zip(stories, groups, strict=True):
        Article.objects.filter(pk__in=members).update(story=story)
    refresh_representatives(story.pk for story in stories)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    fill(arguments.articles, arguments.seed)
    # What autovacuum would do soon after a bulk import: statistics for the planner and, on
    # PostgreSQL, the visibility map without which an index-only scan still reads every heap
    # page (the article list was 7x slower at 100,000 articles before it). Before the recount
    # too: without statistics SQLite planned it badly (648 s at 100,000 articles, against
    # 13 s after ANALYZE).
    analyze = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(analyze)
    # bulk_create goes around the services that keep each record's counts and the review
    # queue's mention groups (recount_entities keeps both): count them once.
    call_command("recount_entities")
    with connection.cursor() as cursor:
        cursor.execute(analyze)  # the counts and groups just written
    print(f"{arguments.articles} articles in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
