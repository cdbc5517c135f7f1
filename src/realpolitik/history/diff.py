"""What changed and why: two versions of a scenario, the change of the answer, input by input.

A version is a saved run (:mod:`.runs`), a scenario file, or a scenario file
as it stood at a git revision. :func:`diff` attributes the change of margin
exactly to each changed estimate, offered position, stance and setting
(:func:`realpolitik.analysis.compare.compare`) and lists, for each
changed factor, the evidence added to or removed from it, so an analyst sees
which new quote moved which number and how far that moved the decision.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.errors import InputError

if TYPE_CHECKING:
    from realpolitik.analysis.compare import MarginChange
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.scenario import Scenario

__all__ = ["ScenarioDiff", "Version", "diff", "version_at_revision", "version_from_file", "version_from_run"]


@dataclass(frozen=True)
class Version:
    """One side of a comparison: a loaded scenario and where it came from."""

    label: str
    scenario: Scenario
    p_accept: float | None = None
    """P(accept) over the uncertainty, when a saved run stored it."""


@dataclass(frozen=True)
class ScenarioDiff:
    """The change of the answer between two versions, and the evidence behind each changed factor."""

    before: str
    after: str
    change: MarginChange
    evidence_added: dict[str, list[dict[str, Any]]]
    evidence_removed: dict[str, list[dict[str, Any]]]
    p_accept_before: float | None
    p_accept_after: float | None

    def to_dict(self) -> dict[str, Any]:
        c = self.change
        return {
            "before": self.before,
            "after": self.after,
            "actor": c.actor,
            "offer": c.offer,
            "decision_before": c.before.decision,
            "decision_after": c.after.decision,
            "margin_before": c.before.margin,
            "margin_after": c.after.margin,
            "margin_change": c.change,
            "p_accept_before": c.before.p_accept,
            "p_accept_after": c.after.p_accept,
            "changes": c.to_dict()["changes"],
            "p_accept_uncertain_before": self.p_accept_before,
            "p_accept_uncertain_after": self.p_accept_after,
            "evidence_added": self.evidence_added,
            "evidence_removed": self.evidence_removed,
        }


def version_from_file(path: str) -> Version:
    from realpolitik.scenario import load

    return Version(label=path, scenario=load(path))


def version_from_run(store: EvidenceStore, run_id: str) -> Version:
    from realpolitik.history.runs import get_run

    run = get_run(store, run_id)
    mc = run.results.get("monte_carlo")
    return Version(
        label=f"run {run.id}" + (f" ({run.label})" if run.label else ""),
        scenario=run.scenario(),
        p_accept=None if mc is None else float(mc["p_accept"]["estimate"]),
    )


def version_at_revision(path: str, revision: str) -> Version:
    """The scenario file as committed at a git revision (read with ``git show``)."""
    from realpolitik.scenario import loads

    file = Path(path).resolve()
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=file.parent, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        rel = file.relative_to(Path(top).resolve()).as_posix()
        text = subprocess.run(
            ["git", "show", f"{revision}:{rel}"], cwd=top, capture_output=True, text=True, check=True
        ).stdout
    except FileNotFoundError:
        raise InputError("'--rev' needs git, which is not installed here.") from None
    except (subprocess.CalledProcessError, ValueError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise InputError(
            f"cannot read {path!r} at revision {revision!r} from git: {detail.strip()}. "
            "Is the file committed in a git repository at that revision?"
        ) from None
    label = f"{path}@{revision}"
    return Version(label=label, scenario=loads(text, name=label, base_dir=file.parent))


def _evidence_delta(
    before: Scenario, after: Scenario, factor_ids: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    added: dict[str, list[dict[str, Any]]] = {}
    removed: dict[str, list[dict[str, Any]]] = {}
    for fid in factor_ids:
        old = set(before.factors[fid].evidence) if fid in before.factors else set()
        new = set(after.factors[fid].evidence) if fid in after.factors else set()
        for target, ids, s in ((added, new - old, after), (removed, old - new, before)):
            if ids:
                target[fid] = [_quote(s, eid) for eid in sorted(ids)]
    return added, removed


def _quote(s: Scenario, eid: str) -> dict[str, Any]:
    ev = s.evidence[eid]
    src = s.sources[ev.source]
    return {"id": eid, "quote": ev.quote, "speaker": ev.speaker, "source": src.title,
            "date": (ev.date or src.date or None) and str(ev.date or src.date)}  # fmt: skip


def _same_structure(a: Scenario, b: Scenario, offer: str) -> None:
    """Refuse, naming what differs, versions that cannot be compared term by term."""
    problems = []
    if set(a.actors) != set(b.actors):
        problems.append(f"actors differ ({sorted(set(a.actors) ^ set(b.actors))})")
    if set(a.issues) != set(b.issues):
        problems.append(f"issues differ ({sorted(set(a.issues) ^ set(b.issues))})")
    for which, s in (("first", a), ("second", b)):
        if offer not in s.offers:
            problems.append(f"offer '{offer}' is missing from the {which} version")
    if problems:
        raise InputError(
            "the two versions cannot be compared term by term: " + "; ".join(problems)
            + ". Compare versions of one scenario (same actors and issues)."
        )
    for fid in set(a.factors) & set(b.factors):
        fa, fb = a.factors[fid], b.factors[fid]
        if (fa.actor, fa.kind, fa.side) != (fb.actor, fb.kind, fb.side):
            raise InputError(
                f"factor '{fid}' changed its actor, kind or side between the versions "
                f"({fa.actor}/{fa.kind}/{fa.side} → {fb.actor}/{fb.kind}/{fb.side}); "
                "give the new meaning a new id."
            )


def diff(before: Version, after: Version, actor: str, offer: str) -> ScenarioDiff:
    """The change of ``actor``'s decision on ``offer`` from ``before`` to ``after``, attributed exactly."""
    from realpolitik.analysis.compare import compare

    _same_structure(before.scenario, after.scenario, offer)
    change = compare(before.scenario, after.scenario, actor, offer)
    factors = [c.id for c in change.changes if c.kind == "factor"]
    factors += [
        fid
        for fid, f in after.scenario.factors.items()
        if f.actor == actor and fid in before.scenario.factors and fid not in factors
        and set(f.evidence) != set(before.scenario.factors[fid].evidence)
    ]  # evidence may change without the number changing: still worth showing
    added, removed = _evidence_delta(before.scenario, after.scenario, factors)
    return ScenarioDiff(
        before=before.label,
        after=after.label,
        change=change,
        evidence_added=added,
        evidence_removed=removed,
        p_accept_before=before.p_accept,
        p_accept_after=after.p_accept,
    )
