"""Estimative words: the ICD 203 bands, and a scale read from a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.analysis.estimative import ICD_203, describe, load_scale
from realpolitik.errors import InputError


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (0.0, "almost no chance"), (0.049, "almost no chance"), (0.05, "very unlikely"), (0.19, "very unlikely"),
        (0.2, "unlikely"), (0.44, "unlikely"), (0.45, "roughly even chance"), (0.55, "likely"),
        (0.79, "likely"), (0.8, "very likely"), (0.95, "almost certain"), (1.0, "almost certain"),
    ],
)  # fmt: skip
def test_icd_203_bands(p: float, words: str) -> None:
    """ODNI, ICD 203 (2015): 01-05, 05-20, 20-45, 45-55, 55-80, 80-95, 95-99%."""
    assert ICD_203.phrase(p) == words


def test_describe_and_a_custom_scale(tmp_path: Path) -> None:
    assert describe(0.09) == "9% (very unlikely)"
    assert describe(0.09, None) == "9%"
    path = tmp_path / "scale.yaml"
    path.write_text("- {below: 0.5, words: doubtful}\n- {below: 1.0, words: probable}\n", encoding="utf-8")
    scale = load_scale(path)
    assert (scale.phrase(0.2), scale.phrase(0.5), scale.phrase(1.0)) == ("doubtful", "probable", "probable")
    path.write_text("- {below: 0.5, words: doubtful}\n", encoding="utf-8")
    with pytest.raises(InputError, match="the last equal to 1"):
        load_scale(path)
    with pytest.raises(InputError, match=r"probability in \[0, 1\]"):
        ICD_203.phrase(float("nan"))
