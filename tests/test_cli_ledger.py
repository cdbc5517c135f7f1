"""`realpolitik ledger …` and `baserate`: the demo question, tampering, scoring, and exit 2 on bad input."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from tests.conftest import ROOT, SEED_SCENARIO

runner = CliRunner()
REFERENCE = ROOT / "examples" / "reference" / "interstate-wars-1947-1965.csv"
QUESTION = "Russia accepts a ceasefire on the US terms within 12 months of 30 July 2025"
CRITERIA = "Yes if by 30 July 2026 Russia's government accepts a ceasefire on the US terms of July 2025."


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "160", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def add(db: Path, *extra: str, question: str = QUESTION) -> tuple[int, str, str]:
    return run("ledger", "add", question, "--criteria", CRITERIA, "--deadline", "2026-07-30",
               "--date", "2025-07-30", "--db", str(db), *extra)  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    code, out, err = add(path, "--simulate", str(SEED_SCENARIO), "--schedule", "deadline-10-12-day",
                         "--paths", "400", "--seed", "1", "--baseline", "analyst=0.15", "--analyst", "ann",
                         "--reference", str(REFERENCE), "--after", "12", "--within", "12")  # fmt: skip
    assert code == 0, err
    assert "added question 1" in out
    return path


def test_the_seed_question_is_sealed_with_its_command_and_baselines(db: Path) -> None:
    code, out, _ = run("ledger", "show", "1", "--db", str(db), "--json")
    assert code == 0
    q = json.loads(out)
    assert q["criteria"] == CRITERIA
    assert len(q["scenario"]["sha256"]) == 64
    assert "--schedule deadline-10-12-day" in q["command"]
    roles = {f["role"]: f for f in q["forecasts"]}
    assert set(roles) == {"model", "analyst", "baserate"}
    assert 0 <= roles["model"]["interval"][0] <= roles["model"]["p"] <= roles["model"]["interval"][1] <= 1
    assert roles["baserate"]["p"] == pytest.approx(1 / 3, abs=1e-6)  # First Kashmir of 3 wars past a year
    assert "1 of 3" in roles["baserate"]["note"]
    code, out, _ = run("ledger", "verify", "--db", str(db))
    assert code == 0
    assert out.startswith("ok: 1 entries")
    code, out, _ = run("ledger", "show", "1", "--db", str(db))
    assert "(very unlikely)" in out  # the analyst's 15%, in ICD 203 words
    code, out, _ = run("ledger", "show", "1", "--db", str(db), "--scale", "none")
    assert "(very unlikely)" not in out
    assert "15%" in out


def test_adding_the_same_question_again_adds_nothing(db: Path) -> None:
    code, out, _ = add(db, "--simulate", str(SEED_SCENARIO), "--schedule", "deadline-10-12-day",
                       "--paths", "400", "--seed", "1", "--baseline", "analyst=0.15", "--analyst", "ann",
                       "--reference", str(REFERENCE), "--after", "12", "--within", "12")  # fmt: skip
    assert code == 0
    assert "already recorded" in out


def test_verify_names_the_altered_entry_and_exits_2(db: Path, tmp_path: Path) -> None:
    add(db, "--probability", "0.2", question="Second question")
    run(
        "ledger",
        "resolve",
        "1",
        "no",
        "--date",
        "2026-07-30",
        "--source",
        "https://example.org/r",
        "--db",
        str(db),
    )
    export = tmp_path / "l.jsonl"
    assert run("ledger", "export", str(export), "--db", str(db))[0] == 0
    assert run("ledger", "verify", "--file", str(export))[0] == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER ledger_no_update")
        conn.execute(
            "UPDATE ledger_entries SET entry = replace(entry, '\"p\":0.2', '\"p\":0.3') WHERE seq = 2"
        )
    code, _, err = run("ledger", "verify", "--db", str(db))
    assert code == 2
    assert "entry 2 was altered" in err
    code, _, err = run("ledger", "export", str(tmp_path / "again.jsonl"), "--db", str(db))
    assert code == 2
    assert "Not exported" in err
    export.write_bytes(export.read_bytes().replace(b"2026-07-30", b"2026-07-31", 1))
    code, _, err = run("ledger", "verify", "--file", str(export))
    assert code == 2
    assert f"line 1 of {export} was altered" in err


def _snapshot(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT seq, entry FROM ledger_entries ORDER BY seq").fetchall()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "--probability", "1.2"), "probability in [0, 1]"),
        (("add", "--probability", "nan"), "probability in [0, 1]"),
        (("add", "--probability", "-0.1"), "probability in [0, 1]"),
        (("add", "--probability", "0.2", "--deadline", "2025-07-01"), "on or after the forecast date"),
        (("add", "--probability", "0.2", "--baseline", "market=2"), "probability in [0, 1]"),
        (("add", "--probability", "0.2", "--baseline", "oracle=0.5"), "one of ['model'"),
        (("add", "--probability", "0.2", "--deadline", "next year"), "a date YYYY-MM-DD"),
        (
            ("add", "--probability", "0.2", "--reference", str(REFERENCE), "--where", "region=Mars"),
            "no row of the reference class",
        ),
        (("resolve", "7", "yes", "--source", "https://x"), "no ledger entry 7"),
        (("resolve", "1", "maybe", "--source", "https://x"), "yes, no, annulled or unresolvable"),
        (("resolve", "1", "yes", "--source", "nonexistent-evidence-id"), "an evidence id in the store"),
        (("update", "5", "--probability", "0.3"), "no ledger entry 5"),
        (("update", "1", "--probability", "3"), "probability in [0, 1]"),
        (("show", "42"), "no ledger entry 42"),
        (("score", "--by", "planet"), "--by"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(db: Path, args: tuple[str, ...], message: str) -> None:
    before = _snapshot(db)
    if args[0] == "add":
        extra = list(args[1:])
        if "--deadline" in extra:  # replace the default deadline
            i = extra.index("--deadline")
            deadline = extra[i + 1]
            del extra[i : i + 2]
            code, _, err = run("ledger", "add", "Another", "--criteria", "c", "--date", "2025-07-30",
                               "--deadline", deadline, "--db", str(db), *extra)  # fmt: skip
        else:
            code, _, err = add(db, *extra, question="Another")
    else:
        code, _, err = run("ledger", *args, "--db", str(db))
    assert code == 2, err
    assert message in err.replace("\n", " ")
    assert _snapshot(db) == before


def test_resolving_twice_exits_2_and_keeps_the_first_resolution(db: Path) -> None:
    assert (
        run("ledger", "resolve", "1", "no", "--date", "2026-07-30", "--source", "https://a", "--db", str(db))[
            0
        ]
        == 0
    )
    before = _snapshot(db)
    code, _, err = run("ledger", "resolve", "1", "yes", "--source", "https://b", "--db", str(db))
    assert code == 2
    assert "already resolved by entry 2" in err
    assert _snapshot(db) == before
    code, out, _ = run("ledger", "score", "--db", str(db))
    assert code == 0
    assert "nothing is scored or ranked on fewer than 10" in out


def test_due_lists_questions_past_their_deadline(db: Path) -> None:
    add(db, "--probability", "0.5", "--deadline", "2999-01-01", question="Far future")
    code, out, _ = run("ledger", "due", "--db", str(db), "--json")
    assert code == 0
    due = json.loads(out)
    today = dt.datetime.now(dt.UTC).date()
    assert [q["id"] for q in due] == ([1] if today > dt.date(2026, 7, 30) else [])


def test_score_on_a_synthetic_overconfident_ledger(tmp_path: Path) -> None:
    """200 resolved questions through the real store; the text report names the over-confidence."""
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.ledger import Ledger
    from tests.analysis.test_ledger_scores import synthetic_entries

    entries, _ = synthetic_entries(200)
    path = tmp_path / "synthetic.jsonl"
    from realpolitik.ledger import canonical

    path.write_text("".join(canonical(e).decode() + "\n" for e in entries), encoding="utf-8")
    db = tmp_path / "s.sqlite3"
    with EvidenceStore(db) as store:
        assert Ledger(store.conn).import_lines(path) == 400
    code, out, _ = run("ledger", "score", "--db", str(db))
    assert code == 0
    assert "model:sharp: over-confident" in out
    assert "analyst:ann: calibrated" in out
    assert "reliability diagram of model:sharp" in out
    code, out, _ = run("ledger", "score", "--db", str(db), "--json")
    group = json.loads(out)["groups"][0]
    sharp = next(f for f in group["forecasters"] if f["forecaster"] == "model:sharp")
    assert sharp["murphy"]["reliability"] > sharp["reliability_p95"]


def test_baserate_with_the_model_beside_it() -> None:
    code, out, _ = run("baserate", str(REFERENCE), "--model", "0.09")
    assert code == 0
    assert "outcome = yes in 3 of 8 comparable cases = 38% (unlikely)" in out
    assert "The model says 9% (very unlikely), comparable cases 38% (unlikely)" in out
    code, out, _ = run("baserate", str(REFERENCE), "--after", "12", "--within", "12", "--json")
    data = json.loads(out)
    assert (data["events"], data["n"]) == (1, 3)
    assert data["cases"] == ["First Kashmir", "Korean", "Vietnam"]
    code, out, _ = run("baserate", str(REFERENCE), "--where", "region=South Asia")
    assert "2 of 2" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--where", "region=Atlantis"), "no row of the reference class"),
        (("--where", "colour=red"), "a column among"),
        (("--after", "600", "--within", "12"), "nothing to count"),
        (("--model", "1.5"), "probability in [0, 1]"),
    ],
)
def test_baserate_bad_input_exits_2(args: tuple[str, ...], message: str) -> None:
    code, _, err = run("baserate", str(REFERENCE), *args)
    assert code == 2
    assert message in err.replace("\n", " ")


def test_categorical_and_numeric_questions_are_scored(tmp_path: Path) -> None:
    """Ten of each, resolved; the CRPS and categorical Brier shown equal the engine's on the same numbers."""
    from realpolitik.engines import scoring as sc

    db = tmp_path / "s.sqlite3"
    briers, crps = [], []
    for i in range(10):
        p = 0.5 + i / 40
        code, _, err = run("ledger", "add", f"who wins {i}?", "--criteria", "c", "--date", "2025-01-01",
                           "--deadline", "2025-06-01", "--prob", f"a={p}", "--prob", f"b={1 - p}",
                           "--db", str(db))  # fmt: skip
        assert code == 0, err
        assert run("ledger", "resolve", str(2 * i + 1), "a" if i % 3 else "b", "--date", "2025-06-01",
                   "--source", "https://x", "--db", str(db))[0] == 0  # fmt: skip
        briers.append(float(sc.brier_categorical([[p, 1 - p]], [0 if i % 3 else 1])[0]))
    for i in range(10):
        code, _, err = run("ledger", "add", f"how many {i}?", "--criteria", "c", "--date", "2025-01-01",
                           "--deadline", "2025-06-01", "--quantile", "0.1=2", "--quantile", "0.5=5",
                           "--quantile", "0.9=9", "--unit", "deaths", "--db", str(db))  # fmt: skip
        assert code == 0, err
        assert run("ledger", "resolve", str(21 + 2 * i), str(i), "--date", "2025-06-01",
                   "--source", "https://x", "--db", str(db))[0] == 0  # fmt: skip
        crps.append(float(sc.crps_quantiles([0.1, 0.5, 0.9], [[2, 5, 9]], [i])[0]))
    code, out, _ = run("ledger", "score", "--db", str(db), "--json")
    assert code == 0
    (f,) = json.loads(out)["groups"][0]["forecasters"]
    assert f["by_type"] == {"categorical": 10, "numeric": 10}
    assert f["means"]["categorical.brier"] == pytest.approx(np.mean(briers))
    assert f["means"]["numeric.crps"] == pytest.approx(np.mean(crps))
    assert run("ledger", "verify", "--db", str(db))[0] == 0
    code, _, err = run("ledger", "add", "q", "--criteria", "c", "--deadline", "2030-01-01", "--quantile", "x=1",
                       "--db", str(db))  # fmt: skip
    assert code == 2
    assert "--quantile" in err


