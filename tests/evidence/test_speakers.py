"""Speaker forms: organisations from context, unnamed sources kept whole, titles stripped, new attributions."""

from __future__ import annotations

import pytest

from tests.evidence.test_quotes import quotes_of


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The Ruritanian Foreign Ministry rejected the plan on Monday.\n\n"
            "“We will not negotiate with a militia,” the ministry said in a statement.",
            "Ruritanian Foreign Ministry",
        ),
        ("“The proposal is dead,” the Kremlin said in a statement on Friday.", "Kremlin"),
        (
            "“Nobody here expects a deal before the vote,” an unnamed European diplomat in Caracas said.",
            "unnamed European diplomat in Caracas",
        ),
        (
            "“The talks are stuck on the prisoner list,” said two people familiar with the talks, "
            "who spoke on condition of anonymity.",
            "unnamed people familiar with the talks",
        ),
        (
            "“The offensive will go on,” the junta’s spokesman, Major General Tun Aye Maung, told reporters.",
            "Tun Aye Maung",
        ),
        ("“We will fight on,” said the rebel commander Juan Ortega.", "Juan Ortega"),
        (
            "Colombian President Mateo Ruiz spoke in Bogota.\n\n“Peace is not a gift,” Ruiz said.",
            "Mateo Ruiz",
        ),
    ],
)
def test_speaker_forms(text: str, speaker: str) -> None:
    assert quotes_of(text) == [(quotes_of(text)[0][0], speaker)]


def test_no_carry_over_across_a_new_attribution() -> None:
    text = (
        "“We will keep fighting,” said Juan Ortega, the rebel commander.\n\n"
        "A senior government official said the offer was final. “There is nothing more to discuss.”"
    )
    assert quotes_of(text)[-1] == ("There is nothing more to discuss", "unnamed senior government official")
