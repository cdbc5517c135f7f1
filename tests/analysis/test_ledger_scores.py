"""Scoring a ledger: an over-confident forecaster is caught; nothing is ranked on fewer than 10 questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_allclose

from realpolitik.analysis.ledger_scores import MIN_RANKED, score_ledger
from realpolitik.engines import scoring as sc
from realpolitik.ledger import GENESIS, fold, forecast_record, question_body, seal

D0 = dt.date(2024, 1, 1)


def synthetic_entries(
    n: int, seed: int = 11, *, sharpen: float = 2.0
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``n`` resolved yes/no questions: the analyst forecasts the true probability q, the model
    forecasts q with its log-odds multiplied by ``sharpen`` (over-confident for sharpen > 1)."""
    rng = np.random.default_rng(seed)
    q = rng.uniform(0.05, 0.95, n)
    y = rng.uniform(size=n) < q
    model = 1 / (1 + np.exp(-sharpen * np.log(q / (1 - q))))
    entries: list[dict[str, Any]] = []
    prev = GENESIS

    def add(kind: str, body: dict[str, Any]) -> int:
        nonlocal prev
        e = seal(len(entries) + 1, kind, body, prev, "2024-01-01T00:00:00+00:00")
        entries.append(e)
        prev = e["hash"]
        return int(e["seq"])

    for i in range(n):
        fs = [forecast_record("model", "sharp", D0, p=float(model[i])),
              forecast_record("analyst", "ann", D0, p=float(q[i]))]  # fmt: skip
        body = question_body(f"question {i}", "c", opened=D0, deadline=dt.date(2025, 1, 1), forecasts=fs,
                             tags=["even" if i % 2 == 0 else "odd"], analyst="ann")  # fmt: skip
        seq = add("question", body)
        add("resolution", {"question": seq, "status": "resolved", "outcome": bool(y[i]),
                           "date": "2024-06-01", "source": "https://example.org"})  # fmt: skip
    return entries, {"q": q, "y": y.astype(float), "model": model}


def test_a_deliberately_over_confident_forecaster_is_detected() -> None:
    entries, truth = synthetic_entries(200)
    res = score_ledger(fold(entries).values(), today=dt.date(2026, 1, 1), rng=0)
    (group,) = res.groups
    assert group.ranked
    assert group.questions == 200
    by = {f.forecaster: f for f in group.forecasters}
    sharp, ann = by["model:sharp"], by["analyst:ann"]
    # the scores are those of the engine on the same arrays
    assert_allclose(sharp.means["binary.brier"], sc.brier(truth["model"], truth["y"]).mean())
    assert sharp.murphy is not None
    assert ann.murphy is not None
    # the reliability term: the over-confident model is far outside what calibration explains; the analyst is not
    assert sharp.reliability_p95 is not None
    assert ann.reliability_p95 is not None
    assert sharp.murphy.reliability > sharp.reliability_p95
    assert ann.murphy.reliability <= ann.reliability_p95
    assert sharp.murphy.reliability > 3 * ann.murphy.reliability
    assert sharp.verdict is not None
    assert sharp.verdict.startswith("over-confident")
    assert ann.verdict is not None
    assert ann.verdict.startswith("calibrated")
    assert sharp.slope is not None
    assert sharp.slope < 0.75
    # the diagram: in the outer bins what was forecast happened less often (low bins: more often)
    t = sharp.calibration
    assert t is not None
    outer_high, outer_low = t.count[8:] > 0, t.count[:2] > 0
    assert np.all(t.observed[8:][outer_high] < t.mean_forecast[8:][outer_high])
    assert np.all(t.observed[:2][outer_low] > t.mean_forecast[:2][outer_low])
    # the model is compared with the analyst's unaided judgement on all 200 questions
    (cmp_brier, cmp_log) = [c for c in group.comparisons if c.forecaster == "model:sharp"]
    assert (cmp_brier.baseline, cmp_brier.metric, cmp_brier.difference.n) == (
        "analyst:ann",
        "binary.brier",
        200,
    )
    assert cmp_brier.difference.mean > 0  # the over-confident model scores worse
    assert cmp_log.metric == "binary.log"


def test_nothing_is_ranked_below_ten_resolved_questions() -> None:
    entries, _ = synthetic_entries(MIN_RANKED - 1)
    res = score_ledger(fold(entries).values(), today=dt.date(2026, 1, 1))
    (group,) = res.groups
    assert not group.ranked
    assert group.message is not None
    assert "fewer than 10" in group.message
    assert group.comparisons == []
    assert all(f.means == {} and f.murphy is None for f in group.forecasters)
    entries, _ = synthetic_entries(MIN_RANKED)
    assert score_ledger(fold(entries).values(), today=dt.date(2026, 1, 1)).groups[0].ranked


def test_groups_by_tag_split_the_questions() -> None:
    entries, _ = synthetic_entries(30)
    res = score_ledger(fold(entries).values(), by="tag", today=dt.date(2026, 1, 1))
    assert [(g.group, g.questions, g.ranked) for g in res.groups] == [
        ("tag even", 15, True),
        ("tag odd", 15, True),
    ]
    by_model = score_ledger(fold(entries).values(), by="model", today=dt.date(2026, 1, 1))
    assert [g.group for g in by_model.groups] == ["model sharp"]


def test_updates_are_time_weighted() -> None:
    """A forecast of 0.2 for 100 days then 0.9 for 50, on a yes: (100·0.64 + 50·0.01) / 150."""
    f1 = forecast_record("model", "m", dt.date(2024, 1, 1), p=0.2)
    body = question_body("q", "c", opened=dt.date(2024, 1, 1), deadline=dt.date(2025, 1, 1), forecasts=[f1])
    e1 = seal(1, "question", body, GENESIS, "t")
    f2 = forecast_record("model", "m", dt.date(2024, 4, 10), p=0.9)  # 100 days later
    e2 = seal(2, "forecast", {"question": 1, "updates": 1, "forecasts": [f2]}, e1["hash"], "t")
    res = {"question": 1, "status": "resolved", "outcome": True, "date": "2024-05-30", "source": "u"}
    e3 = seal(3, "resolution", res, e2["hash"], "t")
    late = forecast_record("model", "m", dt.date(2024, 6, 1), p=1.0)  # after the resolution date: ignored
    e4 = seal(4, "forecast", {"question": 1, "updates": 2, "forecasts": [late]}, e3["hash"], "t")
    qs = fold([e1, e2, e3, e4])
    from realpolitik.analysis.ledger_scores import _score_one

    q = qs[1]
    assert q.resolution is not None
    scored = _score_one(q, q.resolution, q.history("model:m"))
    assert scored is not None
    assert_allclose(scored.scores["brier"], (100 * 0.64 + 50 * 0.01) / 150)
    assert_allclose(scored.w, [100 / 150, 50 / 150])


@pytest.mark.parametrize("by", ["nobody"])
def test_unknown_grouping_is_refused(by: str) -> None:
    from realpolitik.errors import InputError

    with pytest.raises(InputError, match="--by"):
        score_ledger([], by=by)


def test_scores_as_a_table() -> None:
    entries, _ = synthetic_entries(12)
    res = score_ledger(fold(entries).values(), today=dt.date(2026, 1, 1))
    rows = res.rows()
    assert [r["forecaster"] for r in rows] == ["model:sharp", "analyst:ann"]
    assert len({tuple(r) for r in rows}) == 1  # the same keys in every row
    assert rows[0]["binary.brier"] == res.groups[0].forecasters[0].means["binary.brier"]
    assert "<table" in res._repr_html_()
