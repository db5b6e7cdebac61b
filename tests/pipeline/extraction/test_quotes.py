from __future__ import annotations

from archive.pipeline.types import PERSON

from .helpers import entity, run


def test_quotes_speaker_after_the_quotation():
    extraction = run(
        '"Cities are where the climate battle will be won," said Jaume Collboni, Mayor of '
        'Barcelona. "We see more mayors and fewer slogans," Ugo Valenti said.'
    )
    assert [(q.speaker_name, q.text) for q in extraction.quotes] == [
        ("Jaume Collboni", "Cities are where the climate battle will be won"),
        ("Ugo Valenti", "We see more mayors and fewer slogans"),
    ]
    collboni = entity(extraction, PERSON, "Jaume Collboni")
    assert extraction.quotes[0].speaker_key == collboni.key


def test_quotes_pronoun_resolves_to_the_most_recent_person_and_continuations_follow():
    body = (
        "Kevin Winter, a senior lecturer at the university, agreed.\n\n"
        "“Johannesburg and Durban face the same risks,” he said. “They have less time to "
        "prepare.”"
    )
    extraction = run(body)
    winter = entity(extraction, PERSON, "Kevin Winter")
    assert [q.speaker_key for q in extraction.quotes] == [winter.key, winter.key]
    for quote in extraction.quotes:
        assert body[quote.start : quote.end] == quote.text


def test_quotes_speaker_before_the_quotation_with_a_colon():
    extraction = run(
        'Andy Burnham spoke at the festival. Speaking in Manchester, he said: "We have the '
        'universities, the talent and the ambition."'
    )
    burnham = entity(extraction, PERSON, "Andy Burnham")
    assert [q.speaker_key for q in extraction.quotes] == [burnham.key]


def test_quotes_surname_attribution():
    extraction = run(
        'Hardeep Singh Puri announced the winners. "What began as an experiment has become a '
        'movement," Puri said.'
    )
    puri = entity(extraction, PERSON, "Hardeep Singh Puri")
    assert [q.speaker_key for q in extraction.quotes] == [puri.key]


def test_quotes_titles_mottos_and_partial_quotes_are_not_quotes():
    extraction = run(
        'The sessions were "Smart City Infrastructure and Technologies" and "Smart City for '
        'Life", under the motto "Cities for the planet". The mayor called it "a debt the city '
        'owed to its people".'
    )
    assert extraction.quotes == []


def test_quotes_partial_quotation_after_that_or_according_to():
    extraction = run(
        "Lee Soo-min, a professor at Seoul National University, reviewed the pilot. According "
        'to Lee, "the real test is whether residents get answers faster than before." '
        'Michael Reyes, a director at US Ignite, told attendees that "the cities that win the '
        'next decade treat connectivity like water."'
    )
    speakers = {(q.speaker_name, q.text.split()[1]) for q in extraction.quotes}
    assert speakers == {("Lee Soo-min", "real"), ("Michael Reyes", "cities")}


def test_quotes_short_reference_with_a_particle_finds_the_full_name():
    extraction = run(
        "Rashid Al Falasi, Director General of Digital Dubai, opened the stand.\n\n"
        '"The resident does not care which department owns a service," Al Falasi told '
        "reporters."
    )
    assert [q.speaker_name for q in extraction.quotes] == ["Rashid Al Falasi"]


def test_quotes_abbreviated_title_does_not_end_the_attribution():
    extraction = run('"Toronto learned the hard way that rules matter," said Coun. Marcus Delaney.')
    assert [q.speaker_name for q in extraction.quotes] == ["Marcus Delaney"]


def test_quotes_after_an_abbreviated_honorific_are_attributed():
    extraction = run(
        '"Riyadh is growing faster than almost any capital in the world," said Eng. Faisal '
        "Al-Rashed, vice president for digital transformation."
    )
    assert [q.speaker_name for q in extraction.quotes] == ["Faisal Al-Rashed"]


def test_quotes_in_low_german_marks_close_at_the_upper_mark():
    extraction = run("„Wir sind stolz auf unsere Stadt“, sagte Kai Wegner, Bürgermeister.")
    assert [(q.speaker_name, q.text) for q in extraction.quotes] == [
        ("Kai Wegner", "Wir sind stolz auf unsere Stadt")
    ]


def test_quotes_in_curly_single_quotes_survive_apostrophes():
    extraction = run(
        "Mara Quill, the harbour engineer, inspected the gauges.\n\n"
        "\u2018The river\u2019s sensors warn us hours earlier than before,\u2019 she said."
    )
    assert [(q.speaker_name, q.text) for q in extraction.quotes] == [
        ("Mara Quill", "The river\u2019s sensors warn us hours earlier than before")
    ]


def test_quotes_colon_after_a_pronoun_names_the_previous_person():
    extraction = run(
        "Tobin Varley chairs the transit board. His verdict was short: "
        "“Every bus route needs live data before it needs new paint.” We asked why."
    )
    assert [(q.speaker_name, q.text[:14]) for q in extraction.quotes] == [
        ("Tobin Varley", "Every bus rout")
    ]


def test_quotes_leave_the_reporters_comma_outside_and_keep_their_own_full_stop():
    body = (
        "\u201cThe new depots will charge forty buses a night,\u201d said Rena Holt, the fleet "
        "manager. \u201cWe tested every charger twice.\u201d she added."
    )
    extraction = run(body)
    assert [q.text for q in extraction.quotes] == [
        "The new depots will charge forty buses a night",
        "We tested every charger twice.",
    ]
    assert [body[q.start : q.end] for q in extraction.quotes] == [q.text for q in extraction.quotes]
