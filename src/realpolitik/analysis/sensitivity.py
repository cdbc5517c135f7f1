r"""Which estimates matter? Sobol' variance-based sensitivity of the decision margin.

For a model :math:`Y = f(X_1, \dots, X_d)` with independent inputs, the
first-order index :math:`S_i = V[E(Y \mid X_i)] / V(Y)` is the share of the
output variance that :math:`X_i` explains alone, and the total index
:math:`S_{Ti} = E[V(Y \mid X_{\sim i})] / V(Y)` the share it takes part in,
interactions included (Sobol' 1993; Homma & Saltelli 1996). A parameter with
a small :math:`S_{Ti}` can be fixed at its central value without changing
the answer; :math:`S_{Ti} - S_i` measures its interactions.

Estimation follows Saltelli et al. (2010, *Comput. Phys. Commun.* 181,
259–270): two independent scrambled Sobol' matrices :math:`A, B` of ``n``
rows and the ``d`` matrices :math:`A_B^{(i)}` (``A`` with column ``i`` from
``B``), ``n (d + 2)`` model runs in all; the estimators (their Table 2, eq.
(b) for :math:`S_i` and Jansen's eq. (f) for :math:`S_{Ti}`) and bootstrap
confidence intervals are SALib's (Herman & Usher 2017,
:func:`SALib.analyze.sobol.analyze`). The design is built here on the unit
cube, vectorized, in SALib's row layout, and mapped to each parameter's
distribution by its inverse CDF; Sobol' indices are invariant under such
monotone one-to-one reparametrizations of each input.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from SALib.analyze import sobol as salib_sobol

from realpolitik.analysis.decision import decision_problem
from realpolitik.analysis.sampling import RNGLike, parameter_table
from realpolitik.engines.sampling import as_generator, uniform_design
from realpolitik.errors import InputError, RealpolitikWarning, field_message
from realpolitik.scenario.schema import Scenario

__all__ = ["SensitivityResult", "SobolIndex", "saltelli_design", "sensitivity", "sobol_indices"]

Array = NDArray[np.float64]


def saltelli_design(n: int, d: int, rng: RNGLike = None) -> Array:
    """The ``n (d + 2)`` x ``d`` unit-cube design of Saltelli et al. (2010), in SALib's row order.

    Rows come in blocks of ``d + 2`` per base point: ``A``, then
    ``A_B^(1) .. A_B^(d)``, then ``B``, with ``[A | B]`` the rows of a
    scrambled Sobol' sequence of dimension ``2 d``.
    """
    base = uniform_design(n, 2 * d, design="sobol", rng=rng)
    a, b = base[:, :d], base[:, d:]
    blocks = np.repeat(a[:, None, :], d + 2, axis=1)  # (n, d + 2, d)
    idx = np.arange(d)
    blocks[:, 1 + idx, idx] = b[:, idx]
    blocks[:, -1, :] = b
    return blocks.reshape(-1, d)


@dataclass(frozen=True)
class SobolIndex:
    """First-order and total Sobol' indices of one parameter, with bootstrap half-widths."""

    name: str
    first_order: float
    first_order_conf: float
    total: float
    total_conf: float


@dataclass(frozen=True)
class SensitivityResult:
    """Sobol' indices of one output, ranked by total index."""

    output: str
    n: int
    """Base sample size (model runs: ``n (d + 2)``)."""
    runs: int
    variance: float
    indices: tuple[SobolIndex, ...]
    fixed: tuple[str, ...] = ()
    """Parameters without spread, held at their central value."""

    def ranked(self) -> list[SobolIndex]:
        return sorted(self.indices, key=lambda s: -s.total)

    def noise_note(self) -> str | None:
        """A plain note when the estimates show sampling noise (S1 > ST, or S1 < 0), and the draws to fix it.

        In exact arithmetic 0 <= S1 <= ST (Saltelli et al. 2010); estimated indices break this by
        up to their sampling error, which falls as 1/sqrt(n): four times the base sample halves it.
        """
        above = [s.name for s in self.indices if s.first_order > s.total]
        negative = [s.name for s in self.indices if s.first_order < 0]
        if not above and not negative:
            return None
        parts = []
        if above:
            parts.append(f"first-order above total for {', '.join(above)}")
        if negative:
            parts.append(f"negative first-order for {', '.join(negative)}")
        return (
            f"Sobol' estimates are noisy here ({'; '.join(parts)}), which exact indices never are: "
            f"read differences smaller than the ± half-widths as noise. Rerun with --draws {4 * self.n} "
            "(four times the base sample) to halve that noise."
        )

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["indices"] = [asdict(s) for s in self.ranked()]
        out["noise_note"] = self.noise_note()
        return out


