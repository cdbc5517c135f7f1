"""A synthetic two-party scenario with many discrete issues: package spaces of any size.

Party ``a`` prefers high levels and ``b`` low ones, with a curvature that differs by issue so
the Pareto frontier is not a line; each values fighting on at its win probability.
"""

from __future__ import annotations

from realpolitik.scenario import Scenario, loads


def _stances(actor: str, n_issues: int, levels: list[str]) -> list[str]:
    lines = [f"  {actor}:", f"    name: {actor.upper()}", "    decision: {horizon: 1, discount: 1.0}"]
    lines.append("    stances:")
    top = len(levels) - 1
    for k in range(n_issues):
        e = 0.5 + (k % 4) * 0.5
        u = [(j / top) ** e if actor == "a" else 1 - (j / top) ** (1 / e) for j in range(len(levels))]
        table = ", ".join(f"{lv}: {x:.4f}" for lv, x in zip(levels, u, strict=True))
        lines += [f"      i{k}: {{utilities: {{{table}}}, salience: {1 + k % 3}}}"]
    return lines


def wide_text(n_issues: int, n_levels: int, p: float = 0.5) -> str:
    """Scenario YAML with ``n_issues`` issues of ``n_levels`` levels: n_levels ** n_issues packages."""
    levels = [f"l{j}" for j in range(n_levels)]
    lines = ["schema_version: 1", "title: wide package space", "issues:"]
    lines += [
        f"  i{k}: {{name: issue {k}, scale: {{levels: [{', '.join(levels)}]}}, status_quo: l0}}"
        for k in range(n_issues)
    ]
    lines += ["actors:", *_stances("a", n_issues, levels), *_stances("b", n_issues, levels)]
    middle = ", ".join(f"i{k}: l{n_levels // 2}" for k in range(n_issues))
    lines += ["offers:", "  deal: {name: middle, proposer: a, to: [a, b], terms: {" + middle + "}}"]
    lines += ["factors:"]
    lines += [
        f"  {a}.p: {{actor: {a}, name: chance of winning, category: battlefield, "
        f"kind: win_probability, side: continue, value: {p}}}"
        for a in ("a", "b")
    ]
    return "\n".join(lines) + "\n"


def wide(n_issues: int, n_levels: int, p: float = 0.5) -> Scenario:
    return loads(wide_text(n_issues, n_levels, p), name="wide.yaml")
