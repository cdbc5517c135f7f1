"""A role followed by a person's name: the name is the speaker, never the country or the role."""

from __future__ import annotations

import pytest

from tests.evidence.test_quotes import quotes_of

QUOTE = "“We will not accept these terms from anyone,”"


@pytest.mark.parametrize(
    ("attribution", "speaker"),
    [
        # Possessive + role + comma + name in apposition.
        (f"{QUOTE} said Borduria’s president, Ivan Petrov.", "Ivan Petrov"),
        (f"{QUOTE} said Ruritania's foreign minister, Sergei Lavrin.", "Sergei Lavrin"),
        (f"{QUOTE} said the group’s spokesman, Abu Obeida, on Monday.", "Abu Obeida"),
        # Role title (either case) directly before a name, with particles.
        (f"{QUOTE} said finance minister Olaf Berg.", "Olaf Berg"),
        (f"{QUOTE} said Defence Secretary Jan de Vries.", "Jan de Vries"),
        (f"{QUOTE} said spokeswoman Maria van der Berg.", "Maria van der Berg"),
        (f"{QUOTE} said Gen. Ahmed al-Rashid.", "Ahmed al-Rashid"),
        (f"{QUOTE} Col. Pieter de Wit said.", "Pieter de Wit"),
        (f"{QUOTE} according to finance minister Olaf Berg.", "Olaf Berg"),
        ("Finance minister Olaf Berg said: “We will not accept these terms from anyone.”", "Olaf Berg"),
        ("On Monday, finance minister Olaf Berg said: “We will not accept these terms from anyone.”", "Olaf Berg"),
        # Still right where there is no name after the role.
        (f"{QUOTE} said Peskov, the Kremlin spokesman.", "Peskov"),
        (f"{QUOTE} said the rebel commander Juan Ortega.", "Juan Ortega"),
    ],
)
def test_named_role_holder_is_the_speaker(attribution: str, speaker: str) -> None:
    found = quotes_of(attribution)
    assert [s for _, s in found] == [speaker]


def test_role_without_a_name_stays_unnamed() -> None:
    found = quotes_of(f"{QUOTE} said a finance minister from the region.")
    speaker = found[0][1] or ""
    assert speaker.startswith("unnamed")
