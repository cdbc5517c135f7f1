"""The decision view at once, for a slider move; the sampled figures follow.

A slider move must answer in well under a second, but the decision view's
acceptance block quotes P(accept) over the uncertainty, which needs the Monte
Carlo (and, with dynamics, the simulated war). :class:`QuickContext` renders
the decision view from the exact decision alone and marks those figures as
coming; the dashboard then asks for every view, which share the one cached
:class:`~realpolitik.report.ReportContext` and so sample only once.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from realpolitik.analysis.acceptance import AcceptanceLine
from realpolitik.report import ReportContext

__all__ = ["QuickContext"]


class _Pending:
    """Stands in for the acceptance block until its sampled figures are computed."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx

    def lines(self) -> list[AcceptanceLine]:
        r = self.ctx.why
        verb = "accepts" if r.accept else "rejects"
        return [
            AcceptanceLine(
                "decision",
                "Decision at the central estimates",
                f"{verb} (margin {r.margin:+.3f})",
                f"With every estimate at its central value, {r.actor_name} {verb}.",
            ),
            AcceptanceLine(
                "p_accept",
                "P(accept) over the uncertainty",
                "computing…",
                "Sampled over every estimate's range; it appears here in a moment.",
            ),
        ]


class QuickContext(ReportContext):
    """A view of ``ctx`` whose acceptance block waits for no sampling.

    It shares ``ctx``'s scenario, settings and decision, and draws no chart;
    once ``ctx`` has computed its acceptance block, the real one is shown.
    """

    draw_charts = False

    def __init__(self, ctx: ReportContext) -> None:
        ctx.why  # compute the decision once, on the shared context  # noqa: B018
        shared = {k: v for k, v in ctx.__dict__.items() if k not in ("mc", "dynamics", "acceptance")}
        self.__dict__.update(shared)
        self._full = ctx

    @cached_property
    def acceptance(self) -> Any:
        if "acceptance" in self._full.__dict__:
            return self._full.acceptance
        return _Pending(self._full)
