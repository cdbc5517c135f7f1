"""``diff``: what changed between two versions of a scenario, and how much each change moved the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from realpolitik.cli.common import (
    ActorOpt,
    JsonOpt,
    OfferOpt,
    app,
    err,
    handles_input_errors,
    open_store,
    out,
    print_json,
)
from realpolitik.errors import InputError


def _is_run(ref: str) -> bool:
    return ref.removeprefix("run-").isdigit() and not Path(ref).exists()


def _value(v: float | str | None) -> str:
    return "absent" if v is None else (f"{v:.4g}" if isinstance(v, float) else v)


@app.command("diff")
@handles_input_errors
def diff_command(
    first: Annotated[
        str, typer.Argument(help="Run id (from `run list`) or scenario file: the earlier version.")
    ],
    second: Annotated[
        str | None, typer.Argument(help="Run id or scenario file: the later version (omit with --rev).")
    ] = None,
    rev: Annotated[
        str | None, typer.Option("--rev", help="Compare FIRST as committed at revision REV with FIRST now.")
    ] = None,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Store holding the runs (default: the user store).")
    ] = None,
    report: Annotated[
        str | None, typer.Option("--report", help="Also write an HTML page with a waterfall of the change.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed between two runs or scenario files, attributed exactly to each changed input."""
    from realpolitik.analysis.decision import default_offer
    from realpolitik.cli.common import known_actor
    from realpolitik.history.diff import diff, version_at_revision, version_from_file, version_from_run

    if (second is None) == (rev is None):
        raise InputError("give two versions (RUN or FILE, twice), or one scenario FILE with --rev REVISION.")

    def version(ref: str):  # type: ignore[no-untyped-def]
        if not _is_run(ref):
            return version_from_file(ref)
        with open_store(db, first="save a run first (`realpolitik run save SCENARIO`)") as store:
            return version_from_run(store, ref)

    if rev is not None:
        before, after = version_at_revision(first, rev), version_from_file(first)
    else:
        assert second is not None
        before, after = version(first), version(second)
    actor = known_actor(after.scenario, actor)
    res = diff(before, after, actor, offer or default_offer(after.scenario, actor, "--offer"))
    if report is not None:
        from realpolitik.report.render import write_diff_report

        page = write_diff_report(res, after.scenario.actors[actor].name, report)
        err.print(f"diff report written to {page.resolve()}")
    if as_json:
        print_json(res.to_dict())
        return
    c = res.change
    name = after.scenario.actors[actor].name
    out.print(Text(f"{res.before} → {res.after}: {name} on '{c.offer}'"))
    out.print(
        Text(
            f"  decision {c.before.decision} → {c.after.decision}; margin {c.before.margin:+.4f} → "
            f"{c.after.margin:+.4f} ({c.change:+.4f}); P(accept) at the central estimates "
            f"{c.before.p_accept:.3f} → {c.after.p_accept:.3f}"
        )
    )
    if res.p_accept_before is not None and res.p_accept_after is not None:
        moved = f"{res.p_accept_before:.3f} → {res.p_accept_after:.3f}"
        out.print(Text(f"  P(accept) over the uncertainty (saved runs) {moved}"))
    if not c.changes:
        out.print("  nothing that enters this decision changed.")
        return
    table = Table(title="What moved the margin (shares sum to the change)", title_justify="left")
    for col in ("rank", "share", "input", "before → after", "evidence"):
        table.add_column(col, justify="right" if col in ("rank", "share") else "left")
    for i, ch in enumerate(c.ranked(), 1):
        ev = [f"+{e['id']}" for e in res.evidence_added.get(ch.id, [])]
        ev += [f"−{e['id']}" for e in res.evidence_removed.get(ch.id, [])]
        table.add_row(
            str(i), Text(f"{ch.contribution:+.4f}", style="green" if ch.contribution >= 0 else "red"),
            f"{ch.kind}: {ch.name}", f"{_value(ch.before)} → {_value(ch.after)}", " ".join(ev),
        )  # fmt: skip
    out.print(table)
    total = sum(ch.contribution for ch in c.changes)
    out.print(Text(f"  sum of shares {total:+.4f} = change of margin {c.change:+.4f}"))
    for title, delta in (("evidence added", res.evidence_added), ("evidence removed", res.evidence_removed)):
        for fid, items in delta.items():
            for e in items:
                who = f" — {e['speaker']}" if e["speaker"] else ""
                out.print(Text(f"  {title} for {fid}: [{e['id']}] “{e['quote']}”{who} ({e['source']})"))
