"""Is there a deal every party prefers to fighting on? Orchestrates the bargaining engine.

Each party values a package of issue positions with the same additive utility
and the same reservation value that :func:`~realpolitik.analysis.decision.why`
uses (built by :func:`~realpolitik.analysis.decision.decision_problem` at the
central estimates), so a package's margin here is the margin ``why`` reports
for the same package offered. :func:`deals` checks this on every offer in the
scenario and on every package it reports, and raises
:class:`~realpolitik.errors.ModelError` if the two ever disagree.

The package space is the Cartesian product of the positions of every issue
any of the parties has a stance on: the levels of a discrete issue; for a
continuous issue, ``grid`` evenly spaced points plus every party's ideal, every
offer's position and the status quo (so the scenario's offers are packages).

A space of more than ``MAX_PACKAGES`` packages is not enumerated but sampled:
``DEFAULT_SAMPLES`` distinct packages drawn uniformly
(:func:`~realpolitik.engines.package_sampling.sample_packages`; ``samples=``
chooses the size, and asks for a sample of a smaller space too). Every figure
is then the sample's: its ZOPA is a subset of the true one, its gap at least
the true gap, its Pareto set the frontier of the sampled packages (which holds
every truly efficient package that was drawn, and may hold packages an unsampled
one dominates). The result says so (``sampled``) and estimates the ZOPA's share
of the space with a Wilson interval.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from realpolitik.analysis.decision import Contribution, DecisionProblem, decision_problem, why
from realpolitik.analysis.sampling import RNGLike, seed_sequence
from realpolitik.analysis.tables import Tabular
from realpolitik.analysis.uncertainty import Interval, wilson_interval
from realpolitik.engines.bargaining import BargainingResult, PackageSpace, bargain
from realpolitik.engines.package_sampling import MAX_INDEX, sample_packages
from realpolitik.errors import InputError, ModelError, field_message
from realpolitik.scenario.schema import Offer, Position, Scenario

__all__ = ["ActorMargin", "DealsResult", "OpeningShift", "Package", "deals"]

DEFAULT_GRID = 21
MAX_PACKAGES = 10**8
"""Largest package space :func:`deals` enumerates; larger ones are sampled."""
DEFAULT_SAMPLES = 10**6
"""Packages drawn when the space is too large to enumerate and no sample size is given."""
Seed = int | tuple[int, ...] | None
CONSISTENCY_TOL = 1e-9
"""Largest tolerated difference between a margin here and ``why``'s (floating-point sums)."""


@dataclass(frozen=True)
class ActorMargin:
    """One party's view of a package."""

    actor: str
    actor_name: str
    margin: float
    """Value of the package minus the value of continuing; accepts iff >= 0."""
    offer_value: float
    reservation_value: float
    carriers: tuple[Contribution, ...]
    """The largest terms pushing toward its decision (as ``why`` reports them)."""

    @property
    def accept(self) -> bool:
        return self.margin >= 0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["accept"] = self.accept
        return out


