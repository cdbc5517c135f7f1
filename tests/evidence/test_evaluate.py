"""The evaluation harness scores what it should (and the seed scores perfectly on quotes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from realpolitik.evidence.evaluate import (
    Score,
    _speaker_match,
    agreement,
    evaluate,
    main,
    match_claims,
    style_of,
)
from tests.evidence.conftest import DATA


def test_score_arithmetic() -> None:
    s = Score(tp=3, predicted=4, gold=6)
    assert (s.precision, s.recall) == (0.75, 0.5)
    assert abs(s.f1 - 0.6) < 1e-12
    assert Score().f1 == 0.0


def test_unnamed_sources_match_on_head_noun() -> None:
    assert _speaker_match("unnamed senior U.S. official", "unnamed official")
    assert not _speaker_match("unnamed official", "unnamed diplomat")
    assert _speaker_match("Peter Dickinson", "peter dickinson")


def test_seed_quotes_and_speakers_are_perfect(tmp_path: Path) -> None:
    for name in ("seed_espreso.txt", "seed_espreso.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    report = evaluate(tmp_path, statistical=False)
    assert report.score("quotes+speaker").f1 == 1.0
    assert report.score("claim+factor").recall > 0.8
    assert all(all(v) for v in report.metadata.values())


def test_main_prints_table(tmp_path: Path, capsys) -> None:
    for name in ("uk_gaza.md", "uk_gaza.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "quotes+speaker" in out
    assert "claim+factor" in out
    assert "factor accuracy" in out
    assert "effect share" in out


def test_claim_matching_needs_half_the_shorter_span_and_pairs_once() -> None:
    gold = [(0, 100, {}), (200, 240, {})]
    # Overlaps 50 of the gold's 100 and all of a 40-char claim; the second only 10 of 40.
    pred = [(50, 150, {}), (190, 210, {}), (0, 100, {})]
    pairs = match_claims(pred, gold)
    assert (2, 0) in pairs  # the exact span wins the first gold claim
    assert (0, 0) not in pairs  # each gold claim is matched once
    assert (1, 1) in pairs  # 10 of the shorter 20 characters is half: enough


def _copy_set(src: Path, names: tuple[str, ...], dst: Path) -> None:
    dst.mkdir()
    for name in names:
        shutil.copy(src / name, dst / name)


def test_agreement_of_a_set_with_itself_is_perfect(tmp_path: Path) -> None:
    _copy_set(DATA, ("seed_espreso.txt", "seed_espreso.yaml"), tmp_path / "a")
    report = agreement(DATA, tmp_path / "a")
    assert report.articles == 1  # only the seed has a partner
    assert report.score("claim+factor").f1 == 1.0
    assert report.factor_accuracy == 1.0
    assert any("no annotation of" in m for m in report.misses)


def test_agreement_counts_relabelled_and_dropped_claims(tmp_path: Path) -> None:
    _copy_set(DATA, ("seed_espreso.txt", "seed_espreso.yaml"), tmp_path / "a")
    b = tmp_path / "b"
    b.mkdir()
    gold = yaml.safe_load((DATA / "seed_espreso.yaml").read_text(encoding="utf-8"))
    claims = gold["claims"]
    n = len(claims)
    claims[0]["factor"] = "other" if claims[0]["factor"] != "other" else "economy"
    del claims[-1]
    gold["file"] = "../a/seed_espreso.txt"  # the article is read from beside either file
    (b / "second.yaml").write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    report = agreement(tmp_path / "a", b)
    span = report.score("claims (span)")
    assert (span.tp, span.predicted, span.gold) == (n - 1, n, n - 1)
    assert report.score("claim+factor").tp == n - 2
    assert abs(report.factor_accuracy - (n - 2) / (n - 1)) < 1e-12
    # Swapping the folders swaps precision and recall.
    back = agreement(b, tmp_path / "a")
    assert back.score("claims (span)").precision == span.recall


def test_agreement_command_and_its_errors(tmp_path: Path, capsys) -> None:
    _copy_set(DATA, ("seed_espreso.txt", "seed_espreso.yaml"), tmp_path / "a")
    assert main(["--agreement", str(tmp_path / "a"), str(DATA)]) == 0
    assert "annotator agreement" in capsys.readouterr().out
    assert main(["--agreement", str(tmp_path / "a")]) == 2
    assert main(["--agreement", str(tmp_path / "a"), str(tmp_path / "missing")]) == 2
    assert "missing: not a folder" in capsys.readouterr().err
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.yaml").write_text("claims: []\n", encoding="utf-8")
    assert main(["--agreement", str(tmp_path / "bad"), str(DATA)]) == 2
    assert "'file:' field" in capsys.readouterr().err


def test_effect_shares_sum_to_one(tmp_path: Path) -> None:
    _copy_set(DATA, ("uk_gaza.md", "uk_gaza.yaml"), tmp_path / "a")
    report = evaluate(tmp_path / "a", statistical=False)
    shares = report.effect_shares()
    assert abs(sum(p for p, _ in shares.values()) - 1) < 1e-9
    assert abs(sum(g for _, g in shares.values()) - 1) < 1e-9


def test_quotes_by_style(capsys: pytest.CaptureFixture[str]) -> None:
    assert style_of({}, "reuters_x") == "wire"
    assert style_of({}, "bbc_x") == "broadcaster"
    assert style_of({}, "interview_x") == "qa"
    assert style_of({"style": "qa"}, "analysis_x") == "qa"
    assert style_of({}, "seed_espreso") == "analysis"
    assert main(["--by-style", str(DATA / "heldout")]) == 0
    out = capsys.readouterr().out
    assert "analysis" in out
    assert "wire" in out
    assert main(["--by-style", str(DATA / "nowhere")]) == 2
