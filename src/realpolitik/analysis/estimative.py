"""Estimative language: the words a reader hears for a probability.

The default scale is the US Intelligence Community's (ICD 203, *Analytic
Standards*, 2015, the standard on expressing likelihood): seven bands, each
with a phrase analysts must use for a probability inside it::

    almost no chance      01–05%      likely            55–80%
    very unlikely         05–20%      very likely       80–95%
    unlikely              20–45%      almost certain    95–99%
    roughly even chance   45–55%

ICD 203 leaves the shared endpoints and the tails below 1% and above 99%
unassigned; here each band holds its lower bound and excludes its upper one
(0.05 is "very unlikely", 0.55 "likely"), the first band starts at 0 and the last
ends at 1 inclusive, so every probability gets exactly one phrase.

A different scale (another agency's, or a house style) is a YAML or JSON file
listing bands by their upper bound, the last ending at 1::

    - {below: 0.1, words: remote}
    - {below: 0.5, words: doubtful}
    - {below: 1.0, words: probable}

and every face that prints a probability to a reader (the CLI's ledger and
base-rate output, the report) calls :meth:`Scale.phrase`.

Reference: Office of the Director of National Intelligence (2015).
*Intelligence Community Directive 203: Analytic Standards*, 2 January 2015.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from realpolitik.errors import InputError, field_message

__all__ = ["ICD_203", "Scale", "describe", "load_scale"]


@dataclass(frozen=True)
class Scale:
    """Bands ``[previous upper, upper)`` of probability with their phrase; the last band includes 1."""

    uppers: tuple[float, ...]
    words: tuple[str, ...]
    name: str = "custom"

    def __post_init__(self) -> None:
        ok = (
            len(self.uppers) == len(self.words) > 0
            and all(0.0 < u <= 1.0 for u in self.uppers)
            and all(a < b for a, b in itertools.pairwise(self.uppers))
            and math.isclose(self.uppers[-1], 1.0)
        )
        if not ok:
            raise InputError(
                field_message(
                    "below",
                    f"the estimative scale {self.name!r}",
                    "increasing upper bounds in (0, 1], the last equal to 1",
                    list(self.uppers),
                )
            )

    def phrase(self, p: float) -> str:
        """The words for probability ``p``.

        >>> ICD_203.phrase(0.09), ICD_203.phrase(0.5), ICD_203.phrase(0.2)
        ('very unlikely', 'roughly even chance', 'unlikely')
        """
        if not 0.0 <= p <= 1.0:
            raise InputError(field_message("p", "an estimative phrase", "a probability in [0, 1]", p))
        for upper, words in zip(self.uppers, self.words, strict=True):
            if p < upper:
                return words
        return self.words[-1]


ICD_203 = Scale(
    (0.05, 0.20, 0.45, 0.55, 0.80, 0.95, 1.0),
    (
        "almost no chance",
        "very unlikely",
        "unlikely",
        "roughly even chance",
        "likely",
        "very likely",
        "almost certain",
    ),
    name="ICD 203",
)
"""The ODNI's ICD 203 scale (module docstring)."""


def describe(p: float, scale: Scale | None = ICD_203, digits: int = 0) -> str:
    """``p`` as a percentage, with its phrase when a scale is given: ``9% (very unlikely)``."""
    pct = f"{100 * p:.{digits}f}%"
    return pct if scale is None else f"{pct} ({scale.phrase(p)})"


def load_scale(path: str | Path) -> Scale:
    """Read a scale from a YAML or JSON list of ``{below, words}`` (module docstring)."""
    import yaml

    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        rows = json.loads(text) if where.endswith(".json") else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the estimative scale {where!r} ({exc}).") from None
    if not isinstance(rows, Sequence) or not rows:
        raise InputError(field_message("bands", where, "a list of {below, words}", rows))
    try:
        uppers = tuple(float(r["below"]) for r in rows)
        words = tuple(str(r["words"]) for r in rows)
    except (TypeError, KeyError, ValueError):
        raise InputError(
            field_message("bands", where, "a list of {below: NUMBER, words: TEXT}", rows)
        ) from None
    return Scale(uppers, words, name=where)
