"""Ledger commands: ``ledger add|update|list|show|resolve|due|verify|export|import|score`` and ``baserate``.

The ledger lives in the evidence store (``--db``, else ``$REALPOLITIK_DB``,
else the user data directory). Every write is one append; a command that
fails on bad input exits with code 2 and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from realpolitik.cli.common import JsonOpt, app, err, handles_input_errors, out, print_json
from realpolitik.errors import InputError, LedgerError, field_message

if TYPE_CHECKING:
    from realpolitik.analysis.estimative import Scale
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.ledger.store import Ledger

ledger_app = typer.Typer(
    help="A sealed ledger of forecasts: register questions, resolve them, score the record.",
    no_args_is_help=True,
)
app.add_typer(ledger_app, name="ledger")

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Store (SQLite file). Default: $REALPOLITIK_DB, else the user data dir."),
]
ScaleOpt = Annotated[
    str | None,
    typer.Option("--scale", help="Estimative words: 'icd203' (default), 'none', or a YAML/JSON scale file."),
]
DateOpt = Annotated[str | None, typer.Option("--date", help="Date YYYY-MM-DD (default: today, UTC).")]


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _scale(scale: str | None) -> Scale | None:
    from realpolitik.analysis.estimative import ICD_203, load_scale

    if scale is None or scale.lower() == "icd203":
        return ICD_203
    return None if scale.lower() == "none" else load_scale(scale)


def _open(db: str | None, *, create: bool = False) -> EvidenceStore:
    from realpolitik.cli.common import open_store

    return open_store(db, create=create, first="add a question first ('realpolitik ledger add')")


def _ledger(store: EvidenceStore) -> Ledger:
    from realpolitik.ledger.store import Ledger

    return Ledger(store.conn, str(store.path))


def _pairs(items: list[str] | None, option: str, *, numeric: bool = True) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for item in items or []:
        k, sep, v = item.partition("=")
        if not sep or not k.strip():
            raise InputError(field_message(option, "the command line", "KEY=VALUE", item))
        if numeric:
            try:
                parsed[k.strip()] = float(v)
            except ValueError:
                raise InputError(field_message(option, "the command line", "KEY=NUMBER", item)) from None
        else:
            parsed[k.strip()] = v.strip()
    return parsed


def _levels(pairs: dict[str, Any]) -> dict[float, float]:
    """``--quantile LEVEL=VALUE`` pairs with numeric levels."""
    try:
        return {float(k): v for k, v in pairs.items()}
    except ValueError:
        bad = next(k for k in pairs if not k.replace(".", "", 1).isdigit())
        raise InputError(
            field_message("--quantile", "the command line", "LEVEL=VALUE, LEVEL in (0, 1)", bad)
        ) from None


def _interval(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lo, hi = (float(x) for x in text.split(","))
    except ValueError:
        raise InputError(field_message("--interval", "the command line", "LOW,HIGH", text)) from None
    return lo, hi


def _file_sha256(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError(f"cannot read the scenario {path!r} ({exc}).") from None


def _simulated(
    scenario: str, schedule: str, step: int, paths: int, seed: int
) -> tuple[float, float, float, str]:
    """P(settled by ``step``) under ``schedule`` from ``simulate``, its Wilson interval and the command."""
    from realpolitik.analysis.dynamics import simulate
    from realpolitik.cli.common import read_scenario

    s = read_scenario(scenario)
    if schedule != "baseline" and schedule not in s.schedules:
        raise InputError(field_message("--schedule", scenario, f"one of {sorted(s.schedules)}", schedule))
    horizon = max(step, s.dynamics.steps if s.dynamics is not None else step)
    res = simulate(s, [schedule], steps=horizon, paths=paths, checkpoints=(step,), rng=seed)
    p, lo, hi = res.outcomes[schedule].p_settled_by(step)
    command = shlex.join(
        [
            "realpolitik",
            "simulate",
            scenario,
            "--schedule",
            schedule,
            "--horizon",
            str(horizon),
            "--paths",
            str(paths),
            "--seed",
            str(seed),
        ]
    )
    return p, lo, hi, f"{command}  # P(settled by step {step})"


@ledger_app.command("add")
@handles_input_errors
def add_command(
    question: Annotated[str, typer.Argument(help="The question, as a reader will see it.")],
    criteria: Annotated[str, typer.Option("--criteria", help="What counts as yes, written out.")],
    deadline: Annotated[str, typer.Option("--deadline", help="Deadline YYYY-MM-DD.")],
    decided_by: Annotated[str | None, typer.Option("--decided-by", help="The source that decides.")] = None,
    date: DateOpt = None,
    probability: Annotated[
        float | None, typer.Option("--probability", help="The forecast probability.")
    ] = None,
    interval: Annotated[str | None, typer.Option("--interval", help="Its interval LOW,HIGH.")] = None,
    simulate: Annotated[
        str | None,
        typer.Option("--simulate", help="Take P(settled by --step) from 'simulate' on this scenario."),
    ] = None,
    schedule: Annotated[str, typer.Option("--schedule", help="Lever schedule for --simulate.")] = "baseline",
    step: Annotated[int, typer.Option("--step", min=1, help="Steps (months) for --simulate.")] = 12,
    paths: Annotated[int, typer.Option("--paths", min=100, help="Paths for --simulate.")] = 4000,
    seed: Annotated[int, typer.Option("--seed", help="Seed for --simulate.")] = 0,
    probs: Annotated[
        list[str] | None, typer.Option("--prob", help="Categorical: OUTCOME=P (repeatable).")
    ] = None,
    quantiles: Annotated[
        list[str] | None, typer.Option("--quantile", help="Numeric: LEVEL=VALUE (repeatable).")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit of a numeric question.")] = None,
    role: Annotated[str, typer.Option("--role", help="Who made the forecast: model or analyst.")] = "model",
    name: Annotated[str | None, typer.Option("--name", help="Model or analyst name.")] = None,
    analyst: Annotated[str | None, typer.Option("--analyst", help="Who registers the question.")] = None,
    baseline: Annotated[
        list[str] | None,
        typer.Option("--baseline", help="ROLE=P for analyst, baserate, market or crowd (repeatable)."),
    ] = None,
    baseline_note: Annotated[
        list[str] | None, typer.Option("--baseline-note", help="ROLE=TEXT: where a baseline comes from.")
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option("--reference", help="Reference-class CSV: adds its base rate as the baserate baseline."),
    ] = None,
    where: Annotated[list[str] | None, typer.Option("--where", help="COLUMN=VALUE for --reference.")] = None,
    after: Annotated[
        float | None, typer.Option("--after", help="--reference: months already fought.")
    ] = None,
    within: Annotated[
        float | None, typer.Option("--within", help="--reference: ended within N months.")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeatable).")] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Scenario the probability came from.")
    ] = None,
    command: Annotated[str | None, typer.Option("--command", help="Command that produced it.")] = None,
    run_id: Annotated[str | None, typer.Option("--run-id", help="Saved run that produced it.")] = None,
    db: DbOpt = None,
    scale: ScaleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Register a question with its resolution criteria, deadline and sealed forecasts."""
    from realpolitik.ledger.entry import forecast_record, parse_date, question_body

    opened = parse_date(date, "--date") if date else _today()
    end = parse_date(deadline, "--deadline")
    categorical = _pairs(probs, "--prob")
    numeric = _levels(_pairs(quantiles, "--quantile"))
    qtype = "categorical" if categorical else "numeric" if numeric else "binary"
    main: dict[str, Any] = {}
    ci = _interval(interval)
    if simulate is not None:
        p, lo, hi, command = _simulated(simulate, schedule, step, paths, seed)
        main, ci, scenario = {"p": round(p, 6)}, (round(lo, 6), round(hi, 6)), simulate
        name = name or f"simulate:{schedule}"
    elif qtype == "binary":
        if probability is None:
            raise InputError(
                "'ledger add' needs the forecast: --probability P, --simulate SCENARIO, "
                "--prob OUTCOME=P (categorical) or --quantile LEVEL=VALUE (numeric)."
            )
        main = {"p": probability}
    else:
        main = {"probs": categorical} if categorical else {"quantiles": numeric}
    forecasts = [forecast_record(role, name or role, opened, interval=ci, **main)]
    notes = _pairs(baseline_note, "--baseline-note", numeric=False)
    for b_role, b_p in _pairs(baseline, "--baseline").items():
        b_name = analyst if b_role == "analyst" and analyst else b_role
        forecasts.append(forecast_record(b_role, b_name, opened, p=b_p, note=notes.get(b_role)))
    if reference is not None:
        forecasts.append(_reference_baseline(reference, where, after, within, opened))
    body = question_body(
        question,
        criteria,
        opened=opened,
        deadline=end,
        forecasts=forecasts,
        qtype=qtype,
        outcomes=list(categorical),
        unit=unit,
        decided_by=decided_by,
        tags=tag or [],
        analyst=analyst,
        scenario={"path": scenario, "sha256": _file_sha256(scenario)}
        if scenario and scenario != "-"
        else None,
        command=command,
        run_id=run_id,
    )
    with _open(db, create=True) as store:
        entry, new = _ledger(store).add_question(body)
    if as_json:
        print_json({"added": new, **entry})
        return
    verb = "added" if new else "already recorded: nothing added;"
    out.print(Text(f"{verb} question {entry['seq']} (hash {entry['hash'][:16]}…) to {store.path}"))
    _print_forecasts(entry["body"]["forecasts"], _scale(scale))
    roles = {f["role"]: f for f in entry["body"]["forecasts"] if "p" in f}
    if "model" in roles and "baserate" in roles:
        from realpolitik.analysis.baserate import divergence

        b = roles["baserate"]
        low, high = b.get("interval", (b["p"], b["p"]))
        out.print(Text(divergence(roles["model"]["p"], b["p"], low, high, _scale(scale))))
    if end < _today():
        err.print(
            Text(
                f"note: its deadline {end} has passed: a forecast recorded after the fact shows no "
                "foresight.",
                style="yellow",
            )
        )


