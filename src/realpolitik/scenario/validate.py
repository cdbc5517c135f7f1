"""Checks that span more than one field: references between ids, positions on
scales, and quotes that must stand verbatim in their source document."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError

from realpolitik.errors import InputError
from realpolitik.guard import confined, read_text
from realpolitik.scenario.schema import AnalystEstimate, Factor, Scenario, SourceFlag

__all__ = ["check_references", "normalize_text"]

Problem = tuple[tuple[str | int, ...], str]

_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


def normalize_text(text: str) -> str:
    """Fold typographic quotes, dashes and white space so a quote typed with
    straight quotes still matches the article it was copied from."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_FOLD)).strip()


def check_references(
    scenario: Scenario, base_dir: Path | None = None, *, source_dirs: Sequence[Path] = ()
) -> list[Problem]:
    """Return every cross-reference problem as ``(key path, message)``.

    Source documents are read only from ``base_dir`` (the scenario's folder)
    or ``source_dirs``: a path outside them is a problem, never read.
    """
    return [
        *_evidence_problems(scenario, base_dir, source_dirs),
        *_actor_problems(scenario),
        *_offer_problems(scenario),
        *_factor_problems(scenario),
        *_lever_problems(scenario),
        *_dynamics_problems(scenario),
        *_schedule_problems(scenario),
        *_hypothesis_problems(scenario),
        *_retracted_problems(scenario),
        *_analyst_problems(scenario),
    ]


def _unknown(kind: str, ref: str, known: Mapping[str, object]) -> str:
    names = ", ".join(sorted(known)) or "none defined"
    return f"refers to unknown {kind} '{ref}'; known {kind}s: {names}"


def _evidence_refs(s: Scenario, loc: tuple[str | int, ...], refs: tuple[str, ...]) -> Iterator[Problem]:
    for i, ref in enumerate(refs):
        if ref not in s.evidence:
            yield (*loc, "evidence", i), _unknown("evidence", ref, s.evidence)


def _evidence_problems(s: Scenario, base_dir: Path | None, source_dirs: Sequence[Path]) -> Iterator[Problem]:
    texts: dict[str, str | None] = {}
    for sid, source in s.sources.items():
        texts[sid] = None
        if source.path is None:
            continue
        path = Path(source.path)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not confined(path, base_dir if base_dir is not None else Path.cwd(), source_dirs):
            yield ("sources", sid, "path"), (
                f"must lie in the scenario's folder, symlinks resolved; got {source.path!r} (to quote "
                "documents elsewhere, list their real folder in REALPOLITIK_SOURCE_DIRS)"
            )
            continue
        try:
            texts[sid] = normalize_text(read_text(path, kind="source"))
        except InputError as exc:
            yield ("sources", sid, "path"), f"cannot read the source document: {str(exc).rstrip('.')}"
    for eid, ev in s.evidence.items():
        if ev.source not in s.sources:
            yield ("evidence", eid, "source"), _unknown("source", ev.source, s.sources)
            continue
        text = texts.get(ev.source)
        if text is not None and normalize_text(ev.quote) not in text:
            yield (
                ("evidence", eid, "quote"),
                f"is not found verbatim in source '{ev.source}'; copy the quote exactly",
            )


def _position_problem(s: Scenario, issue_id: str, position: float | str) -> str | None:
    try:
        s.issues[issue_id].position_value(position)
    except ValueError as exc:
        return str(exc)
    return None


def _actor_problems(s: Scenario) -> Iterator[Problem]:
    for iid, issue in s.issues.items():
        if (msg := _position_problem(s, iid, issue.status_quo)) is not None:
            yield ("issues", iid, "status_quo"), msg
    for aid, actor in s.actors.items():
        yield from _evidence_refs(s, ("actors", aid), actor.evidence)
        for iid, stance in actor.stances.items():
            loc = ("actors", aid, "stances", iid)
            if iid not in s.issues:
                yield loc, _unknown("issue", iid, s.issues)
                continue
            yield from _evidence_refs(s, loc, stance.evidence)
            if stance.ideal is not None:
                if (msg := _position_problem(s, iid, stance.ideal)) is not None:
                    yield (*loc, "ideal"), msg
            elif stance.utilities is not None:
                levels = s.issues[iid].scale.levels
                if levels is None or set(stance.utilities) != set(levels):
                    yield (
                        (*loc, "utilities"),
                        f"must give a value for each level {list(levels or [])}; "
                        f"got {sorted(stance.utilities)}",
                    )