@dataclass(frozen=True)
class Package:
    """A package of issue positions and every party's margin on it."""

    label: str
    index: int
    terms: dict[str, Position]
    margins: tuple[ActorMargin, ...]

    @property
    def min_margin(self) -> float:
        return min(m.margin for m in self.margins)

    @property
    def nash_product(self) -> float | None:
        """Product of the margins when every party accepts (Nash 1950), else None."""
        if self.min_margin < 0:
            return None
        return float(np.prod([m.margin for m in self.margins]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "index": self.index,
            "terms": dict(self.terms),
            "min_margin": self.min_margin,
            "nash_product": self.nash_product,
            "margins": [m.to_dict() for m in self.margins],
        }


@dataclass(frozen=True)
class OpeningShift:
    """The smallest cut in one party's reservation value alone that opens a ZOPA."""

    actor: str
    actor_name: str
    shift: float | None
    """None when no cut of this party's alone can open one."""
    package: Package | None


@dataclass(frozen=True)
class DealsResult(Tabular):
    """The bargaining picture among a set of parties, at the central estimates."""

    title: str
    actors: tuple[str, ...]
    actor_names: tuple[str, ...]
    issues: tuple[str, ...]
    fixed: dict[str, Position]
    """Issues held at one position (the rest are bargained over)."""
    grid: dict[str, tuple[Position, ...]]
    n_packages: int
    zopa_size: int
    gap: float
    """Uniform cut in every reservation value that opens a ZOPA (0 when one exists)."""
    blocking_actor: str | None
    """The party with the smallest margin at the closest package, when no ZOPA exists."""
    closest: Package
    """The package maximizing the smallest margin."""
    pareto_size: int
    pareto_in_zopa: int
    pareto: tuple[Package, ...]
    """Top frontier packages: by Nash product within the ZOPA, else by smallest margin."""
    nash: Package | None
    kalai_smorodinsky: Package | None
    opening_shifts: tuple[OpeningShift, ...]
    offers: tuple[Package, ...]
    """Every offer in the scenario, as a package."""
    zopa_positions: dict[str, tuple[Position, ...]]
    """Per issue, the positions that occur in at least one acceptable package."""
    sampled: int | None = None
    """Packages evaluated when the space was sampled (then every figure is the sample's
    estimate); None when every package was."""
    seed: Seed = None
    """Entropy of the sample's seed, to reproduce it (None when not sampled)."""

    @property
    def zopa_share(self) -> Interval | None:
        """Estimated share of all packages in the ZOPA, from the sample (Wilson 95%)."""
        return None if self.sampled is None else wilson_interval(self.zopa_size, self.sampled)

    def _sample_note(self) -> str:
        share = self.zopa_share
        if share is None:
            return ""
        return (
            f" Estimated from a uniform sample of {self.sampled:,} of the {self.n_packages:,} packages "
            f"(seed {self.seed}): an estimated {share.estimate:.3%} of all packages "
            f"[{share.low:.3%}, {share.high:.3%}] are acceptable; the Pareto set, the solutions "
            "and the gap are the sample's."
        )

    def ruled_out(self) -> dict[str, tuple[Position, ...]]:
        """Per discrete issue, the levels no acceptable package has (empty without a ZOPA)."""
        if not self.has_zopa:
            return {}
        return {
            k: tuple(p for p in self.grid[k] if p not in self.zopa_positions[k])
            for k in self.issues
            if k not in self.fixed and all(isinstance(p, str) for p in self.grid[k])
        }

    @property
    def has_zopa(self) -> bool:
        return self.zopa_size > 0

    def statement(self) -> str:
        """One paragraph answering: is there a deal, and if not, how far apart are the parties?"""
        names = " and ".join(self.actor_names)
        sampled = "sampled " if self.sampled is not None else ""
        if self.has_zopa:
            assert self.nash is not None  # a non-empty ZOPA always has a Nash package
            excluded = "; ".join(
                f"{k} at {' or '.join(map(str, v))}" for k, v in self.ruled_out().items() if v
            )
            return (
                f"{self.zopa_size} of {self.sampled or self.n_packages} {sampled}packages are acceptable "
                f"to {names}; the Nash bargaining package leaves every party at least "
                f"{self.nash.min_margin:.3f} above its reservation value."
                + (f" No {sampled}acceptable package has {excluded}." if excluded else "")
                + self._sample_note()
            )
        blocker = self.actor_names[self.actors.index(self.blocking_actor or self.actors[0])]
        cuts = [
            f"{o.actor_name} by {o.shift:.3f}" if o.shift is not None else f"{o.actor_name}: no cut suffices"
            for o in self.opening_shifts
        ]
        held = ", ".join(f"{k} held at {v}" for k, v in self.fixed.items())
        return (
            f"No {sampled}package of the {len(self.issues)} issues{f' ({held})' if held else ''} is "
            f"acceptable to {names}: they are "
            f"{self.gap:.3f} apart (the closest package leaves {blocker} {self.gap:.3f} short of its "
            f"reservation value). A zone of agreement opens if every reservation value falls by "
            f"{self.gap:.3f}, or if one party's alone falls: {'; '.join(cuts)}."
            + self._sample_note()
        )

    def rows(self) -> list[dict[str, Any]]:
        """One row per reported package (solutions, Pareto frontier, the scenario's offers): its
        positions, each party's margin, and the smallest margin and Nash product."""
        named = [("nash", self.nash), ("kalai_smorodinsky", self.kalai_smorodinsky)]
        packages = [(k, p) for k, p in named if p is not None]
        packages += [("pareto", p) for p in self.pareto] + [("offer", p) for p in self.offers]
        out = []
        for group, p in packages:
            row: dict[str, Any] = {"group": group, "label": p.label}
            row.update({f"issue_{k}": v for k, v in p.terms.items()})
            row.update({f"margin_{m.actor}": m.margin for m in p.margins})
            row.update({"min_margin": p.min_margin, "nash_product": p.nash_product})
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "actors": list(self.actors),
            "issues": list(self.issues),
            "fixed": dict(self.fixed),
            "grid": {k: list(v) for k, v in self.grid.items()},
            "n_packages": self.n_packages,
            "has_zopa": self.has_zopa,
            "zopa_size": self.zopa_size,
            "gap": self.gap,
            "blocking_actor": self.blocking_actor,
            "statement": self.statement(),
            "closest": self.closest.to_dict(),
            "pareto_size": self.pareto_size,
            "pareto_in_zopa": self.pareto_in_zopa,
            "pareto": [p.to_dict() for p in self.pareto],
            "nash": None if self.nash is None else self.nash.to_dict(),
            "kalai_smorodinsky": None if self.kalai_smorodinsky is None else self.kalai_smorodinsky.to_dict(),
            "opening_shifts": [
                {
                    "actor": o.actor,
                    "shift": o.shift,
                    "package": None if o.package is None else o.package.to_dict(),
                }
                for o in self.opening_shifts
            ],
            "offers": [p.to_dict() for p in self.offers],
            "zopa_positions": {k: list(v) for k, v in self.zopa_positions.items()},
            "ruled_out": {k: list(v) for k, v in self.ruled_out().items()},
            "estimated": self.sampled is not None,
            "sampled": self.sampled,
            "seed": self.seed,
            "zopa_share": None if self.zopa_share is None else self.zopa_share.to_dict(),
        }


