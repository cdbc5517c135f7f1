"""Claim rules on synthetic sentences: stance cues for effect, non-claim filters, actor rules."""

from __future__ import annotations

import pytest

from realpolitik.evidence.claims import label_clause


@pytest.mark.parametrize(
    ("clause", "effect"),
    [
        # The actor's own belief outweighs a pressure word in the same clause.
        ("Officials in Ruritania believe they can outlast Western pressure and sanctions", "continue_war"),
        ("The president cannot afford concessions that nationalists would call a betrayal", "continue_war"),
        ("Ruritania will agree to a truce only if the sanctions on its banks are lifted", "continue_war"),
        # Pain and readiness to deal push towards settling.
        ("The army has struggled to hold ground on the front since the spring", "settle"),
        ("The rebel command said it was ready for an unconditional ceasefire", "settle"),
        ("With its economy in trouble, Ruritania can ill afford a prolonged military standoff", "settle"),
        # A negated stance flips.
        ("The junta is not prepared to sign any deal on territory", "continue_war"),
        # "cannot" negates like "not": resilience denied is pain.
        ("Ruritania's economy can absorb another year of sanctions", "continue_war"),
        ("Ruritania's economy cannot absorb another year of sanctions", "settle"),
        # Weakness and lost income are losses of the actor's own.
        ("The Ruritanian army is poorly equipped and has abandoned positions near the river", "settle"),
        ("Drone strikes on the port have cut Ruritania's oil exports by a third", "settle"),
    ],
)
def test_stance_cues_decide_effect(clause: str, effect: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[2] == effect


def _claims(text: str):
    from realpolitik.evidence.article import Article
    from realpolitik.evidence.extract import extract

    return extract(Article(text=text, title="Moldova and the rebels"), statistical=False).claims


@pytest.mark.parametrize(
    "sentence",
    [
        "Why did Moldova reject such favourable peace terms and keep up the offensive?",
        "Q: Moldova's army is losing ground on the front line.",
        "Sponsored: invest in Moldova's booming economy and oil sector today.",
        "Jane Roe in Moldova's capital contributed to this report on the offensive.",
        # A heading (live-blog entry, section title, the headline repeated): no final punctuation.
        "Moldova's army pushes its offensive deeper as the rebels run short of fighters",
        # The author's note at the foot of an analysis.
        "Jane Roe is a senior fellow at the Chisinau Institute for Security and Defence Studies.",
        "John Doe covers the war economy and security of Moldova from Chisinau.",
    ],
)
def test_questions_and_page_furniture_are_not_claims(sentence: str) -> None:
    text = "Moldova's army says it is winning on the battlefield and will keep fighting.\n\n" + sentence
    claims = _claims(text)
    assert claims, "the control sentence should still be a claim"
    assert not any(c.start >= text.index(sentence) for c in claims)


def test_clause_boundary_inside_a_quote_does_not_split_it() -> None:
    sentence = (
        '"Moldova is ready to negotiate a ceasefire with the rebels, but not to surrender any territory," '
        "the foreign minister of Moldova said on Monday."
    )
    claims = _claims(sentence)
    assert len(claims) == 1
    assert claims[0].text.startswith('"Moldova is ready')
    assert claims[0].text.endswith("Monday.")


# --- Selection: a party and a direction make a claim without a topical cue (issue 12) ----------


@pytest.mark.parametrize(
    ("sentence", "effect"),
    [
        ("Nobody in Chisinau wants to return to war with the rebels.", "settle"),
        ("Moldova's generals said they would fight on until every village is theirs.", "continue_war"),
        ("Moldova will not let Transnistria go, its president said on Monday.", "continue_war"),
    ],
)
def test_a_named_party_with_a_direction_is_a_claim_without_a_topic_word(sentence: str, effect: str) -> None:
    assert label_clause(sentence) is None  # no factor cue: the old gate dropped these
    claims = _claims(sentence)
    assert len(claims) == 1
    assert claims[0].effect == effect


@pytest.mark.parametrize(
    "sentence",
    [
        "Moldova's president travelled to Brussels on Tuesday for a two-day visit.",  # a party, no direction
        "Nobody wants to go back to the old flat on the hill.",  # a direction, no party
    ],
)
def test_narration_without_party_or_direction_stays_out(sentence: str) -> None:
    assert _claims(sentence) == ()


@pytest.mark.parametrize(
    ("clause", "factor"),
    [
        # Genre phrases the cue lists lacked (issue 12), in invented sentences.
        ("The northern command believes it now holds the upper hand around the river crossings", "battlefield"),
        ("The cost of the war is starting to tell on the treasury in Chisinau", "economy"),
        ("Donor funding for the peacekeepers ran out in March and was not renewed", "economy"),
        ("The generals have so far stayed loyal to the president, diplomats in the capital say", "domestic_politics"),
        ("Villagers near the border say they will not feel safe while the militia keeps its guns", "security"),
        ("The movement is quietly trying to rebuild its arsenal in the hills", "security"),
        ("The rebels continue to receive weapons through the eastern border towns", "international_support"),
        ("The loss of the airport cut the group's main supply route from its patrons", "international_support"),
        ("We will not hand over power to an unelected council", "offer_terms"),
        ("The rebel council says it is ready to talk about every disputed district", "offer_terms"),
        ("Brussels imposed punitive measures and froze some funding for the province", "pressure_levers"),
        ('The minister warned the army would "use maximum force" if the rebels moved on the capital', "pressure_levers"),
    ],
)
def test_genre_cues_name_the_factor(clause: str, factor: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[0] == factor


def test_a_security_pact_is_not_the_actors_physical_security() -> None:
    labelled = label_clause("Egypt signed a security pact with Eritrea and Somalia last year, angering Addis Ababa")
    assert labelled is None or labelled[0] != "security"


def test_troops_alone_do_not_name_the_battlefield() -> None:
    # Troops are deployed as levers and sent as support as often as they fight.
    assert label_clause("Ruritania still keeps several thousand troops in the enclave") is None
    assert label_clause("Ruritania keeps thousands of troops on the border to press the rebels")[0] == "pressure_levers"
    assert label_clause("Ruritanian troops lost ground on the front line this week")[0] == "battlefield"


@pytest.mark.parametrize(
    ("clause", "factor"),
    [
        # Money demanded, conditioned or traded is what the deal contains; money lost is the economy.
        ("Ruritania insists that the province must share its oil revenues with the capital", "offer_terms"),
        ("The rebels would restore oil licences to foreign firms only if the blockade ends", "offer_terms"),
        ("Oil revenues and salaries fell by a third this year as exports slumped", "economy"),
    ],
)
def test_money_on_the_table_is_terms(clause: str, factor: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[0] == factor
