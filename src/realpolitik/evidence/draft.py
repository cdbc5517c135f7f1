"""Draft a first model from stored claims (``realpolitik draft``).

The draft is a valid scenario file (``schema_version: 1``) that ``realpolitik
why`` runs without edits whenever the evidence names an offer. What it takes
from the evidence, and how:

* **Period**: ``since``/``until`` keep the articles dated within the period
  (inclusive; an article without a date is kept only when no period is set).
* **Actors**: the parties the claims bear on. Regions ("Europe"), capitals
  named as venues ("talks in Doha"), ids the gazetteer knows by another
  name ("kremlin" → ``russia``) and bystanders (one claim, while at least
  three parties have two or more) are dropped or merged; the draft's
  description lists what was dropped.
* **Issues and offers**: each ``offer_terms`` claim is read for the terms it
  names (:data:`ISSUE_CUES`: territory, NATO membership or neutrality,
  sanctions, recognition, security guarantees, withdrawal, disarmament, a
  ceasefire, prisoners, elections, justice, aid). Every term becomes an
  issue with two levels, ``status_quo`` and ``as_offered``. A claim that
  says terms were offered or proposed ("offer", "plan", "would ease …", or
  the ``settle`` effect) names an offer:
  its recipients are the claims' actors, its proposer the party the claims
  name as offering (else the most cited other party), its terms
  ``as_offered`` on every issue those claims name.
* **Stances**: every party gets a stance on each offer issue. A recipient
  values ``as_offered`` at 1 when the terms were offered to it and at 0
  when its own claims reject or refuse them (a demand or rejection with the
  ``continue_war`` effect), else 0.5; the proposer values the terms it
  offers at 0.5. Saliences are equal.
* **Factors**: ``offer_terms`` claims of an offer's recipient are its
  stances and the offer, not factors (that would count the terms twice).
  Other claims with the same actor, factor and effect form one
  factor, named from its strongest claim (the cue words and the clause
  around them, not "battlefield (continue war)"). A battlefield claim
  pushing to fight on is the actor's ``win_probability`` (0.5 in [0, 1]);
  every other group is a monthly ``flow`` on the continue side, +0.01 per
  claim pushing to fight on, −0.01 per claim pushing to settle (capped at
  ±0.03), 0 for neutral claims, with a wide range.
* **Evidence**: one entry per claim, verbatim, with its speaker and source;
  a copy of each article's stored text is written to ``sources/`` so
  ``realpolitik validate`` checks every quote.

What remains for the analyst (every such value carries
:data:`ESTIMATE_NOTE` in its ``note`` or ``description``): the size and
range of every factor and whether it is a flow, a lump or a trend; the
issues' real scales (a territorial index rather than two levels) and the
offer's position on them; the stance utilities and saliences; capabilities;
the decision horizon and discount; and any party, issue or offer the
articles do not name. The draft is a first model to argue with, not a
forecast. See ``docs/evidence-draft.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from realpolitik.errors import EvidenceError, ScenarioError
from realpolitik.evidence.parties import REGION_IDS, party_lookup, snake_id
from realpolitik.evidence.states import seats
from realpolitik.evidence.store import EvidenceStore, Hit
from realpolitik.evidence.text import ascii_fold

__all__ = ["ESTIMATE_NOTE", "ISSUE_CUES", "Draft", "draft_scenario", "write_draft"]

ESTIMATE_NOTE = "ESTIMATE TO FILL"
#: Most evidence entries cited by one drafted factor (strongest cues first).
MAX_EVIDENCE_PER_FACTOR = 6
#: Flow placeholder per claim (stakes utility per month) and its cap.
FLOW_PER_CLAIM = 0.01
FLOW_CAP = 0.03

#: Terms a deal can contain: issue id → (name, cue pattern). The first cue that matches names the issue.
ISSUE_CUES: dict[str, tuple[str, str]] = {
    "nato": ("NATO membership or neutrality", r"\bNATO\b|neutral(?:ity)?\b|alliance membership"),
    "sanctions": ("sanctions relief", r"sanction"),
    "recognition": ("recognition of control", r"recogni[sz]"),
    "guarantees": ("security guarantees", r"guarantee"),
    "withdrawal": ("withdrawal of forces", r"withdraw\w*|pull\w* (?:out|back)"),
    "territory": (
        "territory and the line of contact",
        r"territor\w*|\bland\b|oblasts?|regions?\b|provinces?\b|line of contact|front line|"
        r"\bcede\w*|annex\w*",
    ),
    "disarmament": ("disarmament and force limits", r"disarm\w*|demilitari[sz]\w*|army caps?|force limits"),
    "ceasefire": ("ceasefire", r"ceasefire|cease-fire|truce|freeze the (?:conflict|fighting)"),
    "prisoners": ("prisoners and hostages", r"prisoner|hostage|detainee"),
    "elections": ("elections and referendums", r"election|referendum"),
    "justice": ("amnesty and war crimes", r"amnesty|war crimes|prosecut\w+|tribunal"),
    "aid": ("aid, investment and reconstruction", r"\baid\b|reconstruction|investment"),
}
_ISSUE_RE = {k: re.compile(p, re.IGNORECASE) for k, (_, p) in ISSUE_CUES.items()}
#: A claim that terms were put to someone: the claim's actor is the recipient.
_OFFERED = re.compile(
    r"\b(?:offer\w*|propos\w+|plan\b|draft\b|would (?:freeze|ease|lift|grant|give|rule out|recogni[sz]e)|"
    r"concessions?|promis\w+|on the table)",
    re.IGNORECASE,
)
#: Words after which a named party is the one making the offer ("from Washington", "Trump offered").
_PROPOSER_CUE = re.compile(r"\b(?:from|by)\s+(?:the\s+)?$")
_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "for",
        "that",
        "this",
        "it",
        "its",
        "with",
        "by",
        "as",
        "at",
        "from",
    ]
)


@dataclass
class Draft:
    """A scenario skeleton as plain data, plus the article texts it cites."""

    title: str
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    offers: dict[str, dict[str, Any]] = field(default_factory=dict)
    factors: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    """Source id → stored article text (written to ``sources/<id>.txt``)."""
    dropped: dict[str, str] = field(default_factory=dict)
    """Actor id the claims named → why the draft left it out (or which actor it was merged into)."""

    def to_dict(self) -> dict[str, Any]:
        description = (
            "Drafted by `realpolitik draft` from extracted claims. Every number is a placeholder "
            f"marked '{ESTIMATE_NOTE}'; the evidence quotes are verbatim."
        )
        if self.dropped:
            description += (
                " Left out: " + "; ".join(f"{k} ({v})" for k, v in sorted(self.dropped.items())) + "."
            )
        data: dict[str, Any] = {
            "schema_version": 1,
            "title": self.title,
            "description": description,
            "time_unit": "month",
            "sources": self.sources,
            "evidence": self.evidence,
        }
        if self.issues:
            data["issues"] = self.issues
        data["actors"] = self.actors
        if self.offers:
            data["offers"] = self.offers
        data["factors"] = self.factors
        return data


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


def _in_period(h: Hit, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    if not h.date:
        return False
    day = dt.date.fromisoformat(h.date[:10])
    return (since is None or day >= since) and (until is None or day <= until)


def _collect(
    store: EvidenceStore, queries: list[str], since: dt.date | None, until: dt.date | None
) -> list[Hit]:
    hits: dict[str, Hit] = {}
    for query in queries or [""]:
        for h in store.search(query, kind="claim", limit=10_000):
            if _in_period(h, since, until):
                hits.setdefault(h.id, h)
    return sorted(hits.values(), key=lambda h: (h.date or "", h.article_id, h.start))


def _canonical_actors(claims: list[Hit]) -> tuple[dict[str, str], dict[str, str]]:
    """Map each claim's actor id to the id the draft uses; and dropped id → reason."""
    lookup = party_lookup()
    by_snake = {snake_id(alias): ident for alias, ident in lookup.items()}
    venue_ids = {snake_id(s) for s in seats()}
    known = set(lookup.values())
    mapping: dict[str, str] = {}
    dropped: dict[str, str] = {}
    for actor in {h.actor or "unknown" for h in claims}:
        if actor in known:
            mapping[actor] = actor
        elif actor in by_snake and by_snake[actor] != actor:
            mapping[actor] = by_snake[actor]
            dropped[actor] = f"merged into {by_snake[actor]}"
        else:
            mapping[actor] = actor
    counts = Counter(mapping[h.actor or "unknown"] for h in claims)
    strong = [a for a, n in counts.items() if n >= 2]
    for actor, n in counts.items():
        reason = None
        if actor in REGION_IDS:
            reason = "a region, not a party"
        elif actor in venue_ids and actor not in known:
            reason = "a place named as a venue"
        elif actor == "unknown":
            reason = "no party named"
        elif n == 1 and len(strong) >= 3:
            reason = "a bystander: one claim"
        if reason is not None:
            dropped[actor] = reason
    for src, dst in list(mapping.items()):
        if dst in dropped and not dropped[dst].startswith("merged"):
            mapping[src] = ""
    return mapping, dropped