def _with_offer(
    scenario: Scenario, oid: str, terms: dict[str, Position], actors: tuple[str, ...]
) -> Scenario:
    offer = Offer(name=f"package {oid}", proposer=actors[0], to=actors, terms=terms)
    return scenario.model_copy(update={"offers": {**scenario.offers, oid: offer}})


def _resolve_actors(scenario: Scenario, actors: tuple[str, ...] | None) -> tuple[str, ...]:
    if actors is None:
        if not scenario.offers:
            raise InputError("the scenario has no offers to take the parties from; name them with --actors.")
        actors = next(iter(scenario.offers.values())).to
    actors = tuple(dict.fromkeys(actors))
    for a in actors:
        if a not in scenario.actors:
            raise InputError(field_message("actors", "deals", f"ids among {sorted(scenario.actors)}", a))
    if len(actors) < 2:
        raise InputError(field_message("actors", "deals", "at least two distinct actor ids", list(actors)))
    return actors


def _grid(
    scenario: Scenario, issue: str, actors: tuple[str, ...], points: int, fixed: Position | None
) -> tuple[Position, ...]:
    iss = scenario.issues[issue]
    if iss.scale.levels is not None:
        return tuple(iss.scale.levels)
    lo, hi = iss.scale.bounds
    extra = [iss.position_value(iss.status_quo)]
    if isinstance(fixed, int | float) and lo <= fixed <= hi:
        extra.append(float(fixed))
    extra += [
        iss.position_value(s.ideal)
        for a in actors
        if (s := scenario.actors[a].stances.get(issue)) is not None and s.ideal is not None
    ]
    extra += [iss.position_value(o.terms[issue]) for o in scenario.offers.values() if issue in o.terms]
    values = np.unique(np.round(np.concatenate([np.linspace(lo, hi, points), extra]), 12))
    return tuple(float(v) for v in values)


def _tables(
    scenario: Scenario,
    problems: list[DecisionProblem],
    issues: tuple[str, ...],
    grid: dict[str, tuple[Position, ...]],
) -> list[np.ndarray]:
    """Per issue, (parties, positions): each party's utility term, by DecisionProblem.offer_terms."""
    tables = [np.zeros((len(problems), len(grid[k]))) for k in issues]
    for i, prob in enumerate(problems):  # parties and issues are few; positions are vectorized
        sal = prob.central_saliences()
        for j, issue in enumerate(prob.issue_ids):
            iss = scenario.issues[issue]
            pos = np.tile(prob.positions, (len(grid[issue]), 1))
            pos[:, j] = [iss.position_value(p) for p in grid[issue]]
            tables[issues.index(issue)][i] = prob.offer_terms(sal, pos)[:, j]
    return tables


def _fixed_levels(
    scenario: Scenario,
    issues: tuple[str, ...],
    positions: dict[str, tuple[Position, ...]],
    fixed: dict[str, Position],
) -> list[np.ndarray]:
    """Per issue, the grid indices left open: all of them, or the one position ``fixed`` holds it at."""
    for k in fixed:
        if k not in issues:
            raise InputError(field_message("fix", "deals", f"an issue id among {list(issues)}", k))
    out = []
    for k in issues:
        if k not in fixed:
            out.append(np.arange(len(positions[k])))
            continue
        iss = scenario.issues[k]
        try:
            want = iss.position_value(fixed[k])
        except ValueError as exc:
            raise InputError(f"'fix' of issue '{k}' {exc}") from None
        grid = np.array([iss.position_value(p) for p in positions[k]])
        out.append(np.flatnonzero(np.isclose(grid, want, rtol=0, atol=1e-9))[:1])
    return out


