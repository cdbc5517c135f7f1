"""Factor labels for synthetic clauses: the taxonomy's 'covers' vocabulary and its 'not' precedence."""

from __future__ import annotations

import pytest

from realpolitik.evidence.claims import label_clause


@pytest.mark.parametrize(
    ("clause", "factor"),
    [
        # covers: general vocabulary of each factor
        ("The rebels have lost ground along the front line and struggle with conscription", "battlefield"),
        ("Salaries are months in arrears and the central bank has run out of hard currency", "economy"),
        ("The general fears a coup by hardliners and rival factions within the elite", "domestic_politics"),
        ("Kigali regards the militia massing troops near the frontier as an existential threat", "security"),
        ("Moscow has supplied Pyongyang with oil and food, a lifeline for the regime's patrons", "international_support"),
        ("The government made recognition of its borders a precondition for any talks", "offer_terms"),
        ("Washington warned it could impose severe penalties and issued arrest warrants", "pressure_levers"),
        ("Fighting forced thousands to flee, and aid agencies warn of hunger", "other"),
        # not: precedence between factors
        ("The navy will keep its blockade of the port until the rebels return to the talks", "pressure_levers"),
        ("The army's new drones were supplied by Turkey and paid for in gold", "international_support"),
        ("The proposal includes security guarantees for the border region", "offer_terms"),
        ("Donors said they would suspend aid to the budget unless the truce holds", "pressure_levers"),
    ],
)
def test_factor_cues(clause: str, factor: str) -> None:
    label = label_clause(clause)
    assert label is not None
    assert label[0] == factor


def test_a_single_labelling_cue_does_not_make_a_claim() -> None:
    assert label_clause("Supporters gathered outside the venue on Sunday evening") is None
