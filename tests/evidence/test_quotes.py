"""Quotes and speakers: the seed's attributions, wire conventions, and what is not a quote."""

from __future__ import annotations

import pytest

from realpolitik.evidence.article import Article
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.quotes import find_quote_spans
from tests.evidence.conftest import DATA, SEED

FILLER = " The talks resumed in Geneva after a long pause and no progress was reported."


def quotes_of(text: str, statistical: bool = False) -> list[tuple[str, str | None]]:
    x = extract(Article(text=text + FILLER), statistical=statistical)
    for q in x.quotes:
        assert x.article.text[q.start : q.end] == q.text
    return [(q.text, q.speaker) for q in x.quotes]


@pytest.fixture(scope="module", params=[False, None], ids=["rules", "model-if-installed"])
def seed_quotes(request: pytest.FixtureRequest) -> dict[str, str | None]:
    x = extract(read_article(SEED), statistical=request.param)
    return {q.text: q.speaker for q in x.quotes}


@pytest.mark.parametrize(
    "quote",
    [
        "unprecedented triumph for the Kremlin",
        "A ceasefire would place this entire economic model in jeopardy",  # "he warns"
        "mean the effective end of Ukrainian statehood",  # partial quote, inherited
        "Putin’s most immediate reason for refusing to end the war in Ukraine is because he thinks he is winning",
        "reportedly explored the possibility of granting official US recognition for the 2014 Russian "
        "seizure of Ukraine’s Crimean peninsula",  # "Dickinson notes, Trump even “…"
    ],
)
def test_seed_dickinson_is_the_speaker(seed_quotes: dict[str, str | None], quote: str) -> None:
    assert seed_quotes[quote] == "Peter Dickinson"


def test_seed_every_quote_found_once(seed_quotes: dict[str, str | None]) -> None:
    assert len(seed_quotes) == 11
    assert set(seed_quotes.values()) == {"Peter Dickinson"}


def test_offsets_point_into_stored_text() -> None:
    x = extract(read_article(SEED), statistical=False)
    for q in x.quotes:
        assert x.article.text[q.start : q.end] == q.text
        assert x.article.text[q.start - 1] == "“"


def test_split_quote_is_two_quotes_one_speaker() -> None:
    got = quotes_of("“Overall,” said Dmitry Peskov, “the contacts were useful, but nothing has changed.”")
    assert got == [
        ("Overall", "Dmitry Peskov"),
        ("the contacts were useful, but nothing has changed", "Dmitry Peskov"),
    ]


def test_titles_are_dropped_and_surnames_resolved() -> None:
    got = quotes_of(
        'Kremlin spokesman Dmitry Peskov spoke on Friday. "We see no basis for a deal," Peskov told reporters.'
    )
    assert got == [("We see no basis for a deal", "Dmitry Peskov")]


def test_unnamed_source_and_later_definite_reference() -> None:
    got = quotes_of(
        "A senior U.S. official said Washington was ready to ease sanctions. "
        '"They are buying time," the official said.'
    )
    assert got == [("They are buying time", "unnamed senior U.S. official")]


def test_british_single_quotes_and_apostrophes() -> None:
    got = quotes_of(
        "‘We won’t sign while our soldiers’ graves are fresh,’ the minister’s aide, Anna Berg, said."
    )
    assert got == [("We won’t sign while our soldiers’ graves are fresh", "Anna Berg")]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow still calls the war a “special military operation” and wants a “demilitarized zone”.",
        "Europe triggered the “snapback” of United Nations sanctions on Tehran last month.",
        'Her book "The Long Game in the Strait" argues that time favours Beijing over the island.',
        "The so-called “coalition of the willing” met in Paris to plan a reassurance force.",
        'Related: "Putin says no to talks" - our explainer on the failed summit in Alaska.',
    ],
)
def test_scare_quotes_names_and_titles_are_not_quotes(text: str) -> None:
    assert quotes_of(text) == []


def test_multi_paragraph_quote_is_one_quote_per_paragraph() -> None:
    text = (
        "Zelensky spoke at length. “We will not give up our land,” Zelensky said. “We have fought too long.\n\n"
        "“And we will fight on if we must.”"
    )
    got = quotes_of(text)
    assert [t for t, _ in got] == [
        "We will not give up our land",
        "We have fought too long",
        "And we will fight on if we must",
    ]
    assert {s for _, s in got} == {"Zelensky"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "uk_gaza.md",
            ("He cannot sign anything without losing his majority", "unnamed senior Israeli official"),
        ),
        ("ap_sudan.txt", ("ready for peace, but not for surrender", "Mohamed Hamdan Dagalo")),
        (
            "ukraine_energy.txt",
            ("Putin wants us to freeze in the dark so that we beg for any peace", "Volodymyr Zelensky"),
        ),
        ("blog_taiwan.md", ("Taiwan's future must be decided by its 23 million people", "Lai Ching-te")),
    ],
)
def test_genre_conventions(name: str, expected: tuple[str, str]) -> None:
    x = extract(read_article(DATA / name), statistical=False)
    assert expected in [(q.text, q.speaker) for q in x.quotes]


def test_open_quote_at_paragraph_end_runs_to_it() -> None:
    text = "“First paragraph of a long statement\n\n“Next one.”"
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["First paragraph of a long statement", "Next one"]


@pytest.mark.parametrize("marks", [("“", "”"), ('"', '"')], ids=["curly", "straight"])
def test_multi_paragraph_quote_after_a_split_quote(marks: tuple[str, str]) -> None:
    o, c = marks
    text = (
        f"{o}We will keep fighting for as long as it takes,{c} said Juan Ortega, the rebel commander. "
        f"{o}Nobody will make us surrender.\n\n"
        f"{o}Our fighters are ready for a long war, and the people are with us.{c}\n\n"
        "The government did not respond to a request for comment on Monday."
    )
    assert quotes_of(text) == [
        ("We will keep fighting for as long as it takes", "Juan Ortega"),
        ("Nobody will make us surrender", "Juan Ortega"),
        ("Our fighters are ready for a long war, and the people are with us", "Juan Ortega"),
    ]
