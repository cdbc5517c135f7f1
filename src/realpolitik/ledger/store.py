"""The ledger in the SQLite store: append, read, resolve, verify, export and import.

The ledger lives in the same file as the evidence (its table is one of the
store's numbered migrations, :mod:`realpolitik.ledger.schema`), so a
resolution can cite a stored article and a reader copies one file. Every write
takes SQLite's write lock first (``BEGIN IMMEDIATE``), reads the head, checks
what must hold (the question exists, it is not resolved yet) and appends in the
same transaction: two processes cannot both resolve a question or fork the
chain. A failed check writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from realpolitik.errors import InputError, LedgerError
from realpolitik.ledger.chain import Verification, verify_texts
from realpolitik.ledger.entry import GENESIS, canonical, resolution_body, seal

__all__ = ["Ledger"]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """The forecast ledger held in an open store's SQLite connection."""

    def __init__(self, conn: sqlite3.Connection, where: str = "the store") -> None:
        self.conn = conn
        self.where = where

    # -- reading -------------------------------------------------------------------------------
    def texts(self) -> list[tuple[int, str, str]]:
        """Every entry as ``(seq, hash column, stored text)``, in chain order."""
        rows = self.conn.execute("SELECT seq, hash, entry FROM ledger_entries ORDER BY seq").fetchall()
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, parsed (run :meth:`verify` to know they are intact)."""
        return [json.loads(text) for _, _, text in self.texts()]

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0])

    def head(self) -> str:
        row = self.conn.execute("SELECT hash FROM ledger_entries ORDER BY seq DESC LIMIT 1").fetchone()
        return GENESIS if row is None else str(row[0])

    def get(self, seq: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT entry FROM ledger_entries WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise LedgerError(
                f"no ledger entry {seq} in {self.where} (it holds {len(self)}); "
                "list them with 'realpolitik ledger list'."
            )
        entry: dict[str, Any] = json.loads(row[0])
        return entry

    def question(self, seq: int) -> dict[str, Any]:
        """The question entry ``seq`` (LedgerError if there is none, or it is not a question)."""
        entry = self.get(seq)
        if entry["kind"] != "question":
            raise LedgerError(
                f"ledger entry {seq} is a {entry['kind']}, not a question; "
                f"it belongs to question {entry['body'].get('question')}."
            )
        return entry

    def resolution_of(self, seq: int) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT entry FROM ledger_entries WHERE kind = 'resolution' AND question = ?", (seq,)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[None]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LedgerError(f"cannot write to the ledger in {self.where} ({exc}).") from None
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _append(self, kind: str, body: Mapping[str, Any], recorded: str | None) -> dict[str, Any]:
        row = self.conn.execute("SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (1, GENESIS) if row is None else (int(row[0]) + 1, str(row[1]))
        entry = seal(seq, kind, body, prev, recorded or _now())
        self.conn.execute(
            "INSERT INTO ledger_entries (seq, hash, kind, question, entry) VALUES (?, ?, ?, ?, ?)",
            (
                seq,
                entry["hash"],
                kind,
                body.get("question") if kind != "question" else seq,
                canonical(entry).decode("utf-8"),
            ),
        )
        return entry

    def add_question(
        self, body: Mapping[str, Any], *, recorded: str | None = None
    ) -> tuple[dict[str, Any], bool]:
        """Append a question; an identical question already recorded is returned instead (False)."""
        with self._write():
            same_text = (
                "SELECT entry FROM ledger_entries WHERE kind = 'question' "
                "AND json_extract(entry, '$.body.question.text') = ?"
            )
            for (text,) in self.conn.execute(same_text, (body["question"]["text"],)):
                old = json.loads(text)
                if old["body"] == json.loads(canonical(dict(body))):
                    return old, False
            return self._append("question", body, recorded), True

    def add_forecast(
        self, question: int, forecasts: list[dict[str, Any]], *, recorded: str | None = None
    ) -> dict[str, Any]:
        """Append an update: new forecasts on an open question, pointing to the entry they update."""
        from realpolitik.ledger.entry import check_forecast

        with self._write():
            q = self.question(question)
            self._refuse_resolved(question)
            spec = q["body"]["question"]
            for f in forecasts:
                check_forecast(f, spec["type"], spec["outcomes"])
                if f["date"] < spec["opened"]:
                    raise InputError(
                        f"the update's date {f['date']} is before question {question} was "
                        f"opened ({spec['opened']})."
                    )
            last = self.conn.execute(
                "SELECT max(seq) FROM ledger_entries WHERE question = ? AND kind != 'resolution'", (question,)
            ).fetchone()[0]
            body = {"question": question, "updates": int(last), "forecasts": forecasts}
            return self._append("forecast", body, recorded)

    def _refuse_resolved(self, question: int) -> None:
        done = self.resolution_of(question)
        if done is not None:
            b = done["body"]
            raise LedgerError(
                f"question {question} was already {b['status']} by entry {done['seq']} "
                f"(outcome {b['outcome']!r}, {b['date']}); a resolution is final."
            )

    def resolve(
        self,
        question: int,
        outcome: str,
        *,
        date: dt.date,
        source: str | None,
        evidence: Mapping[str, Any] | None = None,
        note: str | None = None,
        recorded: str | None = None,
    ) -> dict[str, Any]:
        """Append the resolution of an open question (LedgerError if unknown or already resolved)."""
        with self._write():
            q = self.question(question)
            self._refuse_resolved(question)
            body = resolution_body(
                q["body"], question, outcome, date=date, source=source, evidence=evidence, note=note
            )
            return self._append("resolution", body, recorded)

    # -- checking and moving -------------------------------------------------------------------
    def verify(self, head: str | None = None) -> Verification:
        """Check the stored chain (:func:`~realpolitik.ledger.chain.verify_texts`) and the table's columns."""
        rows = self.texts()
        result = verify_texts(((f"entry {seq}", text) for seq, _, text in rows), head=head)
        for seq, column, text in rows[: result.entries]:
            obj = json.loads(text)
            if obj["seq"] != seq or obj["hash"] != column:
                return Verification(
                    False,
                    seq - 1,
                    result.head,
                    f"entry {seq}",
                    f"entry {seq}'s row does not match its sealed text (seq or hash column altered).",
                )
        return result

    def export(self, path: Path) -> int:
        """Write every entry, as sealed, one per line; return the count."""
        rows = self.texts()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(text + "\n" for _, _, text in rows), encoding="utf-8")
        return len(rows)

    def import_lines(self, path: Path) -> int:
        """Append the entries of a verified JSON-lines file that extends this ledger; return how many.

        The file must verify, and this ledger must be a prefix of it (entry for
        entry, byte for byte): importing never rewrites what is stored.
        """
        lines = read_lines(path)
        check = verify_texts((f"line {i} of {path}", t) for i, t in enumerate(lines, 1))
        if not check.ok:
            raise LedgerError(f"{check.message} Nothing was imported.")
        with self._write():
            stored = [text for _, _, text in self.texts()]
            if stored != lines[: len(stored)]:
                first = next(
                    (i for i, (a, b) in enumerate(zip(stored, lines, strict=False), 1) if a != b),
                    len(lines) + 1,
                )
                raise LedgerError(
                    f"{path} does not extend the ledger in {self.where}: they differ at entry "
                    f"{first}. Nothing was imported."
                )
            for text in lines[len(stored) :]:
                obj = json.loads(text)
                question = obj["seq"] if obj["kind"] == "question" else obj["body"].get("question")
                self.conn.execute(
                    "INSERT INTO ledger_entries (seq, hash, kind, question, entry) VALUES (?, ?, ?, ?, ?)",
                    (obj["seq"], obj["hash"], obj["kind"], question, text),
                )
        return len(lines) - len(stored)


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a JSON-lines ledger file (LedgerError if unreadable)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"cannot read the ledger file {str(path)!r} ({exc}).") from None
    return split_lines(raw)


def split_lines(raw: bytes) -> list[str]:
    """Lines of a JSON-lines file; a byte that is not UTF-8 becomes U+FFFD, so its entry fails to verify."""
    return [line.decode("utf-8", errors="replace") for line in raw.split(b"\n") if line != b""]
