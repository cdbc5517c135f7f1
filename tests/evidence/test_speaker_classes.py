"""One test per speaker error class of issue 12, and the quote shapes it lists as missed.

Every example is written for this file (invented people and places in the genre of
wire, analysis, broadcaster and Q&A copy), not taken from an annotated article.
"""

from __future__ import annotations

import pytest

from realpolitik.evidence.speakers import SpeakerIndex
from tests.evidence.test_quotes import quotes_of


def speakers(text: str) -> dict[str, str | None]:
    return dict(quotes_of(text))


def test_class1_credit_lines_in_a_round_up() -> None:
    text = (
        "Defence Minister Ivan Petrov said the line would hold. “We are ready,” he said.\n\n"
        "How the region's commentators read the offer:\n\n"
        "Marta Kowal, The Baltic Ledger: “The offer is a trap dressed up as a truce.”\n\n"
        "Tomas Reyes (Radio Andina): “Nobody in the capital believes the rebels will disarm.”\n\n"
        "“A serious plan, badly timed.” — Ingrid Solberg, Nordic Review"
    )
    got = speakers(text)
    assert got["The offer is a trap dressed up as a truce"] == "Marta Kowal"
    assert got["Nobody in the capital believes the rebels will disarm"] == "Tomas Reyes"
    assert got["A serious plan, badly timed"] == "Ingrid Solberg"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # "she" skips the nearer man
            "Ivan Petrov met Olga Sirko in Vienna on Tuesday. “We have nothing more to offer,” she said.",
            "Olga Sirko",
        ),
        (  # "he" skips the nearer woman
            "Olga Sirko left the room before Prime Minister Ivan Petrov spoke. “The door stays open,” he said.",
            "Ivan Petrov",
        ),
        (  # gender from a title when the first name is unknown
            "Mrs. Aiko Tanabe and Oren Vask held talks. “The sea lanes must stay open,” she said.",
            "Aiko Tanabe",
        ),
        (  # "they" is never one person
            "Two senior officials said the talks had stalled, contradicting Ivan Petrov. "
            "“There is no deal on the table,” they said.",
            "unnamed senior officials",
        ),
    ],
)
def test_class2_pronouns_agree_in_gender_and_number(text: str, speaker: str) -> None:
    assert list(speakers(text).values()) == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # the nearest woman is named inside the quote
            "Anna Berg chaired the session. “I expect Maria Lind to lose this vote,” she told supporters in Tallinn.",
            "Anna Berg",
        ),
        (  # the city after the attribution is not the antecedent
            "Opposition leader Marek Duda addressed a rally. "
            "“The government has sold us out,” he told supporters in Rivna.",
            "Marek Duda",
        ),
        (  # nor is a person named later in the sentence
            "Olga Sirko addressed the rally first. "
            "“We will not be silenced,” she said before handing the microphone to Maria Lind.",
            "Olga Sirko",
        ),
    ],
)
def test_class3_no_antecedent_inside_the_quote_or_after_the_verb(text: str, speaker: str) -> None:
    assert list(speakers(text).values()) == [speaker]


def test_class3_a_name_inside_the_quotation_never_speaks() -> None:
    # No attribution at all: the only name is the quote's own subject.
    got = quotes_of("On the ferry, the mood was grim. “Ivan Petrov has abandoned us, and everyone knows it.”")
    assert all(speaker != "Ivan Petrov" for _, speaker in got)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Foreign Minister Ivan Petrov of Borduria urged restraint: “Nobody gains from another winter of war.”",
            "Ivan Petrov",
        ),
        ("Anna Berg, in an interview with Radio Nord: “The ceasefire will not survive the spring.”", "Anna Berg"),
        ("Lars Holm of Uppsala University said the sanctions were “biting harder than anyone admits”.", "Lars Holm"),
        ("Anna Berg fears Moscow will stall: “They want to wait for the American election.”", "Anna Berg"),
    ],
)
def test_class4_the_person_not_the_place_outlet_or_institution(text: str, speaker: str) -> None:
    assert list(speakers(text).values()) == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“The talks are a stalling tactic,” said two senior commanders in March, who asked not to be named.",
            "unnamed senior commanders",
        ),
        (
            "“We were never consulted,” according to several diplomats in Geneva that the ministry had briefed.",
            "unnamed diplomats in Geneva",
        ),
    ],
)
def test_class5_unnamed_descriptions_stop_at_the_clause(text: str, speaker: str) -> None:
    assert list(speakers(text).values()) == [speaker]


def test_class6_names_do_not_cross_sentence_ends_or_swallow_prepositions() -> None:
    index = SpeakerIndex.from_text("Sanctions. Olga Sirko, the finance minister, spoke. Unlike Ivan Petrov, she stayed.")
    assert "Olga Sirko" in index.people
    assert "Ivan Petrov" in index.people
    assert not any(p.startswith(("Sanctions", "Unlike")) for p in index.people)
    text = (
        "“We will not wait,” said Ivan Petrov.\n\n"
        "Sanctions. Olga Sirko, the finance minister, said the economy could take it: “We have reserves.”"
    )
    assert speakers(text)["We have reserves"] == "Olga Sirko"


def test_class7_it_is_the_organisation_the_sentence_is_about() -> None:
    text = (
        "“We want calm on the border,” the Ruritanian Defence Ministry said last week.\n\n"
        "The Bordurian Foreign Ministry summoned Ruritania's ambassador on Monday. "
        "“This provocation will not go unanswered,” it said."
    )
    assert speakers(text)["This provocation will not go unanswered"] == "Bordurian Foreign Ministry"


