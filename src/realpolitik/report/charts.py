"""Charts as Vega-Lite specifications (Altair), rendered offline to static SVG.

Every chart function takes a result's plain data and returns an Altair chart;
:func:`svg` renders it with ``vl-convert`` (no browser, no network) and checks
the markup before it is embedded in a page. Labels come from scenario files —
untrusted text — which Vega escapes as SVG text; :func:`svg` additionally
refuses markup that could run code (``<script>``, ``<foreignObject>``, event
handler attributes, links), so an escaping bug upstream fails loudly instead
of reaching a reader.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert
from markupsafe import Markup

from realpolitik.errors import ModelError

__all__ = ["ACCEPT", "REJECT", "TOTAL", "bars", "curves", "histogram", "reliability", "svg", "waterfall"]

ACCEPT = "#1b7f3b"
REJECT = "#b3261e"
TOTAL = "#33415c"
# A generic family: vl-convert measures label widths with the same fonts the browser then uses.
_FONT = "sans-serif"
_FORBIDDEN_TAGS = {
    "script",
    "foreignobject",
    "iframe",
    "object",
    "embed",
    "a",
    "use",
    "image",
    "animate",
    "set",
}
_FORBIDDEN_ATTR = re.compile(r"^(on.*|href|src|style)$", re.IGNORECASE)


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # altair's @use_signature types configure()'s result as Any; it returns a copy of ``chart``.
    configured: alt.TopLevelMixin = chart.configure(font=_FONT, background="white")
    configured = configured.configure_view(stroke=None)
    return configured


def _data(values: list[dict[str, Any]]) -> alt.Data:
    """Rows inlined in the spec (``alt.InlineData`` would move them to top-level ``datasets``)."""
    return alt.Data(values=values)  # type: ignore[no-untyped-call]  # altair leaves Data.__init__ untyped


def _label(name: str, used: set[str]) -> str:
    """A unique axis label (Vega merges equal category names)."""
    label, n = name, 2
    while label in used:
        label, n = f"{name} ({n})", n + 1
    used.add(label)
    return label


def waterfall(rows: Sequence[tuple[str, float]], total_label: str = "margin") -> alt.TopLevelMixin:
    """Contributions to a total as a horizontal waterfall, largest first.

    ``rows`` are (name, contribution) pairs in display order; each bar runs
    from the running sum before the term to the running sum after it, and a
    last bar shows the total.
    """
    used: set[str] = set()
    data: list[dict[str, Any]] = []
    run = 0.0
    for name, c in rows:
        data.append(
            {
                "term": _label(name, used),
                "start": run,
                "end": run + c,
                "value": c,
                "push": "toward accepting" if c >= 0 else "toward rejecting",
            }
        )
        run += c
    data.append({"term": _label(total_label, used), "start": 0.0, "end": run, "value": run, "push": "total"})
    order = [str(d["term"]) for d in data]
    color = alt.Color(
        "push:N",
        scale=alt.Scale(
            domain=["toward accepting", "toward rejecting", "total"], range=[ACCEPT, REJECT, TOTAL]
        ),
        legend=alt.Legend(title=None, orient="bottom", columnPadding=18),
    )
    y = alt.Y("term:N", sort=order, title=None, axis=alt.Axis(labelLimit=300, labelFontSize=11))
    base = alt.Chart(_data(data))
    bars = base.mark_bar(height=14).encode(
        y=y,
        x=alt.X(
            "start:Q",
            title="contribution to the margin (stakes utility)",
            axis=alt.Axis(tickCount=6, format="+.2f"),
        ),
        x2="end:Q",
        color=color,
    )
    text = (
        base.mark_text(align="left", dx=4, fontSize=10, color="#333")
        .encode(y=y, x=alt.X("max_end:Q"), text=alt.Text("value:Q", format="+.3f"))
        .transform_calculate(max_end="max(datum.start, datum.end)")
    )
    zero = alt.Chart(_data([{"x": 0.0}])).mark_rule(color="#555").encode(x="x:Q")
    chart = alt.layer(bars, text, zero).properties(width=520, height=22 * len(data), padding=12)
    return _config(chart)


def curves(
    data: Sequence[dict[str, Any]],
    x: str,
    y: str,
    series: str,
    x_title: str,
    y_title: str,
    threshold: float | None = None,
    y_domain: tuple[float, float] | None = None,
) -> alt.TopLevelMixin:
    """Line curves of ``y`` against ``x``, one per ``series``, with an optional horizontal rule."""
    lines = (
        alt.Chart(_data(list(data)))
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y(
                f"{y}:Q", title=y_title, scale=alt.Scale(domain=list(y_domain)) if y_domain else alt.Undefined
            ),
            color=alt.Color(
                f"{series}:N", legend=alt.Legend(title=None, orient="bottom", labelLimit=400, columns=1)
            ),
        )
    )
    layers: list[alt.Chart] = [lines]
    if threshold is not None:
        layers.append(
            alt.Chart(_data([{"t": threshold}]))
            .mark_rule(strokeDash=[4, 3], color="#777")
            .encode(y="t:Q")
        )
    return _config(alt.layer(*layers).properties(width=520, height=240, padding=12))


def histogram(counts: Sequence[int], edges: Sequence[float], x_title: str) -> alt.TopLevelMixin:
    """Pre-binned counts as bars, coloured by the sign of the bin, with a rule at zero."""
    data = [
        {"lo": lo, "hi": hi, "n": n, "side": "accept (margin >= 0)" if lo >= 0 else "reject (margin < 0)"}
        for lo, hi, n in zip(edges[:-1], edges[1:], counts, strict=True)
    ]
    color = alt.Color(
        "side:N",
        scale=alt.Scale(domain=["accept (margin >= 0)", "reject (margin < 0)"], range=[ACCEPT, REJECT]),
        legend=alt.Legend(title=None, orient="bottom", columnPadding=18),
    )
    bars = (
        alt.Chart(_data(data))
        .mark_bar()
        .encode(
            x=alt.X("lo:Q", title=x_title, bin="binned"),
            x2="hi:Q",
            y=alt.Y("n:Q", title="draws"),
            color=color,
        )
    )
    zero = alt.Chart(_data([{"x": 0.0}])).mark_rule(color="#555", strokeDash=[4, 3]).encode(x="x:Q")
    return _config(alt.layer(bars, zero).properties(width=520, height=180, padding=12))


def bars(rows: Sequence[tuple[str, float]], x_title: str) -> alt.TopLevelMixin:
    """Horizontal bars of named values, in the given order."""
    used: set[str] = set()
    data: list[dict[str, Any]] = [{"name": _label(n, used), "v": v} for n, v in rows]
    chart = (
        alt.Chart(_data(data))
        .mark_bar(color=TOTAL, height=14)
        .encode(
            y=alt.Y("name:N", sort=[d["name"] for d in data], title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("v:Q", title=x_title),
        )
    )
    return _config(chart.properties(width=420, height=22 * len(data), padding=12))


def reliability(points: Sequence[dict[str, Any]]) -> alt.TopLevelMixin:
    """Reliability diagram: observed frequency against mean forecast per bin, one line per forecaster.

    ``points`` are ``{forecaster, forecast, observed, n}`` per non-empty bin; the
    dashed diagonal is perfect calibration, and a line flatter than it means
    forecasts more extreme than the outcomes bear out (over-confidence).
    """
    unit = alt.Scale(domain=[0, 1])
    x = alt.X("forecast:Q", title="mean forecast in the bin", scale=unit)
    y = alt.Y("observed:Q", title="observed frequency", scale=unit)
    legend = alt.Legend(title=None, orient="bottom", labelLimit=400, columns=1)
    color = alt.Color("forecaster:N", legend=legend)
    diagonal = (
        alt.Chart(_data([{"forecast": 0.0, "observed": 0.0}, {"forecast": 1.0, "observed": 1.0}]))
        .mark_line(color="#777", strokeDash=[4, 3])
        .encode(x=x, y=y)
    )
    lines = alt.Chart(_data(list(points))).mark_line().encode(x=x, y=y, color=color)
    dots = (
        alt.Chart(_data(list(points)))
        .mark_circle(opacity=0.8)
        .encode(x=x, y=y, color=color, size=alt.Size("n:Q", title="forecasts", legend=None))
    )
    return _config(alt.layer(diagonal, lines, dots).properties(width=320, height=320, padding=12))


def _check(markup: str) -> None:
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        raise ModelError(f"chart renderer returned malformed SVG ({exc}).") from None
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag in _FORBIDDEN_TAGS:
            raise ModelError(f"chart SVG contains a <{tag}> element; refusing to embed it.")
        bad = [a for a in el.attrib if _FORBIDDEN_ATTR.match(a.rsplit("}", 1)[-1])]
        if bad:
            raise ModelError(f"chart SVG contains attribute {bad[0]!r}; refusing to embed it.")


def svg(chart: alt.TopLevelMixin) -> Markup:
    """Render ``chart`` to inline SVG; checked by :func:`_check`, then marked safe.

    The SVG is generated by Vega, which escapes text and attribute values;
    the check makes sure nothing in it could run before it is trusted.
    """
    markup = vl_convert.vegalite_to_svg(chart.to_dict())
    _check(markup)
    return Markup(markup)


def timeline(claims: Sequence[dict[str, Any]], runs: Sequence[dict[str, Any]]) -> alt.TopLevelMixin:
    """Claims per factor over time (coloured by effect) above the saved runs' P(accept), one time axis.

    ``claims`` are ``{date, factor, effect, text}``; ``runs`` are ``{date, p_accept, label}``.
    """
    x = alt.X("date:T", title=None)
    effect = alt.Color(
        "effect:N",
        title="effect",
        scale=alt.Scale(domain=["continue_war", "settle", "neutral"], range=["#b2182b", "#2166ac", "#999"]),
        legend=alt.Legend(orient="bottom"),
    )
    dots = (
        alt.Chart(_data(list(claims)))
        .mark_circle(size=60, opacity=0.7)
        .encode(x=x, y=alt.Y("factor:N", title="claims about"), color=effect, tooltip=["text:N"])
        .properties(width=560, height=max(60, 22 * len({c["factor"] for c in claims})))
    )
    if not runs:
        return _config(dots.properties(padding=12))
    line = (
        alt.Chart(_data(list(runs)))
        .mark_line(point=True, color="#333")
        .encode(x=x, y=alt.Y("p_accept:Q", title="P(accept), saved runs", scale=alt.Scale(domain=[0, 1])))
        .properties(width=560, height=120)
    )
    return _config(alt.vconcat(dots, line).resolve_scale(x="shared").properties(padding=12))
