"""The dashboard's FastAPI app: pages, static files and the JSON API.

Scenarios are loaded once, when the app is made, and addressed by id (never
by path), so a request cannot make the server read or write a file. Every
handler validates its input with pydantic, calls the analysis/report API and
renders the result.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, Template
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from realpolitik import __version__
from realpolitik.errors import InputError, ModelError
from realpolitik.report import (
    ReportContext,
    available_sections,
    controls,
    parse_settings,
    render_report,
)
from realpolitik.report.render import render_sections
from realpolitik.scenario import Scenario, load
from realpolitik.web.models import (
    ControlOut,
    ErrorOut,
    EvidenceHit,
    EvidenceOut,
    ScenarioOut,
    StoreOut,
    ViewOut,
    ViewRequest,
    WhyRequest,
    evidence_hits,
    scenario_summary,
)
from realpolitik.web.quick import QuickContext

__all__ = ["CSP", "allowed_host_names", "create_app", "load_library", "serve"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DASHBOARD_DRAWS = 1000
"""Monte Carlo draws behind each slider move (reports use 10,000)."""
MAX_BODY = 256 * 1024
"""Largest request body accepted, in bytes (a settings body is well under 10 KiB)."""
DRAIN_LIMIT = 16 * 1024 * 1024
"""Oversized bodies up to this size are read and discarded before the 413 is sent.

