"""Base rates from a reference class: how often did comparable cases turn out this way?

A reference class is a CSV file, one row per past case, with columns ``start``
and ``end`` (ISO dates; ``end`` empty for a case still going), ``outcome`` and
any attributes (``region``, ``type``, …) to select comparable cases with
``--where COLUMN=VALUE``. Two questions can be asked of it:

* **event share** — of the matching cases, how many had ``outcome`` equal to a
  value (``--event yes``, the default)?
* **ending within a window** (``within`` months, optionally ``after`` months of
  fighting) — of the matching cases still going ``after`` months in, how many
  ended within the next ``within`` months? This is the life-table estimate of a
  conditional probability of ending (e.g. Box-Steffensmeier & Jones 2004,
  ch. 2); a case still going (no ``end``) counts only if it has been observed
  past the window, through the file's ``observed`` column or else not at all
  (the result says how many were left out).

The rate is ``k/n`` with a Wilson (1927) score interval, which stays inside
[0, 1] and behaves at ``k = 0`` and ``k = n`` — the usual state of a small
reference class. Months are 365.25/12 days.

References
----------
Box-Steffensmeier, J. M. & Jones, B. S. (2004). *Event History Modeling*. Cambridge University Press.
Tetlock, P. E. & Gardner, D. (2015). *Superforecasting*, ch. 5 ("outside view first").
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. *JASA* 22(158).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realpolitik.analysis.estimative import ICD_203, Scale, describe
from realpolitik.analysis.tables import Tabular
from realpolitik.analysis.uncertainty import wilson_interval
from realpolitik.errors import TableError, field_message

__all__ = ["BaseRate", "ReferenceClass", "base_rate", "divergence", "read_reference"]

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class ReferenceClass:
    """The rows of a reference-class CSV (each a column → text mapping) and where they came from."""

    path: str
    rows: tuple[dict[str, str], ...]
    lines: tuple[int, ...]
    """The file line of each row, for messages."""


def read_reference(path: str | Path) -> ReferenceClass:
    """Read a reference-class CSV; ``#`` lines are comments (sources, notes)."""
    where = str(path)
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            numbered = [
                (i, line) for i, line in enumerate(fh, 1) if line.strip() and not line.startswith("#")
            ]
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(f"cannot read the reference class {where!r} ({exc}).") from None
    if not numbered:
        raise TableError(f"the reference class {where!r} has no header and no rows.")
    reader = csv.DictReader([line for _, line in numbered])
    missing = {"start", "end", "outcome"} - set(reader.fieldnames or [])
    if missing:
        raise TableError(field_message("header", where, "columns start, end and outcome", reader.fieldnames))
    rows = tuple({k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader)
    return ReferenceClass(where, rows, tuple(i for i, _ in numbered[1:]))


@dataclass(frozen=True)
class BaseRate(Tabular):
    """``events`` of ``n`` comparable cases, with a Wilson interval."""

    events: int
    n: int
    rate: float
    low: float
    high: float
    level: float
    question: str
    """What was counted, in words."""
    where: dict[str, str] = field(default_factory=dict)
    excluded: int = 0
    """Matching cases left out (still going, not observed past the window)."""
    cases: tuple[str, ...] = ()
    """Names (or line numbers) of the cases counted."""

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "cases": list(self.cases)}

    def rows(self) -> list[dict[str, Any]]:
        """One row: the count, the rate and its interval, what was counted."""
        keep = ("question", "events", "n", "rate", "low", "high", "level", "excluded")
        return [{k: getattr(self, k) for k in keep}]


def _date(ref: ReferenceClass, i: int, column: str) -> dt.date | None:
    value = ref.rows[i].get(column, "")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TableError(
            field_message(column, f"{ref.path}, line {ref.lines[i]}", "a date YYYY-MM-DD", value)
        ) from None


def _matching(ref: ReferenceClass, where: Mapping[str, str]) -> list[int]:
    columns = set(ref.rows[0]) if ref.rows else set()
    for col in where:
        if col not in columns:
            raise TableError(field_message("--where", ref.path, f"a column among {sorted(columns)}", col))
    keep = [
        i
        for i, row in enumerate(ref.rows)
        if all(row.get(c, "").casefold() == v.casefold() for c, v in where.items())
    ]
    if not keep:
        seen = {c: sorted({r.get(c, "") for r in ref.rows}) for c in where}
        raise TableError(
            f"no row of the reference class {ref.path!r} matches "
            f"{', '.join(f'{c}={v}' for c, v in where.items())} ({len(ref.rows)} rows; "
            f"values present: {seen})."
        )
    return keep


def base_rate(
    ref: ReferenceClass,
    where: Mapping[str, str] | None = None,
    *,
    event: str = "yes",
    within: float | None = None,
    after: float = 0.0,
    level: float = 0.95,
) -> BaseRate:
    """The base rate of ``event`` (or of ending within ``within`` months) among matching cases.

    Raises :class:`~realpolitik.errors.TableError` when no case matches, or
    none is left to count.
    """
    where = dict(where or {})
    rows = _matching(ref, where)
    names = [ref.rows[i].get("name") or f"line {ref.lines[i]}" for i in rows]
    if within is None:
        hits = [ref.rows[i]["outcome"].casefold() == event.casefold() for i in rows]
        question = f"outcome = {event}"
        counted, excluded = list(range(len(rows))), 0
    else:
        hits, counted, excluded = _ending_within(ref, rows, after, within)
        question = (
            f"ended within {within:g} months"
            if after == 0
            else f"still fighting after {after:g} months, ended within the next {within:g}"
        )
    if not counted:
        raise TableError(
            f"no case of {ref.path!r} matching {where or 'all rows'} lasted {after:g} months "
            "or more: nothing to count."
        )
    k, n = sum(hits), len(counted)
    ci = wilson_interval(k, n, level=level)
    return BaseRate(
        k, n, k / n, ci.low, ci.high, level, question, where, excluded, tuple(names[j] for j in counted)
    )


def _ending_within(
    ref: ReferenceClass, rows: Sequence[int], after: float, within: float
) -> tuple[list[bool], list[int], int]:
    """Cases still going ``after`` months in, and whether each ended within ``within`` more."""
    hits, counted, excluded = [], [], 0
    for j, i in enumerate(rows):
        start = _date(ref, i, "start")
        if start is None:
            raise TableError(field_message("start", f"{ref.path}, line {ref.lines[i]}", "a date", ""))
        end = _date(ref, i, "end")
        seen = end or _date(ref, i, "observed")
        months = ((end or seen or start) - start).days / DAYS_PER_MONTH
        if end is not None and months < after:
            continue  # over before the window opens: not comparable
        if end is None and (seen is None or months < after + within):
            excluded += 1  # still going, not observed long enough to know
            continue
        counted.append(j)
        hits.append(end is not None and months <= after + within)
    return hits, counted, excluded


def divergence(model: float, rate: float, low: float, high: float, scale: Scale | None = ICD_203) -> str:
    """The model's probability beside the base rate, with the divergence stated.

    >>> divergence(0.09, 0.3, 0.2, 0.42).split(': ')[0]
    'The model says 9% (very unlikely), comparable cases 30% (unlikely)'
    """
    head = f"The model says {describe(model, scale)}, comparable cases {describe(rate, scale)}: "
    if low <= model <= high:
        return head + "the model is inside the base rate's interval."
    side = "below" if model < low else "above"
    return (
        head
        + f"the model is {side} the base rate's interval, so it should say what makes this case different."
    )
