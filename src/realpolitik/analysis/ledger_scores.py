"""Score a forecast ledger: each forecaster's proper scores, calibration, and its edge over the baselines.

Every resolved question is scored for every forecaster who forecast it before
it resolved (forecasts dated after the resolution date are ignored). When a
forecaster updated its forecast over the question's life, each forecast counts
for the share of the life it stood (from its date to the next forecast or the
resolution date; :func:`~realpolitik.engines.scoring.time_weighted`): the
question's score is the time-weighted mean, and in the Murphy decomposition
and the calibration table each forecast carries that share as its weight, so a
question weighs one in total whatever the number of updates.

Binary questions get Brier and log scores, the Murphy decomposition, the
calibration table and slope, and a *consistency test* of the reliability term:
outcomes are redrawn from the forecasts themselves (as if the forecaster were
calibrated, Bröcker & Smith 2007) and the observed reliability is compared with
the 95th percentile of the redrawn ones. Categorical questions get Brier and
log scores; numeric ones the CRPS of their quantiles.

Each model and analyst is compared with every baseline that forecast the same
questions (for the model, the analyst's unaided judgement is a baseline too) by
the mean of paired per-question score differences with a bootstrap interval.
Nothing is ranked on fewer than :data:`MIN_RANKED` resolved questions: a group
or a forecaster below it is counted, and the result says why it is not scored.

Reference: Bröcker, J. & Smith, L. A. (2007). Increasing the reliability of
reliability diagrams. *Weather and Forecasting* 22(3).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from realpolitik.analysis.tables import Tabular
from realpolitik.engines import scoring as sc
from realpolitik.engines.sampling import RNGLike, as_generator
from realpolitik.errors import InputError, field_message
from realpolitik.ledger.state import QuestionState

__all__ = [
    "BYS",
    "MIN_RANKED",
    "Comparison",
    "ForecasterScore",
    "GroupScores",
    "LedgerScores",
    "score_ledger",
]

MIN_RANKED = 10
"""No score is ranked on fewer resolved questions than this."""
BYS = ("forecaster", "model", "analyst", "tag")
BASELINES = {"model": ("analyst", "baserate", "market", "crowd"), "analyst": ("baserate", "market", "crowd")}
METRICS = {"binary": ("brier", "log"), "categorical": ("brier", "log"), "numeric": ("crps",)}


@dataclass
class _Scored:
    """One forecaster on one resolved question."""

    question: int
    qtype: str
    scores: dict[str, float]
    p: list[float] = field(default_factory=list)
    """Binary: each forecast's probability, with its weight and the outcome."""
    w: list[float] = field(default_factory=list)
    y: float = 0.0


def _days(date: str) -> float:
    return float(dt.date.fromisoformat(date).toordinal())


def _weights(starts: list[float], end: float) -> np.ndarray:
    w = np.diff(np.append(starts, end))
    if w.sum() == 0:
        w = np.zeros(len(starts))
        w[-1] = 1.0
    return np.asarray(w / w.sum())


def _score_one(q: QuestionState, res: Mapping[str, Any], history: list[dict[str, Any]]) -> _Scored | None:
    h = [f for f in history if f["date"] <= res["date"]]
    if not h:
        return None
    starts, end = [_days(f["date"]) for f in h], _days(res["date"])
    qtype = q.spec["type"]
    if qtype == "binary":
        p, y = np.array([f["p"] for f in h]), float(bool(res["outcome"]))
        per = {"brier": sc.brier(p, np.full(p.size, y)), "log": sc.log_score(p, np.full(p.size, y))}
        out = _Scored(q.id, qtype, {m: sc.time_weighted(v, starts, end) for m, v in per.items()})
        out.p, out.w, out.y = p.tolist(), _weights(starts, end).tolist(), y
        return out
    if qtype == "categorical":
        labels = q.spec["outcomes"]
        P = np.array([[f["probs"][k] for k in labels] for f in h])
        k = np.full(len(h), labels.index(res["outcome"]))
        per = {"brier": sc.brier_categorical(P, k), "log": sc.log_score_categorical(P, k)}
        return _Scored(q.id, qtype, {m: sc.time_weighted(v, starts, end) for m, v in per.items()})
    crps = [
        float(sc.crps_quantiles(f["quantiles"]["levels"], [f["quantiles"]["values"]], [res["outcome"]])[0])
        for f in h
    ]
    return _Scored(q.id, qtype, {"crps": sc.time_weighted(crps, starts, end)})