def _base_size(n: int) -> int:
    if n < 2:
        raise InputError(field_message("n", "the Sobol' analysis", "an integer >= 2", n))
    return int(2 ** math.ceil(math.log2(n)))  # Sobol' balance needs a power of two


def sobol_indices(
    model: Callable[[Array], Array],
    names: list[str],
    n: int = 1024,
    *,
    rng: RNGLike = None,
    level: float = 0.95,
    resamples: int = 200,
    output: str = "y",
) -> SensitivityResult:
    """Sobol' indices of ``model`` over independent uniform inputs on the unit cube.

    Parameters
    ----------
    model : callable
        Maps a (M, d) array of points in the unit cube to M outputs, vectorized.
    names : list of str
        The d input names.
    n : int
        Base sample size, rounded up to a power of two.
    rng : Generator, SeedSequence, int or None
        Seeds both the scrambling and SALib's bootstrap.
    """
    gen = as_generator(rng)
    n = _base_size(n)
    d = len(names)
    u = saltelli_design(n, d, gen)
    y = np.asarray(model(u), dtype=float)
    var = float(y.var())
    if not var > 0:
        warnings.warn(
            f"'{output}' does not vary over the sample; every Sobol' index is set to 0.",
            RealpolitikWarning,
            stacklevel=2,
        )
        zero = tuple(SobolIndex(nm, 0.0, 0.0, 0.0, 0.0) for nm in names)
        return SensitivityResult(output, n, y.size, var, zero)
    problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
    # SALib tests `if seed:`, which would drop 0; draw a positive seed from our stream.
    seed = int(gen.integers(1, 2**31))
    si = salib_sobol.analyze(
        problem, y, calc_second_order=False, num_resamples=resamples, conf_level=level, seed=seed
    )
    rows = tuple(
        SobolIndex(
            nm, float(si["S1"][i]), float(si["S1_conf"][i]), float(si["ST"][i]), float(si["ST_conf"][i])
        )
        for i, nm in enumerate(names)
    )
    return SensitivityResult(output, n, y.size, var, rows)


def sensitivity(
    scenario: Scenario, actor: str, offer: str, *, n: int = 1024, rng: RNGLike = None, level: float = 0.95
) -> SensitivityResult:
    """Sobol' indices of ``actor``'s margin on ``offer`` w.r.t. every uncertain input.

    The inputs are those of :func:`~realpolitik.analysis.sampling.parameter_table`: saliences,
    factor values, and the decision settings, level utilities and lever effects that carry a
    range. A lever's effect per unit moves the margin only away from the lever's current
    intensity, so at the scenario as written its indices are exactly 0; the temperature moves
    P(accept), not the margin, so its indices are 0 too.
    """
    problem = decision_problem(scenario, actor, offer)
    table = parameter_table(problem)
    uncertain = np.flatnonzero(table.uncertain())
    if uncertain.size == 0:
        raise InputError(
            f"actor '{actor}' has no uncertain estimates (every salience and factor value is fixed); "
            "give some a range (low/high) or an sd to analyse sensitivity."
        )

    def margin(u: Array) -> Array:
        full = np.full((u.shape[0], table.size), 0.5)  # fixed parameters ignore their column
        full[:, uncertain] = u
        x = table.from_unit(full)
        return problem.with_draws(table.others(x)).margin(*table.split(x))

    names = [table.names[i] for i in uncertain]
    result = sobol_indices(margin, names, n, rng=rng, level=level, output="margin")
    fixed = tuple(nm for i, nm in enumerate(table.names) if i not in set(uncertain.tolist()))
    return SensitivityResult(result.output, result.n, result.runs, result.variance, result.indices, fixed)
