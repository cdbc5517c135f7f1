"""One guard at each input boundary: files, YAML and error lists.

Every file realpolitik reads on a user's behalf (a scenario, a source document
it quotes, an article, a CSV table) goes through :func:`read_text` or
:func:`read_bytes`, which

* read **regular files only** — a device (``/dev/zero``), a FIFO or a socket
  is refused before a byte is read, so nothing hangs or fills memory;
* read at most a **size limit** (per kind of file, :data:`LIMITS`; all can be
  raised with the ``REALPOLITIK_MAX_FILE_MB`` environment variable), and say
  which limit a larger file broke;
* raise the caller's own :class:`~realpolitik.errors.InputError` subclass,
  naming the file, so each command reports it with exit code 2.

Source documents a scenario quotes are **confined** to the scenario's folder
(:func:`confined`): otherwise the verbatim-quote check would answer yes/no
questions about any file the user can read (``/etc/passwd``). Further folders
are allowed explicitly with ``REALPOLITIK_SOURCE_DIRS`` (a ``os.pathsep``
separated list). Symlinks placed inside the folder are followed.

YAML is parsed by :class:`GuardedLoader`, which bounds the **nesting depth**
and the **alias expansion** (the size of the document once every alias is
replaced by what it names) while the document is composed, before any Python
object is built: thousands of ``[`` or a "billion laughs" file are refused with
the line where the limit was crossed instead of a ``RecursionError`` or
gigabytes of memory.

Long error lists are cut by :func:`cap` (``… and 199,980 more``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from realpolitik.errors import InputError

__all__ = [
    "LIMITS",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_PROBLEMS",
    "GuardedLoader",
    "YamlLimitError",
    "cap",
    "confined",
    "limit_for",
    "read_bytes",
    "read_text",
]

_MIB = 1024 * 1024
#: Default size limit per kind of file, in bytes.
LIMITS = {"scenario": 4 * _MIB, "source": 8 * _MIB, "article": 5 * _MIB, "CSV": 64 * _MIB}
#: Deepest nesting of YAML collections accepted (a scenario needs about 8).
MAX_DEPTH = 64
#: Most nodes a YAML document may hold once its aliases are expanded.
MAX_ALIAS_NODES = 1_000_000
#: Most problems listed in one error message; the rest are counted.
MAX_PROBLEMS = 50


def limit_for(kind: str) -> int:
    """The size limit for ``kind`` in bytes; ``REALPOLITIK_MAX_FILE_MB`` overrides every kind."""
    raw = os.environ.get("REALPOLITIK_MAX_FILE_MB")
    if raw:
        try:
            mb = float(raw)
        except ValueError:
            mb = -1.0
        if not mb > 0:
            raise InputError(f"'REALPOLITIK_MAX_FILE_MB' must be a positive number of MiB; got {raw!r}.")
        return int(mb * _MIB)
    return LIMITS[kind]


def read_bytes(
    path: str | Path, *, kind: str, error: type[InputError] = InputError, max_bytes: int | None = None
) -> bytes:
    """Read a regular file of at most the ``kind``'s size limit; raise ``error`` naming it otherwise.

    The file is opened non-blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO cannot hang the open and a file swapped for a device
    between a check and the open is still refused.
    """
    limit = limit_for(kind) if max_bytes is None else max_bytes
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{name}: no such {kind} file.") from None
    except OSError as exc:
        raise error(f"{name}: cannot open the file ({exc.strerror or exc}).") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
            raise error(f"{name}: is {what}, not a regular file; give the path of a {kind} file.")
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"{name}: cannot read the file ({exc.strerror or exc}).") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise error(
            f"{name}: larger than the {_size(limit)} limit for a {kind} file; "
            "set REALPOLITIK_MAX_FILE_MB to raise it if the file is genuine."
        )
    return data


def read_text(
    path: str | Path, *, kind: str, error: type[InputError] = InputError, max_bytes: int | None = None
) -> str:
    """:func:`read_bytes`, decoded as UTF-8 (a byte-order mark is dropped)."""
    data = read_bytes(path, kind=kind, error=error, max_bytes=max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"{path}:{line}: not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); "
            "save the file as UTF-8."
        ) from None


def _size(n: int) -> str:
    return f"{n / _MIB:g} MiB" if n >= _MIB else f"{n / 1024:g} KiB"


def confined(path: Path, base_dir: Path, extra: Sequence[Path] = ()) -> bool:
    """Whether ``path`` lies in ``base_dir``, in ``extra`` or in a folder listed in
    ``REALPOLITIK_SOURCE_DIRS``, both as written and once symlinks are resolved.

    An absolute path or a ``..`` that leaves the folder is refused, and so is a
    symlink inside the folder that points out of it: a scenario folder cloned
    or unpacked from someone else may carry a link to ``/etc/passwd``, and the
    verbatim-quote check would answer yes/no questions about it. A shared
    folder of sources reached by a link is allowed by listing its real location
    in ``REALPOLITIK_SOURCE_DIRS``.
    """
    env = [Path(p) for p in os.environ.get("REALPOLITIK_SOURCE_DIRS", "").split(os.pathsep) if p]
    allowed = (base_dir, *extra, *env)
    written = Path(os.path.normpath(os.path.abspath(path)))
    real = Path(os.path.realpath(path))
    return any(written.is_relative_to(os.path.normpath(os.path.abspath(d))) for d in allowed) and any(
        real.is_relative_to(os.path.realpath(d)) for d in allowed
    )


def cap(problems: list[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, then one line counting the rest."""
    if len(problems) <= limit:
        return problems
    return [*problems[:limit], f"... and {len(problems) - limit:,} more"]


class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML document nests too deeply or expands too far through aliases."""


class GuardedLoader(yaml.SafeLoader):
    """Safe YAML with bounded nesting and alias expansion, and dates kept as text.

    Limits are checked in ``compose_node``, while nodes are composed and
    before any object is constructed. Dates stay text so an impossible date
    (``2025-02-30``) is a validation message with a line, not a ``ValueError``.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise YamlLimitError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is None:
            return None
        if id(node) not in self._sizes:
            self._sizes[id(node)] = size = 1 + sum(self._sizes.get(id(c), 1) for c in _children(node))
            if size > MAX_ALIAS_NODES:
                raise YamlLimitError(
                    None, None,
                    f"expands to more than {MAX_ALIAS_NODES:,} values through aliases (&anchor/*alias)",
                    node.start_mark,
                )  # fmt: skip
        return node


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


GuardedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
