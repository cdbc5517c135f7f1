"""The ledger's table in the store, applied as one of the store's numbered migrations.

Entries are stored as their canonical JSON text, exactly as hashed. Triggers
refuse every UPDATE and DELETE, so the table is append-only for anyone who
goes through SQLite without dropping the triggers first; ``ledger verify``
catches whoever does.
"""

from __future__ import annotations

__all__ = ["LEDGER_SCHEMA"]

LEDGER_SCHEMA = """
CREATE TABLE ledger_entries (
    seq INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    question INTEGER,
    entry TEXT NOT NULL
);
CREATE INDEX ledger_entries_question ON ledger_entries(question);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'the forecast ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'the forecast ledger is append-only'); END;
"""  # noqa: E501  (each trigger on one line: migration scripts are split into statements)
