"""Where chunks of an ensemble run: in this process, or on a Dask cluster.

An ensemble is a list of independent chunk tasks (see
:func:`realpolitik.analysis.sampling.plan_chunks`); an *executor* maps a task
over the chunks and returns the results **in chunk order**. A chunk is a run
of whole blocks, each block seeded from its own spawned ``SeedSequence`` and
reduced on its own, and the caller sums the blocks' results in block order:
so results are bit-identical between :class:`SerialExecutor` and
:class:`DaskExecutor`, for any number of workers and any chunk size, for the
same seed.

Dask is optional (``pip install 'realpolitik[dask]'``); it is imported only
when a Dask executor is opened (Rocklin 2015, "Dask: parallel computation
with blocked algorithms and task scheduling", SciPy proceedings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import pairwise
from typing import Any, Protocol, TypeVar

from realpolitik.errors import InputError, field_message

__all__ = [
    "TASKS_PER_WORKER",
    "DaskExecutor",
    "Executor",
    "Progress",
    "SerialExecutor",
    "keep_freed_memory",
    "local_cluster",
    "open_executor",
]

T = TypeVar("T")
#: Seconds to wait for a Dask scheduler before reporting it unreachable.
SCHEDULER_TIMEOUT = 5
Progress = Callable[[int], None]
"""Called with the number of chunks just finished (for progress bars)."""


class Executor(Protocol):
    """Maps a task over items, returning results in item order."""

    def map(self, fn: Callable[[Any], T], items: Sequence[Any], progress: Progress | None = None) -> list[T]:
        """Apply ``fn`` to every item."""
        ...


_TUNED = False
HEAP_KEEP = 256 * 2**20
"""Freed heap memory a process running an ensemble keeps for its next arrays (bytes)."""


def keep_freed_memory() -> None:
    """Let this process reuse freed array memory instead of handing it back to the system (glibc only).

    A block of draws allocates a few arrays of a few hundred kilobytes and frees them; by default
    glibc serves such sizes by ``mmap`` and returns them on ``free``, or trims the top of the heap,
    so every block's arrays are faulted in page by page afresh. On the shared development machine
    those page faults cost as much as the sampling itself (a fresh 480 KB array: about 6 ns per
    value, against 1.7 ns to fill it with uniforms). Raising glibc's mmap and trim thresholds
    (``mallopt``) keeps up to :data:`HEAP_KEEP` bytes of freed memory in the process. Idempotent;
    a no-op where the C library is not glibc. Called once by every executor before it runs chunks
    (Dask workers included).
    """
    global _TUNED
    if _TUNED:
        return
    _TUNED = True
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = None if libc is None else libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows): nothing to tune
        return
    if mallopt is None:
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's <malloc.h>
    mallopt(m_mmap_threshold, 64 * 2**20)
    mallopt(m_trim_threshold, HEAP_KEEP)


class SerialExecutor:
    """Run every chunk here, one after another."""

    def map(self, fn: Callable[[Any], T], items: Sequence[Any], progress: Progress | None = None) -> list[T]:
        keep_freed_memory()
        results = []
        for item in items:  # a loop over chunks, each a vectorized block of draws
            results.append(fn(item))
            if progress is not None:
                progress(1)
        return results


TASKS_PER_WORKER = 4
"""Tasks a Dask map aims at per worker: few enough to amortize scheduling, enough to balance load."""


def _run_group(fn: Callable[[Any], T], group: Sequence[Any]) -> list[T]:
    keep_freed_memory()  # in the worker process
    return [fn(item) for item in group]


class DaskExecutor:
    """Run chunks as tasks on a ``dask.distributed`` client.

    Consecutive chunks are grouped into about :data:`TASKS_PER_WORKER` tasks per
    worker, so each task carries enough work to amortize its scheduling and
    shipping (a task per chunk made a 4,096-path chunk cost more to ship than to
    compute). Results come back in chunk order, so grouping changes nothing in them.
    """

    def __init__(self, client: Any, tasks_per_worker: int = TASKS_PER_WORKER) -> None:
        self.client = client
        self.tasks_per_worker = tasks_per_worker

    def groups(self, items: Sequence[Any]) -> list[list[Any]]:
        """Consecutive runs of ``items``, one per task."""
        workers = max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))
        n = max(1, min(len(items), workers * self.tasks_per_worker))
        bounds = [round(i * len(items) / n) for i in range(n + 1)]
        return [list(items[a:b]) for a, b in pairwise(bounds) if b > a]

    def map(self, fn: Callable[[Any], T], items: Sequence[Any], progress: Progress | None = None) -> list[T]:
        from distributed import as_completed

        groups = self.groups(items)
        futures = self.client.map(partial(_run_group, fn), groups, pure=False)
        if progress is not None:
            sizes = {f.key: len(g) for f, g in zip(futures, groups, strict=True)}
            for future in as_completed(futures):  # type: ignore[no-untyped-call]  # distributed ships no hints
                progress(sizes[future.key])
        results = self.client.gather(futures)  # gather keeps submission (chunk) order
        return [r for group in results for r in group]


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

    Worker processes keep glibc's default heap trimming: Dask's nanny otherwise sets
    ``MALLOC_TRIM_THRESHOLD_=65536`` in each worker, which returns freed memory to the
    system so eagerly that the next chunk's arrays fault it back in page by page (the same
    simulation chunks ran 1.6x slower in a worker than in-process, a third of the time in
    the kernel).
    """
    import dask

    distributed = _distributed()
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
        )


@contextmanager
def open_executor(
    workers: int | None = None,
    scheduler: str | None = None,
    *,
    work: float | None = None,
    payoff: float = 0.0,
) -> Iterator[Executor]:
    """An executor for the options a user gave.

    Parameters
    ----------
    workers : int, optional
        Start a local Dask cluster of this many single-threaded worker
        processes for the duration of the block.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:port``).
    work, payoff : float, optional
        Size of the job and the size from which a local cluster pays off (in
        the same unit, e.g. draws x levers). Below it, ``workers`` is ignored
        and the chunks run in this process: starting, warming and stopping a
        local cluster costs seconds (see ``docs/speed.md``). A ``scheduler``
        is always used.

    With neither, chunks run serially in this process. Giving both is an error.
    """
    if workers is not None and scheduler is not None:
        raise InputError("give either --workers or --scheduler, not both.")
    if workers is not None and workers < 1:
        raise InputError(field_message("workers", "the command line", "a positive integer", workers))
    if workers is not None and work is not None and work < payoff:
        workers = None
    if workers is None and scheduler is None:
        yield SerialExecutor()
        return
    distributed = _distributed()
    if scheduler is not None:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://")):
            raise InputError(
                field_message("scheduler", "the command line", "an address like tcp://host:8786", scheduler)
            )
        try:
            client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"cannot reach the Dask scheduler at {scheduler} within {SCHEDULER_TIMEOUT} s ({exc}); "
                "is it running, and is the address right?"
            ) from None
        with client:
            yield DaskExecutor(client)
        return
    assert workers is not None
    with local_cluster(workers) as cluster, distributed.Client(cluster) as client:
        yield DaskExecutor(client)
