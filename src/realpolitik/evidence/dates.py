"""When did it happen? The event date of a claim, read from its own words.

News reports events relative to the day of the report ("on Tuesday",
"yesterday") or by calendar ("on 12 March", "in 2022"). A claim's event date is
the first such expression in its text, resolved against the report date; a
claim that names no time happened, as far as the text says, when it was
reported. Each date carries its precision (``day``, ``month``, ``year``, or
``report`` when it fell back to the report date) and stands for the first day
of its period, so "in 2022" sorts and filters as 2022-01-01.

Rules (documented in ``docs/over-time.md``):

- Weekdays ("on Tuesday", "last Tuesday") are the most recent such day on or
  before the report date: newsrooms write "on Tuesday" for the past week.
- A day and month without a year ("12 March", "March 12") take the report's
  year, unless that puts the event more than 60 days after the report (then
  the year before): "talks on 3 August" in a July report are scheduled talks.
- Month and weekday names count only capitalised ("may" the verb is not May).
- "yesterday", "today", "last week", "last month", "last year" are relative to
  the report date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["EventDate", "event_date"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Months and weekdays are capitalised in English: "may" the verb is not May.
_MONTH = r"(?P<month>" + "|".join(sorted((m.title() for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(d.title() for d in _WEEKDAYS) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Ordered: the most specific reading of a span wins at the same position.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE if kind == "relative" else 0))
    for kind, rx in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("dmy", rf"\b{_DAY} {_MONTH},? {_YEAR}\b"),
        ("mdy", rf"\b{_MONTH} {_DAY},? {_YEAR}\b"),
        ("dm", rf"\b{_DAY} {_MONTH}\b"),
        ("md", rf"\b{_MONTH} {_DAY}\b(?!,? (?:19|20)\d\d)"),
        ("my", rf"\b(?:in |since |by )?{_MONTH},? {_YEAR}\b"),
        ("year", r"\b(?:in|since|by|during|until|of|from) (?P<year>(?:19|20)\d\d)\b(?!-\d)"),
        ("weekday", rf"\b(?:on |last |this )?{_WEEKDAY}(?:'s)?\b"),
        ("relative", r"\b(?P<rel>yesterday|today|tonight|this morning|last week|last month|last year)\b"),
    )
)


_AHEAD = dt.timedelta(days=60)
"""A day-month date up to this far after the report is a scheduled event; later, last year's."""


@dataclass(frozen=True)
class EventDate:
    """A date and how precisely the text gave it."""

    date: dt.date
    precision: str
    """``day``, ``month``, ``year``, or ``report`` (no time in the text: the report date)."""


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "31 February": not a date, so not an event date
        return None


def _resolve(kind: str, m: re.Match[str], reported: dt.date) -> EventDate | None:
    g = m.groupdict()
    month = _MONTHS.get((g.get("month") or "").lower().rstrip("."))
    if kind == "iso":
        d = _safe(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return None if d is None else EventDate(d, "day")
    if kind in ("dmy", "mdy"):
        d = _safe(int(g["year"]), month or 0, int(g["day"]))
        return None if d is None else EventDate(d, "day")
    if kind in ("dm", "md"):
        d = _safe(reported.year, month or 0, int(g["day"]))
        if d is not None and d > reported + _AHEAD:
            d = _safe(reported.year - 1, month or 0, int(g["day"]))
        return None if d is None else EventDate(d, "day")
    if kind == "my":
        return EventDate(dt.date(int(g["year"]), month or 1, 1), "month")
    if kind == "year":
        return EventDate(dt.date(int(g["year"]), 1, 1), "year")
    if kind == "weekday":
        back = (reported.weekday() - _WEEKDAYS.index(g["weekday"].lower())) % 7
        return EventDate(reported - dt.timedelta(days=back), "day")
    rel = g["rel"].lower()
    if rel == "yesterday":
        return EventDate(reported - dt.timedelta(days=1), "day")
    if rel == "last week":
        return EventDate(reported - dt.timedelta(days=7), "day")
    if rel == "last month":
        first = reported.replace(day=1) - dt.timedelta(days=1)
        return EventDate(first.replace(day=1), "month")
    if rel == "last year":
        return EventDate(dt.date(reported.year - 1, 1, 1), "year")
    return EventDate(reported, "day")  # today, tonight, this morning


def event_date(text: str, reported: dt.date | None) -> EventDate | None:
    """The event date of a claim: its first time expression, else the report date.

    Returns None only when the text gives no absolute date and the article has
    no report date to resolve against.

    >>> event_date("Russian forces took the town on Tuesday", dt.date(2025, 7, 31))
    EventDate(date=datetime.date(2025, 7, 29), precision='day')
    >>> event_date("Moscow annexed Crimea in 2014", dt.date(2025, 7, 31)).date
    datetime.date(2014, 1, 1)
    """
    found: list[tuple[int, int, EventDate]] = []
    for rank, (kind, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            if reported is None and kind in ("dm", "md", "weekday", "relative"):
                continue
            resolved = _resolve(kind, m, reported or dt.date.min)
            if resolved is not None:
                found.append((m.start(), rank, resolved))
                break
    if found:
        return min(found, key=lambda f: (f[0], f[1]))[2]
    return None if reported is None else EventDate(reported, "report")
