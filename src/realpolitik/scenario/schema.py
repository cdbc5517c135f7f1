"""The scenario file format, as pydantic v2 models.

A scenario is what an analyst writes: the actors, the issues in dispute, the
offers on the table, the decision factors that make each actor value settling
or fighting on, the levers other actors can pull, and the evidence behind every
number. Every model here is immutable and forbids unknown keys, so a typo is an
error rather than a silently ignored field.

Units. All factor values are in the deciding actor's *utility for the stakes*:
0 is its worst outcome on the issues in dispute, 1 its ideal (the issue space
[0, 1] of Fearon 1995). A factor of 0.1 is worth a tenth of the whole dispute
to that actor. The decision model (:mod:`realpolitik.engines.decision`) says
how each kind of factor enters the value of settling or of continuing.

Cross-references (unknown actor, issue, factor, evidence or source id) are
checked by :func:`realpolitik.scenario.validate.check_references`, which the
loader runs after these models.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Analyst",
    "AnalystEstimate",
    "BattlefieldProcess",
    "BeliefPrior",
    "ConcessionRule",
    "DecisionSettings",
    "Distribution",
    "Dynamics",
    "Estimate",
    "Evidence",
    "Factor",
    "FactorCategory",
    "FactorKind",
    "Hypothesis",
    "Issue",
    "Lever",
    "LeverActivation",
    "Observation",
    "Offer",
    "Rating",
    "ReliabilityRule",
    "Scale",
    "Scenario",
    "Schedule",
    "Side",
    "Source",
    "SourceFlag",
    "Stance",
    "StanceOverride",
]

SCHEMA_VERSION = 1

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", min_length=1, max_length=80)
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Position = float | str


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Distribution(StrEnum):
    """How an uncertain number is spread around its central value."""

    FIXED = "fixed"
    UNIFORM = "uniform"
    TRIANGULAR = "triangular"
    PERT = "pert"
    NORMAL = "normal"


def _number_or_mapping(schema: dict[str, Any]) -> None:
    """JSON Schema of an estimate: a bare number, or the mapping (both are accepted when loading)."""
    keys = ("type", "properties", "required", "additionalProperties")
    mapping = {k: schema.pop(k) for k in keys if k in schema}
    schema["anyOf"] = [{"type": "number"}, mapping]


_ESTIMATE_JSON: dict[str, Any] = {
    "type": "object",
    "properties": {
        "central": {"type": "number"},
        "low": {"type": ["number", "null"]},
        "high": {"type": ["number", "null"]},
        "sd": {"type": ["number", "null"], "exclusiveMinimum": 0},
        "dist": {"enum": ["fixed", "uniform", "triangular", "pert", "normal", None]},
    },
    "required": ["central"],
    "additionalProperties": False,
}
"""An estimate's mapping form, inlined where a plain number may also be written as one."""


def _or_estimate(schema: dict[str, Any]) -> None:
    """JSON Schema of a number that may also be written as an estimate (``{central, low, high}``)."""
    number = {k: schema.pop(k) for k in list(schema) if k not in ("title", "description", "default")}
    schema["anyOf"] = [number, _ESTIMATE_JSON]


def _utilities_or_estimates(schema: dict[str, Any]) -> None:
    """JSON Schema of ``utilities``: per level a number or an estimate."""
    for option in schema.get("anyOf", []):
        if option.get("type") == "object":
            option["additionalProperties"] = {"anyOf": [{"type": "number"}, _ESTIMATE_JSON]}


