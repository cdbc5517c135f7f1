"""Read scenario files: YAML → validated :class:`~realpolitik.scenario.schema.Scenario`.

Every problem is reported with the file, the line and the key path, and all
problems are collected before raising, so one run of ``realpolitik validate``
lists everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from realpolitik.errors import ScenarioError
from realpolitik.scenario.schema import Scenario
from realpolitik.scenario.validate import check_references

__all__ = ["load", "loads"]

Loc = tuple[str | int, ...]


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario file.

    Raises :class:`~realpolitik.errors.ScenarioError` naming the file, line
    and field of every problem found.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such scenario file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot be read as UTF-8 text ({exc}).") from None
    return loads(text, name=str(path), base_dir=path.parent)


def loads(text: str, name: str = "<string>", base_dir: Path | None = None) -> Scenario:
    """Validate a scenario given as YAML text; ``name`` is used in messages."""
    data, lines = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}:1: a scenario must be a YAML mapping; got {type(data).__name__}.")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = [_format(name, lines, tuple(e["loc"]), _message(e)) for e in exc.errors()]
        raise _error(name, problems) from None
    problems = [_format(name, lines, loc, msg) for loc, msg in check_references(scenario, base_dir)]
    if problems:
        raise _error(name, problems)
    return scenario


def _error(name: str, problems: list[str]) -> ScenarioError:
    head = f"{name}: {len(problems)} problem{'s' if len(problems) > 1 else ''} found:"
    return ScenarioError("\n  ".join([head, *problems]), problems)


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[Loc, int]]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(f"{name}:1: the file is empty; expected a scenario mapping.")
        lines: dict[Loc, int] = {}
        _index_lines(node, (), lines, name)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise ScenarioError(f"{name}:{line}: not valid YAML: {exc.problem or exc}.") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{name}: not valid YAML: {exc}.") from None
    finally:
        loader.dispose()


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int], name: str) -> None:
    """Record the line of every key path, and refuse duplicate keys.

    PyYAML keeps the last of two equal keys silently; a scenario would then lose
    an actor or a factor without a word, so duplicates are errors here.
    """
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                where = ".".join(map(str, (*loc, key)))
                raise ScenarioError(
                    f"{name}:{line}: duplicate key '{where}' (first defined on line {seen[key]}); "
                    "each key may appear once."
                )
            seen[key] = line
            _index_lines(value_node, (*loc, key), lines, name)
            lines[(*loc, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*loc, i), lines, name)


def _message(error: Any) -> str:
    msg = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] == "extra_forbidden":
        return "unknown field; check its spelling against `realpolitik schema`"
    if error["type"] == "missing":
        return "required field is missing"
    value = error.get("input")
    if not isinstance(value, dict | list) and "got" not in msg:
        msg = f"{msg}; got {value!r}"
    return msg


def _format(name: str, lines: dict[Loc, int], loc: Iterable[str | int], msg: str) -> str:
    # pydantic inserts validator names (e.g. 'function-before[...]') into locs; drop them.
    path = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
    line = next((lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in lines), 1)
    field = ".".join(map(str, path)) or "(top level)"
    return f"{name}:{line}: '{field}': {msg}."
