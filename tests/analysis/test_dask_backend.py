"""Same seed, same numbers: one process against a Dask LocalCluster."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")

from realpolitik.analysis.ensemble import (  # noqa: E402
    TASKS_PER_WORKER,
    DaskExecutor,
    SerialExecutor,
    local_cluster,
    open_executor,
)
from realpolitik.analysis.levers import levers  # noqa: E402
from realpolitik.analysis.sampling import BLOCK  # noqa: E402
from realpolitik.analysis.uncertainty import monte_carlo  # noqa: E402
from realpolitik.errors import InputError  # noqa: E402
from tests.analysis._models import scenario  # noqa: E402

UNCERTAIN = "{central: 0.6, low: 0.4, high: 0.8}"


@pytest.fixture(scope="module")
def client():
    with (
        local_cluster(2, processes=False) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_monte_carlo_identical_on_a_cluster(client) -> None:
    s = scenario(UNCERTAIN)
    kw = {"draws": 5 * BLOCK - 17, "rng": 42, "chunk_size": 1000}
    one = monte_carlo(s, "a", "deal", **kw)
    done: list[int] = []
    many = monte_carlo(s, "a", "deal", executor=DaskExecutor(client), progress=done.append, **kw)
    assert one.to_dict() == many.to_dict()
    assert sum(done) == 5  # one progress tick per chunk (1,000 draws round up to one block)


def test_lever_search_identical_on_a_cluster(client) -> None:
    s = scenario(UNCERTAIN)
    kw = {"draws": 3000, "rng": 7, "chunk_size": 1000}
    one = levers(s, "a", "deal", ["b.sanctions"], **kw)
    many = levers(s, "a", "deal", ["b.sanctions"], executor=DaskExecutor(client), **kw)
    assert one.to_dict() == many.to_dict()


CHUNK_SIZES = (1, 3 * BLOCK + 5, 10**9)  # a block per chunk, an odd size, everything in one chunk


@pytest.mark.parametrize("workers", [1, 2])
def test_results_depend_neither_on_the_chunk_size_nor_on_the_worker_count(workers: int) -> None:
    s = scenario(UNCERTAIN)
    draws = 4 * BLOCK + 123
    serial = [
        (monte_carlo(s, "a", "deal", draws=draws, rng=1, chunk_size=c).to_dict(),
         levers(s, "a", "deal", ["b.sanctions"], draws=draws, rng=1, chunk_size=c).to_dict())
        for c in CHUNK_SIZES
    ]
    assert all(r == serial[0] for r in serial[1:])
    with local_cluster(workers, processes=False) as cluster, distributed.Client(cluster) as c:
        ex = DaskExecutor(c)
        for size in CHUNK_SIZES:
            got = (monte_carlo(s, "a", "deal", draws=draws, rng=1, chunk_size=size, executor=ex).to_dict(),
                   levers(s, "a", "deal", ["b.sanctions"], draws=draws, rng=1, chunk_size=size,
                          executor=ex).to_dict())
            assert got == serial[0]


def test_executor_options_are_validated() -> None:
    with pytest.raises(InputError, match="not both"), open_executor(workers=2, scheduler="tcp://x:1"):
        pass
    with pytest.raises(InputError, match="scheduler"), open_executor(scheduler="localhost:8786"):
        pass
    with pytest.raises(InputError, match="workers"), open_executor(workers=0):
        pass
    with open_executor() as ex:
        assert isinstance(ex, SerialExecutor)


@pytest.mark.parametrize("n_items", [1, 2, 7, 8, 9, 100])
def test_chunks_are_grouped_into_few_consecutive_tasks(client, n_items: int) -> None:
    ex = DaskExecutor(client)  # two workers: at most 2 x TASKS_PER_WORKER tasks
    groups = ex.groups(list(range(n_items)))
    assert [i for g in groups for i in g] == list(range(n_items))
    assert len(groups) == min(n_items, 2 * TASKS_PER_WORKER)
    assert max(map(len, groups)) - min(map(len, groups)) <= 1
    ticks: list[int] = []
    assert ex.map(lambda i: i * i, list(range(n_items)), ticks.append) == [i * i for i in range(n_items)]
    assert sum(ticks) == n_items  # progress still counts chunks, not tasks


def test_results_do_not_depend_on_how_chunks_are_grouped(client) -> None:
    s = scenario(UNCERTAIN)
    kw = {"draws": 7000, "rng": 3, "chunk_size": 500}
    one = levers(s, "a", "deal", ["b.sanctions"], **kw)
    for per_worker in (1, 3, 50):
        many = levers(s, "a", "deal", ["b.sanctions"], executor=DaskExecutor(client, per_worker), **kw)
        assert one.to_dict() == many.to_dict()


def test_a_job_below_the_payoff_runs_in_this_process() -> None:
    with open_executor(workers=2, work=10, payoff=100) as ex:
        assert isinstance(ex, SerialExecutor)
    with pytest.raises(InputError, match="workers"), open_executor(workers=0, work=10, payoff=100):
        pass
