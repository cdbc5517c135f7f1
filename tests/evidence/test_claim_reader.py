"""The clause reader: talks vocabulary, who gains or loses, venues, ruling bodies, claim selection.

Examples are invented (fictional states Aland and Borduria) in the genre of the annotated sets;
each covers one failure class of issue 12.
"""

from __future__ import annotations

import pytest

from realpolitik.evidence.article import Article
from realpolitik.evidence.claims import label_clause
from realpolitik.evidence.extract import extract
from realpolitik.evidence.parties import Parties


def _claims(text: str, title: str = "Aland and Borduria", statistical: bool | None = False):
    return extract(Article(text=text, title=title), statistical=statistical).claims


@pytest.mark.parametrize(
    "clause",
    [
        "The talks on a ceasefire deal resumed on Monday after a week's pause",
        "Negotiators met again to discuss the terms of the peace agreement",
    ],
)
def test_talks_vocabulary_alone_makes_no_claim(clause: str) -> None:
    assert label_clause(clause) is None


@pytest.mark.parametrize(
    "clause",
    [
        "The deal would require Aland to withdraw its troops from the border districts",
        "Borduria insists that any ceasefire must include a halt to arms deliveries",
        "The rebel command said it was ready for an unconditional ceasefire",
        "The general has said he will negotiate only once the rebels leave the cities",
    ],
)
def test_what_the_deal_contains_or_demands_is_offer_terms(clause: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[0] == "offer_terms"


def test_talks_words_do_not_pull_a_battlefield_claim_to_offer_terms() -> None:
    labelled = label_clause("Despite the ceasefire talks, the army has retaken three towns on the front")
    assert labelled is not None
    assert labelled[0] == "battlefield"


@pytest.mark.parametrize("statistical", [False, None], ids=["rules", "model-if-installed"])
def test_a_collapse_pushes_the_side_it_befalls_to_settle(statistical: bool | None) -> None:
    own = _claims("Aland’s army is collapsing on the eastern front.", statistical=statistical)
    assert [(c.actor, c.factor, c.effect) for c in own] == [("aland", "battlefield", "settle")]


@pytest.mark.parametrize("statistical", [False, None], ids=["rules", "model-if-installed"])
def test_the_other_sides_collapse_keeps_the_actor_fighting(statistical: bool | None) -> None:
    text = "Russia is waiting for what it sees as the inevitable collapse of the Ukrainian army on the front."
    claims = _claims(text, "Russia fights on", statistical=statistical)
    assert [(c.actor, c.effect) for c in claims] == [("russia", "continue_war")]


def test_a_capital_as_venue_or_agreement_name_is_not_a_party() -> None:
    text = (
        "Under the Pretoria agreement, talks were held in Doha last week. "
        "Officials in Addis Ababa said Doha had offered to mediate."
    )
    ids = [ident for _, _, ident in Parties(text).all]
    assert ids == ["ethiopia", "qatar"]


def test_the_junta_is_the_state_the_article_ties_it_to() -> None:
    text = (
        "Myanmar's junta has lost ground.\n\n"
        "China brokered a truce last year. The junta is betting that elections will give it legitimacy."
    )
    junta = [
        ident
        for s, _, ident in Parties(text, "China's push for talks").all
        if text[s:].startswith("The junta")
    ]
    assert junta == ["myanmar"]


def test_the_junta_without_a_tie_is_the_headlines_state() -> None:
    text = "China brokered a truce last year. The junta is betting that elections will give it legitimacy."
    parties = Parties(text, "Myanmar's ceasefire that isn't")
    junta = [ident for s, _, ident in parties.all if text[s:].startswith("The junta")]
    assert junta == ["myanmar"]


def test_the_junta_counts_for_its_state_in_choosing_the_focal_party() -> None:
    text = (
        "Beijing wants quiet on its border. China closed two crossings, and Chinese envoys met the "
        "rebels in Kunming. China also sent rice.\n\nThe junta has lost ground. The junta is short of conscripts, and the "
        "junta's airstrikes have not stopped the advance. Officials of the junta say elections will go ahead."
    )
    parties = Parties(text, "Myanmar's ceasefire that isn't")
    assert parties.counts["china"] == 4
    assert parties.focal == "myanmar"  # 3 for the headline + 4 for "the junta", against China's 4


def test_one_topical_word_without_party_or_direction_is_narration() -> None:
    text = "Trade figures for the port were published on Monday.\n\nAland’s economy is in free fall."
    claims = _claims(text)
    assert [c.text for c in claims] == ["Aland’s economy is in free fall."]


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        (
            "The Religious Zionist Party has threatened to bring down the government over any deal.",
            "religious_zionist_party",
        ),
        ("Voters are tired of the war, and polls show most want a deal.", "voters"),
        ("The unions have called a general strike against the war budget.", "unions"),
        ("Militias in the north have rearmed and fear a new attack.", "militias"),
    ],
)
def test_parties_the_gazetteer_lacks_are_their_own_actors(sentence: str, actor: str) -> None:
    text = "Israel's government says the army is winning the war and will keep fighting.\n\n" + sentence
    claims = _claims(text, "Israel and the war")
    last = [c for c in claims if c.start >= text.index(sentence)]
    assert last, f"no claim in {sentence!r}"
    assert last[0].actor == actor


def test_a_ruling_party_of_a_state_is_not_a_party_of_its_own() -> None:
    ids = {i for _, _, i in Parties("The Workers' Party of Korea said talks were pointless.").all}
    assert not any("party" in i for i in ids)


@pytest.mark.parametrize(
    ("clause", "factor"),
    [
        (
            "Beijing shielded the junta at the Security Council and kept buying its jade",
            "international_support",
        ),
        (
            "The rebels rely on weapons and cash from across the border to keep fighting",
            "international_support",
        ),
        ("Officials fear that without guarantees the army would attack again within a year", "security"),
    ],
)
def test_security_means_safety_not_an_institution(clause: str, factor: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[0] == factor


def test_a_leaders_government_ties_the_leader_to_its_state() -> None:
    text = (
        "Washington may restore oil licences in Venezuela if Nicolás Maduro's government agrees to elections.\n\n"
        "Maduro has rejected any deal that requires him to leave office."
    )
    parties = Parties(text, "U.S. weighs sanctions relief")
    maduro = [i for s, _, i in parties.all if text[s:].startswith("Maduro has")]
    assert maduro == ["venezuela"]


def test_the_demonym_of_a_groups_home_region_is_the_group() -> None:
    text = "The Tigray People's Liberation Front (TPLF) signed the deal. Tigrayan leaders say they will not disarm."
    ids = [i for s, _, i in Parties(text).all if text[s:].startswith("Tigrayan")]
    assert ids == ["tplf"]


@pytest.mark.parametrize("statistical", [False, None], ids=["rules", "model-if-installed"])
def test_a_threat_bears_on_the_threatened_even_from_the_focal_party(statistical: bool | None) -> None:
    text = (
        "Russia and Belarus have drifted apart this year. Russia wants the base; Belarus wants money.\n\n"
        "Russia warned that it would impose new sanctions if Belarus allowed the NATO exercises to go ahead."
    )
    claims = extract(Article(text=text, title="Russia presses Belarus"), statistical=statistical).claims
    threat = [c for c in claims if c.text.startswith("Russia warned")]
    assert [(c.actor, c.factor) for c in threat] == [("belarus", "pressure_levers")]
