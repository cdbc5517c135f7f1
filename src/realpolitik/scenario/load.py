"""Read scenario files: YAML → validated :class:`~realpolitik.scenario.schema.Scenario`.

Every problem is reported with the file, the line and the key path, and all
problems are collected before raising, so one run of ``realpolitik validate``
lists everything to fix.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from realpolitik.errors import ScenarioError
from realpolitik.guard import GuardedLoader, YamlLimitError, cap, read_text
from realpolitik.scenario.schema import Scenario
from realpolitik.scenario.validate import check_references

__all__ = ["load", "loads"]

Loc = tuple[str | int, ...]


def load(path: str | Path, *, source_dirs: Sequence[Path] = ()) -> Scenario:
    """Load and validate a scenario file.

    Raises :class:`~realpolitik.errors.ScenarioError` naming the file, line
    and field of every problem found. The file must be a regular file within
    the scenario size limit (:mod:`realpolitik.guard`); the source documents it
    quotes must lie in its folder or in ``source_dirs``.
    """
    path = Path(path)
    text = read_text(path, kind="scenario", error=ScenarioError)
    return loads(text, name=str(path), base_dir=path.parent, source_dirs=source_dirs)


def loads(
    text: str, name: str = "<string>", base_dir: Path | None = None, *, source_dirs: Sequence[Path] = ()
) -> Scenario:
    """Validate a scenario given as YAML text; ``name`` is used in messages.

    Source documents are read relative to ``base_dir`` and must lie in it (or
    in ``source_dirs``); with no ``base_dir``, the current folder stands in.
    """
    data, lines = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}:1: a scenario must be a YAML mapping; got {type(data).__name__}.")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = _validation_problems(name, lines, exc)
        later = _references_despite(data, exc, base_dir, source_dirs)
        raise _error(name, problems + [_format(name, lines, loc, msg) for loc, msg in later]) from None
    refs = check_references(scenario, base_dir, source_dirs=source_dirs)
    problems = [_format(name, lines, loc, msg) for loc, msg in refs]
    if problems:
        raise _error(name, problems)
    return scenario


_ENTRY_SECTIONS = (
    "sources", "evidence", "actors", "issues", "offers", "factors", "levers", "schedules", "hypotheses",
)


def _references_despite(
    data: dict[str, Any], exc: ValidationError, base_dir: Path | None, source_dirs: Sequence[Path] = ()
) -> list[tuple[Loc, str]]:
    """Cross-reference problems of the entries that did validate, so one run reports both layers.

    The entries with schema errors (a source with a bad date, a factor with an
    unknown category) are set aside and the rest validated again; its
    unknown-id problems are kept unless they name an entry set aside (which
    exists, only invalid). Returns nothing when the rest cannot be
    validated on its own (an error outside the named entries).
    """
    pruned = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    dropped: set[str] = set()
    for e in exc.errors():
        loc = tuple(e["loc"])
        if len(loc) >= 2 and loc[0] in _ENTRY_SECTIONS and isinstance(pruned.get(str(loc[0])), dict):
            pruned[str(loc[0])].pop(loc[1], None)
            dropped.add(str(loc[1]))
        elif loc and loc[0] == "dynamics":
            pruned.pop("dynamics", None)
        else:
            return []
    try:
        rest = Scenario.model_validate(pruned)
    except ValidationError:
        return []
    # Only unknown ids are independent of the entries set aside; other checks (a belief needing
    # a factor that was set aside) would report a consequence of the schema error, not a new one.
    return [
        (loc, msg)
        for loc, msg in check_references(rest, base_dir, source_dirs=source_dirs)
        if msg.startswith("refers to unknown") and not any(f"'{d}'" in msg for d in dropped)
    ]


def _error(name: str, problems: list[str]) -> ScenarioError:
    head = f"{name}: {len(problems):,} problem{'s' if len(problems) > 1 else ''} found:"
    shown = cap(problems)
    return ScenarioError("\n  ".join([head, *shown]), shown)


def _line_finder(text: str) -> Callable[[yaml.Mark | None], int]:
    """The 1-based line of a mark, counting only the breaks an editor shows.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029; inside a quoted
    string those would shift every line number reported after them.
    """
    starts = [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return lambda mark: 1 if mark is None else bisect.bisect_right(starts, mark.index) + 1


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[Loc, int]]:
    line_of = _line_finder(text)
    loader: GuardedLoader | None = None
    try:
        loader = GuardedLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(f"{name}:1: the file is empty; expected a scenario mapping.")
        lines: dict[Loc, int] = {}
        _index_lines(node, (), lines, name, set(), line_of)
        return loader.construct_document(node), lines
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ScenarioError(
            f"{name}:{line}: contains the character U+{code:04X}, which YAML does not allow; "
            "remove it (is this a text file?)."
        ) from None
    except YamlLimitError as exc:
        raise ScenarioError(f"{name}:{line_of(exc.problem_mark)}: {exc.problem}; refused.") from None
    except yaml.MarkedYAMLError as exc:
        line = line_of(exc.problem_mark or exc.context_mark)
        problem = str(exc.problem or exc)
        hint = ""
        if any(w in problem for w in ("block", "indent", "mapping values", "'\\t'")):
            hint = (
                " Check the indentation on or just above this line: keys of one mapping"
                " must line up, with spaces, not tabs."
            )
        raise ScenarioError(f"{name}:{line}: not valid YAML: {problem}.{hint}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{name}: not valid YAML: {exc}.") from None
    finally:
        if loader is not None:
            loader.dispose()


def _index_lines(
    node: yaml.Node,
    loc: Loc,
    lines: dict[Loc, int],
    name: str,
    seen_nodes: set[int],
    line_of: Callable[[yaml.Mark | None], int],
) -> None:
    """Record the line of every key path, and refuse duplicate keys.

    PyYAML keeps the last of two equal keys silently; a scenario would then lose
    an actor or a factor without a word, so duplicates are errors here. A node
    reached again through an alias is not walked again, so nested aliases (a
    "billion laughs" file) cost linear, not exponential, time.
    """
    lines.setdefault(loc, line_of(node.start_mark))
    if id(node) in seen_nodes:
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                where = ".".join(map(str, loc)) or "(top level)"
                raise ScenarioError(
                    f"{name}:{line_of(key_node.start_mark)}: a key of '{where}' is a list or mapping; "
                    "keys must be plain names."
                )
            key = key_node.value
            line = line_of(key_node.start_mark)
            if key in seen:
                where = ".".join(map(str, (*loc, key)))
                raise ScenarioError(
                    f"{name}:{line}: duplicate key '{where}' (first defined on line {seen[key]}); "
                    "each key may appear once."
                )
            seen[key] = line
            _index_lines(value_node, (*loc, key), lines, name, seen_nodes, line_of)
            lines[(*loc, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*loc, i), lines, name, seen_nodes, line_of)


def _message(error: Any) -> str:
    msg = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] == "extra_forbidden":
        return "unknown field; check its spelling against `realpolitik schema`"
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "too_short":
        least = (error.get("ctx") or {}).get("min_length", 1)
        got = len(error.get("input") or ())
        return f"must list at least {least} item{'' if least == 1 else 's'}; got {got or 'none'}"
    value = error.get("input")
    if not isinstance(value, dict | list) and "got" not in msg:
        msg = f"{msg}; got {value!r}"
    return msg


_UNION_MEMBERS = {"float", "int", "str", "bool", "dict", "list", "tuple"}


def _validation_problems(name: str, lines: dict[Loc, int], exc: ValidationError) -> list[str]:
    """One line per field. A value that matches no member of a union (a position is a
    number or a level name) gets one message listing what each member expected."""
    merged: dict[Loc, list[str]] = {}
    for e in exc.errors():
        loc = tuple(e["loc"])
        if loc and loc[-1] in _UNION_MEMBERS and loc not in lines:
            loc = loc[:-1]
        msg = _message(e)
        loc, msg = _at_named_field(loc, msg, lines)
        merged.setdefault(loc, []).append(msg)
    return [_format(name, lines, loc, _either(msgs)) for loc, msgs in merged.items()]


def _at_named_field(loc: Loc, msg: str, lines: dict[Loc, int]) -> tuple[Loc, str]:
    """Point a whole-object check at the field it names.

    A model validator (e.g. a lever's ``'range' must be [low, high]``) reports
    at the object's line; when its message opens with a quoted field the file
    spells out, report that field and its line instead.
    """
    path = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
    if msg.startswith("'") and "' " in msg:
        key, _, rest = msg[1:].partition("' ")
        if (*path, key) in lines:
            return (*path, key), rest
    return loc, msg


def _either(messages: list[str]) -> str:
    first, *rest = dict.fromkeys(messages)
    return first + "".join(f", or {m.removeprefix('Input should be ')}" for m in rest)


def _format(name: str, lines: dict[Loc, int], loc: Iterable[str | int], msg: str) -> str:
    # pydantic inserts validator names (e.g. 'function-before[...]') into locs; drop them.
    path = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
    line = next((lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in lines), 1)
    field = ".".join(map(str, path)) or "(top level)"
    return f"{name}:{line}: '{field}': {msg}."
