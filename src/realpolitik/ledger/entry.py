"""Ledger entries: what a question, a forecast and a resolution hold, and how each is sealed.

An entry is a JSON object ``{seq, kind, recorded, prev, body, hash}``:

* ``seq`` — its position in the chain, from 1; a question's id is its ``seq``;
* ``kind`` — ``question`` (the question with its first forecasts), ``forecast``
  (an update: new forecasts on an open question, pointing to the entry it
  updates) or ``resolution``;
* ``recorded`` — when it was appended (UTC, to the second);
* ``prev`` — the previous entry's hash (64 zeros for the first entry);
* ``hash`` — SHA-256 of the *canonical JSON* of every other field.

Canonical JSON: keys sorted, no whitespace, UTF-8, numbers as Python writes
them (the shortest decimal that reads back to the same float), no NaN or
infinity. Because each hash covers ``prev``, changing any entry changes its
hash and breaks the link from every later one (Haber & Stornetta 1991): a
reader holding the last hash can check the whole history.

This module is pure: it builds and checks entries, it does not store them
(:mod:`realpolitik.ledger.store` does).

References
----------
Haber, S. & Stornetta, W. S. (1991). How to time-stamp a digital document. *Journal of Cryptology* 3(2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from realpolitik.errors import InputError, LedgerError, field_message

__all__ = [
    "GENESIS",
    "KINDS",
    "OUTCOME_STATUSES",
    "QUESTION_TYPES",
    "ROLES",
    "canonical",
    "entry_hash",
    "forecast_record",
    "parse_date",
    "question_body",
    "resolution_body",
    "seal",
]

GENESIS = "0" * 64
"""The ``prev`` of the first entry."""
KINDS = ("question", "forecast", "resolution")
QUESTION_TYPES = ("binary", "categorical", "numeric")
ROLES = ("model", "analyst", "baserate", "market", "crowd")
"""Who made a forecast: the model, the analyst unaided, or a baseline (base rate, market, crowd)."""
OUTCOME_STATUSES = ("resolved", "annulled", "unresolvable")


def canonical(obj: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no whitespace, UTF-8, no NaN.

    >>> canonical({"b": 1, "a": [0.1, "é"]})
    b'{"a":[0.1,"\\xc3\\xa9"],"b":1}'
    """
    try:
        text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise InputError(f"a ledger entry must hold finite numbers only ({exc}).") from None
    return text.encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of every field but ``hash``."""
    return hashlib.sha256(canonical({k: v for k, v in entry.items() if k != "hash"})).hexdigest()


def seal(seq: int, kind: str, body: Mapping[str, Any], prev: str, recorded: str) -> dict[str, Any]:
    """A complete entry: the fields, chained to ``prev``, with its hash."""
    if kind not in KINDS:
        raise LedgerError(field_message("kind", "a ledger entry", f"one of {list(KINDS)}", kind))
    entry: dict[str, Any] = {"seq": seq, "kind": kind, "recorded": recorded, "prev": prev, "body": dict(body)}
    entry["hash"] = entry_hash(entry)
    return entry


def parse_date(value: str | dt.date, field: str) -> dt.date:
    """An ISO date (YYYY-MM-DD), or InputError naming ``field``."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(field_message(field, "the command line", "a date YYYY-MM-DD", value)) from None


def _probability(value: float, field: str) -> float:
    p = float(value)
    if not (0.0 <= p <= 1.0):  # NaN fails both comparisons
        raise InputError(field_message(field, "the forecast", "a probability in [0, 1]", value))
    return p


