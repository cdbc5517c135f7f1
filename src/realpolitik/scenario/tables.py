"""CSV actor tables for forecasts and backtests, validated at the file boundary.

Three layouts, one header row each (column order free, extra columns ignored, a row
with more fields than the header warns,
header names case-insensitive, lines starting with ``#`` are comments)::

    actor,capability,position,salience          one issue per file
    issue,actor,capability,position,salience    many issues in one long file
    issue,outcome                               observed outcomes, for backtests

Every problem is reported with file, line, column and what was expected, in the
house template ``'{field}' of {where} must be {expected}; got {value!r}.``;
all problems of a file are raised together in one :class:`TableError`.
"""

from __future__ import annotations

import csv
import io
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.errors import RealpolitikWarning, TableError, field_message
from realpolitik.guard import cap, read_text

__all__ = [
    "ActorTable",
    "parse_actor_table",
    "parse_issue_tables",
    "parse_outcomes",
    "read_actor_table",
    "read_actor_tables",
    "read_issue_tables",
    "read_outcomes",
]

ACTOR_COLUMNS = ("actor", "capability", "position", "salience")


@dataclass(frozen=True, eq=False)
class ActorTable:
    """One issue's actors, as plain arrays for the forecast engines."""

    actors: tuple[str, ...]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    issue: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready rows."""
        rows = zip(self.actors, self.capability, self.position, self.salience, strict=True)
        return {
            "issue": self.issue,
            "actors": [
                {"actor": a, "capability": float(c), "position": float(x), "salience": float(s)}
                for a, c, x, s in rows
            ],
        }


class _Problems:
    """Collects problems of one file so the user sees them all at once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, line: int, column: str, expected: str, value: object) -> None:
        self.items.append(field_message(column, f"{self.name} line {line}", expected, value))

    def raise_if_any(self) -> None:
        if len(self.items) == 1:
            raise TableError(self.items[0])
        if self.items:
            head = f"{self.name}: {len(self.items):,} problems:"
            raise TableError("\n  ".join([head, *cap(self.items)]))


def _header(text: str) -> tuple[Any, list[str] | None]:
    """A CSV reader past the header row, and that row lower-cased (``None`` if there is none)."""
    lines = ["" if ln.lstrip().startswith("#") else ln for ln in text.lstrip("\ufeff").splitlines()]
    reader = csv.reader(io.StringIO("\n".join(lines)), skipinitialspace=True)
    header = next((f for f in reader if any(v.strip() for v in f)), None)
    return reader, None if header is None else [h.strip().lower() for h in header]


