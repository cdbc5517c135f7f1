"""The dashboard's JSON API: every endpoint, bad input as clear 4xx JSON, security headers."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import realpolitik as rp
from realpolitik.report import Settings, apply_settings
from realpolitik.web import create_app, load_library
from realpolitik.web.app import CSP
from tests.conftest import SEED_SCENARIO
from tests.faces import FLIP, HOSTILE, HOSTILE_STRINGS, SCRIPT, SEEDED_STORE_QUOTE, assert_inert, make_store

with warnings.catch_warnings():
    # Starlette's test client warns about its httpx backend at import; nothing to act on here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

SEED_ID = SEED_SCENARIO.stem


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    d = tmp_path_factory.mktemp("scenarios")
    (d / "flip.yaml").write_text(FLIP, encoding="utf-8")
    (d / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    library = load_library([SEED_SCENARIO, d / "flip.yaml", d / "hostile.yaml"])
    app = create_app(library, allowed_hosts=["127.0.0.1", "localhost"], store=make_store(d))
    return TestClient(app, base_url="http://127.0.0.1")


def test_index_page_has_csp_and_no_inline_script(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == CSP
    assert "default-src 'self'" in CSP
    assert "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/static/dashboard.js" defer></script>' in r.text
    assert r.text.count("<script") == 1  # the one external file; no inline code
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text  # hostile title, escaped in the picker


@pytest.mark.parametrize("path", ["/static/dashboard.js", "/static/dashboard.css", "/static-report.css"])
def test_static_files_served_locally(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert "http://" not in r.text
    assert "https://" not in r.text
    assert r.headers["content-security-policy"] == CSP


def test_host_header_checked(client: TestClient) -> None:
    """A loopback server refuses other Host names (DNS rebinding)."""
    r = client.get("/api/scenarios", headers={"host": "evil.example"})
    assert r.status_code == 400


def test_scenarios_list_and_detail(client: TestClient) -> None:
    listed = client.get("/api/scenarios").json()
    assert [s["id"] for s in listed] == [SEED_ID, "flip", "hostile"]
    seed = listed[0]
    assert (seed["default_actor"], seed["default_offer"]) == ("russia", "us-2025")
    detail = client.get(f"/api/scenarios/{SEED_ID}").json()
    assert detail["scenario"]["factors"]["russia.battlefield_initiative"]["value"]["central"] == 0.55
    r = client.get("/api/scenarios/nope")
    assert r.status_code == 404
    assert "no scenario 'nope'" in r.json()["error"]


def test_why_matches_library(client: TestClient) -> None:
    r = client.post("/api/why", json={"scenario": SEED_ID, "actor": "russia", "offer": "us-2025"})
    assert r.status_code == 200
    expected = rp.why(rp.load(SEED_SCENARIO), "russia", "us-2025").to_dict()
    assert r.json()["margin"] == pytest.approx(expected["margin"])
    assert r.json()["decision"] == "reject"
    assert [c["id"] for c in r.json()["contributions"]] == [c["id"] for c in expected["contributions"]]


def test_why_applies_factor_and_lever_settings(client: TestClient) -> None:
    body = {
        "scenario": SEED_ID,
        "factors": {"russia.casualties": -0.02},
        "levers": {"us.deadline_credibility": 0.9},
    }
    got = client.post("/api/why", json=body).json()
    settings = Settings(factors=body["factors"], levers=body["levers"])
    s = apply_settings(rp.load(SEED_SCENARIO), settings)
    assert got["margin"] == pytest.approx(rp.why(s, "russia", "us-2025").margin)


def test_flip_scenario_decision_flips_through_api(client: TestClient) -> None:
    assert client.post("/api/why", json={"scenario": "flip"}).json()["decision"] == "reject"
    assert (
        client.post("/api/why", json={"scenario": "flip", "factors": {"a.p": 0.3}}).json()["decision"]
        == "accept"
    )
    assert (
        client.post("/api/why", json={"scenario": "flip", "levers": {"b.concede": 2}}).json()["decision"]
        == "accept"
    )


def test_controls_cover_actor_factors_and_levers(client: TestClient) -> None:
    controls = client.post("/api/controls", json={"scenario": SEED_ID}).json()
    s = rp.load(SEED_SCENARIO)
    factors = {c["id"] for c in controls if c["kind"] == "factor"}
    assert factors == {fid for fid, f in s.factors.items() if f.actor == "russia"}
    for c in controls:
        assert c["min"] <= c["value"] <= c["max"]
        assert c["step"] > 0


def test_view_returns_decision_and_escaped_fragment(client: TestClient) -> None:
    r = client.post("/api/view", json={"scenario": "hostile"})
    assert r.status_code == 200
    html = r.json()["html"]
    page = assert_inert(html)
    for s in HOSTILE_STRINGS:
        assert s in page.visible
    assert r.json()["why"]["actor_name"] == SCRIPT  # JSON carries the raw string; the page sets it as text


def test_sections_lists_the_why_view(client: TestClient) -> None:
    keys = [s["key"] for s in client.get("/api/sections").json()]
    assert keys[0] == "why"


def test_report_download_post_and_get(client: TestClient) -> None:
    r = client.post("/api/report", json={"scenario": "flip", "factors": {"a.p": 0.3}})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="realpolitik-flip.html"'
    assert "Alpha accepts" in r.text
    settings = json.dumps({"factors": {"a.p": 0.3}})
    r2 = client.get("/api/report", params={"scenario": "flip", "settings": settings})
    assert r2.status_code == 200
    assert "Alpha accepts" in r2.text


def test_evidence_search(client: TestClient) -> None:
    r = client.get("/api/evidence", params={"scenario": "flip", "q": "seeded WINNING"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1
    hit = body["results"][0]
    assert (hit["quote"], hit["speaker"], hit["source_title"]) == (
        "the seeded quote about winning",
        "Ann Analyst",
        "Seeded article",
    )
    assert hit["cited_by"] == ["chance of winning"]
    assert client.get("/api/evidence", params={"scenario": "flip", "q": "absent words"}).json()["total"] == 0
    every = client.get("/api/evidence", params={"scenario": SEED_ID}).json()
    assert every["total"] == len(rp.load(SEED_SCENARIO).evidence)


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {
        "/api/scenarios",
        "/api/scenarios/{sid}",
        "/api/why",
        "/api/view",
        "/api/controls",
        "/api/report",
        "/api/evidence",
        "/api/sections",
        "/api/store/search",
    } <= paths
    assert client.get("/docs").status_code == 404  # no CDN-loaded docs page


BAD_BODIES = [
    ("/api/why", b"{not json", 422, "not valid JSON"),
    ("/api/why", b"[]", 422, "invalid request"),
    ("/api/why", b"{}", 422, "'scenario'"),
    ("/api/why", b'{"scenario": "flip", "factors": {"a.p": "NaN"}}', 422, "finite"),
    ("/api/why", b'{"scenario": "flip", "factors": {"a.p": 1e999}}', 422, "finite"),
    ("/api/why", b'{"scenario": "flip", "factors": {"a.p": "high"}}', 422, "'factors.a.p'"),
    ("/api/why", b'{"scenario": "flip", "factors": [1, 2]}', 422, "'factors'"),
    ("/api/why", b'{"scenario": "flip", "colour": "red"}', 422, "'colour' is not a known field"),
    ("/api/why", b'{"scenario": "flip", "factors": {"zzz": 1}}', 400, "'factors'"),
    ("/api/why", b'{"scenario": "flip", "factors": {"a.p": 1.5}}', 400, "probability"),
    ("/api/why", b'{"scenario": "flip", "levers": {"b.concede": 9}}', 400, "in [0, 5]"),
    ("/api/why", b'{"scenario": "flip", "actor": "zed"}', 400, "'actor'"),
    ("/api/why", b'{"scenario": "flip", "offer": "zed"}', 400, "'offer'"),
    ("/api/why", b'{"scenario": "../../etc/passwd"}', 404, "no scenario"),
    ("/api/view", b'{"scenario": 5}', 422, "'scenario'"),
    ("/api/controls", b'{"scenario": "flip", "actor": "b"}', 400, "no offer"),
    ("/api/report", b'{"scenario": "flip", "levers": {"b.concede": -1}}', 400, "in [0, 5]"),
]


@pytest.mark.parametrize(("path", "body", "status", "needle"), BAD_BODIES)
def test_malformed_bodies_get_clear_4xx(
    client: TestClient, path: str, body: bytes, status: int, needle: str
) -> None:
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]
    assert r.headers["content-security-policy"] == CSP


@pytest.mark.parametrize(
    ("params", "status", "needle"),
    [
        ({"scenario": "flip", "settings": "{oops"}, 400, "not valid JSON"),
        ({"scenario": "flip", "settings": "[1]"}, 400, "JSON object"),
        ({"scenario": "flip", "settings": '{"factors": {"a.p": "x"}}'}, 400, "'factors.a.p'"),
        ({"settings": "{}"}, 422, "'query.scenario'"),
    ],
)
def test_bad_report_queries(client: TestClient, params: dict[str, str], status: int, needle: str) -> None:
    r = client.get("/api/report", params=params)
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]


@pytest.mark.parametrize(
    ("params", "status"),
    [({"q": "x"}, 422), ({"scenario": "nope"}, 404), ({"scenario": "flip", "limit": 0}, 422)],
)
def test_bad_evidence_queries(client: TestClient, params: dict[str, object], status: int) -> None:
    r = client.get("/api/evidence", params=params)
    assert r.status_code == status
    assert r.json()["error"]


def test_server_writes_nothing(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    client.post("/api/report", json={"scenario": "flip"})
    client.get("/api/report", params={"scenario": "flip"})
    assert list(tmp_path.iterdir()) == []


def test_load_library_ids_are_unique_and_url_safe(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "My Scenario.yaml").write_text(FLIP, encoding="utf-8")
    lib = load_library([tmp_path / "a" / "My Scenario.yaml", tmp_path / "b" / "My Scenario.yaml"])
    assert list(lib) == ["my-scenario", "my-scenario-2"]


def test_cli_serve_binds_loopback_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from realpolitik.cli import app

    calls: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.update(kw, app=application))
    res = CliRunner().invoke(app, ["serve", str(SEED_SCENARIO)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert (calls["host"], calls["port"]) == ("127.0.0.1", 8000)
    assert "http://127.0.0.1:8000/" in res.stdout
    assert "Local only" in res.stdout
    res = CliRunner().invoke(app, ["serve", str(SEED_SCENARIO), "--host", "0.0.0.0"], env={"COLUMNS": "200"})
    assert "other machines" in res.stdout


def test_cli_serve_needs_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from realpolitik.cli import app

    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["serve"])
    assert res.exit_code == 2
    assert "no scenario files" in res.stderr
    res = CliRunner().invoke(app, ["serve", str(tmp_path / "missing.yaml")])
    assert res.exit_code == 2


def test_store_search(client: TestClient) -> None:
    r = client.get("/api/store/search", params={"q": "seeded CEASEFIRE"})
    assert r.status_code == 200
    hits = r.json()["results"]
    assert [(h["text"], h["speaker"]) for h in hits] == [(SEEDED_STORE_QUOTE, "Ann Analyst")]
    assert hits[0]["title"] == f"{SCRIPT} Seeded gazette"  # stored verbatim; escaped where shown
    assert len(client.get("/api/store/search").json()["results"]) == 2
    assert client.get("/api/store/search", params={"kind": "essay"}).status_code == 422
    assert client.get("/api/store/search", params={"limit": 1000}).status_code == 422


def test_store_search_without_store_is_404() -> None:
    bare = TestClient(create_app(load_library([SEED_SCENARIO])))
    r = bare.get("/api/store/search", params={"q": "x"})
    assert r.status_code == 404
    assert "--db" in r.json()["error"]
    assert 'value="store"' not in bare.get("/").text
