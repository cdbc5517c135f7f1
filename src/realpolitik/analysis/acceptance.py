r"""One answer to "will it accept?": the acceptance block every face prints.

Three numbers answer three different questions, and the block states each
with one plain sentence so a reader knows which to quote:

``decision`` (at the central estimates)
    Every estimate at its central value: the actor accepts iff the margin
    :math:`m \ge 0` (:func:`~realpolitik.analysis.decision.why`).
``p_accept`` (over the estimates' uncertainty) — **the figure to quote**
    :math:`\bar P = \frac1N\sum_i \sigma(m_i/T)`, the logit acceptance
    probability averaged over Monte Carlo draws of every estimate in its
    stated range (:func:`~realpolitik.analysis.uncertainty.monte_carlo`),
    with its Monte Carlo interval. It folds in both the analyst's
    uncertainty about the inputs and the actor's decision noise.
``p_central``
    :math:`\sigma(m/T)` at the central estimates: decision noise alone. It
    ignores that the estimates are uncertain, so it differs from
    ``p_accept`` whenever the ranges are wide (the logit is not linear, so
    the mean of :math:`\sigma` is not :math:`\sigma` of the mean).
``p_settled`` (optional, from ``simulate``)
    :math:`P(\text{settled within } N \text{ steps})` when the war is run
    as a process (:mod:`.dynamics`): every party must accept, and the
    battlefield and beliefs move step by step. It answers "when", not
    "now", so it is lower than ``p_accept`` when other parties must also
    sign and higher when the war turns against the actor over time.

The JSON keys (:meth:`AcceptanceBlock.to_dict`) are stable; the sentences
(:meth:`AcceptanceBlock.lines`) are the wording every face uses. The two
probabilities a reader acts on carry their estimative words (ICD 203,
:mod:`.estimative`): "0.063 (95% interval 0.060–0.067), very unlikely".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from realpolitik.analysis.estimative import ICD_203
from realpolitik.analysis.tables import Tabular
from realpolitik.errors import InputError

if TYPE_CHECKING:
    from realpolitik.analysis.decision import DecisionResult
    from realpolitik.analysis.dynamics import DynamicsResult
    from realpolitik.analysis.uncertainty import Interval, UncertaintyResult

__all__ = ["AcceptanceBlock", "AcceptanceLine", "SettledWithin", "acceptance_block", "settled_within"]

QUOTE = "p_accept"
"""The key of the figure to quote."""


@dataclass(frozen=True)
class SettledWithin:
    """P(settled within ``steps``) from a dynamics simulation, with its interval."""

    schedule: str
    steps: int
    time_unit: str
    estimate: float
    low: float
    high: float
    paths: int
    parties: tuple[str, ...]


@dataclass(frozen=True)
class AcceptanceLine:
    """One labelled figure of the block and the sentence saying what it means."""

    key: str
    label: str
    figure: str
    sentence: str
    quote: bool = False


def _joined(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _plural(unit: str, n: float) -> str:
    return unit if n == 1 else unit + "s"


@dataclass(frozen=True)
class AcceptanceBlock(Tabular):
    """The reconciled acceptance answer for one actor and one offer."""

    actor: str
    actor_name: str
    offer: str
    offer_name: str
    accept: bool
    margin: float
    temperature: float
    p_central: float
    p_accept: Interval
    share_accept: Interval
    draws: int
    design: str
    seed: int | Sequence[int] | None
    settled: SettledWithin | None = None

    @property
    def decision(self) -> str:
        return "accept" if self.accept else "reject"

    def rows(self) -> list[dict[str, Any]]:
        """One row per line of the block: key, label, figure, sentence, and whether it is the one to quote."""
        return [
            {"key": x.key, "label": x.label, "figure": x.figure, "quote": x.quote, "sentence": x.sentence}
            for x in self.lines()
        ]

    def lines(self) -> list[AcceptanceLine]:
        """The block's figures and sentences, in the order every face prints them."""
        who, verb = self.actor_name, "accepts" if self.accept else "rejects"
        more = "more" if self.margin >= 0 else "less"
        p, sh = self.p_accept, self.share_accept
        level = f"{p.level:.0%}"
        rows = [
            AcceptanceLine(
                "decision",
                "Decision at the central estimates",
                f"{verb} (margin {self.margin:+.3f})",
                f"With every estimate at its central value, settling is worth {abs(self.margin):.3f} "
                f"{more} than fighting on, so {who} {verb}.",
            ),
            AcceptanceLine(
                "p_accept",
                "P(accept) over the uncertainty",
                f"{p.estimate:.3f} ({level} interval {p.low:.3f}–{p.high:.3f}), {ICD_203.phrase(p.estimate)}",
                f"The figure to quote: the chance {who} accepts, averaged over {self.draws} draws of "
                f"every estimate within its stated range and over its decision noise; "
                f"in {sh.estimate:.1%} of the draws the margin is positive.",
                quote=True,
            ),
            AcceptanceLine(
                "p_central",
                "P(accept) at the central estimates",
                f"{self.p_central:.3f}",
                f"Decision noise alone (temperature {self.temperature:g}) with every estimate at its "
                "central value; it ignores that the estimates are uncertain, which is why it differs "
                "from the figure to quote.",
            ),
        ]
        if self.settled is not None:
            st = self.settled
            rows.append(
                AcceptanceLine(
                    "p_settled",
                    f"P(settled within {st.steps} {_plural(st.time_unit, st.steps)})",
                    f"{st.estimate:.1%} ({level} interval {st.low:.1%}–{st.high:.1%}), "
                    f"{ICD_203.phrase(st.estimate)}",
                    f"From simulate ({st.paths} paths, schedule '{st.schedule}'): the chance the war ends "
                    f"in this settlement within {st.steps} {_plural(st.time_unit, st.steps)}, with "
                    f"{_joined(st.parties)} all having to accept while the battlefield and beliefs "
                    "change; it answers 'when', not 'now'.",
                )
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Stable keys: ``decision``, ``p_accept`` (the figure to quote), ``p_central``, ``p_settled``."""
        text = {line.key: line.sentence for line in self.lines()}
        settled = None
        if self.settled is not None:
            st = self.settled
            settled = {
                "estimate": st.estimate,
                "low": st.low,
                "high": st.high,
                "steps": st.steps,
                "time_unit": st.time_unit,
                "schedule": st.schedule,
                "paths": st.paths,
                "parties": list(st.parties),
                "text": text["p_settled"],
            }
        return {
            "actor": self.actor,
            "offer": self.offer,
            "quote": QUOTE,
            "decision": {
                "value": self.decision,
                "margin": self.margin,
                "basis": "central estimates",
                "text": text["decision"],
            },
            "p_accept": {
                **self.p_accept.to_dict(),
                "share_margin_positive": self.share_accept.estimate,
                "draws": self.draws,
                "design": self.design,
                "seed": self.seed,
                "text": text["p_accept"],
            },
            "p_central": {
                "estimate": self.p_central,
                "temperature": self.temperature,
                "text": text["p_central"],
            },
            "p_settled": settled,
        }


def acceptance_block(
    decision: DecisionResult,
    mc: UncertaintyResult,
    *,
    seed: int | Sequence[int] | None = None,
    settled: SettledWithin | None = None,
) -> AcceptanceBlock:
    """Reconcile the central decision, the Monte Carlo P(accept) and optionally P(settled)."""
    if (decision.actor, decision.offer) != (mc.actor, mc.offer):
        raise InputError("the decision and the Monte Carlo run are about different actors or offers")
    return AcceptanceBlock(
        actor=decision.actor,
        actor_name=decision.actor_name,
        offer=decision.offer,
        offer_name=decision.offer_name,
        accept=decision.accept,
        margin=decision.margin,
        temperature=decision.temperature,
        p_central=decision.p_accept,
        p_accept=mc.p_accept,
        share_accept=mc.share_accept,
        draws=mc.draws,
        design=mc.design,
        seed=seed,
        settled=settled,
    )


def settled_within(
    result: DynamicsResult, steps: int, schedule: str = "baseline", names: dict[str, str] | None = None
) -> SettledWithin:
    """P(settled within ``steps``) of one simulated schedule, with its Wilson interval.

    ``names`` maps party ids to the names the sentence uses.
    """
    if schedule not in result.outcomes:
        raise InputError(f"schedule '{schedule}' was not simulated; simulated: {sorted(result.outcomes)}.")
    steps = min(steps, result.steps)
    p, low, high = result.outcomes[schedule].p_settled_by(steps)
    return SettledWithin(
        schedule=schedule,
        steps=steps,
        time_unit=result.time_unit,
        estimate=p,
        low=low,
        high=high,
        paths=result.paths,
        parties=tuple((names or {}).get(p, p) for p in result.parties),
    )
