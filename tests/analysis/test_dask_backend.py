"""Same seed, same numbers: one process against a Dask LocalCluster."""

from __future__ import annotations

import numpy as np
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
    kw = {"draws": 5000, "rng": 42, "chunk_size": 1000}
    one = monte_carlo(s, "a", "deal", **kw)
    done: list[int] = []
    many = monte_carlo(s, "a", "deal", executor=DaskExecutor(client), progress=done.append, **kw)
    assert one.to_dict() == many.to_dict()
    assert sum(done) == 5  # one progress tick per chunk


def test_lever_search_identical_on_a_cluster(client) -> None:
    s = scenario(UNCERTAIN)
    kw = {"draws": 3000, "rng": 7, "chunk_size": 1000}
    one = levers(s, "a", "deal", ["b.sanctions"], **kw)
    many = levers(s, "a", "deal", ["b.sanctions"], executor=DaskExecutor(client), **kw)
    assert one.to_dict() == many.to_dict()


def test_results_do_not_depend_on_worker_count_but_on_chunking() -> None:
    s = scenario(UNCERTAIN)
    a = monte_carlo(s, "a", "deal", draws=3000, rng=1, chunk_size=1000, executor=SerialExecutor())
    b = monte_carlo(s, "a", "deal", draws=3000, rng=1, chunk_size=1500)
    assert a.p_accept.estimate != b.p_accept.estimate  # the chunking is part of the seed
    assert np.isclose(a.p_accept.estimate, b.p_accept.estimate, atol=0.02)


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
