"""Results as tables: ``rows()``, ``.to_frame()`` (pandas) and an HTML view for Jupyter.

A result class mixes in :class:`Tabular` and defines :meth:`Tabular.rows`, a
list of flat dicts (one per row, the same keys in every row). From it come
``.to_frame()`` (a :class:`pandas.DataFrame`; pandas is imported only then),
``_repr_html_`` (an escaped HTML table, so results display in a notebook
without pandas) and the CLI's ``--csv`` export (:func:`write_csv`), which
:func:`read_csv` reads back with the same values.
"""

from __future__ import annotations

import csv
import html
import math
from pathlib import Path
from typing import Any

__all__ = ["Tabular", "read_csv", "write_csv"]

HTML_ROWS = 60
"""Rows shown by the notebook view (the frame has them all)."""


class Tabular:
    """Mixin: a result that can be read as a table."""

    def rows(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def to_frame(self) -> Any:
        """The rows as a :class:`pandas.DataFrame`."""
        import pandas as pd

        return pd.DataFrame(self.rows())

    def _repr_html_(self) -> str:
        rows = self.rows()
        if not rows:
            return f"<p>{html.escape(type(self).__name__)}: no rows</p>"
        keys = list(rows[0])
        head = "".join(f"<th>{html.escape(str(k))}</th>" for k in keys)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(r.get(k)))}</td>" for k in keys) + "</tr>"
            for r in rows[:HTML_ROWS]
        )
        more = f"<p>{len(rows) - HTML_ROWS} more rows: use .to_frame()</p>" if len(rows) > HTML_ROWS else ""
        title = html.escape(type(self).__name__)
        table = f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
        return f"<table><caption>{title}</caption>{table}</table>{more}"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def write_csv(path: str | Path, rows: list[dict[str, Any]]) -> int:
    """Write ``rows`` as CSV (header from the first row; numbers in full precision); returns rows written."""
    path = Path(path)
    keys = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=keys)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "" if r.get(k) is None else repr(r[k]) if isinstance(r[k], float) else r[k]
                             for k in keys})
    return len(rows)


def read_csv(path: str | Path) -> list[dict[str, Any]]:
    """Read a CSV written by :func:`write_csv`: numbers back as floats, empty cells as None."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return [{k: _parse(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _parse(v: str) -> Any:
    if v == "":
        return None
    try:
        x = float(v)
    except ValueError:
        return v
    return x if math.isfinite(x) or v.lower() in ("nan", "inf", "-inf") else v
