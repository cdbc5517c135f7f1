"""Base rates from a reference class, counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from realpolitik.analysis.baserate import ReferenceClass, base_rate, read_reference
from realpolitik.analysis.uncertainty import wilson_interval
from realpolitik.errors import TableError

CSV = """\
# a comment line
name,start,end,outcome,region,observed
a,2000-01-01,2000-03-01,yes,north,
b,2000-01-01,2001-06-01,no,north,
c,2000-01-01,2003-01-01,yes,south,
d,2000-01-01,,no,south,2010-01-01
e,2000-01-01,,no,south,2000-06-01
"""


@pytest.fixture
def ref(tmp_path: Path) -> ReferenceClass:
    path = tmp_path / "ref.csv"
    path.write_text(CSV, encoding="utf-8")
    return read_reference(path)


def test_event_share_with_wilson_interval(ref: ReferenceClass) -> None:
    r = base_rate(ref)
    assert (r.events, r.n) == (2, 5)
    ci = wilson_interval(2, 5)
    assert_allclose([r.rate, r.low, r.high], [0.4, ci.low, ci.high])
    assert (base_rate(ref, {"region": "NORTH"}).events, base_rate(ref, {"region": "north"}).n) == (1, 2)


def test_ending_within_a_window_by_hand(ref: ReferenceClass) -> None:
    # after 12 months: a (2 months) is over before the window; b (17) ended within 12 more, c (36) did not;
    # d is still going but observed for 120 months: did not end; e observed 5 months only: left out.
    r = base_rate(ref, within=12, after=12)
    assert (r.events, r.n, r.excluded) == (1, 3, 1)
    assert r.cases == ("b", "c", "d")
    assert base_rate(ref, within=3).events == 1  # only a ended within 3 months of its start


def test_no_matching_rows_is_an_input_error(ref: ReferenceClass, tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"no row of the reference class .* matches region=west"):
        base_rate(ref, {"region": "west"})
    with pytest.raises(TableError, match="a column among"):
        base_rate(ref, {"colour": "red"})
    bad = tmp_path / "bad.csv"
    bad.write_text("name,start\nx,2000-01-01\n", encoding="utf-8")
    with pytest.raises(TableError, match="columns start, end and outcome"):
        read_reference(bad)
    bad.write_text("name,start,end,outcome\nx,01/02/2000,,no\n", encoding="utf-8")
    with pytest.raises(TableError, match="line 2"):
        base_rate(read_reference(bad), within=12)
