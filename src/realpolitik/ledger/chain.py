"""Check a chain of sealed entries: every byte, every hash, every link.

:func:`verify_texts` takes the entries as the exact text that was hashed (rows
of the store, or lines of an exported JSON-lines file) and stops at the first
entry that fails, naming it:

1. the text must parse as a JSON object and be in canonical form (so any
   changed byte, even a space, is caught);
2. its ``hash`` must be the SHA-256 of its other fields;
3. its ``seq`` must follow the previous one (no entry removed or inserted);
4. its ``prev`` must be the previous entry's hash.

A reader who kept the last hash (the *head*) from an earlier check can pass it
as ``head`` and detect a rewritten history whose hashes were all recomputed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from realpolitik.errors import InputError
from realpolitik.ledger.entry import GENESIS, canonical, entry_hash

__all__ = ["Verification", "verify_texts"]


@dataclass(frozen=True)
class Verification:
    """The result of checking a chain: ``ok``, or the first bad entry and why."""

    ok: bool
    entries: int
    """Entries checked (all of them when ``ok``; the good prefix otherwise)."""
    head: str
    """Hash of the last good entry (:data:`GENESIS` for an empty chain)."""
    bad: str | None = None
    """Where the first bad entry is, e.g. ``entry 3`` or ``line 3 of ledger.jsonl``."""
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _check(text: str, where: str, expected_seq: int, prev: str) -> tuple[dict[str, Any] | None, str | None]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"{where} is not valid JSON ({exc.msg}): it was altered or truncated."
    if not isinstance(obj, dict):
        return None, f"{where} is not a JSON object: it was altered."
    try:
        hash_ok = obj.get("hash") == entry_hash(obj)
        same_bytes = canonical(obj).decode("utf-8") == text
    except InputError:  # NaN or infinity: never sealed
        hash_ok = same_bytes = False
    if not hash_ok:
        return None, f"{where} was altered: its content does not match its hash."
    if not same_bytes:
        return None, f"{where} was altered: its bytes are not the sealed (canonical) form."
    if obj.get("seq") != expected_seq:
        return None, (
            f"{where} has seq {obj.get('seq')!r} where {expected_seq} was expected: "
            "an entry was removed, inserted or reordered."
        )
    if obj.get("prev") != prev:
        return None, (
            f"{where} does not chain to the entry before it (its 'prev' is not that entry's hash): "
            "the chain was rewritten from here."
        )
    return obj, None


def verify_texts(items: Iterable[tuple[str, str]], head: str | None = None) -> Verification:
    """Verify ``(where, text)`` pairs in chain order (module docstring).

    ``where`` names the entry in messages (``"entry 3"``); ``head``, if given,
    must be the hash of the last entry.
    """
    prev, n = GENESIS, 0
    for where, text in items:
        obj, problem = _check(text, where, n + 1, prev)
        if obj is None:
            return Verification(False, n, prev, where, problem)
        prev, n = obj["hash"], n + 1
    if head is not None and head != prev:
        return Verification(
            False,
            n,
            prev,
            "the head",
            f"the last entry's hash is {prev}, not the head {head} given: the ledger was "
            "rewritten or cut short since that head was published.",
        )
    return Verification(True, n, prev)