def _name(actor: str) -> str:
    from realpolitik.evidence.states import state_aliases

    names = [alias for alias, ident in state_aliases().items() if ident == actor and " " not in alias[:1]]
    return names[0] if names else actor.replace("_", " ").title()


def _factor_name(text: str, factor: str) -> str:
    """A short name from the claim itself: up to eight words around its first factor cue."""
    from realpolitik.evidence.claims import FACTOR_CUES

    clean = re.sub(r"[“”\"]", "", text).strip(" .,;:—–")
    clean = re.sub(r"^(?:[A-Z][A-Z .'-]+,[^-]{0,40}-\s*)", "", clean)  # a wire dateline
    words = clean.split()
    spot = 0
    for pattern, _ in FACTOR_CUES.get(factor, ()):
        m = re.search(pattern, clean, re.IGNORECASE)
        if m is not None:
            spot = len(clean[: m.start()].split())
            break
    lo = 0 if spot < 6 else max(0, min(spot - 3, len(words) - 8))
    chosen = words[lo : lo + 8]
    while chosen and chosen[-1].lower().strip(",;") in _STOPWORDS:
        chosen.pop()
    while chosen and chosen[0].lower() in _STOPWORDS - {"the", "a", "an"}:
        chosen.pop(0)
    name = " ".join(chosen).strip(" ,;:")
    return (("… " if lo else "") + name + (" …" if lo + 8 < len(words) else "")) or factor.replace("_", " ")