class Estimate(_Model):
    """A number with its uncertainty.

    Written either as a bare number (no uncertainty) or as a mapping::

        {central: 0.6, low: 0.45, high: 0.75, dist: pert}
        {central: 0.02, sd: 0.01, dist: normal}

    ``low``/``high`` bound uniform, triangular and PERT distributions (the
    central value is their mode); a normal distribution takes ``sd`` and is
    truncated to ``low``/``high`` when those are given.
    """

    model_config = ConfigDict(json_schema_extra=_number_or_mapping)

    central: float
    """The analyst's best estimate (mode of the distribution)."""
    low: float | None = None
    """Lower bound of the plausible range."""
    high: float | None = None
    """Upper bound of the plausible range."""
    sd: float | None = Field(default=None, gt=0)
    """Standard deviation, for ``dist: normal``."""
    dist: Distribution | None = None
    """Distribution; defaults to PERT when a range is given, else fixed."""

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: object) -> object:
        if isinstance(data, bool) or not isinstance(data, int | float | dict | Estimate):
            raise ValueError(f"expected a number or a mapping with 'central'; got {data!r}")
        if isinstance(data, int | float):
            return {"central": data}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Estimate:
        ranged = self.low is not None or self.high is not None
        if ranged and (self.low is None or self.high is None):
            raise ValueError("give both 'low' and 'high', or neither")
        if self.low is not None and self.high is not None and not self.low <= self.central <= self.high:
            raise ValueError(
                f"must have low <= central <= high; got low={self.low}, "
                f"central={self.central}, high={self.high}"
            )
        dist = self.distribution
        if dist in (Distribution.UNIFORM, Distribution.TRIANGULAR, Distribution.PERT) and not ranged:
            raise ValueError(f"dist '{dist}' needs 'low' and 'high'")
        if dist is Distribution.NORMAL and self.sd is None:
            raise ValueError("dist 'normal' needs 'sd'")
        if dist is Distribution.FIXED and (ranged or self.sd is not None):
            raise ValueError("dist 'fixed' takes no 'low', 'high' or 'sd'")
        return self

    @property
    def distribution(self) -> Distribution:
        """The distribution, with the documented default filled in."""
        if self.dist is not None:
            return self.dist
        if self.low is not None:
            return Distribution.PERT
        if self.sd is not None:
            return Distribution.NORMAL
        return Distribution.FIXED

    def bounds(self) -> tuple[float, float]:
        """The range a sample can fall in (infinite for an untruncated normal)."""
        lo = -math.inf if self.low is None else self.low
        hi = math.inf if self.high is None else self.high
        if self.distribution is Distribution.FIXED:
            return self.central, self.central
        return lo, hi


def written_estimate(field: str, value: object, what: str = "") -> Estimate:
    """Validate a number written as an estimate inside another field (a utility, ``per_unit``, a setting).

    Raises ``ValueError`` whose message opens with ``'field'`` (and ``what``, e.g. the level), so the
    loader reports it at that field's line.
    """
    try:
        return Estimate.model_validate(value)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            msg = str(e["msg"]).removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                msg = "is not a key of an estimate (central, low, high, sd, dist)"
            where = ".".join(str(p) for p in e["loc"] if not (isinstance(p, str) and "[" in p))
            problems.append(f"'{where}' {msg}" if where else msg)
        lead = f"'{field}' {what}: " if what else f"'{field}' "
        raise ValueError(lead + "; ".join(problems)) from None


