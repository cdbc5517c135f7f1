"""Where chunks of an ensemble run: in this process, or on a Dask cluster.

An ensemble is a list of independent chunk tasks (see
:func:`realpolitik.analysis.sampling.plan_chunks`); an *executor* maps a task
over the chunks and returns the results **in chunk order**, so every
reduction afterwards happens on the caller's side in the same order whatever
ran the chunks. That, and seeding each chunk from its own spawned
``SeedSequence``, makes results bit-identical between :class:`SerialExecutor`
and :class:`DaskExecutor` for the same seed.

Dask is optional (``pip install 'realpolitik[dask]'``); it is imported only
when a Dask executor is opened (Rocklin 2015, "Dask: parallel computation
with blocked algorithms and task scheduling", SciPy proceedings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from realpolitik.errors import InputError, field_message

__all__ = ["DaskExecutor", "Executor", "Progress", "SerialExecutor", "local_cluster", "open_executor"]

T = TypeVar("T")
Progress = Callable[[int], None]
"""Called with the number of chunks just finished (for progress bars)."""


class Executor(Protocol):
    """Maps a task over items, returning results in item order."""

    def map(self, fn: Callable[[Any], T], items: Sequence[Any], progress: Progress | None = None) -> list[T]:
        """Apply ``fn`` to every item."""
        ...


class SerialExecutor:
    """Run every chunk here, one after another."""

    def map(self, fn: Callable[[Any], T], items: Sequence[Any], progress: Progress | None = None) -> list[T]:
        results = []
        for item in items:  # a loop over chunks, each a vectorized block of draws
            results.append(fn(item))
            if progress is not None:
                progress(1)
        return results


class DaskExecutor:
    """Run chunks as tasks on a ``dask.distributed`` client."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, fn: Callable[[Any], T], items: Sequence[Any], progress: Progress | None = None) -> list[T]:
        from distributed import as_completed

        futures = self.client.map(fn, list(items), pure=False)
        if progress is not None:
            for _ in as_completed(futures):  # type: ignore[no-untyped-call]  # distributed ships no hints
                progress(1)
        return list(self.client.gather(futures))  # gather keeps submission (chunk) order


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise InputError("running on Dask needs the 'dask' extra: pip install 'realpolitik[dask]'.") from None
    return distributed


def local_cluster(workers: int, *, processes: bool = True) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded workers, serving no dashboard.

    Its scheduler's HTTP endpoint listens on a free port rather than Dask's default 8787, so that
    a cluster started by another program on this machine cannot make this one fail or warn.
    """
    distributed = _distributed()
    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
    )


@contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor for the options a user gave.

    Parameters
    ----------
    workers : int, optional
        Start a local Dask cluster of this many single-threaded worker
        processes for the duration of the block.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:port``).

    With neither, chunks run serially in this process. Giving both is an error.
    """
    if workers is not None and scheduler is not None:
        raise InputError("give either --workers or --scheduler, not both.")
    if workers is None and scheduler is None:
        yield SerialExecutor()
        return
    distributed = _distributed()
    if scheduler is not None:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://")):
            raise InputError(
                field_message("scheduler", "the command line", "an address like tcp://host:8786", scheduler)
            )
        with distributed.Client(scheduler) as client:
            yield DaskExecutor(client)
        return
    assert workers is not None
    if workers < 1:
        raise InputError(field_message("workers", "the command line", "a positive integer", workers))
    with local_cluster(workers) as cluster, distributed.Client(cluster) as client:
        yield DaskExecutor(client)
