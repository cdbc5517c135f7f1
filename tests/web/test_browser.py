"""The dashboard and the report driven in headless Chromium (Debian's, via Playwright's Python API).

Chromium comes from the system (``apt-get install chromium``; ``.ci/run``
installs it): no browser is downloaded. Outside CI a missing Chromium skips
these tests; under ``CI=true`` it fails them. Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import realpolitik as rp
from realpolitik.report import Settings, apply_settings, write_report
from realpolitik.web import create_app, load_library
from tests.conftest import ROOT, SEED_SCENARIO
from tests.faces import (
    FLIP,
    HOSTILE,
    IMG,
    JS_URL,
    QUOTE_ATTACK,
    SCRIPT,
    SEEDED_STORE_QUOTE,
    live_server,
    make_store,
)

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("REALPOLITIK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every element carrying an event-handler attribute, and every javascript: link, in the live DOM.
ACTIVE_DOM = """() => {
  const all = [...document.querySelectorAll('*')];
  return {
    handlers: all.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).map(e => e.outerHTML),
    jsLinks: all.filter(e => ['href', 'src', 'xlink:href', 'action'].some(
      n => (e.getAttribute(n) || '').trim().toLowerCase().startsWith('javascript:'))).map(e => e.outerHTML),
    scripts: [...document.scripts].map(s => s.src || 'inline'),
    images: document.images.length,
  };
}"""


def _chromium() -> str:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; .ci/run should install it (apt-get install chromium)."
        )
    pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium to run browser tests)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    d = tmp_path_factory.mktemp("scenarios")
    (d / "flip.yaml").write_text(FLIP, encoding="utf-8")
    (d / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    library = load_library([SEED_SCENARIO, d / "flip.yaml", d / "hostile.yaml"])
    with live_server(create_app(library, store=make_store(d))) as port:
        yield f"http://127.0.0.1:{port}"


class Watch:
    """A page with its dialogs (alert() calls) and console errors recorded."""

    def __init__(self, browser: Any, width: int = 1400, height: int = 950) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser: Any) -> Iterator[Watch]:
    w = Watch(browser)
    yield w
    w.close()


def _shot(page: Any, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def _open(page: Any, server: str, scenario: str) -> None:
    """Open the dashboard and pick ``scenario`` in its menu, as a person would."""
    page.goto(server + "/")
    page.wait_for_function("() => document.body.dataset.scenario")
    if page.input_value("#scenario") != scenario:
        page.select_option("#scenario", scenario)
    page.wait_for_function("id => document.body.dataset.scenario === id", arg=scenario)


def _decision(page: Any) -> str:
    return page.locator("[data-testid=decision]").inner_text()


def test_factor_slider_flips_the_decision(watch: Watch, server: str) -> None:
    page = watch.page
    _open(page, server, "flip")
    page.wait_for_function("() => document.body.dataset.decision === 'reject'")
    assert _decision(page) == "Alpha rejects"
    page.locator('[id="factor-a.p"]').fill("0.3")  # below the 0.5 threshold of FLIP's margin 0.5 - p
    page.wait_for_function("() => document.body.dataset.decision === 'accept'")
    assert _decision(page) == "Alpha accepts"
    assert "accepts" in page.locator("[data-testid=summary]").inner_text()
    _shot(page, "dashboard-flip-accept.png")
    page.locator('[id="factor-a.p"]').fill("0.7")
    page.wait_for_function("() => document.body.dataset.decision === 'reject'")
    assert watch.errors == []


def test_lever_slider_flips_the_decision_and_download_follows(watch: Watch, server: str) -> None:
    page = watch.page
    _open(page, server, "flip")
    page.wait_for_function("() => document.body.dataset.decision === 'reject'")
    page.locator('[id="lever-b.concede"]').fill("2")  # the offer moves 0.2 toward Alpha: margin 0.7 - 0.6 > 0
    page.wait_for_function("() => document.body.dataset.decision === 'accept'")
    with page.expect_download() as info:
        page.click("#download")
    report = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Alpha accepts" in report
    assert "concede land" in report  # listed among the what-if settings


def test_evidence_search_returns_seeded_quote(watch: Watch, server: str) -> None:
    page = watch.page
    _open(page, server, "flip")
    page.fill("#evidence-q", "seeded winning")
    page.click("#evidence-form button")
    page.wait_for_function("() => document.querySelector('#evidence-count').textContent.includes('matching')")
    hits = page.locator("#evidence-results li")
    assert hits.count() == 1
    assert hits.first.locator("q").inner_text() == "the seeded quote about winning"
    assert "Ann Analyst" in hits.first.inner_text()
    page.fill("#evidence-q", "no such words")
    page.click("#evidence-form button")
    page.wait_for_function(
        "() => document.querySelector('#evidence-count').textContent.startsWith('0 quotes')"
    )


def test_store_search_returns_seeded_quote_and_hostile_article_is_inert(watch: Watch, server: str) -> None:
    page = watch.page
    _open(page, server, "flip")
    page.select_option("#evidence-source", "store")
    page.fill("#evidence-q", "seeded ceasefire")
    page.click("#evidence-form button")
    page.wait_for_function(
        "() => document.querySelector('#evidence-count').textContent.startsWith('1 quote ')"
    )
    hit = page.locator("#evidence-results li").first
    assert hit.locator("q").inner_text() == SEEDED_STORE_QUOTE
    assert "Ann Analyst" in hit.inner_text()
    page.fill("#evidence-q", "")
    page.click("#evidence-form button")
    page.wait_for_function(
        "() => document.querySelector('#evidence-count').textContent.startsWith('2 quotes')"
    )
    page.wait_for_timeout(300)
    meta = " ".join(page.locator("#evidence-results .meta").all_inner_texts())
    assert f"{SCRIPT} Seeded gazette" in meta  # the article's title, as text
    assert IMG.replace('"', "") in meta  # its outlet
    assert any(JS_URL in q for q in page.locator("#evidence-results q").all_inner_texts())
    dom = page.evaluate(ACTIVE_DOM)
    assert dom["handlers"] == []
    assert dom["jsLinks"] == []
    assert dom["images"] == 0
    assert watch.dialogs == []
    _shot(page, "dashboard-store.png")
    assert watch.errors == []


def test_hostile_scenario_is_inert_in_the_dashboard(watch: Watch, server: str) -> None:
    page = watch.page
    _open(page, server, "hostile")
    page.fill("#evidence-q", "")
    page.click("#evidence-form button")
    page.wait_for_selector("#evidence-results li")
    page.locator('[id="factor-a.p"]').fill("0.5")
    expected = rp.why(apply_settings(rp.loads(HOSTILE), Settings(factors={"a.p": 0.5})), "a", "deal")
    # Wait for the recomputed view (slow on a loaded machine), then give anything injected time to run.
    page.wait_for_function("d => document.body.dataset.decision === d", arg=expected.decision)
    page.wait_for_timeout(600)
    dom = page.evaluate(ACTIVE_DOM)
    assert dom["handlers"] == []
    assert dom["jsLinks"] == []
    assert dom["scripts"] == [server + "/static/dashboard.js"]
    assert dom["images"] == 0
    assert watch.dialogs == []
    # The hostile strings are shown, as text.
    assert page.locator("#scenario option:checked").inner_text() == SCRIPT
    assert page.locator('label[for="factor-a.p"]').inner_text() == SCRIPT
    assert page.locator('label[for="factor-a.cost"]').inner_text() == IMG
    assert page.locator('label[for="lever-b.sanctions"]').inner_text() == JS_URL
    assert _decision(page) == f"{SCRIPT} {expected.decision}s"
    quotes = page.locator("#evidence-results q").all_inner_texts()
    assert sorted(quotes) == sorted([SCRIPT, JS_URL])
    speakers = page.locator("#sections .speaker").all_inner_texts()
    assert IMG in speakers
    assert QUOTE_ATTACK in speakers
    assert page.locator("#sections code").first.inner_text() == JS_URL  # a javascript: URL is not a link
    _shot(page, "dashboard-hostile.png")
    assert watch.errors == []


def test_hostile_report_is_inert_in_the_browser(watch: Watch, tmp_path: Path) -> None:
    path = write_report(rp.loads(HOSTILE), tmp_path / "hostile.html")
    page = watch.page
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    dom = page.evaluate(ACTIVE_DOM)
    assert dom == {"handlers": [], "jsLinks": [], "scripts": [], "images": 0}
    assert watch.dialogs == []
    assert page.title() == f"{SCRIPT} — realpolitik report"
    assert page.locator("h1").inner_text() == SCRIPT
    assert page.locator(".lede").inner_text() == IMG
    texts = page.locator("blockquote.quote p").all_inner_texts()
    assert f"“{SCRIPT}”" in texts
    assert f"“{JS_URL}”" in texts
    assert watch.errors == []


def test_seed_screenshots(watch: Watch, server: str, tmp_path: Path) -> None:
    """The seed scenario in the dashboard and the report, as the README shows them."""
    page = watch.page
    _open(page, server, SEED_SCENARIO.stem)
    page.wait_for_function("() => document.body.dataset.decision === 'reject'")
    assert _decision(page) == "Russia rejects"
    page.wait_for_timeout(200)
    _shot(page, "dashboard.png")
    report = write_report(rp.load(SEED_SCENARIO), tmp_path / "report.html")
    watch.page.set_viewport_size({"width": 1100, "height": 1400})
    page.goto(report.as_uri())
    assert page.locator("[data-testid=decision]").inner_text() == "Russia rejects"
    assert page.locator("[data-testid=waterfall] svg").count() == 1
    _shot(page, "report.png")
    assert watch.errors == []


def test_what_if_beside_baseline_in_a_link_that_reproduces_it(watch: Watch, server: str) -> None:
    """The baseline stays visible beside the what-if, and the address carries the settings."""
    page = watch.page
    _open(page, server, "flip")
    page.wait_for_function("() => document.body.dataset.decision === 'reject'")
    page.locator('[id="factor-a.p"]').fill("0.3")
    page.wait_for_function("() => document.body.dataset.decision === 'accept'")
    page.wait_for_function("() => document.getElementById('baseline').textContent.includes('baseline rejects')")
    assert "(flips)" in page.locator("[data-testid=baseline]").inner_text()
    link = page.url
    assert "settings=" in link
    assert "actor=a" in link
    other = watch.context.new_page()
    other.goto(link)
    other.wait_for_function("() => document.body.dataset.decision === 'accept'")
    assert float(other.input_value('[id="factor-a.p"]')) == pytest.approx(0.3, abs=0.01)  # slider steps
    assert watch.errors == []


def test_every_actor_is_selectable_and_the_layout_holds_at_800px(browser: Any, server: str) -> None:
    w = Watch(browser, width=800, height=900)
    try:
        page = w.page
        _open(page, server, "flip")
        page.wait_for_function("() => document.body.dataset.decision === 'reject'")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 800
        columns = page.evaluate("() => getComputedStyle(document.querySelector('.layout')).gridTemplateColumns")
        assert len(columns.split()) == 2  # panel beside the views, not stacked
        page.select_option("#actor", "b")  # Beta receives no offer
        page.wait_for_function("() => document.body.dataset.decision === 'none'")
        assert "No offer in this scenario is addressed to Beta" in page.locator("#sections").inner_text()
        assert w.errors == []
    finally:
        w.close()
