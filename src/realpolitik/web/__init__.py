"""The local dashboard: explore a scenario in the browser, on this machine.

``realpolitik serve`` starts a FastAPI app on 127.0.0.1 (loopback only by
default). A page lets a person pick a scenario, move factor values and lever
intensities with sliders and watch the decision, the margin and every
engine's view update; search the evidence; and download the report for the
current settings. A JSON API under ``/api/`` (OpenAPI schema at
``/api/openapi.json``) serves the same results as the command line: the web
layer calls the analysis API and renders, it computes nothing itself.

Security: every scenario and article string is untrusted — pages are Jinja2
templates with autoescaping, the browser script inserts text with
``textContent``, and every response carries a Content-Security-Policy that
allows only this server's own script and styles. Request bodies are pydantic
models; bad input gets a 4xx JSON error saying what was wrong. The server
writes no files. Needs the ``web`` extra.
"""

from realpolitik.web.app import create_app, load_library, serve

__all__ = ["create_app", "load_library", "serve"]