@dataclass(frozen=True)
class ForecasterScore:
    """One forecaster's record in a group: mean scores by question type, calibration of binary forecasts."""

    forecaster: str
    n: int
    """Resolved questions scored."""
    by_type: dict[str, int]
    means: dict[str, float] = field(default_factory=dict)
    """``binary.brier``, ``binary.log``, ``categorical.brier``, ``categorical.log``, ``numeric.crps``."""
    murphy: sc.MurphyDecomposition | None = None
    calibration: sc.CalibrationTable | None = None
    slope: float | None = None
    reliability_p95: float | None = None
    """95th percentile of the reliability term if this forecaster were calibrated."""
    verdict: str | None = None

    @property
    def role(self) -> str:
        return self.forecaster.split(":", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "forecaster": self.forecaster,
            "n": self.n,
            "by_type": self.by_type,
            "means": self.means,
            "murphy": None if self.murphy is None else self.murphy.to_dict(),
            "calibration": None if self.calibration is None else self.calibration.to_dict(),
            "calibration_slope": self.slope,
            "reliability_p95": self.reliability_p95,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class Comparison:
    """``forecaster`` minus ``baseline`` on the questions both forecast (negative: forecaster better)."""

    forecaster: str
    baseline: str
    metric: str
    difference: sc.PairedDifference

    def to_dict(self) -> dict[str, Any]:
        return {
            "forecaster": self.forecaster,
            "baseline": self.baseline,
            "metric": self.metric,
            **self.difference.to_dict(),
        }


@dataclass(frozen=True)
class GroupScores:
    """The forecasters of one group of questions (all of them, one tag, one model or one analyst)."""

    group: str
    questions: int
    """Resolved questions in the group with at least one forecast scored."""
    ranked: bool
    message: str | None
    forecasters: list[ForecasterScore]
    comparisons: list[Comparison]

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "questions": self.questions,
            "ranked": self.ranked,
            "message": self.message,
            "forecasters": [f.to_dict() for f in self.forecasters],
            "comparisons": [c.to_dict() for c in self.comparisons],
        }


@dataclass(frozen=True)
class LedgerScores(Tabular):
    """Scores of every group, with counts of the questions not (yet) scored."""

    by: str
    groups: list[GroupScores]
    counts: dict[str, int]
    min_ranked: int = MIN_RANKED

    def rows(self) -> list[dict[str, Any]]:
        """One row per group and forecaster (``None`` where a score is not given, e.g. below 10 questions)."""
        out = []
        for g in self.groups:
            for f in g.forecasters:
                m = f.murphy
                out.append({
                    "group": g.group, "forecaster": f.forecaster, "n": f.n,
                    **{k: f.means.get(k) for k in ("binary.brier", "binary.log", "categorical.brier",
                                                   "categorical.log", "numeric.crps")},
                    "reliability": m.reliability if m else None, "resolution": m.resolution if m else None,
                    "uncertainty": m.uncertainty if m else None, "calibration_slope": f.slope,
                    "reliability_p95": f.reliability_p95, "verdict": f.verdict,
                })  # fmt: skip
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "min_ranked": self.min_ranked,
            "counts": self.counts,
            "groups": [g.to_dict() for g in self.groups],
        }


def _groups(questions: Iterable[QuestionState], by: str) -> dict[str, list[QuestionState]]:
    groups: dict[str, list[QuestionState]] = defaultdict(list)
    for q in questions:
        if by == "forecaster":
            names = ["all questions"]
        elif by == "tag":
            names = [f"tag {t}" for t in q.spec["tags"]] or ["untagged"]
        elif by == "analyst":
            names = [f"analyst {q.spec.get('analyst') or '(none)'}"]
        else:
            names = [f"model {f.split(':', 1)[1]}" for f in q.forecasters() if f.startswith("model:")]
        for name in names:
            groups[name].append(q)
    return dict(sorted(groups.items()))


