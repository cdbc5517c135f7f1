"""Quote shapes the attribution rules must handle without the model (synthetic sentences)."""

from __future__ import annotations

import pytest

from realpolitik.evidence.article import Article
from realpolitik.evidence.extract import extract

FILLER = " The talks resumed in Geneva after a long pause and no progress was reported."


def quotes_of(text: str) -> list[tuple[str, str | None]]:
    x = extract(Article(text=text + FILLER), statistical=False)
    return [(q.text, q.speaker) for q in x.quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the subject is far from the speech verb
            "The Republic of Norland has opened talks with the rebels, and has warned that it would "
            "impose \u201cheavy costs\u201d on any spoiler.",
            [("heavy costs", "Republic of Norland")],
        ),
        (  # appositive name between description and verb; "state" is a noun here
            "The army\u2019s spokesman, Colonel Piet Maris, told state radio on Friday that the army would "
            "\u201cnever bargain with the gangs who loot the villages.\u201d",
            [("never bargain with the gangs who loot the villages", "Piet Maris")],
        ),
        (  # a colon introduces the quote; the subject of the clause is the speaker
            "Foreign Minister Álvaro Quintero read a statement to reporters in the capital: \u201cWe kept our "
            "word on every point we signed.\u201d",
            [("We kept our word on every point we signed", "Álvaro Quintero")],
        ),
        (  # a second quote in the same sentence has the first one's speaker
            "A foreign ministry spokesperson said the government was \u201cdeeply troubled\u201d by the "
            "boycott and would \u201cpunish the spoilers.\u201d",
            [
                ("deeply troubled", "unnamed foreign ministry spokesperson"),
                ("punish the spoilers", "unnamed foreign ministry spokesperson"),
            ],
        ),
        (  # a quote ending in "!" is split from its attribution by the sentence splitter
            "The general was blunt. \u201cWe will not retreat!\u201d Omar Haddad told the crowd in Arabic.",
            [("We will not retreat!", "Omar Haddad")],
        ),
        (  # an anonymity aside between subject and verb
            "A senior official, speaking on condition of anonymity, said the offer was \u201cdead on arrival.\u201d",
            [("dead on arrival", "unnamed senior official")],
        ),
        (  # a quote inside a parenthetical relative clause
            "Opposition leader Juan Mora (who called the vote \u201ca farce staged by the regime\u201d) was arrested.",
            [("a farce staged by the regime", "Juan Mora")],
        ),
        (  # an interview transcript: the speaker's name as a label
            "Q: Will you sign the deal?\n\nMazloum Abdi: \u201cWe want a federal state in which our forces keep "
            "their role.\u201d",
            [("We want a federal state in which our forces keep their role", "Mazloum Abdi")],
        ),
    ],
)
def test_attribution_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected
