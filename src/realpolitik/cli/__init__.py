"""The ``realpolitik`` command line: parse, call the library, render.

Exit codes: 0 success, 1 an unexpected failure, 2 invalid input (the message on
standard error names the file, line or field). Results go to standard output,
messages to standard error; ``--json`` gives stable machine-readable output.

One module per command group; importing a module registers its commands on the
shared :data:`~realpolitik.cli.common.app` (the order here is the order of
``--help``). Commands import the heavy libraries they need when they run.
"""

# isort: skip_file
from __future__ import annotations

# Import order is the order of `--help`: scenario first, evidence last.
from realpolitik.cli import scenario as _scenario  # noqa: F401  (validate, schema, why)
from realpolitik.cli import compare as _compare  # noqa: F401  (compare)
from realpolitik.cli import levers as _levers  # noqa: F401  (levers, sensitivity)
from realpolitik.cli import signposts as _signposts  # noqa: F401  (signposts)
from realpolitik.cli import hypotheses as _hypotheses  # noqa: F401  (hypotheses)
from realpolitik.cli import deals as _deals  # noqa: F401  (deals)
from realpolitik.cli import simulate as _simulate  # noqa: F401  (simulate)
from realpolitik.cli import forecast as _forecast  # noqa: F401  (forecast, backtest)
from realpolitik.cli import faces as _faces  # noqa: F401  (report, serve)
from realpolitik.cli import runs as _runs  # noqa: F401  (run save|list|show)
from realpolitik.cli import diff as _diff  # noqa: F401  (diff)
from realpolitik.cli import watch as _watch  # noqa: F401  (watch)
from realpolitik.cli import evidence as _evidence  # noqa: F401  (ingest, evidence, draft)
from realpolitik.cli import ledger as _ledger  # noqa: F401  (ledger add|update|resolve|verify|export|import)
from realpolitik.cli import ledger_read as _ledger_read  # noqa: F401  (ledger list|show|due|score)
from realpolitik.cli import baserate as _baserate  # noqa: F401  (baserate)
from realpolitik.cli.app import main
from realpolitik.cli.common import app

__all__ = ["app", "main"]
