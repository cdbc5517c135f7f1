"""Exceptions raised by realpolitik.

Every error a user can cause derives from :class:`RealpolitikError`, and each
also derives from the builtin it refines, so ``except ValueError`` still works::

    RealpolitikError
    ├── InputError(ValueError)          bad user input: file, row or field named
    │   ├── ScenarioError               a scenario file fails validation
    │   ├── TableError                  a CSV actor/outcome table fails validation
    │   ├── EvidenceError               an article or evidence store problem
    │   │   └── StoreError              the evidence store cannot be opened or written
    │   └── LedgerError                 a forecast-ledger entry, question or file problem
    └── ModelError(ArithmeticError)     a model cannot be evaluated on valid input

Messages follow one template, so a user can act on them::

    '{field}' of {where} must be {expected}; got {value!r}.

Warnings for numerical edge cases use :class:`RealpolitikWarning`.
"""

from __future__ import annotations

__all__ = [
    "EvidenceError",
    "InputError",
    "LedgerError",
    "ModelError",
    "RealpolitikError",
    "RealpolitikWarning",
    "ScenarioError",
    "StoreError",
    "TableError",
    "field_message",
]


class RealpolitikError(Exception):
    """Base class of every error realpolitik raises on purpose."""


class InputError(RealpolitikError, ValueError):
    """Input a user supplied is invalid; the message says where and why."""


class ScenarioError(InputError):
    """A scenario file (or a scenario built in Python) fails validation.

    ``problems`` lists every problem found, each already formatted with its
    file, line and field, so the CLI can print them all at once.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class TableError(InputError):
    """A CSV table (actors, positions, outcomes) fails validation."""


class EvidenceError(InputError):
    """An article cannot be ingested, or the evidence store cannot be used."""


class StoreError(EvidenceError):
    """The evidence store cannot be opened or written (foreign, read-only, locked, newer)."""


class LedgerError(InputError):
    """A forecast-ledger command cannot be carried out: unknown question, resolved twice, broken chain."""


class ModelError(RealpolitikError, ArithmeticError):
    """A model cannot be evaluated on otherwise valid input."""


class RealpolitikWarning(UserWarning):
    """A numerical edge case was met and a documented value returned."""


def field_message(field: str, where: str, expected: str, value: object) -> str:
    """Format the house error message: field, location, expectation, value."""
    return f"'{field}' of {where} must be {expected}; got {value!r}."