def test_class8_context_does_not_survive_a_change_of_speaker() -> None:
    text = (
        "“The ceasefire is holding,” said army spokesman Piet Maris.\n\n"
        "Olga Sirko, who leads the opposition, disagrees.\n\n"
        "“Every night the shelling starts again.”"
    )
    assert speakers(text)["Every night the shelling starts again"] == "Olga Sirko"


def test_class8_context_survives_narration_without_a_new_speaker() -> None:
    text = (
        "“The ceasefire is holding,” said army spokesman Piet Maris.\n\n"
        "The army has moved two brigades north since the truce.\n\n"
        "“We are ready for any scenario.”"
    )
    assert speakers(text)["We are ready for any scenario"] == "Piet Maris"


def test_class9_surnames_with_particles_and_hyphens() -> None:
    text = (
        "General Abdel Karim al-Mansour commands the northern front. Former envoy Jan van Rompel advises him.\n\n"
        "“We will take the city before the rains,” al-Mansour said.\n\n"
        "Al-Mansour added: “The talks can wait.”\n\n"
        "“He is overconfident,” Van Rompel said."
    )
    got = speakers(text)
    assert got["We will take the city before the rains"] == "Abdel Karim al-Mansour"
    assert got["The talks can wait"] == "Abdel Karim al-Mansour"
    assert got["He is overconfident"] == "Jan van Rompel"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a short label credited to the sentence's subject, no speech verb
            "Olga Sirko, the finance minister, sees the offer as “cosmetic”.",
            [("cosmetic", "Olga Sirko")],
        ),
        (  # all capitals with an explicit attribution
            "“WE WILL NEVER SURRENDER OUR LAND,” Ivan Petrov posted on social media.",
            [("WE WILL NEVER SURRENDER OUR LAND", "Ivan Petrov")],
        ),
        (  # several sentences, attribution after the closing mark
            "“We came to talk. We leave with nothing,” said Olga Sirko.",
            [("We came to talk. We leave with nothing", "Olga Sirko")],
        ),
        (  # a less common speech verb
            "“This is a betrayal of every family that lost a son,” lamented Olga Sirko.",
            [("This is a betrayal of every family that lost a son", "Olga Sirko")],
        ),
        (  # attribution in the next sentence
            "“We are not leaving.” Dana Kiro, who leads the dockers' union, said the strike would go on.",
            [("We are not leaving", "Dana Kiro")],
        ),
    ],
)
def test_quote_shapes_that_were_missed(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


def test_no_quotes_from_embed_attributes_or_headlines() -> None:
    text = (
        "Petrov says talks ‘dead’ as shelling resumes\n\n"
        'The minister posted <blockquote class="twitter-tweet" data-lang="en">We will not negotiate.</blockquote>\n\n'
        "Ivan Petrov said on Monday the talks were “dead in the water”."
    )
    assert quotes_of(text) == [("dead in the water", "Ivan Petrov")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a transcript's speaker label in capitals is a name in ordinary case
            "JAKE MORROW, HOST: So what happens next?\n\nANNA BERG, FOREIGN MINISTER: “We keep talking.”",
            [("We keep talking", "Anna Berg")],
        ),
        (  # a courtesy title makes a lone surname a person a pronoun can stand for
            "Speaking to the BBC, Mr Petrov said the army was ready. “We will not retreat,” he said.",
            [("We will not retreat", "Petrov")],
        ),
        (  # an age in apposition
            "“We have not had water for a week,” said Amina Yusuf, 34, a mother of three.",
            [("We have not had water for a week", "Amina Yusuf")],
        ),
    ],
)
def test_broadcaster_and_transcript_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "the army" is the organisation named before, not an unnamed source
            "The Sudanese Armed Forces retook the bridge. “The militia is collapsing,” the army said.",
            [("The militia is collapsing", "Sudanese Armed Forces")],
        ),
        (  # a source noun that opens a sentence is not a name
            "Residents described the shelling as “relentless and random”.",
            [("relentless and random", "unnamed residents")],
        ),
    ],
)
def test_generic_references(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


def test_model_person_entities_must_look_like_people() -> None:
    index = SpeakerIndex.from_text("Nothing here.", persons=("Hezbollah", "Moscow Times", "ANNA BERG", "Kyiv"))
    assert index.people == {"Anna Berg"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a sentence in quotes is words even when it ends like a name ("deal", "line")
            "“It's a good deal,” Ivan Petrov told reporters aboard his plane.",
            [("It's a good deal", "Ivan Petrov")],
        ),
        (
            "In a video posted on Telegram, Ivan Petrov said: “We will hold the line.”",
            [("We will hold the line", "Ivan Petrov")],
        ),
        (  # still a name without a verb
            "Ivan Petrov said the “grain corridor” would stay open.",
            [],
        ),
    ],
)
def test_sentences_that_end_like_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


def test_a_bare_ministry_belongs_to_the_state_just_named() -> None:
    text = "Caracas rejected the new sanctions on Monday. The foreign ministry called them “economic terrorism”."
    assert quotes_of(text) == [("economic terrorism", "Venezuelan Foreign Ministry")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # a statement speaks for whoever issued it
            "The Ruritanian Foreign Ministry issued a statement on Monday. “We reject the ultimatum,” the statement said.",
            "Ruritanian Foreign Ministry",
        ),
        ("“We reject the ultimatum,” said a statement from the Ruritanian Foreign Ministry.", "Ruritanian Foreign Ministry"),
        (  # a hyphenated title is not part of the name
            "“There is no military solution,” UN Secretary-General Anna Lindqvist told the Security Council.",
            "Anna Lindqvist",
        ),
    ],
)
def test_statements_and_hyphenated_titles(text: str, speaker: str) -> None:
    assert [s for _, s in quotes_of(text)] == [speaker]
