"""A small ledger in a fresh store: two questions, an update and a resolution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from realpolitik.evidence.store import EvidenceStore
from realpolitik.ledger import Ledger, forecast_record, question_body

D0 = dt.date(2025, 7, 30)


def binary_question(text: str = "Will it rain?", p: float = 0.3, **kw: object) -> dict[str, object]:
    forecasts = [forecast_record("model", "m", D0, p=p), forecast_record("baserate", "baserate", D0, p=0.5)]
    return question_body(
        text, "yes if it rains", opened=D0, deadline=dt.date(2026, 7, 30), forecasts=forecasts, **kw
    )  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EvidenceStore]:
    with EvidenceStore(tmp_path / "store.sqlite3") as s:
        yield s


@pytest.fixture
def ledger(store: EvidenceStore) -> Ledger:
    led = Ledger(store.conn, str(store.path))
    led.add_question(binary_question("Q one", 0.3), recorded="2025-07-30T10:00:00+00:00")
    led.add_question(binary_question("Q two é", 0.8, tags=["x"]), recorded="2025-07-30T11:00:00+00:00")
    led.add_forecast(1, [forecast_record("model", "m", dt.date(2025, 9, 1), p=0.4)])
    led.resolve(2, "yes", date=dt.date(2025, 12, 1), source="https://example.org/news")
    return led