def _forecaster(
    name: str,
    scored: list[_Scored],
    bins: int,
    replicates: int,
    rng: np.random.Generator,
) -> ForecasterScore:
    by_type = {t: sum(s.qtype == t for s in scored) for t in METRICS if any(s.qtype == t for s in scored)}
    if len(scored) < MIN_RANKED:
        return ForecasterScore(name, len(scored), by_type)
    means = {
        f"{t}.{m}": float(np.mean([s.scores[m] for s in scored if s.qtype == t]))
        for t in by_type
        for m in METRICS[t]
    }
    binary = [s for s in scored if s.qtype == "binary"]
    if len(binary) < MIN_RANKED:
        return ForecasterScore(name, len(scored), by_type, means)
    p = np.concatenate([s.p for s in binary])
    w = np.concatenate([s.w for s in binary])
    y = np.concatenate([[s.y] * len(s.p) for s in binary])
    murphy = sc.murphy(p, y, bins=bins, weights=w)
    table = sc.calibration_table(p, y, bins=bins, weights=w)
    slope = sc.calibration_slope(p, y, weights=w) if 0 < y.mean() < 1 and np.ptp(p) > 0 else None
    p95 = float(
        np.quantile(sc.reliability_if_calibrated(p, w, bins=bins, replicates=replicates, rng=rng), 0.95)
    )
    return ForecasterScore(
        name, len(scored), by_type, means, murphy, table, slope, p95, _verdict(murphy.reliability, p95, slope)
    )


def _verdict(reliability: float, p95: float, slope: float | None) -> str:
    if reliability <= p95:
        return (
            "calibrated as far as these questions can tell: the reliability term "
            f"{reliability:.4f} is within what a calibrated forecaster scores by chance (95%: {p95:.4f})"
        )
    direction = "miscalibrated"
    if slope is not None and slope < 1:
        direction = f"over-confident (forecasts too extreme; calibration slope {slope:.2f} < 1)"
    elif slope is not None and slope > 1:
        direction = f"under-confident (forecasts too timid; calibration slope {slope:.2f} > 1)"
    return (
        f"{direction}: the reliability term {reliability:.4f} exceeds what a calibrated forecaster "
        f"scores by chance (95%: {p95:.4f})"
    )


def _comparisons(
    per: Mapping[str, list[_Scored]], replicates: int, rng: np.random.Generator
) -> list[Comparison]:
    out = []
    for f, f_scored in per.items():
        for b, b_scored in per.items():
            if b.split(":", 1)[0] not in BASELINES.get(f.split(":", 1)[0], ()):
                continue
            theirs = {(s.question, s.qtype): s for s in b_scored}
            for qtype, metrics in METRICS.items():
                pairs = [
                    (s, theirs[(s.question, qtype)])
                    for s in f_scored
                    if s.qtype == qtype and (s.question, qtype) in theirs
                ]
                if len(pairs) < MIN_RANKED:
                    continue
                for m in metrics:
                    a, c = (
                        np.array([x.scores[m] for x, _ in pairs]),
                        np.array([x.scores[m] for _, x in pairs]),
                    )
                    if np.all(np.isfinite(a)) and np.all(np.isfinite(c)):
                        d = sc.paired_bootstrap(a, c, replicates=replicates, rng=rng)
                        out.append(Comparison(f, b, f"{qtype}.{m}", d))
    return out


def score_ledger(
    questions: Iterable[QuestionState],
    *,
    by: str = "forecaster",
    today: dt.date | None = None,
    bins: int = 10,
    replicates: int = 2000,
    rng: RNGLike = 0,
) -> LedgerScores:
    """Score every resolved question, grouped by ``by`` (one of :data:`BYS`); module docstring."""
    if by not in BYS:
        raise InputError(field_message("--by", "ledger score", f"one of {list(BYS)}", by))
    today = today or dt.date.today()
    qs = list(questions)
    counts: dict[str, int] = defaultdict(int)
    for q in qs:
        counts[q.status(today)] += 1
    gen = as_generator(rng)
    groups = []
    for name, members in _groups([q for q in qs if q.status(today) == "resolved"], by).items():
        per: dict[str, list[_Scored]] = defaultdict(list)
        for q in members:
            for f in q.forecasters():
                s = _score_one(q, q.resolution or {}, q.history(f))
                if s is not None:
                    per[f].append(s)
        n = len({s.question for ss in per.values() for s in ss})
        if n < MIN_RANKED:
            message = (
                f"only {n} resolved question(s) here: nothing is scored or ranked on fewer than {MIN_RANKED}."
            )
            groups.append(
                GroupScores(
                    name, n, False, message, [ForecasterScore(f, len(s), {}) for f, s in per.items()], []
                )
            )
            continue
        fs = [_forecaster(f, s, bins, replicates, gen) for f, s in per.items()]
        short = [f.forecaster for f in fs if f.n < MIN_RANKED]
        note = (
            f"not scored, fewer than {MIN_RANKED} resolved questions: {', '.join(short)}." if short else None
        )
        groups.append(GroupScores(name, n, True, note, fs, _comparisons(per, replicates, gen)))
    return LedgerScores(by, groups, dict(counts))
