"""States the gazetteer lacks become parties of their own; a region is a party only as a last resort."""

from __future__ import annotations

from realpolitik.evidence.article import Article
from realpolitik.evidence.extract import extract
from realpolitik.evidence.parties import Parties

ARTICLE = (
    "Talks between Aland and Borduria over the disputed border resumed on Monday, "
    "European diplomats said. Europe wants a deal; European leaders met in Europe again.\n\n"
    "“We will not accept these terms,” said Borduria’s president, Ivan Petrov. "
    "The Borduria government said its army was winning and the war would continue.\n\n"
    "Aland’s economy is under strain, and the Aland government said sanctions would hurt it badly."
)


def test_fictional_states_are_their_own_parties() -> None:
    claims = extract(Article(text=ARTICLE), statistical=False).claims
    actors = {c.text[:25]: c.actor for c in claims}
    assert actors["The Borduria government s"] == "borduria"
    assert actors["Aland’s economy is under "] == "aland"
    assert actors["“We will not accept these"] == "borduria"
    assert actors["Europe wants a deal; Euro"] == "europe"  # the region is the subject here


def test_region_is_not_the_focal_party_when_a_state_is_a_principal() -> None:
    parties = Parties(ARTICLE)
    assert parties.counts["europe"] >= parties.counts["aland"]
    assert parties.focal in {"aland", "borduria"}


def test_region_stays_focal_when_nothing_more_specific_is_named() -> None:
    assert Parties("Europe wants a deal. European leaders met again in Brussels.").focal == "europe"


def test_people_and_regions_do_not_become_states() -> None:
    parties = Parties(
        "Ivan Petrov’s government fell. Africa’s economy grew. The Monday delegation left. "
        "The Ruritania government said it would talk."
    )
    ids = {ident for _, _, ident in parties.all}
    assert "petrov" not in ids
    assert "africa" not in ids
    assert "monday" not in ids
    assert "ruritania" in ids
