"""Views of the judgements behind the answer: competing explanations and several analysts (issue 17).

``hypotheses``: the decision and P(accept) under each declared explanation, their
prior and posterior weights and the flip weights (:mod:`realpolitik.analysis.hypotheses`).
``analysts``: the decision under each analyst's estimates, their weighted pool and
the disagreement table (:mod:`realpolitik.analysis.analysts`). Each is shown only when
the scenario declares hypotheses, or factors with two or more analysts' estimates.
"""

from __future__ import annotations

from typing import Any

from realpolitik.report.sections import ReportContext, section

__all__ = ["analysts_view", "hypotheses_view"]


@section(
    "hypotheses", "Competing explanations: the decision under each",
    requires=("realpolitik.analysis.hypotheses",), order=54,
)  # fmt: skip
def hypotheses_view(ctx: ReportContext) -> dict[str, Any] | None:
    from realpolitik.analysis.hypotheses import hypotheses

    if not ctx.scenario.hypotheses:
        return None
    res = hypotheses(ctx.scenario, ctx.actor, ctx.offer)
    return {"r": res, "observed": bool(res.observations)}


@section(
    "analysts", "Several analysts: the decision under each, and where they disagree",
    requires=("realpolitik.analysis.analysts",), order=56,
)  # fmt: skip
def analysts_view(ctx: ReportContext) -> dict[str, Any] | None:
    from realpolitik.analysis.analysts import analyst_ids, by_analyst

    if len(analyst_ids(ctx.scenario)) < 2:
        return None
    return {"r": by_analyst(ctx.scenario, ctx.actor, ctx.offer)}
