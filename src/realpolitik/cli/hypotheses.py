"""``hypotheses``: the decision under each competing explanation, their mixture, Bayes from observed choices.

Model: :mod:`realpolitik.analysis.hypotheses`.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from realpolitik.cli.common import (
    ActorOpt,
    JsonOpt,
    OfferOpt,
    ScenarioArg,
    app,
    handles_input_errors,
    known_actor,
    out,
    print_json,
    read_scenario,
)


@app.command("hypotheses")
@handles_input_errors
def hypotheses_command(
    scenario: ScenarioArg,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Which explanation of the actor's choice? Decision under each hypothesis, mixture, posterior weights."""
    from realpolitik.analysis.decision import default_offer
    from realpolitik.analysis.hypotheses import hypotheses

    s = read_scenario(scenario)
    actor = known_actor(s, actor)
    res = hypotheses(s, actor, offer or default_offer(s, actor, "--offer"))
    if as_json:
        print_json(res.to_dict())
        return
    name = s.actors[actor].name
    out.print(
        f"{name} on '{res.offer}': mixture of {len(res.hypotheses)} hypothesis(es) gives "
        f"P(accept) {res.p_accept:.1%} ({res.decision})"
        + (
            f"; after {len(res.observations)} observed choice(s), {res.posterior_p_accept:.1%} "
            f"({res.posterior_decision})."
            if res.observations
            else "."
        )
    )
    table = Table(title="Hypotheses", title_justify="left")
    for col in ("hypothesis", "prior", "posterior", "decision", "margin", "P(accept)", "flip weight"):
        table.add_column(col, justify="left" if col in ("hypothesis", "decision") else "right")
    for h in res.hypotheses:
        flip = "none" if h.flip_weight is None else f"{h.flip_weight:.2f}"
        table.add_row(
            h.name,
            f"{h.prior:.2f}",
            f"{h.posterior:.2f}",
            h.decision,
            f"{h.margin:+.3f}",
            f"{h.p_accept:.1%}",
            flip,
        )
    out.print(table)
    for h in res.hypotheses:
        if h.overrides or h.note:
            out.print(Text(f"{h.name} ({h.id}):", style="bold"))
            for line in h.overrides:
                out.print(Text(f"  {line}"))
            if h.note:
                out.print(Text(f"  note: {h.note}"))
    if res.observations:
        obs = Table(title="Observed choices (likelihood under each hypothesis)", title_justify="left")
        obs.add_column("date")
        obs.add_column("choice")
        for h in res.hypotheses:
            obs.add_column(h.id, justify="right")
        for o in res.observations:
            obs.add_row(
                o.date.isoformat(),
                f"{o.actor} {o.decision}s {o.offer}",
                *(f"{o.likelihood[h.id]:.3f}" for h in res.hypotheses),
            )
        out.print(obs)
    out.print(
        Text(
            "flip weight: the prior weight on that hypothesis (the others keeping their ratios) at which the "
            "mixture P(accept) crosses 50% and the decision flips; 'none': no weight flips it. Posterior: "
            "prior x logit likelihood of each observed choice, normalized (docs/hypotheses.md)."
        )
    )
