"""Read → extract → store, for a batch of files.

An article already in the store (same content hash) is skipped before
extraction, so re-ingesting a folder costs little and adds nothing. A file
that cannot be read as an article — for any reason, including a bug a hostile
file triggers in a parser — is reported in :attr:`IngestReport.errors` and the
batch goes on; only a store that cannot be written (:class:`StoreError`) stops it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realpolitik.errors import EvidenceError, StoreError
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import collect_paths, read_article
from realpolitik.evidence.store import EvidenceStore

__all__ = ["IngestReport", "ingest"]


@dataclass
class IngestReport:
    """What a batch did: ids added, ids already stored, and per-file errors."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped, "errors": self.errors}


def ingest(
    paths: Iterable[str | Path],
    store: EvidenceStore,
    *,
    statistical: bool | None = None,
    on_file: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; each article is committed on its own.

    ``on_file(path, done, total)`` is called after each file (for a progress bar).
    """
    report = IngestReport()
    files = collect_paths(paths)
    for n, path in enumerate(files, 1):
        try:
            article = read_article(path)
            if store.has(article.id):
                report.skipped.append(article.id)
            elif store.add(extract(article, statistical=statistical)):
                report.added.append(article.id)
            else:
                report.skipped.append(article.id)
        except StoreError:
            raise  # the store cannot take any article: stop the batch with its message
        except EvidenceError as exc:
            report.errors.append(str(exc))
        except Exception as exc:  # one hostile file must not cost the batch its other articles
            report.errors.append(f"{path}: could not be ingested ({type(exc).__name__}: {exc}).")
        if on_file is not None:
            on_file(path, n, len(files))
    return report
