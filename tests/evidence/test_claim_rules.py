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
    ],
)
def test_stance_cues_decide_effect(clause: str, effect: str) -> None:
    labelled = label_clause(clause)
    assert labelled is not None
    assert labelled[2] == effect
