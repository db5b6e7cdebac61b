"""Import benchmark: generate varied synthetic articles, import them, print the throughput.

    .venv/bin/python bench/import_bench.py [--articles N] [--workers 1,2] [--keep]

Everything happens in a temporary folder with its own SQLite database (DATABASE_URL is set
before Django starts), so the project's database is never touched. Each worker count imports
the same corpus into an emptied database.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

CITIES = [
    ("Lisbon", "Portugal"),
    ("Helsinki", "Finland"),
    ("Nairobi", "Kenya"),
    ("Seoul", "South Korea"),
    ("Bogota", "Colombia"),
    ("Oslo", "Norway"),
    ("Accra", "Ghana"),
    ("Lima", "Peru"),
    ("Vienna", "Austria"),
    ("Toronto", "Canada"),
    ("Melbourne", "Australia"),
    ("Tallinn", "Estonia"),
    ("Pune", "India"),
    ("Lyon", "France"),
    ("Austin", "United States"),
    ("Kigali", "Rwanda"),
]
FIRST_NAMES = [
    "Maria",
    "Jonas",
    "Amina",
    "Kenji",
    "Lucia",
    "Tomas",
    "Nadia",
    "Oscar",
    "Priya",
    "Samuel",
    "Ingrid",
    "Rafael",
    "Leila",
    "Victor",
    "Chloe",
    "Daniel",
]
LAST_NAMES = [
    "Santos",
    "Virtanen",
    "Okafor",
    "Tanaka",
    "Moreno",
    "Novak",
    "Haddad",
    "Lindqvist",
    "Raman",
    "Mensah",
    "Berg",
    "Alvarez",
    "Karimi",
    "Petrov",
    "Dubois",
    "Keller",
]
ROLES = [
    "Mayor of {city}",
    "Chief Digital Officer of {city}",
    "director of the {org}",
    "head of innovation at the {org}",
    "minister of digital development",
]
ORG_TEMPLATES = [
    "{city} Department of Transport",
    "{city} Urban Data Agency",
    "{city} City Council",
    "National Smart Mobility Authority",
    "Open Cities Network",
    "Global Infrastructure Fund",
    "{city} Energy Company",
]
TOPICS = [
    ("digital twin", "planners test new bus lanes before a single road is closed"),
    ("open data portal", "residents download transport and energy data every week"),
    ("smart streetlight network", "the lights dim automatically when the streets are empty"),
    ("air quality sensors", "schools receive alerts when pollution rises"),
    ("5G pilot", "driverless shuttles talk to traffic lights in real time"),
    ("e-government platform", "most permits can now be requested online"),
]
EVENTS = [
    "{city} Smart City Expo",
    "Urban Future Summit",
    "{city} Open Data Forum",
    "World Cities Conference",
]
JUNK = ["Subscribe to our newsletter", "Previous Article", "Next Article", "Share this story"]
# English names: this script never calls locale.setlocale, so calendar keeps the C locale's.
MONTHS = list(calendar.month_name)[1:]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def synthetic_article(number: int, rng: random.Random) -> tuple[str, str]:
    """(title, text of a scraped page): headline, optional date line, body, site junk."""
    city, country = rng.choice(CITIES)
    other_city, other_country = rng.choice(CITIES)
    org = rng.choice(ORG_TEMPLATES).format(city=city)
    speaker = person(rng)
    role = rng.choice(ROLES).format(city=city, org=org)
    topic, effect = rng.choice(TOPICS)
    event = rng.choice(EVENTS).format(city=other_city)
    title = f"{city} launches a {topic} (report {number})"
    lines = [title]
    if rng.random() < 0.6:
        lines += ["", f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2025)}"]
    paragraphs = [
        f"The {org} in {city}, {country}, has launched a {topic}. According to {speaker}, "
        f"{role}, {effect}.",
        f'"We built the {topic} with residents, not for them," {speaker} said at the {event} '
        f"in {other_city}, {other_country}.",
        f"Experts from {other_country} and {country} will review the results next year. "
        f"{person(rng)} of the {rng.choice(ORG_TEMPLATES).format(city=other_city)} said the "
        f"project could serve as a model for other cities.",
    ]
    for _ in range(rng.randint(0, 3)):
        paragraphs.append(
            f"In {rng.choice(CITIES)[0]}, a similar {rng.choice(TOPICS)[0]} has been running "
            f"since {rng.randint(2010, 2022)}, and {rng.choice(TOPICS)[1]}."
        )
    lines += ["", *paragraphs, "", *rng.sample(JUNK, rng.randint(0, 2))]
    return title, "\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 7) -> None:
    """Mostly .txt pages, some .html pages, and a tenth of the articles as one JSON Lines file."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        title, text = synthetic_article(number, rng)
        kind = rng.random()
        if kind < 0.1:
            body = text.split("\n", 1)[1]
            records.append({"title": title, "text": body, "url": f"https://example.org/{number}"})
        elif kind < 0.2:
            paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n")[1:] if p.strip())
            html = (
                f"<html><head><title>{title}</title></head><body><nav>Home | News</nav>"
                f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
            )
            (folder / f"{number:05d}.html").write_text(html, encoding="utf-8")
        else:
            (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
    if records:
        with (folder / "feed.jsonl").open("w", encoding="utf-8") as stream:
            for record in records:
                stream.write(json.dumps(record) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="How many (default 200).")
    parser.add_argument(
        "--workers",
        default="",
        help="Comma-separated worker counts to compare (default: 1 and the CPU count).",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    arguments = parser.parse_args()
    cpus = os.cpu_count() or 1
    worker_counts = [int(w) for w in arguments.workers.split(",") if w.strip()] or sorted({1, cpus})

    work_dir = Path(tempfile.mkdtemp(prefix="import_bench_"))
    corpus = work_dir / "corpus"
    corpus.mkdir()
    write_corpus(corpus, arguments.articles)

    # Before Django reads its settings: a database of our own.
    os.environ["DATABASE_URL"] = f"sqlite:///{work_dir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    from archive.services.importer import ImportOptions, import_paths

    call_command("migrate", verbosity=0, interactive=False)
    rows = []
    try:
        for workers in worker_counts:
            call_command("flush", verbosity=0, interactive=False)
            started = time.perf_counter()
            summary = import_paths([corpus], ImportOptions(workers=workers))
            seconds = time.perf_counter() - started
            rows.append((summary.total, workers, seconds, summary.total / seconds, summary))
    finally:
        if not arguments.keep:
            shutil.rmtree(work_dir, ignore_errors=True)

    print(f"{'articles':>8}  {'workers':>7}  {'seconds':>8}  {'articles/s':>10}  outcome")
    for total, workers, seconds, rate, summary in rows:
        print(f"{total:>8}  {workers:>7}  {seconds:>8.1f}  {rate:>10.1f}  {summary.line()}")
    if arguments.keep:
        print(f"Corpus and database kept in {work_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
