"""Hostile YAML: nesting, aliases, forbidden characters, line separators, floods
of errors. Limits apply while the document is composed, before any object is
built, so each case is refused quickly with a line number."""

from __future__ import annotations

import time

import pytest

from realpolitik.errors import ScenarioError
from realpolitik.scenario import loads
from tests.conftest import MINIMAL


def problems(text: str) -> str:
    with pytest.raises(ScenarioError) as exc:
        loads(text, name="bad.yaml")
    return str(exc.value)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n",
        "".join(f"{' ' * i}k{i}:\n" for i in range(200)) + " " * 200 + "v\n",
    ],
    ids=["flow-sequences", "flow-mappings", "block-mappings"],
)
def test_deep_nesting_is_refused_with_its_line(text: str) -> None:
    message = problems(text)
    assert "nested deeper than 64 levels" in message
    assert message.startswith("bad.yaml:")


def test_alias_bomb_is_refused_quickly() -> None:
    text, prev = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n", "a"
    for i in range(1, 12):
        text += f"l{i}: &l{i} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = f"l{i}"
    start = time.process_time()
    assert "expands to more than 1,000,000 values through aliases" in problems(text)
    assert time.process_time() - start < 5  # would need ~10^12 nodes if expanded


def test_modest_aliases_still_work() -> None:
    text = MINIMAL.replace("decision: {horizon: 1, discount: 1.0, temperature: 0.05}",
                           "decision: &dec {horizon: 1, discount: 1.0, temperature: 0.05}")  # fmt: skip
    assert loads(text).actors["a"].decision.horizon == 1


@pytest.mark.parametrize("char", ["\x00", "\x07", "\ufffe"])
def test_forbidden_characters_name_their_line(char: str) -> None:
    text = MINIMAL.replace("title: test scenario", f"title: test{char}scenario")
    message = problems(text)
    assert message.startswith("bad.yaml:2: contains the character")
    assert "YAML does not allow" in message


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_inside_strings_do_not_shift_lines(separator: str) -> None:
    text = MINIMAL.replace("title: test scenario", f'title: "test{separator}scenario"')
    text = text.replace("status_quo: 0.5", "status_quo: 7")
    expected = next(i for i, line in enumerate(text.split("\n"), 1) if "status_quo: 7" in line)
    assert f"bad.yaml:{expected}: 'issues.land.status_quo'" in problems(text)


def test_a_flood_of_unknown_keys_is_capped() -> None:
    extra = "".join(f"unknown_{i}: 1\n" for i in range(20_000))
    message = problems(MINIMAL + extra)
    assert "20,000 problems found" in message
    assert "... and 19,950 more" in message
    assert message.count("unknown field") == 50
    assert len(message) < 20_000


def test_a_list_as_a_key_is_a_clear_error() -> None:
    assert "keys must be plain names" in problems("? [a, b]\n: 1\n")


def test_impossible_date_is_a_field_error() -> None:
    text = MINIMAL.replace("doc: {title: A test document}", "doc: {title: A test document, date: 2025-02-30}")
    message = problems(text)
    assert "bad.yaml:4: 'sources.doc.date'" in message
