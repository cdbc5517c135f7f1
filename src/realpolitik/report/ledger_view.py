"""The forecast ledger's view: track record, calibration and the reliability diagram.

Shown when the report is given a ledger (``realpolitik report --ledger DB``, or the
dashboard's ``serve --db`` store) that holds at least one entry:
every question with its latest forecasts in estimative words, then each
forecaster's scores, Murphy decomposition and verdict, a reliability diagram of
every forecaster with enough resolved yes/no questions, and the paired
comparisons with the baselines (:mod:`realpolitik.analysis.ledger_scores`).
Below 10 resolved questions it says so instead of ranking anyone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from realpolitik.report import charts
from realpolitik.report.sections import ReportContext, section

__all__ = ["ledger_view"]

LEDGER_SCORES = "realpolitik.analysis.ledger_scores"


@section(
    "ledger", "Track record: sealed forecasts, scores and calibration", requires=(LEDGER_SCORES,), order=90
)
def ledger_view(ctx: ReportContext) -> dict[str, Any] | None:
    if ctx.ledger is None:
        return None
    from realpolitik.analysis.estimative import describe
    from realpolitik.analysis.ledger_scores import score_ledger
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.ledger import Ledger, fold

    with EvidenceStore(ctx.ledger) as store:
        ledger = Ledger(store.conn, str(store.path))
        check = ledger.verify()
        questions = fold(ledger.entries()) if check.ok else {}
    if check.ok and check.entries == 0:
        return None  # a store without a ledger: nothing to show
    today = dt.datetime.now(dt.UTC).date()
    scores = score_ledger(questions.values(), today=today, rng=ctx.seed)
    rows = [
        {
            "id": q.id,
            "status": q.status(today),
            "text": q.spec["text"],
            "deadline": q.spec["deadline"],
            "forecasts": [f"{k} {describe(f['p'])}" for k, f in q.latest().items() if "p" in f],
        }
        for q in questions.values()
    ]
    points = [
        {"forecaster": f.forecaster, "forecast": float(t.mean_forecast[i]), "observed": float(t.observed[i]),
         "n": float(t.count[i])}
        for g in scores.groups
        for f in g.forecasters
        if (t := f.calibration) is not None
        for i in range(t.count.size)
        if t.count[i] > 0
    ]  # fmt: skip
    return {
        "verified": check.ok,
        "check": check.message,
        "head": check.head,
        "entries": check.entries,
        "questions": rows,
        "scores": scores.to_dict(),
        "groups": scores.groups,
        "chart": charts.svg(charts.reliability(points)) if points else None,
    }
