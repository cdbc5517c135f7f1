"""Learned claim labels (factor, effect) vs the cue rules, leave-one-set-out.

A small linear model — word 1–2-grams and in-word character 3–5-grams,
TF-IDF weighted and L2-normalised, multinomial logistic regression with
balanced class weights (scikit-learn, dev only) — is trained on the gold
claims of four annotated sets and scored on the fifth with the full extractor
(rules only: spans, actors and the claim/no-claim gate stay the rules'; only
the factor and effect of each extracted clause change) and evaluate.py's
matching. Variants:

* ``rules``: the cue labeller as shipped;
* ``learned``: the model's factor and effect on the text alone;
* ``combined``: the model with the rule scores (eight factor cue scores,
  three effect cue counts) as extra features;
* ``backoff``: the rules' factor when a strong cue fires (score ≥ 2.0 and
  ahead of the runner-up by 1.0), else the learned factor; effect from the
  rules when its cue counts are not tied, else learned;
* ``fac_only`` (added after the first run, so post hoc): the learned factor,
  with the rules' effect cues and the learned factor's default on ties.

Hyper-parameters (C = 5, min_df = 2) were fixed before the first run, not
tuned on the held-out sets. Writes benchmarks/results/claim_learned.json.

    python benchmarks/bench_claim_learned.py
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np
import yaml

from realpolitik.evidence import claims as claims_mod
from realpolitik.evidence.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "evidence"
SETS = {"dev": DATA, "heldout": DATA / "heldout", "heldout2": DATA / "heldout2",
        "heldout3": DATA / "heldout3", "heldout4": DATA / "heldout4"}  # fmt: skip
OUT = ROOT / "benchmarks" / "results" / "claim_learned.json"
C, MIN_DF = 5.0, 2
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def text_features(text: str) -> Counter[str]:
    """Word uni/bigrams and in-word character 3–5-grams of a lower-cased clause."""
    t = text.lower().replace("’", "'").replace("‘", "'")
    words = _WORD.findall(t)
    feats: Counter[str] = Counter()
    feats.update("w:" + w for w in words)
    feats.update(f"b:{a} {b}" for a, b in pairwise(words))
    for w in words:
        p = f" {w} "
        for n in (3, 4, 5):
            feats.update("c:" + p[i : i + n] for i in range(len(p) - n + 1))
    return feats


def rule_features(text: str) -> dict[str, float]:
    scores = claims_mod.factor_scores(text)
    counts = claims_mod._effect_counts(text)
    out = {f"r:{f}": min(s, 4.0) / 4.0 for f, s in scores.items()}
    out.update({f"e:{e}": min(n, 4) / 4.0 for e, n in counts.items()})
    return out


class Linear:
    """TF-IDF + multinomial logistic regression, scored in NumPy."""

    def __init__(self, texts: list[str], labels: list[str], *, rules: bool) -> None:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        self.rules = rules
        docs = [text_features(t) for t in texts]
        df = Counter(f for d in docs for f in d)
        vocab = sorted(f for f, n in df.items() if n >= MIN_DF)
        self.index = {f: i for i, f in enumerate(vocab)}
        n = len(docs)
        self.idf = np.array([math.log((1 + n) / (1 + df[f])) + 1 for f in vocab])
        if rules:
            for k in rule_features(""):
                self.index[k] = len(self.index)
        rows = [self._row(t, d) for t, d in zip(texts, docs, strict=True)]
        data, ind, ptr = [], [], [0]
        for r in rows:
            ind.extend(r)
            data.extend(r.values())
            ptr.append(len(ind))
        X = csr_matrix((data, ind, ptr), shape=(n, len(self.index)))
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        model.fit(X, labels)
        self.classes = list(model.classes_)
        self.coef, self.intercept = model.coef_, model.intercept_

    def _row(self, text: str, feats: Counter[str] | None = None) -> dict[int, float]:
        feats = text_features(text) if feats is None else feats
        row = {self.index[f]: (1 + math.log(c)) * self.idf[self.index[f]] for f, c in feats.items()
               if f in self.index and self.index[f] < len(self.idf)}  # fmt: skip
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        row = {i: v / norm for i, v in row.items()}
        if self.rules:
            row.update({self.index[k]: v for k, v in rule_features(text).items() if v})
        return row

    def predict(self, text: str) -> str:
        row = self._row(text)
        idx = np.fromiter(row, int, len(row))
        val = np.fromiter(row.values(), float, len(row))
        z = self.intercept + (self.coef[:, idx] @ val if len(idx) else 0.0)
        if len(self.classes) == 2:  # binary: sklearn keeps one row for the second class
            return self.classes[int(z[0] > 0)]
        return self.classes[int(np.argmax(z))]


def gold_claims(folder: Path) -> list[dict[str, str]]:
    out = []
    for p in sorted(folder.glob("*.yaml")):
        out.extend(yaml.safe_load(p.read_text(encoding="utf-8")).get("claims", []))
    return out


_FACTOR = claims_mod._factor
_EFFECT = claims_mod._effect


def patch(variant: str, fac: Linear | None, eff: Linear | None) -> None:
    """Swap the extractor's factor and effect steps for the variant's (the claim gate stays the rules')."""
    if variant == "rules" or fac is None or eff is None:
        return

    def factor(folded: str) -> tuple[str, float] | None:
        ruled = _FACTOR(folded)
        if ruled is None:
            return None  # the rules still decide what is a claim
        rule_factor, score = ruled
        if variant == "backoff":
            scores = sorted(claims_mod._factor_scores(folded).values(), reverse=True)
            strong = score >= 2.0 and scores[0] - scores[1] >= 1.0
            return (rule_factor if strong else fac.predict(folded)), score
        return fac.predict(folded), score

    def effect(clause: str, factor_: str, *args: object, **kwargs: object) -> str:
        if variant == "fac_only":
            return _EFFECT(clause, factor_, *args, **kwargs)  # type: ignore[arg-type]
        if variant == "backoff":
            counts = claims_mod._effect_counts(clause)
            if not (counts["continue_war"] == counts["settle"] and not counts["neutral"]):
                return _EFFECT(clause, factor_, *args, **kwargs)  # type: ignore[arg-type]
        return eff.predict(clause)

    claims_mod._factor = factor
    claims_mod._effect = effect


def unpatch() -> None:
    claims_mod._factor = _FACTOR
    claims_mod._effect = _EFFECT


def main() -> None:
    try:
        import sklearn  # noqa: F401  (training only; not a project dependency)
    except ImportError:
        print("scikit-learn not installed: .venv/bin/pip install scikit-learn to run this benchmark")
        return
    gold = {name: gold_claims(folder) for name, folder in SETS.items()}
    variants = ("rules", "learned", "combined", "backoff", "fac_only")
    table: dict[str, dict[str, dict[str, float]]] = {}
    for held, folder in SETS.items():
        train = [g for name, gs in gold.items() if name != held for g in gs]
        texts = [g["text"] for g in train]
        models = {
            rules: (Linear(texts, [g["factor"] for g in train], rules=rules),
                    Linear(texts, [g["effect"] for g in train], rules=rules))
            for rules in (False, True)
        }  # fmt: skip
        table[held] = {}
        for v in variants:
            fac, eff = models[v == "combined"]
            patch(v, fac, eff)
            try:
                t0 = time.perf_counter()
                r = evaluate(folder, statistical=False)
                dt = time.perf_counter() - t0
            finally:
                unpatch()
            s = r.scores
            table[held][v] = {k: round(s[f"claim+{k}"].f1, 3) for k in ("factor", "effect", "actor")}
            table[held][v]["span"] = round(s["claims (span)"].f1, 3)
            table[held][v]["seconds"] = round(dt, 2)
        print(held, len(train), "training claims", table[held], flush=True)
    mean = {v: {k: round(float(np.mean([table[h][v][k] for h in SETS])), 3)
                for k in ("factor", "effect", "actor", "span")} for v in variants}  # fmt: skip
    result = {"C": C, "min_df": MIN_DF, "gold_claims": {k: len(v) for k, v in gold.items()},
              "per_set": table, "mean": mean}  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'held-out set':<12}" + "".join(f"{v + ' fac/eff':>22}" for v in variants))
    for h in [*SETS, "mean"]:
        row = table[h] if h != "mean" else mean
        print(f"{h:<12}" + "".join(f"{row[v]['factor']:>13.3f}/{row[v]['effect']:.3f}" for v in variants))


if __name__ == "__main__":
    main()