def _reference_baseline(
    reference: str, where: list[str] | None, after: float | None, within: float | None, opened: dt.date
) -> dict[str, Any]:
    from realpolitik.analysis.baserate import base_rate, read_reference
    from realpolitik.ledger.entry import forecast_record

    rate = base_rate(
        read_reference(reference), _pairs(where, "--where", numeric=False), within=within, after=after or 0.0
    )
    note = f"{reference}: {rate.question}, {rate.events} of {rate.n} comparable cases" + (
        f" ({', '.join(f'{k}={v}' for k, v in rate.where.items())})" if rate.where else ""
    )
    return forecast_record(
        "baserate",
        "baserate",
        opened,
        p=round(rate.rate, 6),
        interval=(round(rate.low, 6), round(rate.high, 6)),
        note=note,
    )


def _print_forecasts(forecasts: list[dict[str, Any]], scale: Scale | None) -> None:
    from realpolitik.analysis.estimative import describe

    for f in forecasts:
        if "p" in f:
            what = describe(f["p"], scale)
            if "interval" in f:
                what += f", interval {100 * f['interval'][0]:.0f}–{100 * f['interval'][1]:.0f}%"
        elif "probs" in f:
            what = ", ".join(f"{k} {describe(v, scale)}" for k, v in f["probs"].items())
        else:
            what = ", ".join(
                f"q{100 * t:g}={v:g}"
                for t, v in zip(f["quantiles"]["levels"], f["quantiles"]["values"], strict=True)
            )
        note = f"  [{f['note']}]" if f.get("note") else ""
        who = f"{f['role']}:{f['name']}"
        out.print(Text(f"  {who:<36} {f['date']}  {what}{note}"))


