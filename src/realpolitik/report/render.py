"""Render reports with Jinja2: package templates, autoescaping on, no network.

:func:`render_report` returns one self-contained HTML page — styles inlined,
charts as static SVG, no scripts — that opens offline; :func:`render_sections`
returns the same section markup as a fragment for the dashboard.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from realpolitik import __version__
from realpolitik.errors import InputError, field_message
from realpolitik.report.sections import ReportContext, build_sections
from realpolitik.report.settings import Settings
from realpolitik.scenario.schema import Scenario

if TYPE_CHECKING:
    from realpolitik.history.diff import ScenarioDiff

__all__ = ["environment", "render_report", "render_sections", "write_report"]

# The report runs no script and loads nothing: only its own inline styles and data: images.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


def _number(value: float, fmt: str = "+.3f") -> str:
    """Format a number with a true minus sign."""
    return format(value, fmt).replace("-", "\u2212")


@cache
def environment() -> Environment:
    """The Jinja2 environment: templates from the package, every ``{{ }}`` escaped."""
    env = Environment(
        loader=PackageLoader("realpolitik.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _number
    return env


@cache
def _css() -> Markup:
    # Packaged stylesheet, not input: inlined verbatim so the file stands alone.
    return Markup(files("realpolitik.report").joinpath("static/report.css").read_text(encoding="utf-8"))


def _overrides(ctx: ReportContext) -> list[dict[str, object]]:
    s = ctx.base
    rows: list[dict[str, object]] = [
        {
            "kind": "factor",
            "name": s.factors[fid].name,
            "was": s.factors[fid].value.central,
            "now": v,
            "unit": s.factors[fid].unit,
        }
        for fid, v in ctx.settings.factors.items()
    ]
    rows += [
        {
            "kind": "lever",
            "name": s.levers[lid].name,
            "was": s.levers[lid].current,
            "now": v,
            "unit": s.levers[lid].unit,
        }
        for lid, v in ctx.settings.levers.items()
    ]
    return rows


def render_sections(ctx: ReportContext, keys: tuple[str, ...] | None = None) -> str:
    """The sections of ``ctx`` (all, or those in ``keys``) as an HTML fragment (for the dashboard)."""
    return environment().get_template("sections.html").render(sections=build_sections(ctx, keys))


def render_report(
    scenario: Scenario,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
    *,
    ledger: str | Path | None = None,
) -> str:
    """One self-contained HTML report of ``scenario`` under ``settings`` (with a ledger's track record)."""
    ctx = ReportContext(scenario, settings, ledger=ledger)
    now = now or dt.datetime.now(dt.UTC)
    return (
        environment()
        .get_template("report.html")
        .render(
            scenario=ctx.base,
            ctx=ctx,
            overrides=_overrides(ctx),
            sections=build_sections(ctx),
            css=_css(),
            csp=REPORT_CSP,
            generated=now.strftime("%Y-%m-%d %H:%M UTC"),
            version=__version__,
        )
    )


def write_report(
    scenario: Scenario,
    path: str | Path,
    settings: Settings | None = None,
    *,
    ledger: str | Path | None = None,
) -> Path:
    """Render the report and write it to ``path`` (UTF-8, parent folders created); returns the path."""
    path = Path(path)
    if path.is_dir():
        raise InputError(field_message("--output", "report", "an HTML file path, not a folder", str(path)))
    html = render_report(scenario, settings, ledger=ledger)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the report ({exc.strerror or exc}).") from None
    return path


def write_diff_report(result: ScenarioDiff, actor_name: str, path: str | Path) -> Path:
    """A self-contained HTML page for ``realpolitik diff --report``: the change and its waterfall."""
    from realpolitik.report import charts

    change = result.change
    rows = [(f"{c.kind}: {c.name}", c.contribution) for c in change.ranked()]
    chart = charts.svg(charts.waterfall(rows, total_label="change of margin")) if rows else None
    html = (
        environment()
        .get_template("diff.html")
        .render(
            d=result, c=change, actor=actor_name, chart=chart, css=_css(), csp=REPORT_CSP,
            generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), version=__version__,
        )
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
