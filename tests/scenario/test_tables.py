"""CSV actor tables: parsing and errors that name file, line, column, expectation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realpolitik.errors import InputError, TableError
from realpolitik.scenario.tables import (
    ActorTable,
    parse_actor_table,
    parse_issue_tables,
    parse_outcomes,
    read_actor_table,
    read_actor_tables,
    read_issue_tables,
    read_outcomes,
)

ROOT = Path(__file__).resolve().parents[2]
HEADER = "actor,capability,position,salience\n"


def test_reads_the_ec_oracle_table() -> None:
    t = read_actor_table(ROOT / "tests" / "data" / "eum" / "bdm1994_ec_emissions.csv")
    assert t.actors[0] == "Netherlands"
    assert len(t.actors) == 10
    assert t.salience.tolist()[:3] == [0.8, 0.4, 0.2]
    assert t.to_dict()["actors"][6] == {"actor": "UK", "capability": 0.16, "position": 10.0, "salience": 0.9}


def test_header_is_case_insensitive_extra_columns_and_comments_are_ignored() -> None:
    text = "# note\n\nActor, Capability ,position,SALIENCE,notes\nA,1,2,0.5,x\n# skip\nB,2,3,1,\n"
    t = parse_actor_table(text, "f.csv")
    assert t.actors == ("A", "B")
    assert t.capability.tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("A,1,2,1.5\n", "'salience' of f.csv line 2 must be between 0 and 1"),
        ("A,-1,2,0.5\n", "'capability' of f.csv line 2 must be a number >= 0; got '-1'"),
        ("A,1,nan,0.5\n", "'position' of f.csv line 2 must be a finite number; got 'nan'"),
        ("A,1,inf,0.5\n", "'position' of f.csv line 2 must be a finite number; got 'inf'"),
        ("A,1,two,0.5\n", "'position' of f.csv line 2 must be a number; got 'two'"),
        ("A,1,2,0.5\nA,1,3,0.5\n", "'actor' of f.csv line 3 must be unique (first at line 2); got 'A'"),
        (",1,2,0.5\n", "'actor' of f.csv line 2 must be a non-empty name"),
        ("A,1,2\n", "'salience' of f.csv line 2 must be a number; got ''"),
        ("A,0,2,0.5\n", "'capability' of f.csv line 2 must be > 0 with salience > 0"),
    ],
)
def test_bad_values_are_reported_with_file_line_and_column(body: str, message: str) -> None:
    with pytest.raises(TableError) as info:
        parse_actor_table(HEADER + body, "f.csv")
    assert message in str(info.value)
    assert isinstance(info.value, InputError)
    assert isinstance(info.value, ValueError)


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(TableError) as info:
        parse_actor_table(HEADER + "A,-1,2,0.5\nB,1,2,7\n", "f.csv")
    assert str(info.value).startswith("f.csv: 2 problems:")
    assert "line 2" in str(info.value)
    assert "line 3" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "f.csv: the file is empty"),
        ("# only a comment\n", "f.csv: the file is empty"),
        (HEADER, "f.csv: has a header but no data rows"),
        ("actor,position\nA,1\n", "(missing: capability, salience)"),
    ],
)
def test_empty_files_and_missing_columns(text: str, message: str) -> None:
    with pytest.raises(TableError) as info:
        parse_actor_table(text, "f.csv")
    assert message in str(info.value)


def test_long_table_groups_issues_in_file_order_and_scopes_duplicates() -> None:
    text = "issue,actor,capability,position,salience\nx,A,1,2,0.5\ny,A,1,3,0.5\nx,B,1,4,1\n"
    tables = parse_issue_tables(text, "long.csv")
    assert list(tables) == ["x", "y"]
    assert tables["x"].actors == ("A", "B")
    assert tables["x"].issue == "x"
    with pytest.raises(TableError, match="unique within issue 'x'"):
        parse_issue_tables(text + "x,A,1,5,0.5\n", "long.csv")
    with pytest.raises(TableError, match=r"'issue' of long\.csv line 2 must be a non-empty"):
        parse_issue_tables("issue,actor,capability,position,salience\n,A,1,2,0.5\n", "long.csv")


def test_outcomes() -> None:
    assert parse_outcomes("issue,outcome\na,1.5\nb,2\n") == {"a": 1.5, "b": 2.0}
    with pytest.raises(TableError, match=r"'issue' of o\.csv line 3 must be unique"):
        parse_outcomes("issue,outcome\na,1\na,2\n", "o.csv")
    with pytest.raises(TableError, match=r"'outcome' of o\.csv line 2 must be a finite number"):
        parse_outcomes("issue,outcome\na,-inf\n", "o.csv")


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="no such CSV file"):
        read_outcomes(tmp_path / "nope.csv")


def test_shipped_examples_load() -> None:
    tables = read_issue_tables(ROOT / "examples" / "backtest_issues.csv")
    outcomes = read_outcomes(ROOT / "examples" / "backtest_outcomes.csv")
    assert set(outcomes) <= set(tables)
    assert all(np.all((t.salience >= 0) & (t.salience <= 1)) for t in tables.values())


def test_layout_is_told_by_the_header_even_after_a_byte_order_mark(tmp_path: Path) -> None:
    long = tmp_path / "long.csv"
    long.write_text("\ufeff# comment\nIssue,actor,capability,position,salience\nx,a,1,0,1\nx,b,1,1,1\n")
    one = tmp_path / "one.csv"
    one.write_text("\ufeff" + HEADER + "a,1,0,1\nb,1,1,1\n")
    tables = read_actor_tables(long)
    assert isinstance(tables, dict)
    assert list(tables) == ["x"]
    table = read_actor_tables(one)
    assert isinstance(table, ActorTable)
    assert table.actors == ("a", "b")
