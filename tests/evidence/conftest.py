"""Fixtures for the evidence tests: the annotated article set and a temporary store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from realpolitik.evidence.store import EvidenceStore

DATA = Path(__file__).resolve().parents[1] / "data" / "evidence"
SEED = DATA / "seed_espreso.txt"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EvidenceStore]:
    with EvidenceStore(tmp_path / "evidence.sqlite3") as s:
        yield s