def _offer_problems(s: Scenario) -> Iterator[Problem]:
    for oid, offer in s.offers.items():
        loc = ("offers", oid)
        if offer.proposer not in s.actors:
            yield (*loc, "proposer"), _unknown("actor", offer.proposer, s.actors)
        for i, aid in enumerate(offer.to):
            if aid not in s.actors:
                yield (*loc, "to", i), _unknown("actor", aid, s.actors)
        for iid, position in offer.terms.items():
            if iid not in s.issues:
                yield (*loc, "terms", iid), _unknown("issue", iid, s.issues)
            elif (msg := _position_problem(s, iid, position)) is not None:
                yield (*loc, "terms", iid), msg
        yield from _evidence_refs(s, loc, offer.evidence)


def _factor_problems(s: Scenario) -> Iterator[Problem]:
    for fid, factor in s.factors.items():
        loc = ("factors", fid)
        if factor.actor not in s.actors:
            yield (*loc, "actor"), _unknown("actor", factor.actor, s.actors)
        yield from _evidence_refs(s, loc, factor.evidence)


def _lever_problems(s: Scenario) -> Iterator[Problem]:
    for lid, lever in s.levers.items():
        loc = ("levers", lid)
        if lever.actor not in s.actors:
            yield (*loc, "actor"), _unknown("actor", lever.actor, s.actors)
        if lever.factor is not None and lever.factor not in s.factors:
            yield (*loc, "factor"), _unknown("factor", lever.factor, s.factors)
        if lever.issue is not None and lever.issue not in s.issues:
            yield (*loc, "issue"), _unknown("issue", lever.issue, s.issues)
        yield from _evidence_refs(s, loc, lever.evidence)


def _dynamics_problems(s: Scenario) -> Iterator[Problem]:
    d = s.dynamics
    if d is None:
        return
    if d.offer is not None and d.offer not in s.offers:
        yield ("dynamics", "offer"), _unknown("offer", d.offer, s.offers)
    elif d.offer is None and not s.offers:
        yield ("dynamics",), "needs an offer to simulate; add one under 'offers' or name it in 'offer'"
    if d.battlefield.actor not in s.actors:
        yield ("dynamics", "battlefield", "actor"), _unknown("actor", d.battlefield.actor, s.actors)
    yield from _evidence_refs(s, ("dynamics", "battlefield"), d.battlefield.evidence)
    for aid, prior in d.beliefs.items():
        loc: tuple[str | int, ...] = ("dynamics", "beliefs", aid)
        if aid not in s.actors:
            yield loc, _unknown("actor", aid, s.actors)
        elif not any(f.actor == aid and f.kind.value == "win_probability" for f in s.factors.values()):
            yield loc, (
                f"actor '{aid}' has no win_probability factor for its belief to replace; "
                "add one (its value is the belief's default mean)"
            )
        yield from _evidence_refs(s, loc, prior.evidence)
    for oid, rules in d.concessions.items():
        if oid not in s.offers:
            yield ("dynamics", "concessions", oid), _unknown("offer", oid, s.offers)
        for i, rule in enumerate(rules):
            loc = ("dynamics", "concessions", oid, i)
            if rule.issue not in s.issues:
                yield (*loc, "issue"), _unknown("issue", rule.issue, s.issues)
            elif rule.limit is not None and (msg := _position_problem(s, rule.issue, rule.limit)) is not None:
                yield (*loc, "limit"), msg
            yield from _evidence_refs(s, loc, rule.evidence)


def _schedule_problems(s: Scenario) -> Iterator[Problem]:
    for sid, schedule in s.schedules.items():
        yield from _evidence_refs(s, ("schedules", sid), schedule.evidence)
        for i, act in enumerate(schedule.activations):
            loc = ("schedules", sid, "activations", i)
            lever = s.levers.get(act.lever)
            if lever is None:
                yield (*loc, "lever"), _unknown("lever", act.lever, s.levers)
            elif not lever.range[0] <= act.intensity <= lever.range[1]:
                yield (*loc, "intensity"), (
                    f"must lie in lever '{act.lever}''s range {list(lever.range)}; got {act.intensity!r}"
                )
            yield from _evidence_refs(s, loc, act.evidence)