def draft_scenario(
    store: EvidenceStore,
    queries: list[str],
    *,
    title: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Draft:
    """Build a first model from every stored claim matching any of ``queries`` in the period."""
    if since is not None and until is not None and since > until:
        raise EvidenceError(f"--since {since} is after --until {until}: the period is empty.")
    claims = _collect(store, queries, since, until)
    period = "" if since is None and until is None else f" dated {since or '…'} to {until or '…'}"
    if not claims:
        raise EvidenceError(
            f"no stored claims{period} match {queries!r}; ingest articles first ('realpolitik ingest') "
            "or widen the query or the period."
        )
    draft = Draft(title=title or f"Draft scenario: {', '.join(queries) or 'all evidence'}{period}")
    mapping, draft.dropped = _canonical_actors(claims)
    source_of: dict[str, str] = {}
    groups: dict[tuple[str, str, str], list[tuple[str, Hit]]] = defaultdict(list)
    kept: list[tuple[str, str, Hit]] = []
    for n, h in enumerate(claims, 1):
        actor = mapping.get(h.actor or "unknown", "")
        if not actor:
            continue
        if h.article_id not in source_of:
            sid, entry, text = _source(store, h.article_id)
            source_of[h.article_id] = sid
            draft.sources[sid] = entry
            draft.texts[sid] = text
        eid = f"{actor}.{h.factor}.{n}"
        ev: dict[str, Any] = {"source": source_of[h.article_id], "quote": h.text}
        if h.speaker:
            ev["speaker"] = h.speaker
        draft.evidence[eid] = ev
        groups[(actor, h.factor or "other", h.effect or "neutral")].append((eid, h))
        kept.append((eid, actor, h))
    for (actor, _, _), _members in sorted(groups.items()):
        draft.actors.setdefault(actor, {"name": _name(actor)})
    _add_offers(draft, kept)
    recipients = {r for o in draft.offers.values() for r in o["to"]}
    for (actor, factor, effect), members in sorted(groups.items()):
        if factor == "offer_terms" and actor in recipients:
            continue  # the terms are the offer's issues and the actor's stances, not a second factor
        _add_factor(draft, actor, factor, effect, members)
    return draft


def _issues_of(text: str) -> list[str]:
    return [k for k, rx in _ISSUE_RE.items() if rx.search(text)]


def _proposer(text: str, recipient: str, actors: set[str]) -> str | None:
    """The party a claim names as making the offer: after "from"/"by", else any other party named."""
    from realpolitik.evidence.parties import Parties

    mentions = [(a, i) for a, _, i in Parties(text).all if i != recipient]
    for start, ident in mentions:
        if _PROPOSER_CUE.search(text[max(0, start - 10) : start]):
            return ident
    named = [i for _, i in mentions if i not in REGION_IDS]
    in_model = [i for i in named if i in actors]
    candidates = in_model or named
    return candidates[0] if candidates else None


def _add_offers(draft: Draft, kept: list[tuple[str, str, Hit]]) -> None:
    """Issues from the terms the offer_terms claims name; an offer from the claims that terms were put."""
    terms = [(eid, actor, h) for eid, actor, h in kept if h.factor == "offer_terms"]
    issue_evidence: dict[str, list[str]] = defaultdict(list)
    offered: dict[str, dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )  # recipient → issue → eids
    refused: dict[str, set[str]] = defaultdict(set)
    proposers: dict[str, Counter[str]] = defaultdict(Counter)
    dates: dict[str, str] = {}
    for eid, actor, h in terms:
        named = _issues_of(h.text)
        for issue in named:
            issue_evidence[issue].append(eid)
        if not named:
            continue
        if h.effect == "settle" or _OFFERED.search(h.text):
            for issue in named:
                offered[actor][issue].append(eid)
            who = _proposer(h.text, actor, set(draft.actors))
            if who is not None:
                proposers[actor][who] += 1
            if h.date:
                dates[actor] = max(dates.get(actor, ""), h.date[:10])
        elif h.effect == "continue_war":
            refused[actor].update(named)
    for issue, eids in issue_evidence.items():
        name, _ = ISSUE_CUES[issue]
        draft.issues[issue] = {
            "name": name,
            "description": f"{ESTIMATE_NOTE}: drafted from {len(eids)} claim(s) naming these terms; give the "
            "issue its real scale (a continuous index or more levels) and the status quo.",
            "scale": {"levels": ["status_quo", "as_offered"]},
            "status_quo": "status_quo",
        }
    by_proposer: dict[str, list[str]] = defaultdict(list)
    for recipient in sorted(offered):
        if not proposers[recipient]:
            continue
        by_proposer[proposers[recipient].most_common(1)[0][0]].append(recipient)
    for proposer, recipients in sorted(by_proposer.items()):
        draft.actors.setdefault(proposer, {"name": _name(proposer)})
        issues = sorted({i for r in recipients for i in offered[r]})
        eids = sorted({e for r in recipients for i in offered[r] for e in offered[r][i]})
        offer: dict[str, Any] = {
            "name": f"terms put by {draft.actors[proposer]['name']} to "
            + ", ".join(draft.actors.get(r, {"name": r})["name"] for r in recipients),
            "proposer": proposer,
            "to": recipients,
            "terms": dict.fromkeys(issues, "as_offered"),
            "evidence": eids[:MAX_EVIDENCE_PER_FACTOR],
        }
        latest = max((dates.get(r, "") for r in recipients), default="")
        if latest:
            offer["date"] = latest
        draft.offers[f"{_slug(proposer, 20)}-offer"] = offer
    recipients_of = {r: p for p, rs in by_proposer.items() for r in rs}
    for actor in draft.actors:
        stances: dict[str, Any] = {}
        for issue in sorted(draft.issues):
            if actor in recipients_of and issue in offered[actor]:
                value = 1.0  # the terms were put to it: it gains what they give
            elif issue in refused[actor]:
                value = 0.0  # it demands otherwise or refuses these terms
            else:
                value = 0.5
            stances[issue] = {
                "utilities": {
                    "status_quo": round(1.0 - value, 2) if value != 0.5 else 0.5,
                    "as_offered": value,
                },
                "salience": {"central": 1.0, "low": 0.5, "high": 1.5},
            }
            cited = [e for e in issue_evidence[issue] if e.startswith(f"{actor}.")]
            if cited:
                stances[issue]["evidence"] = cited[:MAX_EVIDENCE_PER_FACTOR]
        if stances:
            draft.actors[actor]["stances"] = stances
            draft.actors[actor]["description"] = (
                f"{ESTIMATE_NOTE}: stance utilities and saliences are placeholders read off the claims' "
                "direction (offered to it: 1; refused or demanded otherwise: 0; else 0.5)."
            )


def _add_factor(draft: Draft, actor: str, factor: str, effect: str, members: list[tuple[str, Hit]]) -> None:
    eids = [e for e, _ in members]
    fid = f"{actor}.{factor}.{effect}"
    probability = factor == "battlefield" and effect == "continue_war"
    lead = members[0][1]
    name = _factor_name(lead.text, factor)
    direction = {"continue_war": "fighting on", "settle": "settling", "neutral": "neither side"}[effect]
    sign = {"continue_war": 1.0, "settle": -1.0, "neutral": 0.0}[effect]
    central = round(sign * min(FLOW_CAP, FLOW_PER_CLAIM * len(eids)), 4)
    spread = max(abs(central), FLOW_PER_CLAIM) * 2
    draft.factors[fid] = {
        "actor": actor,
        "name": name,
        "category": factor,
        "kind": "win_probability" if probability else "flow",
        "side": "continue",
        "value": {"central": 0.5, "low": 0.0, "high": 1.0}
        if probability
        else {"central": central, "low": round(central - spread, 4), "high": round(central + spread, 4)},
        "evidence": eids[:MAX_EVIDENCE_PER_FACTOR],
        "note": f"{ESTIMATE_NOTE}: {len(eids)} {factor.replace('_', ' ')} claim(s) say this pushes {actor} "
        f"toward {direction}; set the size and range, and the kind (flow, lump, win_trend) it really is.",
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
        f"# Every number is a placeholder: search for '{ESTIMATE_NOTE}' and fill it in.\n"
    )
    body = yaml.safe_dump(draft.to_dict(), sort_keys=False, allow_unicode=True, width=100)
    out.write_text(header + body, encoding="utf-8")
    from realpolitik.scenario import load

    try:
        load(out)
    except ScenarioError as exc:  # a bug here, not the user's fault; say so plainly
        raise EvidenceError(f"the drafted scenario {out} does not validate: {exc}") from None
    return out