def deals(
    scenario: Scenario,
    actors: tuple[str, ...] | list[str] | None = None,
    top: int = 5,
    grid: int = DEFAULT_GRID,
    fixed: dict[str, Position] | None = None,
    *,
    samples: int | None = None,
    rng: RNGLike = None,
) -> DealsResult:
    """ZOPA or gap, Pareto frontier, Nash and Kalai–Smorodinsky packages among ``actors``.

    Parameters
    ----------
    scenario : Scenario
    actors : sequence of str, optional
        Parties to the deal; default the recipients of the scenario's first offer.
    top : int
        Frontier packages to report.
    grid : int
        Evenly spaced points on each continuous issue (plus ideals, offers, status quo).
    fixed : dict, optional
        Issues held at one position (issue id -> level name or number): the
        deals that keep, say, ``statehood: sovereign_armed`` off the table.
    samples : int, optional
        Evaluate a uniform sample of this many packages instead of all of them
        (every package when the space has no more). Default: enumerate, or
        sample ``DEFAULT_SAMPLES`` when the space exceeds ``MAX_PACKAGES``.
    rng : Generator, SeedSequence, int or None
        Seed of the sample.

    Examples
    --------
    >>> import realpolitik as rp
    >>> from realpolitik.analysis.deals import deals
    >>> d = deals(rp.load("scenarios/ukraine-2025-07.yaml"), fixed={"statehood": "sovereign_armed"})
    >>> d.has_zopa, d.blocking_actor
    (False, 'russia')
    """
    if grid < 2:
        raise InputError(field_message("grid", "deals", "an integer >= 2", grid))
    if top < 0:
        raise InputError(field_message("top", "deals", "a non-negative integer", top))
    actors = _resolve_actors(scenario, None if actors is None else tuple(actors))
    base = scenario if scenario.offers else _with_offer(scenario, "status-quo", {}, actors)
    any_offer = next(iter(base.offers))
    problems = [decision_problem(base, a, any_offer) for a in actors]
    issues = tuple(i for i in scenario.issues if any(i in p.issue_ids for p in problems))
    fixed = dict(fixed or {})
    positions = {k: _grid(scenario, k, actors, grid, fixed.get(k)) for k in issues}
    open_levels = _fixed_levels(scenario, issues, positions, fixed)
    n_packages = int(np.prod([len(v) for v in open_levels], dtype=object))
    root = seed_sequence(rng)
    sample = _sample(n_packages, samples, root, len(issues))
    reservation = np.array([float(p.reservation_value()) for p in problems])
    tables = _tables(scenario, problems, issues, positions)
    space = PackageSpace(tables, reservation)
    open_space = PackageSpace([t[:, lv] for t, lv in zip(tables, open_levels, strict=True)], reservation)
    res = bargain(open_space, packages=sample)
    ctx = _Context(scenario, actors, issues, positions, space, open_space, tuple(open_levels), fixed)
    entropy = root.entropy
    seed = None if sample is None else entropy if isinstance(entropy, int) else tuple(entropy or ())
    return _assemble(ctx, res, top, seed)


def _sample(
    n_packages: int, samples: int | None, root: np.random.SeedSequence, n_issues: int
) -> np.ndarray | None:
    """Package indices to evaluate: None for all of them, else a uniform sample (module doc)."""
    if samples is not None and not 1 <= samples <= MAX_PACKAGES:
        raise InputError(field_message("samples", "deals", f"an integer in [1, {MAX_PACKAGES}]", samples))
    if samples is None:
        samples = None if n_packages <= MAX_PACKAGES else DEFAULT_SAMPLES
    if samples is None or samples >= n_packages:
        return None
    if n_packages > MAX_INDEX:
        raise InputError(
            field_message("grid", "deals", "small enough to number every package in 64 bits", n_packages)
            + f" The {n_issues} issues give {n_packages} packages; use a coarser --grid or --fix some."
        )
    return sample_packages(n_packages, samples, np.random.default_rng(root))


