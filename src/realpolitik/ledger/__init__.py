"""The forecast ledger: questions registered before the outcome is known, sealed, then scored.

A probability is worth what its track record says. The ledger records each
question with its resolution criteria (what counts as yes, which source
decides), its deadline and the forecasts made on it — the model's, with the
scenario and command that produced it, and the baselines a sceptical reader
would use: a base rate from comparable cases, the analyst's unaided judgement,
a market or crowd figure. Forecasting tournaments and early-warning systems
pre-register questions the same way so that nobody can edit a forecast after
the fact.

* :mod:`.entry` — what an entry holds and how it is sealed (canonical JSON,
  SHA-256, each hash covering the previous one);
* :mod:`.chain` — verification: the first altered, removed or unlinked entry;
* :mod:`.store` — the append-only table in the SQLite store, resolution,
  export and import as JSON lines;
* :mod:`.state` — the entries folded into questions with their status.

Scores (Brier, logarithmic, CRPS, Murphy decomposition, calibration) are in
:mod:`realpolitik.engines.scoring`; scoring a ledger, grouped and compared
with the baselines, in :mod:`realpolitik.analysis.ledger_scores`.
"""

from __future__ import annotations

from realpolitik.ledger.chain import Verification, verify_texts
from realpolitik.ledger.entry import (
    GENESIS,
    ROLES,
    canonical,
    entry_hash,
    forecast_record,
    question_body,
    seal,
)
from realpolitik.ledger.state import QuestionState, fold
from realpolitik.ledger.store import Ledger

__all__ = [
    "GENESIS",
    "ROLES",
    "Ledger",
    "QuestionState",
    "Verification",
    "canonical",
    "entry_hash",
    "fold",
    "forecast_record",
    "question_body",
    "seal",
    "verify_texts",
]