def _hypothesis_problems(s: Scenario) -> Iterator[Problem]:
    """Hypotheses override known factors and stances with valid values; observations name known offers."""
    if s.hypotheses and sum(h.weight for h in s.hypotheses.values()) <= 0:
        yield ("hypotheses",), "the hypotheses' 'weight's must sum to a positive number; got 0"
    for hid, h in s.hypotheses.items():
        loc: tuple[str | int, ...] = ("hypotheses", hid)
        yield from _evidence_refs(s, loc, h.evidence)
        for fid, value in h.factors.items():
            factor = s.factors.get(fid)
            if factor is None:
                yield (*loc, "factors", fid), _unknown("factor", fid, s.factors)
                continue
            try:
                Factor.model_validate({**factor.model_dump(), "value": value.model_dump()})
            except ValidationError as exc:
                msgs = (e["msg"].removeprefix("Value error, ") for e in exc.errors())
                yield (*loc, "factors", fid), "; ".join(msgs)
        for aid, stances in h.stances.items():
            if aid not in s.actors:
                yield (*loc, "stances", aid), _unknown("actor", aid, s.actors)
                continue
            for iid, override in stances.items():
                sloc = (*loc, "stances", aid, iid)
                if iid not in s.actors[aid].stances:
                    yield sloc, _unknown(f"stance of actor '{aid}' on issue", iid, s.actors[aid].stances)
                    continue
                msg = None if override.ideal is None else _position_problem(s, iid, override.ideal)
                if msg is not None:
                    yield (*sloc, "ideal"), msg
                levels = s.issues[iid].scale.levels if iid in s.issues else None
                utilities = override.utilities
                if utilities is not None and (levels is None or set(utilities) != set(levels)):
                    yield (*sloc, "utilities"), (
                        f"must give a value in [0, 1] for each level {list(levels or [])}; "
                        f"got {sorted(utilities)}"
                    )
                elif utilities is not None and not all(0 <= v <= 1 for v in utilities.values()):
                    yield (*sloc, "utilities"), f"must lie in [0, 1]; got {utilities}"
    for i, obs in enumerate(s.observed):
        loc = ("observed", i)
        yield from _evidence_refs(s, loc, obs.evidence)
        offer = s.offers.get(obs.offer)
        if offer is None:
            yield (*loc, "offer"), _unknown("offer", obs.offer, s.offers)
        elif obs.actor is not None and obs.actor not in offer.to:
            yield (*loc, "actor"), (
                f"must be a recipient of offer '{obs.offer}' ({', '.join(offer.to)}); got '{obs.actor}'"
            )


def _retracted_problems(s: Scenario) -> Iterator[Problem]:
    """A retracted item (flag on it or on its source) cannot back a factor, salience or lever."""
    from realpolitik.scenario.reliability import evidence_flags

    def check(loc: tuple[str | int, ...], refs: tuple[str, ...]) -> Iterator[Problem]:
        for i, ref in enumerate(refs):
            if ref in s.evidence and SourceFlag.RETRACTED in evidence_flags(s, ref):
                yield (*loc, "evidence", i), (
                    f"cites evidence '{ref}', which is retracted; a retracted item cannot back a number "
                    "(remove the citation or cite other evidence)"
                )

    for fid, factor in s.factors.items():
        yield from check(("factors", fid), factor.evidence)
    for aid, actor in s.actors.items():
        for iid, stance in actor.stances.items():
            yield from check(("actors", aid, "stances", iid), stance.evidence)
    for lid, lever in s.levers.items():
        yield from check(("levers", lid), lever.evidence)


def _analyst_problems(s: Scenario) -> Iterator[Problem]:
    """Each analyst's estimate must satisfy the factor's own rules (a probability in [0, 1])."""
    for fid, factor in s.factors.items():
        for aid, est in factor.estimates.items():
            value = est.model_dump(include={"central", "low", "high", "sd", "dist"})
            try:
                Factor.model_validate({**factor.model_dump(), "value": value, "estimates": {}})
            except ValidationError as exc:
                msgs = (e["msg"].removeprefix("Value error, ") for e in exc.errors())
                yield ("factors", fid, "estimates", aid), "; ".join(msgs)
        yield from _weights_problem(s, ("factors", fid, "estimates"), factor.estimates)
    for aid, actor in s.actors.items():
        for iid, stance in actor.stances.items():
            yield from _weights_problem(s, ("actors", aid, "stances", iid, "estimates"), stance.estimates)
            for level, held in stance.utility_estimates.items():
                loc = ("actors", aid, "stances", iid, "utility_estimates", level)
                yield from _weights_problem(s, loc, held)
    for lid, lever in s.levers.items():
        yield from _weights_problem(s, ("levers", lid, "estimates"), lever.estimates)


def _weights_problem(
    s: Scenario, loc: tuple[str | int, ...], estimates: Mapping[str, AnalystEstimate]
) -> Iterator[Problem]:
    """The analysts' weights in one pool must sum to a positive number."""
    if not estimates:
        return
    own = {aid: s.analysts[aid].weight if aid in s.analysts else 1.0 for aid in estimates}
    weights = {a: own[a] if e.weight is None else e.weight for a, e in estimates.items()}
    if sum(weights.values()) <= 0:
        yield loc, (
            f"the analysts' weights must sum to a positive number; got {weights} "
            "(from each estimate's 'weight', else the analyst's under 'analysts')"
        )