def _rows(text: str, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs keyed by lower-cased header; header problems raise at once.

    Lines starting with ``#`` are comments; they are blanked, not removed, so
    line numbers in messages still match the file.
    """
    reader, header = _header(text)
    if header is None:
        raise TableError(f"{name}: the file is empty; expected a header row {','.join(required)}.")
    missing = [col for col in required if col not in header]
    if missing:
        expected = f"a header naming {','.join(required)} (missing: {', '.join(missing)})"
        where = f"{name} line {reader.line_num}"
        raise TableError(field_message("header", where, expected, ",".join(header)))
    rows = []
    extra: list[int] = []
    for fields in reader:
        if len(fields) > len(header) and any(v.strip() for v in fields[len(header) :]):
            extra.append(reader.line_num)
        if any(v.strip() for v in fields):  # skip blank and comment lines
            values = [v.strip() for v in fields] + [""] * (len(header) - len(fields))
            rows.append((reader.line_num, dict(zip(header, values, strict=False))))
    if not rows:
        raise TableError(f"{name}: has a header but no data rows.")
    if extra:
        more = f" and {len(extra) - 10:,} more" if len(extra) > 10 else ""
        lines = ", ".join(map(str, extra[:10])) + more
        warnings.warn(
            f"{name}: line(s) {lines} have more fields than the header's {len(header)}; "
            "the extra fields are ignored (a comma inside a name needs quotes).",
            RealpolitikWarning,
            stacklevel=2,
        )
    return rows


def _number(problems: _Problems, line: int, row: dict[str, str], col: str) -> float:
    raw = row.get(col, "")
    try:
        value = float(raw)
    except ValueError:
        problems.add(line, col, "a number", raw)
        return math.nan
    if not math.isfinite(value):
        problems.add(line, col, "a finite number", raw)
    elif col == "capability" and value < 0:
        problems.add(line, col, "a number >= 0", raw)
    elif col == "salience" and not 0 <= value <= 1:
        problems.add(line, col, "between 0 and 1 (rescale 0-100 saliences by 1/100)", raw)
    return value


def _build_table(
    problems: _Problems, rows: list[tuple[int, dict[str, str]]], issue: str | None
) -> ActorTable:
    seen: dict[str, int] = {}
    names, values = [], []
    for line, row in rows:
        actor = row.get("actor", "")
        if not actor:
            problems.add(line, "actor", "a non-empty name", actor)
        elif actor in seen:
            where = f"unique within issue {issue!r}" if issue else "unique"
            problems.add(line, "actor", f"{where} (first at line {seen[actor]})", actor)
        seen.setdefault(actor, line)
        names.append(actor)
        values.append([_number(problems, line, row, col) for col in ACTOR_COLUMNS[1:]])
    c, x, s = np.array(values, dtype=float).T
    if not problems.items and not np.any(c * s > 0):
        label = f"issue {issue!r}" if issue else "the table"
        problems.add(rows[0][0], "capability", f"> 0 with salience > 0 for some actor of {label}", 0)
    return ActorTable(tuple(names), c, x, s, issue)


def parse_actor_table(text: str, name: str = "<table>") -> ActorTable:
    """Parse a one-issue table ``actor,capability,position,salience``."""
    problems = _Problems(name)
    table = _build_table(problems, _rows(text, name, ACTOR_COLUMNS), None)
    problems.raise_if_any()
    return table


def parse_issue_tables(text: str, name: str = "<table>") -> dict[str, ActorTable]:
    """Parse a long table ``issue,actor,capability,position,salience``; issues in file order."""
    problems = _Problems(name)
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in _rows(text, name, ("issue", *ACTOR_COLUMNS)):
        if not row["issue"]:
            problems.add(line, "issue", "a non-empty issue name", row["issue"])
            continue
        grouped.setdefault(row["issue"], []).append((line, row))
    tables = {issue: _build_table(problems, rows, issue) for issue, rows in grouped.items()}
    problems.raise_if_any()
    return tables


def parse_outcomes(text: str, name: str = "<outcomes>") -> dict[str, float]:
    """Parse observed outcomes ``issue,outcome`` (one row per issue)."""
    problems = _Problems(name)
    outcomes: dict[str, float] = {}
    first: dict[str, int] = {}
    for line, row in _rows(text, name, ("issue", "outcome")):
        issue = row["issue"]
        if not issue:
            problems.add(line, "issue", "a non-empty issue name", issue)
        elif issue in first:
            problems.add(line, "issue", f"unique (first at line {first[issue]})", issue)
        first.setdefault(issue, line)
        outcomes[issue] = _number(problems, line, row, "outcome")
    problems.raise_if_any()
    return outcomes


def _read(path: str | Path) -> tuple[str, str]:
    return read_text(path, kind="CSV", error=TableError), str(path)


def read_actor_tables(path: str | Path) -> ActorTable | dict[str, ActorTable]:
    """Read a one-issue or a long CSV, told apart by an ``issue`` column in the header."""
    text, name = _read(path)
    if "issue" in (_header(text)[1] or []):
        return parse_issue_tables(text, name)
    return parse_actor_table(text, name)


def read_actor_table(path: str | Path) -> ActorTable:
    """Read a one-issue CSV; see :func:`parse_actor_table`."""
    return parse_actor_table(*_read(path))


def read_issue_tables(path: str | Path) -> dict[str, ActorTable]:
    """Read a long multi-issue CSV; see :func:`parse_issue_tables`."""
    return parse_issue_tables(*_read(path))


def read_outcomes(path: str | Path) -> dict[str, float]:
    """Read an outcomes CSV; see :func:`parse_outcomes`."""
    return parse_outcomes(*_read(path))
