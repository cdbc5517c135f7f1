"""Claims: the seed's factors (issue 3's done-when list) and the labelling rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.evidence import claims as claims_module
from realpolitik.evidence.article import EFFECTS, FACTORS, Article
from realpolitik.evidence.claims import EFFECT_CUES, FACTOR_CUES, label_clause
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import read_article
from tests.evidence.conftest import SEED


@pytest.fixture(scope="module", params=[False, None], ids=["rules", "model-if-installed"])
def seed_claims(request: pytest.FixtureRequest):
    return extract(read_article(SEED), statistical=request.param).claims


def claim_containing(claims, words: str):
    found = [c for c in claims if words in c.text]
    assert found, f"no claim contains {words!r}"
    return found[0]


@pytest.mark.parametrize(
    ("words", "factor", "effect"),
    [
        ("thinks he is winning", "battlefield", "continue_war"),
        ("prevail in a war of attrition", "battlefield", "continue_war"),
        ("Putin benefits from the wartime economy", "economy", "continue_war"),
        ("economic model in jeopardy", "economy", "continue_war"),
        ("solidify Putin’s grip on power", "domestic_politics", "continue_war"),
        ("demobilization of hundreds of thousands", "security", "continue_war"),
        ("Western support for Kyiv", "international_support", "continue_war"),
        ("easing sanctions on Moscow", "offer_terms", "settle"),
        ("more aggressive ultimatum", "pressure_levers", "settle"),
    ],
)
def test_seed_claims_labelled(seed_claims, words: str, factor: str, effect: str) -> None:
    c = claim_containing(seed_claims, words)
    assert (c.actor, c.factor, c.effect) == ("russia", factor, effect)


def test_seed_covers_every_factor_the_issue_names(seed_claims) -> None:
    assert {c.factor for c in seed_claims} >= set(FACTORS) - {"other"}


def test_claims_have_offsets_and_valid_labels(seed_claims) -> None:
    text = read_article(SEED).text
    for c in seed_claims:
        assert text[c.start : c.end] == c.text
        assert c.factor in FACTORS
        assert c.effect in EFFECTS


def test_quoted_claim_carries_its_speaker(seed_claims) -> None:
    assert claim_containing(seed_claims, "thinks he is winning").speaker == "Peter Dickinson"


def test_clause_split_separates_benefit_from_cost(seed_claims) -> None:
    benefit = claim_containing(seed_claims, "helped offset sanctions")
    cost = claim_containing(seed_claims, "cost of inflation")
    assert benefit is not cost
    assert (benefit.effect, cost.effect) == ("continue_war", "settle")


@pytest.mark.parametrize(
    ("clause", "factor"),
    [
        ("Washington threatened secondary tariffs on buyers of Russian oil", "pressure_levers"),
        ("Sanctions have pushed the budget deficit to a record and inflation is rising", "economy"),
        ("Kyiv will not cede territory or give up its bid for NATO membership", "offer_terms"),
        ("Tens of thousands displaced by the fighting face a humanitarian catastrophe", "other"),
    ],
)
def test_taxonomy_boundaries(clause: str, factor: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[0] == factor


def test_narration_is_not_a_claim() -> None:
    assert label_clause("The meeting took place in a hotel on the edge of the city") is None
    x = extract(
        Article(text="The delegates had lunch and then walked along the river for an hour."),
        statistical=False,
    )
    assert x.claims == ()


@pytest.mark.parametrize(
    ("clause", "effect"),
    [
        # Cost and pain to the actor push it to settle.
        ("Ruritania's economy is in free fall and the budget cannot cover army wages", "settle"),
        ("A new poll shows most Ruritanians favour a negotiated deal with the rebels", "settle"),
        ("The rebel command says it is ready for a ceasefire if the shelling stops", "settle"),
        # Negation flips a cue: a cost that is manageable, readiness denied.
        ("Officials insist the budget strain remains manageable despite the sanctions", "continue_war"),
        ("The rebel command is not ready for a ceasefire while the shelling goes on", "continue_war"),
        # Expectation of gains keeps a party fighting.
        ("The army still believes it can break through the front before winter", "continue_war"),
    ],
)
def test_effect_cues_with_polarity(clause: str, effect: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[2] == effect


def test_framing_sentence_opening_a_paragraph_is_not_a_claim() -> None:
    text = (
        "Moldova's army says it is winning on the battlefield and will keep fighting.\n\n"
        "Outside pressure is mounting as well. Moldova faces new sanctions and tariffs from its neighbours, "
        "which have set a deadline for talks."
    )
    claims = extract(Article(text=text, title="Moldova fights on"), statistical=False).claims
    assert not any(c.text.startswith("Outside pressure") for c in claims)
    assert any(c.text.startswith("Moldova faces") for c in claims)


# --- Case folding of the cue patterns (speed, issue 12) --------------------------------------
# The cue patterns are compiled lower-cased without re.IGNORECASE and run on lower-cased text
# (about twice as fast). Property: on any text, every cue pattern counts exactly the matches the
# case-insensitive pattern counts on the original text.

_CUE_WORDS = sorted(
    {w for cues in FACTOR_CUES.values() for p, _ in cues for w in re.findall(r"[A-Za-z]{3,}", p)}
    | {w for ps in EFFECT_CUES.values() for p in ps for w in re.findall(r"[A-Za-z]{3,}", p)}
)
_ALL_CUES = [p for cues in FACTOR_CUES.values() for p, _ in cues] + [
    p for ps in EFFECT_CUES.values() for p in ps
]


def _recase(word: str, how: int) -> str:
    return (word, word.upper(), word.capitalize(), word.swapcase())[how % 4]


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.sampled_from(_CUE_WORDS), st.integers(0, 3), st.sampled_from([" ", ", ", "-", "’s "])),
        min_size=1,
        max_size=12,
    )
)
def test_folded_cue_patterns_count_like_case_insensitive_ones(words: list[tuple[str, int, str]]) -> None:
    text = "".join(_recase(w, how) + sep for w, how, sep in words) + "İstanbul Straße"
    folded = claims_module._fold(text)
    assert len(folded) == len(text)  # offsets are kept, even where lower-casing lengthens a character
    for pattern in _ALL_CUES:
        assert len(claims_module._folded(pattern).findall(folded)) == len(
            re.findall(pattern, text, re.IGNORECASE)
        ), pattern


def test_factor_scores_ignore_case() -> None:
    clause = "Moscow's ECONOMY is in Recession and the Budget DEFICIT widens under new SANCTIONS"
    assert claims_module.factor_scores(clause) == claims_module.factor_scores(clause.lower())
    assert label_clause(clause.upper()) == label_clause(clause)


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.sampled_from(_CUE_WORDS), st.integers(0, 3), st.sampled_from([" ", ", ", "-", "’s ", ""])),
        min_size=1,
        max_size=14,
    )
)
def test_literal_gating_never_changes_a_factor_score(words: list[tuple[str, int, str]]) -> None:
    """A cue pattern is skipped only when none of the literals every match starts with occurs."""
    folded = claims_module._fold("".join(_recase(w, how) + sep for w, how, sep in words))
    ungated = {
        f: sum(w * len(rx.findall(folded)) for rx, w in cues) for f, cues in claims_module._COMPILED.items()
    }
    assert claims_module._factor_scores(folded) == ungated


def test_required_literals_are_read_from_the_pattern() -> None:
    needs = claims_module._required_literals(claims_module._folded(r"\bwar economy|(?<!home )front|oil (?:a|b)"))
    assert needs == ("front", "oil ", "war economy")
    assert claims_module._required_literals(claims_module._folded(r"\w+-backed|patron")) is None
    assert sum(needs is not None for cues in claims_module._GATED.values() for _, _, needs in cues) >= 20
