"""The evaluation harness scores what it should (and the seed scores perfectly on quotes)."""

from __future__ import annotations

import shutil
from pathlib import Path

from realpolitik.evidence.evaluate import Score, _speaker_match, evaluate, main
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
    assert report.score("claim factor").recall > 0.8
    assert all(all(v) for v in report.metadata.values())


def test_main_prints_table(tmp_path: Path, capsys) -> None:
    for name in ("uk_gaza.md", "uk_gaza.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "quotes+speaker" in out
    assert "claim factor" in out