def test_resolution_seals_a_copy_of_the_stored_evidence(tmp_path: Path) -> None:
    from realpolitik.evidence.store import EvidenceStore
    from tests.faces import make_store

    db = make_store(tmp_path)
    with EvidenceStore(db) as store:
        hit = store.search("")[0]
    assert add(db, "--probability", "0.4")[0] == 0
    code, _, err = run(
        "ledger", "resolve", "1", "yes", "--date", "2026-01-01", "--source", hit.id, "--db", str(db)
    )
    assert code == 0, err
    code, out, _ = run("ledger", "show", "1", "--db", str(db), "--json")
    resolution = json.loads(out)["resolution"]
    assert resolution["source"] == hit.id
    assert resolution["evidence"]["text"] == hit.text
    assert resolution["evidence"]["id"] == hit.id


def test_updates_of_each_kind_and_their_refusals(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    common = ("--criteria", "c", "--date", "2025-01-01", "--deadline", "2025-12-31", "--db", str(db))
    assert run("ledger", "add", "yes/no?", "--probability", "0.2", *common)[0] == 0
    assert run("ledger", "add", "which?", "--prob", "a=0.5", "--prob", "b=0.5", *common)[0] == 0
    assert run("ledger", "add", "how many?", "--quantile", "0.5=3", *common)[0] == 0
    upd = ("--date", "2025-03-01", "--db", str(db))
    assert run("ledger", "update", "1", "--probability", "0.35", *upd)[0] == 0
    assert run("ledger", "update", "2", "--prob", "a=0.8", "--prob", "b=0.2", *upd)[0] == 0
    assert run("ledger", "update", "3", "--quantile", "0.5=4", *upd)[0] == 0
    before = _snapshot(db)
    for args, message in (
        (("1",), "exactly one of"),
        (("2", "--probability", "0.3"), "outcome probabilities"),
        (("2", "--prob", "a=0.8", "--prob", "c=0.2"), "one per outcome"),
        (("1", "--probability", "0.3", "--date", "2024-12-01"), "before question 1 was opened"),
    ):
        code, _, err = run("ledger", "update", *args, "--db", str(db))
        assert code == 2, args
        assert message in err.replace("\n", " "), err
    assert _snapshot(db) == before
    code, out, _ = run("ledger", "show", "2", "--db", str(db), "--json")
    assert [f["probs"]["a"] for f in json.loads(out)["forecasts"]] == [0.5, 0.8]
