"""Appending, resolving and refusing: a refused write leaves the ledger exactly as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from realpolitik.errors import InputError, LedgerError
from realpolitik.evidence.store import MIGRATIONS, EvidenceStore
from realpolitik.ledger import Ledger, fold, forecast_record, question_body

from .conftest import D0, binary_question


def test_the_ledger_is_a_store_migration(store: EvidenceStore) -> None:
    assert store.version == len(MIGRATIONS)
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "ledger_entries" in tables


@pytest.mark.parametrize(
    ("action", "match"),
    [
        (lambda led: led.resolve(2, "no", date=dt.date(2026, 1, 1), source="https://x"), "already resolved"),
        (
            lambda led: led.resolve(9, "yes", date=dt.date(2026, 1, 1), source="https://x"),
            "no ledger entry 9",
        ),
        (lambda led: led.resolve(3, "yes", date=dt.date(2026, 1, 1), source="https://x"), "not a question"),
        (lambda led: led.resolve(1, "maybe", date=dt.date(2026, 1, 1), source="https://x"), "yes, no"),
        (lambda led: led.resolve(1, "yes", date=dt.date(2025, 1, 1), source="https://x"), "on or after"),
        (lambda led: led.resolve(1, "yes", date=dt.date(2026, 1, 1), source=None), "--source"),
        (lambda led: led.add_forecast(2, [forecast_record("model", "m", D0, p=0.2)]), "already resolved"),
    ],
)
def test_refused_writes_leave_the_ledger_unchanged(ledger: Ledger, action, match: str) -> None:  # type: ignore[no-untyped-def]
    before = ledger.texts()
    with pytest.raises(InputError, match=match):
        action(ledger)
    assert ledger.texts() == before
    assert ledger.verify().ok


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"p": 1.5}, r"probability in \[0, 1\]"),
        ({"p": float("nan")}, r"probability in \[0, 1\]"),
        ({"p": -0.01}, r"probability in \[0, 1\]"),
    ],
)
def test_bad_probabilities_are_refused(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(InputError, match=match):
        forecast_record("model", "m", D0, **kwargs)


def test_deadline_before_the_forecast_date_is_refused() -> None:
    f = [forecast_record("model", "m", D0, p=0.5)]
    with pytest.raises(InputError, match=r"--deadline.*on or after the forecast date 2025-07-30"):
        question_body("q", "c", opened=D0, deadline=dt.date(2025, 7, 29), forecasts=f)


def test_the_same_question_twice_is_recorded_once(ledger: Ledger) -> None:
    entry, new = ledger.add_question(binary_question("Q one", 0.3))
    assert (new, entry["seq"]) == (False, 1)
    assert len(ledger) == 4


def test_annulled_and_categorical_and_numeric_questions(ledger: Ledger) -> None:
    ledger.resolve(1, "annulled", date=dt.date(2026, 1, 1), source=None)
    cat = question_body(
        "Who wins?", "c", opened=D0, deadline=dt.date(2026, 1, 1), qtype="categorical", outcomes=["a", "b"],
        forecasts=[forecast_record("model", "m", D0, probs={"a": 0.7, "b": 0.3})],
    )  # fmt: skip
    num = question_body(
        "How many?", "c", opened=D0, deadline=dt.date(2026, 1, 1), qtype="numeric",
        forecasts=[forecast_record("model", "m", D0, quantiles={0.1: 1.0, 0.5: 5.0, 0.9: 9.0})],
    )  # fmt: skip
    (c, _), (n, _) = ledger.add_question(cat), ledger.add_question(num)
    with pytest.raises(InputError, match="one of \\['a', 'b'\\]"):
        ledger.resolve(c["seq"], "c", date=dt.date(2026, 1, 1), source="https://x")
    ledger.resolve(c["seq"], "a", date=dt.date(2026, 1, 1), source="https://x")
    with pytest.raises(InputError, match="a finite number"):
        ledger.resolve(n["seq"], "lots", date=dt.date(2026, 1, 1), source="https://x")
    ledger.resolve(n["seq"], "4.5", date=dt.date(2026, 1, 1), source="https://x")
    qs = fold(ledger.entries())
    today = dt.date(2027, 1, 1)
    assert [qs[i].status(today) for i in sorted(qs)] == ["annulled", "resolved", "resolved", "resolved"]
    assert qs[n["seq"]].resolution == {
        "question": n["seq"], "status": "resolved", "outcome": 4.5, "date": "2026-01-01", "source": "https://x",
    }  # fmt: skip
    assert ledger.verify().ok


def test_updates_point_to_the_entry_they_update(ledger: Ledger) -> None:
    qs = fold(ledger.entries())
    assert [f["p"] for f in qs[1].history("model:m")] == [0.3, 0.4]
    assert ledger.get(3)["body"]["updates"] == 1
    nxt = ledger.add_forecast(1, [forecast_record("model", "m", dt.date(2025, 10, 1), p=0.1)])
    assert nxt["body"]["updates"] == 3
    assert qs[1].status(dt.date(2026, 7, 30)) == "open"
    assert qs[1].status(dt.date(2026, 7, 31)) == "due"
    with pytest.raises(LedgerError, match="no ledger entry 99"):
        ledger.add_forecast(99, [forecast_record("model", "m", D0, p=0.1)])


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    """Two writers on the same file, each with its own connection: every append lands once, chained."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "shared.sqlite3"
    EvidenceStore(path).close()

    def writer(k: int) -> int:
        with EvidenceStore(path) as store:
            led = Ledger(store.conn)
            for i in range(15):
                led.add_question(binary_question(f"writer {k} question {i}"))
        return k

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(writer, [1, 2])) == [1, 2]
    with EvidenceStore(path) as store:
        led = Ledger(store.conn)
        assert len(led) == 30
        assert led.verify().ok
        texts = {e["body"]["question"]["text"] for e in led.entries()}
        assert len(texts) == 30
