"""Speakers in reportage: unnamed ordinary people, pronouns that stand for them, bodies named by
a possessive, and attributions whose verb has a clause of its own.

Every example is invented for this file (made-up people and places, real states only where a
demonym is needed), in the layouts of wire, analysis and broadcaster copy.
"""

from __future__ import annotations

import pytest

from realpolitik.evidence.speakers import SpeakerIndex
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


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # a given name that is also a state's name
            "“We will hold,” Defence Minister Israel Kaplan said. Kaplan added that the army would "
            "“act with maximum force”.",
            "Israel Kaplan",
        ),
        (  # a surname ending in -ly is not an adverb
            "“We do not negotiate with gunmen,” government spokesman Issa Traorely said on Sunday.",
            "Issa Traorely",
        ),
        (  # a title of the form "Secretary of State"
            "“The man is not a legitimate president,” Secretary of State Mark Dalton told reporters.",
            "Mark Dalton",
        ),
        (  # a naval rank
            "“We will continue our resupply missions,” Commodore Ramon Vela of the coast guard said.",
            "Ramon Vela",
        ),
        (  # a person shortened to the given name (Thai, Burmese, Indonesian usage)
            "“Neither side can blink first,” said Siriporn Chaiwat, a political scientist. Siriporn said the "
            "army “sees the border as its own domain.”",
            "Siriporn Chaiwat",
        ),
    ],
)
def test_person_names_are_read_whole(text: str, speaker: str) -> None:
    assert set(speakers(text).values()) == {speaker}


def test_a_given_name_shared_by_two_people_stays_short() -> None:
    index = SpeakerIndex.from_text("Hun Sen and Hun Manet met on Monday. Hun said nothing.")
    assert index.canonical_name("Hun") == "Hun"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # a body with a proper name of its own keeps it, without the possessive
            "Kenya's Ministry of Interior has said the curfew will stay “in force” for now.",
            "Ministry of Interior",
        ),
        (  # a generic body takes the state's demonym
            "Brazil's Foreign Ministry said there had been “real progress on the exchange of prisoners”.",
            "Brazilian Foreign Ministry",
        ),
        (  # "it" after a sentence about a body named "X of Y"
            "The Bolivian Ministry of Information answered in a statement on Tuesday. “Bolivia will defend "
            "every inch of its territory,” it said.",
            "Bolivian Ministry of Information",
        ),
        (  # a United Nations mission "in" a country is one name
            "In a statement, the United Nations Assistance Mission in Somalia urged both sides to “put the "
            "interests of Somalis before their own.”",
            "United Nations Assistance Mission in Somalia",
        ),
    ],
)
def test_organisations_are_named_in_canonical_form(text: str, speaker: str) -> None:
    assert set(speakers(text).values()) == {speaker}


def test_points_to_is_not_speech() -> None:
    assert speakers("Beijing points to a “provisional arrangement” reached last July.") == {}


@pytest.mark.parametrize("statistical", [False, None], ids=["rules", "model-if-installed"])
def test_a_later_quote_in_an_attributed_sentence_keeps_its_speaker(statistical: bool | None) -> None:
    text = (
        "Chile cut ties with Peru last year, and its foreign ministry said on Monday that it "
        "“deeply regrets” a vote that “ignores the will of the people”."
    )
    assert set(dict(quotes_of(text, statistical=statistical)).values()) == {"Chilean Foreign Ministry"}


def test_a_pronoun_takes_the_subject_of_the_sentence_before_over_a_woman_named_further_back() -> None:
    # "Dragica" is on no first-name list: her gender is unknown, and she is still the antecedent.
    text = (
        "Commission spokesperson Elena Bauer said Brussels was ready to help. In the village, opinions "
        "are divided. His neighbour, Dragica Kovacevic, is less hopeful. “Politicians come here before every "
        "election,” she told us. “Then they disappear.”"
    )
    assert set(speakers(text).values()) == {"Dragica Kovacevic"}


def test_an_answer_under_a_transcript_label_is_the_labelled_speakers() -> None:
    text = (
        "The following is a transcript of a briefing by the envoy, Henrik Dahl, in Geneva.\n\n"
        "HENRIK DAHL: Good afternoon. Both delegations agreed to extend the truce. As I told the parties "
        "this morning, “The clock is now running on the political talks.”\n\n"
        "QUESTION (Reuters): Is the deal holding?"
    )
    assert speakers(text) == {"The clock is now running on the political talks": "Henrik Dahl"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # the place after "envoy for" is what the envoy deals with, not who speaks
            "The top US envoy for the Korvan Strait said Sunday that the talks were “not dead,” even as "
            "warships shadowed each other.",
            "unnamed top US envoy for the Korvan Strait",
        ),
        (  # an aside "led by …" between the subject and its verb
            "The regional mediators, led by former president Joseph Ekwueme, urged both sides to “spare "
            "civilians and allow aid to reach the town”.",
            "unnamed regional mediators",
        ),
    ],
)
def test_modifiers_and_asides_are_not_the_speaker(text: str, speaker: str) -> None:
    assert set(speakers(text).values()) == {speaker}


@pytest.mark.parametrize("statistical", [False, None], ids=["rules", "model-if-installed"])
def test_a_role_with_a_named_apposition_is_the_named_person(statistical: bool | None) -> None:
    text = (
        "The talks resumed on Monday. The UN envoy, Grace Obiora, has said both sides are “running out of "
        "excuses.” Is she right?"
    )
    assert dict(quotes_of(text, statistical=statistical)) == {"running out of excuses": "Grace Obiora"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # the region after "envoy for" is a modifier; the apposition names the speaker
            "The US envoy for Asia, Roland Meyers, said the four countries were prepared to “use all tools "
            "available” against those who block aid.",
            "Roland Meyers",
        ),
        (  # a spokesman for a state's ministry, named in apposition
            "A spokesman for Qatar's Foreign Ministry, Khalid Nasser, said the two sides had made “real "
            "progress on the exchange of prisoners”.",
            "Khalid Nasser",
        ),
    ],
)
def test_a_named_apposition_after_a_modifier_is_the_speaker(text: str, speaker: str) -> None:
    assert set(speakers(text).values()) == {speaker}


def test_the_head_of_an_organisation_is_an_unnamed_source() -> None:
    text = "“We are out of time,” said the head of one aid agency in Port Sudan. “Every week counts.”"
    assert set(speakers(text).values()) == {"unnamed head"}


def test_a_verb_phrase_in_quotes_is_words_even_when_it_ends_like_a_name() -> None:
    text = (
        "In a statement, the United Nations Assistance Mission in Somalia said those who “obstruct the peace "
        "process” would be held accountable. The country's so-called “peace process” has stalled since May."
    )
    assert speakers(text) == {"obstruct the peace process": "United Nations Assistance Mission in Somalia"}
