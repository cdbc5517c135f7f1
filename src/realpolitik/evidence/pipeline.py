"""Read → extract → store, for a batch of files.

An article already in the store (same content hash) is skipped before
extraction, so re-ingesting a folder costs little and adds nothing. A file
that cannot be read as an article — for any reason, including a bug a hostile
file triggers in a parser — is reported in :attr:`IngestReport.errors` and the
batch goes on; if the batched parse of several articles fails, each is parsed
alone so only the bad one is lost. Only a store that cannot be written
(:class:`~realpolitik.errors.StoreError`) stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realpolitik.errors import EvidenceError, StoreError
from realpolitik.evidence.article import Article, Extraction
from realpolitik.evidence.extract import extract_many
from realpolitik.evidence.ingest import collect_paths, read_article
from realpolitik.evidence.nlp import BATCH, load_model
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
    batch: int = BATCH,
) -> IngestReport:
    """Ingest files and folders into ``store``; each article is committed on its own.

    Files are read ``batch`` at a time and the new articles of a batch are parsed together
    (``nlp.pipe``), one parse per article. ``on_file(path, done, total)`` is called after each
    file (for a progress bar).
    """
    report = IngestReport()
    files = collect_paths(paths)
    nlp = load_model() if statistical is not False else None
    done = 0
    for first in range(0, len(files), batch):
        chunk = files[first : first + batch]
        fresh: list[tuple[str, Article]] = []
        finished: list[str] = []
        for path in chunk:
            try:
                article = read_article(path)
            except EvidenceError as exc:
                report.errors.append(str(exc))
                finished.append(path)
                continue
            except Exception as exc:  # one hostile file must not cost the batch its other articles
                report.errors.append(_unexpected(path, exc))
                finished.append(path)
                continue
            if store.has(article.id) or any(a.id == article.id for _, a in fresh):
                report.skipped.append(article.id)
                finished.append(path)
            else:
                fresh.append((path, article))
        for path in finished:
            done += 1
            if on_file is not None:
                on_file(path, done, len(files))
        for path, article, extraction in _extractions(fresh, statistical, nlp, report):
            try:
                if extraction is not None:
                    (report.added if store.add(extraction) else report.skipped).append(article.id)
            except StoreError:
                raise  # the store cannot take any article: stop the batch with its message
            except EvidenceError as exc:
                report.errors.append(str(exc))
            done += 1
            if on_file is not None:
                on_file(path, done, len(files))
    return report


def _unexpected(path: str, exc: Exception) -> str:
    return f"{path}: could not be ingested ({type(exc).__name__}: {exc})."


def _extractions(
    fresh: list[tuple[str, Article]], statistical: bool | None, nlp: Any, report: IngestReport
) -> Iterator[tuple[str, Article, Extraction | None]]:
    """Each article of a batch with its extraction (None when it failed, with the error reported).

    The batch is parsed together; should that fail, each article is parsed
    alone, so a file that breaks the parser costs only itself.
    """
    try:
        together = list(extract_many([a for _, a in fresh], statistical=statistical, nlp=nlp))
    except Exception:  # retried one by one just below, where each error is reported
        together = None
    if together is not None:
        yield from ((path, article, e) for (path, article), e in zip(fresh, together, strict=True))
        return
    for path, article in fresh:
        try:
            alone: Extraction | None = next(iter(extract_many([article], statistical=statistical, nlp=nlp)))
        except Exception as exc:  # one hostile file must not cost the batch its other articles
            report.errors.append(_unexpected(path, exc))
            alone = None
        yield path, article, alone
