"""Scenarios built for the face tests (report, API, browser).

``HOSTILE`` carries script tags, event-handler attributes and ``javascript:``
links in every free-text field a page shows; the faces must render all of it
as inert text. ``FLIP`` is a one-factor scenario whose decision flips at a
known factor value, so a slider test can cross the threshold.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
JS_URL = "javascript:alert(3)"
QUOTE_ATTACK = '"><svg onload=alert(4)>'

HOSTILE = f"""\
schema_version: 1
title: {SCRIPT!r}
description: {IMG!r}
sources:
  doc:
    title: {QUOTE_ATTACK!r}
    outlet: {SCRIPT!r}
    url: {JS_URL!r}
evidence:
  e1: {{source: doc, quote: {SCRIPT!r}, speaker: {IMG!r}}}
  e2: {{source: doc, quote: {JS_URL!r}, speaker: {QUOTE_ATTACK!r}}}
issues:
  land:
    name: {IMG!r}
    scale: {{min: 0, max: 1, unit: {SCRIPT!r}}}
    status_quo: 0.5
actors:
  a:
    name: {SCRIPT!r}
    decision: {{horizon: 1, discount: 1.0, temperature: 0.05}}
    stances:
      land: {{ideal: 1, salience: 1, evidence: [e2]}}
  b:
    name: {QUOTE_ATTACK!r}
    stances:
      land: {{ideal: 0, salience: 1}}
offers:
  deal:
    name: {JS_URL!r}
    proposer: b
    to: [a]
    terms: {{land: 0.5}}
    evidence: [e1]
factors:
  a.p:
    actor: a
    name: {SCRIPT!r}
    category: battlefield
    kind: win_probability
    side: continue
    value: {{central: 0.6, low: 0.4, high: 0.8}}
    evidence: [e1, e2]
  a.cost:
    actor: a
    name: {IMG!r}
    category: economy
    kind: flow
    side: continue
    value: -0.05
    unit: {QUOTE_ATTACK!r}
levers:
  b.sanctions:
    actor: b
    name: {JS_URL!r}
    factor: a.cost
    per_unit: -0.01
    unit: {SCRIPT!r}
    range: [0, 10]
"""

HOSTILE_STRINGS = (SCRIPT, IMG, JS_URL, QUOTE_ATTACK)

# Alpha weighs a 50/50 split against fighting one step on with P(win) = p:
# margin = 0.5 - p (horizon 1, no discount, the land term worth 0.5 at salience 1),
# so Alpha accepts iff p <= 0.5. The slider for a.p runs over [0.2, 0.8].
FLIP = """\
schema_version: 1
title: Flip test
sources:
  doc: {title: Seeded article, outlet: Test Gazette, url: "https://example.org/a"}
evidence:
  e1: {source: doc, quote: "the seeded quote about winning", speaker: Ann Analyst}
issues:
  land:
    name: land
    scale: {min: 0, max: 1}
    status_quo: 0.5
actors:
  a:
    name: Alpha
    decision: {horizon: 1, discount: 1.0, temperature: 0.05}
    stances:
      land: {ideal: 1, salience: 1}
  b:
    name: Beta
    stances:
      land: {ideal: 0, salience: 1}
offers:
  deal:
    name: split
    proposer: b
    to: [a]
    terms: {land: 0.5}
factors:
  a.p:
    actor: a
    name: chance of winning
    category: battlefield
    kind: win_probability
    side: continue
    value: {central: 0.6, low: 0.2, high: 0.8}
    evidence: [e1]
levers:
  b.concede:
    actor: b
    name: concede land
    issue: land
    per_unit: 0.1
    unit: notches
    range: [0, 5]
"""


class Page(HTMLParser):
    """Every start tag with its attributes, and the page's visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def assert_inert(html: str) -> Page:
    """No script, no event handler, no javascript: link in ``html``; returns the parsed page."""
    page = Page(html)
    for tag, attrs in page.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed"), (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "xlink:href", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
    return page


# An article for the evidence store: hostile title and outlet, a seeded quote, a hostile quote.
HOSTILE_ARTICLE = f"""\
---
title: "{SCRIPT} Seeded gazette"
outlet: "<img src=x onerror=alert(2)>"
date: 2025-07-30
---
# {SCRIPT} Seeded gazette

Talks resumed this week in a neutral capital, with delegations from both sides meeting for the first
time since the spring. Officials on each side described the atmosphere as businesslike, and the
mediators said they expected several more rounds before any text could be agreed.

"The seeded ceasefire will hold until winter," said Ann Analyst, a senior fellow at the institute.

"{SCRIPT} and {JS_URL} are only words," said Bob Builder, the editor of the gazette.

Observers cautioned that similar talks had collapsed before, and that the positions of the two sides
on territory remained far apart.
"""
SEEDED_STORE_QUOTE = "The seeded ceasefire will hold until winter"


def make_store(folder: Path) -> Path:
    """An evidence store holding ``HOSTILE_ARTICLE`` (rule-based extraction, no model)."""
    from realpolitik.evidence.pipeline import ingest
    from realpolitik.evidence.store import EvidenceStore

    article = folder / "article.md"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    db = folder / "evidence.sqlite3"
    with EvidenceStore(db) as store:
        report = ingest([article], store, statistical=False)
    assert report.added, report.errors
    return db


@contextmanager
def live_server(app: Any) -> Iterator[int]:
    """Serve ``app`` with uvicorn on a free loopback port for the block; yields the port."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield port
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