A server that answers and closes while the client is still sending makes the
client's TCP stack see a reset instead of the answer; reading the rest first
lets an honest client get its 413. Larger (or lying) lengths are refused at once.
"""
DRAIN_SECONDS = 10.0
"""Longest time spent discarding an oversized body before answering anyway."""
MAX_TARGET = 32 * 1024
"""Longest request target (path and query string) accepted, in bytes."""
CONTEXTS = 16
"""Settings whose computed results (Monte Carlo, simulation) are kept for the views that share them."""
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut},
    404: {"model": ErrorOut},
    422: {"model": ErrorOut},
}


def load_library(paths: Iterable[str | Path]) -> dict[str, Scenario]:
    """Load scenario files, keyed by a URL-safe id made from the file name."""
    library: dict[str, Scenario] = {}
    for path in paths:
        base = re.sub(r"[^a-z0-9_.-]+", "-", Path(path).stem.lower()).strip("-") or "scenario"
        sid, n = base, 2
        while sid in library:
            sid, n = f"{base}-{n}", n + 1
        library[sid] = load(path)
    return library


def _error(status: int, message: str, detail: Any = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=_HEADERS)


def _short(part: object, limit: int = 60) -> str:
    """A field name from the request, cut short: error messages never echo oversized input."""
    text = str(part)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


class BodyLimit:
    """ASGI middleware: refuse oversized requests without holding their bodies.

    A body over :data:`MAX_BODY` gets 413. Its bytes are read and dropped
    first (up to :data:`DRAIN_LIMIT` bytes and :data:`DRAIN_SECONDS`), so the
    client, still sending, reads the answer instead of a connection reset. A
    ``Content-Length`` over the drain limit, or a client waiting for
    ``100 Continue``, is answered at once without reading: a client announcing
    1 GB and sending one byte does not hold the server. A request target longer
    than :data:`MAX_TARGET` gets 414.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) > MAX_TARGET:
            too_long = _error(414, f"the request URL is longer than {MAX_TARGET // 1024} KiB.")
            await too_long(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            waits_to_send = b"100-continue" in headers.get(b"expect", b"")
            if length.isdigit() and int(length) <= DRAIN_LIMIT and not waits_to_send:
                await _drain(receive, DRAIN_LIMIT)
            await _too_large()(scope, receive, send)
            return
        seen, refused = 0, False

        async def counted() -> dict[str, Any]:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message: dict[str, Any] = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                refused = True  # answer 413 now; the app sees the client gone and its reply is dropped
                if message.get("more_body", False):
                    await _drain(receive, DRAIN_LIMIT - seen)
                await _too_large()(scope, receive, send)
                return {"type": "http.disconnect"}
            return message

        async def guarded(message: dict[str, Any]) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not refused:
                raise


async def _drain(receive: Any, budget: int) -> None:
    """Read and discard the rest of a request body, within ``budget`` bytes and :data:`DRAIN_SECONDS`."""
    async def discard() -> None:
        left = budget
        while left > 0:
            message = await receive()
            if message["type"] != "http.request":
                return
            left -= len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(discard(), DRAIN_SECONDS)


def _too_large() -> JSONResponse:
    return _error(413, f"the request body is larger than the {MAX_BODY // 1024} KiB limit.")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(_short(x) for x in e.get("loc", ()) if x != "body") or "body"
        if e.get("type") == "json_invalid":
            parts.append("the request body is not valid JSON")
        elif e.get("type") == "extra_forbidden":
            parts.append(f"'{loc}' is not a known field")
        else:
            parts.append(f"'{loc}': {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts) + "."


def _json_safe(errors: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "loc": [x if isinstance(x, int) else _short(x) for x in e.get("loc", ())],
            "msg": _short(e.get("msg"), 300),
            "type": str(e.get("type")),
        }
        for e in errors[:20]
    ]


def create_app(
    library: Mapping[str, Scenario],
    allowed_hosts: Sequence[str] | None = None,
    store: str | Path | None = None,
) -> FastAPI:
    """The dashboard app serving ``library`` (id → scenario).

    ``allowed_hosts`` restricts the Host header (against DNS rebinding of a
    loopback server); ``None`` accepts any. ``store`` is an evidence database
    (:class:`~realpolitik.evidence.store.EvidenceStore`) to search, if any;
    it is the only file the server opens after start-up.
    """
    app = FastAPI(
        title="realpolitik dashboard API",
        version=__version__,
        description="Decisions, their reasons and what-if settings for the loaded scenarios.",
        docs_url=None,  # the Swagger/ReDoc pages load scripts from a CDN; the schema is enough
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[..., Any]) -> Response:
        response: Response = await call_next(request)
        for key, value in _HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(InputError)
    async def input_error(_: Request, exc: InputError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(ModelError)
    async def model_error(_: Request, exc: ModelError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc), _json_safe(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RecursionError)
    async def too_deep(_: Request, exc: RecursionError) -> JSONResponse:
        return _error(400, "the request nests too deeply; settings are flat mappings of ids to numbers.")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Runs outside the header middleware, so _error adds the security headers itself.
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the details.")

    def scenario(sid: str) -> Scenario:
        if sid not in library:
            raise StarletteHTTPException(404, f"no scenario '{sid}'; the server has {sorted(library)}.")
        return library[sid]

    contexts: OrderedDict[str, ReportContext] = OrderedDict()
    lock = threading.Lock()

    def context(body: WhyRequest) -> ReportContext:
        """The shared context of these settings: views asked for one by one reuse its Monte Carlo."""
        settings = body.settings()
        key = json.dumps([body.scenario, settings.model_dump(mode="json")], sort_keys=True)
        with lock:
            ctx = contexts.get(key)
            if ctx is None:
                # The store may hold a forecast ledger too: its track-record view shows when it has entries.
                ctx = ReportContext(scenario(body.scenario), settings, draws=DASHBOARD_DRAWS, ledger=store)
                contexts[key] = ctx
                while len(contexts) > CONTEXTS:
                    contexts.popitem(last=False)
            contexts.move_to_end(key)
        return ctx

    static = files("realpolitik.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        summaries = [scenario_summary(k, v) for k, v in library.items()]
        page = _page().render(version=__version__, scenarios=summaries, store=store is not None)
        return HTMLResponse(page)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static-report.css", include_in_schema=False)
    def report_css() -> Response:
        css = files("realpolitik.report").joinpath("static/report.css").read_text(encoding="utf-8")
        return Response(css, media_type="text/css")

    @app.get("/api/scenarios", response_model=list[ScenarioOut])
    def list_scenarios() -> list[ScenarioOut]:
        """The loaded scenarios: title, actors, offers and the default question."""
        return [scenario_summary(sid, s) for sid, s in library.items()]

    @app.get("/api/scenarios/{sid}", responses=_ERRORS)
    def get_scenario(sid: str) -> dict[str, Any]:
        """One scenario in full, as its file format (JSON)."""
        s = scenario(sid)
        return {**scenario_summary(sid, s).model_dump(), "scenario": s.model_dump(mode="json")}

    @app.get("/api/sections")
    def sections() -> list[dict[str, str]]:
        """The views available in this installation (one per analysis that imports)."""
        return [{"key": s.key, "title": s.title} for s in available_sections()]

    @app.post("/api/controls", response_model=list[ControlOut], responses=_ERRORS)
    def get_controls(body: WhyRequest) -> list[ControlOut]:
        """Sliders for the deciding actor's factors and the levers acting on it, at the given settings."""
        return [ControlOut(**asdict(c)) for c in controls(scenario(body.scenario), body.settings())]

    @app.post("/api/why", responses=_ERRORS)
    def post_why(body: WhyRequest) -> dict[str, Any]:
        """The decision and its exact decomposition, as ``realpolitik why --json``."""
        from realpolitik.analysis.acceptance import acceptance_block

        ctx = context(body)
        block = acceptance_block(ctx.why, ctx.mc, seed=ctx.seed)
        return {**ctx.why.to_dict(), "acceptance": block.to_dict()}

    @app.post("/api/view", response_model=ViewOut, responses=_ERRORS)
    def post_view(body: ViewRequest) -> ViewOut:
        """The decision plus views rendered as an HTML fragment (escaped; no scripts).

        ``quick`` (a slider move) recomputes only the decision and renders its
        view without the sampled figures, at once; ``pending`` then lists every
        view, to be fetched one by one with ``sections=[key]`` (they share one
        cached Monte Carlo, and carry the acceptance block and the baseline).
        ``sections`` alone renders just those views; neither renders them all.
        """
        from realpolitik.analysis.acceptance import acceptance_block
        from realpolitik.analysis.compare import compare

        ctx = context(body)
        keys = [s.key for s in available_sections()]
        if body.sections is not None:
            unknown = [k for k in body.sections if k not in keys]
            if unknown:
                shown = [_short(k) for k in unknown]
                raise InputError(f"'sections' must name views among {keys}; got {shown}.")
        what_if = compare(ctx.base, ctx.scenario, ctx.actor, ctx.offer).to_dict()
        if body.quick:
            html = render_sections(QuickContext(ctx), ("why",))
            return ViewOut(why=ctx.why.to_dict(), html=html, pending=keys, what_if=what_if)
        wanted = None if body.sections is None else tuple(body.sections)
        html = render_sections(ctx, wanted)
        base = context(WhyRequest(scenario=body.scenario, actor=ctx.actor, offer=ctx.offer))
        base_block = acceptance_block(base.why, base.mc, seed=base.seed)
        return ViewOut(
            why=ctx.why.to_dict(),
            html=html,
            acceptance=ctx.acceptance.to_dict(),
            baseline=base_block.to_dict(),
            what_if=what_if,
        )

    def report_response(body: WhyRequest) -> HTMLResponse:
        html = render_report(scenario(body.scenario), body.settings())
        name = f"realpolitik-{body.scenario}.html"
        return HTMLResponse(html, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.post("/api/report", response_class=HTMLResponse, responses=_ERRORS)
    def post_report(body: WhyRequest) -> HTMLResponse:
        """The self-contained HTML report for these settings, as a download."""
        return report_response(body)

    @app.get("/api/report", response_class=HTMLResponse, responses=_ERRORS)
    def get_report(
        scenario_id: Annotated[str, Query(alias="scenario", max_length=80)],
        settings: Annotated[str, Query(max_length=20_000, description="Settings as JSON")] = "{}",
    ) -> HTMLResponse:
        """The report as a plain link can fetch it: ``?scenario=ID&settings={json}``."""
        try:
            data = json.loads(settings)
        except (ValueError, RecursionError):
            raise InputError("'settings' must be a JSON object; it is not valid JSON.") from None
        if not isinstance(data, dict):
            raise InputError(f"'settings' must be a JSON object; got {type(data).__name__}.")
        parsed = parse_settings(data)
        return report_response(WhyRequest(scenario=scenario_id, **parsed.model_dump()))

    @app.get("/api/evidence", response_model=EvidenceOut, responses=_ERRORS)
    def get_evidence(
        scenario_id: Annotated[str, Query(alias="scenario", max_length=80)],
        q: Annotated[str, Query(max_length=200)] = "",
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> EvidenceOut:
        """Evidence quotes of a scenario whose quote, speaker or source contains every word of ``q``."""
        hits: list[EvidenceHit] = evidence_hits(scenario(scenario_id), q)
        return EvidenceOut(query=q, total=len(hits), results=hits[:limit])

    @app.get("/api/store/search", response_model=StoreOut, responses=_ERRORS)
    def search_store(
        q: Annotated[str, Query(max_length=200)] = "",
        actor: Annotated[str | None, Query(max_length=80)] = None,
        factor: Annotated[str | None, Query(max_length=80)] = None,
        kind: Annotated[str | None, Query(pattern="^(quote|claim)$")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> StoreOut:
        """Quotes and claims in the evidence store matching every word of ``q`` (404 without a store)."""
        if store is None:
            raise StarletteHTTPException(404, "no evidence store: start the server with --db PATH.")
        from realpolitik.evidence.store import EvidenceStore

        with EvidenceStore(store, read_only=True) as st:
            hits = st.search(q, actor=actor, factor=factor, kind=kind, limit=limit, articles=False)
        return StoreOut(query=q, results=[h.to_dict() for h in hits])

    return app


@cache
def _page() -> Template:
    env = Environment(loader=PackageLoader("realpolitik.web", "templates"), autoescape=True)
    return env.get_template("dashboard.html")


def allowed_host_names(host: str, allow_hosts: Sequence[str] = ()) -> list[str]:
    """Host header values the server accepts: loopback names, a specific bound address, ``allow_hosts``.

    A wildcard bind (``0.0.0.0``, ``::``) is not a name any client sends, so
    it adds nothing: other machines must be named with ``--allow-host``.
    """
    for name in allow_hosts:
        if not re.fullmatch(r"(\*\.)?[A-Za-z0-9.:\[\]-]{1,253}", name) or name == "*":
            raise InputError(f"'--allow-host' must be a host name or address; got {name!r}.")
    specific = [] if host in ("0.0.0.0", "::", "[::]", "") else [host]
    return list(dict.fromkeys([*LOOPBACK_NAMES, *specific, *allow_hosts]))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    paths: Sequence[str | Path],
    host: str = "127.0.0.1",
    port: int = 8000,
    say: Callable[[str], Any] = print,
    db: str | Path | None = None,
    allow_hosts: Sequence[str] = (),
) -> None:
    """Load ``paths`` and run the dashboard with uvicorn until interrupted.

    ``db`` is the evidence store to search; by default the store at
    :func:`~realpolitik.evidence.store.default_path` when one exists (the
    server never creates one). The Host header is always checked (against DNS
    rebinding): loopback names, the bound address when it is a specific one,
    and the names in ``allow_hosts`` are accepted, nothing else.
    """
    import uvicorn

    if not paths:
        raise InputError(
            "no scenario files: name some, e.g. realpolitik serve scenarios/ukraine-2025-07.yaml."
        )
    library = load_library(paths)
    local = _is_loopback(host)
    hosts = allowed_host_names(host, allow_hosts)
    if db is None:
        from realpolitik.evidence.store import default_path

        db = default_path() if default_path().exists() else None
    elif not Path(db).exists():
        raise InputError(f"'--db' must be an existing evidence store; {str(db)!r} does not exist.")
    app = create_app(library, allowed_hosts=hosts, store=db)
    available_sections()  # import every view's module now, not on the first slider move
    shown = f"[{host}]" if ":" in host else host
    say(f"realpolitik dashboard: http://{shown}:{port}/  ({len(library)} scenario(s))")
    if local:
        say("Local only: bound to the loopback interface, so only this machine can open it. Ctrl+C stops it.")
    else:
        say(f"Warning: bound to {host}, so other machines on the network can open it. Ctrl+C stops it.")
        say(f"Accepted Host names: {', '.join(hosts)} (add more with --allow-host NAME).")
    say(f"Evidence store: {db}" if db else "Evidence store: none (give --db PATH to search one).")
    uvicorn.run(app, host=host, port=port, log_level="warning")