def _mapping(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _outside(estimate: Estimate, low: float, high: float, *, open_low: bool = False) -> bool:
    """Whether the estimate's central value or range leaves ``[low, high]`` (``(low, high]`` if open)."""
    lo, hi = estimate.bounds()
    below = (lo <= low) if open_low else (lo < low)
    return below or hi > high or not math.isfinite(lo) or not math.isfinite(hi)


# --- Source reliability (fields `rating`/`flags` on sources and evidence, section `reliability`) ---
# Read by realpolitik.scenario.reliability (docs/reliability.md). Optional: unrated
# sources and evidence leave every range as written.

_RATING = re.compile(r"^[A-F][1-6]$")


def _admiralty(v: str) -> str:
    if not _RATING.match(v):
        raise ValueError(
            "must be an Admiralty rating: source reliability A-F then information credibility 1-6, "
            f"e.g. 'B2'; got {v!r}"
        )
    return v


Rating = Annotated[str, AfterValidator(_admiralty)]
"""An Admiralty (NATO AJP-2.1) rating: source reliability A (reliable) to F (cannot be judged),
then information credibility 1 (confirmed) to 6 (cannot be judged)."""


class SourceFlag(StrEnum):
    """Warnings about a source or an evidence item."""

    STATE_AFFILIATED = "state_affiliated"
    UNVERIFIED = "unverified"
    RETRACTED = "retracted"
    """A retracted item cannot back a number (validation error)."""
    ONE_SIDED = "one_sided"


class ReliabilityRule(_Model):
    """How weak evidence widens a factor's range: multipliers of the range's half-widths.

    An evidence item's multiplier is ``source[letter] * information[digit] *
    product(flags[f])``, its rating being its own or else its source's, its flags
    both's; an unrated item counts as ``unrated``. A factor's multiplier is the
    smallest over the evidence it cites (its best support); a factor citing
    none keeps its range. Half-widths around the central value are multiplied
    by it (and ``sd`` for a normal), clipped to [0, 1] for a probability.
    """

    source: dict[str, float] = {
        "A": 1.0, "B": 1.0, "C": 1.25, "D": 1.5, "E": 2.0, "F": 1.25,
    }
    information: dict[int, float] = {1: 1.0, 2: 1.0, 3: 1.25, 4: 1.5, 5: 2.0, 6: 1.25}
    flags: dict[SourceFlag, float] = {
        SourceFlag.STATE_AFFILIATED: 1.5, SourceFlag.UNVERIFIED: 1.25, SourceFlag.ONE_SIDED: 1.25,
    }
    unrated: float = Field(default=1.0, ge=1)

    @model_validator(mode="after")
    def _at_least_one(self) -> ReliabilityRule:
        bad = [
            f"{k}: {v:g}"
            for k, v in (*self.source.items(), *self.information.items(), *self.flags.items())
            if v < 1
        ]
        if bad:
            raise ValueError(f"multipliers must be at least 1 (weak evidence only widens): {', '.join(bad)}")
        letters = set(self.source) - set("ABCDEF")
        digits = set(self.information) - set(range(1, 7))
        if letters or digits:
            raise ValueError(
                f"'source' keys are letters A-F and 'information' keys digits 1-6; got {sorted(letters)} "
                f"{sorted(digits)}"
            )
        return self


class AnalystEstimate(Estimate):
    """One named analyst's estimate of a factor (``Factor.estimates``), with a pool weight and a note."""

    weight: float | None = Field(default=None, ge=0)
    """Weight in this factor's linear opinion pool (normalized over the analysts who estimated the
    factor); default: the analyst's weight under ``analysts:`` (1 if not listed)."""
    note: str | None = None


class Analyst(_Model):
    """A named analyst whose estimates the scenario pools (docs/analysts.md)."""

    name: str | None = None
    weight: float = Field(default=1.0, ge=0)
    """Weight in the linear opinion pool, normalized over the analysts who estimated a number
    (their weights must sum to a positive number)."""
    note: str | None = None


class Source(_Model):
    """A document the evidence comes from."""

    title: Text
    outlet: str | None = None
    date: dt.date | None = None
    url: str | None = None
    path: str | None = None
    """A local copy, relative to the scenario file; quotes are checked against it."""
    authors: tuple[str, ...] = ()
    rating: Rating | None = None
    """Admiralty rating of the source as a whole (its items may override it)."""
    rating_note: str | None = None
    """Why the source got its rating and flags."""
    flags: tuple[SourceFlag, ...] = ()


class Evidence(_Model):
    """A verbatim quotation from a source, with who said it."""

    source: Identifier
    """Id of an entry in ``sources``."""
    quote: Text
    """The words exactly as they stand in the source."""
    speaker: str | None = None
    """Canonical full name of who said or wrote it (``Peter Dickinson``)."""
    date: dt.date | None = None
    rating: Rating | None = None
    """Admiralty rating of this item; default: its source's."""
    rating_note: str | None = None
    """Why the item got its rating and flags."""
    flags: tuple[SourceFlag, ...] = ()
    """Added to its source's flags."""


class Scale(_Model):
    """The position scale of an issue: continuous ``[min, max]`` or discrete levels."""

    min: float | None = None
    max: float | None = None
    unit: str | None = None
    levels: tuple[Text, ...] | None = None
    """Ordered names of discrete positions; a position is then one of these."""

    @model_validator(mode="after")
    def _one_kind(self) -> Scale:
        if self.levels is not None:
            if self.min is not None or self.max is not None:
                raise ValueError("give either 'levels' or 'min'/'max', not both")
            if len(self.levels) < 2:
                raise ValueError("'levels' needs at least two positions")
            if len(set(self.levels)) != len(self.levels):
                raise ValueError("'levels' must be distinct")
        elif self.min is None or self.max is None or not self.min < self.max:
            raise ValueError("needs 'levels', or numbers 'min' < 'max'")
        return self

    def nearest_level(self, position: float) -> str:
        """The discrete level nearest a numeric position (halves round up, ends clip)."""
        if self.levels is None:
            raise ValueError("a continuous scale has no levels")
        index = math.floor(position + 0.5)
        return self.levels[min(max(index, 0), len(self.levels) - 1)]

    @property
    def bounds(self) -> tuple[float, float]:
        """Numeric range; discrete levels are numbered 0..n-1."""
        if self.levels is not None:
            return 0.0, float(len(self.levels) - 1)
        assert self.min is not None  # guaranteed by _one_kind
        assert self.max is not None
        return self.min, self.max


class Issue(_Model):
    """Something in dispute, with a position scale."""

    name: Text
    description: str | None = None
    scale: Scale
    status_quo: Position
    """Position that holds when an offer says nothing about this issue."""

    def position_value(self, position: Position) -> float:
        """Map a position (a number, or a level name) to the numeric scale.

        Raises ``ValueError`` naming what the scale accepts.
        """
        levels = self.scale.levels
        if levels is not None:
            if isinstance(position, str) and position in levels:
                return float(levels.index(position))
            raise ValueError(f"must be one of the levels {list(levels)}; got {position!r}")
        lo, hi = self.scale.bounds
        if isinstance(position, str) or not lo <= position <= hi:
            raise ValueError(f"must be a number in [{lo:g}, {hi:g}]; got {position!r}")
        return float(position)


class Stance(_Model):
    """An actor's preferences over one issue: an additive-utility term.

    The utility of a position is linear toward the ideal point (1 at the
    ideal, 0 at the farther end of the scale) unless ``utilities`` gives a
    value in [0, 1] for every discrete level.
    """

    ideal: Position | None = None
    utilities: dict[str, float] | None = Field(default=None, json_schema_extra=_utilities_or_estimates)
    """Utility in [0, 1] of every level; a level's utility may be written as an estimate
    (``{central: 0.2, low: 0.1, high: 0.4}``), whose central value then stands here."""
    utility_ranges: dict[str, Estimate] = {}
    """The utilities written as estimates, by level (filled from ``utilities``): sampled by the
    Monte Carlo of ``why``, ``levers`` and ``sensitivity``; a level left out is a fixed number."""
    utility_estimates: dict[str, dict[Identifier, AnalystEstimate]] = {}
    """Optional, by level: several named analysts' estimates of that level's utility
    (docs/analysts.md), pooled like a factor's; ``utilities`` keeps the central value."""
    salience: Estimate
    """Weight of this issue among the actor's issues (normalized to sum 1)."""
    estimates: dict[Identifier, AnalystEstimate] = {}
    """Optional: several named analysts' estimates of the salience (docs/analysts.md), pooled like a
    factor's; ``salience`` stays the central value ``why`` decides at."""
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None
    """How the salience and utilities were set (shown beside them in ``why --detail`` and the report)."""

    @model_validator(mode="before")
    @classmethod
    def _utility_estimates(cls, data: object) -> object:
        """A utility written as an estimate: its central value stands in ``utilities``, the estimate
        in ``utility_ranges``."""
        if not (isinstance(data, dict) and isinstance(data.get("utilities"), dict)):
            return data
        written = data["utilities"]
        ranged = {
            k: written_estimate("utilities", v, f"level '{k}'")
            for k, v in written.items()
            if isinstance(v, dict)
        }
        if not ranged:
            return data
        centrals = {k: ranged[k].central if k in ranged else v for k, v in written.items()}
        given = _mapping(data.get("utility_ranges"))
        return {**data, "utilities": centrals, "utility_ranges": {**given, **ranged}}

    @model_validator(mode="after")
    def _one_form(self) -> Stance:
        if (self.ideal is None) == (self.utilities is None):
            raise ValueError("give exactly one of 'ideal' or 'utilities'")
        if self.utilities is not None:
            bad = {k: v for k, v in self.utilities.items() if not 0 <= v <= 1}
            if bad:
                raise ValueError(f"'utilities' must lie in [0, 1]; got {bad}")
            wide = [
                f"level '{k}' {_shown(e)}" for k, e in self.utility_ranges.items() if _outside(e, 0.0, 1.0)
            ]
            if wide:
                raise ValueError(f"'utilities' must lie in [0, 1], range included; got {', '.join(wide)}")
        stray = sorted(set(self.utility_ranges) - set(self.utilities or {}))
        if stray:
            raise ValueError(f"'utility_ranges' names levels without a utility: {stray}")
        stray = sorted(set(self.utility_estimates) - set(self.utilities or {}))
        if stray:
            raise ValueError(f"'utility_estimates' names levels without a utility: {stray}")
        wide = [
            f"level '{k}' by {a} {_shown(e)}"
            for k, held in self.utility_estimates.items()
            for a, e in held.items()
            if not 0 <= e.central <= 1 or _outside(e, 0.0, 1.0)
        ]
        if wide:
            raise ValueError(f"'utility_estimates' must lie in [0, 1], range included; got {', '.join(wide)}")
        if self.salience.central < 0 or self.salience.bounds()[0] < 0:
            raise ValueError("'salience' must be non-negative")
        negative = [a for a, e in self.estimates.items() if e.central < 0 or e.bounds()[0] < 0]
        if negative:
            raise ValueError(f"'estimates' of a salience must be non-negative; negative ones by {negative}")
        return self


class DecisionSettings(_Model):
    """How an actor weighs time and how noisy its choice is."""

    horizon: float = Field(default=12, gt=0, json_schema_extra=_or_estimate)
    """Steps (in the scenario's ``time_unit``) over which fighting on is valued."""
    discount: float = Field(default=1.0, gt=0, le=1, json_schema_extra=_or_estimate)
    """Per-step discount factor delta in (0, 1]."""
    temperature: float = Field(default=0.05, gt=0, json_schema_extra=_or_estimate)
    """Logit scale of decision noise: P(accept) = 1 / (1 + exp(-margin / temperature))."""
    ranges: dict[Literal["horizon", "discount", "temperature"], Estimate] = {}
    """Settings written as estimates (``horizon: {central: 12, low: 6, high: 24}``), whose central
    values then stand above: sampled by the Monte Carlo of ``why``, ``levers`` and ``sensitivity``."""
    note: str | None = None
    """How the settings were chosen (shown beside them in ``why --detail`` and the report)."""

    @model_validator(mode="before")
    @classmethod
    def _setting_estimates(cls, data: object) -> object:
        """A setting written as an estimate: its central value stands in the field, the estimate in
        ``ranges``."""
        if not isinstance(data, dict):
            return data
        ranged = {
            k: written_estimate(k, data[k]) for k in _SETTINGS if isinstance(data.get(k), dict)
        }
        if not ranged:
            return data
        centrals = {k: e.central for k, e in ranged.items()}
        return {**data, **centrals, "ranges": {**_mapping(data.get("ranges")), **ranged}}

    @model_validator(mode="after")
    def _ranges_in_bounds(self) -> DecisionSettings:
        problems = []
        for key, estimate in self.ranges.items():
            low, high, open_low, what = _SETTINGS[key]
            if _outside(estimate, low, high, open_low=open_low):
                problems.append(f"'{key}' must be {what}; got {_shown(estimate)}")
            elif estimate.central != getattr(self, key):
                problems.append(
                    f"'{key}' is {getattr(self, key):g} but its range is centred on {_shown(estimate)}"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


_SETTINGS: dict[str, tuple[float, float, bool, str]] = {
    "horizon": (0.0, math.inf, True, "above 0, range included (a finite low above 0 and a finite high)"),
    "discount": (0.0, 1.0, True, "in (0, 1], range included"),
    "temperature": (0.0, math.inf, True, "above 0, range included (a finite low above 0 and a finite high)"),
}
"""Decision settings that may carry a range: (low, high, low excluded, what the message says)."""


class Actor(_Model):
    """A party to the conflict or the talks."""

    name: Text
    description: str | None = None
    capability: Estimate | None = None
    """Share of power for the multi-actor forecast (any positive scale)."""
    evidence: tuple[Identifier, ...] = ()
    """Evidence for the capability estimate and the actor's role."""
    decision: DecisionSettings = DecisionSettings()
    stances: dict[Identifier, Stance] = {}
    """Preferences per issue id."""


class Offer(_Model):
    """A package of issue positions proposed to one or more actors."""

    name: Text
    proposer: Identifier
    to: tuple[Identifier, ...] = Field(min_length=1)
    date: dt.date | None = None
    terms: dict[Identifier, Position]
    """Position per issue id; issues left out stay at their status quo."""
    evidence: tuple[Identifier, ...] = ()


class FactorKind(StrEnum):
    """How a factor enters the decision model (see ``engines.decision``)."""

    WIN_PROBABILITY = "win_probability"
    """Probability of prevailing if the war goes on (adds across factors)."""
    WIN_TREND = "win_trend"
    """Change per step in that probability (adds across factors)."""
    FLOW = "flow"
    """A benefit (+) or cost (-) accruing every step for the horizon."""
    LUMP = "lump"
    """A one-off benefit (+) or cost (-) of the side it belongs to."""


class Side(StrEnum):
    """Which option a factor belongs to."""

    SETTLE = "settle"
    CONTINUE = "continue"


class FactorCategory(StrEnum):
    """The evidence taxonomy's factor labels."""

    BATTLEFIELD = "battlefield"
    ECONOMY = "economy"
    DOMESTIC_POLITICS = "domestic_politics"
    SECURITY = "security"
    INTERNATIONAL_SUPPORT = "international_support"
    OFFER_TERMS = "offer_terms"
    PRESSURE_LEVERS = "pressure_levers"
    OTHER = "other"


class Factor(_Model):
    """A named term in an actor's value of settling or of continuing."""

    actor: Identifier
    name: Text
    category: FactorCategory
    kind: FactorKind
    side: Side
    value: Estimate
    """Signed value for its side, in the actor's stakes utility (see module doc)."""
    unit: str = "stakes utility"
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None
    """How the number was arrived at."""
    watch: tuple[Text, ...] = ()
    """Search queries for news bearing on this factor (``realpolitik watch``); FTS syntax: words,
    ``"phrases"``, ``prefix*``, ``OR``/``AND``/``NOT``. Claims about the factor's actor and category
    are always watched; these add text matches."""
    estimates: dict[Identifier, AnalystEstimate] = {}
    """Optional: several named analysts' estimates (``why --by-analyst``, docs/analysts.md). The Monte
    Carlo draws the factor from their linear pool; ``value`` stays the central value ``why`` decides at."""

    @model_validator(mode="after")
    def _battlefield_terms_on_continue(self) -> Factor:
        problems = []
        if self.kind in (FactorKind.WIN_PROBABILITY, FactorKind.WIN_TREND) and self.side is not Side.CONTINUE:
            problems.append(f"a '{self.kind}' factor must have side 'continue'")
        if self.kind is FactorKind.WIN_PROBABILITY:
            lo, hi = self.value.bounds()
            if not (0 <= self.value.central <= 1 and lo >= 0 and hi <= 1):
                problems.append(
                    f"a probability must lie in [0, 1], range included; got central {self.value.central:g}, "
                    f"range [{lo:g}, {hi:g}]"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Lever(_Model):
    """Something an actor can do to move another's decision.

    A lever at intensity ``i`` adds ``per_unit * (i - current)`` to a factor's
    value, or moves an offer's position on an issue by that much (a
    concession): exactly one of ``factor`` or ``issue``. The scenario's
    estimates describe the world at ``current`` intensity.
    """

    actor: Identifier
    name: Text
    factor: Identifier | None = None
    issue: Identifier | None = None
    per_unit: float = Field(json_schema_extra=_or_estimate)
    unit: Text
    range: tuple[float, float]
    current: float = 0.0
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None
    per_unit_range: tuple[float, float] | None = None
    """Plausible range of ``per_unit`` when it is an estimate (write ``per_unit: {central, low, high}``);
    ``levers`` then draws it per Monte Carlo draw (PERT with ``per_unit`` as the mode)."""
    per_unit_estimate: Estimate | None = None
    """``per_unit`` as written when written as an estimate (its distribution; filled from ``per_unit``)."""
    estimates: dict[Identifier, AnalystEstimate] = {}
    """Optional: several named analysts' estimates of ``per_unit`` (docs/analysts.md), pooled like a
    factor's; ``per_unit`` stays the central value the lever's effect is reported at."""
    cost: float | None = Field(default=None, ge=0)
    """Optional cost of one unit of intensity, in a unit common to the scenario's levers;
    with it, ``levers`` ranks the levers by the cost of reaching each threshold."""
    bounded: bool | None = None
    """Whether the intensity can never leave ``range`` (a probability, a share). Default: true
    when the unit names a probability, share or proportion."""

    @model_validator(mode="before")
    @classmethod
    def _per_unit_estimate(cls, data: object) -> object:
        """``per_unit`` may be written as an estimate: its central value is the effect, the range kept."""
        if isinstance(data, dict) and isinstance(data.get("per_unit"), dict):
            return {**data, **Lever.per_unit_fields(written_estimate("per_unit", data["per_unit"]))}
        return data

    @staticmethod
    def per_unit_fields(est: Estimate) -> dict[str, Any]:
        """The fields ``per_unit``, ``per_unit_range`` and ``per_unit_estimate`` of ``per_unit: est``."""
        lo, hi = est.bounds()
        ranged = est.distribution is not Distribution.FIXED and math.isfinite(lo) and math.isfinite(hi)
        rng = (lo, hi) if ranged else None
        return {"per_unit": est.central, "per_unit_range": rng, "per_unit_estimate": est}

    def per_unit_spread(self) -> Estimate | None:
        """``per_unit`` as an estimate when it has one: as written, else PERT over ``per_unit_range``."""
        if self.per_unit_estimate is not None:
            return self.per_unit_estimate
        if self.per_unit_range is not None:
            lo, hi = self.per_unit_range
            return Estimate(central=self.per_unit, low=lo, high=hi, dist=Distribution.PERT)
        return None

    @property
    def is_bounded(self) -> bool:
        """Whether ``levers`` may look past the declared range (never for a bounded unit)."""
        if self.bounded is not None:
            return self.bounded
        unit = self.unit.lower()
        return any(word in unit for word in ("probability", "share", "proportion", "fraction"))

    def shift(self, intensity: float) -> float:
        """What the lever adds to its factor's value or issue position at ``intensity``."""
        return self.per_unit * (intensity - self.current)

    @model_validator(mode="after")
    def _target_and_range(self) -> Lever:
        if (self.factor is None) == (self.issue is None):
            raise ValueError("give exactly one of 'factor' or 'issue' as the lever's target")
        lo, hi = self.range
        if not lo < hi:
            raise ValueError(f"'range' must be [low, high] with low < high; got {self.range}")
        if self.per_unit_range is not None and not (
            self.per_unit_range[0] <= self.per_unit <= self.per_unit_range[1]
        ):
            raise ValueError(
                f"'per_unit' must lie within its range; got {self.per_unit:g} "
                f"outside {list(self.per_unit_range)}"
            )
        if not lo <= self.current <= hi:
            raise ValueError(f"'current' must lie in 'range' {self.range}; got {self.current}")
        return self


# --- War as a process (optional sections `dynamics` and `schedules`) -------------
# Read by realpolitik.analysis.dynamics; the model is in realpolitik.engines.dynamics.
# Both sections are optional additions to schema_version 1: files without them load
# exactly as before, so the version number stays 1.


class BattlefieldProcess(_Model):
    """The true battlefield state: probability that ``actor`` wins a step's battle.

    It moves as a bounded random walk, ``p[t+1] = clip(p[t] + drift + volatility * e, 0, 1)``
    with ``e`` standard normal; each step's battle is won with probability ``p[t]``.
    """

    actor: Identifier
    """Whose battle wins ``p`` measures; every other learning actor wins when it loses."""
    p0: Estimate
    """The state at step 0, in [0, 1]."""
    drift: Estimate = Estimate(central=0.0)
    """Change of ``p`` per step."""
    volatility: Estimate = Estimate(central=0.0)
    """Standard deviation of the per-step change of ``p``."""
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _ranges(self) -> BattlefieldProcess:
        lo, hi = self.p0.bounds()
        if not (0 <= self.p0.central <= 1 and lo >= 0 and hi <= 1):
            raise ValueError(f"'p0' is a probability and must lie in [0, 1]; got {_shown(self.p0)}")
        if self.volatility.central < 0 or self.volatility.bounds()[0] < 0:
            raise ValueError(f"'volatility' must be non-negative; got {_shown(self.volatility)}")
        return self


def _shown(estimate: Estimate) -> str:
    """An estimate as the user wrote it: ``1.5`` or ``{central: 0.5, low: 0.3, high: 0.7}``."""
    given = {k: v for k, v in estimate.model_dump().items() if v is not None}
    if set(given) == {"central"}:
        return f"{estimate.central:g}"
    parts = (f"{k}: {v:g}" if isinstance(v, float) else f"{k}: {v}" for k, v in given.items())
    return "{" + ", ".join(parts) + "}"


class BeliefPrior(_Model):
    """An actor's Beta prior about its chance of winning a battle, updated by Bayes.

    Beta(mean * strength, (1 - mean) * strength): ``mean`` is where the actor
    starts (its optimism), ``strength`` how many battles' worth of conviction it
    holds, so how slowly the optimism erodes as battles are observed.
    """

    mean: Estimate | None = None
    """Prior mean, in (0, 1); default: the sum of the actor's win_probability factors."""
    strength: Estimate
    """Prior strength alpha + beta, in pseudo-battles (steps); positive."""
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _ranges(self) -> BeliefPrior:
        if self.mean is not None:
            lo, hi = self.mean.bounds()
            if not (0 < self.mean.central < 1 and lo >= 0 and hi <= 1):
                raise ValueError(f"'mean' must lie in (0, 1); got {_shown(self.mean)}")
        if not (self.strength.central > 0 and self.strength.bounds()[0] > 0):
            raise ValueError(f"'strength' must be positive; got {_shown(self.strength)}")
        return self


class ConcessionRule(_Model):
    """The standing offer moves on one issue by ``per_step`` each step from ``start``, up to ``limit``."""

    issue: Identifier
    per_step: float
    """Change per step on the issue's scale (levels count 0, 1, ...); non-zero."""
    start: int = Field(default=0, ge=0)
    limit: Position | None = None
    """The furthest position the proposer will go to (default: the end of the scale)."""
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None

    @field_validator("per_step")
    @classmethod
    def _moves(cls, v: float) -> float:
        if v == 0:
            raise ValueError("'per_step' must be non-zero (leave the rule out for a fixed offer)")
        return v


class Dynamics(_Model):
    """Settings of the war-as-a-process simulation (``realpolitik simulate``)."""

    offer: Identifier | None = None
    """The standing offer; default: the first offer. Every actor it is addressed to must accept."""
    steps: int = Field(default=24, gt=0)
    """Default number of steps simulated (in ``time_unit``)."""
    battlefield: BattlefieldProcess
    beliefs: dict[Identifier, BeliefPrior] = {}
    """Per actor id, its prior; actors left out keep their static win_probability factors."""
    concessions: dict[Identifier, tuple[ConcessionRule, ...]] = {}
    """Per offer id, how the offer moves over time."""
    acceptance: Literal["margin", "logit"] = "margin"
    """Accept iff margin >= 0, or with the logit probability at the actor's temperature."""


class LeverActivation(_Model):
    """A lever set to ``intensity`` from step ``at`` (a deadline) plus ``delay``, on paths still at war.

    Because a path that has settled stops, "at step ``at``" already means "if the
    deadline passes without a deal". An optional battlefield condition makes the
    trigger the first step at or after ``at`` at which it holds.
    """

    lever: Identifier
    intensity: float
    """The lever's new intensity, in its unit and within its range."""
    at: int = Field(default=0, ge=0)
    delay: int = Field(default=0, ge=0)
    """Steps between the trigger and the effect (e.g. arms deliveries)."""
    if_battlefield_below: float | None = Field(default=None, ge=0, le=1)
    if_battlefield_above: float | None = Field(default=None, ge=0, le=1)
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _one_condition(self) -> LeverActivation:
        if self.if_battlefield_below is not None and self.if_battlefield_above is not None:
            raise ValueError("give at most one of 'if_battlefield_below' or 'if_battlefield_above'")
        return self


class Schedule(_Model):
    """A named lever schedule; ``baseline`` (no activations) is the reference for comparisons."""

    name: Text | None = None
    description: str | None = None
    activations: tuple[LeverActivation, ...] = ()
    evidence: tuple[Identifier, ...] = ()


# --- Competing explanations (optional sections `hypotheses` and `observed`) -------
# Read by realpolitik.analysis.hypotheses (docs/hypotheses.md). Optional additions to
# schema_version 1: files without them load exactly as before.


class StanceOverride(_Model):
    """What a hypothesis changes in one stance; fields left out keep the scenario's."""

    salience: Estimate | None = None
    ideal: Position | None = None
    utilities: dict[str, float] | None = None

    @model_validator(mode="after")
    def _at_most_one_shape(self) -> StanceOverride:
        if self.ideal is not None and self.utilities is not None:
            raise ValueError("give at most one of 'ideal' or 'utilities'")
        if self.salience is not None and (self.salience.central < 0 or self.salience.bounds()[0] < 0):
            raise ValueError("'salience' must be non-negative")
        return self


class Hypothesis(_Model):
    """A competing explanation of behaviour: overrides of factor values and stances, with a prior weight.

    Under the hypothesis every factor in ``factors`` takes the given estimate
    and every stance in ``stances`` (actor id, then issue id) the given fields;
    everything else is as the scenario states it.
    """

    name: Text
    weight: float = Field(default=1.0, ge=0)
    """Prior weight; the weights are normalized to sum 1 (their sum must be positive)."""
    factors: dict[Identifier, Estimate] = {}
    stances: dict[Identifier, dict[Identifier, StanceOverride]] = {}
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None


class Observation(_Model):
    """A decision the actor was seen to take: it accepted or rejected an offer on a date."""

    offer: Identifier
    decision: Literal["accept", "reject"]
    date: dt.date
    actor: Identifier | None = None
    """Who decided; default: the offer's first recipient."""
    evidence: tuple[Identifier, ...] = ()
    note: str | None = None


class Scenario(_Model):
    """A complete, self-describing scenario file."""

    schema_version: Literal[1]
    """Format version; this release reads version 1."""
    title: Text
    description: str | None = None
    time_unit: Literal["day", "week", "month", "quarter", "year"] = "month"
    sources: dict[Identifier, Source] = {}
    evidence: dict[Identifier, Evidence] = {}
    actors: dict[Identifier, Actor] = Field(min_length=1)
    issues: dict[Identifier, Issue] = {}
    offers: dict[Identifier, Offer] = {}
    factors: dict[Identifier, Factor] = {}
    levers: dict[Identifier, Lever] = {}
    dynamics: Dynamics | None = None
    """Optional: war as a process (battles, learning, concessions); see ``Dynamics``."""
    schedules: dict[Identifier, Schedule] = {}
    """Optional: named lever schedules for ``realpolitik simulate``."""
    hypotheses: dict[Identifier, Hypothesis] = {}
    """Optional: competing explanations with prior weights (``realpolitik hypotheses``)."""
    observed: tuple[Observation, ...] = ()
    """Optional: decisions seen so far, which update the hypotheses' weights by Bayes."""
    reliability: ReliabilityRule = ReliabilityRule()
    """How weak evidence widens a factor's range (``Source.rating``, ``flags``)."""
    analysts: dict[Identifier, Analyst] = {}
    """Optional: the analysts named in factors' ``estimates``, with their pool weights."""
    labels: dict[str, Text] = {}
    """Optional: human labels for level ids (``de_jure_us: de jure (US)``); others print as the id."""

    def label(self, key: str) -> str:
        """The human label of a level id: from ``labels``, else the id with underscores as spaces."""
        return self.labels.get(key) or key.replace("_", " ")

    def position_label(self, issue: str, position: float | str) -> str:
        """An issue's position as a reader should see it: a labelled level, or a number with its unit."""
        if isinstance(position, str):
            return self.label(position)
        return f"{position:g}"

    @field_validator("schema_version", mode="before")
    @classmethod
    def _known_version(cls, v: object) -> object:
        if v != SCHEMA_VERSION:
            raise ValueError(f"this realpolitik reads schema_version {SCHEMA_VERSION}; got {v!r}")
        return v
