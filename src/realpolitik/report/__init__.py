"""Reports: one self-contained HTML page explaining a decision, for sharing.

A report opens offline — styles are inlined and charts are static SVG
rendered by Vega-Lite (via Altair and ``vl-convert``) — and runs no script.
Every string from a scenario or an article is untrusted and escaped by the
templates (Jinja2 autoescaping). What the report shows is a list of
*sections*, one per analysis (:mod:`realpolitik.report.sections`): the
decision and its why first, then each engine's view when that engine is
installed. Needs the ``web`` extra (``pip install realpolitik[web]``).

Example (a full report runs every engine, so it takes a few seconds)::

    from realpolitik.report import write_report
    write_report(rp.load("scenarios/ukraine-2025-07.yaml"), "report.html")
"""

from realpolitik.report.render import render_report, render_sections, write_report
from realpolitik.report.sections import ReportContext, available_sections, build_sections
from realpolitik.report.settings import Settings, apply_settings, controls, parse_settings

__all__ = [
    "ReportContext",
    "Settings",
    "apply_settings",
    "available_sections",
    "build_sections",
    "controls",
    "parse_settings",
    "render_report",
    "render_sections",
    "write_report",
]
