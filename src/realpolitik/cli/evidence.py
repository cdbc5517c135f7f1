"""Evidence commands of the CLI: ``ingest``, ``evidence search|show``, ``draft``.

Its heavy imports sit inside the commands so the evidence extras load only when
these commands run; :func:`register` adds them to the main typer app.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from realpolitik.evidence.store import EvidenceStore

__all__ = ["register"]

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Evidence store (SQLite file). Default: $REALPOLITIK_DB, else evidence.sqlite3 "
        "in the user data dir.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _open(db: str | None, *, create: bool = False) -> EvidenceStore:
    """Open the store; reading commands open it read-only and never create one by accident."""
    from realpolitik.cli.common import open_store

    first = "ingest articles first (`realpolitik ingest FILE`)"
    return open_store(db, create=create, first=first, read_only=not create)


def register(app: typer.Typer) -> None:
    """Add the evidence commands to ``app``."""
    from realpolitik.cli.common import err, handles_input_errors, out, parse_date, print_json

    evidence_app = typer.Typer(help="Search and show stored quotes and claims.", no_args_is_help=True)
    app.add_typer(evidence_app, name="evidence")

    @app.command("ingest")
    @handles_input_errors
    def ingest_command(
        paths: Annotated[list[str], typer.Argument(help="Article files or folders; - reads standard input.")],
        db: DbOpt = None,
        rules_only: Annotated[
            bool, typer.Option("--rules-only", help="Do not use the spaCy model even if installed.")
        ] = False,
        as_json: JsonOpt = False,
    ) -> None:
        """Read articles (text, HTML, Markdown), extract quotes and claims, store them."""
        from realpolitik.evidence.pipeline import ingest

        with _open(db, create=True) as store:
            statistical = False if rules_only else None
            progress = Progress(
                TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=err, transient=True, disable=len(paths) == 1 and not os.path.isdir(paths[0]),
            )  # fmt: skip
            with progress:
                task = progress.add_task("ingest", total=None)

                def tick(path: str, done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                report = ingest(paths, store, statistical=statistical, on_file=tick)
            counts = store.counts()
        if as_json:
            print_json({**report.to_dict(), "store": str(store.path), "totals": counts})
        else:
            out.print(
                f"added {len(report.added)} article(s), {len(report.skipped)} already stored, "
                f"{len(report.errors)} error(s); store {store.path} now holds {counts['articles']} "
                f"articles, {counts['quotes']} quotes, {counts['claims']} claims."
            )
        for message in report.errors:
            err.print(Text(f"error: {message}", style="red"))
        if report.errors and not report.added and not report.skipped:
            raise typer.Exit(2)

    @evidence_app.command("search")
    @handles_input_errors
    def search_command(
        query: Annotated[
            list[str] | None,
            typer.Argument(
                help='Words that must all occur (any case or accents); OR, AND, NOT in capitals, "a phrase", '
                "prefix* (FTS5 syntax). An argument with spaces is a phrase."
            ),
        ] = None,
        factor: Annotated[str | None, typer.Option("--factor", help="Only claims with this factor.")] = None,
        actor: Annotated[str | None, typer.Option("--actor", help="Only claims about this actor id.")] = None,
        kind: Annotated[str | None, typer.Option("--kind", help="quote, claim or article.")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
        since: Annotated[
            str | None, typer.Option("--since", help="Only items whose event date is on or after DATE.")
        ] = None,
        until: Annotated[
            str | None, typer.Option("--until", help="Only items whose event date is on or before DATE.")
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="The store as of DATE: nothing reported later.")
        ] = None,
        db: DbOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Full-text search over stored quotes and claims, and over the articles' text."""
        _check_choice("factor", factor, _factors())
        _check_choice("kind", kind, ("quote", "claim", "article"))
        since_day, until_day = parse_date(since, "--since"), parse_date(until, "--until")
        as_of_day = parse_date(as_of, "--as-of")
        with _open(db) as store:
            text = " ".join(_as_phrase(q) for q in query or [])
            hits = store.search(
                text, factor=factor, actor=actor, kind=kind, limit=limit,
                since=since_day, until=until_day, as_of=as_of_day,
            )  # fmt: skip
        if as_json:
            print_json([h.to_dict() for h in hits])
            return
        if not hits:
            out.print("no matching quotes, claims or articles.")
            return
        table = Table(show_lines=False)
        for col in ("id", "kind", "when", "who / about", "factor", "effect", "sources"):
            table.add_column(col, no_wrap=True)
        table.add_column("text", overflow="fold", ratio=1)
        for h in hits:
            who = h.speaker if h.kind == "quote" else (h.title if h.kind == "article" else h.actor)
            when = h.event_date or ""
            table.add_row(
                h.id, h.kind, when, who or "", h.factor or "", h.effect or "", _sources_text(h), Text(h.text)
            )
        out.print(table)
        out.print(
            "sources: independent sources saying the same (near-duplicate copies of one story count once), "
            "then the articles carrying it."
        )

    @evidence_app.command("show")
    @handles_input_errors
    def show_command(
        item_id: Annotated[str, typer.Argument(help="Article id, or a quote/claim id from search.")],
        db: DbOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Show an article with its quotes and claims, or one quote or claim."""
        with _open(db) as store:
            data = store.show(item_id)
        if as_json:
            print_json(data)
        else:
            _render_show(data, out)

    @app.command("draft")
    @handles_input_errors
    def draft_command(
        output: Annotated[Path, typer.Option("-o", "--output", help="Scenario YAML to write.")],
        from_evidence: Annotated[
            list[str] | None,
            typer.Option(
                "--from-evidence",
                help="Search query selecting the claims to draft from (repeatable; default: every claim).",
            ),
        ] = None,
        title: Annotated[str | None, typer.Option("--title", help="Scenario title.")] = None,
        since: Annotated[
            str | None, typer.Option("--since", help="Keep articles dated on or after this day (YYYY-MM-DD).")
        ] = None,
        until: Annotated[
            str | None,
            typer.Option("--until", help="Keep articles dated on or before this day (YYYY-MM-DD)."),
        ] = None,
        db: DbOpt = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    ) -> None:
        """Draft a first model: issues and offers from the terms claims name, stances, and named factors."""
        from realpolitik.evidence.draft import draft_scenario, write_draft

        period = {"since": _day("since", since), "until": _day("until", until)}
        with _open(db) as store:
            draft = draft_scenario(store, from_evidence or [], title=title, **period)
        write_draft(draft, output, force=force)
        offers = f", {len(draft.offers)} offer(s) on {len(draft.issues)} issue(s)" if draft.offers else ""
        out.print(
            f"wrote {output}: {len(draft.actors)} actors, {len(draft.factors)} factors{offers}, "
            f"{len(draft.evidence)} evidence quotes from {len(draft.sources)} source(s); "
            "every number is an ESTIMATE TO FILL."
        )
        if draft.dropped:
            out.print("left out: " + "; ".join(f"{k} ({v})" for k, v in sorted(draft.dropped.items())))


def _day(option: str, value: str | None) -> dt.date | None:
    """An ISO day from a command-line option, or a clear input error."""
    from realpolitik.errors import InputError, field_message

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field_message(f"--{option}", "draft", "a day as YYYY-MM-DD", value)) from None


def _factors() -> tuple[str, ...]:
    from realpolitik.evidence.article import FACTORS

    return FACTORS


def _check_choice(option: str, value: str | None, choices: tuple[str, ...]) -> None:
    from realpolitik.errors import InputError, field_message

    if value is not None and value not in choices:
        raise InputError(field_message(f"--{option}", "evidence search", f"one of {list(choices)}", value))


def _sources_text(h: Any) -> str:
    """``2 (3 art.)``: independent sources, then articles (docs/evidence.md, near-duplicates)."""
    if h.independent is None:
        return ""
    return f"{h.independent} ({h.articles} art.)" if h.articles != h.independent else str(h.independent)


def _render_show(data: dict[str, Any], out: Any) -> None:
    if data.get("kind") == "article":
        out.print(Text(f"{data['id']}  {data.get('title') or '(untitled)'}", style="bold"))
        meta = [data.get("outlet"), data.get("date"), ", ".join(data.get("authors") or []) or None]
        out.print(Text("  " + " · ".join(m for m in meta if m)))
        out.print(Text(f"  from {data.get('origin')}"))
        if data.get("copy_of"):
            out.print(Text(
                f"  near-duplicate of {data['copy_of']} (shingle overlap {data['copy_overlap']:.2f}): "
                "counts as one source with it"
            ))  # fmt: skip
        if data.get("copies"):
            out.print(Text(f"  near-duplicates of it: {', '.join(data['copies'])}"))
        out.print(f"Quotes ({len(data['quotes'])}):")
        for q in data["quotes"]:
            out.print(Text(f"  {q['id']}  “{q['text']}” — {q.get('speaker', '?')}"))
        out.print(f"Claims ({len(data['claims'])}):")
        for c in data["claims"]:
            out.print(
                Text(f"  {c['id']}  [{c.get('actor')}/{c.get('factor')}/{c.get('effect')}] {c['text']}")
            )
        return
    for key in ("id", "kind", "text", "speaker", "actor", "factor", "effect", "start", "end", "title",
                "outlet", "date", "url", "origin"):  # fmt: skip
        if key in data:
            out.print(Text(f"{key:>8}: {data[key]}"))
    backing = data.get("backed_by") or []
    if backing:
        out.print(Text(f" sources: {data['independent']} independent, in {len(backing)} article(s):"))
        for b in backing:
            out.print(Text(f"          {b['article_id']}  {b.get('outlet') or '?'}  {b.get('date') or ''}"
                           f"{'' if b['root'] == b['article_id'] else '  (copy of ' + b['root'] + ')'}"))


def _register() -> None:
    from realpolitik.cli.common import app

    register(app)


_register()


def _as_phrase(arg: str) -> str:
    """A shell argument with spaces and no query syntax is a phrase: ``"economic model"``."""
    if " " in arg.strip() and '"' not in arg and not re.search(r"\b(?:OR|AND|NOT)\b|[()*]", arg):
        return f'"{arg.strip()}"'
    return arg