@dataclass(frozen=True)
class _Context:
    scenario: Scenario
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    positions: dict[str, tuple[Position, ...]]
    space: PackageSpace
    """Every grid position of every issue: offers are packages of this space."""
    open_space: PackageSpace
    """The positions left open by ``fixed``: where the bargaining runs."""
    open_levels: tuple[np.ndarray, ...]
    fixed: dict[str, Position]

    def full_index(self, open_index: int) -> int:
        """Index in ``space`` of a package of ``open_space``."""
        levels = self.open_space.levels(open_index)
        return int(self.space.package([lv[levels[k]] for k, lv in enumerate(self.open_levels)]))

    def terms(self, index: int) -> dict[str, Position]:
        levels = self.space.levels(index)
        return {k: self.positions[k][int(levels[n])] for n, k in enumerate(self.issues)}

    def index_of(self, offer: Offer) -> int:
        levels = []
        for k in self.issues:
            iss = self.scenario.issues[k]
            want = iss.position_value(offer.terms.get(k, iss.status_quo))
            grid = [iss.position_value(p) for p in self.positions[k]]
            levels.append(int(np.argmin(np.abs(np.array(grid) - want))))
        return int(self.space.package(levels))

    def package(self, label: str, index: int, offer_id: str | None = None) -> Package:
        """Evaluate through ``why`` and check it against the engine's margins."""
        if offer_id is None:
            offer_id = f"deals.package-{index}"
            scen = _with_offer(self.scenario, offer_id, self.terms(index), self.actors)
        else:
            scen = self.scenario
        engine = self.space.margins(np.array([index]))[:, 0]
        rows = []
        for a, m in zip(self.actors, engine, strict=True):
            r = why(scen, a, offer_id)
            if abs(r.margin - m) > CONSISTENCY_TOL:
                raise ModelError(
                    f"deals and why disagree on {a}'s margin for {label}: {m!r} vs {r.margin!r}; "
                    "this is a bug, please report it."
                )
            rows.append(
                ActorMargin(
                    a, r.actor_name, r.margin, r.offer_value, r.reservation_value, tuple(r.carriers())
                )
            )
        return Package(label, index, self.terms(index), tuple(rows))


def _ranked_frontier(res: BargainingResult, top: int) -> tuple[np.ndarray, int]:
    M = res.pareto_margins()
    in_zopa = np.all(M >= 0, axis=0)
    if res.has_zopa:
        keep = np.flatnonzero(in_zopa)
        score = np.prod(M[:, keep], axis=0)
    else:
        keep = np.arange(M.shape[1])
        score = M.min(axis=0)
    order = keep[np.lexsort((res.pareto[keep], -score))]
    return res.pareto[order[:top]], int(in_zopa.sum())


def _assemble(ctx: _Context, res: BargainingResult, top: int, seed: Seed = None) -> DealsResult:
    frontier, pareto_in_zopa = _ranked_frontier(res, top)
    names = tuple(ctx.scenario.actors[a].name for a in ctx.actors)
    shifts = tuple(
        OpeningShift(
            a,
            names[j],
            None if not np.isfinite(s) else float(s),
            None
            if res.opening_package[j] < 0
            else ctx.package(f"opening:{a}", ctx.full_index(res.opening_package[j])),
        )
        for j, (a, s) in enumerate(zip(ctx.actors, res.opening_shift, strict=True))
    )
    offers = tuple(
        ctx.package(f"offer:{oid}", ctx.index_of(o), offer_id=oid) for oid, o in ctx.scenario.offers.items()
    )
    return DealsResult(
        title=ctx.scenario.title,
        actors=ctx.actors,
        fixed=dict(ctx.fixed),
        actor_names=names,
        issues=ctx.issues,
        grid=ctx.positions,
        n_packages=res.n_packages,
        zopa_size=res.zopa_size,
        gap=res.gap,
        blocking_actor=None if res.has_zopa else ctx.actors[res.blocking_party],
        closest=ctx.package("closest", ctx.full_index(res.max_min_package)),
        pareto_size=int(res.pareto.size),
        pareto_in_zopa=pareto_in_zopa,
        pareto=tuple(ctx.package(f"pareto:{n + 1}", ctx.full_index(i)) for n, i in enumerate(frontier)),
        nash=None if res.nash is None else ctx.package("nash", ctx.full_index(res.nash)),
        kalai_smorodinsky=(
            None
            if res.kalai_smorodinsky is None
            else ctx.package("kalai_smorodinsky", ctx.full_index(res.kalai_smorodinsky))
        ),
        opening_shifts=shifts,
        offers=offers,
        zopa_positions={
            k: tuple(ctx.positions[k][int(i)] for i in lv[used])
            for k, lv, used in zip(ctx.issues, ctx.open_levels, res.zopa_positions, strict=True)
        },
        sampled=res.sampled,
        seed=seed,
    )