def forecast_record(
    role: str,
    name: str,
    date: dt.date,
    *,
    p: float | None = None,
    probs: Mapping[str, float] | None = None,
    quantiles: Mapping[float, float] | None = None,
    interval: Sequence[float] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """One forecaster's forecast on a question: exactly one of ``p``, ``probs``, ``quantiles``."""
    if role not in ROLES:
        raise InputError(field_message("role", "the forecast", f"one of {list(ROLES)}", role))
    if sum(v is not None for v in (p, probs, quantiles)) != 1:
        raise InputError("a forecast needs exactly one of a probability, outcome probabilities or quantiles.")
    rec: dict[str, Any] = {"role": role, "name": name or role, "date": date.isoformat()}
    if p is not None:
        rec["p"] = _probability(p, f"{role} probability")
    if probs is not None:
        rec["probs"] = {k: _probability(v, f"probability of {k!r}") for k, v in probs.items()}
        if not math.isclose(sum(rec["probs"].values()), 1.0, abs_tol=1e-6):
            raise InputError(
                field_message(
                    "probabilities",
                    "the categorical forecast",
                    "a sum of 1",
                    round(sum(rec["probs"].values()), 6),
                )
            )
    if quantiles is not None:
        rec["quantiles"] = _quantiles(quantiles)
    if interval is not None:
        lo, hi = (_probability(v, f"{role} interval") for v in interval)
        if not lo <= rec.get("p", lo) <= hi:
            raise InputError(
                field_message("interval", "the forecast", f"LOW <= {rec.get('p')} <= HIGH", [lo, hi])
            )
        rec["interval"] = [lo, hi]
    if note:
        rec["note"] = note
    return rec


def _quantiles(quantiles: Mapping[float, float]) -> dict[str, list[float]]:
    levels = sorted(float(k) for k in quantiles)
    values = [float(quantiles[k]) for k in sorted(quantiles, key=float)]
    if not levels or not all(0.0 < t < 1.0 for t in levels):
        raise InputError(field_message("quantiles", "the numeric forecast", "levels in (0, 1)", levels))
    if not all(math.isfinite(v) for v in values) or any(b < a for a, b in itertools.pairwise(values)):
        raise InputError(
            field_message(
                "quantiles",
                "the numeric forecast",
                "finite values that do not decrease with the level",
                values,
            )
        )
    return {"levels": levels, "values": values}


def question_body(
    text: str,
    criteria: str,
    *,
    opened: dt.date,
    deadline: dt.date,
    forecasts: Sequence[Mapping[str, Any]],
    qtype: str = "binary",
    outcomes: Sequence[str] = (),
    unit: str | None = None,
    decided_by: str | None = None,
    tags: Sequence[str] = (),
    analyst: str | None = None,
    scenario: Mapping[str, str] | None = None,
    command: str | None = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    """The body of a question entry: the question, its resolution criteria and its first forecasts."""
    if not text.strip():
        raise InputError(field_message("text", "the question", "a non-empty question", text))
    if not criteria.strip():
        raise InputError(
            field_message("--criteria", "the question", "what counts as yes, written out", criteria)
        )
    if deadline < opened:
        raise InputError(
            field_message(
                "--deadline", "the question", f"on or after the forecast date {opened}", deadline.isoformat()
            )
        )
    if qtype not in QUESTION_TYPES:
        raise InputError(field_message("type", "the question", f"one of {list(QUESTION_TYPES)}", qtype))
    if qtype == "categorical" and len(set(outcomes)) < 2:
        raise InputError(
            field_message(
                "--outcomes", "a categorical question", "two or more distinct labels", list(outcomes)
            )
        )
    if not forecasts:
        raise InputError("a question needs at least one forecast (the model's or the analyst's).")
    for f in forecasts:
        check_forecast(f, qtype, list(outcomes))
    question: dict[str, Any] = {
        "text": text.strip(),
        "criteria": criteria.strip(),
        "decided_by": decided_by,
        "opened": opened.isoformat(),
        "deadline": deadline.isoformat(),
        "type": qtype,
        "outcomes": list(outcomes),
        "unit": unit,
        "tags": sorted(set(tags)),
        "analyst": analyst,
        "scenario": dict(scenario) if scenario else None,
        "command": command,
        "run_id": run_id,
    }
    return {"question": question, "forecasts": [dict(f) for f in forecasts]}


def check_forecast(forecast: Mapping[str, Any], qtype: str, outcomes: list[str]) -> None:
    """A forecast must be of the question's type (and, if categorical, over its outcomes)."""
    want = {"binary": "p", "categorical": "probs", "numeric": "quantiles"}[qtype]
    if want not in forecast:
        raise InputError(
            field_message(
                "forecast",
                f"a {qtype} question",
                {"p": "a probability", "probs": "outcome probabilities", "quantiles": "quantiles"}[want],
                forecast.get("role"),
            )
        )
    if qtype == "categorical" and sorted(forecast["probs"]) != sorted(outcomes):
        raise InputError(
            field_message(
                "probabilities",
                "the categorical forecast",
                f"one per outcome {outcomes}",
                sorted(forecast["probs"]),
            )
        )


def resolution_body(
    question: Mapping[str, Any],
    question_id: int,
    outcome: str,
    *,
    date: dt.date,
    source: str | None,
    evidence: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """The body of a resolution: the outcome checked against the question's type."""
    q = question["question"]
    value: Any
    if outcome in ("annulled", "unresolvable"):
        status, value = outcome, None
    else:
        status, value = "resolved", _outcome_value(q, outcome)
    if date < dt.date.fromisoformat(q["opened"]):
        raise InputError(
            field_message(
                "--date",
                f"the resolution of question {question_id}",
                f"on or after the forecast date {q['opened']}",
                date.isoformat(),
            )
        )
    if status == "resolved" and not source:
        raise InputError(
            field_message(
                "--source",
                f"the resolution of question {question_id}",
                "an evidence id or a URL that decides it",
                source,
            )
        )
    body: dict[str, Any] = {
        "question": question_id,
        "status": status,
        "outcome": value,
        "date": date.isoformat(),
        "source": source,
    }
    if evidence:
        body["evidence"] = dict(evidence)
    if note:
        body["note"] = note
    return body


def _outcome_value(q: Mapping[str, Any], outcome: str) -> Any:
    if q["type"] == "binary":
        if outcome.lower() not in ("yes", "no"):
            raise InputError(
                field_message("OUTCOME", "a yes/no question", "yes, no, annulled or unresolvable", outcome)
            )
        return outcome.lower() == "yes"
    if q["type"] == "categorical":
        if outcome not in q["outcomes"]:
            raise InputError(
                field_message(
                    "OUTCOME",
                    "a categorical question",
                    f"one of {q['outcomes']}, annulled or unresolvable",
                    outcome,
                )
            )
        return outcome
    try:
        value = float(outcome)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(field_message("OUTCOME", "a numeric question", "a finite number", outcome))
    return value
