"""Speakers in reportage: unnamed ordinary people, pronouns that stand for them, bodies named by
a possessive, and attributions whose verb has a clause of its own.

Every example is invented for this file (made-up people and places, real states only where a
demonym is needed), in the layouts of wire, analysis and broadcaster copy.
"""

from __future__ import annotations

import pytest

from tests.evidence.test_quotes import quotes_of


def speakers(text: str) -> dict[str, str | None]:
    return dict(quotes_of(text))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # inverted, with a place and a relative clause after the description
            "In Dovra, families have begun digging shelters. “We sleep in our clothes now,” said a farmer "
            "near Dovra, who asked not to be named. “Nobody will come for us.”",
            "unnamed farmer near Dovra",
        ),
        (  # subject first, a two-word description
            "“We counted the trucks every morning,” a taxi driver told the station by phone.",
            "unnamed taxi driver",
        ),
        (  # "who lives near …": the relative clause is not part of the description
            "“The shops close at noon now,” said a teacher who lives near the market. “Nobody tells us anything.”",
            "unnamed teacher",
        ),
        (  # an elder, quoted in British single marks
            "Talks with the insurgents stalled in May. ‘We carry their letters because we are tired of "
            "funerals,’ said one elder from Lower Varo, who asked that his name be withheld.",
            "unnamed elder from Lower Varo",
        ),
    ],
)
def test_unnamed_ordinary_people_are_sources(text: str, speaker: str) -> None:
    assert set(speakers(text).values()) == {speaker}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # "he" after an unnamed source's indirect speech, not the minister named before it
            "Defence Minister Ivan Petrov promised more troops on Monday. A senior officer, who asked not to "
            "be named because he was not authorised to speak, said morale was low. "
            "“We are holding with what we have,” he said.",
            "unnamed senior officer",
        ),
        (  # "she" after a vox pop introduced as a subject
            "Mayor Olga Sirko opened the new bridge on Friday. In Marbek, a shop owner said she did not plan "
            "to vote. “Nothing will change,” she said, declining to give her name.",
            "unnamed shop owner",
        ),
        (  # the person the reporter asked answers
            "Ivan Petrov has promised elections. I asked a shopkeeper in Dovra what she made of the offer. "
            "“They want to be ministers now?” she said. “Let them give back our streets first.”",
            "unnamed shopkeeper in Dovra",
        ),
    ],
)
def test_pronouns_stand_for_the_unnamed_source_just_introduced(text: str, speaker: str) -> None:
    assert set(speakers(text).values()) == {speaker}


def test_a_pronoun_still_prefers_a_person_named_after_the_unnamed_source() -> None:
    text = (
        "A senior officer said morale was low. Later, Defence Minister Ivan Petrov visited the front. "
        "“We will send what we can,” he said."
    )
    assert speakers(text) == {"We will send what we can": "Ivan Petrov"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # "its" is the state the sentence is about, not the one it broke with
            "Chile cut ties with Peru last year, and its foreign ministry said on Monday that it "
            "“deeply regrets” a vote that “ignores the will of the people”.",
            "Chilean Foreign Ministry",
        ),
        (  # a capitalised body after an aside
            "Turkey, which calls the group a terrorist organisation, has massed troops on the border, and its "
            "Defence Ministry has warned that Ankara’s patience “is not unlimited.”",
            "Turkish Defence Ministry",
        ),
    ],
)
def test_a_body_named_by_its_possessive_belongs_to_the_sentences_state(text: str, speaker: str) -> None:
    assert set(speakers(text).values()) == {speaker}


def test_a_persons_government_is_no_unnamed_source() -> None:
    # "ask" has its own object and clause: neither "her government" nor the court is the speaker.
    text = (
        "Prime Minister Ana Pérez wrote on X that her government would ask the International Court of "
        "Justice to rule on the islands, “because guns will not settle where the border runs.”"
    )
    assert speakers(text) == {"because guns will not settle where the border runs": "Ana Pérez"}


def test_unnamed_descriptions_never_start_inside_a_word() -> None:
    text = (
        "Officials say millions have enlisted, and officials claim the militia is ready. “Most of them are "
        "clerks who were told to attend,” said a human rights lawyer in Maracaibo, who asked not to be named."
    )
    assert speakers(text) == {
        "Most of them are clerks who were told to attend": "unnamed human rights lawyer in Maracaibo"
    }
