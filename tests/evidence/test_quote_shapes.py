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
        (  # name, apposition, verb after the quote
            "\u201cThey want peace on their own timetable,\u201d Nina Osei, a member of the rebel delegation, "
            "wrote on X.",
            [("They want peace on their own timetable", "Nina Osei")],
        ),
        (  # a relative clause between subject and verb; "leader" must not yield a "der" particle
            "Opposition leader Lucía Romero, who lives in hiding, urged the envoys not to lift sanctions "
            "\u201cin exchange for promises that were broken before.\u201d",
            [("in exchange for promises that were broken before", "Lucía Romero")],
        ),
        (  # a verb coordinated with an earlier one shares its subject, not the object clause's
            "A palace spokeswoman declined to comment but said the king \u201chas been clear that all options "
            "remain open.\u201d",
            [("has been clear that all options remain open", "unnamed palace spokeswoman")],
        ),
        (  # an organisation named with "of"
            "The Workers\u2019 Party of Norland wrote in a statement that its arsenal was \u201cirreversible and "
            "not subject to negotiation.\u201d",
            [("irreversible and not subject to negotiation", "Workers\u2019 Party of Norland")],
        ),
    ],
)
def test_attribution_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


def test_colon_paragraph_introduces_the_quote_paragraphs() -> None:
    text = (
        "Mediator Tomás Lindqvist read a statement to reporters at the palace:\n\n"
        "\u201cWe came to this table in good faith and kept our word on every point.\n\n"
        "\u201cThe door is not closed, but it will reopen only when the shelling stops.\u201d"
    )
    assert quotes_of(text) == [
        ("We came to this table in good faith and kept our word on every point", "Tomás Lindqvist"),
        ("The door is not closed, but it will reopen only when the shelling stops", "Tomás Lindqvist"),
    ]


def test_words_presented_as_an_utterance_are_kept_without_a_speaker() -> None:
    text = (
        "The delegation walked out in protest. Asked whether talks could resume, the answer from the palace "
        "was blunt: \u201cThere is nothing left to discuss with people who bomb hospitals.\u201d"
    )
    assert quotes_of(text) == [("There is nothing left to discuss with people who bomb hospitals", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Related: \u201cWhy the generals will not sign any deal this year\u201d",
        "The talks collapsed. \u201cWe will never surrender the land where our fathers are buried.\u201d",
    ],
)
def test_unattributed_fallback_needs_a_speech_cue_and_no_promo(text: str) -> None:
    assert quotes_of(text) == []
