"""Draft a scenario skeleton from stored claims (``realpolitik draft``).

The draft is a valid scenario file (``schema_version: 1``) whose numbers are
placeholders: each factor's value is a wide, centred range and its ``note``
starts with ``ESTIMATE TO FILL``, saying which way the evidence pushes. What
the draft does contain for real is the evidence: one entry per claim, with
the claim's text verbatim, its speaker when it was quoted, and its source
(title, outlet, date, authors, URL). A copy of each article's stored text is
written next to the scenario (``sources/``) and referenced by ``path``, so
``realpolitik validate`` checks every quote against it.

Grouping: claims with the same actor, factor and effect become one factor.
A battlefield claim pushing to fight on becomes the actor's
``win_probability`` (a probability placeholder of 0.5 in [0, 1]); every
other group becomes a per-step ``flow`` on the side the claims push toward
(``continue`` for continue_war and neutral, ``settle`` for settle).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from realpolitik.errors import EvidenceError, ScenarioError
from realpolitik.evidence.store import EvidenceStore, Hit
from realpolitik.evidence.text import ascii_fold

__all__ = ["ESTIMATE_NOTE", "Draft", "draft_scenario", "write_draft"]

ESTIMATE_NOTE = "ESTIMATE TO FILL"
#: Most evidence entries cited by one drafted factor (strongest cues first).
MAX_EVIDENCE_PER_FACTOR = 6


@dataclass
class Draft:
    """A scenario skeleton as plain data, plus the article texts it cites."""

    title: str
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    factors: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    """Source id → stored article text (written to ``sources/<id>.txt``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": 1,
            "title": self.title,
            "description": "Drafted by `realpolitik draft` from extracted claims. Every factor value is a "
            f"placeholder marked '{ESTIMATE_NOTE}' in its note; the evidence quotes are verbatim.",
            "time_unit": "month",
            "sources": self.sources,
            "evidence": self.evidence,
            "actors": self.actors,
            "factors": self.factors,
        }


def _slug(text: str, limit: int = 40) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")[:limit].strip("-")
    return s or "x"


def _source(store: EvidenceStore, article_id: str) -> tuple[str, dict[str, Any], str]:
    art = store.article(article_id)
    if art is None:  # pragma: no cover - hits always point at stored articles
        raise EvidenceError(f"article {article_id!r} vanished from the store while drafting.")
    sid = f"{_slug(art.get('outlet') or 'source', 24)}-{article_id[:8]}"
    entry: dict[str, Any] = {"title": art.get("title") or f"article {article_id}"}
    for key in ("outlet", "url"):
        if art.get(key):
            entry[key] = art[key]
    if art.get("date"):
        entry["date"] = art["date"][:10]
    if art.get("authors"):
        entry["authors"] = art["authors"]
    entry["path"] = f"sources/{sid}.txt"
    return sid, entry, art["text"]


def _collect(store: EvidenceStore, queries: list[str]) -> list[Hit]:
    hits: dict[str, Hit] = {}
    for query in queries or [""]:
        for h in store.search(query, kind="claim", limit=10_000):
            hits.setdefault(h.id, h)
    return sorted(hits.values(), key=lambda h: (h.article_id, h.start))


def draft_scenario(store: EvidenceStore, queries: list[str], *, title: str | None = None) -> Draft:
    """Build a draft from every stored claim matching any of ``queries``."""
    claims = _collect(store, queries)
    if not claims:
        raise EvidenceError(
            f"no stored claims match {queries!r}; ingest articles first ('realpolitik ingest') "
            "or widen the query."
        )
    draft = Draft(title=title or f"Draft scenario: {', '.join(queries) or 'all evidence'}")
    source_of: dict[str, str] = {}
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for n, h in enumerate(claims, 1):
        if h.article_id not in source_of:
            sid, entry, text = _source(store, h.article_id)
            source_of[h.article_id] = sid
            draft.sources[sid] = entry
            draft.texts[sid] = text
        eid = f"{h.actor}.{h.factor}.{n}"
        ev: dict[str, Any] = {"source": source_of[h.article_id], "quote": h.text}
        if h.speaker:
            ev["speaker"] = h.speaker
        draft.evidence[eid] = ev
        groups[(h.actor or "unknown", h.factor or "other", h.effect or "neutral")].append(eid)
    for (actor, factor, effect), eids in sorted(groups.items()):
        draft.actors.setdefault(actor, {"name": actor.replace("_", " ").title()})
        _add_factor(draft, actor, factor, effect, eids)
    return draft


def _add_factor(draft: Draft, actor: str, factor: str, effect: str, eids: list[str]) -> None:
    fid = f"{actor}.{factor}.{effect}"
    probability = factor == "battlefield" and effect == "continue_war"
    if probability and any(
        f["kind"] == "win_probability" and f["actor"] == actor for f in draft.factors.values()
    ):
        probability = False  # pragma: no cover - one group per (actor, factor, effect)
    direction = {"continue_war": "fighting on", "settle": "settling", "neutral": "neither side"}[effect]
    draft.factors[fid] = {
        "actor": actor,
        "name": f"{factor.replace('_', ' ')} ({effect.replace('_', ' ')})",
        "category": factor,
        "kind": "win_probability" if probability else "flow",
        "side": "settle" if effect == "settle" else "continue",
        "value": {"central": 0.5, "low": 0.0, "high": 1.0}
        if probability
        else {"central": 0.0, "low": -0.1, "high": 0.1},
        "evidence": eids[:MAX_EVIDENCE_PER_FACTOR],
        "note": f"{ESTIMATE_NOTE}: {len(eids)} claim(s) say this pushes {actor} toward {direction}; "
        "set the size and range, and the kind (flow, lump, win_trend) it really is.",
    }


def write_draft(draft: Draft, output: str | Path, *, force: bool = False) -> Path:
    """Write the scenario YAML and its source copies, then validate the result."""
    out = Path(output)
    if out.exists() and not force:
        raise EvidenceError(f"{out} already exists; pass --force to overwrite it.")
    (out.parent / "sources").mkdir(parents=True, exist_ok=True)
    for sid, text in draft.texts.items():
        (out.parent / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    header = (
        "# DRAFT scenario written by `realpolitik draft` from extracted evidence.\n"
        f"# Every factor value is a placeholder: search for '{ESTIMATE_NOTE}' and fill it in.\n"
    )
    body = yaml.safe_dump(draft.to_dict(), sort_keys=False, allow_unicode=True, width=100)
    out.write_text(header + body, encoding="utf-8")
    from realpolitik.scenario import load

    try:
        load(out)
    except ScenarioError as exc:  # a bug here, not the user's fault; say so plainly
        raise EvidenceError(f"the drafted scenario {out} does not validate: {exc}") from None
    return out
