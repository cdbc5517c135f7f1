"""Questions as they stand: the chain of entries folded into one record per question.

A question's forecasts are those of its question entry and of every update
(``forecast`` entry) on it, in chain order; each forecaster's forecasts form
its history, each standing from its date until the next or the resolution. Its
status is ``open``, ``due`` (past its deadline, not resolved: listed by
``ledger due``), ``resolved``, ``annulled`` or ``unresolvable``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["QuestionState", "fold"]


@dataclass
class QuestionState:
    """One question with its forecasts and, once resolved, its resolution."""

    id: int
    entry: dict[str, Any]
    forecasts: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    """(entry seq, forecast record), in chain order."""
    resolution: dict[str, Any] | None = None
    """The resolution entry's body."""
    resolution_seq: int | None = None

    @property
    def spec(self) -> dict[str, Any]:
        """The question's text, criteria, dates, type, tags (the ``question`` of its body)."""
        spec: dict[str, Any] = self.entry["body"]["question"]
        return spec

    @property
    def deadline(self) -> dt.date:
        return dt.date.fromisoformat(self.spec["deadline"])

    def status(self, today: dt.date) -> str:
        if self.resolution is not None:
            return str(self.resolution["status"])
        return "due" if today > self.deadline else "open"

    def forecasters(self) -> list[str]:
        """Keys ``role:name`` of everyone who forecast it, in order of first forecast."""
        return list(dict.fromkeys(key(f) for _, f in self.forecasts))

    def history(self, forecaster: str) -> list[dict[str, Any]]:
        """One forecaster's forecasts on this question, oldest first."""
        return [f for _, f in self.forecasts if key(f) == forecaster]

    def latest(self) -> dict[str, dict[str, Any]]:
        """Each forecaster's latest forecast."""
        return {key(f): f for _, f in self.forecasts}

    def to_dict(self, today: dt.date) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status(today),
            **self.spec,
            "forecasts": [{"entry": seq, **f} for seq, f in self.forecasts],
            "resolution": None
            if self.resolution is None
            else {"entry": self.resolution_seq, **self.resolution},
            "recorded": self.entry["recorded"],
            "hash": self.entry["hash"],
        }


def key(forecast: Mapping[str, Any]) -> str:
    """A forecaster's key: ``role:name`` (``model:simulate``, ``baserate:baserate``)."""
    return f"{forecast['role']}:{forecast['name']}"


def fold(entries: Iterable[Mapping[str, Any]]) -> dict[int, QuestionState]:
    """Fold entries (chain order) into questions keyed by id."""
    questions: dict[int, QuestionState] = {}
    for e in entries:
        body = e["body"]
        if e["kind"] == "question":
            q = questions[e["seq"]] = QuestionState(e["seq"], dict(e))
            q.forecasts.extend((e["seq"], dict(f)) for f in body["forecasts"])
        elif e["kind"] == "forecast":
            questions[body["question"]].forecasts.extend((e["seq"], dict(f)) for f in body["forecasts"])
        else:
            questions[body["question"]].resolution = dict(body)
            questions[body["question"]].resolution_seq = e["seq"]
    return questions
