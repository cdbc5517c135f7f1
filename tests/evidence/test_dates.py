"""Event dates of claims, and searching the store by date."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.evidence.article import Article, Claim, Extraction, Quote
from realpolitik.evidence.dates import event_date
from realpolitik.evidence.store import MIGRATIONS, EvidenceStore
from tests.test_cli import run

THURSDAY = dt.date(2025, 7, 31)


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("Russian forces took the village on Tuesday", dt.date(2025, 7, 29), "day"),
        ("On Thursday the envoy arrived", THURSDAY, "day"),  # the report's own weekday: today
        ("Sunday's drone strike killed nine", dt.date(2025, 7, 27), "day"),
        ("The army retreated yesterday", dt.date(2025, 7, 30), "day"),
        ("Talks collapsed last week", dt.date(2025, 7, 24), "day"),
        ("Kyiv lost ground last month", dt.date(2025, 6, 1), "month"),
        ("Moscow annexed Crimea in 2014", dt.date(2014, 1, 1), "year"),
        ("the offensive that began in February 2022", dt.date(2022, 2, 1), "month"),
        ("signed on 12 March 2025 in Jeddah", dt.date(2025, 3, 12), "day"),
        ("signed on March 12, 2024", dt.date(2024, 3, 12), "day"),
        ("the ceasefire of 3 December", dt.date(2024, 12, 3), "day"),  # would be months ahead: last year
        ("talks are set for 8 August", dt.date(2025, 8, 8), "day"),  # soon after: a scheduled event
        ("the deadline of 2025-08-08 passed", dt.date(2025, 8, 8), "day"),
        ("the army is exhausted", THURSDAY, "report"),
        ("they may 5 times refuse", THURSDAY, "report"),  # 'may' the verb is not May
        ("a truce on 31 February", THURSDAY, "report"),  # not a date
    ],
)
def test_event_date_rules(text: str, date: dt.date, precision: str) -> None:
    found = event_date(text, THURSDAY)
    assert found is not None
    assert (found.date, found.precision) == (date, precision)


def test_no_report_date_keeps_only_absolute_dates() -> None:
    assert event_date("fighting resumed on Tuesday", None) is None
    assert event_date("fighting resumed in 2023", None).date == dt.date(2023, 1, 1)  # type: ignore[union-attr]


def _article(n: int, day: dt.date | None, claim: str = "the army advanced on Monday") -> Extraction:
    text = f"Report {n}. Officials said “we will not retreat”. Then {claim}."
    a = Article(text=text, title=f"report {n}", date=None if day is None else dt.datetime(day.year, day.month, day.day))
    q0 = text.index("we will")
    c0 = text.index(claim)
    return Extraction(
        article=a,
        quotes=(Quote(q0, q0 + 18, "we will not retreat", "Officials", "after"),),
        claims=(Claim(c0, c0 + len(claim), claim, "russia", "battlefield", "continue_war"),),
    )


def test_claims_are_stored_with_their_event_date(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        store.add(_article(1, THURSDAY))
        claim = store.search(kind="claim")[0]
        quote = store.search(kind="quote")[0]
    assert (claim.event_date, claim.event_precision) == ("2025-07-28", "day")
    assert (quote.event_date, quote.event_precision) == ("2025-07-31", "report")


def test_since_until_filter_on_the_event_date(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        store.add(_article(1, THURSDAY, "the army advanced in 2023"))
        store.add(_article(2, THURSDAY))
        hits = store.search(kind="claim", since=dt.date(2025, 1, 1))
        assert [h.article_id for h in hits] == [_article(2, THURSDAY).article.id]
        hits = store.search(kind="claim", until=dt.date(2023, 12, 31))
        assert [h.event_date for h in hits] == ["2023-01-01"]


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))), min_size=1, max_size=8),
    as_of=st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
)
def test_as_of_never_returns_evidence_reported_later(tmp_path_factory: pytest.TempPathFactory,
                                                     days: list[dt.date | None], as_of: dt.date) -> None:
    path = tmp_path_factory.mktemp("asof") / "s.sqlite3"
    with EvidenceStore(path) as store:
        for n, day in enumerate(days):
            store.add(_article(n, day))
        hits = store.search(as_of=as_of, limit=1000)
    reported = {_article(n, d).article.id: d for n, d in enumerate(days)}
    for h in hits:
        day = reported[h.article_id]
        assert day is not None
        assert day <= as_of
    visible = {aid for aid, d in reported.items() if d is not None and d <= as_of}
    assert {h.article_id for h in hits} == visible


def test_a_store_from_before_dates_gets_report_dates(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute("INSERT INTO articles VALUES ('a1', 't', 'o', '2025-07-31T10:00:00', '[]', NULL, 'x', 'text', "
                 "'body', 0, '2025-08-01')")  # fmt: skip
    conn.execute("INSERT INTO items VALUES ('a1-c1', 'a1', 'claim', 0, 4, 'body', NULL, 'russia', "
                 "'battlefield', 'continue_war', NULL, 1.0)")  # fmt: skip
    conn.commit()
    conn.close()
    with EvidenceStore(path) as store:
        assert store.version == len(MIGRATIONS)
        [hit] = store.search(kind="claim")
    assert (hit.event_date, hit.event_precision) == ("2025-07-31", "report")


def test_cli_rejects_a_malformed_date(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    with EvidenceStore(db) as store:
        store.add(_article(1, THURSDAY))
    code, _, stderr = run("evidence", "search", "--db", str(db), "--as-of", "2025-02-30")
    assert code == 2
    assert "--as-of" in stderr
    code, stdout, _ = run("evidence", "search", "--db", str(db), "--since", "2025-07-01", "--kind", "claim")
    assert code == 0
    assert "2025-07-28" in stdout
