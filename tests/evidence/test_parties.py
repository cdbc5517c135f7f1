"""Party resolution: acronym-defined groups, demonyms and capitals, generic references, per-clause subjects."""

from __future__ import annotations

import pytest

from realpolitik.evidence.article import Article
from realpolitik.evidence.extract import extract
from realpolitik.evidence.parties import Parties, acronym_definitions, snake_id
from realpolitik.evidence.states import state_aliases


def ids(text: str, title: str | None = None) -> list[str]:
    return [ident for _, _, ident in Parties(text, title).all]


def test_acronym_in_parentheses_defines_a_party_id() -> None:
    defined = acronym_definitions("Fighters of the Northern Highlands Liberation Front (NHLF) took the pass.")
    assert defined["NHLF"] == "nhlf"
    assert defined["Northern Highlands Liberation Front"] == "nhlf"
    assert ids("The Northern Highlands Liberation Front (NHLF) said the NHLF would fight.") == ["nhlf"] * 3


def test_institutions_with_acronyms_are_not_parties() -> None:
    assert "IMF" not in acronym_definitions("The International Monetary Fund (IMF) cut its forecast.")


def test_state_forces_stay_with_the_state() -> None:
    assert acronym_definitions("The Ruritanian Armed Forces (RAF) advanced.", {"Ruritanian": "ruritania"}) == {
        "Ruritanian Armed Forces": "ruritania",
        "RAF": "ruritania",
    }


def test_acronym_before_rebels_is_a_group() -> None:
    assert acronym_definitions("XR7 rebels shelled the town.") == {"XR7": "xr7"}


def test_demonyms_capitals_and_seats_resolve_to_states() -> None:
    text = "Officials in Addis Ababa and Ethiopian troops met envoys from Naypyitaw, the Kremlin and Bogotá."
    assert ids(text) == ["ethiopia", "ethiopia", "myanmar", "russia", "colombia"]


def test_every_un_member_has_a_row() -> None:
    assert len(set(state_aliases().values())) >= 193


def test_generic_references_follow_the_state_and_the_group() -> None:
    text = (
        "Myanmar's army lost ground to the Arakan Army. The junta says it will hold elections.\n\n"
        "The rebels say they will keep fighting. Myanmar troops retreated."
    )
    found = ids(text)
    assert found.count("myanmar") == 3  # Myanmar twice and "the junta"
    assert found.count("arakan_army") == 2  # named once, then "the rebels"


def test_snake_id() -> None:
    assert snake_id("the Arakan Army") == "arakan_army"


def test_each_party_of_a_two_party_conflict_gets_its_own_claims() -> None:
    text = (
        "Ruritania and the Northern Highlands Liberation Front (NHLF) met in Geneva on Monday. "
        "Ruritania refuses any deal that would grant the region autonomy. "
        "The NHLF rejected the proposal and said its fighters were winning on the battlefield. "
        "Ruritanian officials say the economy is in free fall."
    )
    claims = extract(Article(text=text, title="Ruritania and the NHLF talk"), statistical=False).claims
    actors = {c.text.split()[0]: c.actor for c in claims}
    assert actors["The"] == "nhlf"
    assert all(c.actor == "nhlf" for c in claims if "NHLF rejected" in c.text)


def test_dateline_place_is_not_the_subject() -> None:
    text = (
        "ADDIS ABABA, Ethiopia, May 2 (Reuters) - XR7 rebels said on Friday they would keep fighting "
        "until the army withdraws, and that they are winning on the battlefield. Ethiopia rejected that."
    )
    claims = extract(Article(text=text, title="Ethiopia and XR7 rebels"), statistical=False).claims
    assert claims
    assert claims[0].actor == "xr7"


def test_possessor_qualifies_the_party_that_follows() -> None:
    text = (
        "Months of air strikes have not weakened Yemen's Houthi movement, which still controls most of the north "
        "and keeps winning ground. The Houthis say they will fight on."
    )
    claims = extract(Article(text=text, title="The Houthis fight on"), statistical=False).claims
    assert claims
    assert claims[0].actor == "houthis"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("the Polisario Front’s", "polisario_front"), ("Rebels'", "rebels"), ("The M23", "m23")],
)
def test_snake_id_drops_articles_and_possessives(name: str, expected: str) -> None:
    assert snake_id(name) == expected