@ledger_app.command("update")
@handles_input_errors
def update_command(
    question: Annotated[int, typer.Argument(help="Question id.")],
    probability: Annotated[
        float | None, typer.Option("--probability", help="The new probability (yes/no question).")
    ] = None,
    probs: Annotated[
        list[str] | None, typer.Option("--prob", help="Categorical: OUTCOME=P (repeatable).")
    ] = None,
    quantiles: Annotated[
        list[str] | None, typer.Option("--quantile", help="Numeric: LEVEL=VALUE (repeatable).")
    ] = None,
    role: Annotated[str, typer.Option("--role", help="model, analyst, baserate, market or crowd.")] = "model",
    name: Annotated[str | None, typer.Option("--name", help="Forecaster name (as when added).")] = None,
    interval: Annotated[str | None, typer.Option("--interval", help="Its interval LOW,HIGH.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why it changed.")] = None,
    date: DateOpt = None,
    db: DbOpt = None,
    scale: ScaleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a new forecast on an open question; the old one stays scored for the time it stood."""
    from realpolitik.ledger.entry import forecast_record, parse_date

    when = parse_date(date, "--date") if date else _today()
    with _open(db) as store:
        ledger = _ledger(store)
        if name is None:  # the forecaster of this role already on the question, if there is one
            old = [f for f in ledger.question(question)["body"]["forecasts"] if f["role"] == role]
            name = old[0]["name"] if old else role
        categorical, numeric = _pairs(probs, "--prob"), _levels(_pairs(quantiles, "--quantile"))
        f = forecast_record(
            role, name, when, p=probability, probs=categorical or None, quantiles=numeric or None,
            interval=_interval(interval), note=note,
        )  # fmt: skip
        entry = ledger.add_forecast(question, [f])
    if as_json:
        print_json(entry)
        return
    out.print(
        Text(
            f"recorded entry {entry['seq']}: update of question {question} "
            f"(supersedes entry {entry['body']['updates']})"
        )
    )
    _print_forecasts(entry["body"]["forecasts"], _scale(scale))


@ledger_app.command("resolve")
@handles_input_errors
def resolve_command(
    question: Annotated[int, typer.Argument(help="Question id.")],
    outcome: Annotated[
        str, typer.Argument(help="yes|no, an outcome label, a number, annulled or unresolvable.")
    ],
    source: Annotated[
        str | None, typer.Option("--source", help="Evidence id in the store, or a URL.")
    ] = None,
    date: DateOpt = None,
    note: Annotated[str | None, typer.Option("--note", help="Why it resolved this way.")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Resolve a question (once): the outcome, its date and the evidence that decides it."""
    from realpolitik.ledger.entry import parse_date

    when = parse_date(date, "--date") if date else _today()
    with _open(db) as store:
        evidence = _evidence(store, source)
        entry = _ledger(store).resolve(
            question, outcome, date=when, source=source, evidence=evidence, note=note
        )
    if as_json:
        print_json(entry)
        return
    b = entry["body"]
    out.print(
        Text(
            f"recorded entry {entry['seq']}: question {question} {b['status']}"
            + (f", outcome {b['outcome']!r}" if b["status"] == "resolved" else "")
            + f" on {b['date']}"
            + (f" (source {source})" if source else "")
        )
    )


def _evidence(store: EvidenceStore, source: str | None) -> dict[str, Any] | None:
    """A copy of the stored quote, claim or article a resolution cites, sealed with it."""
    if source is None or source.startswith(("http://", "https://")):
        return None
    try:
        item = store.show(source)
    except InputError:
        raise LedgerError(
            field_message(
                "--source",
                "the resolution",
                "an evidence id in the store ('realpolitik evidence search') or an http(s) URL",
                source,
            )
        ) from None
    keep = ("id", "kind", "text", "speaker", "title", "outlet", "date", "url")
    return {k: item[k] for k in keep if item.get(k) is not None and k != "text"} | (
        {"text": str(item["text"])[:2000]} if item.get("kind") != "article" and item.get("text") else {}
    )


@ledger_app.command("verify")
@handles_input_errors
def verify_command(
    file: Annotated[
        Path | None, typer.Option("--file", help="Verify an exported JSON-lines file instead.")
    ] = None,
    head: Annotated[
        str | None, typer.Option("--head", help="The last entry's hash, as published earlier.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Recompute the hash chain; name the first altered, removed or unlinked entry (exit 2 if any)."""
    from realpolitik.ledger.chain import verify_texts
    from realpolitik.ledger.store import read_lines

    if file is not None:
        result = verify_texts(
            ((f"line {i} of {file}", t) for i, t in enumerate(read_lines(file), 1)), head=head
        )
        where = str(file)
    else:
        with _open(db) as store:
            result = _ledger(store).verify(head=head)
            where = str(store.path)
    if as_json:
        print_json({"source": where, **result.to_dict()})
    elif result.ok:
        out.print(Text(f"ok: {result.entries} entries in {where} are intact and chained; head {result.head}"))
    if not result.ok:
        err.print(
            Text(f"error: {result.message} ({result.entries} entries before it are intact)", style="red")
        )
        raise typer.Exit(2)


@ledger_app.command("export")
@handles_input_errors
def export_command(
    file: Annotated[Path, typer.Argument(help="JSON-lines file to write (one sealed entry per line).")],
    db: DbOpt = None,
) -> None:
    """Write the ledger as JSON lines that anyone can verify ('ledger verify --file')."""
    with _open(db) as store:
        ledger = _ledger(store)
        check = ledger.verify()
        if not check.ok:
            raise LedgerError(f"{check.message} Not exported: repair or restore the store first.")
        n = ledger.export(file)
    out.print(Text(f"wrote {n} entries to {file}; head {check.head}"))


@ledger_app.command("import")
@handles_input_errors
def import_command(
    file: Annotated[Path, typer.Argument(help="JSON-lines file from 'ledger export'.")],
    db: DbOpt = None,
) -> None:
    """Append the entries of a verified export that extends this ledger (never rewrites it)."""
    with _open(db, create=True) as store:
        n = _ledger(store).import_lines(file)
    out.print(Text(f"imported {n} new entries from {file} into {store.path}"))
