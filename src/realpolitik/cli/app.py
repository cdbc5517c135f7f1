"""The console-script entry point."""

from __future__ import annotations

import os
import sys

from realpolitik.cli.common import app, out

PIPE_WIDTH = 120
"""Width of tables written to a pipe or file; terminals use their own width."""


def main() -> None:
    """Console-script entry point."""
    # Rich falls back to 80 columns off a terminal, which crushes wide tables in
    # files and pipes; honour COLUMNS when given, else use a width that fits them.
    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        out.width = PIPE_WIDTH
    app()
